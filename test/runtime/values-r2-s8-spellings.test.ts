/**
 * Attribute values written in another case or spelling than the canonical one (helper R2, session 8), over real
 * HTTP: the runtime does with them what MI 4.4's factories and mediators do.
 * - payloadFactory media-type="JSON": PayloadFactoryMediatorFactory stores it, PayloadFactoryMediator.mediate builds
 *   a payload only for "xml"/"json"/"text" as written: the message goes on unchanged.
 * - property action="REMOVE": only "remove" as written removes (PropertyMediatorFactory), so it sets.
 * - property type="string": DATA_TYPES.valueOf as written: refused at deploy with a value, a fault per message with
 *   an expression.
 * - endpoint format="SOAP11", optimize, enableAddressing version=" Submission ": trimmed and read in any case
 *   (DefaultEndpointFactory, EndpointDefinitionFactory); format="json" forces nothing.
 * - http endpoint method="post": equalsIgnoreCase (HTTPEndpointFactory.setHttpMethod); method="fetch" is passed
 *   over and the message keeps its own method.
 * - log logFullPayload="TRUE": Boolean.parseBoolean, any case.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('values in another case or spelling behave as in MI (R2, s8)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend();
    const ep = (attrs: string, inner = '') =>
      `<call><endpoint><address uri="${be.url}/r2" ${attrs}>${inner}</address></endpoint></call><respond/>`;
    t = await startRuntime({
      'PfUpper.xml': api(
        'PfUpper',
        '/r2s8/pf-upper',
        `<payloadFactory media-type="JSON"><format>{"made":"$1"}</format><args><arg value="fresh"/></args></payloadFactory><respond/>`,
      ),
      'PfLower.xml': api(
        'PfLower',
        '/r2s8/pf-lower',
        `<payloadFactory media-type="json"><format>{"made":"$1"}</format><args><arg value="fresh"/></args></payloadFactory><respond/>`,
      ),
      'PropRemoveUpper.xml': api(
        'PropRemoveUpper',
        '/r2s8/prop-remove-upper',
        `<property name="Tag" value="first"/><property name="Tag" action="REMOVE" value="second"/>
         <payloadFactory media-type="json"><format>{"tag":"$1"}</format><args><arg expression="$ctx:Tag"/></args></payloadFactory><respond/>`,
      ),
      'PropRemoveLower.xml': api(
        'PropRemoveLower',
        '/r2s8/prop-remove-lower',
        `<property name="Tag" value="first"/><property name="Tag" action="remove"/>
         <payloadFactory media-type="json"><format>{"tag":"$1"}</format><args><arg expression="$ctx:Tag"/></args></payloadFactory><respond/>`,
      ),
      'PropTypeLower.xml': api(
        'PropTypeLower',
        '/r2s8/prop-type-lower',
        `<property name="Tag" expression="//code" type="string"/><respond/>`,
      ),
      'FmtSoap.xml': api('FmtSoap', '/r2s8/fmt-soap', ep('format="SOAP11" optimize="MTOM"')),
      'FmtJson.xml': api('FmtJson', '/r2s8/fmt-json', ep('format="json"')),
      'WsaSub.xml': api(
        'WsaSub',
        '/r2s8/wsa-sub',
        ep('format=" soap11 "', '<enableAddressing version=" Submission "/>'),
      ),
      'MethodLower.xml': api(
        'MethodLower',
        '/r2s8/method-lower',
        `<call><endpoint><http uri-template="${be.url}/r2m" method="post"/></endpoint></call><respond/>`,
      ),
      'MethodOther.xml': api(
        'MethodOther',
        '/r2s8/method-other',
        `<call><endpoint><http uri-template="${be.url}/r2m" method="fetch"/></endpoint></call><respond/>`,
      ),
      'RouterExplicit.xml': api(
        'RouterExplicit',
        '/r2s8/router-explicit',
        `<conditionalRouter continueAfter=" Yes ">
           <conditionalRoute breakRoute="NO"><condition><match type="header" source="X-Lane" regex="a.*"/></condition>
             <target><sequence><property name="Seen" value="first"/></sequence></target></conditionalRoute>
           <conditionalRoute><condition><match type="header" source="X-Lane" regex=".*"/></condition>
             <target><sequence><property name="Seen" expression="concat($ctx:Seen, '+second')"/></sequence></target></conditionalRoute>
         </conditionalRouter>
         <payloadFactory media-type="json"><format>{"seen":"$1"}</format><args><arg expression="$ctx:Seen"/></args></payloadFactory><respond/>`,
      ),
      'CloneGoOn.xml': api(
        'CloneGoOn',
        '/r2s8/clone-go-on',
        `<clone continueParent="YES"><target><sequence><drop/></sequence></target></clone>
         <payloadFactory media-type="json"><format>{"after":"clone"}</format></payloadFactory><respond/>`,
      ),
      'NotStarted.xml': `<proxy ${NS} name="NotStarted" startOnLoad="no"><target><inSequence><respond/></inSequence></target></proxy>`,
      'Started.xml': `<proxy ${NS} name="Started" startOnLoad="True"><target><inSequence><respond/></inSequence></target></proxy>`,
      'VerUrl.xml': `<api ${NS} name="VerUrl" context="/r2s8/ver" version="2.1" version-type=" url "><resource methods="GET" uri-template="/ping"><inSequence><payloadFactory media-type="json"><format>{"v":"2.1"}</format></payloadFactory><respond/></inSequence></resource></api>`,
      'ValueFirst.xml': api(
        'ValueFirst',
        '/r2s8/value-first',
        `<property name="P" value="from-value" expression="//code"/>
         <variable name="V" value="var-value" expression="\${payload.code}"/>
         <header name="X-Pick" scope="transport" value="hdr-value" expression="//code"/>
         <payloadFactory media-type="json"><format>{"p":"$1","v":"$2","a":"$3"}</format>
           <args><arg expression="$ctx:P"/><arg expression="\${vars.V}"/><arg value="arg-value" expression="//code"/></args></payloadFactory>
         <respond/>`,
      ),
      'BothPaths.xml': `<api ${NS} name="BothPaths" context="/r2s8/both"><resource methods="GET" url-mapping="/m/*" uri-template="/t/{x}"><inSequence><payloadFactory media-type="json"><format>{"via":"url-mapping"}</format></payloadFactory><respond/></inSequence></resource></api>`,
      'ScoreLib.xml': `<localEntry ${NS} key="scoreLib"><![CDATA[function score(mc, base, bonus, order) {
  return { total: base + bonus, items: order.items.length, who: mc.getProperty('Who') };
}
function label(mc, word) { return word.toUpperCase(); }]]></localEntry>`,
      'ScriptV2.xml': api(
        'ScriptV2',
        '/r2s8/script-v2',
        `<property name="Who" value="r2"/>
         <script language="js" key="scoreLib" function="score" target="Variable" target-variable="result">
           <inputs><argument name="base" type="INTEGER" value="40"/><argument name="bonus" type="INTEGER" expression="\${payload.bonus}"/><argument name="order" type="JSON" expression="\${payload.order}"/></inputs>
         </script>
         <script language="js" key="scoreLib" function="label" target="none"><inputs><argument name="word" type="STRING" value="x"/></inputs></script>
         <payloadFactory media-type="json"><format>{"total":\${vars.result.total},"items":\${vars.result.items},"who":"\${vars.result.who}"}</format></payloadFactory>
         <respond/>`,
      ),
      'ScriptV2Body.xml': api(
        'ScriptV2Body',
        '/r2s8/script-v2-body',
        `<property name="Who" value="b"/><script language="js" key="scoreLib" function="score" target="BODY">
           <inputs><argument name="base" type="INTEGER" value="1"/><argument name="bonus" type="INTEGER" value="2"/><argument name="order" type="JSON" value='{"items":[1,2,3]}'/></inputs>
         </script>
         <respond/>`,
      ),
      'LogFull.xml': api(
        'LogFull',
        '/r2s8/log-full',
        `<log level="simple" logFullPayload="TRUE"><property name="who" value="r2"/></log><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  it('payloadFactory media-type="JSON" leaves the message as it was; "json" builds the payload', async () => {
    const body = JSON.stringify({ kept: [1, 2] });
    const upper = await send(`${t.base}/r2s8/pf-upper`, { body, type: 'application/json' });
    assert.equal(upper.status, 200);
    assert.deepEqual(JSON.parse(upper.text), { kept: [1, 2] });
    assert.match(upper.headers.get('content-type') ?? '', /application\/json/);
    const lower = await send(`${t.base}/r2s8/pf-lower`, { body, type: 'application/json' });
    assert.deepEqual(JSON.parse(lower.text), { made: 'fresh' });
  });

  it('property action="REMOVE" sets the property (only "remove" removes it)', async () => {
    const upper = await send(`${t.base}/r2s8/prop-remove-upper`, { body: '{}', type: 'application/json' });
    assert.deepEqual(JSON.parse(upper.text), { tag: 'second' });
    const lower = await send(`${t.base}/r2s8/prop-remove-lower`, { body: '{}', type: 'application/json' });
    assert.deepEqual(JSON.parse(lower.text), { tag: '' });
  });

  it('property type="string" with an expression fails the message, as DATA_TYPES.valueOf does', async () => {
    const r = await send(`${t.base}/r2s8/prop-type-lower`, {
      body: '<order><code>A7</code></order>',
      type: 'application/xml',
    });
    // no fault sequence: the error goes to the default fault handling (logged, no payload comes back)
    assert.doesNotMatch(r.text, /A7/);
    assert.ok(
      t.logs.some((l) => /Unknown type : string for the property mediator/.test(l.message)),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('property or variable type in another case with a value is refused at deploy (RT_BAD_TYPE)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'BadTypes.xml',
        text: `<sequence ${NS} name="BadTypes"><property name="a" value="1" type="integer"/><variable name="b" value="2" type="Long"/><property name="c" action="REMOVE"/></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      ['RT_BAD_TYPE', 'RT_BAD_TYPE', 'RT_MISSING_VALUE'],
    );
  });

  it('endpoint format="SOAP11" sends a SOAP 1.1 envelope; format="json" forces nothing', async () => {
    be.requests.length = 0;
    const xml = '<order><code>B2</code></order>';
    const soap = await send(`${t.base}/r2s8/fmt-soap`, { body: xml, type: 'application/xml' });
    assert.equal(soap.status, 200);
    const got = be.requests.at(-1)!;
    assert.match(got.headers['content-type'] ?? '', /text\/xml/);
    assert.match(
      got.body,
      /<soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"/,
    );
    assert.match(got.body, /<order><code>B2<\/code><\/order>/);
    await send(`${t.base}/r2s8/fmt-json`, { body: xml, type: 'application/xml' });
    const plain = be.requests.at(-1)!;
    assert.match(plain.headers['content-type'] ?? '', /application\/xml/);
    assert.doesNotMatch(plain.body, /Envelope/);
  });

  it('enableAddressing version=" Submission " writes the submission WS-Addressing namespace', async () => {
    be.requests.length = 0;
    const r = await send(`${t.base}/r2s8/wsa-sub`, { body: '<ping/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    const got = be.requests.at(-1)!;
    assert.match(got.body, /http:\/\/schemas\.xmlsoap\.org\/ws\/2004\/08\/addressing/);
    assert.doesNotMatch(got.body, /http:\/\/www\.w3\.org\/2005\/08\/addressing/);
  });

  it('http endpoint method="post" posts; an unknown method keeps the message method', async () => {
    be.requests.length = 0;
    await send(`${t.base}/r2s8/method-lower`, { method: 'PUT', body: '{"n":1}', type: 'application/json' });
    assert.equal(be.requests.at(-1)!.method, 'POST');
    await send(`${t.base}/r2s8/method-other`, { method: 'PUT', body: '{"n":1}', type: 'application/json' });
    assert.equal(be.requests.at(-1)!.method, 'PUT');
  });

  it('conditionalRouter continueAfter=" Yes " and breakRoute="NO" are read as JavaUtils does (true / false)', async () => {
    const r = await send(`${t.base}/r2s8/router-explicit`, {
      body: '{}',
      type: 'application/json',
      headers: { 'X-Lane': 'abc' },
    });
    assert.equal(r.status, 200);
    // breakRoute="NO": the second route runs too; continueAfter=" Yes ": the flow goes on to the payloadFactory
    assert.deepEqual(JSON.parse(r.text), { seen: 'first+second' });
  });

  it('a literal value that does not convert to its type is refused at load (RT_BAD_VALUE)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'BadValues.xml',
        text: `<sequence ${NS} name="BadValues"><property name="a" value="12x" type="INTEGER"/><variable name="b" value="7.5" type="LONG"/><property name="c" value="$SYSTEM:PORT" type="INTEGER"/><property name="d" value="40" type="SHORT"/></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      // $SYSTEM:PORT too: PropertyMediatorFactory converts the value as written (no ResolverFactory for a mediator)
      ['RT_BAD_VALUE', 'RT_BAD_VALUE', 'RT_BAD_VALUE'],
    );
  });

  it('clone continueParent="YES" lets the parent go on (CloneMediatorFactory: JavaUtils.isTrueExplicitly)', async () => {
    const r = await send(`${t.base}/r2s8/clone-go-on`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { after: 'clone' });
  });

  it('proxy startOnLoad is read with Boolean.valueOf: "no" does not start it, "True" does', async () => {
    const off = await send(`${t.base}/services/NotStarted`, { body: 'x', type: 'text/plain' });
    assert.equal(off.status, 404);
    const on = await send(`${t.base}/services/Started`, { body: 'x', type: 'text/plain' });
    assert.equal(on.status, 200);
  });

  it('api version-type=" url " is read trimmed (VersionStrategyFactory): the version follows the context', async () => {
    const r = await send(`${t.base}/r2s8/ver/2.1/ping`);
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { v: '2.1' });
  });

  it('value and expression both given: value is used, as the factories read it first', async () => {
    const r = await send(`${t.base}/r2s8/value-first`, {
      body: '<order><code>EXPR</code></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { p: 'from-value', v: 'var-value', a: 'arg-value' });
    assert.equal(r.headers.get('x-pick'), 'hdr-value');
  });

  it('a resource with url-mapping and uri-template dispatches by url-mapping (ResourceFactory reads it first)', async () => {
    const m = await send(`${t.base}/r2s8/both/m/anything`);
    assert.equal(m.status, 200);
    assert.deepEqual(JSON.parse(m.text), { via: 'url-mapping' });
    const u = await send(`${t.base}/r2s8/both/t/1`);
    assert.equal(u.status, 404);
  });

  it('MI 4.4 script form: a keyed function gets mc and the typed inputs, its result goes to a variable or the body', async () => {
    const body = JSON.stringify({ bonus: 2, order: { items: ['a', 'b', 'c'] } });
    const r = await send(`${t.base}/r2s8/script-v2`, { body, type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(JSON.parse(r.text), { total: 42, items: 3, who: 'r2' });
    const b = await send(`${t.base}/r2s8/script-v2-body`, { body: '{}', type: 'application/json' });
    assert.equal(b.status, 200, b.text);
    assert.deepEqual(JSON.parse(b.text), { total: 3, items: 3, who: 'b' });
  });

  it('log logFullPayload="TRUE" logs the whole payload (Boolean.parseBoolean)', async () => {
    const r = await send(`${t.base}/r2s8/log-full`, {
      body: '<note><text>r2-body-marker</text></note>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.ok(
      t.logs.some((l) => /r2-body-marker/.test(l.message) && /who = r2/.test(l.message)),
      t.logs.map((l) => l.message).join('\n'),
    );
  });
});
