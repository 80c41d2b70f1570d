/**
 * The snippets of snippets/synapse.code-snippets: where they are offered, and that each one, accepted with its
 * defaults, gives a configuration our validator accepts.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ProjectIndex } from '../../core/project';
import { validateFile } from '../../core/validate';
import { ARTIFACT_KINDS } from '../../client/artifactTemplates';
import { parseJsonc } from '../../client/jsonc';
import { snippetContextAt } from '../../client/snippetContext';
import { loadSnippets } from '../../client/snippetFile';
import { expandSnippet } from './snippetExpand';

const FILE = join(__dirname, '..', '..', 'snippets', 'synapse.code-snippets');

/** Validates one file in a project that also defines the artifacts the snippets' defaults refer to. */
function findings(path: string, text: string): string[] {
  const own = path.replace(/^.*\//, '');
  const index = new ProjectIndex();
  const setFile = index.setFile.bind(index);
  // fixtures named like the file under test would be duplicates of it
  const fixture = (p: string, t: string) => (p.endsWith(`/${own}`) ? undefined : setFile(p, t));
  const dir = '/project/src/main/wso2mi/artifacts';
  const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
  fixture(`${dir}/sequences/InjectSeq.xml`, `<sequence ${NS} name="InjectSeq"><log/></sequence>`);
  fixture(`${dir}/sequences/TickSeq.xml`, `<sequence ${NS} name="TickSeq"><log/></sequence>`);
  fixture(`${dir}/sequences/ProcessOrderSeq.xml`, `<sequence ${NS} name="ProcessOrderSeq"><log/></sequence>`);
  for (const ep of ['BackendEP', 'PrimaryEP', 'SecondaryEP']) {
    fixture(
      `${dir}/endpoints/${ep}.xml`,
      `<endpoint ${NS} name="${ep}"><address uri="http://localhost:1/"/></endpoint>`,
    );
  }
  fixture(`${dir}/message-stores/OrderStore.xml`, `<messageStore ${NS} name="OrderStore"/>`);
  fixture(
    `${dir}/templates/LogTemplate.xml`,
    `<template ${NS} name="LogTemplate"><parameter name="message"/><sequence><log/></sequence></template>`,
  );
  const model = index.setFile(`${dir}/${path}`, text);
  return validateFile(model, index, { layout: 'mi' }).map((f) => `${f.severity} ${f.code} ${f.message}`);
}

describe('client: snippets', () => {
  const snippets = loadSnippets(FILE);

  it('reads the snippet file as VS Code does (comments and trailing commas allowed)', () => {
    assert.deepEqual(parseJsonc('{ // c\n "a": [1, 2,], /* d */ "b": "x // not a comment", }'), {
      a: [1, 2],
      b: 'x // not a comment',
    });
    assert.ok(snippets.length >= 30);
    const prefixes = snippets.map((s) => s.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
  });

  it('has a whole-file template for every kind "New Artifact" offers', () => {
    const artifactRoots = new Set(
      snippets.filter((s) => s.context === 'artifact').map((s) => /<(\w+) xmlns=/.exec(s.body)?.[1]),
    );
    for (const kind of ARTIFACT_KINDS) {
      const root = /<(\w+) xmlns=/.exec(kind.skeleton('X', { sequence: 'S', store: 'M', endpoint: 'E' }))![1];
      assert.ok(artifactRoots.has(root), `a snippet for <${root}> (${kind.id})`);
    }
  });

  it('offers artifact snippets in an empty file, mediator snippets only where mediators go', () => {
    const cases: [string, string][] = [
      ['|', 'artifact'],
      ['<?xml version="1.0"?>\n|', 'artifact'],
      ['<ap|', 'artifact'],
      ['<api name="x"><resource><inSequence>\n  |\n</inSequence></resource></api>', 'mediator'],
      ['<api name="x"><resource><inSequence>\n  <lo|\n<respond/></inSequence></resource></api>', 'mediator'],
      ['<sequence name="s"><filter><then>|</then></filter></sequence>', 'mediator'],
      ['<api name="x"><resource><inSequence>\n  <log |\n</inSequence></resource></api>', 'none'],
      ['<api name="x"><resource>|<inSequence>\n</inSequence></resource></api>', 'none'],
      ['<api name="x" |><resource/></api>', 'none'],
      ['<sequence name="s"><log><message>|</message></log></sequence>', 'none'],
      ['<sequence name="s"></sequence>|', 'none'],
    ];
    for (const [t, want] of cases) {
      const at = t.indexOf('|');
      assert.equal(snippetContextAt(t.slice(0, at) + t.slice(at + 1), at), want, t);
    }
  });

  it('every artifact snippet, accepted with its defaults, is a valid artifact', () => {
    for (const s of snippets.filter((x) => x.context === 'artifact')) {
      const text = expandSnippet(s.body);
      const name = / (?:name|key)="([^"]+)"/.exec(text)![1];
      assert.deepEqual(findings(`x/${name}.xml`, text), [], `${s.prefix}:\n${text}`);
    }
  });

  it('every mediator snippet, accepted with its defaults inside a sequence, is valid', () => {
    for (const s of snippets.filter((x) => x.context === 'mediator')) {
      const body = expandSnippet(s.body);
      const text =
        `<?xml version="1.0" encoding="UTF-8"?>\n<sequence xmlns="http://ws.apache.org/ns/synapse" name="Host">\n` +
        `${body}\n</sequence>\n`;
      const where = snippetContextAt(text, text.indexOf(body));
      assert.equal(where, 'mediator');
      assert.deepEqual(findings('sequences/Host.xml', text), [], `${s.prefix}:\n${text}`);
    }
  });

  it('expands snippet syntax as the editor does', () => {
    assert.equal(expandSnippet('a="${1:x}" b="${2|p,q|}" $0 \\${v\\}'), 'a="x" b="p"  ${v}');
    assert.equal(expandSnippet('${3:{\\${payload.v\\}\\}}'), '{${payload.v}}');
  });
});
