/**
 * The project index's reverse references and cached keys (core/project/index.ts) against a brute-force reading of the
 * same files, over random sequences of file updates and removals: what the server uses to find the files to
 * re-validate after an edit and the keys it offers in completion.
 */
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { ProjectIndex, REF_TARGETS, type FileModel } from '../../core/project/index';
import type { ArtifactKind } from '../../core/catalog/types';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const NAMES = ['A', 'B', 'C', 'D'];
const PATHS = ['/p/s1.xml', '/p/s2.xml', '/p/e1.xml', '/p/t1.xml', '/p/api.xml'];

/** A small artifact text: a sequence, endpoint or template named from NAMES, referencing some others. */
const fileText = fc
  .record({
    kind: fc.constantFrom('sequence', 'endpoint', 'template', 'api', 'broken'),
    name: fc.constantFrom(...NAMES),
    seqRefs: fc.array(fc.constantFrom(...NAMES), { maxLength: 3 }),
    epRefs: fc.array(fc.constantFrom(...NAMES), { maxLength: 2 }),
    dynamic: fc.boolean(),
  })
  .map(({ kind, name, seqRefs, epRefs, dynamic }) => {
    const body =
      seqRefs.map((k) => `<sequence key="${k}"/>`).join('') +
      epRefs.map((k) => `<call><endpoint key="${k}"/></call>`).join('') +
      (dynamic ? '<sequence key="{$ctx:next}"/>' : '');
    switch (kind) {
      case 'sequence':
        return `<sequence ${NS} name="${name}">${body}</sequence>`;
      case 'endpoint':
        return `<endpoint ${NS} name="${name}"><address uri="http://127.0.0.1:1/"/></endpoint>`;
      case 'template':
        return `<template ${NS} name="${name}"><parameter name="p"/><sequence>${body}</sequence></template>`;
      case 'api':
        return `<api ${NS} name="${name}" context="/x"><resource methods="GET"><inSequence>${body}</inSequence></resource></api>`;
      default:
        return `<sequence ${NS} name="${name}"><sequence key="${name}"`;
    }
  });

const op = fc.oneof(
  fc.record({ set: fc.constantFrom(...PATHS), text: fileText }),
  fc.record({ remove: fc.constantFrom(...PATHS) }),
);

/** What a full scan of the files says. */
function bruteReferences(files: FileModel[], kind: ArtifactKind, name: string): string[] {
  const out: string[] = [];
  for (const m of files)
    for (const r of m.references)
      if (r.key === name && !r.dynamic && REF_TARGETS[r.refKind].includes(kind))
        out.push(`${m.path}@${r.span.start}`);
  return out.sort();
}

describe('project index: reverse references and cached keys', () => {
  it('finds references, dependents and keys as a full scan does, after any sequence of edits', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 25 }), (ops) => {
        const index = new ProjectIndex();
        const versions: number[] = [];
        for (const o of ops) {
          const before = index.keysFor('sequence').join() + '|' + index.keysFor('endpoint').join();
          const v0 = index.version;
          if ('set' in o) index.setFile(o.set, o.text);
          else index.removeFile(o.remove);
          const after = index.keysFor('sequence').join() + '|' + index.keysFor('endpoint').join();
          // the version moves whenever the names offered change (what completion caches depends on)
          if (before !== after) assert.notEqual(index.version, v0, `${before} -> ${after}`);
          versions.push(index.version);
          const files = index.files();
          for (const kind of ['sequence', 'endpoint', 'sequenceTemplate'] as const) {
            for (const name of NAMES) {
              const got = index
                .referencesTo(kind, name)
                .map((r) => `${r.file}@${r.ref.span.start}`)
                .sort();
              assert.deepEqual(got, bruteReferences(files, kind, name), `${kind} ${name}`);
            }
            const names = new Set<string>();
            for (const m of files)
              if (m.artifact?.kind === kind && m.artifact.name) names.add(m.artifact.name);
            assert.deepEqual(index.keysFor(kind), [...names].sort(), `keys of ${kind}`);
          }
          for (const m of files) {
            if (!m.artifact?.name) continue;
            const expect = new Set(
              bruteReferences(files, m.artifact.kind, m.artifact.name)
                .map((s) => s.slice(0, s.lastIndexOf('@')))
                .filter((f) => f !== m.path),
            );
            assert.deepEqual(new Set(index.dependentsOf(m.path)), expect, `dependents of ${m.path}`);
          }
        }
        for (let i = 1; i < versions.length; i++) assert.ok(versions[i] >= versions[i - 1]);
      }),
      { numRuns: 150, seed: 4242 },
    );
  });

  it('hands out key lists the caller may change without touching the cache', () => {
    const index = new ProjectIndex();
    index.setFile('/p/a.xml', `<sequence ${NS} name="A"/>`);
    index.setFile('/p/b.xml', `<sequence ${NS} name="B"/>`);
    const keys = index.keysFor('sequence');
    keys.push('Z');
    keys.reverse();
    assert.deepEqual(index.keysFor('sequence'), ['A', 'B']);
  });

  it('keeps the version while a file changes without renaming its artifact, and moves it on a template edit', () => {
    const index = new ProjectIndex();
    index.setFile('/p/a.xml', `<sequence ${NS} name="A"/>`);
    index.setFile('/p/t.xml', `<template ${NS} name="T"><parameter name="p"/><sequence/></template>`);
    const v = index.version;
    index.setFile('/p/a.xml', `<sequence ${NS} name="A"><log/></sequence>`);
    assert.equal(index.version, v);
    assert.equal(
      index.findArtifacts('sequence', 'A')[0].element.children.length,
      1,
      'the new symbol replaced the old',
    );
    index.setFile(
      '/p/t.xml',
      `<template ${NS} name="T"><parameter name="q" isMandatory="true"/><sequence/></template>`,
    );
    assert.notEqual(index.version, v);
  });
});
