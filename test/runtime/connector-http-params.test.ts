/**
 * HTTP connector details: dynamic parameter values, transport parameters, SOAP bodies, refused configurations, what
 * the operation leaves in the message context, and the operation as one mediator for the debugger.
 */
import assert from 'node:assert/strict';
import type { Frame, MessageContext } from '../../runtime-debug/engine/context';
import { Runtime } from '../../runtime-debug/engine';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { apiAnsweringFaults, httpConnection } from './connectorFixtures';
import { until } from '../support';

const conn = (name: string, baseUrl: string, extra = '') => httpConnection(name, baseUrl, extra, false);
const apiWith = (name: string, body: string) =>
  apiAnsweringFaults(name, `/${name.toLowerCase()}`, body, 'GET POST');

describe('runtime: HTTP connector parameters and context', () => {
  let t: TestRuntime;
  let echo: Backend;
  let other: Backend;
  before(async () => {
    const echoing =
      (tag: string) =>
      (
        req: { method?: string; url?: string; headers: Record<string, unknown>; body: string },
        res: import('node:http').ServerResponse,
      ) => {
        if (req.url?.startsWith('/plain')) {
          res.writeHead(200, { 'content-type': 'text/plain' });
          res.end('just words');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            tag,
            method: req.method,
            path: req.url,
            type: req.headers['content-type'] ?? null,
            soapAction: req.headers.soapaction ?? null,
            length: req.body.length,
            body: req.body,
          }),
        );
      };
    echo = await startBackend(echoing('echo'));
    other = await startBackend(echoing('other'));
    t = await startRuntime({
      'Echo.xml': conn('Echo', echo.url),
      'Moving.xml': conn('Moving', '{${vars.target}}'),
      'Misnamed.xml': `<localEntry ${NS} key="Misnamed"><http.init><baseUrl>${echo.url}</baseUrl></http.init></localEntry>`,
      'Plain.xml': `<localEntry ${NS} key="Plain">just text</localEntry>`,
      'DynXml.xml': apiWith(
        'DynXml',
        `<http.post configKey="Echo"><relativePath>/x</relativePath><requestBodyType>XML</requestBodyType>
           <requestBodyXml>{\${xpath('$body/node()')}}</requestBodyXml></http.post><respond/>`,
      ),
      'Soap.xml': apiWith(
        'Soap',
        `<http.post configKey="Echo"><relativePath>/soap</relativePath>
           <headers>[["Content-Type","text/xml; charset=utf-8"],["SOAPAction","urn:count"]]</headers>
           <requestBodyType>XML</requestBodyType>
           <requestBodyXml><![CDATA[<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><count>\${xpath('string(//n)')}</count></soapenv:Body></soapenv:Envelope>]]></requestBodyXml>
         </http.post><respond/>`,
      ),
      'Accepted.xml': apiWith(
        'Accepted',
        `<http.post configKey="Echo"><relativePath>/bg</relativePath><forceScAccepted>true</forceScAccepted></http.post>`,
      ),
      'NoBody.xml': apiWith(
        'NoBody',
        `<http.post configKey="Echo"><relativePath>/nobody</relativePath><noEntityBody>true</noEntityBody></http.post><respond/>`,
      ),
      'Moves.xml': apiWith(
        'Moves',
        `<variable name="target" expression="\${payload.to}"/>
         <http.get configKey="Moving"><relativePath>where</relativePath></http.get><respond/>`,
      ),
      'DynKey.xml': apiWith(
        'DynKey',
        `<http.get configKey="{\${payload.conn}}"><relativePath>/k</relativePath></http.get><respond/>`,
      ),
      'Quoted.xml': apiWith(
        'Quoted',
        `<http.post configKey="Echo"><relativePath>/q</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>\${payload}</requestBodyJson></http.post><respond/>`,
      ),
      'NotJson.xml': apiWith(
        'NotJson',
        `<http.post configKey="Echo"><relativePath>/q</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>hello there</requestBodyJson></http.post><respond/>`,
      ),
      'Blank.xml': apiWith(
        'Blank',
        `<http.post configKey="Echo"><relativePath>/blank</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>   </requestBodyJson></http.post><respond/>`,
      ),
      'Newline.xml': apiWith(
        'Newline',
        `<http.post configKey="Echo"><relativePath>/nl</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>
</requestBodyJson></http.post><respond/>`,
      ),
      'Words.xml': apiWith(
        'Words',
        `<http.post configKey="Echo"><relativePath>/q</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>hello</requestBodyJson></http.post><respond/>`,
      ),
      'Spaced.xml': apiWith(
        'Spaced',
        `<http.post configKey="Echo"><relativePath>/sp</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson> 42</requestBodyJson></http.post><respond/>`,
      ),
      'Lone.xml': apiWith(
        'Lone',
        `<http.post configKey="Echo"><relativePath>/lone</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>\${payload.v}</requestBodyJson></http.post><respond/>`,
      ),
      'BadHeaders.xml': apiWith(
        'BadHeaders',
        `<http.get configKey="Echo"><relativePath>/h</relativePath><headers>X-A: 1</headers></http.get><respond/>`,
      ),
      'TextVar.xml': apiWith(
        'TextVar',
        `<http.get configKey="Echo"><relativePath>/plain</relativePath><responseVariable>w</responseVariable></http.get>
         <payloadFactory media-type="json"><format>{"w":"\${xpath('string($var:w/payload)')}"}</format></payloadFactory><respond/>`.replace(
          `\${xpath('string($var:w/payload)')}`,
          '${vars.w.payload}',
        ),
      ),
      'Leftovers.xml': apiWith(
        'Leftovers',
        `<http.get configKey="Echo"><relativePath>/l</relativePath><responseVariable>r</responseVariable></http.get>
         <payloadFactory media-type="json"><format>{"conn":"\${properties.httpConnectorConnectionName}","ep":"\${properties.httpConnectorConnectionEndpointName}","base":\${exists(properties['uri.var.base'])},"path":\${exists(properties.HTTP_CONN_RELATIVE_PATH)}}</format></payloadFactory>
         <respond/>`,
      ),
      'Names.xml': apiWith(
        'Names',
        `<http.get configKey="Misnamed"><relativePath>/t</relativePath></http.get><respond/>`,
      ),
      'NotConn.xml': apiWith(
        'NotConn',
        `<http.get configKey="Plain"><relativePath>/t</relativePath></http.get><respond/>`,
      ),
      'Keyless.xml': apiWith('Keyless', `<http.get><relativePath>/t</relativePath></http.get><respond/>`),
      'BadInline.xml': apiWith(
        'BadInline',
        `<http.get configKey="Echo"><relativePath>/x/\${payload.items[}</relativePath></http.get><respond/>`,
      ),
      'ByKey.xml': apiWith(
        'ByKey',
        `<property name="uri.var.base" value="${echo.url}"/><property name="uri.var.path" value="/by-key"/>
         <call><endpoint key="Echo_INTERNAL_ENDPOINT_REFERENCE"/></call><respond/>`,
      ),
      'Sample.xml': apiWith(
        'Sample',
        `<http.get configKey="Echo">
           <relativePath>/\${params.queryParams.kind}</relativePath>
           <headers>[[&quot;X-Kind&quot;,&quot;\${params.queryParams.kind}&quot;],]</headers>
           <forceScAccepted>false</forceScAccepted><disableChunking>false</disableChunking><forceHttp10>false</forceHttp10>
           <noKeepAlive>false</noKeepAlive><forcePostPutNobody>false</forcePostPutNobody>
           <forceHttpContentLength>false</forceHttpContentLength>
         </http.get><respond/>`,
      ),
      'Debug.xml': apiWith(
        'Debug',
        `<http.get configKey="Echo"><relativePath>/d</relativePath><responseVariable>dv</responseVariable></http.get>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await echo?.close();
    await other?.close();
  });

  it('a {${...}} parameter is evaluated per message (requestBodyXml from the request body)', async () => {
    const r = await send(`${t.base}/dynxml/x`, { body: '<pick><id>4</id></pick>', type: 'application/xml' });
    const got = r.json() as { body: string; type: string };
    assert.equal(got.body, '<pick><id>4</id></pick>');
    assert.match(got.type, /^application\/xml/);
  });

  it("a SOAP envelope body replaces the envelope; the SOAPAction is the message's action (TargetRequest)", async () => {
    const env =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><n>3</n></soapenv:Body></soapenv:Envelope>';
    const r = await send(`${t.base}/soap/x`, {
      body: env,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:in' },
    });
    const got = r.json() as { body: string; soapAction: string; type: string };
    // a SOAP request keeps its message type (text/xml): the envelope goes out whole
    assert.match(got.body, /<soapenv:Body><count>3<\/count><\/soapenv:Body>/);
    assert.match(got.type, /^text\/xml/);
    // the headers parameter sets a SOAPAction transport header, but the message has the SOAP action it came with
    // (urn:in, Axis2's Options.action): MI's TargetRequest writes that one, quoted by the SOAP formatter
    assert.equal(got.soapAction, '"urn:in"');
  });

  it('an XML body on a plain XML request is sent as application/xml: the POX formatter writes the body element only', async () => {
    const r = await send(`${t.base}/soap/x`, { body: '<a><n>5</n></a>', type: 'application/xml' });
    const got = r.json() as { body: string; type: string };
    assert.match(got.type, /^application\/xml/);
    assert.equal(got.body, '<count>5</count>');
  });

  it('forceScAccepted answers the client 202 while the call goes out', async () => {
    const before = echo.requests.length;
    const r = await send(`${t.base}/accepted/x`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 202);
    await until('the call at the back end', () => echo.requests.length > before);
    assert.equal(echo.requests.at(-1)!.url, '/bg');
  });

  it('noEntityBody without a body type sends the POST without its body', async () => {
    const r = await send(`${t.base}/nobody/x`, { body: '{"dropped":true}', type: 'application/json' });
    const got = r.json() as { method: string; length: number };
    assert.equal(got.method, 'POST');
    assert.equal(got.length, 0);
  });

  it('baseUrl given as {${...}} is read per message; a relative path without / gets one', async () => {
    const a = await send(`${t.base}/moves/x`, {
      body: JSON.stringify({ to: echo.url }),
      type: 'application/json',
    });
    const b = await send(`${t.base}/moves/x`, {
      body: JSON.stringify({ to: other.url }),
      type: 'application/json',
    });
    assert.deepEqual(
      [(a.json() as { tag: string }).tag, (b.json() as { tag: string }).tag],
      ['echo', 'other'],
    );
    assert.equal((b.json() as { path: string }).path, '/where');
  });

  it('configKey given as {${...}} names the connection per message', async () => {
    const r = await send(`${t.base}/dynkey/x`, { body: '{"conn":"Echo"}', type: 'application/json' });
    assert.equal((r.json() as { path: string }).path, '/k');
  });

  it('requestBodyJson ${payload} sends the request JSON', async () => {
    const r = await send(`${t.base}/quoted/x`, { body: '{"keep":[1,2]}', type: 'application/json' });
    assert.deepEqual(JSON.parse((r.json() as { body: string }).body), { keep: [1, 2] });
  });

  it('a JSON body that is not JSON faults the message', async () => {
    const r = await send(`${t.base}/notjson/x`, { body: '{}', type: 'application/json' });
    assert.equal(
      (r.json() as { message: string }).message,
      'Error creating JSON Payload from source hello there',
    );
  });

  it('a lone JSON value is sent as it is; a word that is not JSON faults', async () => {
    const ok = await send(`${t.base}/lone/x`, { body: '{"v":42}', type: 'application/json' });
    assert.equal((ok.json() as { body: string }).body, '42');
    const bad = await send(`${t.base}/lone/x`, { body: '{"v":"nope"}', type: 'application/json' });
    assert.equal((bad.json() as { message: string }).message, 'Error creating JSON Payload from source nope');
  });

  it('JSON bodies as JsonUtil.getNewJsonPayload reads them: blank keeps the body, a GET keeps it, other text faults', async () => {
    // only spaces: an empty payload, the message body is left as it is (sent as application/json)
    const blank = await send(`${t.base}/blank/x`, { body: '{"kept":true}', type: 'application/json' });
    const b = blank.json() as { path: string; type: string; body: string };
    assert.equal(b.path, '/blank');
    assert.match(b.type, /^application\/json/);
    assert.deepEqual(JSON.parse(b.body), { kept: true });
    // a new line is not a space: not JSON, refused for a POST message
    const nl = await send(`${t.base}/newline/x`, { body: '{}', type: 'application/json' });
    assert.equal((nl.json() as { message: string }).message, 'Error creating JSON Payload from source \n');
    // text with nothing that can start JSON in a GET message (isValidPayloadRequired false): no fault, the body is
    // left alone; in a POST message it faults (text with a t, n, f, digit or quote is read as a bad JSON value, and
    // faults whatever the method: see 'hello there' above)
    const words = await send(`${t.base}/words/x`, { body: '{}', type: 'application/json' });
    assert.equal(
      (words.json() as { message: string }).message,
      'Error creating JSON Payload from source hello',
    );
    const get = await send(`${t.base}/words/x`);
    const g = get.json() as { method: string; path: string; type: string; body: string };
    assert.equal(g.method, 'POST');
    assert.equal(g.path, '/q');
    assert.match(g.type, /^application\/json/);
    assert.equal(g.body, '');
    // a lone value is read as written: a leading blank makes ' 42' no JSON value
    const sp = await send(`${t.base}/spaced/x`, { body: '{}', type: 'application/json' });
    assert.equal((sp.json() as { message: string }).message, 'Error creating JSON Payload from source  42');
  });

  it('a headers parameter that is not a JSON array faults the message', async () => {
    const r = await send(`${t.base}/badheaders/x`);
    assert.match((r.json() as { message: string }).message, /headers parameter/);
  });

  it('a text answer in the response variable is its text element', async () => {
    const r = await send(`${t.base}/textvar/x`);
    const w = (r.json() as { w: string }).w;
    assert.match(w, /just words/);
  });

  it('sets the connection properties and removes the uri.var.* and HTTP_CONN_* ones after the call', async () => {
    const r = await send(`${t.base}/leftovers/x`);
    assert.deepEqual(r.json(), {
      conn: 'Echo',
      ep: 'Echo_INTERNAL_ENDPOINT_REFERENCE',
      base: false,
      path: false,
    });
  });

  it('a connection MI would refuse (timeout not a number, unknown timeout action) is a load problem, and faults as its missing endpoint (ResolvingEndpoint.sendMessage)', async () => {
    const files: Record<string, string> = {
      'BadTimeout.xml': conn('BadTimeout', echo.url, '<timeoutDuration>soon</timeoutDuration>'),
      'BadAction.xml': conn(
        'BadAction',
        echo.url,
        '<timeoutDuration>100</timeoutDuration><timeoutAction>retry</timeoutAction>',
      ),
      'Timeouts.xml': apiWith(
        'Timeouts',
        `<http.get configKey="BadTimeout"><relativePath>/t</relativePath></http.get><respond/>`,
      ),
      'Actions.xml': apiWith(
        'Actions',
        `<http.get configKey="BadAction"><relativePath>/t</relativePath></http.get><respond/>`,
      ),
    };
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy(Object.entries(files).map(([name, text]) => ({ name, text })));
    assert.deepEqual(
      res.problems.map((p) => `${p.file}:${p.line} ${p.code}`),
      ['BadTimeout.xml:1 RT_BAD_CONNECTION', 'BadAction.xml:1 RT_BAD_TIMEOUT_ACTION'],
    );
    assert.match(
      res.problems[0].message,
      /The connection 'BadTimeout' cannot deploy its endpoint: .*expected as a number/,
    );
    const { port } = await rt.start();
    try {
      const a = (await send(`http://127.0.0.1:${port}/timeouts/x`)).json() as {
        code: string;
        message: string;
      };
      assert.equal(a.code, '305100');
      // (MI's entry is deployed, its endpoint is not: the template's key-expression finds no endpoint)
      assert.equal(
        a.message,
        "Couldn't find the endpoint with the key : BadTimeout_INTERNAL_ENDPOINT_REFERENCE",
      );
      const b = (await send(`http://127.0.0.1:${port}/actions/x`)).json() as { message: string };
      assert.equal(
        b.message,
        "Couldn't find the endpoint with the key : BadAction_INTERNAL_ENDPOINT_REFERENCE",
      );
    } finally {
      await rt.stop(1000);
    }
  });

  it('a connection without a name, an entry that is not a connection and a missing configKey fault', async () => {
    const a = (await send(`${t.base}/names/x`)).json() as { message: string };
    assert.match(a.message, /Endpoint '_INTERNAL_ENDPOINT_REFERENCE' is not deployed/);
    const b = (await send(`${t.base}/notconn/x`)).json() as { message: string };
    assert.match(b.message, /is not a connection/);
    const c = (await send(`${t.base}/keyless/x`)).json() as { message: string };
    // (no configKey and no inline <http.init> before it: the template's key-expression names no endpoint, and
    // ResolvingEndpoint faults 305100)
    assert.match(c.message, /^Couldn't find the endpoint with the key : $/);
  });

  it('a ${...} part that does not compile deploys with RT_INLINE_EXPRESSION and fails the message', async () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'BadInline.xml',
        text: apiWith(
          'BadInline',
          `<http.get configKey="Echo"><relativePath>/x/\${payload.items[}</relativePath></http.get>`,
        ),
      },
    ]);
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.warnings.map((w) => `${w.code} ${w.line}`),
      ['RT_INLINE_EXPRESSION 2'],
    );
    const r = await send(`${t.base}/badinline/x`);
    assert.match((r.json() as { message: string }).message, /^Error while processing relativePath/);
  });

  it('the endpoint a connection deploys is found by its name (<name>_INTERNAL_ENDPOINT_REFERENCE)', async () => {
    const r = await send(`${t.base}/bykey/x`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      [(r.json() as { tag: string }).tag, (r.json() as { path: string }).path],
      // (a call of its own keeps REST_URL_POSTFIX, the resource's `/x`: the connection endpoint names no method, and
      // only the connector's templates remove the postfix before their call)
      ['echo', '/by-key/x'],
    );
  });

  it('the documented parameter shape: a headers list with a trailing comma, false transport flags', async () => {
    const r = await send(`${t.base}/sample/x?kind=tools`);
    assert.equal(r.status, 200);
    assert.equal((r.json() as { path: string }).path, '/tools');
    assert.equal(echo.requests.at(-1)!.headers['x-kind'], 'tools');
  });

  it('the debugger sees the operation as one mediator with its line, and the variable after it', async () => {
    const seen: string[] = [];
    let after: unknown;
    t.rt.setDebugHook({
      beforeMediator(frame: Frame) {
        if (frame.artifactName === 'Debug') seen.push(`${frame.mediator}@${frame.line}`);
      },
      afterMediator(frame: Frame, ctx: MessageContext) {
        if (frame.mediator === 'http.get' && frame.artifactName === 'Debug') after = ctx.vars.get('dv');
      },
    });
    try {
      const r = await send(`${t.base}/debug/x`);
      assert.equal(r.status, 200);
    } finally {
      t.rt.setDebugHook(undefined);
    }
    assert.deepEqual(seen, ['http.get@2', 'respond@3']);
    const v = after as { payload: { path: string }; attributes: { statusCode: number } };
    assert.equal(v.payload.path, '/d');
    assert.equal(v.attributes.statusCode, 200);
  });
});
