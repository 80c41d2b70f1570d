/** Over real LSP: document and range formatting; a property test that formatting is idempotent and keeps the tree. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { parseXml, type XmlNode } from '../../core/xml';
import { applyEdits, CORPUS, LspClient, uri } from './lspClient';

const OPTS = { tabSize: 4, insertSpaces: true };

/** The tree without whitespace-only text: what formatting must keep. */
const shape = (nodes: XmlNode[]): unknown[] =>
  nodes
    .filter((n) => !(n.kind === 'text' && n.value.trim() === ''))
    .map((n) =>
      n.kind === 'element'
        ? [n.name, n.attributes.map((a) => [a.name, a.value]), shape(n.children)]
        : [n.kind, n.value],
    );

describe('lsp: formatting', function () {
  let client: LspClient;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'synapse-fmt ü '));
    client = await LspClient.start({ folders: [dir] });
  });
  after(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const format = async (u: string, text: string, range?: unknown): Promise<string> => {
    await client.change(u, text);
    const edits = await client.request<TextEdit[]>(
      range ? 'textDocument/rangeFormatting' : 'textDocument/formatting',
      {
        textDocument: { uri: u },
        options: OPTS,
        ...(range ? { range } : {}),
      },
    );
    return applyEdits(text, edits);
  };

  it('re-indents by depth, aligns continued attributes, keeps comments, text and CDATA', async () => {
    const u = await client.open(
      join(dir, 'Seq.xml'),
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="S"/>',
    );
    const messy = [
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="S">',
      '      <!-- a comment',
      '   that spans lines -->',
      '<log level="custom"   ',
      'category="INFO">',
      ' <property name="a"',
      '                value="1"/>',
      '      </log>',
      '  <script language="js"><![CDATA[',
      '  var x = 1;   ',
      '      ]]></script>',
      '',
      '        <payloadFactory media-type="json"><format>{ "a":',
      '   1 }</format></payloadFactory>',
      '</sequence>',
    ].join('\n');
    const out = await format(u, messy);
    assert.equal(
      out,
      [
        '<sequence xmlns="http://ws.apache.org/ns/synapse" name="S">',
        '    <!-- a comment',
        '   that spans lines -->',
        '    <log level="custom"',
        '         category="INFO">',
        '        <property name="a"',
        '                  value="1"/>',
        '    </log>',
        '    <script language="js"><![CDATA[',
        '  var x = 1;   ',
        '      ]]></script>',
        '',
        '    <payloadFactory media-type="json"><format>{ "a":',
        '   1 }</format></payloadFactory>',
        '</sequence>',
      ].join('\n'),
    );
    assert.equal(await format(u, out), out);
  });

  it('indents continued attributes one level deeper with synapse.format.attributeAlignment = indent', async () => {
    const u = uri(join(dir, 'Seq.xml'));
    await client.setSettings({ format: { attributeAlignment: 'indent' } });
    try {
      const text = `<sequence xmlns="http://ws.apache.org/ns/synapse">\n<log level="custom"\n category="INFO"/>\n</sequence>`;
      assert.equal(
        await format(u, text),
        `<sequence xmlns="http://ws.apache.org/ns/synapse">\n    <log level="custom"\n        category="INFO"/>\n</sequence>`,
      );
    } finally {
      await client.setSettings({});
    }
  });

  it('formats only the lines of a range', async () => {
    const u = uri(join(dir, 'Seq.xml'));
    const text = '<sequence xmlns="http://ws.apache.org/ns/synapse">\n<log/>\n<drop/>\n</sequence>';
    const out = await format(u, text, { start: { line: 2, character: 0 }, end: { line: 2, character: 3 } });
    assert.equal(out, '<sequence xmlns="http://ws.apache.org/ns/synapse">\n<log/>\n    <drop/>\n</sequence>');
  });

  it('leaves a document with XML errors alone', async () => {
    const u = uri(join(dir, 'Seq.xml'));
    const text = '<sequence xmlns="http://ws.apache.org/ns/synapse">\n<log>\n   <drop/>\n</sequence>';
    assert.equal(await format(u, text), text);
  });

  it('formats every corpus file idempotently without changing its tree or its line count', async function () {
    this.timeout(30000);
    const u = uri(join(dir, 'Seq.xml'));
    const files = readdirSync(CORPUS).filter((f) => f.endsWith('.xml'));
    assert.ok(files.length > 20);
    let changed = 0;
    for (const f of files) {
      const x = readFileSync(join(CORPUS, f), 'utf8');
      const f1 = await format(u, x);
      if (f1 !== x) changed++;
      assert.equal(await format(u, f1), f1, `${f}: not idempotent`);
      assert.equal(f1.split('\n').length, x.split('\n').length, `${f}: line breaks changed`);
      assert.deepEqual(shape(parseXml(f1).children), shape(parseXml(x).children), `${f}: tree changed`);
    }
    assert.ok(changed > 0, 'the corpus is not all formatted our way already');
  });

  it('is idempotent, keeps line breaks and never changes the tree (property)', async function () {
    this.timeout(60000);
    const u = uri(join(dir, 'Seq.xml'));
    const ws = fc.constantFrom('', ' ', '\n', '\n  ', '\n\t', '   \n      ', '\n\n');
    const name = fc.constantFrom('log', 'property', 'then', 'else', 'filter', 'ns:x', 'format');
    const attrs = fc.array(
      fc.tuple(
        fc.constantFrom('name', 'value', 'expression', 'scope', 'xmlns:ns'),
        fc.constantFrom('a', '1', "get-property('x')", 'a\n   b', 'urn:x'),
        ws,
      ),
      { maxLength: 3 },
    );
    const leaf = fc.oneof(
      fc
        .constantFrom('hello', ' two words ', 'multi\n   line\n text', '{"a": 1}')
        .map((t) => ({ kind: 'text' as const, t })),
      fc.constantFrom(' c ', ' multi\n  line ').map((t) => ({ kind: 'comment' as const, t })),
      fc.constantFrom('x < y', '\n  code\n').map((t) => ({ kind: 'cdata' as const, t })),
    );
    type Gen = {
      kind: 'el';
      name: string;
      attrs: [string, string, string][];
      children: (Gen | { kind: string; t: string })[];
      pre: string;
    };
    const element = (depth: number): fc.Arbitrary<Gen> =>
      fc.record({
        kind: fc.constant('el' as const),
        name,
        attrs,
        pre: ws,
        children: fc.array(depth > 0 ? fc.oneof(element(depth - 1), leaf) : leaf, {
          maxLength: depth > 0 ? 4 : 2,
        }),
      });
    const tree = element(3);
    const serialize = (g: Gen | { kind: string; t: string }, w: string): string => {
      if (g.kind === 'text') return (g as { t: string }).t;
      if (g.kind === 'comment') return `<!--${(g as { t: string }).t}-->`;
      if (g.kind === 'cdata') return `<![CDATA[${(g as { t: string }).t}]]>`;
      const e = g as Gen;
      const seen = new Set<string>();
      const a = e.attrs
        .filter(([n]) => (seen.has(n) ? false : (seen.add(n), true)))
        .map(([n, v, sp]) => `${sp.includes('\n') ? sp : ' '}${n}="${v}"`)
        .join('');
      const nsDecl = e.name.startsWith('ns:') && !seen.has('xmlns:ns') ? ' xmlns:ns="urn:n"' : '';
      if (!e.children.length) return `${w}<${e.name}${nsDecl}${a}/>`;
      return `${w}<${e.name}${nsDecl}${a}>${e.children.map((c) => serialize(c, e.pre)).join('')}${e.pre}</${e.name}>`;
    };
    await fc.assert(
      fc.asyncProperty(tree, async (g) => {
        const root = {
          ...g,
          name: 'sequence',
          attrs: [['xmlns', 'http://ws.apache.org/ns/synapse', ' ']] as [string, string, string][],
        };
        const x = serialize(root, '');
        const doc = parseXml(x);
        fc.pre(doc.problems.length === 0);
        const f1 = await format(u, x);
        const f2 = await format(u, f1);
        assert.equal(f2, f1, 'format(format(x)) != format(x)');
        assert.equal(f1.split('\n').length, x.split('\n').length, 'line breaks changed');
        assert.deepEqual(shape(parseXml(f1).children), shape(doc.children), 'tree changed');
      }),
      { numRuns: 150 },
    );
  });
});
