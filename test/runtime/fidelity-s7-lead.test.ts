/**
 * Headers MI's pass-through transport writes itself (session 7, lead), over real HTTP:
 * - to a back end: the client's User-Agent and Date are not sent on (PassThroughTransportUtils.removeUnwantedHeaders
 *   with the default http.user.agent.preserve=false), and the sender names itself (RequestUserAgent,
 *   Synapse-PT-HttpComponents-NIO), even over a User-Agent set by a header mediator;
 * - to the client: the message's Date is dropped and the listener writes the current one (ResponseDate); a Server
 *   header is written when the message has none (ResponseServer, WSO2-PassThrough-HTTP), and a back end's own is
 *   kept (http.server.preserve=true).
 */
import assert from 'node:assert/strict';
import { api, closedPort, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const OLD_DATE = 'Tue, 01 Jan 2002 00:00:00 GMT';

describe('runtime fidelity (session 7, lead): transport headers MI writes itself', () => {
  let plain: Backend;
  let named: Backend;
  let t: TestRuntime;
  before(async () => {
    // a back end that sends no Server header and an old Date, and one that names itself
    plain = await startBackend((req, res) => {
      res.writeHead(200, {
        'content-type': 'application/json',
        date: OLD_DATE,
        'x-seen-ua': req.headers['user-agent'] ?? '',
      });
      res.end(JSON.stringify({ ua: req.headers['user-agent'] ?? null, date: req.headers.date ?? null }));
    });
    named = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', server: 'OrdersBackend/2.1' });
      res.end('{"ok":true}');
    });
    t = await startRuntime({
      'Fwd.xml': api(
        'Fwd',
        '/fwd',
        `<call><endpoint><http method="get" uri-template="${plain.url}/who"/></endpoint></call><respond/>`,
      ),
      'FwdUa.xml': api(
        'FwdUa',
        '/fwd-ua',
        `<header name="User-Agent" scope="transport" value="MyAgent/1.0"/><call><endpoint><http method="get" uri-template="${plain.url}/who"/></endpoint></call><respond/>`,
      ),
      'Named.xml': api(
        'Named',
        '/named',
        `<call><endpoint><http method="get" uri-template="${named.url}/x"/></endpoint></call><respond/>`,
      ),
      'Local.xml': api(
        'Local',
        '/local',
        `<payloadFactory media-type="json"><format>{"local":true}</format></payloadFactory><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await plain?.close();
    await named?.close();
  });

  it("the back end gets the sender's User-Agent and no Date of the client's", async () => {
    const r = await send(`${t.base}/fwd`, { headers: { 'user-agent': 'curl/8.0', date: OLD_DATE } });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { ua: 'Synapse-PT-HttpComponents-NIO', date: null });
    // a User-Agent the mediation sets is not sent either (only http.user.agent.preserve would keep it)
    const r2 = await send(`${t.base}/fwd-ua`, { headers: { 'user-agent': 'curl/8.0' } });
    assert.deepEqual(r2.json(), { ua: 'Synapse-PT-HttpComponents-NIO', date: null });
  });

  it("the client gets the listener's own Date and Server, or the back end's Server", async () => {
    const before = Date.now();
    const r = await send(`${t.base}/fwd`);
    assert.equal(r.headers.get('server'), 'WSO2-PassThrough-HTTP');
    const date = r.headers.get('date');
    assert.ok(date && date !== OLD_DATE, `date ${date}`);
    assert.ok(Math.abs(Date.parse(date) - before) < 60_000, `date ${date}`);
    // other headers of the back end still come through
    assert.equal(r.headers.get('x-seen-ua'), 'Synapse-PT-HttpComponents-NIO');
    const n = await send(`${t.base}/named`);
    assert.equal(n.headers.get('server'), 'OrdersBackend/2.1');
    // an answer made in the runtime, a 404 and a 405 are named too
    const l = await send(`${t.base}/local`, { headers: { date: OLD_DATE } });
    assert.equal(l.status, 200);
    assert.equal(l.headers.get('server'), 'WSO2-PassThrough-HTTP');
    assert.notEqual(l.headers.get('date'), OLD_DATE);
    assert.equal((await send(`${t.base}/nowhere`)).headers.get('server'), 'WSO2-PassThrough-HTTP');
    const wrong = await send(`${t.base}/local`, { method: 'PATCH', body: '{}', type: 'application/json' });
    assert.equal(wrong.headers.get('server'), 'WSO2-PassThrough-HTTP');
  });
});

describe('runtime fidelity (session 7, lead): an error that escapes the fault sequence', () => {
  let t: TestRuntime;
  const SOAP11 = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><order><id>7</id></order></soapenv:Body></soapenv:Envelope>`;
  const SOAP12 = `<soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><order><id>7</id></order></soapenv:Body></soapenv:Envelope>`;
  before(async () => {
    const proxy = (name: string, faultSeq: string) =>
      `<proxy xmlns="http://ws.apache.org/ns/synapse" name="${name}"><target><inSequence>
<throwError type="ORDER_ERROR" errorMessage="order rejected"/></inSequence>
<faultSequence>${faultSeq}</faultSequence></target></proxy>`;
    t = await startRuntime({
      'Broken.xml': proxy(
        'BrokenFault',
        `<log level="custom"><property name="in" value="fault"/></log><throwError type="FAULT_ERROR" errorMessage="the fault sequence broke too"/>`,
      ),
      'Dropping.xml': proxy('DroppingFault', `<drop/>`),
    });
  });
  after(async () => {
    await t?.close();
  });

  it("a SOAP client gets the 500 SOAP fault MI's listener answers, in its SOAP version", async () => {
    const r = await send(`${t.base}/services/BrokenFault`, { body: SOAP11, type: 'text/xml' });
    assert.equal(r.status, 500, r.text);
    assert.match(r.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(r.text, /<faultcode>soapenv:Client<\/faultcode>/);
    assert.match(
      r.text,
      /<faultstring>org\.apache\.synapse\.SynapseException: the fault sequence broke too<\/faultstring>/,
    );
    const r12 = await send(`${t.base}/services/BrokenFault`, { body: SOAP12, type: 'application/soap+xml' });
    assert.equal(r12.status, 500);
    assert.match(r12.headers.get('content-type') ?? '', /^application\/soap\+xml/);
    assert.match(r12.text, /<soapenv:Value>soapenv:Sender<\/soapenv:Value>/);
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'ERROR' &&
          l.category === 'ServerWorker' &&
          l.message.includes(
            'Error processing POST request for : /services/BrokenFault. Error detail: org.apache.synapse.SynapseException: the fault sequence broke too',
          ),
      ),
      t.logs.map((l) => l.line).join('\n'),
    );
  });

  it("a fault sequence that drops still gives the 202 of sendAck; a REST client gets the fault through its request's formatter", async () => {
    const d = await send(`${t.base}/services/DroppingFault`, { body: SOAP11, type: 'text/xml' });
    assert.equal(d.status, 202);
    assert.equal(d.text, '');
    const j = await send(`${t.base}/services/BrokenFault`, { body: '{"id":7}', type: 'application/json' });
    assert.equal(j.status, 500, j.text);
    assert.match(j.headers.get('content-type') ?? '', /^application\/json/);
    // session 8: MI's fault message keeps the request's messageType (MessageContextBuilder.createResponseMessageContext),
    // so the JSON formatter writes the Fault element (before: our own JSON error body)
    assert.deepEqual(j.json(), {
      Fault: {
        faultcode: 'soapenv:Client',
        faultstring: 'org.apache.synapse.SynapseException: the fault sequence broke too',
        detail: null,
      },
    });
    const x = await send(`${t.base}/services/BrokenFault`, { body: '<id>7</id>', type: 'application/xml' });
    assert.equal(x.status, 500, x.text);
    assert.match(x.headers.get('content-type') ?? '', /^application\/xml/);
    // the XML formatter writes the body's first element, without the envelope
    assert.match(
      x.text,
      /^(<\?xml[^>]*\?>)?<soapenv:Fault xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/">/,
    );
    assert.match(
      x.text,
      /<faultstring>org\.apache\.synapse\.SynapseException: the fault sequence broke too<\/faultstring>/,
    );
  });
});

describe('runtime fidelity (session 7, lead): failover log lines', () => {
  it("a failing child of a failover is logged in MI's words", async () => {
    const dead1 = await closedPort();
    const dead2 = await closedPort();
    const t = await startRuntime({
      'Fo.xml': api(
        'Fo',
        '/fo',
        `<call><endpoint><failover><endpoint name="firstEP"><http method="get" uri-template="http://127.0.0.1:${dead1}/a"/></endpoint><endpoint><http method="get" uri-template="http://127.0.0.1:${dead2}/b"/></endpoint></failover></endpoint></call><respond/>`,
      ),
    });
    try {
      await send(`${t.base}/fo`);
      const lines = t.logs
        .filter((l) => l.category === 'FailoverEndpoint')
        .map((l) => `${l.level} ${l.message}`);
      assert.ok(
        lines.includes('WARN AnonymousEndpoint Detect a Failure in a child endpoint : Endpoint [firstEP]'),
        lines.join('\n'),
      );
      assert.ok(
        lines.includes('WARN AnonymousEndpoint Detect a Failure in a child endpoint : AnonymousEndpoint'),
        lines.join('\n'),
      );
    } finally {
      await t.close();
    }
  });
});

describe('runtime fidelity (session 7, lead): inbound.only proxies', () => {
  it('answer through an HTTP inbound endpoint, and 202 with nothing mediated when called directly', async () => {
    const be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"gate":"open"}');
    });
    const port = await closedPort();
    const t = await startRuntime({
      'Gate.xml': `<proxy xmlns="http://ws.apache.org/ns/synapse" name="GateKeeper"><target><inSequence><call><endpoint><address uri="${be.url}/gate"/></endpoint></call><respond/></inSequence></target><parameter name="inbound.only">TRUE</parameter></proxy>`,
      'In.xml': `<inboundEndpoint xmlns="http://ws.apache.org/ns/synapse" name="GateIn" protocol="http" suspend="false"><parameters><parameter name="inbound.http.port">${port}</parameter><parameter name="dispatch.filter.pattern">.*</parameter></parameters></inboundEndpoint>`,
    });
    try {
      const via = await send(`http://127.0.0.1:${port}/services/GateKeeper`, {
        body: '{"k":1}',
        type: 'application/json',
      });
      assert.equal(via.status, 200, via.text);
      assert.deepEqual(via.json(), { gate: 'open' });
      const direct = await send(`${t.base}/services/GateKeeper`, {
        body: '{"k":1}',
        type: 'application/json',
      });
      assert.equal(direct.status, 202);
      assert.equal(direct.text, '');
      assert.equal(
        be.requests.length,
        1,
        'only the message through the inbound endpoint reached the back end',
      );
    } finally {
      await t.close();
      await be.close();
    }
  });
});

describe('runtime fidelity (session 7, lead): the store mediator', () => {
  it('looks the store up first ("Message Store does not exist."), then runs an onStore sequence that resolves', async () => {
    const t = await startRuntime({
      'Desk.xml': `<messageStore xmlns="http://ws.apache.org/ns/synapse" name="DeskA"/>`,
      'Mark.xml': `<sequence xmlns="http://ws.apache.org/ns/synapse" name="MarkStored"><log level="custom"><property name="stored-for" expression="//desk"/></log></sequence>`,
      'Store.xml': api(
        'Store',
        '/store',
        `<store messageStore="{//desk}" sequence="MarkStored"/><store messageStore="DeskA" sequence="NoSuchSequence"/>
<payloadFactory media-type="json"><format>{"stored":true}</format></payloadFactory><respond/>`,
        'methods="POST"',
      ).replace(
        '</resource>',
        `<faultSequence><payloadFactory media-type="json"><format>{"error":"$1"}</format><args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence></resource>`,
      ),
    });
    try {
      const ok = await send(`${t.base}/store`, {
        body: '<order><desk>DeskA</desk></order>',
        type: 'application/xml',
      });
      assert.deepEqual(ok.json(), { stored: true });
      assert.ok(
        t.logs.some((l) => l.message.includes('stored-for = DeskA')),
        t.logs.map((l) => l.line).join('\n'),
      );
      const before = t.logs.length;
      const bad = await send(`${t.base}/store`, {
        body: '<order><desk>DeskZ</desk></order>',
        type: 'application/xml',
      });
      assert.deepEqual(bad.json(), { error: 'Message Store does not exist.' });
      // the onStore sequence did not run for a store that does not exist
      assert.ok(!t.logs.slice(before).some((l) => l.message.includes('stored-for')));
    } finally {
      await t.close();
    }
  });
});

describe('runtime fidelity (session 7, lead): XPath errors MI finds only when evaluating', () => {
  it('a wrong argument count or an unknown $variable deploys, and fails the message when evaluated', async () => {
    const withFault = (name: string, ctxPath: string, expr: string) =>
      api(
        name,
        ctxPath,
        `<property name="n" expression="${expr}"/><payloadFactory media-type="json"><format>{"n":"$1"}</format><args><arg expression="get-property('n')"/></args></payloadFactory><respond/>`,
      ).replace(
        '</resource>',
        `<faultSequence><payloadFactory media-type="json"><format>{"failed":"$1"}</format><args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence></resource>`,
      );
    // startRuntime throws on any load problem: both deploy
    const t = await startRuntime({
      'Arity.xml': withFault('Arity', '/arity', "concat('x')"),
      'Var.xml': withFault('Var', '/var', '$noSuchVar'),
    });
    try {
      for (const [p, needle] of [
        ['/arity', 'concat'],
        ['/var', 'noSuchVar'],
      ] as const) {
        const r = await send(`${t.base}${p}`);
        const body = r.json() as { failed?: string };
        assert.ok(body.failed?.includes(needle), `${p}: ${r.text}`);
      }
    } finally {
      await t.close();
    }
  });
});

describe('runtime fidelity (session 7, lead): loadbalance session affinity', () => {
  const backends: Backend[] = [];
  let t: TestRuntime;
  before(async () => {
    for (const name of ['one', 'two', 'three'])
      backends.push(
        await startBackend((req, res) => {
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          // the second back end starts an HTTP session when the client has none
          if (name === 'two' && !(req.headers.cookie ?? '').includes('JSESSIONID'))
            headers['set-cookie'] = 'JSESSIONID=S2-77; Path=/';
          res.writeHead(200, headers);
          res.end(JSON.stringify({ served: name }));
        }),
      );
    const group = (session: string) =>
      `<call><endpoint><session type="${session}"/><loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin">${backends
        .map((b) => `<endpoint><address uri="${b.url}/x"/></endpoint>`)
        .join('')}</loadbalance></endpoint></call><respond/>`;
    t = await startRuntime({
      'Client.xml': api('Client', '/client', group('simpleClientSession'), 'methods="POST"'),
      'Short.xml': api(
        'Short',
        '/short',
        group('simpleClientSession').replace(
          '<session type="simpleClientSession"/>',
          '<session type="simpleClientSession"><sessionTimeout>500</sessionTimeout></session>',
        ),
        'methods="POST"',
      ),
      'Http.xml': api('Http', '/http', group('http'), 'methods="GET"'),
    });
  });
  after(async () => {
    await t?.close();
    for (const b of backends) await b.close();
  });

  const soap = (clientId: string | undefined) =>
    `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header>${
      clientId ? `<syn:ClientID xmlns:syn="http://ws.apache.org/ns/synapse">${clientId}</syn:ClientID>` : ''
    }</soapenv:Header><soapenv:Body><ping/></soapenv:Body></soapenv:Envelope>`;
  const servedBy = async (url: string, init: Parameters<typeof send>[1]) =>
    ((await send(url, init)).json() as { served: string }).served;

  it('simpleClientSession: a ClientID stays with the child that first served it; no ClientID is round robin', async () => {
    const first = await servedBy(`${t.base}/client`, { body: soap('client-A'), type: 'text/xml' });
    for (let i = 0; i < 4; i++)
      assert.equal(await servedBy(`${t.base}/client`, { body: soap('client-A'), type: 'text/xml' }), first);
    const plain = new Set<string>();
    for (let i = 0; i < 3; i++)
      plain.add(await servedBy(`${t.base}/client`, { body: soap(undefined), type: 'text/xml' }));
    assert.equal(plain.size, 3, [...plain].join());
  });

  it('sessionTimeout: once a binding is older than it, the ClientID is balanced again (round robin moves on)', async () => {
    const first = await servedBy(`${t.base}/short`, { body: soap('client-B'), type: 'text/xml' });
    assert.equal(await servedBy(`${t.base}/short`, { body: soap('client-B'), type: 'text/xml' }), first);
    // (500 ms: the second request comes within it even on a busy machine; 60 ms did not always)
    await new Promise((r) => setTimeout(r, 600));
    assert.notEqual(await servedBy(`${t.base}/short`, { body: soap('client-B'), type: 'text/xml' }), first);
  });

  it('http: the session cookie a child set brings the client back to that child', async () => {
    let sawTwo = false;
    for (let i = 0; i < 3 && !sawTwo; i++) sawTwo = (await servedBy(`${t.base}/http`, {})) === 'two';
    assert.ok(sawTwo);
    for (let i = 0; i < 4; i++)
      assert.equal(
        await servedBy(`${t.base}/http`, { headers: { cookie: 'theme=dark; JSESSIONID=S2-77' } }),
        'two',
      );
  });
});

describe('runtime fidelity (session 7, lead): <enableAddressing/> on an address endpoint', () => {
  // AddressingOutHandler omits the final namespace's anonymous ReplyTo (includeOptionalHeaders false) and declares the
  // namespace on the Header (MI tests-patches ESBJAVA5098_WSAddressingSupportTest)
  it('a SOAP request goes out with wsa:To, MessageID and Action (ReplyTo only for submission); a JSON one without', async () => {
    const be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ok/></soapenv:Body></soapenv:Envelope>',
      );
    });
    const ep = (v: string) =>
      `<endpoint><address uri="${be.url}/quotes"><enableAddressing${v}/></address></endpoint>`;
    const t = await startRuntime({
      'Final.xml': api('Final', '/final', `<call>${ep('')}</call><respond/>`, 'methods="POST"'),
      'Sub.xml': api(
        'Sub',
        '/sub',
        `<call>${ep(' version="submission"')}</call><respond/>`,
        'methods="POST"',
      ),
    });
    try {
      const soap = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><getQuote/></soapenv:Body></soapenv:Envelope>`;
      await send(`${t.base}/final`, {
        body: soap,
        type: 'text/xml',
        headers: { SOAPAction: '"urn:getQuote"' },
      });
      const got = be.requests[0]!.body;
      const wsa = 'http://www.w3.org/2005/08/addressing';
      assert.match(
        got,
        new RegExp(`<soapenv:Header xmlns:wsa="${wsa}"><wsa:To>${be.url}/quotes</wsa:To>`),
        got,
      );
      assert.doesNotMatch(got, /ReplyTo/, got);
      assert.match(got, /<wsa:MessageID[^>]*>urn:uuid:[0-9a-f-]{36}<\/wsa:MessageID>/, got);
      assert.match(got, /<wsa:Action[^>]*>urn:getQuote<\/wsa:Action>/, got);
      assert.match(got, /<soapenv:Body><getQuote\/><\/soapenv:Body>/, got);
      await send(`${t.base}/sub`, { body: soap, type: 'text/xml' });
      assert.match(
        be.requests[1]!.body,
        /http:\/\/schemas\.xmlsoap\.org\/ws\/2004\/08\/addressing\/role\/anonymous/,
      );
      await send(`${t.base}/final`, { body: '{"q":1}', type: 'application/json' });
      assert.doesNotMatch(be.requests[2]!.body, /addressing/);
    } finally {
      await t.close();
      await be.close();
    }
  });
});
