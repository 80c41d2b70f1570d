import { strict as assert } from 'node:assert';
import * as slimdom from 'slimdom';
import {
  parseXmlPayload,
  parseXmlFragment,
  serializeXml,
  serializeChildren,
  XmlPayloadError,
} from '../../runtime-debug/engine/xml';

function refusal(text: string, options = {}): XmlPayloadError {
  try {
    parseXmlPayload(text, options);
  } catch (e) {
    assert.ok(e instanceof XmlPayloadError, `not an XmlPayloadError: ${String(e)}`);
    return e;
  }
  assert.fail(`accepted: ${text.slice(0, 60)}`);
}

describe('payload XML: secure parser', () => {
  it('builds a namespaced slimdom document with attributes, CDATA, comments and PIs', () => {
    const doc = parseXmlPayload(
      '<?xml version="1.0"?><s:Envelope xmlns:s="urn:s"><s:Body><a x="1" xmlns:q="urn:q" q:y="2"><![CDATA[<raw>]]><!--c--><?xml-multiple k?>t&amp;&#65;&#x42;&lt;&quot;</a></s:Body></s:Envelope>',
    );
    const env = doc.documentElement!;
    assert.equal(env.namespaceURI, 'urn:s');
    assert.equal(env.localName, 'Envelope');
    const a = env.firstElementChild!.firstElementChild!;
    assert.equal(a.localName, 'a');
    assert.equal(a.namespaceURI, null);
    assert.equal(a.getAttribute('x'), '1');
    assert.equal(a.getAttributeNS('urn:q', 'y'), '2');
    assert.deepEqual(
      a.childNodes.map((n) => n.nodeType),
      [4, 8, 7, 3],
    );
    assert.equal((a.lastChild as slimdom.Text).data, 't&AB<"');
  });

  it('refuses a DOCTYPE (internal subset, external entity, billion laughs) with XML_DOCTYPE and a position', () => {
    const xxe = '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<a>&x;</a>';
    const e = refusal(xxe);
    assert.equal(e.code, 'XML_DOCTYPE');
    assert.equal(e.line, 2);
    assert.ok(e.column > 0);
    const lol =
      '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><l>&c;</l>';
    assert.equal(refusal(lol).code, 'XML_DOCTYPE');
    assert.equal(refusal('<!DOCTYPE html><html/>').code, 'XML_DOCTYPE');
  });

  it('refuses entities other than the predefined ones', () => {
    const e = refusal('<a>\n  &nbsp;</a>');
    assert.equal(e.code, 'XML_UNDEFINED_ENTITY');
    assert.equal(e.line, 2);
    assert.match(e.message, /payload line 2/);
  });

  it('limits nesting depth (default 1,000) and size', () => {
    const deep = (n: number): string => '<a>'.repeat(n) + '</a>'.repeat(n);
    assert.ok(parseXmlPayload(deep(1000)).documentElement);
    assert.equal(refusal(deep(1001)).code, 'XML_TOO_DEEP');
    assert.equal(refusal(deep(11), { maxDepth: 10 }).code, 'XML_TOO_DEEP');
    assert.ok(parseXmlPayload(deep(10), { maxDepth: 10 }));
    assert.equal(refusal('<a>' + 'x'.repeat(100) + '</a>', { maxLength: 50 }).code, 'XML_TOO_LARGE');
  });

  it('reports malformed XML with line and column', () => {
    const e = refusal('<a>\n<b></a>');
    assert.equal(e.code, 'XML_MALFORMED');
    assert.equal(e.line, 2);
    assert.equal(refusal('').code, 'XML_MALFORMED');
    assert.equal(refusal('<a/><b/>').code, 'XML_MALFORMED');
    assert.equal(refusal('<p:a/>').code, 'XML_MALFORMED'); // unbound prefix
  });

  it('parses fragments with several roots', () => {
    const doc = new slimdom.Document();
    const frag = parseXmlFragment('<a>1</a>text<b xmlns="urn:b"/>', doc);
    assert.equal(frag.childNodes.length, 3);
    assert.equal((frag.lastChild as slimdom.Element).namespaceURI, 'urn:b');
  });
});

describe('payload XML: serializer', () => {
  it('round-trips parsed XML (a processing instruction in an element as Axiom writes it: two spaces)', () => {
    const text =
      '<s:Envelope xmlns:s="urn:s"><s:Body><r xmlns="urn:r" a="x&amp;&lt;&quot;"><i>1 &lt; 2 &amp; 3 > 2</i><![CDATA[a]]]]><![CDATA[>b]]><!--note--><?pi data?><e/></r></s:Body></s:Envelope>';
    assert.equal(serializeXml(parseXmlPayload(text)), text.replace('<?pi data?>', '<?pi  data?>'));
  });

  it('declares the namespaces an element needs when serialized alone or built in code', () => {
    const doc = parseXmlPayload('<a xmlns="urn:d" xmlns:p="urn:p"><b p:x="1"><c/></b></a>');
    const b = doc.documentElement!.firstElementChild!;
    assert.equal(serializeXml(b), '<b xmlns="urn:d" xmlns:p="urn:p" p:x="1"><c/></b>');
    assert.equal(
      serializeChildren(doc.documentElement!),
      '<b xmlns="urn:d" xmlns:p="urn:p" p:x="1"><c/></b>',
    );
    const d = new slimdom.Document();
    const root = d.createElementNS('urn:x', 'x:root');
    root.setAttributeNS('urn:y', 'y:att', 'v"');
    const child = d.createElementNS('urn:x', 'x:child');
    child.appendChild(d.createTextNode('<t>'));
    root.appendChild(child);
    d.appendChild(root);
    assert.equal(
      serializeXml(d),
      '<x:root xmlns:x="urn:x" xmlns:y="urn:y" y:att="v&quot;"><x:child>&lt;t></x:child></x:root>',
    );
  });

  it('serializes and queries the deepest accepted payload without running out of stack', async () => {
    const { compileExpression } = await import('../../runtime-debug/engine/expr');
    const { TestContext } = await import('./helpers');
    const deep = '<a>'.repeat(990) + 'x' + '</a>'.repeat(990);
    assert.equal(serializeXml(parseXmlPayload(deep)), deep);
    const ctx = new TestContext({ xml: deep });
    assert.equal(compileExpression('count(//a)').evaluateString(ctx), '990.0');
    assert.equal(compileExpression('//a/text()').evaluateString(ctx), 'x');
    assert.equal(compileExpression('string($body)').evaluateString(ctx), 'x');
  });

  it('parses and serializes 100 KB quickly', () => {
    let s = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><root xmlns="urn:a">';
    for (let i = 0; s.length < 100_000; i++)
      s += `<item id="${i}"><name>Name ${i} &amp; co</name><price>${i * 1.5}</price></item>`;
    s += '</root></s:Body></s:Envelope>';
    for (let i = 0; i < 3; i++) serializeXml(parseXmlPayload(s)); // warm up
    // best of 7 runs: the machine is shared by several engineers and GC pauses land anywhere
    const runs = 7;
    let p = Infinity;
    let z = Infinity;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const doc = parseXmlPayload(s);
      const t1 = performance.now();
      const out = serializeXml(doc);
      const t2 = performance.now();
      assert.equal(out, s);
      p = Math.min(p, t1 - t0);
      z = Math.min(z, t2 - t1);
    }
    console.log(
      `      100 KB payload: parse ${p.toFixed(1)} ms (${(0.1 / (p / 1000)).toFixed(1)} MB/s), serialize ${z.toFixed(1)} ms`,
    );
    // the figures are printed for information; speed is judged by npm run bench, never by a timed test
  });
});
