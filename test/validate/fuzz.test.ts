import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { parseXml } from '../../core/xml';
import { ProjectIndex } from '../../core/project';
import { validateFile } from '../../core/validate';

const ROOT = resolve(__dirname, '../..');
const CORPUS = resolve(ROOT, '../shared/corpus');
const seeds: string[] = [];
for (const dir of [
  join(ROOT, 'examples/hello-world/src/main/wso2mi/artifacts/apis'),
  join(ROOT, 'examples/hello-world/src/main/wso2mi/artifacts/sequences'),
]) {
  for (const f of readdirSync(dir)) seeds.push(readFileSync(join(dir, f), 'utf8'));
}
if (existsSync(CORPUS))
  for (const f of readdirSync(CORPUS)
    .filter((x) => x.endsWith('.xml'))
    .slice(0, 20))
    seeds.push(readFileSync(join(CORPUS, f), 'utf8'));

function validateText(text: string) {
  const index = new ProjectIndex();
  const model = index.setFile('/fuzz/F.xml', text);
  const findings = validateFile(model, index, { layout: 'bare' });
  for (const f of findings) {
    assert.ok(
      f.span.start >= 0 && f.span.end >= f.span.start && f.span.end <= text.length,
      `span ${JSON.stringify(f.span)} of ${f.code} out of range`,
    );
    assert.ok(f.code && f.message, 'finding without code or message');
  }
  return findings;
}

/** A mutation of a real document: cut, duplicate, or insert markup characters somewhere. */
const mutated = fc
  .record({
    seed: fc.integer({ min: 0, max: seeds.length - 1 }),
    at: fc.nat(),
    len: fc.nat({ max: 40 }),
    op: fc.constantFrom('cut', 'insert', 'truncate', 'dup'),
    ins: fc.string({
      unit: fc.constantFrom(
        '<',
        '>',
        '/',
        '"',
        "'",
        '=',
        '&',
        ';',
        '!',
        '[',
        ']',
        '-',
        '?',
        'a',
        ' ',
        '\n',
        '{',
        '}',
        '$',
        '(',
      ),
      maxLength: 12,
    }),
  })
  .map(({ seed, at, len, op, ins }) => {
    const s = seeds[seed];
    const i = at % (s.length + 1);
    switch (op) {
      case 'cut':
        return s.slice(0, i) + s.slice(i + len);
      case 'insert':
        return s.slice(0, i) + ins + s.slice(i);
      case 'truncate':
        return s.slice(0, i);
      default:
        return s.slice(0, i) + s.slice(i, i + len) + s.slice(i);
    }
  });

describe('parser and validator under random and mutated input (fast-check)', () => {
  it('never throws on random text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        validateText(text);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on random markup-like text', () => {
    const markup = fc.string({
      unit: fc.constantFrom(
        '<',
        '>',
        '/',
        '"',
        '=',
        '&',
        'a',
        'b',
        ' ',
        '!',
        '-',
        '?',
        '[',
        ']',
        'C',
        'D',
        'A',
        'T',
        ':',
      ),
      maxLength: 200,
    });
    fc.assert(
      fc.property(markup, (text) => {
        const doc = parseXml(text);
        assert.ok(Array.isArray(doc.problems));
        validateText(text);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on mutated real configurations, and still yields a tree when the root start tag survives', () => {
    fc.assert(
      fc.property(mutated, (text) => {
        validateText(text);
        const doc = parseXml(text);
        const m =
          /<(api|sequence|proxy|endpoint|template|localEntry|inboundEndpoint|task|messageStore|messageProcessor)\b[^<>]*>/.exec(
            text.replace(/<!--[\s\S]*?-->/g, (c) => ' '.repeat(c.length)),
          );
        if (m && !text.slice(0, m.index).includes('<!') && !/<[^?!]/.test(text.slice(0, m.index)))
          assert.ok(doc.root, 'a root element is kept');
      }),
      { numRuns: 400 },
    );
  });

  it('parses and validates a 1 MB configuration', () => {
    const body = Array.from(
      { length: 8000 },
      (_, i) =>
        `    <property name="p${i}" expression="get-property('x${i}')" scope="default"/>\n    <log level="custom"><property name="q${i}" value="v"/></log>`,
    ).join('\n');
    const text = `<sequence xmlns="http://ws.apache.org/ns/synapse" name="Big">\n${body}\n</sequence>\n`;
    assert.ok(text.length > 1_000_000, `${text.length} bytes`);
    const findings = validateText(text);
    assert.deepEqual(findings, []);
  });

  it('survives hostile nesting without a stack overflow', () => {
    const depth = 50_000;
    const text =
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Deep">' +
      '<filter xpath="1"><then>'.repeat(depth) +
      '</then></filter>'.repeat(depth) +
      '</sequence>';
    const findings = validateText(text);
    assert.ok(
      findings.some((f) => f.code === 'XML_TOO_DEEP'),
      'deep nesting is reported',
    );
  });
});
