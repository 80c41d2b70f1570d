import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { discoverProject, findProjects, type Project } from '../../core/project';
import { validateProject } from '../../core/validate';
import { loadProjectIndex, validatePaths, validateProjectFiles } from '../../core/validate/paths';
import { generateProject } from '../../bench/genproject';

const ROOT = resolve(__dirname, '../..');
const S = 'xmlns="http://ws.apache.org/ns/synapse"';

/** Findings of every file as `validateProject` over a whole index gives them: file -> "code@start-end message". */
function wholeIndex(p: Project): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [file, list] of validateProject(loadProjectIndex(p), {
    layout: p.layout,
    resourceDirs: p.resourceDirs,
  }))
    out.set(
      file,
      list.map((f) => `${f.code}@${f.span.start}-${f.span.end} ${f.message}`),
    );
  return out;
}

/** The same, one file at a time against an index of artifact names. */
function oneAtATime(p: Project): Map<string, string[]> {
  const out = new Map<string, string[]>();
  validateProjectFiles(p, { layout: p.layout, resourceDirs: p.resourceDirs }, (model, list) =>
    out.set(
      model.path,
      list.map((f) => `${f.code}@${f.span.start}-${f.span.end} ${f.message}`),
    ),
  );
  return out;
}

function projectsUnder(dir: string): Project[] {
  const out: Project[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...findProjects(p));
  }
  return out;
}

describe('validation one file at a time (core/validate/paths.ts validateProjectFiles)', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'validate-files-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('gives the findings of a whole-index validation, in the same order (fixtures, examples, corpus, a generated project)', () => {
    const g = generateProject(join(tmp, 'generated'), 120);
    const projects = [
      ...projectsUnder(join(ROOT, 'test/fixtures')),
      ...projectsUnder(join(ROOT, 'test/fixtures/runtime')),
      ...projectsUnder(join(ROOT, 'test/fixtures/deploy')),
      ...projectsUnder(join(ROOT, 'examples')),
      ...findProjects('/work/shared/corpus'),
      discoverProject(g.root),
    ];
    let files = 0;
    let findings = 0;
    for (const p of projects) {
      const a = wholeIndex(p);
      const b = oneAtATime(p);
      assert.deepEqual([...b.keys()], [...a.keys()], p.root);
      for (const [file, list] of a) assert.deepEqual(b.get(file), list, file);
      files += a.size;
      for (const list of a.values()) findings += list.length;
    }
    // the comparison covered real ground: many files, and findings of many kinds
    assert.ok(files > 250, `${files} files`);
    assert.ok(findings > 50, `${findings} findings`);
  });

  it('resolves references, duplicate names and template parameters across files whose bodies are broken', () => {
    const dir = join(tmp, 'refs');
    const art = (kind: string, name: string, text: string) => {
      mkdirSync(join(dir, 'src/main/wso2mi/artifacts', kind), { recursive: true });
      writeFileSync(join(dir, 'src/main/wso2mi/artifacts', kind, `${name}.xml`), text);
    };
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'pom.xml'),
      '<project><artifactId>refs</artifactId><version>1.0.0</version></project>',
    );
    // a plain head and a broken body: still the sequence named Target for the others
    art('sequences', 'Target', `<sequence ${S} name="Target">\n  <log>\n</sequence>\n`);
    // the same name twice (SYN201 on both), one of them named through an entity
    art('sequences', 'Twice', `<sequence ${S} name="Tw&#105;ce"><log/></sequence>`);
    art('sequences', 'Twice2', `<sequence ${S} name="Twice"><drop/></sequence>`);
    // a head the scan does not take (a DOCTYPE): the full parse decides
    art('sequences', 'Doc', `<!DOCTYPE x><sequence ${S} name="Doc"/>`);
    // a template with a mandatory parameter, called without it and with an unknown one
    art(
      'templates',
      'Tpl',
      `<template ${S} name="Tpl"><parameter name="a" isMandatory="true"/><sequence><log/></sequence></template>`,
    );
    art('local-entries', 'Entry', `<localEntry ${S} key="Entry">text</localEntry>`);
    art(
      'sequences',
      'Caller',
      `<sequence ${S} name="Caller"><sequence key="Target"/><sequence key="Missing"/><sequence key="Twice"/>` +
        `<call-template target="Tpl"><with-param name="b" value="1"/></call-template>` +
        `<xslt key="Entry"/><sequence key="Doc"/></sequence>`,
    );
    const p = discoverProject(dir);
    const a = wholeIndex(p);
    const b = oneAtATime(p);
    assert.deepEqual(b, a);
    const caller = [...b.entries()].find(([f]) => f.endsWith('Caller.xml'))![1].join('\n');
    assert.match(caller, /SYN200@\d+-\d+ No sequence named 'Missing'/);
    assert.doesNotMatch(caller, /'Target'|'Doc'|'Entry'|'Twice'/);
    assert.match(caller, /SYN504@\d+-\d+ Template 'Tpl' has no parameter 'b'/);
    assert.match(caller, /SYN504@\d+-\d+ Template 'Tpl' needs the mandatory parameter 'a'/);
    const twice = [...b.entries()].filter(([f]) => /Twice2?\.xml$/.test(f));
    assert.equal(twice.length, 2);
    for (const [, list] of twice)
      assert.ok(
        list.some((l) => l.startsWith('SYN201@')),
        list.join('\n'),
      );

    // validatePaths reports the same, sorted, and validates a file of a project against the whole project
    const all = validatePaths([dir], dir).findings;
    assert.ok(all.some((f) => f.code === 'XML_MISSING_END_TAG' && f.file.endsWith('Target.xml')));
    const one = validatePaths([join(dir, 'src/main/wso2mi/artifacts/sequences/Caller.xml')], dir);
    assert.equal(one.fileCount, 1);
    assert.deepEqual(
      one.findings,
      all.filter((f) => f.file.endsWith('Caller.xml')),
    );
  });

  it('reads a large file whole only when it is a Synapse configuration (bare folder)', () => {
    const dir = join(tmp, 'large');
    mkdirSync(dir, { recursive: true });
    // 2 MB of XML data that is not Synapse: sniffed by its head, never validated
    writeFileSync(join(dir, 'data.xml'), `<rows>${'<row a="1"/>'.repeat(180_000)}</rows>`);
    // a 1.5 MB sequence (a long comment) with an error at its very end, past the sniffed head
    writeFileSync(
      join(dir, 'Big.xml'),
      `<sequence ${S} name="Big"><!--${'x'.repeat(1_500_000)}--><log level="loud"/></sequence>`,
    );
    writeFileSync(join(dir, 'Small.xml'), `<sequence ${S} name="Small"><sequence key="Big"/></sequence>`);
    const r = validatePaths([dir], dir);
    assert.equal(r.fileCount, 2);
    assert.deepEqual(
      r.findings.map((f) => `${f.file} ${f.code}`),
      ['Big.xml SYN103'],
    );
  });
});
