import assert from 'node:assert/strict';
import { parseXml, attr, childElements, LineIndex } from '../../core/xml';

describe('core/xml parser', () => {
  it('keeps the range of every element and attribute', () => {
    const text = `<api xmlns="http://ws.apache.org/ns/synapse" name="A" context="/a">\n  <resource methods="GET"/>\n</api>`;
    const doc = parseXml(text);
    assert.deepEqual(doc.problems, []);
    const api = doc.root!;
    assert.equal(api.local, 'api');
    assert.equal(api.ns, 'http://ws.apache.org/ns/synapse');
    const name = attr(api, 'name')!;
    assert.equal(text.slice(name.valueSpan.start, name.valueSpan.end), 'A');
    assert.equal(text.slice(name.span.start, name.span.end), 'name="A"');
    const res = childElements(api)[0];
    assert.equal(text.slice(res.span.start, res.span.end), '<resource methods="GET"/>');
    assert.equal(res.ns, 'http://ws.apache.org/ns/synapse', 'default namespace is inherited');
    assert.equal(text.slice(api.endTag!.start, api.endTag!.end), '</api>');
  });

  it('yields a tree for a half-typed document, with the problems located', () => {
    const text = '<sequence name="s">\n  <log level="full"\n  <property name="a" expression="';
    const doc = parseXml(text);
    const seq = doc.root!;
    assert.deepEqual(
      childElements(seq).map((e) => e.local),
      ['log', 'property'],
    );
    const codes = doc.problems.map((p) => p.code).sort();
    assert.ok(codes.includes('XML_UNCLOSED_START_TAG'), codes.join());
    assert.ok(codes.includes('XML_MISSING_END_TAG'), codes.join());
    const lines = new LineIndex(text);
    const unclosed = doc.problems.find((p) => p.code === 'XML_UNCLOSED_START_TAG')!;
    assert.equal(lines.positionAt(unclosed.span.start).line, 1);
  });

  it('refuses a DOCTYPE and never expands entities (billion laughs, XXE)', () => {
    const laughs =
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n<sequence name="x">&lol2;</sequence>';
    const doc = parseXml(laughs);
    assert.ok(doc.hasDoctype);
    assert.deepEqual(
      doc.problems.map((p) => p.code),
      ['XML_DOCTYPE', 'XML_UNDEFINED_ENTITY'],
    );
    assert.equal(doc.root!.local, 'sequence');
    const xxe = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>';
    const d2 = parseXml(xxe);
    assert.equal((d2.root!.children[0] as { value: string }).value, '&e;');
  });

  it('decodes predefined entities and character references', () => {
    const doc = parseXml('<a v="&lt;&#x41;&#66;&quot;">x &amp; y</a>');
    assert.equal(attr(doc.root!, 'v')!.value, '<AB"');
    assert.equal((doc.root!.children[0] as { value: string }).value, 'x & y');
    assert.deepEqual(doc.problems, []);
  });

  it('reports mismatched end tags and recovers', () => {
    const doc = parseXml('<a><b></a>');
    assert.deepEqual(
      doc.problems.map((p) => p.code),
      ['XML_MISSING_END_TAG'],
    );
    assert.equal(childElements(doc.root!)[0].local, 'b');
  });
});

describe('core/xml attribute value spans', () => {
  it('places an empty value between its quotes, even at the end of a half-typed document', () => {
    for (const text of ['<a key="" b=\'\' c="x"/>', '<a key="">', '<a key=""']) {
      const doc = parseXml(text);
      const key = attr(doc.root!, 'key')!;
      assert.equal(text[key.valueSpan.start - 1], '"', text);
      assert.equal(text[key.valueSpan.start], '"', text);
      assert.equal(key.valueSpan.end, key.valueSpan.start);
    }
  });
});

describe('core/xml comments that HTML would close at once', () => {
  it('`<!-->` and `<!--->` open a comment that ends at the next `-->`, as XML says', () => {
    for (const [src, body] of [
      ['<a><!-->x--><b/>tail</a>', '>x'],
      ['<a><!--->x--><b/>tail</a>', '->x'],
      ['<a><!--> <c/> --><b/>tail</a>', '> <c/> '],
    ] as const) {
      const d = parseXml(src);
      assert.deepEqual(d.problems, [], src);
      const kids = d.root!.children;
      assert.equal(kids.length, 3, src);
      assert.equal(kids[0].kind, 'comment');
      assert.equal((kids[0] as { value: string }).value, body);
      assert.equal(src.slice(kids[0].span.start, kids[0].span.end), `<!--${body}-->`);
      assert.equal(kids[1].kind, 'element');
      assert.equal((kids[2] as { value: string }).value, 'tail');
    }
  });
  it('an unterminated `<!-->` comment is reported', () => {
    const d = parseXml('<a><!--> never closed</a>');
    assert.ok(d.problems.some((p) => p.code === 'XML_UNTERMINATED'));
  });
  it('`<!---->` stays an empty comment', () => {
    const d = parseXml('<a><!---->y</a>');
    assert.equal((d.root!.children[0] as { value: string }).value, '');
    assert.equal((d.root!.children[1] as { value: string }).value, 'y');
  });
});
