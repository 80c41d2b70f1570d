/**
 * The loader deploys what Micro Integrator 4.4 deploys, in shapes found in real projects (our own names): a Rhino
 * script with the E4X wildcard `.*` (ScriptMediator.initInlineScript compiles it with Rhino, which has E4X) deploys
 * and faults only when a message reaches it; a JSONPath with a trailing '.' (SynapseJsonPath drops it) deploys and
 * reads the path without it; a callout with no serviceURL, endpointKey or endpoint sends to the To address
 * (CalloutMediator.init uses a DefaultEndpoint); `<endpoint key=""/>` in a loadbalance deploys (an indirect endpoint,
 * EndpointFactory tests the attribute's presence) and fails only when used. Real HTTP.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime loader: real-project shapes (R1, session 8)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Seeds.xml': `<api ${NS} name="Seeds" context="/seeds">
        <resource methods="POST" uri-template="/kind"><inSequence>
          <property name="k" expression="json-eval($.seed.kind.)"/>
          <payloadFactory media-type="json"><format>{"kind":"$1"}</format><args><arg expression="$ctx:k"/></args></payloadFactory>
          <respond/>
        </inSequence></resource>
        <resource methods="POST" uri-template="/wrap"><inSequence>
          <script language="rhinoJs"><![CDATA[
            var seeds = new XML(mc.getProperty('seeds'));
            mc.setPayloadXML(new XML('<bag>' + seeds.items.* + '</bag>'));
          ]]></script>
          <respond/>
        </inSequence><faultSequence>
          <payloadFactory media-type="json"><format>{"message":"$1"}</format>
            <args><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
          <respond/>
        </faultSequence></resource>
      </api>`,
    });
  });
  after(() => t.close());

  it('reads json-eval($.a.b.) as $.a.b', async () => {
    const r = await send(`${t.base}/seeds/kind`, {
      body: '{"seed":{"kind":"rye"}}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { kind: 'rye' });
  });

  it('deploys a Rhino script using the E4X wildcard, with a warning, and faults when it runs', async () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'Wild.xml',
        text: `<sequence ${NS} name="Wild"><script language="rhinoJs"><![CDATA[var x = new XML('<a><b/></a>'); var all = x.*;]]></script></sequence>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
    assert.ok(
      res.warnings.some((w) => /E4X \(the wildcard '\.\*'/.test(w.message)),
      JSON.stringify(res.warnings),
    );
    const r = await send(`${t.base}/seeds/wrap`, { body: '<a/>', type: 'application/xml' });
    assert.match((r.json() as { message: string }).message, /E4X/);
  });
});

describe('runtime loader: callout to the To address, empty endpoint keys (R1, session 8)', () => {
  let t: TestRuntime;
  let back: Backend;
  before(async () => {
    back = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><harvest>barley</harvest></soapenv:Body></soapenv:Envelope>',
      );
    });
    t = await startRuntime({
      'Field.xml': `<api ${NS} name="Field" context="/field"><resource methods="POST"><inSequence>
          <header name="To" value="${back.url}/silo"/>
          <callout action="urn:harvest"><source type="envelope"/><target key="got"/></callout>
          <payloadFactory media-type="json"><format>{"got":"$1"}</format><args><arg expression="string($ctx:got)"/></args></payloadFactory>
          <respond/>
        </inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    await back.close();
  });

  // (the API's request is REST, so the blocking client reads the text/xml answer with the application/xml builder:
  // the target holds the whole envelope, Axis2 TransportUtils.getContentType; string() takes its text)
  it('sends a callout without serviceURL, endpointKey or endpoint to the To address', async () => {
    const r = await send(`${t.base}/field`, { body: '<grain>oat</grain>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { got: 'barley' });
    assert.equal(back.requests.length, 1);
    assert.equal(back.requests[0]!.url, '/silo');
    assert.match(back.requests[0]!.body, /<grain>oat<\/grain>/);
  });

  it('deploys a loadbalance whose members have an empty key', () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'Spread.xml',
        text: `<endpoint ${NS} name="Spread"><loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin"><endpoint key=""/><endpoint key=""/></loadbalance></endpoint>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
  });
});

describe('runtime loader: registry resources (R1, session 8)', () => {
  it('a nameless endpoint or sequence under a resources/registry folder is no artifact and no problem', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: '/garden/src/main/wso2mi/resources/endpoints/sprinkler.xml',
        text: `<endpoint ${NS}><address uri="http://127.0.0.1:9/sprinkle"/></endpoint>`,
      },
      {
        name: '/garden/GardenRegistry/sequences/weed.xml',
        text: `<sequence ${NS}><log level="simple"/></sequence>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
    assert.deepEqual(rt.list(), []);
    // among the artifacts MI refuses it (SynapseXMLConfigurationFactory.defineEndpoint: no name)
    const art = new Runtime({ httpPort: 0 }).deploy([
      {
        name: '/garden/src/main/wso2mi/artifacts/endpoints/Sprinkler.xml',
        text: `<endpoint ${NS}><address uri="http://127.0.0.1:9/sprinkle"/></endpoint>`,
      },
    ]);
    assert.deepEqual(
      art.problems.map((p) => p.code),
      ['RT_MISSING_NAME'],
    );
  });
});
