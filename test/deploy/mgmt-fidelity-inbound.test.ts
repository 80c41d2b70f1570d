/**
 * Inbound endpoints in `synapse serve`'s management API as InboundEndpointResource prints them: an inbound endpoint of
 * a custom class has no protocol, and no sequence / error keys when it names none (org.json drops Java nulls).
 * Served without the engine (listed only), our own fixture.
 */
import { strict as assert } from 'node:assert';
import type { RunningServe } from '../../runtime-debug/management';
import { carOf, MgmtCaller } from './mgmt-fidelity-helpers';
import { adminClient, serve, tempDir } from './helpers/servers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('management API fidelity: inbound endpoints (InboundEndpointResource)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;

  before(async () => {
    tmp = tempDir('mgmt-fid-inb-');
    s = await serve(tmp.dir);
    await adminClient(s).upload(
      'Gates_1.0.0.car',
      carOf('Gates', [
        {
          name: 'MoleGate',
          type: 'synapse/inbound-endpoint',
          xml: `<inboundEndpoint ${NS} name="MoleGate" class="org.example.garden.MoleListener" suspend="false"><parameters><parameter name="depth">3</parameter></parameters></inboundEndpoint>`,
        },
        {
          name: 'FrontGate',
          type: 'synapse/inbound-endpoint',
          xml: `<inboundEndpoint ${NS} name="FrontGate" protocol="http" sequence="Welcome" onError="Oops" suspend="true"><parameters><parameter name="inbound.http.port">0</parameter></parameters></inboundEndpoint>`,
        },
      ]),
    );
    m = new MgmtCaller(s);
    await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  it('omits what MI leaves null', async () => {
    assert.deepEqual((await m.get('inbound-endpoints')).json, {
      count: 2,
      list: [
        { name: 'FrontGate', protocol: 'http', status: 'inactive' },
        { name: 'MoleGate', status: 'active' },
      ],
    });
    const mole = await m.get('inbound-endpoints?inboundEndpointName=MoleGate');
    assert.equal(mole.status, 200);
    for (const k of ['protocol', 'sequence', 'error']) assert.equal(k in mole.json, false, k);
    assert.deepEqual(mole.json.parameters, [{ name: 'depth', value: '3' }]);
    const front = await m.get('inbound-endpoints?inboundEndpointName=FrontGate');
    assert.equal(front.json.sequence, 'Welcome');
    assert.equal(front.json.error, 'Oops');
    assert.equal(front.json.protocol, 'http');
  });
});
