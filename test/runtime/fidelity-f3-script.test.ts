/**
 * Script mediators written with Rhino's E4X (XML literals, `..`, `::`, `.@`): MI runs them. The embedded runtime
 * translates the subset MI's own scripts use (XML literals with {expr} holes, `x..name`, `x..*::name`, `x.@name`;
 * helper O1, session 5); E4X beyond it (`for each`, XML filters) deploys with an RT_UNSUPPORTED warning naming E4X
 * and the line, and faults with that message when a message reaches it; a plain JavaScript syntax error stays a
 * load problem (found by helper G: MI's SetPropertyWithScopeInScriptMediatorTestCase configurations did not
 * deploy). Our own fixtures.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { findE4x } from '../../core/jsScript';
import { NS, send, type TestRuntime } from './helpers';

const FAULT_TO_JSON = `<faultSequence>
  <payloadFactory media-type="json"><format>{"error":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>
  <property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence>`;

function scriptApi(name: string, body: string): string {
  return `<api ${NS} name="${name}" context="/f3sc/${name.toLowerCase()}"><resource methods="POST"><inSequence>
${body}
<respond/></inSequence>${FAULT_TO_JSON}</resource></api>`;
}

const E4X_INLINE = scriptApi(
  'Literal',
  `<script language="js"><![CDATA[
    var sku = mc.getPayloadXML()..*::sku.toString();
    mc.setPayloadXML(<stock><item>{sku}</item></stock>);
  ]]></script>`,
);
// E4X beyond the translated subset: for each over an XMLList
const E4X_BEYOND = scriptApi(
  'Beyond',
  `<script language="js"><![CDATA[
    var n = 0;
    for each (var s in mc.getPayloadXML()..sku) { n++; }
    mc.setProperty('n', n);
  ]]></script>`,
);

describe('runtime fidelity (F3): script mediators with E4X', () => {
  let t: TestRuntime;
  let warnings: { file: string; line: number; code: string; message: string }[];
  before(async () => {
    const rt = new Runtime({ httpPort: 0 });
    const logs: TestRuntime['logs'] = [];
    rt.on('log', (r) => logs.push(r));
    const res = rt.deploy([
      { name: 'Literal.xml', text: E4X_INLINE },
      { name: 'Beyond.xml', text: E4X_BEYOND },
      {
        name: 'Attr.xml',
        text: scriptApi(
          'Attr',
          `<script language="rhinoJs"><![CDATA[var id = mc.getPayloadXML().@ref; mc.setPayloadXML(<got ref={id}>{id}</got>);]]></script>`,
        ),
      },
      {
        name: 'lib.xml',
        text: `<localEntry ${NS} key="tag.js"><![CDATA[function tag(mc) {\n  mc.setPayloadXML(<tagged/>);\n}]]></localEntry>`,
      },
      {
        name: 'lib2.xml',
        text: `<localEntry ${NS} key="count.js"><![CDATA[function count(mc) {\n  for each (var s in mc.getPayloadXML()..sku) {}\n}]]></localEntry>`,
      },
      {
        name: 'KeyedBeyond.xml',
        text: scriptApi('KeyedBeyond', `<script language="js" key="count.js" function="count"/>`),
      },
      { name: 'Keyed.xml', text: scriptApi('Keyed', `<script language="js" key="tag.js" function="tag"/>`) },
      {
        name: 'Plain.xml',
        text: scriptApi(
          'Plain',
          `<script language="js"><![CDATA[var n = 1; mc.setProperty('less', String(n < 2 ? 'yes' : 'no'));]]></script>`,
        ),
      },
    ]);
    assert.deepEqual(res.problems, []);
    warnings = res.warnings;
    const { port } = await rt.start();
    t = { rt, base: `http://127.0.0.1:${port}`, logs, close: () => rt.stop(1000) };
  });
  after(() => t.close());

  it('E4X beyond the translated subset deploys with a warning that names E4X, the construct and its line', () => {
    const w = warnings.find((x) => x.file === 'Beyond.xml');
    assert.ok(w, JSON.stringify(warnings));
    assert.equal(w.code, 'RT_UNSUPPORTED');
    // the script starts on line 2 of the file, the `..` is on line 4
    assert.match(w.message, /E4X \(the descendant operator '\.\.' at Beyond\.xml:4\)/);
    assert.ok(
      !warnings.some((x) => x.file === 'Literal.xml' || x.file === 'Attr.xml'),
      JSON.stringify(warnings),
    );
  });

  it('a message reaching such a script faults with that message; the fault sequence runs', async () => {
    const r = await send(`${t.base}/f3sc/beyond`, {
      body: '<order><sku>A-1</sku></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 500);
    const { error } = r.json() as { error: string };
    assert.match(error, /^script uses E4X .*ECMAScript for XML runs in MI's Rhino engine only/);
  });

  it('the translated subset runs as in MI: ..*::name, an XML literal with a hole, .@name', async () => {
    const r = await send(`${t.base}/f3sc/literal`, {
      body: '<order xmlns:p="urn:p"><p:sku>A-1</p:sku></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    // E4X pretty prints (Rhino XmlProcessor.beautifyElement) and MI reads the payload from that text
    assert.equal(r.text, '<stock>\n  <item>A-1</item>\n</stock>');
    const a = await send(`${t.base}/f3sc/attr`, { body: '<order ref="R&amp;7"/>', type: 'application/xml' });
    assert.equal(a.status, 200, a.text);
    assert.equal(a.text, '<got ref="R&amp;7">R&amp;7</got>');
  });

  it('a keyed script: the subset runs; beyond it, it faults naming the key and the line in it', async () => {
    const r = await send(`${t.base}/f3sc/keyed`, { body: '<x/>', type: 'application/xml' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<tagged/>');
    const b = await send(`${t.base}/f3sc/keyedbeyond`, { body: '<x/>', type: 'application/xml' });
    assert.equal(b.status, 500);
    assert.match(
      (b.json() as { error: string }).error,
      /^script 'count\.js' uses E4X \(the descendant operator '\.\.' at line 2\)/,
    );
  });

  it('a script V8 runs is untouched (a < comparison is no XML literal)', async () => {
    const r = await send(`${t.base}/f3sc/plain`, { body: '<x/>', type: 'application/xml' });
    assert.equal(r.status, 200, r.text);
  });

  it('a plain JavaScript syntax error is still a load problem', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      { name: 'Broken.xml', text: scriptApi('Broken', `<script language="js">var x = ;</script>`) },
    ]);
    assert.equal(res.problems.length, 1);
    assert.equal(res.problems[0]!.code, 'RT_SCRIPT_SYNTAX');
  });

  it('findE4x: each form, and none inside strings or comments', () => {
    assert.equal(findE4x('x = <a b="1"/>;')?.what, 'an XML literal');
    assert.equal(findE4x('return <r>{v}</r>;')?.at, 7);
    assert.equal(findE4x('var c = p..code;')?.what, "the descendant operator '..'");
    assert.equal(findE4x('p.*::code')?.what, "a namespace-qualified name '::'");
    assert.equal(findE4x('p.@id')?.what, "an attribute access '.@'");
    assert.equal(
      findE4x("var s = '<a/> and ..x and a::b'; // p..q\n/* <b/> */ f(...args); if (a < b) {}"),
      undefined,
    );
  });
});
