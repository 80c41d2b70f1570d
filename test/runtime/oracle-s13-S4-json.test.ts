/**
 * Session 13 (S4) oracle sweep of MI's contenttype/json, json and rest integration tests: proxies and APIs in front of
 * a small JSON store back end (our own names and values). Each case names the MI test class it mirrors.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

/** A proxy service around the given inSequence (and optional outSequence). */
function proxy(name: string, inSeq: string, outSeq = '<send/>'): string {
  return `<proxy ${NS} name="${name}" transports="http https" startOnLoad="true"><target><inSequence>${inSeq}</inSequence><outSequence>${outSeq}</outSequence></target></proxy>`;
}

describe('oracle S13 S4: JSON through proxies and APIs to a JSON store (MI contenttype/json tests)', () => {
  let t: TestRuntime;
  let store: Backend;
  const shelf = new Map<string, string>();
  before(async () => {
    // a JAX-RS-like store: POST/PUT keep the body (201, application/json), GET ?title=x answers it (200)
    store = await startBackend((req, res) => {
      const u = new URL(req.url ?? '/', 'http://x');
      if (req.method === 'POST' || req.method === 'PUT') {
        const title = (JSON.parse(req.body) as { title: string }).title;
        shelf.set(title, req.body);
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(req.body);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(shelf.get(u.searchParams.get('title') ?? '') ?? '{}');
    });
    const post = `<send><endpoint><http method="POST" uri-template="${store.url}/books"/></endpoint></send>`;
    const get = (title: string) =>
      `<send><endpoint><http method="GET" uri-template="${store.url}/books?title=${title}"/></endpoint></send>`;
    t = await startRuntime({
      'ShelfInline.xml': proxy(
        'ShelfInline',
        `<filter source="get-property('axis2','HTTP_METHOD')" regex="POST"><then>
           <payloadFactory media-type="json"><format>{"title":"Dune","by":"FH"}</format><args/></payloadFactory>
           <send><endpoint><address uri="${store.url}/books"/></endpoint></send></then>
         <else>${get('Dune')}</else></filter>`,
      ),
      'ShelfSwitch.xml': proxy(
        'ShelfSwitch',
        `<switch source="json-eval($.title)">
           <case regex="Emma"><property name="which" value="kept"/></case>
           <case regex="Ulysses">${post}</case>
         </switch>`,
      ),
      'ShelfPath.xml': proxy(
        'ShelfPath',
        `<property name="HTTP_METHOD" value="POST" scope="axis2"/>
         <payloadFactory media-type="json"><format>{"title":"$1","by":"$2"}</format>
           <args><arg value="Persuasion"/><arg evaluator="json" expression="$.title"/></args></payloadFactory>
         <property name="picked" expression="json-eval($.title)"/>
         <log><property name="picked" expression="get-property('picked')"/></log>
         ${post}`,
        `<log level="full"/><send/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await store?.close();
  });

  it('a JSON body built by an inline payloadFactory is what the back end keeps; the pass-through answer keeps the back end type (MI JSONPayloadFactoryInLineTestCase)', async () => {
    const r = await send(`${t.base}/services/ShelfInline`, {
      body: '{"title":"x","by":"y"}',
      type: 'application/json',
    });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('content-type'), 'application/json');
    const g = await send(`${t.base}/services/ShelfInline`, { type: 'application/json' });
    assert.equal(g.status, 200);
    assert.equal(g.text, '{"title":"Dune","by":"FH"}');
  });

  it('a switch on json-eval sends one case on (201 as relayed) and answers 202 for a case that sends nothing (MI JSONWithSwitchMediatorTestCase)', async () => {
    const body = '{"title":"Ulysses","by":"JJ"}';
    const r = await send(`${t.base}/services/ShelfSwitch`, { body, type: 'application/json' });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('content-type'), 'application/json');
    assert.equal(r.text, body);
    const k = await send(`${t.base}/services/ShelfSwitch`, {
      body: '{"title":"Emma"}',
      type: 'application/json',
    });
    assert.equal(k.status, 202);
    assert.equal(k.text, '');
  });

  it('json-eval on a payloadFactory result logs the new value; an answer built by log full gets charset=UTF-8 (MI JSONWithPropertyMediatorTestCase, LoggingWithJSONTestCase)', async () => {
    const r = await send(`${t.base}/services/ShelfPath`, {
      body: '{"title":"Sense"}',
      type: 'application/json',
    });
    assert.equal(r.status, 201);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.equal(r.text, '{"title":"Persuasion","by":"Sense"}');
    assert.ok(
      t.logs.some((l) => l.message.includes('picked = Persuasion')),
      'log of the new value',
    );
  });
});

describe('oracle S13 S4: JSON payload cases of MI tests-patches json', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'BrokenJson.xml': `<api ${NS} name="BrokenJson" context="/broken-json"><resource methods="POST"><inSequence>
          <log><property name="peek" expression="//greeting"/></log><drop/></inSequence>
        <faultSequence><payloadFactory media-type="json"><format>{"oops": "caught"}  </format><args/></payloadFactory>
          <property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence></resource></api>`,
      'AsXml.xml': `<api ${NS} name="AsXml" context="/as-xml"><resource methods="POST"><inSequence>
          <property name="messageType" value="application/xml" scope="axis2"/><respond/></inSequence></resource></api>`,
      'OddKeys.xml': `<api ${NS} name="OddKeys" context="/odd-keys"><resource methods="GET"><inSequence>
          <payloadFactory media-type="json"><format>{"@meta.next": "p2", "rows": [{"k": "r1", "@gone": {"why": "old"}}]}</format><args/></payloadFactory>
          <log level="full"/>
          <property name="kept" expression="json-eval($)"/>
          <payloadFactory media-type="json"><format>{"ref": "A1", "inner": $1}</format><args><arg expression="$ctx:kept"/></args></payloadFactory>
          <respond/></inSequence></resource></api>`,
      'NoMatch.xml': `<api ${NS} name="NoMatch" context="/no-match"><resource methods="POST" uri-template="/{how}"><inSequence>
          <switch source="$ctx:uri.var.how">
            <case regex="filter"><enrich><source clone="true" xpath="json-eval($.items[?(@.tag == 'z')])"/><target type="body" action="remove"/></enrich></case>
            <case regex="star"><enrich><source clone="true" xpath="json-eval($.faults.*)"/><target type="body" action="remove"/></enrich></case>
            <case regex="each"><foreach expression="json-eval($.items[?(@.id == 'q')])"><sequence><log level="custom"><property name="id" expression="json-eval($.id)"/></log></sequence></foreach></case>
          </switch>
          <loopback/></inSequence><outSequence><respond/></outSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('enrich remove and foreach over JSONPaths that match nothing leave the body as it came, through loopback (MI JsonPathTestCase)', async () => {
    const a = '{"items":[{"id":"p","tag":"x"},{"id":"r","tag":"y"}]}';
    const b = '{"outcome":{"done":true,"state":"fine"},"faults":[]}';
    for (const [how, body] of [
      ['filter', a],
      ['star', b],
      ['each', a],
    ])
      assert.equal(
        (await send(`${t.base}/no-match/${how}`, { body, type: 'application/json' })).text,
        body,
        how,
      );
    assert.ok(
      t.logs.some((l) =>
        l.message.includes("No elements found for the JSONPath : json-eval($.items[?(@.id == 'q')])"),
      ),
      'ForEachMediator logs the empty match',
    );
  });

  it('malformed JSON read by an XPath faults into the resource faultSequence, whose status and body are answered (MI EI2757MalformedJSONPayloadFaultyTestCase)', async () => {
    const r = await send(`${t.base}/broken-json`, { body: '{"greeting": "hi}', type: 'application/json' });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { oops: 'caught' });
  });

  it('JSON "@" members become attributes of their element whatever their order (MI EI4638JsontoXMLwithAttributePairsTestCase)', async () => {
    const r = await send(`${t.base}/as-xml`, {
      body: '{"@kind": "memo", "text": "hello", "@from": "desk"}',
      type: 'application/json',
    });
    assert.equal(r.text, '<jsonObject kind="memo" from="desk"><text>hello</text></jsonObject>');
  });

  it('keys starting with "@" and holding dots survive json-eval into a payloadFactory argument (MI JSONObjectNameWithSpecialCharacterTestCase)', async () => {
    const r = await send(`${t.base}/odd-keys`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      ref: 'A1',
      inner: { '@meta.next': 'p2', rows: [{ k: 'r1', '@gone': { why: 'old' } }] },
    });
  });
});
