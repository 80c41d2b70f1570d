/**
 * Session 17, review RW3 of W3's builder/formatter work: form field names as MI's XFormURLEncodedBuilder makes them.
 *
 * How the expectations were made: expected values produced by Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc /
 * 8ffe5865) compiled and driven by a harness (session 17 S1, with W3's run.sh that applies synapse.properties): the
 * request is built lazily as the pass-through ServerWorker/RelayUtils do when a full log asks, with the builders of
 * MI's axis2.xml. The same inputs ran through our runtime (an API resource: log full, respond). Inputs are our own;
 * the expected log lines are the harness's output, as literals.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const EMPTY_SOAP11 = `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>`;

describe('oracle s17 RW3: form field names as XFormURLEncodedBuilder gives them (MI XFormURLEncodedBuilder, mi-run harness)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'RW3form.xml': api('RW3form', '/s17rw3/form', '<log level="full"/><respond/>'),
    });
  });
  after(() => t.close());

  const logged = (from: number) => t.logs.slice(from).map((l) => l.message);

  it('a name is the element name as it came, not decoded (+, %XX, a colon, a space): createOMElement(key, null, parent)', async () => {
    const from = t.logs.length;
    await send(`${t.base}/s17rw3/form`, {
      body: 'a+b=1&%C3%A9=x&a:b=2&c d=3',
      type: 'application/x-www-form-urlencoded',
    });
    const line = logged(from).find((m) => m.includes('Envelope: '));
    assert.equal(
      line?.split('Envelope: ')[1],
      `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><xformValues><a+b>1</a+b><%C3%A9>x</%C3%A9><a:b>2</a:b><c d>3</c d></xformValues></soapenv:Body></soapenv:Envelope>`,
    );
  });

  it('an empty name fails the build (OMElementImpl: "localname can not be null or empty"): ERROR_CODE 0, the default fault sequence logs the empty envelope, 202', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/s17rw3/form`, {
      body: 'a=1&=2',
      type: 'application/x-www-form-urlencoded',
    });
    assert.equal(r.status, 202);
    const line = logged(from).find((m) => m.includes("Executing default 'fault' sequence"));
    assert.ok(
      line?.endsWith(
        `MESSAGE = Executing default 'fault' sequence, ERROR_CODE = 0, ERROR_MESSAGE = Error while building message. Error while building Passthrough stream, Envelope: ${EMPTY_SOAP11}`,
      ),
      line,
    );
  });
});

describe('oracle s17 RW3: a JSON body of spaces only (JsonUtil.getNewJsonPayload, mi-run harness)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'RW3blank.xml': api('RW3blank', '/s17rw3/blank', '<log level="full"/><respond/>'),
      'RW3blankx.xml': api(
        'RW3blankx',
        '/s17rw3/blankx',
        '<log level="full"/><property name="messageType" value="application/xml" scope="axis2"/><respond/>',
      ),
    });
  });
  after(() => t.close());

  const SOAP12_EMPTY = `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body/></soapenv:Envelope>`;

  it('is no JSON payload (only char 32 counts as empty): the SOAP 1.2 default envelope, and JsonStreamFormatter writes the kept stream back', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/s17rw3/blank`, { body: '   ', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '   ');
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
    const line = t.logs.slice(from).find((l) => l.message.includes('Envelope: '));
    assert.equal(line?.message.split('Envelope: ')[1], SOAP12_EMPTY);
  });

  it('written as XML it is the empty body (ApplicationXMLFormatter)', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/s17rw3/blankx`, { body: '  ', type: 'application/json' });
    assert.equal(r.text, '');
    assert.equal(r.headers.get('content-type'), 'application/xml; charset=UTF-8');
    const line = t.logs.slice(from).find((l) => l.message.includes('Envelope: '));
    assert.equal(line?.message.split('Envelope: ')[1], SOAP12_EMPTY);
  });

  it('a line break is no space: the builder refuses the body (ERROR_CODE 0, default fault sequence, 202)', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/s17rw3/blank`, { body: ' \n', type: 'application/json' });
    assert.equal(r.status, 202);
    const line = t.logs
      .slice(from)
      .map((l) => l.message)
      .find((m) => m.includes("Executing default 'fault' sequence"));
    assert.ok(
      line?.endsWith(
        `ERROR_CODE = 0, ERROR_MESSAGE = Error while building message. Error while building Passthrough stream, Envelope: ${EMPTY_SOAP11}`,
      ),
      line,
    );
  });
});

describe('oracle s17 RW3: CDATA sections of the configuration are text (coalescing StAXOMBuilder at deploy, mi-run harness)', () => {
  let t: TestRuntime;
  const XML = '<property name="messageType" value="application/xml" scope="axis2"/><respond/>';
  before(async () => {
    t = await startRuntime({
      'RW3pf.xml': api(
        'RW3pf',
        '/s17rw3/pf',
        `<payloadFactory media-type="xml"><format><r xmlns=""><a><![CDATA[x<y & z]]></a><b>p<![CDATA[<q>]]>s</b></r></format><args/></payloadFactory>${XML}`,
      ),
      'RW3en.xml': api(
        'RW3en',
        '/s17rw3/en',
        `<enrich><source type="inline" clone="true"><n xmlns=""><![CDATA[1<2]]></n></source><target type="body"/></enrich>${XML}`,
      ),
    });
  });
  after(() => t.close());

  it('a payloadFactory XML format: the section is escaped text merged with its neighbours (PayloadFactoryMediator)', async () => {
    const r = await send(`${t.base}/s17rw3/pf`, { body: '<m/>', type: 'application/xml' });
    assert.equal(r.text, '<r><a>x&lt;y &amp; z</a><b>p&lt;q>s</b></r>');
  });

  it('an enrich inline source: the same (EnrichMediatorFactory reads the coalesced element)', async () => {
    const r = await send(`${t.base}/s17rw3/en`, { body: '<m/>', type: 'application/xml' });
    assert.equal(r.text, '<n>1&lt;2</n>');
  });
});

describe('oracle s17 RW3: a named header mediator with only an inline block (MI HeaderMediatorFactory, mi-run harness)', () => {
  it('is refused at deploy: a named header is no embedded block, so it needs a value or an expression', async () => {
    await assert.rejects(
      startRuntime({
        'RW3hdr.xml': api(
          'RW3hdr',
          '/s17rw3/hdr',
          '<header name="h:Tag" xmlns:h="urn:rw3"><h:Tag>1</h:Tag></header><respond/>',
        ),
      }),
      /RT_BAD_MEDIATOR A 'value' or 'expression' attribute is required for a \[set\] header mediator/,
    );
  });
});

describe('oracle s17 RW3: an application/binary body (Axis2 BinaryBuilder/BinaryFormatter, mi-run harness)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({ 'RW3bin.xml': api('RW3bin', '/s17rw3/bin', '<log level="full"/><respond/>') });
  });
  after(() => t.close());

  it('is built as a wrapper with a generated prefix (createOMElement(QName without prefix): axis2ns<N>) and answered with the charset named', async () => {
    const from = t.logs.length;
    const r = await fetch(`${t.base}/s17rw3/bin`, {
      method: 'POST',
      body: Buffer.from([0, 1, 2]),
      headers: { 'content-type': 'application/binary' },
    });
    assert.deepEqual([...Buffer.from(await r.arrayBuffer())], [0, 1, 2]);
    assert.equal(r.headers.get('content-type'), 'application/binary; charset=UTF-8');
    const line = t.logs.slice(from).find((l) => l.message.includes('Envelope: '));
    // (MI's N is a process-wide counter: 1 for the first such element)
    assert.match(
      line?.message.split('Envelope: ')[1] ?? '',
      /<soapenv:Body><axis2ns(\d+):binary xmlns:axis2ns\1="http:\/\/ws\.apache\.org\/commons\/ns\/payload">AAEC<\/axis2ns\1:binary><\/soapenv:Body><\/soapenv:Envelope>$/,
    );
  });
});

describe('oracle s17 RW3: an error in the root start tag fails the build (Woodstox reads it for getDocumentElement, mi-run harness)', () => {
  let t: TestRuntime;
  const FAULT = `<faultSequence><log level="custom"><property name="c" expression="get-property('ERROR_CODE')"/><property name="m" expression="get-property('ERROR_MESSAGE')"/></log></faultSequence>`;
  before(async () => {
    t = await startRuntime({
      'RW3root.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="RW3root" context="/s17rw3/root"><resource methods="POST"><inSequence><log level="full"/><respond/></inSequence>${FAULT}</resource></api>`,
    });
  });
  after(() => t.close());

  const cases: [string, string, string][] = [
    [
      'an unquoted attribute value',
      '<a b=1/>',
      'Error while building message. Error while building Passthrough stream',
    ],
    [
      'a repeated attribute',
      '<a x="1" x="2"/>',
      'Error while building message. Error while building Passthrough stream',
    ],
    ['an unbound prefix', '<p:a/>', 'Error while building message. Error while building Passthrough stream'],
    // (deeper: the log mediator meets it, its words, Woodstox's exception first)
    ['a wrong close tag further in (deferred)', '<a><b></a>', 'Could not build full log message: '],
  ];
  for (const [what, body, message] of cases)
    it(`${what}: ${body}`, async () => {
      const from = t.logs.length;
      await send(`${t.base}/s17rw3/root`, { body, type: 'application/xml' });
      const line = t.logs
        .slice(from)
        .map((l) => l.message)
        .find((m) => m.startsWith('c = '));
      assert.ok(line?.startsWith(`c = 601000, m = ${message}`), line);
    });
});
