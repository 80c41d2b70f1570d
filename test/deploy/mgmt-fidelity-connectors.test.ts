/**
 * /management/connectors of `synapse serve` as MI's ConnectorResource (and ConnectorResourceTestCase) answer it:
 * the connectors (synapse/lib zips) of the deployed CARs, named by their connector.xml component, enabled on
 * deployment (SynapseAppDeployer), searched by file name, switched with POST {name, package, status}.
 * Our own tiny connector zips; served without the engine.
 */
import { strict as assert } from 'node:assert';
import type { RunningServe } from '../../runtime-debug/management';
import { MgmtCaller } from './mgmt-fidelity-helpers';
import { rawZip, type RawEntry } from './helpers/rawzip';
import { ADMIN, adminClient, serve, tempDir } from './helpers/servers';

function connectorZip(name: string, description: string): Buffer {
  return rawZip([
    {
      name: 'connector.xml',
      data: `<?xml version="1.0"?><connector><component name="${name}" package="org.example.garden.connector"><dependency component="run"/><description>${description}</description></component><icon>icon/icon-small.gif</icon></connector>`,
    },
    { name: 'run/component.xml', data: '<component name="run" type="synapse/template"/>' },
  ]);
}

function carWithConnectors(app: string, libs: { artifact: string; file: string; zip: Buffer }[]): Buffer {
  const deps = libs
    .map(
      (l) =>
        `<dependency artifact="${l.artifact}" version="1.0.0" include="true" serverRole="EnterpriseIntegrator"/>`,
    )
    .join('');
  const entries: RawEntry[] = [
    {
      name: 'artifacts.xml',
      data: `<artifacts><artifact name="${app}" version="1.0.0" type="carbon/application">${deps}</artifact></artifacts>`,
    },
  ];
  for (const l of libs) {
    entries.push({
      name: `${l.artifact}_1.0.0/artifact.xml`,
      data: `<artifact name="${l.artifact}" version="1.0.0" type="synapse/lib" serverRole="EnterpriseIntegrator"><file>${l.file}</file></artifact>`,
    });
    entries.push({ name: `${l.artifact}_1.0.0/${l.file}`, data: l.zip });
  }
  return rawZip(entries);
}

describe('management API fidelity: connectors (ConnectorResource)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;

  before(async () => {
    tmp = tempDir('mgmt-fid-conn-');
    s = await serve(tmp.dir);
    m = new MgmtCaller(s);
    await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  it('lists the connectors of a deployed CAR, enabled, and searches them by file name', async () => {
    assert.deepEqual((await m.get('connectors')).json, { count: 0, list: [] });
    await adminClient(s).upload(
      'Tools_1.0.0.car',
      carWithConnectors('Tools', [
        {
          artifact: 'trowel-connector',
          file: 'trowel-connector-2.1.0.zip',
          zip: connectorZip('trowel', 'Digs holes'),
        },
        {
          artifact: 'hose-connector',
          file: 'hose-connector-1.0.3.zip',
          zip: connectorZip('hose', 'Waters beds'),
        },
      ]),
    );
    const all = await m.get('connectors');
    assert.equal(all.status, 200);
    assert.deepEqual(all.json, {
      count: 2,
      list: [
        {
          name: 'hose',
          package: 'org.example.garden.connector',
          description: 'Waters beds',
          status: 'enabled',
        },
        {
          name: 'trowel',
          package: 'org.example.garden.connector',
          description: 'Digs holes',
          status: 'enabled',
        },
      ],
    });
    assert.deepEqual(
      (await m.get('connectors?searchKey=TROWEL-CONN')).json.list.map((c: { name: string }) => c.name),
      ['trowel'],
    );
    assert.equal((await m.get('connectors?searchKey=2.1.0')).json.count, 1);
    assert.equal((await m.get('connectors?connectorName=hose')).json.description, 'Waters beds');
    // ConnectorResource.populateConnectorData sets no payload for an unknown connector: 200, no body
    const rake = await m.get('connectors?connectorName=rake');
    assert.equal(rake.status, 200);
    assert.equal(rake.text, '');
  });

  it('switches a connector off and on with MI messages, audited, as SynapseAppDeployer.updateStatus does', async () => {
    const off = await m.send('POST', 'connectors', {
      name: 'hose',
      package: 'org.example.garden.connector',
      status: 'disabled',
    });
    assert.equal(off.status, 200);
    assert.deepEqual(off.json, { Message: 'Status updated successfully' });
    assert.equal((await m.get('connectors?connectorName=hose')).json.status, 'disabled');
    await m.send('POST', 'connectors', {
      name: 'hose',
      package: 'org.example.garden.connector',
      status: 'enabled',
    });
    assert.equal((await m.get('connectors?connectorName=hose')).json.status, 'enabled');
    // an error object with no status code; updateStatus reports success for any library and status, and any
    // status but "enabled" disables (the qualified name {package}name is lower-cased)
    const missing = await m.send('POST', 'connectors', { name: 'hose', status: 'enabled' });
    assert.equal(missing.status, 200);
    assert.deepEqual(missing.json, { Error: 'Missing parameters in payload' });
    const unknown = await m.send('POST', 'connectors', { name: 'rake', package: 'x', status: 'enabled' });
    assert.equal(unknown.status, 200);
    assert.deepEqual(unknown.json, { Message: 'Status updated successfully' });
    const odd = await m.send('POST', 'connectors', {
      name: 'HOSE',
      package: 'org.example.garden.connector',
      status: 'Enabled',
    });
    assert.deepEqual(odd.json, { Message: 'Status updated successfully' });
    assert.equal((await m.get('connectors?connectorName=hose')).json.status, 'disabled');
    await m.send('POST', 'connectors', {
      name: 'hose',
      package: 'org.example.garden.connector',
      status: 'enabled',
    });
    const log = (await m.get('logs?file=audit.log')).text;
    assert.ok(
      log.includes(
        JSON.stringify({
          performedBy: ADMIN.user,
          action: 'created',
          type: 'connector',
          info: JSON.stringify({
            connectorName: 'hose',
            packageName: 'org.example.garden.connector',
            status: 'disabled',
          }),
        }),
      ),
      log,
    );
    await adminClient(s).undeploy('Tools_1.0.0');
    assert.equal((await m.get('connectors')).json.count, 0);
  });
});
