/**
 * /management/registry-resources of `synapse serve`, replaying the flow of MI's RegistryResourcesTestCase with our
 * own files: add content (multipart and raw, with a media type), add properties to a path that does not exist yet,
 * list a folder, expand it, search the tree, read metadata, content and properties, update, delete, and every
 * refusal with MI's message (RegistryContent/Metadata/PropertiesResource, Utils.validatePath). Also: what the API
 * writes is what the runtime's conf: lookups read, and a CAR's registry resources appear in the tree.
 */
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { startServe, type RunningServe } from '../../runtime-debug/management';
import { carOf, MgmtCaller } from './mgmt-fidelity-helpers';
import { rawZip } from './helpers/rawzip';
import { ADMIN, adminClient, serve, tempDir } from './helpers/servers';

const B = 'registryFidelityBoundary';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

function filePart(filename: string, data: string): Buffer {
  return Buffer.from(
    `--${B}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: text/plain\r\n\r\n${data}\r\n--${B}--\r\n`,
  );
}

function httpGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
    req.end();
  });
}

describe('management API fidelity: registry resources (RegistryResourcesTestCase)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;
  let token: string;
  const F = 'registry/config/gardenFolder';
  const NOTES = 'Seeds\nsown in\n\nMarch\n../4711';

  before(async () => {
    tmp = tempDir('mgmt-fid-reg-');
    s = await serve(tmp.dir, { engine: true });
    m = new MgmtCaller(s);
    token = await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  const call = (method: string, path: string, body?: string | Buffer, contentType?: string) =>
    m.raw(
      method,
      `/management/registry-resources${path}`,
      { Authorization: `Bearer ${token}`, ...(contentType ? { 'Content-Type': contentType } : {}) },
      body,
    );

  it('adds content as a multipart file and as a raw body, and properties to a path not there yet', async () => {
    const a = await call(
      'POST',
      `/content?path=${F}/notes.txt&mediaType=text/x-notes`,
      filePart('notes.txt', NOTES),
      `multipart/form-data; boundary=${B}`,
    );
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json, { message: 'Successfully added the registry resource' });
    const b = await call('POST', `/content?path=${F}/plants.json`, '{"plants":["fern"]}', 'application/json');
    assert.deepEqual(b.json, { message: 'Successfully added the registry resource' });
    const c = await call(
      'POST',
      `/content?path=${F}/beds/plan.xml&mediaType=application/xml`,
      '<plan><bed>north</bed></plan>',
      'application/xml',
    );
    assert.deepEqual(c.json, { message: 'Successfully added the registry resource' });
    const p = await call(
      'POST',
      `/properties?path=${F}/empty.txt`,
      JSON.stringify([
        { name: 'colour', value: 'green' },
        { name: 'season', value: 'spring' },
      ]),
      'application/json',
    );
    assert.equal(p.status, 200, p.text);
    assert.deepEqual(p.json, { message: 'Successfully added the registry property' });
  });

  it('lists a folder with media types and properties, expands it, and searches the tree', async () => {
    const list = await call('GET', `?path=${F}`);
    assert.equal(list.status, 200);
    assert.deepEqual(list.json, {
      count: 4,
      list: [
        { name: 'beds', mediaType: 'directory', properties: [] },
        {
          name: 'empty.txt',
          mediaType: 'text/plain',
          properties: [
            { name: 'colour', value: 'green' },
            { name: 'season', value: 'spring' },
          ],
        },
        { name: 'notes.txt', mediaType: 'text/x-notes', properties: [] },
        { name: 'plants.json', mediaType: 'text/plain', properties: [] },
      ],
    });
    const tree = await call('GET', `?path=${F}&expand=true`);
    assert.deepEqual(tree.json.list, {
      name: 'gardenFolder',
      type: 'directory',
      files: [
        {
          name: 'beds',
          type: 'directory',
          files: [{ name: 'plan.xml', type: 'application/xml', files: [] }],
        },
        { name: 'empty.txt', type: 'text/plain', files: [] },
        { name: 'notes.txt', type: 'text/x-notes', files: [] },
        { name: 'plants.json', type: 'text/plain', files: [] },
      ],
    });
    const found = await call('GET', '?path=registry&searchKey=NOTES');
    assert.equal(found.status, 200);
    assert.equal(found.json.list.name, 'registry');
    assert.equal(found.json.list.files.length, 1);
    assert.equal(found.json.list.files[0].name, 'config');
    assert.deepEqual(found.json.list.files[0].files, [
      {
        name: 'gardenFolder',
        type: 'directory',
        files: [{ name: 'notes.txt', type: 'text/x-notes', files: [] }],
      },
    ]);
    const top = await call('GET', '?path=registry');
    assert.deepEqual(
      top.json.list.map((x: { name: string }) => x.name),
      ['config', 'governance', 'local'],
    );
  });

  it('reads metadata, content and properties', async () => {
    const meta = await call('GET', `/metadata?path=${F}/beds/plan.xml`);
    assert.deepEqual(meta.json, { name: 'plan.xml', mediaType: 'application/xml' });
    const content = await call('GET', `/content?path=${F}/notes.txt`);
    assert.equal(content.status, 200);
    assert.equal(content.text, NOTES);
    assert.equal(
      (await call('GET', `/content?path=${F}/beds/plan.xml`)).text,
      '<plan><bed>north</bed></plan>',
    );
    const props = await call('GET', `/properties?path=${F}/empty.txt`);
    assert.deepEqual(props.json, {
      count: 2,
      list: [
        { name: 'colour', value: 'green' },
        { name: 'season', value: 'spring' },
      ],
    });
    assert.deepEqual((await call('GET', `/properties?path=${F}/empty.txt&name=season`)).json, {
      season: 'spring',
    });
  });

  it('refuses with the messages of MI', async () => {
    const cases: [string, string, string | undefined, string][] = [
      ['GET', `/properties?path=${F}/empty.txt&name=weeds`, undefined, 'Property named weeds does not exist'],
      [
        'DELETE',
        `/properties?path=${F}/empty.txt&name=weeds`,
        undefined,
        'Property named weeds does not exist',
      ],
      ['DELETE', `/properties?path=${F}/empty.txt`, undefined, 'Property name not found in the request'],
      ['GET', '?path=registry/config/noSuchFolder', undefined, 'Invalid registry path'],
      ['GET', '?path=registry/config/noSuchFolder&expand=true', undefined, 'Invalid registry path'],
      ['GET', '?path=registry/../conf', undefined, "The registry path  'registry/../conf' is illegal"],
      [
        'GET',
        '/metadata?path=registry/../conf/x.txt',
        undefined,
        "The registry path  'registry/../conf/x.txt' is illegal",
      ],
      ['GET', '', undefined, 'Registry path not found in the request'],
      ['GET', '/metadata', undefined, 'Registry path not found in the request'],
      ['GET', `/metadata?path=${F}/gone.txt`, undefined, `Can not find the registry: ${F}/gone.txt`],
      ['GET', `/content?path=${F}/gone.txt`, undefined, `Can not find the registry: ${F}/gone.txt`],
      [
        'DELETE',
        `/content?path=${F}/gone.txt`,
        undefined,
        `Registry does not exists in the path: ${F}/gone.txt`,
      ],
      ['PUT', `/content?path=${F}/gone.txt`, 'x', `Registry does not exists in the path: ${F}/gone.txt`],
      [
        'POST',
        `/content?path=${F}/notes.txt`,
        'again',
        'Registry already exists. Can not POST an existing registry',
      ],
      ['POST', '/content?path=registry/elsewhere.txt', 'x', 'Invalid registry path: registry/elsewhere.txt'],
      ['POST', `/properties?path=${F}/notes.txt`, '{"name":"x"}', 'Invalid payload for properties'],
    ];
    for (const [method, path, body, error] of cases) {
      const r = await call(method, path, body, body !== undefined ? 'application/json' : undefined);
      assert.equal(r.status, 400, `${method} ${path}: ${r.text}`);
      assert.deepEqual(r.json, { Error: error }, `${method} ${path}`);
    }
  });

  it('adds properties to a resource, updates content, deletes a property and a resource', async () => {
    const add = await call(
      'POST',
      `/properties?path=${F}/notes.txt`,
      JSON.stringify([{ name: 'colour', value: 'red' }]),
      'application/json',
    );
    assert.deepEqual(add.json, { message: 'Successfully added the registry property' });
    const put = await call(
      'PUT',
      `/content?path=${F}/notes.txt`,
      filePart('notes.txt', 'Seeds\nsown in April'),
      `multipart/form-data; boundary=${B}`,
    );
    assert.deepEqual(put.json, { message: 'Successfully modified the registry resource' });
    assert.equal((await call('GET', `/content?path=${F}/notes.txt`)).text, 'Seeds\nsown in April');
    // the media type and properties stay
    assert.deepEqual((await call('GET', `/metadata?path=${F}/notes.txt`)).json, {
      name: 'notes.txt',
      mediaType: 'text/x-notes',
    });
    assert.deepEqual((await call('GET', `/properties?path=${F}/notes.txt&name=colour`)).json, {
      colour: 'red',
    });
    const delProp = await call('DELETE', `/properties?path=${F}/empty.txt&name=season`);
    assert.deepEqual(delProp.json, { message: 'Successfully deleted the registry property' });
    assert.equal((await call('GET', `/properties?path=${F}/empty.txt`)).json.count, 1);
    const del = await call('DELETE', `/content?path=${F}/plants.json`);
    assert.deepEqual(del.json, { message: 'Successfully deleted the registry resource' });
    assert.equal((await call('GET', `?path=${F}`)).json.count, 3);
    const log = (await m.get('logs?file=audit.log')).text;
    for (const [action, type, info] of [
      ['created', 'registry_resource', { registryResourceName: 'notes.txt' }],
      ['updated', 'registry_resource', { registryResourceName: 'notes.txt' }],
      ['deleted', 'registry_resource', { registryResourceName: 'plants.json' }],
      [
        'deleted',
        'registry_resource_properties',
        { registryResourceName: 'empty.txt', propertyName: 'season' },
      ],
    ] as const)
      assert.ok(
        log.includes(`"action":"${action}","type":"${type}","info":${JSON.stringify(JSON.stringify(info))}`),
        `${action} ${type}`,
      );
  });

  it("serves what the API writes to the runtime's conf: lookups, and lists a CAR's registry resources", async () => {
    const api = `<api ${NS} name="NotesApi" context="/notes"><resource methods="GET"><inSequence>
<property name="n" expression="get-property('registry','conf:gardenFolder/notes.txt')"/>
<property name="c" expression="get-property('registry','conf:gardenFolder/notes.txt@colour')"/>
<payloadFactory media-type="text"><format>$1|$2</format><args><arg expression="$ctx:n"/><arg expression="$ctx:c"/></args></payloadFactory>
<respond/></inSequence></resource></api>`;
    await adminClient(s).upload(
      'Notes_1.0.0.car',
      carOf('Notes', [{ name: 'NotesApi', type: 'synapse/api', xml: api }]),
    );
    const r1 = await httpGet(s.httpPort, '/notes');
    assert.equal(r1.status, 200, r1.body);
    assert.equal(r1.body, 'Seeds\nsown in April|red');
    await call('PUT', `/content?path=${F}/notes.txt`, 'Seeds sown in May', 'text/plain');
    assert.equal((await httpGet(s.httpPort, '/notes')).body, 'Seeds sown in May|red');
    await call('DELETE', `/content?path=${F}/notes.txt`);
    assert.equal((await httpGet(s.httpPort, '/notes')).body, '|');

    // a CAR's registry resource (registry-info.xml item) appears in the tree with its media type, and goes with it
    const regCar = rawZip([
      {
        name: 'artifacts.xml',
        data: '<artifacts><artifact name="Seeds" version="1.0.0" type="carbon/application"><dependency artifact="SeedList" version="1.0.0" include="true" serverRole="EnterpriseIntegrator"/></artifact></artifacts>',
      },
      {
        name: 'SeedList_1.0.0/artifact.xml',
        data: '<artifact name="SeedList" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator"><file>registry-info.xml</file></artifact>',
      },
      {
        name: 'SeedList_1.0.0/registry-info.xml',
        data: '<resources><item><file>seeds.json</file><path>/_system/governance/garden</path><mediaType>application/json</mediaType><properties><property key="owner" value="shed"/></properties></item></resources>',
      },
      { name: 'SeedList_1.0.0/resources/seeds.json', data: '{"seeds":["pea"]}' },
    ]);
    await adminClient(s).upload('Seeds_1.0.0.car', regCar);
    const gov = await call('GET', '?path=registry/governance/garden');
    assert.deepEqual(gov.json, {
      count: 1,
      list: [
        { name: 'seeds.json', mediaType: 'application/json', properties: [{ name: 'owner', value: 'shed' }] },
      ],
    });
    assert.equal(
      (await call('GET', '/content?path=registry/governance/garden/seeds.json')).text,
      '{"seeds":["pea"]}',
    );
    await adminClient(s).undeploy('Seeds_1.0.0');
    assert.equal((await call('GET', '?path=registry/governance/garden')).json.count, 0);
  });
});

describe('management API: the registry of serve is bounded', function () {
  this.timeout(30_000);
  it('refuses a write that would take the registry past its bound (413), and takes it after a delete', async () => {
    const tmp = tempDir('mgmt-fid-regcap-');
    const s = await startServe({
      host: '127.0.0.1',
      httpPort: 0,
      managementPort: 0,
      credentials: ADMIN,
      configDir: tmp.dir,
      maxRegistryBytes: 1000,
    });
    try {
      const m = new MgmtCaller(s);
      const token = await m.login();
      const put = (method: string, name: string, size: number) =>
        m.raw(
          method,
          `/management/registry-resources/content?path=registry/local/${name}`,
          { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
          'x'.repeat(size),
        );
      assert.equal((await put('POST', 'a.txt', 600)).status, 200);
      const over = await put('POST', 'b.txt', 600);
      assert.equal(over.status, 413);
      assert.match(over.json.Error, /more than 1000 bytes/);
      assert.equal((await put('PUT', 'a.txt', 900)).status, 200); // replaces, does not add
      assert.equal((await put('PUT', 'a.txt', 1001)).status, 413);
      const del = await m.raw('DELETE', '/management/registry-resources/content?path=registry/local/a.txt', {
        Authorization: `Bearer ${token}`,
      });
      assert.equal(del.status, 200);
      assert.equal((await put('POST', 'b.txt', 600)).status, 200);
    } finally {
      await s.close();
      tmp.cleanup();
    }
  });
});
