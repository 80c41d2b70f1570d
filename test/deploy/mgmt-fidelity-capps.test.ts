/**
 * /management/applications of `synapse serve` against MI's CarbonAppResource (and CarbonAppResourceTestCase):
 * upload refusals with MI's messages, DELETE of an unknown application, the single view, the CAR download, search,
 * and the audit lines of an upload and a removal. Raw multipart requests over HTTPS, our own CARs.
 */
import { strict as assert } from 'node:assert';
import type { RunningServe } from '../../runtime-debug/management';
import { carOf, GARDEN, MgmtCaller } from './mgmt-fidelity-helpers';
import { ADMIN, serve, tempDir } from './helpers/servers';

const B = 'mgmtFidelityBoundary';

function multipart(parts: { name: string; filename?: string; data: Buffer | string }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const fn = p.filename !== undefined ? `; filename="${p.filename}"` : '';
    chunks.push(
      Buffer.from(
        `--${B}\r\nContent-Disposition: form-data; name="${p.name}"${fn}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(chunks);
}

describe('management API fidelity: carbon applications (CarbonAppResource)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;
  let token: string;

  before(async () => {
    tmp = tempDir('mgmt-fid-capp-');
    s = await serve(tmp.dir, { engine: true });
    m = new MgmtCaller(s);
    token = await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  const upload = (body: Buffer, contentType = `multipart/form-data; boundary=${B}`) =>
    m.raw(
      'POST',
      '/management/applications',
      { Authorization: `Bearer ${token}`, 'Content-Type': contentType },
      body,
    );

  it("uploads one .car part and answers with MI's message; lists, searches and shows the application", async () => {
    const car = carOf('Greenhouse', GARDEN.slice(0, 6), '2.0.0');
    const r = await upload(multipart([{ name: 'file', filename: 'Greenhouse_2.0.0.car', data: car }]));
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { Message: 'Successfully added Carbon Application Greenhouse_2.0.0.car' });
    const list = await m.get('applications');
    assert.equal(list.json.totalCount, 1);
    assert.equal(list.json.activeCount, 1);
    assert.equal(list.json.faultyCount, 0);
    assert.deepEqual(list.json.faultyList, []);
    const one = await m.get('applications?carbonAppName=Greenhouse');
    assert.equal(one.status, 200);
    assert.equal(one.json.name, 'Greenhouse');
    assert.equal(one.json.version, '2.0.0');
    assert.deepEqual(
      one.json.artifacts.map((a: { name: string; type: string }) => `${a.type}:${a.name}`).sort(),
      [
        'api:SeedsApi',
        'api:ToolsApi',
        'api:soilApi',
        'proxy-service:PotProxy',
        'proxy-service:ShedProxy',
        'sequence:WaterSeq',
      ],
    );
    // CarbonAppResource.populateFileContent reads the parameter as a file of carbonapps: no such file is a 500
    const file = await m.raw('GET', '/management/applications?carbonAppName=Greenhouse_2.0.0.car', {
      Authorization: `Bearer ${token}`,
      Accept: 'application/octet-stream',
    });
    assert.equal(file.status, 200);
    assert.equal(Buffer.from(file.text, 'latin1').length > 0, true);
    const byName = await m.raw('GET', '/management/applications?carbonAppName=Greenhouse', {
      Authorization: `Bearer ${token}`,
      Accept: 'application/octet-stream',
    });
    assert.equal(byName.status, 500);
    assert.equal(byName.text, '');
    assert.equal((await m.get('applications?searchKey=GREEN')).json.totalCount, 1);
    assert.equal((await m.get('applications?searchKey=orchard')).json.totalCount, 0);
    const unknown = await m.get('applications?carbonAppName=Orchard');
    assert.equal(unknown.status, 404);
  });

  it('names artifact types by the part after the first slash (lib/synapse/mediator is synapse)', async () => {
    const car = carOf('Sprinkler', [
      { name: 'SprinklerMediator', type: 'lib/synapse/mediator', xml: 'not really a jar' },
      GARDEN.find((g) => g.name === 'growerEP')!,
    ]);
    const r = await upload(multipart([{ name: 'file', filename: 'Sprinkler_1.0.0.car', data: car }]));
    assert.equal(r.status, 200, r.text);
    const one = await m.get('applications?carbonAppName=Sprinkler');
    assert.deepEqual(
      one.json.artifacts.map((a: { name: string; type: string }) => `${a.type}:${a.name}`).sort(),
      ['endpoint:growerEP', 'synapse:SprinklerMediator'],
    );
    const del = await m.raw('DELETE', '/management/applications/Sprinkler_1.0.0', {
      Authorization: `Bearer ${token}`,
    });
    assert.equal(del.status, 200);
  });

  it("refuses a body that is not one .car file part with CarbonAppResource's messages", async () => {
    const car = carOf('Shed', []);
    const cases: [Buffer, string | undefined, string][] = [
      [
        car,
        'application/zip',
        'Error when deploying the Carbon Application. Supports only for the Content-Type : multipart/form-data',
      ],
      [
        multipart([]),
        undefined,
        'Error when deploying the Carbon Application. No file exist to be uploaded. ',
      ],
      [
        multipart([
          { name: 'file', filename: 'Shed_1.0.0.car', data: car },
          { name: 'note', data: 'a second part' },
        ]),
        undefined,
        'Error when deploying the Carbon Application. Uploading Multiple files in one request is not supported. ',
      ],
      [
        multipart([{ name: 'file', filename: 'Shed_1.0.0.zip', data: car }]),
        undefined,
        'Error when deploying the Carbon Application. Only files with the extension .car is supported. ',
      ],
      [
        multipart([{ name: 'file', filename: 'Shed_1.0.0.CAR', data: car }]),
        undefined,
        'Error when deploying the Carbon Application. Only files with the extension .car is supported. ',
      ],
    ];
    for (const [body, type, error] of cases) {
      const r = await upload(body, type);
      assert.equal(r.status, 400, error);
      assert.deepEqual(r.json, { Error: error });
    }
    assert.equal((await m.get('applications?searchKey=shed')).json.totalCount, 0);
  });

  it("removes an application by file name; an unknown one is a 404 with MI's message; both are audited", async () => {
    const car = carOf('Potting', GARDEN.slice(6, 8));
    assert.equal(
      (await upload(multipart([{ name: 'file', filename: 'Potting_1.0.0.car', data: car }]))).status,
      200,
    );
    const del = await m.raw('DELETE', '/management/applications/Potting_1.0.0', {
      Authorization: `Bearer ${token}`,
    });
    assert.equal(del.status, 200);
    assert.deepEqual(del.json, { Message: 'Successfully removed Carbon Application named Potting_1.0.0' });
    const again = await m.raw('DELETE', '/management/applications/Potting_1.0.0', {
      Authorization: `Bearer ${token}`,
    });
    assert.equal(again.status, 404);
    assert.deepEqual(again.json, {
      Error: 'Cannot remove the Carbon Application.Potting_1.0.0 does not exist',
    });
    const log = (await m.get('logs?file=audit.log')).text;
    assert.ok(
      log.includes('"type":"carbon_application","info":"{\\"cAppFileName\\":\\"Potting_1.0.0.car\\"}"'),
      log,
    );
    assert.ok(
      log.includes(
        JSON.stringify({
          performedBy: ADMIN.user,
          action: 'deleted',
          type: 'carbon_application',
          info: JSON.stringify({ cAppFileName: 'Potting_1.0.0' }),
        }),
      ),
      log,
    );
  });
});
