import { strict as assert } from 'node:assert';
import { request } from 'node:https';
import { join } from 'node:path';
import { buildCar, loadProject } from '../../core/car';
import {
  fetchServerCertificate,
  ManagementClient,
  ManagementError,
  type ManagementErrorCode,
} from '../../core/management';
import {
  generateCertificate,
  type ArtifactHost,
  type HostArtifact,
  type RunningServe,
} from '../../runtime-debug/management';
import { rawZip, tinyCar } from './helpers/rawzip';
import { ADMIN, closedPort, droppingServer, listen, serve, silentServer, tempDir } from './helpers/servers';
import { until } from '../support';

const ORDERS = join(__dirname, '..', 'fixtures', 'deploy', 'orders-project');

async function fails(p: Promise<unknown>, code: ManagementErrorCode, re?: RegExp): Promise<ManagementError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ManagementError, `expected ManagementError, got ${(e as Error).stack}`);
    assert.equal(e.code, code, e.message);
    if (re) assert.match(e.message, re);
    return e;
  }
  assert.fail(`expected ${code}`);
}

/** A raw HTTPS call that trusts the server's cert as CA (to test the server without our client). */
function raw(
  s: RunningServe,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer | string,
): Promise<{ status: number; json: any; headers: any }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: s.managementPort, method, path, headers, rejectUnauthorized: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = text;
          }
          resolve({ status: res.statusCode!, json, headers: res.headers });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('management API: synapse serve + client', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let client: ManagementClient;
  let ordersCar: Buffer;

  before(async () => {
    tmp = tempDir('mgmt-');
    s = await serve(tmp.dir, { maxCarBytes: 200_000 });
    ordersCar = await buildCar(loadProject(ORDERS));
  });
  after(async () => {
    await s.close();
    tmp.cleanup();
  });
  beforeEach(() => {
    client = new ManagementClient({
      url: `https://127.0.0.1:${s.managementPort}`,
      user: ADMIN.user,
      password: ADMIN.password,
      fingerprint: s.fingerprint256,
    });
  });
  afterEach(() => client.close());

  it('logs in for a token, refuses calls without one (401), logs out', async () => {
    // AuthenticationHandlerAdapter: 401 with no body; WWW-Authenticate only when no Authorization was sent
    const noAuth = await raw(s, 'GET', '/management/apis');
    assert.equal(noAuth.status, 401);
    assert.equal(noAuth.headers['www-authenticate'], 'Basic realm="WSO2 EI"');
    const bad = await raw(s, 'GET', '/management/login', {
      Authorization: `Basic ${Buffer.from('deployer:nope').toString('base64')}`,
    });
    assert.equal(bad.status, 401);
    assert.equal(bad.headers['www-authenticate'], undefined);
    const ok = await raw(s, 'GET', '/management/login', {
      Authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString('base64')}`,
    });
    assert.equal(ok.status, 200);
    const token = ok.json.AccessToken;
    assert.ok(typeof token === 'string' && token.length > 20);
    assert.equal((await raw(s, 'GET', '/management/apis', { Authorization: `Bearer ${token}` })).status, 200);
    assert.equal(
      (await raw(s, 'GET', '/management/logout', { Authorization: `Bearer ${token}` })).status,
      200,
    );
    assert.equal((await raw(s, 'GET', '/management/apis', { Authorization: `Bearer ${token}` })).status, 401);
  });

  it('logs in again when its token stops working', async () => {
    const token = await client.login();
    await raw(s, 'GET', '/management/logout', { Authorization: `Bearer ${token}` });
    const apis = await client.list('apis');
    assert.equal(typeof apis.count, 'number');
  });

  it('deploys a CAR (multipart, with progress) and shows every artifact kind in MI shapes', async () => {
    const progress: number[] = [];
    const msg = await client.upload('orders-project_2.1.0.car', ordersCar, {
      onProgress: (p) => progress.push(p.sent),
    });
    assert.equal(msg, 'Successfully added Carbon Application orders-project_2.1.0.car');
    assert.ok(progress.length >= 1 && progress[progress.length - 1] > ordersCar.length);

    const apps = await client.applications();
    assert.equal(apps.totalCount, 1);
    assert.equal(apps.faultyCount, 0);
    assert.equal(apps.activeList[0].name, 'orders-project');
    assert.equal(apps.activeList[0].version, '2.1.0');
    assert.ok((await client.downloadApplication('orders-project')).equals(ordersCar));
    assert.deepEqual(apps.activeList[0].artifacts.map((a) => a.type).sort(), [
      'api',
      'endpoint',
      'inbound-endpoint',
      'local-entry',
      'message-processors',
      'message-store',
      'property',
      'proxy-service',
      'resource',
      'sequence',
      'task',
      'template',
    ]);

    const apis = await client.list('apis');
    assert.deepEqual(apis, {
      count: 1,
      list: [
        {
          name: 'OrdersAPI',
          url: `http://127.0.0.1:${s.httpPort}/orders`,
          urlList: [`http://127.0.0.1:${s.httpPort}/orders`],
          tracing: 'disabled',
        },
      ],
    });
    const api = await client.get<any>('apis', 'OrdersAPI');
    assert.equal(api.context, '/orders');
    assert.equal(api.version, 'N/A');
    assert.deepEqual(api.resources, [{ methods: ['GET'], url: '/ping' }]);
    assert.match(api.configuration, /^<api xmlns="http:\/\/ws\.apache\.org\/ns\/synapse" name="OrdersAPI"/);

    assert.deepEqual((await client.list('proxy-services')).list, [
      {
        name: 'StockProxy',
        wsdl1_1: `http://127.0.0.1:${s.httpPort}/services/StockProxy?wsdl`,
        wsdl2_0: `http://127.0.0.1:${s.httpPort}/services/StockProxy?wsdl2`,
      },
    ]);
    assert.equal((await client.get<any>('proxy-services', 'StockProxy')).isRunning, true);
    // MI always has a main and a fault sequence (SynapseConfigurationBuilder adds the defaults), of no CApp
    assert.deepEqual((await client.list('sequences')).list, [
      {
        name: 'AuditSeq',
        container: '[ Deployed From Artifact Container: orders-project ] ',
        stats: 'disabled',
        tracing: 'disabled',
      },
      { name: 'fault', stats: 'disabled', tracing: 'disabled' },
      { name: 'main', stats: 'disabled', tracing: 'disabled' },
    ]);
    // SequenceResource prints each mediator's getType(): the class name; a property's own type (none here: null)
    assert.deepEqual((await client.get<any>('sequences', 'AuditSeq')).mediators, ['LogMediator', null]);
    assert.deepEqual((await client.list('endpoints')).list, [
      { name: 'WarehouseEP', type: 'address', isActive: true },
    ]);
    const ep = await client.get<any>('endpoints', 'WarehouseEP');
    assert.equal(ep.type, 'Address Endpoint');
    assert.equal(ep.address, 'http://127.0.0.1:9/warehouse');
    assert.deepEqual((await client.list('inbound-endpoints')).list, [
      { name: 'OrdersFileInbound', protocol: 'file', status: 'inactive' },
    ]);
    const ib = await client.get<any>('inbound-endpoints', 'OrdersFileInbound');
    assert.equal(ib.sequence, 'AuditSeq');
    assert.deepEqual(ib.parameters[0], { name: 'interval', value: '60000' });
    assert.deepEqual((await client.list('tasks')).list, [{ name: 'NightlyTask' }]);
    const task = await client.get<any>('tasks', 'NightlyTask');
    assert.equal(task.triggerType, 'cron');
    assert.equal(task.cronExpression, '0 0 3 * * ?');
    assert.equal(task.properties.sequenceName, 'AuditSeq');
    assert.deepEqual((await client.list('message-stores')).list, [
      { name: 'OrdersStore', type: 'in-memory-message-store', size: 0 },
    ]);
    assert.deepEqual((await client.list('message-processors')).list, [
      { name: 'OrdersForwarder', type: 'Scheduled-message-forwarding-processor', status: 'inactive' },
    ]);
    assert.equal(
      (await client.get<any>('message-processors', 'OrdersForwarder')).messageStore,
      'OrdersStore',
    );
    assert.deepEqual((await client.list('local-entries')).list, [{ name: 'Region', type: 'Inline Text' }]);
    assert.equal((await client.get<any>('local-entries', 'Region')).value, 'eu-west');
    const templates = await client.list<any>('templates');
    assert.equal(templates.count, 1);
    assert.equal(templates.list[0].type, 'sequence');
    assert.deepEqual(templates.list[0].Parameters, [{ name: 'channel', mandatory: false }]);
    assert.deepEqual(await client.list('templates', { query: { type: 'endpoint' } }), { count: 0, list: [] });
    assert.deepEqual(await client.list('connectors'), { count: 0, list: [] });
    assert.equal((await client.list('sequences', { searchKey: 'aud' })).count, 1);
    assert.equal((await client.list('sequences', { searchKey: 'zzz' })).count, 0);
    await fails(client.get('apis', 'NoSuchAPI'), 'NOT_FOUND', /NoSuchAPI/);
  });

  it('switches activation and tracing with MI messages', async () => {
    assert.equal(
      await client.setActive('proxy-services', 'StockProxy', false),
      'Proxy service StockProxy stopped successfully',
    );
    assert.equal((await client.get<any>('proxy-services', 'StockProxy')).isRunning, false);
    assert.equal(
      await client.setActive('proxy-services', 'StockProxy', true),
      'Proxy service StockProxy started successfully',
    );
    assert.equal(await client.setActive('endpoints', 'WarehouseEP', false), 'WarehouseEP is switched Off');
    assert.deepEqual((await client.list('endpoints')).list[0], {
      name: 'WarehouseEP',
      type: 'address',
      isActive: false,
    });
    assert.equal(
      await client.setActive('inbound-endpoints', 'OrdersFileInbound', true),
      'OrdersFileInbound : is activated',
    );
    assert.equal(
      await client.setActive('message-processors', 'OrdersForwarder', true),
      'OrdersForwarder : is activated',
    );
    assert.equal((await client.list<any>('message-processors')).list[0].status, 'active');
    assert.equal(await client.setTracing('apis', 'OrdersAPI', true), "Enabled tracing for ('OrdersAPI')");
    assert.equal((await client.list<any>('apis')).list[0].tracing, 'enabled');
    assert.equal(
      await client.setTracing('templates', 'NotifyTemplate', true, 'sequence'),
      "Enabled tracing for ('NotifyTemplate')",
    );
    await fails(client.setActive('sequences', 'AuditSeq', false), 'SERVER_REJECTED', /trace/);
  });

  it('reads and changes logging levels, lists and reads log files, shows server info', async () => {
    const loggers = await client.loggers();
    assert.ok(loggers.list.some((l) => l.loggerName === 'rootLogger' && l.level === 'INFO'));
    await client.setLogLevel('org-apache-synapse', 'DEBUG');
    assert.equal(
      (await client.loggers()).list.find((l) => l.loggerName === 'org-apache-synapse')?.level,
      'DEBUG',
    );
    await client.setLogLevel('my-logger', 'WARN', 'org.example.Thing');
    assert.ok(
      (await client.loggers()).list.some(
        (l) => l.loggerName === 'my-logger' && l.componentName === 'org.example.Thing',
      ),
    );
    // LoggingResource: "Invalid log level <level>"
    await fails(client.setLogLevel('rootLogger', 'LOUD'), 'SERVER_REJECTED', /Invalid log level LOUD/);
    const files = await client.logFiles();
    assert.equal(files.list[0].FileName, 'wso2carbon.log');
    assert.match(
      await client.logFile('wso2carbon.log'),
      /Successfully Deployed Carbon Application : orders-project_2\.1\.0/,
    );
    const info = await client.serverInfo();
    assert.ok(info.productName);
  });

  it('refuses bad CARs with a clear error and leaves the deployed artifacts unchanged', async () => {
    const before = JSON.stringify(await client.applications());
    await fails(
      client.upload('slip.car', tinyCar([{ name: '../../evil.xml', data: 'x' }], 'Slip')),
      'SERVER_REJECTED',
      /CAR_UNSAFE_ENTRY/,
    );
    await fails(
      client.upload('corrupt.car', Buffer.from('PK\x03\x04garbage garbage garbage')),
      'SERVER_REJECTED',
      /CAR_NOT_ZIP/,
    );
    await fails(client.upload('big.car', Buffer.alloc(300_000, 1)), 'SERVER_REJECTED', /over the limit/);
    // CarbonAppResource.handlePost's message
    await fails(
      client.upload('notacar.zip', tinyCar()),
      'SERVER_REJECTED',
      /Only files with the extension \.car is supported/,
    );
    const badArtifact = rawZip([
      {
        name: 'artifacts.xml',
        data: '<artifacts><artifact name="Bad" version="1.0.0" type="carbon/application"><dependency artifact="OkSeq" version="1.0.0"/><dependency artifact="BadAPI" version="1.0.0"/></artifact></artifacts>',
      },
      {
        name: 'OkSeq_1.0.0/artifact.xml',
        data: '<artifact name="OkSeq" version="1.0.0" type="synapse/sequence"><file>OkSeq-1.0.0.xml</file></artifact>',
      },
      {
        name: 'OkSeq_1.0.0/OkSeq-1.0.0.xml',
        data: '<sequence xmlns="http://ws.apache.org/ns/synapse" name="OkSeq"/>',
      },
      {
        name: 'BadAPI_1.0.0/artifact.xml',
        data: '<artifact name="BadAPI" version="1.0.0" type="synapse/api"><file>BadAPI-1.0.0.xml</file></artifact>',
      },
      {
        name: 'BadAPI_1.0.0/BadAPI-1.0.0.xml',
        data: '<api xmlns="http://ws.apache.org/ns/synapse" name="BadAPI" context="/bad">\n<resource>\n</api>',
      },
    ]);
    assert.equal(JSON.stringify(await client.applications()), before);
    // a CAR that reads but whose artifacts do not all deploy is accepted and kept as faulty, as MI's CappDeployer
    // keeps it: none of its artifacts is deployed, GET /applications lists it under faultyList, the log says why
    assert.equal(
      await client.upload('Bad_1.0.0.car', badArtifact),
      'Successfully added Carbon Application Bad_1.0.0.car',
    );
    // an artifact another application already deployed
    await client.upload('Clash_1.0.0.car', tinyCar([], 'Clash', 'AuditSeq'));
    const apps = await client.applications();
    assert.equal(apps.totalCount, 3);
    assert.equal(apps.activeCount, 1);
    assert.equal(apps.faultyCount, 2);
    assert.deepEqual(
      apps.faultyList.map((a) => [a.name, a.version, a.artifacts.map((x) => x.name).sort()]),
      [
        ['Bad', '1.0.0', ['BadAPI', 'OkSeq']],
        ['Clash', '1.0.0', ['AuditSeq']],
      ],
    );
    assert.equal((await client.list('sequences')).count, 3); // AuditSeq and the default fault and main
    assert.ok(!(await client.list<any>('apis')).list.some((a) => a.name === 'BadAPI'));
    const log = await client.logFile('wso2carbon.log');
    assert.match(
      log,
      /ERROR .*Error occurred while deploying the Carbon application: Bad_1\.0\.0\.car\. Reverting successfully deployed artifacts in the CApp\.\n.*Bad_1\.0\.0\.car!BadAPI_1\.0\.0\/BadAPI-1\.0\.0\.xml:\d+.*CAR_BAD_ARTIFACT/,
    );
    assert.match(
      log,
      /Clash_1\.0\.0\.car\. Reverting successfully deployed artifacts in the CApp\.\n.*already deployed by orders-project_2\.1\.0/,
    );
    // removing a faulty application takes it off the list
    assert.equal(
      await client.undeploy('Bad_1.0.0'),
      'Successfully removed Carbon Application named Bad_1.0.0',
    );
    assert.equal(
      await client.undeploy('Clash_1.0.0'),
      'Successfully removed Carbon Application named Clash_1.0.0',
    );
    assert.equal(JSON.stringify(await client.applications()), before);
  });

  it('undeploys an application (DELETE /applications/{name}); 404 for an unknown one', async () => {
    await client.upload('Tiny_1.0.0.car', tinyCar());
    assert.equal((await client.list('sequences')).count, 4); // with the default fault and main
    assert.equal(
      await client.undeploy('Tiny_1.0.0'),
      'Successfully removed Carbon Application named Tiny_1.0.0',
    );
    assert.deepEqual(
      (await client.list<any>('sequences')).list.map((x) => x.name),
      ['AuditSeq', 'fault', 'main'],
    );
    await fails(client.undeploy('Nope_1.0.0'), 'NOT_FOUND');
  });

  it('lists versioned APIs as name:vX with the version in the URL, and data sources', async () => {
    await client.upload(
      'versioned-project_3.0.0.car',
      await buildCar(loadProject(join(ORDERS, '..', 'versioned-project'))),
    );
    const api = (await client.list<any>('apis', { searchKey: 'catalog' })).list[0];
    assert.equal(api.name, 'CatalogAPI:v1.0.2');
    assert.equal(api.url, `http://127.0.0.1:${s.httpPort}/catalog/1.0.2`);
    assert.equal((await client.get<any>('apis', 'CatalogAPI:v1.0.2')).version, '1.0.2');
    assert.deepEqual((await client.list('data-sources')).list, [
      { name: 'CatalogDataSource', type: 'RDBMS' },
    ]);
    const app = await client.application('versioned-project');
    assert.deepEqual(app.artifacts.map((a) => `${a.name}:${a.type}`).sort(), [
      'CatalogAPI_1.0.2:api',
      'CatalogDS:datasource',
      'catalog_limits:resource',
      'order_schemas:resource',
    ]);
    await client.undeploy('versioned-project_3.0.0');
  });

  it('deploys and undeploys a project whose name is not ASCII (bare folder with spaces and ü)', async () => {
    const p = loadProject(join(ORDERS, '..', 'bare folder ünïcode'));
    await client.upload(`${p.name}_${p.version}.car`, await buildCar(p));
    assert.ok((await client.applications()).activeList.some((a) => a.name === 'bare-folder-ünïcode'));
    assert.ok((await client.list<any>('apis')).list.some((x) => x.name === 'PingAPI'));
    await client.undeploy('bare-folder-ünïcode_1.0.0');
    assert.ok(!(await client.list<any>('apis')).list.some((x) => x.name === 'PingAPI'));
  });

  it('cancels an upload through its AbortSignal', async () => {
    const ac = new AbortController();
    ac.abort();
    await fails(client.upload('x.car', tinyCar(), { signal: ac.signal }), 'ABORTED');
  });
});

describe('management client: failures', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  before(async () => {
    tmp = tempDir('mgmt-f-');
    s = await serve(tmp.dir);
  });
  after(async () => {
    await s.close();
    tmp.cleanup();
  });
  const url = () => `https://127.0.0.1:${s.managementPort}`;

  it('reads a server certificate for a trust prompt, without logging in', async () => {
    const logins = (s.management.log.text().match(/login/g) ?? []).length;
    const info = await fetchServerCertificate(url());
    assert.equal(info.fingerprint256, s.fingerprint256);
    assert.equal(info.trusted, false);
    assert.match(info.authorizationError!, /SELF_SIGNED/);
    assert.match(info.subject, /CN=localhost/);
    assert.match(info.subjectAltName!, /IP Address:127\.0\.0\.1/);
    assert.equal((s.management.log.text().match(/login/g) ?? []).length, logins);
    await assert.rejects(
      fetchServerCertificate(`https://127.0.0.1:${await closedPort()}`),
      (e: ManagementError) => e.code === 'UNREACHABLE',
    );
  });

  it('wrong password → AUTH_FAILED', async () => {
    const c = new ManagementClient({
      url: url(),
      user: ADMIN.user,
      password: 'wrong',
      fingerprint: s.fingerprint256,
    });
    await fails(c.list('apis'), 'AUTH_FAILED', /wrong user name or password/);
    c.close();
  });

  it('unreachable server (closed port) → UNREACHABLE', async () => {
    const c = new ManagementClient({
      url: `https://127.0.0.1:${await closedPort()}`,
      user: 'a',
      password: 'b',
    });
    await fails(c.list('apis'), 'UNREACHABLE', /ECONNREFUSED/);
    c.close();
  });

  it('self-signed and not pinned → CERT_UNTRUSTED with the fingerprint, before any credentials are sent', async () => {
    const c = new ManagementClient({ url: url(), user: ADMIN.user, password: ADMIN.password });
    const logins = () => (s.management.log.text().match(/login/g) ?? []).length;
    const before = logins();
    const e = await fails(c.list('apis'), 'CERT_UNTRUSTED');
    assert.ok(e.message.includes(s.fingerprint256));
    assert.equal(e.details.fingerprint, s.fingerprint256);
    assert.equal(logins(), before);
    c.close();
  });

  it('pinned fingerprint that does not match → CERT_CHANGED with both fingerprints; colon-less pins work', async () => {
    const other = 'AA:'.repeat(31) + 'AA';
    const c = new ManagementClient({
      url: url(),
      user: ADMIN.user,
      password: ADMIN.password,
      fingerprint: other,
    });
    const e = await fails(c.list('apis'), 'CERT_CHANGED');
    assert.ok(e.message.includes(s.fingerprint256) && e.message.includes(other));
    c.close();
    const ok = new ManagementClient({
      url: url(),
      user: ADMIN.user,
      password: ADMIN.password,
      fingerprint: s.fingerprint256.replace(/:/g, '').toLowerCase(),
    });
    assert.equal((await ok.list('apis')).count, 0);
    ok.close();
  });

  it('connection dropped mid-upload → CONNECTION_DROPPED', async () => {
    const { cert, key } = generateCertificate(['127.0.0.1']);
    const fp = new (await import('node:crypto')).X509Certificate(cert).fingerprint256;
    const dropper = droppingServer(cert, key, 64 * 1024);
    const port = await listen(dropper);
    try {
      const c = new ManagementClient({
        url: `https://127.0.0.1:${port}`,
        user: 'a',
        password: 'b',
        fingerprint: fp,
      });
      await fails(c.upload('x.car', Buffer.alloc(2 * 1024 * 1024, 7)), 'CONNECTION_DROPPED');
      c.close();
    } finally {
      dropper.close();
    }
  });

  it('an upload cut off mid-way (client gone) changes nothing on the server, which keeps serving', async () => {
    const c = new ManagementClient({
      url: url(),
      user: ADMIN.user,
      password: ADMIN.password,
      fingerprint: s.fingerprint256,
    });
    try {
      await c.upload('Tiny_1.0.0.car', tinyCar());
      const before = JSON.stringify(await c.applications());
      const ac = new AbortController();
      const big = Buffer.concat([tinyCar([], 'Big', 'BigSeq'), Buffer.alloc(4 * 1024 * 1024)]);
      await fails(
        c.upload('Big_1.0.0.car', big, { signal: ac.signal, onProgress: () => ac.abort() }),
        'ABORTED',
      );
      await until('the server to see the upload cut', () =>
        /client closed the connection mid-request/.test(s.management.log.text()),
      );
      assert.equal(JSON.stringify(await c.applications()), before);
      await c.undeploy('Tiny_1.0.0');
    } finally {
      c.close();
    }
  });

  it('no answer → TIMEOUT', async () => {
    const { cert, key } = generateCertificate(['127.0.0.1']);
    const fp = new (await import('node:crypto')).X509Certificate(cert).fingerprint256;
    const silent = silentServer(cert, key);
    const port = await listen(silent);
    try {
      const c = new ManagementClient({
        url: `https://127.0.0.1:${port}`,
        user: 'a',
        password: 'b',
        fingerprint: fp,
        timeoutMs: 300,
      });
      await fails(c.list('apis'), 'TIMEOUT');
      c.close();
    } finally {
      silent.close();
    }
  });

  it('a deployment the runtime refuses changes nothing (all or nothing)', async () => {
    const seen: string[] = [];
    const failing: ArtifactHost = {
      async deploy(_app: string, arts: HostArtifact[]) {
        if (arts.some((a) => a.name === 'Boom')) throw new Error('engine refused Boom');
        seen.push(...arts.map((a) => a.name));
      },
      async undeploy() {},
    };
    const t = tempDir('mgmt-h-');
    const s2 = await serve(t.dir, { host: failing });
    const c = new ManagementClient({
      url: `https://127.0.0.1:${s2.managementPort}`,
      user: ADMIN.user,
      password: ADMIN.password,
      fingerprint: s2.fingerprint256,
    });
    try {
      await c.upload('Tiny_1.0.0.car', tinyCar());
      // the runtime refuses the artifact: the application is kept as faulty and nothing of it is deployed
      await c.upload('Boom_1.0.0.car', tinyCar([], 'Boom', 'Boom'));
      assert.deepEqual(
        (await c.list<any>('sequences')).list.map((x) => x.name),
        ['TinySeq', 'fault', 'main'],
      );
      let apps = await c.applications();
      assert.deepEqual(
        [apps.activeCount, apps.faultyCount, apps.faultyList.map((a) => a.name)],
        [1, 1, ['Boom']],
      );
      assert.deepEqual(seen, ['TinySeq']);
      // the same file name again replaces the application (MI undeploys the old file's application first); when
      // the new one fails, it is the faulty one and the old one is gone
      await c.upload('Tiny_1.0.0.car', tinyCar([], 'Tiny', 'Boom'));
      assert.deepEqual(
        (await c.list<any>('sequences')).list.map((x) => x.name),
        ['fault', 'main'],
      );
      apps = await c.applications();
      assert.deepEqual(
        [apps.activeCount, apps.faultyCount, apps.faultyList.map((a) => a.name)],
        [0, 2, ['Boom', 'Tiny']],
      );
      assert.deepEqual(seen, ['TinySeq']);
      // a good CAR under the faulty one's file name replaces it on the active list
      await c.upload('Tiny_1.0.0.car', tinyCar([], 'Tiny', 'TinySeq2'));
      assert.deepEqual(
        (await c.list<any>('sequences')).list.map((x) => x.name),
        ['TinySeq2', 'fault', 'main'],
      );
      apps = await c.applications();
      assert.deepEqual([apps.activeCount, apps.faultyList.map((a) => a.name)], [1, ['Boom']]);
      // the same application name and version under another file name is refused
      await fails(
        c.upload('Other.car', tinyCar([], 'Tiny', 'TinySeq3')),
        'SERVER_REJECTED',
        /already exists/,
      );
    } finally {
      c.close();
      await s2.close();
      t.cleanup();
    }
  });
});
