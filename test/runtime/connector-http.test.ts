/**
 * MI 4.4's HTTP connector in the embedded runtime: `<localEntry><http.init>` connections and the seven operations,
 * against real backends on 127.0.0.1. The expectations follow the connector's templates (functions/*.xml),
 * RestURLBuilder, Synapse HTTPConnectionUtils (the connection's endpoint) and InvokeMediator (responseVariable /
 * overwriteBody).
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { apiAnsweringFaults as apiWith, httpConnection as conn } from './connectorFixtures';
import { NS, closedPort, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: HTTP connector (MI 4.4)', () => {
  let t: TestRuntime;
  let shop: Backend;
  let refused: number;
  let slow: Backend;
  let files: Record<string, string>;
  before(async () => {
    shop = await startBackend((req, res) => {
      if (req.url?.startsWith('/text')) {
        res.writeHead(200, { 'content-type': 'text/plain', 'x-shelf': 'B7' });
        res.end('forty two');
        return;
      }
      if (req.url?.startsWith('/xml')) {
        res.writeHead(201, { 'content-type': 'application/xml' });
        res.end('<stock><sku>A1</sku><count>3</count></stock>');
        return;
      }
      res.writeHead(req.url?.startsWith('/missing') ? 404 : 200, {
        'content-type': 'application/json',
        'X-Shelf': 'A3',
      });
      if (req.method === 'HEAD') {
        res.end();
        return;
      }
      res.end(
        JSON.stringify({
          method: req.method,
          path: req.url,
          type: req.headers['content-type'] ?? null,
          auth: req.headers.authorization ?? null,
          trace: req.headers['x-trace'] ?? null,
          tenant: req.headers['x-tenant'] ?? null,
          body: req.body,
        }),
      );
    });
    slow = await startBackend(async (_req, res) => {
      await new Promise((r) => setTimeout(r, 1500));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"late":true}');
    });
    refused = await closedPort();
    files = {
      'Shop.xml': conn('Shop', shop.url),
      'ShopSlash.xml': conn('ShopSlash', `${shop.url}/v2/`),
      'Down.xml': conn('Down', `http://127.0.0.1:${refused}`),
      // (a second connection to the refused port: a failed endpoint is suspended, and each connection has its own)
      'DownToo.xml': conn('DownToo', `http://127.0.0.1:${refused}`),
      'Slow.xml': conn(
        'Slow',
        slow.url,
        '<timeoutDuration>300</timeoutDuration><timeoutAction>Fault</timeoutAction>',
      ),
      // a GET message has no entity (NO_ENTITY_BODY TRUE): the answer stays the body, a respond sends none
      'Bodyless.xml': apiWith(
        'Bodyless',
        '/bodyless',
        `<http.get configKey="Shop"><relativePath>/items/9</relativePath><responseVariable>r</responseVariable></http.get>
         <log category="INFO"><message>after=\${payload.path} var=\${vars.r.payload.path}</message></log><respond/>`,
      ),
      'Locked.xml': conn(
        'Locked',
        shop.url,
        '<authType>Basic Auth</authType><username>clerk</username><password>s3cret:x</password>',
      ),
      'Get.xml': apiWith(
        'Get',
        '/get',
        `<variable name="q" value="blue"/><property name="id" value="7"/>
         <http.get configKey="Shop">
           <relativePath>/items/\${properties.id}?q=\${vars.q}&amp;n=2</relativePath>
           <headers>[["X-Trace","t-\${vars.q}"],{"X-Tenant":" acme "}]</headers>
         </http.get><respond/>`,
      ),
      'GetVars.xml': apiWith(
        'GetVars',
        '/getvars',
        `<variable name="q" value="red shoes"/><property name="id" value="42"/>
         <http.get configKey="Shop">
           <relativePath>/items/\${properties.id}?q=\${vars.q}</relativePath>
         </http.get><respond/>`,
      ),
      'Slash.xml': apiWith(
        'Slash',
        '/slash',
        `<http.get configKey="ShopSlash"><relativePath>/deep/path</relativePath></http.get><respond/>`,
      ),
      'PostJson.xml': apiWith(
        'PostJson',
        '/postjson',
        `<http.post configKey="Shop">
           <relativePath>/orders</relativePath>
           <requestBodyType>JSON</requestBodyType>
           <requestBodyJson>'{"sku":"\${payload.sku}","qty":\${payload.qty}}'</requestBodyJson>
         </http.post><respond/>`,
      ),
      'PostXml.xml': apiWith(
        'PostXml',
        '/postxml',
        `<http.put configKey="Shop">
           <relativePath>/orders/7</relativePath>
           <requestBodyType>XML</requestBodyType>
           <requestBodyXml><![CDATA[<order><sku>\${payload.sku}</sku></order>]]></requestBodyXml>
         </http.put><respond/>`,
      ),
      'PostText.xml': apiWith(
        'PostText',
        '/posttext',
        `<http.patch configKey="Shop">
           <relativePath>/notes</relativePath>
           <requestBodyType>TEXT</requestBodyType>
           <requestBodyText>note for \${payload.sku}</requestBodyText>
         </http.patch><respond/>`,
      ),
      'PostAsIs.xml': apiWith(
        'PostAsIs',
        '/postasis',
        `<http.post configKey="Shop"><relativePath>/raw</relativePath></http.post><respond/>`,
      ),
      'Del.xml': apiWith(
        'Del',
        '/del',
        `<http.delete configKey="Shop"><relativePath>/orders/9</relativePath></http.delete><respond/>`,
      ),
      'Opt.xml': apiWith(
        'Opt',
        '/opt',
        `<http.options configKey="Shop"><relativePath>/orders</relativePath></http.options><respond/>`,
      ),
      'Head.xml': apiWith(
        'Head',
        '/head',
        `<http.head configKey="Shop" ><relativePath>/orders</relativePath>
           <responseVariable>h</responseVariable></http.head>
         <payloadFactory media-type="json"><format>{"status":\${vars.h.attributes.statusCode},"shelf":"\${vars.h.headers['X-Shelf']}"}</format></payloadFactory>
         <respond/>`,
      ),
      'Var.xml': apiWith(
        'Var',
        '/var',
        `<http.get configKey="Shop"><relativePath>/items/5</relativePath>
           <responseVariable>stock</responseVariable><overwriteBody>false</overwriteBody></http.get>
         <payloadFactory media-type="json"><format>{"kept":\${payload},"backendPath":"\${vars.stock.payload.path}","status":\${vars.stock.attributes.statusCode},"shelf":"\${vars.stock.headers['X-Shelf']}"}</format></payloadFactory>
         <respond/>`,
      ),
      'Keeps.xml': apiWith(
        'Keeps',
        '/keeps',
        `<http.get configKey="Shop"><relativePath>/items/1</relativePath><responseVariable>v</responseVariable></http.get>
         <respond/>`,
      ),
      'VarXml.xml': apiWith(
        'VarXml',
        '/varxml',
        `<http.get configKey="Shop"><relativePath>/xml</relativePath><responseVariable>st</responseVariable></http.get>
         <payloadFactory media-type="json"><format>{"kept":\${payload},"sku":"\${vars.st.payload}","status":\${vars.st.attributes.statusCode}}</format></payloadFactory>
         <respond/>`,
      ),
      'Overwrite.xml': apiWith(
        'Overwrite',
        '/overwrite',
        `<http.get configKey="Shop"><relativePath>/missing/1</relativePath>
           <responseVariable>r</responseVariable><overwriteBody>true</overwriteBody></http.get>
         <property name="hasPayload" expression="\${exists(vars.r.payload)}"/>
         <property name="status" expression="\${vars.r.attributes.statusCode}"/>
         <header name="X-Has-Payload" expression="\${properties.hasPayload}" scope="transport"/>
         <header name="X-Status" expression="\${properties.status}" scope="transport"/>
         <respond/>`,
      ),
      'Refused.xml': apiWith(
        'Refused',
        '/refused',
        `<http.get configKey="Down"><relativePath>/x</relativePath></http.get><respond/>`,
      ),
      'CallDown.xml': `<sequence ${NS} name="CallDown" onError="DownHandler">
          <http.get configKey="DownToo"><relativePath>/y</relativePath></http.get></sequence>`,
      'DownHandler.xml': `<sequence ${NS} name="DownHandler">
          <payloadFactory media-type="json"><format>{"handledBy":"onError","code":"\${properties.ERROR_CODE}"}</format></payloadFactory>
          <respond/></sequence>`,
      'ViaSeq.xml': apiWith('ViaSeq', '/viaseq', `<sequence key="CallDown"/><respond/>`),
      'Timeout.xml': apiWith(
        'Timeout',
        '/timeout',
        `<http.get configKey="Slow"><relativePath>/x</relativePath></http.get><respond/>`,
      ),
      'Auth.xml': apiWith(
        'Auth',
        '/auth',
        `<http.get configKey="Locked"><relativePath>/who</relativePath></http.get><respond/>`,
      ),
      'NoConn.xml': apiWith(
        'NoConn',
        '/noconn',
        `<http.get configKey="Nowhere"><relativePath>/x</relativePath></http.get><respond/>`,
      ),
    };
    t = await startRuntime(files);
  });
  after(async () => {
    await t?.close();
    await shop?.close();
    await slow?.close();
  });

  it('loads http.* operations without an RT_CONNECTOR warning; another connector keeps it', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy(
      Object.entries({
        ...files,
        'Other.xml': apiWith(
          'Other',
          '/other',
          '<gmail.sendMail configKey="Mail"><to>a@b.c</to></gmail.sendMail>',
        ),
      }).map(([name, text]) => ({ name, text })),
    );
    assert.deepEqual(res.problems, []);
    const connector = res.warnings.filter((w) => w.code === 'RT_CONNECTOR');
    assert.deepEqual(
      connector.map((w) => w.file),
      ['Other.xml'],
    );
    assert.match(connector[0].message, /gmail\.sendMail/);
  });

  it('GET: baseUrl + relativePath with ${...} parts, query kept, headers from the JSON array', async () => {
    const r = await send(`${t.base}/get/x`);
    assert.equal(r.status, 200);
    assert.equal((r.json() as { path: string }).path, '/items/7?q=blue&n=2');
    const last = shop.requests.at(-1)!;
    assert.equal(last.method, 'GET');
    assert.equal(last.headers['x-tenant'], 'acme');
    assert.equal(last.headers['x-trace'], 't-blue');
  });

  it('GET: values from variables and properties, a space in the query sent encoded', async () => {
    const r = await send(`${t.base}/getvars/x`);
    assert.equal(r.status, 200);
    assert.equal((r.json() as { path: string }).path, '/items/42?q=red%20shoes');
  });

  it('joins a base URL ending in / and a relative path starting with / with one slash', async () => {
    const r = await send(`${t.base}/slash/x`);
    assert.equal((r.json() as { path: string }).path, '/v2/deep/path');
  });

  it('POST with requestBodyType JSON: the body built from the request, sent as application/json', async () => {
    const r = await send(`${t.base}/postjson/x`, { body: '{"sku":"A1","qty":3}', type: 'application/json' });
    const got = r.json() as { method: string; type: string; body: string; path: string };
    assert.equal(got.method, 'POST');
    assert.equal(got.path, '/orders');
    assert.match(got.type, /^application\/json/);
    assert.deepEqual(JSON.parse(got.body), { sku: 'A1', qty: 3 });
  });

  it('PUT with requestBodyType XML: the XML body sent as application/xml', async () => {
    const r = await send(`${t.base}/postxml/x`, { body: '{"sku":"B2"}', type: 'application/json' });
    const got = r.json() as { method: string; type: string; body: string };
    assert.equal(got.method, 'PUT');
    assert.match(got.type, /^application\/xml/);
    assert.equal(got.body, '<order><sku>B2</sku></order>');
  });

  it('PATCH with requestBodyType TEXT: the text sent as text/plain', async () => {
    const r = await send(`${t.base}/posttext/x`, { body: '{"sku":"C3"}', type: 'application/json' });
    const got = r.json() as { method: string; type: string; body: string };
    assert.equal(got.method, 'PATCH');
    assert.match(got.type, /^text\/plain/);
    assert.equal(got.body, 'note for C3');
  });

  it('POST without requestBodyType sends the message body as it is', async () => {
    const r = await send(`${t.base}/postasis/x`, { body: '{"as":"is"}', type: 'application/json' });
    const got = r.json() as { method: string; body: string };
    assert.equal(got.method, 'POST');
    assert.deepEqual(JSON.parse(got.body), { as: 'is' });
  });

  it('DELETE and OPTIONS use their methods', async () => {
    assert.equal(((await send(`${t.base}/del/x`)).json() as { method: string }).method, 'DELETE');
    assert.equal(((await send(`${t.base}/opt/x`)).json() as { method: string }).method, 'OPTIONS');
  });

  it('HEAD: the status and headers reach the response variable', async () => {
    const r = await send(`${t.base}/head/x`);
    assert.deepEqual(r.json(), { status: 200, shelf: 'A3' });
    assert.equal(shop.requests.at(-1)!.method, 'HEAD');
  });

  it('responseVariable without overwriteBody: the body is kept, the variable holds payload, headers, statusCode', async () => {
    const r = await send(`${t.base}/var/x`, { body: '{"mine":1}', type: 'application/json', method: 'POST' });
    assert.deepEqual(r.json(), { kept: { mine: 1 }, backendPath: '/items/5', status: 200, shelf: 'A3' });
  });

  it('responseVariable without overwriteBody: the client gets its own XML message back, as it sent it', async () => {
    const r = await send(`${t.base}/keeps/x`, {
      body: '<order><id>9</id></order>',
      type: 'application/xml',
      method: 'POST',
      headers: { 'X-Mine': 'yes' },
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^application\/xml/);
    assert.equal(r.text, '<order><id>9</id></order>');
    assert.equal(r.headers.get('x-shelf'), null, "the answer's headers stay in the variable");
  });

  it('responseVariable with an XML answer: the payload is its element, the status 201', async () => {
    const r = await send(`${t.base}/varxml/x`, {
      body: '{"mine":2}',
      type: 'application/json',
      method: 'POST',
    });
    const got = r.json() as { kept: unknown; sku: string; status: number };
    assert.deepEqual(got.kept, { mine: 2 });
    assert.equal(got.status, 201);
    assert.match(got.sku, /<sku>A1<\/sku>/);
  });

  it('overwriteBody: the answer becomes the body, the variable has no payload, a 404 does not fault', async () => {
    const r = await send(`${t.base}/overwrite/x`);
    assert.equal(r.status, 404);
    assert.equal((r.json() as { path: string }).path, '/missing/1');
    assert.equal(r.headers.get('x-has-payload'), 'false');
    assert.equal(r.headers.get('x-status'), '404');
  });

  it('a refused connection goes to the fault sequence with 101503', async () => {
    const r = await send(`${t.base}/refused/x`);
    assert.deepEqual(r.json(), { code: '101503', message: 'Error connecting to the back end' });
  });

  it("a refused connection inside a sequence runs that sequence's onError", async () => {
    const r = await send(`${t.base}/viaseq/x`);
    assert.deepEqual(r.json(), { handledBy: 'onError', code: '101503' });
  });

  it('timeoutDuration with timeoutAction Fault: the fault sequence runs with 101504', async () => {
    const started = Date.now();
    const r = await send(`${t.base}/timeout/x`);
    assert.equal((r.json() as { code: string }).code, '101504');
    assert.ok(Date.now() - started < 1400, 'answered before the backend');
  });

  it('Basic Auth connection: the Authorization header is sent', async () => {
    const r = await send(`${t.base}/auth/x`);
    const expected = `Basic ${Buffer.from('clerk:s3cret:x').toString('base64')}`;
    assert.equal((r.json() as { auth: string }).auth, expected);
  });

  it('responseVariable on a message without a body: the answer stays the body (MI postMediate), none is answered', async () => {
    const before = t.logs.length;
    const r = await send(`${t.base}/bodyless/x`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    const line = t.logs
      .slice(before)
      .map((l) => l.message ?? '')
      .find((m) => m.startsWith('after='));
    assert.equal(line, 'after=/items/9 var=/items/9');
    // a message with a body gets its body back (the POST case of the same flow)
    const p = await send(`${t.base}/bodyless/x`, { body: '{"path":"mine"}', type: 'application/json' });
    assert.deepEqual(p.json(), { path: 'mine' });
  });

  it('a configKey naming no local entry faults as MI does', async () => {
    const r = await send(`${t.base}/noconn/x`);
    const got = r.json() as { message: string };
    assert.match(got.message, /Sequence named .*Nowhere.* cannot be found/);
  });
});
