import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { crc32 } from 'node:zlib';
import * as yauzl from 'yauzl';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCar, CarError, loadProject, readCar, unzipCar } from '../../core/car';
import { parseXml, attrValue, childElements, firstChild, textContent } from '../../core/xml';
import { rawZip, tinyCar } from './helpers/rawzip';

const FIX = join(__dirname, '..', 'fixtures', 'deploy');
const ORDERS = join(FIX, 'orders-project');

async function rejects(p: Promise<unknown>, code: string, re?: RegExp): Promise<CarError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof CarError, `expected CarError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (re) assert.match(e.message, re);
    return e;
  }
  assert.fail(`expected ${code}`);
}

describe('CAR builder and reader', () => {
  it('round trip: the CAR unpacks to the same artifacts, bytes for bytes', async () => {
    const project = loadProject(ORDERS);
    assert.equal(project.layout, 'mi');
    assert.equal(project.name, 'orders-project');
    assert.equal(project.version, '2.1.0');
    const car = await readCar(await buildCar(project), 'orders.car');
    assert.equal(car.name, 'orders-project');
    assert.equal(car.version, '2.1.0');
    const byName = new Map(car.artifacts.map((a) => [a.name, a]));
    assert.equal(car.artifacts.length, project.artifacts.length);
    for (const a of project.artifacts) {
      const b = byName.get(a.name);
      assert.ok(b, `missing ${a.name}`);
      assert.equal(b.type, a.type);
      assert.equal(b.version, a.version);
      if (a.items) {
        assert.equal(b.items?.length, a.items.length);
        a.items.forEach((it, i) => {
          assert.equal(b.items![i].path, it.path);
          assert.equal(b.items![i].file, it.file);
          assert.ok(b.items![i].content.equals(it.content));
        });
      } else assert.ok(b.content.equals(a.content), `${a.name} content differs`);
    }
    const types = Object.fromEntries(car.artifacts.map((a) => [a.name, a.type]));
    assert.deepEqual(types, {
      OrdersAPI: 'synapse/api',
      StockProxy: 'synapse/proxy-service',
      AuditSeq: 'synapse/sequence',
      WarehouseEP: 'synapse/endpoint',
      Region: 'synapse/local-entry',
      NotifyTemplate: 'synapse/template',
      OrdersFileInbound: 'synapse/inbound-endpoint',
      NightlyTask: 'synapse/task',
      OrdersStore: 'synapse/message-store',
      OrdersForwarder: 'synapse/message-processors',
      config: 'config/property',
      'gov_xslt_order-to-invoice_xslt': 'registry/resource',
    });
  });

  it("reads like MI's deployer: artifacts.xml, <name>_<version>/artifact.xml, <name>-<version>.xml, registry-info.xml", async () => {
    const entries = await unzipCar(await buildCar(loadProject(ORDERS)), 'orders.car');
    const doc = parseXml(entries.get('artifacts.xml')!.toString('utf8'));
    assert.equal(doc.problems.length, 0);
    assert.equal(doc.root?.name, 'artifacts');
    const apps = childElements(doc.root!);
    assert.equal(apps.length, 1);
    assert.equal(attrValue(apps[0], 'type'), 'carbon/application');
    const deps = childElements(apps[0]);
    assert.equal(deps.length, 12);
    // MI's deployment order: local entries, endpoints, sequences, stores, templates, proxies, tasks, processors, apis, inbound
    assert.deepEqual(
      deps.slice(0, 10).map((d) => attrValue(d, 'artifact')),
      [
        'Region',
        'WarehouseEP',
        'AuditSeq',
        'OrdersStore',
        'NotifyTemplate',
        'StockProxy',
        'NightlyTask',
        'OrdersForwarder',
        'OrdersAPI',
        'OrdersFileInbound',
      ],
    );
    for (const d of deps) {
      assert.equal(attrValue(d, 'include'), 'true');
      assert.equal(attrValue(d, 'serverRole'), 'EnterpriseIntegrator');
      const folder = `${attrValue(d, 'artifact')}_${attrValue(d, 'version')}`;
      const a = parseXml(entries.get(`${folder}/artifact.xml`)!.toString('utf8')).root!;
      assert.equal(a.name, 'artifact');
      assert.equal(attrValue(a, 'name'), attrValue(d, 'artifact'));
      assert.equal(attrValue(a, 'version'), '2.1.0');
      const file = textContent(firstChild(a, 'file')!);
      assert.ok(entries.has(`${folder}/${file}`), `${folder}/${file}`);
      if (attrValue(a, 'type')!.startsWith('synapse/'))
        assert.equal(file, `${attrValue(d, 'artifact')}-2.1.0.xml`);
    }
    const reg = parseXml(
      entries.get('gov_xslt_order-to-invoice_xslt_2.1.0/registry-info.xml')!.toString('utf8'),
    ).root!;
    const item = firstChild(reg, 'item')!;
    assert.equal(textContent(firstChild(item, 'file')!), 'order-to-invoice.xslt');
    assert.equal(textContent(firstChild(item, 'path')!), '/_system/governance/xslt');
    assert.equal(textContent(firstChild(item, 'mediaType')!), 'application/xslt+xml');
    assert.ok(entries.has('gov_xslt_order-to-invoice_xslt_2.1.0/resources/order-to-invoice.xslt'));
  });

  it("finds an artifact in any top-level folder whose artifact.xml names it, as MI's deployer does", async () => {
    // older tooling wrote `<name>_<version>.v<timestamp>/`; MI scans every folder's artifact.xml
    const car = await readCar(
      rawZip([
        {
          name: 'artifacts.xml',
          data: '<artifacts><artifact name="Old" version="1.0.0" type="carbon/application"><dependency artifact="le1" version="1.0.0" serverRole="EnterpriseServiceBus"/></artifact></artifacts>',
        },
        {
          name: 'le1_1.0.0.v20110527164131/artifact.xml',
          data: '<artifact name="le1" version="1.0.0" type="synapse/local-entry" serverRole="EnterpriseServiceBus"><file>le1.xml</file></artifact>',
        },
        {
          name: 'le1_1.0.0.v20110527164131/le1.xml',
          data: '<localEntry xmlns="http://ws.apache.org/ns/synapse" key="le1">v</localEntry>',
        },
        // a folder whose artifact.xml cannot be read is passed over, as MI does
        { name: 'junk/artifact.xml', data: '<artifact name=' },
      ]),
      'old.car',
    );
    assert.deepEqual(
      car.artifacts.map((a) => [a.name, a.type, a.source]),
      [['le1', 'synapse/local-entry', 'le1_1.0.0.v20110527164131/le1.xml']],
    );
    // a dependency no folder declares is still refused, naming what was looked for
    await rejects(
      readCar(
        rawZip([
          {
            name: 'artifacts.xml',
            data: '<artifacts><artifact name="A" version="1" type="carbon/application"><dependency artifact="S" version="2"/></artifact></artifacts>',
          },
          {
            name: 'S_1/artifact.xml',
            data: '<artifact name="S" version="1" type="synapse/sequence"><file>S-1.xml</file></artifact>',
          },
        ]),
        't.car',
      ),
      'CAR_MISSING_FILE',
      /describes S 2/,
    );
  });

  it('is deterministic: two builds give the same bytes, whatever the time zone', async () => {
    const a = await buildCar(loadProject(ORDERS));
    const b = await buildCar(loadProject(ORDERS));
    assert.ok(a.equals(b));
    const hash = createHash('sha256').update(a).digest('hex');
    const script = join(__dirname, 'helpers', 'build-car.ts');
    for (const tz of ['UTC', 'Asia/Kolkata', 'America/Los_Angeles']) {
      const out = execFileSync(process.execPath, ['--import', 'tsx', script, ORDERS], {
        env: { ...process.env, TZ: tz },
      }).toString();
      assert.equal(out, hash, `different bytes in ${tz}`);
    }
  });

  it("names versioned APIs, data sources, connectors and described registry resources as MI's CAR plugin does", async () => {
    const p = loadProject(join(FIX, 'versioned-project'));
    assert.equal(p.version, '3.0.0'); // ${revision} from the pom's properties
    const car = await readCar(await buildCar(p), 'v.car');
    const byName = new Map(car.artifacts.map((a) => [a.name, a]));
    const api = byName.get('CatalogAPI_1.0.2')!;
    assert.equal(api.version, '1.0.2');
    assert.equal(api.file, 'CatalogAPI_1.0.2-1.0.2.xml');
    assert.ok(car.entries.has('CatalogAPI_1.0.2_1.0.2/CatalogAPI_1.0.2-1.0.2.xml'));
    const ds = byName.get('CatalogDS')!;
    assert.equal(ds.type, 'datasource/datasource');
    assert.equal(ds.version, '3.0.0');
    const limits = byName.get('catalog_limits')!;
    assert.equal(limits.version, '1.0.5');
    assert.deepEqual(
      limits.items!.map((i) => [i.file, i.path, i.mediaType, i.properties]),
      [
        [
          'catalog.properties',
          '/_system/config/limits',
          'text/plain',
          [{ key: 'owner', value: 'catalog-team' }],
        ],
      ],
    );
    const schemas = byName.get('order_schemas')!;
    assert.equal(schemas.items!.length, 0);
    assert.equal(schemas.collections![0].path, '/_system/governance/schemas/orders');
    assert.deepEqual(
      schemas.collections![0].files.map((f) => f.path),
      ['line.json', 'order.json'],
    );
    assert.equal(byName.size, 4);

    const dir = mkdtempSync(join(tmpdir(), 'car-conn-'));
    try {
      mkdirSync(join(dir, 'src/main/wso2mi/artifacts/sequences'), { recursive: true });
      mkdirSync(join(dir, 'src/main/wso2mi/resources/connectors'), { recursive: true });
      writeFileSync(
        join(dir, 'src/main/wso2mi/artifacts/sequences/S.xml'),
        '<sequence xmlns="http://ws.apache.org/ns/synapse" name="S"/>',
      );
      writeFileSync(
        join(dir, 'src/main/wso2mi/resources/connectors/mi-connector-http-0.1.8.zip'),
        'zip bytes',
      );
      writeFileSync(join(dir, 'src/main/wso2mi/resources/registry-unused.txt'), 'x');
      const c = (await readCar(await buildCar(loadProject(dir)), 'c.car')).artifacts.find(
        (a) => a.type === 'synapse/lib',
      )!;
      assert.deepEqual(
        [c.name, c.version, c.file],
        ['mi-connector-http', '0.1.8', 'mi-connector-http-0.1.8.zip'],
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a registry descriptor that names a missing file, with its line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'car-reg-'));
    try {
      mkdirSync(join(dir, 'src/main/wso2mi/artifacts/sequences'), { recursive: true });
      mkdirSync(join(dir, 'src/main/wso2mi/resources/registry/gov'), { recursive: true });
      writeFileSync(
        join(dir, 'src/main/wso2mi/artifacts/sequences/S.xml'),
        '<sequence xmlns="http://ws.apache.org/ns/synapse" name="S"/>',
      );
      writeFileSync(
        join(dir, 'src/main/wso2mi/resources/registry/artifact.xml'),
        '<artifacts>\n  <artifact name="x" version="1.0.0" type="registry/resource">\n    <item><file>x.json</file><path>/_system/governance/x</path></item>\n  </artifact>\n</artifacts>\n',
      );
      assert.throws(
        () => loadProject(dir),
        (e: CarError) =>
          e.code === 'PROJECT_BAD_FILE' &&
          /artifact\.xml:2: registry resource '\/_system\/governance\/x\/x\.json' not found/.test(e.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes a plain zip: CRCs and sizes in every local header (no data descriptors), UTF-8 flag on non-ASCII names', async () => {
    const app = loadProject(join(FIX, 'bare folder ünïcode'));
    app.artifacts[0].name = 'Pïng';
    const buf = await buildCar(app);
    const zip = await yauzl.fromBufferPromise(buf, {
      lazyEntries: true,
      decodeStrings: true,
      validateEntrySizes: true,
    });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        seen.push(e.fileName);
        // local header of this entry
        const lh = buf.readUInt32LE(e.relativeOffsetOfLocalHeader);
        assert.equal(lh, 0x04034b50);
        const flags = buf.readUInt16LE(e.relativeOffsetOfLocalHeader + 6);
        assert.equal(flags & 0x0008, 0, 'no data descriptor');
        assert.equal(flags & 0x0800, /[^\x20-\x7e]/.test(e.fileName) ? 0x0800 : 0);
        assert.equal(buf.readUInt32LE(e.relativeOffsetOfLocalHeader + 14), e.crc32);
        zip.openReadStream(e, (err, stream) => {
          if (err) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            assert.equal(crc32(Buffer.concat(chunks)), e.crc32);
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve());
      zip.on('error', reject);
      zip.readEntry();
    });
    assert.ok(seen.some((n) => n.startsWith('Pïng_1.0.0/')));
    assert.equal(seen.length, 5);
  });

  it('packages the Integration Studio layout with the CompositeExporter name and version', async () => {
    const p = loadProject(join(FIX, 'legacy-studio'));
    assert.equal(p.layout, 'integration-studio');
    assert.equal(p.name, 'LegacyCompositeExporter');
    assert.equal(p.version, '1.2.3');
    const car = await readCar(await buildCar(p), 'legacy.car');
    const summary = car.artifacts.map((a) => `${a.name}:${a.type}:${a.serverRole}`).sort();
    assert.deepEqual(summary, [
      'GreetAPI:synapse/api:EnterpriseServiceBus',
      'GreetSeq:synapse/sequence:EnterpriseServiceBus',
      'greeting_json:registry/resource:EnterpriseServiceBus',
      'mail_templates:registry/resource:EnterpriseServiceBus',
    ]);
    const reg = car.artifacts.find((a) => a.name === 'greeting_json')!;
    assert.equal(reg.items![0].path, '/_system/config/greetings');
    assert.equal(reg.items![0].content.toString().trim(), '{"greeting":"hi"}');
    const mail = car.artifacts.find((a) => a.name === 'mail_templates')!;
    assert.equal(mail.collections![0].path, '/_system/governance/mail');
    assert.deepEqual(
      mail.collections![0].files.map((f) => f.path),
      ['farewell.txt', 'welcome.txt'],
    );
    assert.ok(car.entries.has('mail_templates_1.2.3/resources/mail-templates/welcome.txt'));
  });

  it('packages a bare folder (spaces, non-ASCII path), leaving non-Synapse XML alone', async () => {
    const p = loadProject(join(FIX, 'bare folder ünïcode'));
    assert.equal(p.layout, 'bare');
    assert.equal(p.name, 'bare-folder-ünïcode');
    assert.equal(p.version, '1.0.0');
    assert.deepEqual(p.artifacts.map((a) => `${a.name}:${a.type}`).sort(), [
      'EchoSeq:synapse/sequence',
      'PingAPI:synapse/api',
    ]);
  });

  it('packages the shared corpus of real configurations (bare folder) and reads it back', async () => {
    const corpus = join(__dirname, '..', '..', '..', 'shared', 'corpus');
    const p = loadProject(existsSync(corpus) ? corpus : '/work/shared/corpus');
    assert.ok(p.artifacts.length >= 40, `only ${p.artifacts.length} artifacts`);
    assert.ok(p.artifacts.some((a) => a.type === 'service/dataservice'));
    assert.ok(p.skipped.every((s) => /Synapse namespace|no deployable/.test(s.reason)));
    const car = await readCar(await buildCar(p), 'corpus.car');
    assert.equal(car.artifacts.length, p.artifacts.length);
    for (const t of [
      'synapse/api',
      'synapse/proxy-service',
      'synapse/sequence',
      'synapse/endpoint',
      'synapse/local-entry',
      'synapse/inbound-endpoint',
      'synapse/message-store',
      'synapse/message-processors',
    ]) {
      assert.ok(
        car.artifacts.some((a) => a.type === t),
        t,
      );
    }
  });

  it('refuses a project file that is not well-formed, naming file and line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'car-bad-'));
    try {
      mkdirSync(join(dir, 'src/main/wso2mi/artifacts/sequences'), { recursive: true });
      writeFileSync(
        join(dir, 'src/main/wso2mi/artifacts/sequences/Bad.xml'),
        '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Bad">\n  <log>\n</sequence>\n',
      );
      assert.throws(
        () => loadProject(dir),
        (e: CarError) => e.code === 'PROJECT_BAD_FILE' && /Bad\.xml:\d+/.test(e.message),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses unsafe entry names, symlinks, bombs, corrupt zips and broken descriptors', async () => {
    assert.equal((await readCar(tinyCar(), 't.car')).artifacts[0].name, 'TinySeq');
    await rejects(
      readCar(tinyCar([{ name: '../evil.txt', data: 'x' }]), 't.car'),
      'CAR_UNSAFE_ENTRY',
      /'\.\.' segment/,
    );
    await rejects(readCar(tinyCar([{ name: 'a/../../evil.txt', data: 'x' }]), 't.car'), 'CAR_UNSAFE_ENTRY');
    await rejects(
      readCar(tinyCar([{ name: '/etc/evil', data: 'x' }]), 't.car'),
      'CAR_UNSAFE_ENTRY',
      /absolute/,
    );
    await rejects(
      readCar(tinyCar([{ name: 'C:/evil', data: 'x' }]), 't.car'),
      'CAR_UNSAFE_ENTRY',
      /drive letter/,
    );
    await rejects(
      readCar(tinyCar([{ name: 'a\\..\\..\\evil', data: 'x' }]), 't.car'),
      'CAR_UNSAFE_ENTRY',
      /backslash/,
    );
    await rejects(
      readCar(tinyCar([{ name: 'link', data: '/etc/passwd', mode: 0o120777 }]), 't.car'),
      'CAR_UNSAFE_ENTRY',
      /symbolic link/,
    );
    await rejects(
      readCar(
        tinyCar([
          { name: 'a', data: 'x' },
          { name: 'b', data: 'y' },
        ]),
        't.car',
        { maxEntries: 3 },
      ),
      'CAR_TOO_MANY_ENTRIES',
    );
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    await rejects(
      readCar(tinyCar([{ name: 'bomb.bin', data: zeros, deflate: true }]), 't.car'),
      'CAR_TOO_LARGE',
      /ratio/,
    );
    await rejects(
      readCar(tinyCar([{ name: 'big.bin', data: zeros.subarray(0, 4096) }]), 't.car', {
        maxEntryBytes: 1000,
      }),
      'CAR_TOO_LARGE',
    );
    // a header that lies about the size is caught while inflating
    await rejects(
      readCar(
        tinyCar([{ name: 'liar.bin', data: zeros.subarray(0, 500_000), deflate: true, claimedSize: 10 }]),
        't.car',
      ),
      'CAR_NOT_ZIP',
    );
    await rejects(readCar(Buffer.from('PK\x03\x04 this is not really a zip'), 't.car'), 'CAR_NOT_ZIP');
    const good = tinyCar();
    await rejects(readCar(good.subarray(0, good.length - 30), 't.car'), 'CAR_NOT_ZIP');
    await rejects(readCar(rawZip([{ name: 'x.txt', data: 'x' }]), 't.car'), 'CAR_NO_DESCRIPTOR');
    await rejects(
      readCar(
        rawZip([{ name: 'artifacts.xml', data: '<!DOCTYPE a [<!ENTITY e "x">]><artifacts/>' }]),
        't.car',
      ),
      'CAR_BAD_DESCRIPTOR',
      /DOCTYPE/,
    );
    await rejects(
      readCar(
        rawZip([
          {
            name: 'artifacts.xml',
            data: '<artifacts><artifact name="A" version="1" type="carbon/application"><dependency artifact="S" version="1"/></artifact></artifacts>',
          },
        ]),
        't.car',
      ),
      'CAR_MISSING_FILE',
      /S_1\/artifact\.xml/,
    );
    const e = await rejects(
      readCar(
        rawZip([
          {
            name: 'artifacts.xml',
            data: '<artifacts><artifact name="A" version="1" type="carbon/application"><dependency artifact="S" version="1"/></artifact></artifacts>',
          },
          {
            name: 'S_1/artifact.xml',
            data: '<artifact name="S" version="1" type="synapse/sequence"><file>S-1.xml</file></artifact>',
          },
          {
            name: 'S_1/S-1.xml',
            data: '<sequence xmlns="http://ws.apache.org/ns/synapse" name="S">\n<log>\n</sequence>',
          },
        ]),
        't.car',
      ),
      'CAR_BAD_ARTIFACT',
    );
    assert.match(e.message, /t\.car!S_1\/S-1\.xml:\d+/);
  });
});
