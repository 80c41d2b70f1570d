/**
 * The datamapper mediator in the embedded runtime: a compiled mapping (.dmc) with its schemas, read from the project's
 * resources (MI 4.4 `resources:` keys and `gov:` registry keys), over real HTTP through an API.
 * Fixtures (our own mappings, .ts source and the .dmc it compiles to): test/fixtures/datamapper/.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

const FIXTURE = join(__dirname, '..', 'fixtures', 'datamapper');

function readTree(dir: string, out: Record<string, string> = {}): Record<string, string> {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) readTree(p, out);
    else out[relative(FIXTURE, p).split('\\').join('/')] = readFileSync(p, 'utf8');
  }
  return out;
}

describe('runtime: datamapper mediator', () => {
  let t: TestRuntime;
  let base: string;
  before(async () => {
    const files = readTree(FIXTURE);
    // broken configurations, next to the correct project
    files['src/main/wso2mi/artifacts/apis/BrokenDM.xml'] = `<api ${NS} name="BrokenDM" context="/broken">
  <resource methods="POST" uri-template="/missing"><inSequence>
    <datamapper config="resources:datamapper/Nope/Nope.dmc" inputSchema="resources:datamapper/Nope/Nope_inputSchema.json" outputSchema="resources:datamapper/Nope/Nope_outputSchema.json" inputType="JSON" outputType="JSON"/>
    <respond/>
  </inSequence></resource>
  <resource methods="POST" uri-template="/noschema"><inSequence>
    <datamapper config="resources:datamapper/Legacy/Legacy.dmc" inputSchema="resources:datamapper/Legacy/None_inputSchema.json" outputSchema="resources:datamapper/Legacy/Legacy_outputSchema.json" inputType="JSON" outputType="JSON"/>
    <respond/>
  </inSequence></resource>
  <resource methods="POST" uri-template="/typescript"><inSequence>
    <datamapper config="resources:datamapper/Bad/Typed.dmc" inputSchema="resources:datamapper/Legacy/Legacy_inputSchema.json" outputSchema="resources:datamapper/Legacy/Legacy_outputSchema.json" inputType="JSON" outputType="JSON"/>
    <respond/>
  </inSequence></resource>
  <resource methods="GET" uri-template="/ping"><inSequence>
    <payloadFactory media-type="json"><format>{"pong":true}</format><args/></payloadFactory>
    <respond/>
  </inSequence></resource>
  <resource methods="POST" uri-template="/spin"><inSequence>
    <datamapper config="resources:datamapper/Bad/Spin.dmc" inputSchema="resources:datamapper/Legacy/Legacy_inputSchema.json" outputSchema="resources:datamapper/Legacy/Legacy_outputSchema.json" inputType="JSON" outputType="JSON"/>
    <respond/>
  </inSequence></resource>
</api>`;
    // a .ts copied over the .dmc, and a mapping that keeps queueing promise jobs
    files['src/main/wso2mi/resources/datamapper/Bad/Typed.dmc'] =
      'interface Root {\n  msg: string\n}\nfunction mapFunction(input: Root) {\n  return { echo: input.msg };\n}\n';
    files['src/main/wso2mi/resources/datamapper/Bad/Spin.dmc'] =
      'function mapFunction(input) {\n  const spin = () => Promise.resolve().then(spin);\n  spin();\n  return { echo: input.msg };\n}\n';
    t = await startProjectRuntime(files, 'datamapper');
    base = `${t.base}/dm`;
  });
  after(() => t.close());

  it('loads without the editor-only warning', () => {
    assert.ok(!t.logs.some((l) => /RT_EDITOR_ONLY/.test(l.message) && /datamapper/.test(l.message)));
  });

  it('JSON to JSON: numbers and booleans, a DM_PROPERTIES property, dm-utils calls, compiled once', async () => {
    const order = {
      orderId: 'A-1',
      customer: { name: 'ada', vip: true },
      lines: [
        { sku: 'x', qty: 2, price: 1.5 },
        { sku: 'y', qty: 1, price: 4 },
      ],
    };
    const r = await send(`${base}/order`, {
      body: JSON.stringify(order),
      type: 'application/json',
      headers: { 'X-Region': 'eu-west' },
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    const first = r.json() as Record<string, unknown>;
    assert.deepEqual(first, {
      id: 'A-1',
      customer: 'ADA',
      vip: true,
      lineCount: 2,
      total: 7,
      channel: 'web',
      region: 'eu-west',
      loads: 1,
    });
    // the next mediator reads the mapping's output
    assert.ok(t.logs.some((l) => l.message === 'dmCustomer = ADA'));
    // the .dmc's top-level code ran once: a second message sees the same context
    const again = await send(`${base}/order`, {
      body: JSON.stringify({ ...order, lines: [{ sku: 'z', qty: 3, price: 0.5 }] }),
      type: 'application/json',
    });
    assert.equal(again.status, 200, again.text);
    const second = again.json() as Record<string, unknown>;
    assert.equal(second.loads, 1);
    assert.equal(second.total, 1.5);
    assert.equal(second.lineCount, 1);
    assert.equal(second.region, '', 'a property that is not set reads as an empty string, as in MI');
  });

  it('concurrent messages each get their own result', async () => {
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(`${base}/order`, {
          body: JSON.stringify({
            orderId: `C-${i}`,
            customer: { name: `n${i}`, vip: i % 2 === 0 },
            lines: [{ sku: 's', qty: i, price: 2 }],
          }),
          type: 'application/json',
        }),
      ),
    );
    replies.forEach((r, i) => {
      assert.equal(r.status, 200, r.text);
      const v = r.json() as Record<string, unknown>;
      assert.deepEqual([v.id, v.customer, v.vip, v.total], [`C-${i}`, `N${i}`, i % 2 === 0, i * 2]);
    });
  });

  it('XML to JSON: attributes, typed fields, arrays of one and of many, encoded hyphen names', async () => {
    const many = await send(`${base}/person`, {
      body:
        '<person id="7"><name>Grace</name><nick-name>gh</nick-name><age>42.5</age><active>true</active>' +
        '<address kind="home"><city>Arlington</city></address><extra>ignored</extra>' +
        '<phone>111</phone><phone>222</phone><tag lang="en">admiral</tag><tag lang="fr">amirale</tag></person>',
      type: 'application/xml',
    });
    assert.equal(many.status, 200, many.text);
    assert.match(many.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(many.json(), {
      id: 7,
      name: 'Grace',
      nick: 'gh',
      age: 42.5,
      active: true,
      city: 'Arlington',
      kind: 'home',
      phones: ['111', '222'],
      phoneCount: 2,
      tags: ['en:admiral', 'fr:amirale'],
    });
    const one = await send(`${base}/person`, {
      body:
        '<person id="8"><name>Ada</name><nick-name>al</nick-name><age>36</age><active>false</active>' +
        '<address kind="work"><city>London</city></address><phone>333</phone></person>',
      type: 'text/xml',
    });
    assert.equal(one.status, 200, one.text);
    const card = one.json() as Record<string, unknown>;
    assert.deepEqual(card.phones, ['333'], 'one element still makes an array when the schema says array');
    assert.equal(card.phoneCount, 1);
    assert.equal(card.age, 36);
    assert.equal(card.active, false);
    assert.deepEqual(card.tags, []);
  });

  it('XML input with a value the schema types as a number faults with DM_INPUT_VALUE', async () => {
    const n = t.logs.length;
    const r = await send(`${base}/person`, {
      body: '<person id="9"><name>X</name><age>old</age><active>true</active><address><city>c</city></address></person>',
      type: 'application/xml',
    });
    assert.equal(r.status, 202, r.text);
    assert.equal(r.text, '');
    assert.match(loggedSince(t.logs, n), /DM_INPUT_VALUE/);
    assert.match(loggedSince(t.logs, n), /'old' in age is not a number/);
  });

  it("JSON to XML: the output schema's root and namespace, attributes, element text, repeated elements", async () => {
    const r = await send(`${base}/invoice`, {
      body: JSON.stringify({
        no: 'N-9',
        who: 'ACME & Sons',
        paid: false,
        items: [
          { sku: 'a', qty: 2, price: 1.25 },
          { sku: 'b', qty: 5, price: 1 },
        ],
      }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /application\/xml/);
    assert.equal(
      r.text,
      '<inv:invoice xmlns:inv="urn:example:invoice" number="N-9"><inv:customer>ACME &amp; Sons</inv:customer>' +
        '<inv:currency code="EUR">euro</inv:currency>' +
        '<inv:line sku="a">2</inv:line><inv:line sku="b">5</inv:line><inv:total>7.5</inv:total>' +
        '<inv:paid>false</inv:paid></inv:invoice>',
    );
    const one = await send(`${base}/invoice`, {
      body: JSON.stringify({ no: 'N-10', who: 'Z', paid: true, items: [{ sku: 'c', qty: 1, price: 3 }] }),
      type: 'application/json',
    });
    assert.equal(one.status, 200, one.text);
    assert.match(
      one.text,
      /<inv:line sku="c">1<\/inv:line><inv:total>3<\/inv:total><inv:paid>true<\/inv:paid>/,
    );
  });

  it('CSV to CSV with the types taken from the schemas: rows typed by the input schema, quoted cells', async () => {
    const r = await send(`${base}/roster`, {
      body: 'Ada,36,false\r\n"Hopper, Grace",85,false\r\nroot,1,true\r\n',
      type: 'text/plain',
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.headers.get('content-type') ?? '', /text\/plain/);
    assert.equal(r.text, 'Ada (36),37\n"Hopper, Grace (85)",86');
  });

  it("a mapping that throws reaches the fault sequence with MI's message; the log has its own and the .dmc line", async () => {
    const n = t.logs.length;
    const r = await send(`${base}/order`, {
      body: JSON.stringify({
        orderId: 'B',
        customer: { name: 'b', vip: false },
        lines: [{ sku: 'neg', qty: -1, price: 1 }],
      }),
      type: 'application/json',
    });
    assert.equal(r.status, 422, r.text);
    // DataMapperMediator.transformWithSchemaValidation: handleException("DataMapper mediator : mapping failed", e)
    assert.equal((r.json() as { fault: string }).fault, 'DataMapper mediator : mapping failed');
    const log = loggedSince(t.logs, n);
    assert.match(log, /DM_SCRIPT_ERROR/);
    assert.match(log, /negative quantity for neg/);
    assert.match(log, /OrderSummary\.dmc' threw at line 10/);
    assert.match(log, /DataMapperAPI\.xml:\d+/);
  });

  it('a payload of the wrong type faults with DM_INPUT_TYPE', async () => {
    const r = await send(`${base}/order`, {
      body: '<order><orderId>1</orderId></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 422, r.text);
    assert.match(
      (r.json() as { fault: string }).fault,
      /DM_INPUT_TYPE inputType is JSON but the message is not JSON/,
    );
  });

  it('mapFunction without a map_S_ entry point runs, in a sandbox without process, require or code generation', async () => {
    const r = await send(`${base}/legacy`, { body: '{"msg":"hi"}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      echo: 'hi',
      process: 'undefined',
      require: 'undefined',
      functionConstructor: 'blocked',
    });
  });

  it('a .ts without its .dmc is built from the .ts and runs (MI 4.4 keeps only the .ts)', async () => {
    const r = await send(`${base}/draft`, { body: '{"msg":"hi"}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { echo: 'hi' });
  });

  it('a missing .dmc or schema faults with its code, file and line', async () => {
    let n = t.logs.length;
    const missing = await send(`${t.base}/broken/missing`, { body: '{}', type: 'application/json' });
    assert.equal(missing.status, 202, missing.text);
    const m1 = loggedSince(t.logs, n);
    assert.match(m1, /DM_MISSING_CONFIG/);
    assert.match(m1, /Nope\.dmc/);
    assert.match(m1, /BrokenDM\.xml:3/);
    n = t.logs.length;
    const noSchema = await send(`${t.base}/broken/noschema`, {
      body: '{"msg":"x"}',
      type: 'application/json',
    });
    assert.equal(noSchema.status, 202, noSchema.text);
    const m2 = loggedSince(t.logs, n);
    assert.match(
      m2,
      /DM_MISSING_SCHEMA the input schema 'resources:datamapper\/Legacy\/None_inputSchema\.json'/,
    );
    assert.match(m2, /BrokenDM\.xml:7/);
  });

  it('a .dmc that is TypeScript faults with DM_SYNTAX, its line and a hint', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/broken/typescript`, { body: '{"msg":"x"}', type: 'application/json' });
    assert.equal(r.status, 202, r.text);
    const msg = loggedSince(t.logs, n);
    assert.match(
      msg,
      /DM_SYNTAX the mapping 'resources:datamapper\/Bad\/Typed\.dmc' is not valid JavaScript at line 1/,
    );
    assert.match(msg, /looks like TypeScript/);
  });

  it('the time limit covers promise jobs the mapping queues (DM_TIMEOUT); other messages go on meanwhile', async () => {
    const order: string[] = [];
    const n = t.logs.length;
    const spin = send(`${t.base}/broken/spin`, { body: '{"msg":"x"}', type: 'application/json' }).then(
      (r) => {
        order.push('spin');
        return r;
      },
    );
    // the runaway mapping runs off the main thread: a message that does not use it is answered first
    const ping = await send(`${t.base}/broken/ping`);
    order.push('ping');
    assert.deepEqual(ping.json(), { pong: true });
    const r = await spin;
    assert.deepEqual(order, ['ping', 'spin']);
    assert.equal(r.status, 202, r.text);
    assert.match(loggedSince(t.logs, n), /DM_TIMEOUT/);
    // the sandbox was replaced; the mappings already loaded still run
    const ok = await send(`${base}/legacy`, { body: '{"msg":"still here"}', type: 'application/json' });
    assert.equal((ok.json() as { echo: string }).echo, 'still here');
  });
});
