/**
 * GET /management/endpoints?endpointName= of `synapse serve` as EndpointResource prints Endpoint.getJsonRepresentation
 * (Synapse's endpoint classes): numeric error codes, EndpointDefinition defaults, no `advanced` block for groups,
 * group members in full, the WSDL and template endpoint fields. Served without the engine, our own fixture.
 */
import { strict as assert } from 'node:assert';
import type { RunningServe } from '../../runtime-debug/management';
import { carOf, MgmtCaller } from './mgmt-fidelity-helpers';
import { adminClient, serve, tempDir } from './helpers/servers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const ep = (name: string, body: string, attrs = '') => ({
  name,
  type: 'synapse/endpoint',
  xml: `<endpoint ${NS} name="${name}"${attrs}>${body}</endpoint>`,
});

describe('management API fidelity: endpoint views (EndpointResource)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;

  before(async () => {
    tmp = tempDir('mgmt-fid-ep-');
    s = await serve(tmp.dir);
    await adminClient(s).upload(
      'Pipes_1.0.0.car',
      carOf('Pipes', [
        ep(
          'TapEP',
          '<address uri="http://127.0.0.1:9/tap"><suspendOnFailure><errorCodes>101504, 101505</errorCodes><initialDuration>1000</initialDuration><maximumDuration>60000</maximumDuration></suspendOnFailure><markForSuspension><errorCodes>101507</errorCodes><retriesBeforeSuspension>2</retriesBeforeSuspension></markForSuspension></address>',
        ),
        ep('PlainEP', '<address uri="http://127.0.0.1:9/plain"/>'),
        ep(
          'MainsEP',
          '<failover><endpoint name="first"><address uri="http://127.0.0.1:9/a"/></endpoint><endpoint key="PlainEP"/></failover>',
        ),
        ep(
          'SplitEP',
          '<loadbalance failover="false" buildMessage="true"><endpoint><address uri="http://127.0.0.1:9/x"/></endpoint></loadbalance>',
        ),
        ep(
          'RoundEP',
          '<loadbalance><endpoint><address uri="http://127.0.0.1:9/y"/></endpoint></loadbalance>',
        ),
        ep('WellEP', '<wsdl uri="file:well.wsdl" service="WellService" port="WellPort"/>'),
        ep(
          'ValveEP',
          '<parameter name="uri" value="http://127.0.0.1:9/valve"/>',
          ' template="ValveTemplate"',
        ),
      ]),
    );
    m = new MgmtCaller(s);
    await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  const get = async (name: string) => {
    const r = await m.get(`endpoints?endpointName=${name}`);
    assert.equal(r.status, 200, name);
    return r.json;
  };

  it('prints suspend and timeout settings with numeric codes and the definition defaults', async () => {
    assert.deepEqual((await get('TapEP')).advanced, {
      suspendState: { errorCodes: [101504, 101505], maxDuration: 60000, initialDuration: 1000 },
      timeoutState: { errorCodes: [101507], reties: 2 },
    });
    const plain = await get('PlainEP');
    assert.equal(plain.type, 'Address Endpoint');
    assert.equal(plain.address, 'http://127.0.0.1:9/plain');
    assert.deepEqual(plain.advanced.suspendState.errorCodes, []);
    assert.equal(plain.advanced.suspendState.initialDuration, -1);
    assert.deepEqual(plain.advanced.timeoutState, { errorCodes: [], reties: 0 });
  });

  it('prints a group without advanced settings and its members in full', async () => {
    const mains = await get('MainsEP');
    assert.equal(mains.type, 'Failover Endpoint');
    assert.equal('advanced' in mains, false);
    assert.equal(mains.children.length, 2);
    assert.equal(mains.children[0].type, 'Address Endpoint');
    assert.equal(mains.children[0].address, 'http://127.0.0.1:9/a');
    assert.ok(mains.children[0].advanced);
    assert.equal(mains.children[1].type, 'Indirect Endpoint');
  });

  it('prints a load balance group with its algorithm, buildMessage and failover', async () => {
    const split = await get('SplitEP');
    assert.equal(split.type, 'Load Balance Endpoint');
    assert.equal(split.algorithm, 'RoundRobin');
    assert.equal(split.buildMessage, true);
    assert.equal(split.isFailover, false);
    const round = await get('RoundEP');
    assert.equal(round.buildMessage, false);
    assert.equal(round.isFailover, true);
    assert.equal('advanced' in round, false);
  });

  it('prints the WSDL and template endpoint fields', async () => {
    const well = await get('WellEP');
    assert.equal(well.type, 'WSDL Endpoint');
    assert.equal(well.wsdlUri, 'file:well.wsdl');
    assert.equal(well.serviceName, 'WellService');
    assert.equal(well.portName, 'WellPort');
    const valve = await get('ValveEP');
    assert.equal(valve.type, 'Template Endpoint');
    assert.equal(valve.template, 'ValveTemplate');
    assert.deepEqual(valve.parameters, { uri: 'http://127.0.0.1:9/valve' });
  });
});
