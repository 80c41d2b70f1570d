/**
 * The loader deploys what Micro Integrator 4.4 deploys, in shapes found in real projects (our own names): a Rhino
 * script with the E4X wildcard `.*` (ScriptMediator.initInlineScript compiles it with Rhino, which has E4X) deploys
 * and faults only when a message reaches it; a JSONPath with a trailing '.' (SynapseJsonPath drops it) deploys and
 * reads the path without it. Real HTTP.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

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
    const r = await send(`${t.base}/seeds/kind`, { body: '{"seed":{"kind":"rye"}}', type: 'application/json' });
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
