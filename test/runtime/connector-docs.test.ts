/**
 * MI 4.4's documentation as an oracle for the HTTP connector (wso2/docs-mi): the flows its getting-started pages,
 * the HTTP connector reference and example, and the best-practices (migration) page build with the VS Code tooling,
 * rebuilt with our own names and payloads, run against our own backends on 127.0.0.1. Each case names the page and
 * what the page says MI answers; where the page shows no answer, the expectation follows MI's sources (RestURLBuilder,
 * InvokeMediator, Synapse expressions), as noted in /work/notes/s9/findings-C4.md.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

/** A connection as the VS Code tooling writes it (the same children, in its order). */
function connection(name: string, baseUrl: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<localEntry key="${name}" ${NS}>
  <http.init>
    <connectionType>HTTP</connectionType>
    <baseUrl>${baseUrl}</baseUrl>
    <authType>None</authType>
    <timeoutAction>Never</timeoutAction>
    <retryCount>0</retryCount>
    <retryDelay>0</retryDelay>
    <suspendInitialDuration>-1</suspendInitialDuration>
    <suspendProgressionFactor>1</suspendProgressionFactor>
    <name>${name}</name>
  </http.init>
</localEntry>`;
}

/** The transport-parameter children the tooling writes for every operation. */
const TRANSPORT = `<forceScAccepted>false</forceScAccepted>
        <disableChunking>false</disableChunking>
        <forceHttp10>false</forceHttp10>
        <noKeepAlive>false</noKeepAlive>`;

describe('runtime: HTTP connector flows of the MI 4.4 documentation', function () {
  this.timeout(20_000);
  let t: TestRuntime;
  let fx: Backend;
  let shop: Backend;

  before(async () => {
    // stands in for the currency services of "Route and transform messages"
    fx = await startBackend((req, res) => {
      const b = JSON.parse(req.body || '{}') as { from?: string; cur?: string; sum?: number };
      if (req.url === '/fx/v2/quote') {
        if (String(b.from).trim() === 'ZZZ') {
          res.writeHead(422, { 'Content-Type': 'application/json' });
          res.end('{"message":"no such currency: ZZZ","code":44}');
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ from: b.from, to: 'GBP', rate: 0.25 }));
        return;
      }
      // /fx/v2/convert: answers the converted value of the posted request
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ rate: 2, convertedValue: (b.sum ?? 0) * 2 }));
    });
    // stands in for the public test services of the quick start, the example and the migration samples
    shop = await startBackend((req, res) => {
      const u = req.url ?? '';
      if (u.startsWith('/hello')) {
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Greeter': 'g1' });
        res.end('{"greeting":"Hi from the desk"}');
      } else if (u.startsWith('/places')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('[{"name":"Kandy","lat":7.290,"lon":80.0}]');
      } else if (u.startsWith('/shelf.xml')) {
        res.writeHead(200, { 'Content-Type': 'application/xml' });
        res.end('<shelf><book>Dune</book><book>Emma</book></shelf>');
      } else if (u.startsWith('/note')) {
        res.writeHead(200, { 'X-Zone': 'z9', 'Content-Type': 'text/plain', 'X-Aisle': 'a1' });
        res.end('shelves are full');
      } else if (req.method === 'DELETE') {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('{}');
      } else {
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            method: req.method,
            path: u,
            type: req.headers['content-type'] ?? null,
            connection: req.headers.connection ?? null,
            body: req.body,
          }),
        );
      }
    });

    t = await startRuntime({
      'FxDesk.xml': connection('FxDesk', `${fx.url}/fx/v2`),
      'Desk.xml': connection('Desk', shop.url),
      // the migration page's connection: the whole address (query included) as the base URL
      'Forecast.xml': connection('Forecast', `${shop.url}/v1/today.json?key=K7&amp;q=Galle`),
      // get-started "Route and transform messages" (first version): the answer into a variable, the body kept
      'Piggy.xml': `<?xml version="1.0" encoding="UTF-8"?>
<api context="/piggy" name="PiggyAPI" ${NS}>
  <resource methods="POST" uri-template="/topup">
    <inSequence>
      <http.post configKey="FxDesk">
        <relativePath>/quote</relativePath>
        <headers>[]</headers>
        <requestBodyType>JSON</requestBodyType>
        <requestBodyJson>{
            &quot;from&quot;: &quot; \${payload.cur} &quot;,
            &quot;to&quot;: &quot;GBP&quot;
            }
        </requestBodyJson>
        ${TRANSPORT}
        <forcePostPutNobody>false</forcePostPutNobody>
        <responseVariable>http_post_1</responseVariable>
        <overwriteBody>false</overwriteBody>
      </http.post>
      <filter xpath="\${vars.http_post_1.attributes.statusCode == 200}">
        <then>
          <payloadFactory media-type="json" template-type="default">
            <format>{ "state": "credited", "credited": \${payload.sum * vars.http_post_1.payload.rate} }</format>
          </payloadFactory>
        </then>
        <else>
          <payloadFactory media-type="json" template-type="default">
            <format>{"state": "refused", "why": "\${vars.http_post_1.payload.message}"}</format>
          </payloadFactory>
        </else>
      </filter>
      <respond/>
    </inSequence>
    <faultSequence>
    </faultSequence>
  </resource>
  <resource methods="POST" uri-template="/convert">
    <inSequence>
      <filter xpath="\${payload.cur == 'GBP'}">
        <then>
          <payloadFactory media-type="json" template-type="default">
            <format>{"state": "credited", "credited": \${payload.sum}}</format>
          </payloadFactory>
        </then>
        <else>
          <http.post configKey="FxDesk">
            <relativePath>/convert</relativePath>
            <headers>[]</headers>
            <requestBodyType>JSON</requestBodyType>
            <requestBodyJson>{\${payload}}</requestBodyJson>
            ${TRANSPORT}
            <forcePostPutNobody>false</forcePostPutNobody>
            <responseVariable>http_post_1</responseVariable>
            <overwriteBody>true</overwriteBody>
          </http.post>
          <payloadFactory media-type="json" template-type="default">
            <format>{"state": "credited", "credited": \${payload.convertedValue}}</format>
          </payloadFactory>
        </else>
      </filter>
      <respond/>
    </inSequence>
  </resource>
</api>`,
      // the quick start guide: one GET through a connection, the answer as the body, respond
      'Hello.xml': `<?xml version="1.0" encoding="UTF-8"?>
<api context="/hellodesk" name="HelloDeskAPI" ${NS}>
  <resource methods="GET" uri-template="/">
    <inSequence>
      <http.get configKey="Desk">
        <relativePath>/hello/v1.0</relativePath>
        <headers>[]</headers>
        ${TRANSPORT}
        <responseVariable>http_get_1</responseVariable>
        <overwriteBody>true</overwriteBody>
      </http.get>
      <respond/>
    </inSequence>
    <faultSequence>
    </faultSequence>
  </resource>
</api>`,
      // the HTTP connector example: the five operations with path and query parameters and ${payload} bodies
      'Posts.xml': `<api context="/posts" name="PostsAPI" ${NS}>
  <resource methods="GET" uri-template="/one/{id}"><inSequence>
    <http.get configKey="Desk"><relativePath>/posts/\${params.uriParams.id}</relativePath><headers>[]</headers>${TRANSPORT}</http.get>
    <respond/></inSequence></resource>
  <resource methods="GET" uri-template="/comments?postId={postId}"><inSequence>
    <http.get configKey="Desk"><relativePath>/comments?postId=\${params.queryParams.postId}</relativePath><headers>[]</headers>${TRANSPORT}</http.get>
    <respond/></inSequence></resource>
  <resource methods="POST" uri-template="/create"><inSequence>
    <http.post configKey="Desk"><relativePath>/posts</relativePath><headers>[]</headers><requestBodyType>JSON</requestBodyType><requestBodyJson>\${payload}</requestBodyJson>${TRANSPORT}</http.post>
    <respond/></inSequence></resource>
  <resource methods="PATCH" uri-template="/update"><inSequence>
    <http.patch configKey="Desk"><relativePath>/posts/1</relativePath><headers>[]</headers><requestBodyType>JSON</requestBodyType><requestBodyJson>\${payload}</requestBodyJson>${TRANSPORT}</http.patch>
    <respond/></inSequence></resource>
  <resource methods="DELETE" uri-template="/remove"><inSequence>
    <http.delete configKey="Desk"><relativePath>/posts/1</relativePath><headers>[]</headers>${TRANSPORT}</http.delete>
    <respond/></inSequence></resource>
</api>`,
      // the HTTP connector reference's samples: a trailing comma in headers, an XML body from {${xpath(...)}}
      'Ref.xml': `<api context="/ref" name="RefAPI" ${NS}>
  <resource methods="GET" uri-template="/kind/{kind}"><inSequence>
    <http.get configKey="Desk">
        <relativePath>/\${params.uriParams.kind}</relativePath>
        <headers>[[&quot;x-kind&quot;,&quot;ward&quot;],]</headers>
        ${TRANSPORT}
        <forcePostPutNobody>false</forcePostPutNobody>
        <forceHttpContentLength>false</forceHttpContentLength>
    </http.get><respond/></inSequence></resource>
  <resource methods="POST" uri-template="/xml"><inSequence>
    <http.post configKey="Desk">
        <relativePath></relativePath>
        <headers>[]</headers>
        <requestBodyType>XML</requestBodyType>
        <requestBodyXml>{\${xpath('$body/node()')}}</requestBodyXml>
        ${TRANSPORT}
    </http.post><respond/></inSequence></resource>
</api>`,
      // the best-practices page's migration samples
      'Migrate.xml': `<api context="/migrate" name="MigrateAPI" ${NS}>
  <resource methods="GET" uri-template="/today"><inSequence>
    <http.get configKey="Forecast"><relativePath>/</relativePath><headers>[]</headers>
      <forceScAccepted>false</forceScAccepted><disableChunking>false</disableChunking><forceHttp10>false</forceHttp10>
      <noKeepAlive>true</noKeepAlive>
      <responseVariable>http_get_1</responseVariable><overwriteBody>true</overwriteBody></http.get>
    <respond/></inSequence></resource>
  <resource methods="GET" uri-template="/town?name={name}"><inSequence>
    <payloadFactory media-type="json" template-type="default">
      <format>{town: "$1", "units": "metric"}</format>
      <args><arg expression="get-property('query.param.name')" evaluator="xml"/></args>
    </payloadFactory>
    <http.post configKey="Desk"><relativePath></relativePath><headers>[]</headers><requestBodyType>JSON</requestBodyType>
      <requestBodyJson>\${payload}</requestBodyJson>${TRANSPORT}<forcePostPutNobody>false</forcePostPutNobody>
      <responseVariable>http_post_1</responseVariable><overwriteBody>true</overwriteBody></http.post>
    <respond/></inSequence></resource>
  <resource methods="POST" uri-template="/each"><inSequence>
    <foreach collection="\${payload}" parallel-execution="false" update-original="true" continue-without-aggregation="false">
      <sequence>
        <http.get configKey="Desk"><relativePath>/slot</relativePath><headers>[]</headers>${TRANSPORT}
          <responseVariable>http_get_1</responseVariable><overwriteBody>true</overwriteBody></http.get>
      </sequence>
    </foreach>
    <respond/></inSequence></resource>
</api>`,
      // "AI data mapping" guide: two chained GETs, the second built from the first one's answer
      'Weather.xml': `<api context="/weatherdesk" name="WeatherDeskAPI" ${NS}>
  <resource methods="GET" uri-template="/?city={city}"><inSequence>
    <variable name="API_KEY" type="STRING" value="key-5"/>
    <http.get configKey="Desk"><relativePath>/places/direct?q=\${params.queryParams.city}&amp;limit=1&amp;appid=\${vars.API_KEY}</relativePath><headers>[]</headers>${TRANSPORT}
      <responseVariable>http_get_1</responseVariable><overwriteBody>true</overwriteBody></http.get>
    <http.get configKey="Desk"><relativePath>/weather?lat=\${payload[0].lat}&amp;lon=\${payload[0].lon}&amp;appid=\${vars.API_KEY}</relativePath><headers>[]</headers>${TRANSPORT}
      <responseVariable>http_get_2</responseVariable><overwriteBody>true</overwriteBody></http.get>
    <respond/></inSequence></resource>
</api>`,
      // what the variable holds for answers that are not JSON (InvokeMediator: the body enriched into the variable)
      'Kinds.xml': `<api context="/kinds" name="KindsAPI" ${NS}>
  <resource methods="GET" uri-template="/xml"><inSequence>
    <http.get configKey="Desk"><relativePath>/shelf.xml</relativePath><headers>[]</headers>
      <responseVariable>shelf</responseVariable><overwriteBody>false</overwriteBody></http.get>
    <log category="INFO"><message>xml=\${vars.shelf.payload} path=[\${vars.shelf.payload.shelf.book}] second=\${xpath('//book[2]/text()', 'shelf')}</message></log>
    <respond/></inSequence></resource>
  <resource methods="GET" uri-template="/text"><inSequence>
    <http.get configKey="Desk"><relativePath>/note</relativePath><headers>[]</headers>
      <responseVariable>note</responseVariable><overwriteBody>false</overwriteBody></http.get>
    <log category="INFO"><message>text=\${vars.note.payload} type=\${vars.note.headers.Content-Type} sc=\${vars.note.attributes.statusCode} whole=[\${vars.note}] attrs=\${vars.note.attributes}</message></log>
    <log category="INFO"><message>\${vars.note.headers}</message></log>
    <respond/></inSequence></resource>
</api>`,
    });
  });

  after(async () => {
    await t?.close();
    await fx?.close();
    await shop?.close();
  });

  const logText = () => t.logs.map((l) => l.message ?? '').join('\n');

  describe('get-started: Route and transform messages', () => {
    it('the rate lands in the variable, the request body stays: amount * rate is answered', async () => {
      const r = await send(`${t.base}/piggy/topup`, {
        body: '{"cur":"EUR","sum":456}',
        type: 'application/json',
      });
      assert.equal(r.status, 200);
      // int * double is a double in MI (BinaryOperationNode): 114.0
      assert.equal(r.text, '{ "state": "credited", "credited": 114.0 }');
      const sent = fx.requests.at(-1)!;
      assert.equal(sent.url, '/fx/v2/quote');
      assert.match(String(sent.headers['content-type']), /^application\/json/);
      // the JSON body goes as written, the inline ${} replaced without quoting (spaces kept)
      assert.deepEqual(JSON.parse(sent.body), { from: ' EUR ', to: 'GBP' });
      assert.ok(sent.body.endsWith('}\n        '), JSON.stringify(sent.body));
    });

    it('a 4xx answer does not fault: the else branch reads its message, the client gets that status', async () => {
      const r = await send(`${t.base}/piggy/topup`, {
        body: '{"cur":"ZZZ","sum":3}',
        type: 'application/json',
      });
      assert.equal(r.status, 422);
      assert.deepEqual(r.json(), { state: 'refused', why: 'no such currency: ZZZ' });
    });

    it('second version: {${payload}} as the body and overwriteBody, then ${payload.convertedValue}', async () => {
      const gbp = await send(`${t.base}/piggy/convert`, {
        body: '{"cur":"GBP","sum":456}',
        type: 'application/json',
      });
      assert.deepEqual(gbp.json(), { state: 'credited', credited: 456 });
      const before = fx.requests.length;
      const jpy = await send(`${t.base}/piggy/convert`, {
        body: '{"cur":"JPY","sum":897}',
        type: 'application/json',
      });
      assert.equal(jpy.status, 200);
      assert.deepEqual(jpy.json(), { state: 'credited', credited: 1794 });
      assert.equal(fx.requests.length, before + 1);
      assert.deepEqual(JSON.parse(fx.requests.at(-1)!.body), { cur: 'JPY', sum: 897 });
    });
  });

  it('quick start guide: http.get with overwriteBody answers the back end body, status and type', async () => {
    const r = await send(`${t.base}/hellodesk`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { greeting: 'Hi from the desk' });
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(r.headers.get('x-greeter'), 'g1');
    assert.equal(shop.requests.at(-1)!.url, '/hello/v1.0');
    assert.equal(shop.requests.at(-1)!.method, 'GET');
  });

  describe('HTTP connector example', () => {
    it('GET with a path parameter and with a query parameter', async () => {
      const one = await send(`${t.base}/posts/one/7`);
      assert.equal((one.json() as { path: string }).path, '/posts/7');
      const c = await send(`${t.base}/posts/comments?postId=3`);
      assert.equal((c.json() as { path: string }).path, '/comments?postId=3');
    });

    it('POST and PATCH send ${payload} as JSON; the back end status (201) reaches the client', async () => {
      const p = await send(`${t.base}/posts/create`, {
        body: '{ "userId": 200, "title": "new post" }',
        type: 'application/json',
      });
      assert.equal(p.status, 201);
      const got = p.json() as { method: string; type: string; body: string };
      assert.equal(got.method, 'POST');
      assert.match(got.type, /^application\/json/);
      assert.deepEqual(JSON.parse(got.body), { userId: 200, title: 'new post' });
      const u = await send(`${t.base}/posts/update`, {
        method: 'PATCH',
        body: '{ "title": "holiday is over" }',
        type: 'application/json',
      });
      assert.equal((u.json() as { method: string }).method, 'PATCH');
      assert.deepEqual(JSON.parse((u.json() as { body: string }).body), { title: 'holiday is over' });
    });

    it('DELETE answers what the back end answers ({})', async () => {
      const d = await send(`${t.base}/posts/remove`, { method: 'DELETE' });
      assert.equal(d.status, 200);
      assert.equal(d.text, '{}');
      assert.equal(shop.requests.at(-1)!.method, 'DELETE');
    });
  });

  describe('HTTP connector reference samples', () => {
    it('headers written with a trailing comma are read (org.json) and sent', async () => {
      const r = await send(`${t.base}/ref/kind/surgeon`);
      assert.equal(r.status, 200);
      assert.equal((r.json() as { path: string }).path, '/surgeon');
      assert.equal(shop.requests.at(-1)!.headers['x-kind'], 'ward');
    });

    it("requestBodyXml {${xpath('$body/node()')}}: the XML request, or the JSON one as <jsonObject>, sent as XML", async () => {
      const x = await send(`${t.base}/ref/xml`, {
        body: '<q:order xmlns:q="urn:q"><q:item>5</q:item></q:order>',
        type: 'application/xml',
      });
      const gx = x.json() as { path: string; type: string; body: string };
      assert.equal(gx.path, '/');
      assert.match(gx.type, /^application\/xml/);
      assert.equal(gx.body, '<q:order xmlns:q="urn:q"><q:item>5</q:item></q:order>');
      const j = await send(`${t.base}/ref/xml`, { body: '{"order":{"item":5}}', type: 'application/json' });
      const gj = j.json() as { type: string; body: string };
      assert.match(gj.type, /^application\/xml/);
      assert.equal(gj.body, '<jsonObject><order><item>5</item></order></jsonObject>');
    });
  });

  describe('best practices: migration samples', () => {
    it('a base URL holding the query, relative path "/": joined as MI joins them; noKeepAlive closes', async () => {
      const r = await send(`${t.base}/migrate/today`);
      const got = r.json() as { path: string; connection: string };
      // RestURLBuilder adds one '/' between base and relative path, whatever the base ends with
      assert.equal(got.path, '/v1/today.json?key=K7&q=Galle/');
      assert.equal(got.connection, 'close');
    });

    it('payloadFactory then http.post ${payload}: the payload is sent as JSON (keys quoted)', async () => {
      const r = await send(`${t.base}/migrate/town?name=Galle`);
      assert.equal(r.status, 201);
      const got = r.json() as { path: string; body: string };
      assert.equal(got.path, '/');
      assert.equal(got.body, '{"town":"Galle","units":"metric"}');
    });

    it('new ForEach with an http.get per element: each element replaced by its answer', async () => {
      const r = await send(`${t.base}/migrate/each`, {
        body: '[{"id":1},{"id":2}]',
        type: 'application/json',
      });
      assert.equal(r.status, 200);
      const got = r.json() as { method: string; path: string }[];
      assert.equal(got.length, 2);
      assert.deepEqual(
        got.map((g) => [g.method, g.path]),
        [
          ['GET', '/slot'],
          ['GET', '/slot'],
        ],
      );
    });
  });

  it('AI data mapping guide: the second GET reads the first answer (payload[0].lat read by name: a Double)', async () => {
    const r = await send(`${t.base}/weatherdesk?city=Kandy%20Town`);
    assert.equal(r.status, 200);
    const urls = shop.requests.slice(-2).map((q) => q.url);
    assert.deepEqual(urls, [
      '/places/direct?q=Kandy%20Town&limit=1&appid=key-5',
      // Jayway's Gson provider unwraps a number read by name (getMapValue): 7.290 is the Double 7.29, 80.0 stays 80.0
      '/weather?lat=7.29&lon=80.0&appid=key-5',
    ]);
  });

  describe('the response variable of answers that are not JSON', () => {
    it('XML: payload is the element; a JSON path into it and xpath(…, var) on the map give nothing', async () => {
      const before = t.logs.length;
      const r = await send(`${t.base}/kinds/xml`);
      assert.equal(r.status, 200);
      const line = t.logs
        .slice(before)
        .map((l) => l.message ?? '')
        .find((m) => m.startsWith('xml='));
      assert.equal(line, 'xml=<shelf><book>Dune</book><book>Emma</book></shelf> path=[] second=');
    });

    it('text: payload is the text wrapper element; headers and statusCode are read; the variable whole is a map (nothing)', async () => {
      const before = t.logs.length;
      await send(`${t.base}/kinds/text`);
      // the headers in MI's TreeMap order (case-insensitive), whatever order the back end sent them in; every line
      // of the answer is there, the connection's own ones too (pass-through TargetResponse keeps them all)
      const headersLine = t.logs
        .slice(before)
        .map((l) => l.message ?? '')
        .find((m) => m.startsWith('{'));
      const names = Object.keys(JSON.parse(headersLine ?? '{}') as object).map((n) => n.toLowerCase());
      assert.deepEqual(names, [
        'connection',
        'content-type',
        'date',
        'keep-alive',
        'transfer-encoding',
        'x-aisle',
        'x-zone',
      ]);
      assert.match(
        logText(),
        /text=<text xmlns="http:\/\/ws\.apache\.org\/commons\/ns\/payload">shelves are full<\/text> type=text\/plain sc=200 whole=\[\] attrs=\{"statusCode":200\}/,
      );
    });
  });
});

describe('runtime: File connector example of the MI 4.4 documentation (6.x)', function () {
  this.timeout(20_000);
  let t: TestRuntime;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'c4-cabinet-'));
    t = await startRuntime({
      'Cabinet.xml': `<localEntry key="cabinet_conn" ${NS}><file.init><connectionType>LOCAL</connectionType><name>cabinet_conn</name><workingDir></workingDir><fileLockScheme>Local</fileLockScheme></file.init></localEntry>`,
      'CabinetAPI.xml': `<api context="/cabinet" name="CabinetAPI" ${NS}>
  <resource methods="POST" uri-template="/create"><inSequence>
    <file.write configKey="cabinet_conn">
      <filePath>{\${payload.filePath}}</filePath>
      <contentOrExpression>\${payload.inputContent}</contentOrExpression>
      <encoding>UTF-8</encoding><mimeType>Automatic</mimeType><compress>false</compress><writeMode>Overwrite</writeMode>
      <enableStreaming>false</enableStreaming><appendNewLine>false</appendNewLine><enableLock>false</enableLock>
      <updateLastModified>true</updateLastModified><timeBetweenSizeCheck>1000</timeBetweenSizeCheck>
      <updateFilePermission>644</updateFilePermission><maxRetries>0</maxRetries><retryDelay>0</retryDelay>
      <diskShareAccessMask>MAXIMUM_ALLOWED</diskShareAccessMask>
      <responseVariable>file_write_1</responseVariable><overwriteBody>true</overwriteBody>
    </file.write><respond/></inSequence><faultSequence></faultSequence></resource>
  <resource methods="POST" uri-template="/read"><inSequence>
    <file.checkExist configKey="cabinet_conn"><path>{\${payload.filePath}}</path>
      <diskShareAccessMask>MAXIMUM_ALLOWED</diskShareAccessMask>
      <responseVariable>file_checkExist_1</responseVariable><overwriteBody>false</overwriteBody></file.checkExist>
    <log category="INFO"><message>exists=\${vars.file_checkExist_1.payload.fileExists} whole=[\${vars.file_checkExist_1}]</message></log>
    <filter xpath="\${vars.file_checkExist_1.payload.fileExists}">
      <then>
        <file.read configKey="cabinet_conn"><path>{\${payload.filePath}}</path><filePattern></filePattern>
          <readMode>Complete File</readMode><contentType></contentType><encoding>UTF-8</encoding>
          <enableStreaming>false</enableStreaming><enableLock>false</enableLock><maxRetries>0</maxRetries>
          <retryDelay>0</retryDelay><diskShareAccessMask>MAXIMUM_ALLOWED</diskShareAccessMask>
          <responseVariable>file_read_1</responseVariable><overwriteBody>true</overwriteBody></file.read>
      </then>
      <else>
        <payloadFactory media-type="json" template-type="default">
          <format>{"message" : "File \${payload.filePath} does not exist."}</format>
        </payloadFactory>
        <property name="HTTP_SC" scope="axis2" type="STRING" value="404"/>
      </else>
    </filter><respond/></inSequence><faultSequence></faultSequence></resource>
</api>`,
    });
  });
  after(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('create writes the content and answers the write result; read answers the text; a missing file 404', async () => {
    const file = join(dir, 'doc', 'memo.txt');
    const c = await send(`${t.base}/cabinet/create`, {
      body: JSON.stringify({ filePath: file, inputContent: 'Shelf notes for today' }),
      type: 'application/json',
    });
    assert.equal(c.status, 200);
    assert.deepEqual(c.json(), { success: true, writtenBytes: 21 });
    assert.equal(readFileSync(file, 'utf8'), 'Shelf notes for today');
    const r = await send(`${t.base}/cabinet/read`, {
      body: JSON.stringify({ filePath: file }),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(r.text, 'Shelf notes for today');
    const m = await send(`${t.base}/cabinet/read`, {
      body: JSON.stringify({ filePath: `${file}.gone` }),
      type: 'application/json',
    });
    assert.equal(m.status, 404);
    assert.deepEqual(m.json(), { message: `File ${file}.gone does not exist.` });
    const lines = t.logs.map((l) => l.message ?? '').filter((x) => x.startsWith('exists='));
    assert.deepEqual(lines, ['exists=true whole=[]', 'exists=false whole=[]']);
  });
});
