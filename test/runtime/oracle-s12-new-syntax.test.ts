/**
 * New syntax the embedded runtime does not run says so (H9, session 12): an API's validateSchema (APIFactory reads it
 * with publishSwagger; Synapse's SchemaValidationUtils then validates requests and answers against the OpenAPI
 * definition) deploys with an RT_SIMULATED warning, and the API still answers; an inbound endpoint of a protocol or
 * class the runtime does not run (an MCP server's inbound connector, MI 4.6) deploys with an RT_UNSUPPORTED warning.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS, send, startBackend, startRuntime } from './helpers';

describe('runtime: new syntax it leaves out is named (H9, session 12)', () => {
  it('an API with publishSwagger and validateSchema="true" deploys with an RT_SIMULATED warning; without publishSwagger, none', async () => {
    const api = (name: string, attrs: string) =>
      `<api ${NS} name="${name}" context="/${name.toLowerCase()}" ${attrs}><resource methods="GET"><inSequence><payloadFactory media-type="json"><format>{"kiln":"hot"}</format></payloadFactory><respond/></inSequence></resource></api>`;
    const rt = new Runtime({ httpPort: 0 });
    try {
      const res = rt.deploy([
        {
          name: 'Checked.xml',
          text: api('Checked', 'publishSwagger="gov:/kiln.yaml" validateSchema="True"'),
        },
        { name: 'Unread.xml', text: api('Unread', 'validateSchema="true"') },
      ]);
      assert.deepEqual(res.problems, []);
      const sim = res.warnings.filter((w) => w.code === 'RT_SIMULATED');
      assert.deepEqual(
        sim.map((w) => [w.file, w.message]),
        [
          [
            'Checked.xml',
            'API Checked: validateSchema (OpenAPI validation of requests and answers) is not performed by the embedded runtime',
          ],
        ],
      );
      const { port } = await rt.start();
      const r = await fetch(`http://127.0.0.1:${port}/checked`);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { kiln: 'hot' });
    } finally {
      await rt.stop(1000);
    }
  });

  it("an inbound endpoint it does not run (an MCP server's inbound connector class, a JMS protocol) deploys with an RT_UNSUPPORTED warning; an HTTP one does not", () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'KilnTools.xml',
        // docs-mi creating-an-mcp-server: the inbound endpoint's root carries no namespace
        text: `<inboundEndpoint name="KilnTools" sequence="" onError="" class="org.example.inbound.ToolListener"><parameters ${NS}><parameter name="inbound.http.port">0</parameter></parameters></inboundEndpoint>`,
      },
      {
        name: 'KilnQueue.xml',
        text: `<inboundEndpoint ${NS} name="KilnQueue" protocol="jms" sequence="Cool"><parameters><parameter name="transport.jms.Destination">kiln</parameter></parameters></inboundEndpoint>`,
      },
      {
        name: 'KilnHttp.xml',
        text: `<inboundEndpoint ${NS} name="KilnHttp" protocol="http" sequence="Cool" suspend="true"><parameters><parameter name="inbound.http.port">0</parameter></parameters></inboundEndpoint>`,
      },
      { name: 'Cool.xml', text: `<sequence ${NS} name="Cool"><drop/></sequence>` },
    ]);
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.warnings.filter((w) => w.code === 'RT_UNSUPPORTED').map((w) => w.message),
      [
        'Inbound endpoint KilnTools (class org.example.inbound.ToolListener) is not run by the embedded runtime: it deploys and receives no messages',
        'Inbound endpoint KilnQueue (protocol jms) is not run by the embedded runtime: it deploys and receives no messages',
      ],
    );
  });

  it("an API handler other than MI's basic-auth and per-API CORS ones (a Java class) deploys with an RT_UNSUPPORTED warning naming it; the API still answers", async () => {
    const rt = new Runtime({ httpPort: 0 });
    try {
      const res = rt.deploy([
        {
          name: 'Glazed.xml',
          text: `<api ${NS} name="Glazed" context="/glazed"><resource methods="GET"><inSequence><payloadFactory media-type="json"><format>{"glaze":"blue"}</format></payloadFactory><respond/></inSequence></resource>
  <handlers><handler class="org.example.kiln.AuditHandler"><property name="level" value="high"/></handler></handlers></api>`,
        },
      ]);
      assert.deepEqual(
        res.warnings.filter((w) => w.code === 'RT_UNSUPPORTED').map((w) => [w.line, w.message]),
        [[2, 'API Glazed: handler org.example.kiln.AuditHandler is not run by the embedded runtime']],
      );
      const { port } = await rt.start();
      const r = await fetch(`http://127.0.0.1:${port}/glazed`);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { glaze: 'blue' });
    } finally {
      await rt.stop(1000);
    }
  });

  it("MI 4.5's per-API CORS handler: a preflight is answered 200 with the CORS headers (the resource's methods it allows, the origin, a * pattern matched, credentials, max age), a request the API cannot take 405/404 with nothing, an answer carries the values, an origin not allowed gets no Allow-Origin (CORSRequestHandler; MI TestPerAPICORS)", async () => {
    const rt = await startRuntime({
      'Glaze.xml': `<api ${NS} name="Glaze" context="/glaze"><handlers><handler class="org.wso2.micro.integrator.security.handler.CORSRequestHandler"><property name="allowHeaders" value="Content-Type,Authorization"/><property name="allowedOrigins" value="https://kiln.example,*.pots.example"/><property name="allowedMethods" value="GET,POST,PUT"/><property name="allowCredentials" value="true"/><property name="maxAge" value="600"/></handler></handlers>
<resource methods="GET POST DELETE" uri-template="/"><inSequence><payloadFactory media-type="json"><format>{"ok":1}</format></payloadFactory><respond/></inSequence></resource>
<resource methods="GET" uri-template="/test"><inSequence><payloadFactory media-type="json"><format>{"t":1}</format></payloadFactory><respond/></inSequence></resource></api>`,
    });
    const cors = (h: Headers) => {
      const out: [string, string][] = [];
      h.forEach((v, k) => {
        if (k.startsWith('access-control-allow') || k === 'access-control-max-age') out.push([k, v]);
      });
      return out;
    };
    try {
      let r = await send(`${rt.base}/glaze`, {
        method: 'OPTIONS',
        headers: { Origin: 'https://kiln.example', 'Access-Control-Request-Method': 'POST' },
      });
      assert.deepEqual([r.status, r.text], [200, '']);
      assert.deepEqual(cors(r.headers), [
        ['access-control-allow-credentials', 'true'],
        ['access-control-allow-headers', 'Content-Type,Authorization'],
        ['access-control-allow-methods', 'GET,POST'],
        ['access-control-allow-origin', 'https://kiln.example'],
        ['access-control-max-age', '600'],
      ]);
      // no Access-Control-Request-Method and no resource listing OPTIONS: the path is there, 405
      r = await send(`${rt.base}/glaze`, { method: 'OPTIONS', headers: { Origin: 'https://kiln.example' } });
      assert.deepEqual([r.status, r.text, cors(r.headers)], [405, '', []]);
      r = await send(`${rt.base}/glaze/test`, { body: '{}', type: 'application/json' });
      assert.deepEqual([r.status, r.text], [405, '']);
      r = await send(`${rt.base}/glaze/none`, { headers: { Origin: 'https://kiln.example' } });
      assert.deepEqual([r.status, r.text], [404, '']);
      r = await send(`${rt.base}/glaze`, { headers: { Origin: 'https://a.pots.example' } });
      assert.deepEqual([r.status, r.json()], [200, { ok: 1 }]);
      assert.equal(r.headers.get('access-control-allow-origin'), 'https://a.pots.example');
      assert.equal(r.headers.get('access-control-allow-methods'), 'GET,POST');
      r = await send(`${rt.base}/glaze`, { headers: { Origin: 'https://elsewhere.example' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('access-control-allow-origin'), null);
    } finally {
      await rt.close();
    }
  });

  it('call-template with responseVariable / overwriteBody on a plain template: the result goes to the variable (payload, headers, statusCode) and, without overwriteBody, the body, type and headers come back (InvokeMediator.prepareForMediation / postMediate, Synapse b861976a4; MI InvokeTemplateIntegrationTest)', async () => {
    const be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-kiln': 'oak' });
      res.end('{"kiln":"oak","temp":1200}');
    });
    const rt = await startRuntime({
      'Firing.xml': `<template ${NS} name="Firing"><parameter name="responseVariable"/><parameter name="overwriteBody"/><sequence><call><endpoint><http method="get" uri-template="${be.url}/firing"/></endpoint></call></sequence></template>`,
      'Fire.xml': `<api ${NS} name="Fire" context="/fire"><resource methods="GET POST" uri-template="/{flag}"><inSequence>
  <call-template target="Firing"><with-param name="responseVariable" value="firing"/><with-param name="overwriteBody" value="{\${params.pathParams.flag}}"/></call-template>
  <log category="INFO"><message>kiln \${vars.firing.headers['x-kiln']} status \${vars.firing.attributes.statusCode} temp \${vars.firing.payload.temp}</message></log>
  <respond/></inSequence></resource></api>`,
    });
    try {
      const logged = () => rt.logs.map((l) => l.message).filter((m) => m.startsWith('kiln '));
      let r = await send(`${rt.base}/fire/false`, { body: '{"pot":"vase"}', type: 'application/json' });
      assert.deepEqual([r.status, r.text], [200, '{"pot":"vase"}']);
      r = await send(`${rt.base}/fire/false`, { body: '<pot>vase</pot>', type: 'application/xml' });
      assert.deepEqual([r.status, r.text], [200, '<pot>vase</pot>']);
      r = await send(`${rt.base}/fire/false`);
      assert.deepEqual([r.status, r.text], [200, '']);
      r = await send(`${rt.base}/fire/true`, { body: '{"pot":"vase"}', type: 'application/json' });
      assert.deepEqual([r.status, r.json()], [200, { kiln: 'oak', temp: 1200 }]);
      const lines = logged();
      assert.deepEqual(lines.slice(0, 3), Array(3).fill('kiln oak status 200 temp 1200'));
      // with overwriteBody the variable holds no payload (processConnectorResponse removes it)
      assert.match(lines[3], /^kiln oak status 200 temp (?!1200)/);
    } finally {
      await rt.close();
      await be.close();
    }
  });

  it('a resource with uri-template="*" takes what the other resources do not, whatever the path (MI DefaultSequenceWithMultipleMethodsTest)', async () => {
    const res = (t: string, m: string) =>
      `<resource methods="DELETE OPTIONS POST PUT GET" uri-template="${t}"><inSequence><payloadFactory media-type="json"><format>{"r": "${m}"}</format><args/></payloadFactory><respond/></inSequence></resource>`;
    const rt = await startRuntime({
      'Yard.xml': `<api ${NS} name="Yard" context="/yard">${res('/kiln/*', 'kiln')}${res('/shed/*', 'shed')}${res('*', 'any')}</api>`,
    });
    try {
      const got: string[] = [];
      for (const p of ['kiln/7', 'shed/7', 'gate', 'gate/7?x=1'])
        got.push((await send(`${rt.base}/yard/${p}`)).text);
      assert.deepEqual(got, ['{"r": "kiln"}', '{"r": "shed"}', '{"r": "any"}', '{"r": "any"}']);
    } finally {
      await rt.close();
    }
  });
});
