/**
 * New syntax the embedded runtime does not run says so (H9, session 12): an API's validateSchema (APIFactory reads it
 * with publishSwagger; Synapse's SchemaValidationUtils then validates requests and answers against the OpenAPI
 * definition) deploys with an RT_SIMULATED warning, and the API still answers; an inbound endpoint of a protocol or
 * class the runtime does not run (an MCP server's inbound connector, MI 4.6) deploys with an RT_UNSUPPORTED warning.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS } from './helpers';

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

  it("an API handler other than MI's basic-auth one (MI 4.5's per-API CORSRequestHandler, a Java class) deploys with an RT_UNSUPPORTED warning naming it; the API still answers", async () => {
    const rt = new Runtime({ httpPort: 0 });
    try {
      const res = rt.deploy([
        {
          name: 'Glazed.xml',
          text: `<api ${NS} name="Glazed" context="/glazed"><resource methods="GET"><inSequence><payloadFactory media-type="json"><format>{"glaze":"blue"}</format></payloadFactory><respond/></inSequence></resource>
  <handlers><handler class="org.wso2.micro.integrator.security.handler.CORSRequestHandler"><property name="allowedOrigins" value="https://kiln.example"/><property name="allowedMethods" value="GET"/></handler></handlers></api>`,
        },
      ]);
      assert.deepEqual(
        res.warnings.filter((w) => w.code === 'RT_UNSUPPORTED').map((w) => [w.line, w.message]),
        [
          [
            2,
            'API Glazed: handler org.wso2.micro.integrator.security.handler.CORSRequestHandler is not run by the embedded runtime',
          ],
        ],
      );
      const { port } = await rt.start();
      const r = await fetch(`http://127.0.0.1:${port}/glazed`);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { glaze: 'blue' });
    } finally {
      await rt.stop(1000);
    }
  });
});
