/**
 * JSON that does not parse, as Micro Integrator treats it (facts from wso2-synapse: SynapseJsonPath.stringValueOf
 * answers "" when Jayway cannot read the stream and the whole text for `$`; JsonUtil.getNewJsonPayload keeps a
 * payloadFactory result as the stream it is after looking at its first significant character; RelayUtils
 * .buildMessage leaves the empty envelope when the builder fails). Our own fixtures, real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('fidelity O1: JSON that does not parse (json-eval, payloadFactory, a body the builder refuses)', () => {
  let t: TestRuntime;
  let cut: Backend;
  let xmlLie: Backend;
  let loose: Backend;
  let notJson: Backend;
  before(async () => {
    // a back end that says JSON and answers a sentence in braces (MI's builder keeps it: it starts with `{`; a bare
    // sentence with a t/n/f or a digit in it would be refused as a JSON value, JsonUtil.getNewJsonPayload)
    notJson = await startBackend((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.end('{Ticket T-9 booked}');
    });
    // a back end answering JSON as a payloadFactory may write it (an unquoted string)
    loose = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ticket": T-9, "seat": "14C"}');
    });
    // a back end whose JSON stops in the middle of an array
    cut = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('[{"ticket":"T-9","seat":"14C"},{"ticket":"T-1');
    });
    // a back end that says XML and sends JSON
    xmlLie = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('[{"ticket":"T-9"}]');
    });
    const failed = `<faultSequence><log level="full"><property name="why" expression="get-property('ERROR_MESSAGE')"/></log>
      <payloadFactory media-type="json"><format>{"state": "broken, "why": "$1"}</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory>
      <property name="HTTP_SC" value="502" scope="axis2"/><respond/></faultSequence>`;
    t = await startRuntime({
      'Cut.xml': api(
        'Cut',
        '/o1/cut',
        `<property name="seat" expression="json-eval($.order.seat)"/>
         <property name="all" expression="json-eval($)"/>
         <log level="custom"><property name="seat" expression="$ctx:seat"/><property name="first" expression="json-eval($[0].ticket)"/><property name="all" expression="$ctx:all"/></log>
         <respond/>`,
      ),
      'CutBackend.xml': `<api ${NS} name="CutBackend" context="/o1/cut-backend"><resource methods="GET"><inSequence>
         <call><endpoint><address uri="${cut.url}/tickets"/></endpoint></call>
         <property name="ticket" expression="json-eval($[0].ticket)"/>
         <log level="custom"><property name="ticket" expression="$ctx:ticket"/></log>
         <respond/></inSequence>${failed}</resource></api>`,
      'XmlLie.xml': `<api ${NS} name="XmlLie" context="/o1/xml-lie"><resource methods="GET"><inSequence>
         <call><endpoint><address uri="${xmlLie.url}/tickets"/></endpoint></call>
         <property name="ticket" expression="//ticket"/>
         <respond/></inSequence>${failed}</resource></api>`,
      'Verbatim.xml': api(
        'Verbatim',
        '/o1/verbatim',
        `<payloadFactory media-type="json"><format>{ "label": $1,
   "note": "line one
line two" }</format><args><arg expression="json-eval($.name)"/></args></payloadFactory>
         <log level="custom"><property name="label" expression="json-eval($.label)"/></log>
         <respond/>`,
      ),
      'LoneValue.xml': `<api ${NS} name="LoneValue" context="/o1/lone"><resource methods="POST"><inSequence>
         <payloadFactory media-type="json"><format>nothing here</format></payloadFactory><respond/></inSequence>
         <faultSequence><payloadFactory media-type="xml"><format><err xmlns="">$1</err></format><args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
         <property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence></resource></api>`,
      'Loose.xml': `<api ${NS} name="Loose" context="/o1/loose"><resource methods="GET"><inSequence>
         <call><endpoint><address uri="${loose.url}/t"/></endpoint></call>
         <log level="custom"><property name="ticket" expression="json-eval($.ticket)"/><property name="seat" expression="\${payload.seat}"/></log>
         <respond/></inSequence></resource></api>`,
      'LogFails.xml': `<api ${NS} name="LogFails" context="/o1/log-fails"><resource methods="POST"><inSequence>
         <log level="custom"><property name="path" expression="json-eval($.seat)"/></log>
         <log level="custom"><property name="expr" expression="\${payload.seat}"/></log>
         <respond/></inSequence>
         <faultSequence><payloadFactory media-type="xml"><format><failed xmlns="">$1</failed></format><args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
         <property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence></resource></api>`,
      'NotJsonLog.xml': `<api ${NS} name="NotJsonLog" context="/o1/not-json"><resource methods="GET" uri-template="/logged"><inSequence>
         <call><endpoint><address uri="${notJson.url}/t"/></endpoint></call>
         <log level="custom"><property name="all" expression="json-eval($)"/></log>
         <respond/></inSequence></resource>
         <resource methods="GET" uri-template="/passed"><inSequence>
         <call><endpoint><address uri="${notJson.url}/t"/></endpoint></call>
         <respond/></inSequence></resource></api>`,
      'Empty.xml': api(
        'Empty',
        '/o1/empty',
        `<payloadFactory media-type="json"><format>  </format></payloadFactory><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await cut.close();
    await xmlLie.close();
    await loose.close();
    await notJson.close();
  });

  it('json-eval over a request JSON cut short has no value, $ is the text as it came, and the flow goes on', async () => {
    t.logs.length = 0;
    const body = '[{"ticket":"T-4","order":{"seat":"2A"';
    const r = await send(`${t.base}/o1/cut`, { body, type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, body);
    const line = t.logs.find((l) => l.category === 'LogMediator')?.message;
    assert.equal(line, `seat = , first = , all = ${body}`);
  });

  it('a back end JSON cut short: json-eval gives "" and the answer goes back with the back end status', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/cut-backend`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '[{"ticket":"T-9","seat":"14C"},{"ticket":"T-1');
    assert.ok(t.logs.some((l) => l.message === 'ticket = '));
  });

  it('a body its content type cannot build faults once; the fault sequence logs and answers with a payloadFactory JSON it writes as it is', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/xml-lie`);
    assert.equal(r.status, 502, r.text);
    // the template is not valid JSON (a quote is missing): MI writes it out as it is
    assert.match(r.text, /^\{"state": "broken, "why": "[^"]+"\}$/);
    // the full log of the fault sequence ran (on the empty envelope left by the failed build)
    assert.ok(
      t.logs.some((l) => l.category === 'LogMediator' && /why = /.test(l.message)),
      JSON.stringify(t.logs),
    );
  });

  it('payloadFactory JSON with an unquoted string and a raw newline goes out as written, and reads leniently', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/verbatim`, { body: '{"name":"Kim"}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '{ "label": Kim,\n   "note": "line one\nline two" }');
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.ok(
      t.logs.some((l) => l.message === 'label = Kim'),
      JSON.stringify(t.logs.map((l) => l.message)),
    );
  });

  it('a back end JSON with an unquoted string is read leniently (Gson) and passed on as it came', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/loose`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"ticket": T-9, "seat": "14C"}');
    assert.ok(
      t.logs.some((l) => l.message === 'ticket = T-9, seat = 14C'),
      JSON.stringify(t.logs.map((l) => l.message)),
    );
  });

  it('a log property: json-eval over JSON cut short logs nothing, ${payload...} on it fails the mediator (MI)', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/log-fails`, {
      body: '{"seat": "3C", "row": ',
      type: 'application/json',
    });
    assert.equal(r.status, 500, r.text);
    assert.match(r.text, /^<failed>.*malformed JSON/);
    assert.ok(
      t.logs.some((l) => l.message === 'path = '),
      JSON.stringify(t.logs.map((l) => l.message)),
    );
    assert.ok(!t.logs.some((l) => l.message.startsWith('expr =')));
  });

  it('payloadFactory JSON that is a lone word, not a JSON value, faults with MI message', async () => {
    const r = await send(`${t.base}/o1/lone`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 500);
    assert.match(r.text, /Error creating JSON Payload from source nothing here/);
  });

  it('an empty payloadFactory JSON result is the empty object', async () => {
    const r = await send(`${t.base}/o1/empty`, { body: '{"x":1}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '{}');
  });

  it('a JSON answer that is no JSON: json-eval($) logs its text; built, it goes out through the formatter (charset)', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/o1/not-json/logged`);
    assert.equal(r.status, 201, r.text);
    assert.equal(r.text, '{Ticket T-9 booked}');
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    assert.ok(
      t.logs.some((l) => l.message === 'all = {Ticket T-9 booked}'),
      JSON.stringify(t.logs.map((l) => l.message)),
    );
    // not built (no content-aware mediator): the back end's content type as it came
    const p = await send(`${t.base}/o1/not-json/passed`);
    assert.equal(p.headers.get('content-type'), 'application/json');
  });
});
