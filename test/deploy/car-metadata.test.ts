import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCar, loadProject, readCar, unzipCar } from '../../core/car';
import { attrValue, childElements, parseXml } from '../../core/xml';
import { runCli } from './helpers/cli';

const SYN = 'xmlns="http://ws.apache.org/ns/synapse"';

/** Top-level `key: value` pairs of a simple YAML document (quoted scalars decoded as JSON strings). */
function yamlTop(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    if (m && m[2] !== '') out[m[1]] = m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2];
  }
  return out;
}

/**
 * What Micro Integrator does with a CAR's metadata (reference/car-format.md; MI's deployer and service catalog):
 * the deployer reads artifacts.xml and needs each dependency as a top-level `<name>_<version>/artifact.xml`; the
 * service catalog lists `metadata/*_metadata_*` folders, splits the folder name into API name and version, and reads
 * `<API>_metadata-<v>.yaml` there and `<API>_swagger-<v>.yaml` in `metadata/<API>_swagger_<v>/`.
 */
function asMiReadsIt(entries: Map<string, Buffer>) {
  const deps = childElements(
    childElements(parseXml(entries.get('artifacts.xml')!.toString()).root!)[0],
  ).filter((e) => e.local === 'dependency');
  for (const d of deps) {
    const folder = `${attrValue(d, 'artifact')}_${attrValue(d, 'version')}`;
    assert.ok(entries.has(`${folder}/artifact.xml`), `deployer: ${folder}/artifact.xml missing`);
    assert.ok(!folder.startsWith('metadata'), 'metadata must not be a dependency in artifacts.xml');
  }
  const published: Record<string, { metadata: Record<string, string>; swagger: string }> = {};
  const folders = new Set(
    [...entries.keys()].filter((p) => p.startsWith('metadata/')).map((p) => p.split('/')[1]),
  );
  for (const f of folders) {
    if (!f.includes('_metadata_')) continue;
    const api = f.slice(0, f.indexOf('_metadata_'));
    const version = f.slice(f.lastIndexOf('_metadata_') + '_metadata_'.length);
    const meta = entries.get(`metadata/${f}/${api}_metadata-${version}.yaml`);
    assert.ok(meta, `service catalog: metadata/${f}/${api}_metadata-${version}.yaml missing`);
    const swagger = entries.get(`metadata/${api}_swagger_${version}/${api}_swagger-${version}.yaml`);
    if (api.endsWith('_proxy')) continue; // proxies are described by their WSDL
    assert.ok(
      swagger,
      `service catalog: metadata/${api}_swagger_${version}/${api}_swagger-${version}.yaml missing`,
    );
    published[api] = { metadata: yamlTop(meta.toString()), swagger: swagger.toString() };
  }
  return published;
}

describe('CAR API metadata (synapse/metadata, metadata.xml, metadata/)', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'car-meta-'));
    const a = join(dir, 'src/main/wso2mi/artifacts');
    mkdirSync(join(a, 'apis'), { recursive: true });
    mkdirSync(join(a, 'proxy-services'), { recursive: true });
    mkdirSync(join(dir, 'src/main/wso2mi/resources/metadata'), { recursive: true });
    writeFileSync(
      join(dir, 'pom.xml'),
      '<project><artifactId>shop</artifactId><version>1.2.0</version><packaging>pom</packaging></project>',
    );
    writeFileSync(
      join(a, 'apis/OrdersAPI.xml'),
      `<api ${SYN} name="OrdersAPI" context="/orders"><resource methods="GET" uri-template="/{id}"><inSequence><respond/></inSequence></resource></api>`,
    );
    writeFileSync(
      join(a, 'apis/StockAPI.xml'),
      `<api ${SYN} name="StockAPI" context="/stock"><resource methods="GET POST" uri-template="/items/{sku}?full={f}"><inSequence><respond/></inSequence></resource><resource methods="DELETE" url-mapping="/items/*"><inSequence><respond/></inSequence></resource></api>`,
    );
    writeFileSync(
      join(a, 'proxy-services/Quote.xml'),
      `<proxy ${SYN} name="Quote" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
    );
    const m = join(dir, 'src/main/wso2mi/resources/metadata');
    writeFileSync(
      join(m, 'OrdersAPI_metadata.yaml'),
      '---\nkey: "OrdersAPI-1.0.0"\nname: "OrdersAPI"\nversion: "1.0.0"\nserviceUrl: "https://{MI_HOST}:{MI_PORT}/orders"\n',
    );
    writeFileSync(
      join(m, 'OrdersAPI_swagger.yaml'),
      'openapi: "3.0.1"\ninfo:\n  title: "OrdersAPI"\npaths: {}\n',
    );
    writeFileSync(join(m, 'Quote_proxy_metadata.yaml'), '---\nkey: "Quote-1.0.0"\nname: "Quote"\n');
    writeFileSync(join(m, 'notes.yaml'), 'a: 1\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("packages the project's metadata files under metadata/, listed in metadata.xml, not in artifacts.xml", async () => {
    const app = loadProject(dir);
    assert.deepEqual(
      app.metadata?.map((m) => m.name),
      ['OrdersAPI_metadata', 'OrdersAPI_swagger', 'Quote_proxy_metadata'],
    );
    assert.deepEqual(
      app.skipped.map((s) => s.file),
      ['src/main/wso2mi/resources/metadata/notes.yaml'],
    );
    const buf = await buildCar(app);
    const entries = await unzipCar(buf, 'shop.car');
    assert.ok(entries.has('metadata.xml'));
    const art = parseXml(entries.get('metadata/OrdersAPI_metadata_1.2.0/artifact.xml')!.toString()).root!;
    assert.equal(attrValue(art, 'type'), 'synapse/metadata');
    assert.equal(attrValue(art, 'name'), 'OrdersAPI_metadata');
    assert.ok(
      entries
        .get('metadata/OrdersAPI_metadata_1.2.0/OrdersAPI_metadata-1.2.0.yaml')!
        .equals(readFileSync(join(dir, 'src/main/wso2mi/resources/metadata/OrdersAPI_metadata.yaml'))),
    );
    const published = asMiReadsIt(entries);
    assert.deepEqual(Object.keys(published), ['OrdersAPI']);
    assert.equal(published.OrdersAPI.metadata.serviceUrl, 'https://{MI_HOST}:{MI_PORT}/orders');
    // the reader returns them apart from the deployable artifacts
    const car = await readCar(buf, 'shop.car');
    assert.equal(car.artifacts.length, 3);
    assert.deepEqual(
      car.metadata?.map((m) => [m.name, m.type, m.file]),
      [
        ['OrdersAPI_metadata', 'synapse/metadata', 'OrdersAPI_metadata-1.2.0.yaml'],
        ['OrdersAPI_swagger', 'synapse/metadata', 'OrdersAPI_swagger-1.2.0.yaml'],
        ['Quote_proxy_metadata', 'synapse/metadata', 'Quote_proxy_metadata-1.2.0.yaml'],
      ],
    );
    // like MI's deployer, the reader does not let broken metadata stop a CAR: it reads it without
    const broken = new Map(entries);
    broken.delete('metadata/OrdersAPI_swagger_1.2.0/OrdersAPI_swagger-1.2.0.yaml');
    const { writeZip } = await import('../../core/car/zipwrite');
    const rezip = (m: Map<string, Buffer>) => writeZip([...m].map(([path, data]) => ({ path, data })));
    const partial = await readCar(rezip(broken), 'broken.car');
    assert.equal(partial.artifacts.length, 3);
    assert.equal(partial.metadata, undefined);
    broken.set('metadata.xml', Buffer.from('<artifacts><artifact'));
    assert.equal((await readCar(rezip(broken), 'broken.car')).artifacts.length, 3);
    // a project without metadata files gives a CAR without metadata.xml
    rmSync(join(dir, 'src/main/wso2mi/resources/metadata'), { recursive: true });
    const plain = await unzipCar(await buildCar(loadProject(dir)), 'plain.car');
    assert.equal(
      [...plain.keys()].some((k) => k.startsWith('metadata')),
      false,
    );
  });

  it('generates metadata and an OpenAPI document for APIs without them (--api-metadata), keeping the project’s own', async () => {
    const app = loadProject(dir, { generateApiMetadata: true });
    const entries = await unzipCar(await buildCar(app), 'shop.car');
    const published = asMiReadsIt(entries);
    assert.deepEqual(Object.keys(published).sort(), ['OrdersAPI', 'StockAPI']);
    // the project's own file is packaged unchanged
    assert.equal(published.OrdersAPI.metadata.key, 'OrdersAPI-1.0.0');
    const stock = published.StockAPI;
    assert.equal(stock.metadata.key, 'StockAPI-1.2.0');
    assert.equal(stock.metadata.name, 'StockAPI');
    assert.equal(stock.metadata.version, '1.2.0');
    assert.equal(stock.metadata.serviceUrl, 'https://{MI_HOST}:{MI_PORT}/stock');
    assert.equal(stock.metadata.definitionType, 'OAS3');
    // the OpenAPI document lists each resource path (query template dropped) with its methods and path parameters
    assert.match(stock.swagger, /^openapi: "3\.0\.1"$/m);
    assert.match(
      stock.swagger,
      /^ {2}"\/items\/\{sku\}":\n {4}get:\n {6}parameters:\n {8}- name: "sku"\n {10}in: "path"/m,
    );
    assert.match(stock.swagger, /^ {4}post:$/m);
    assert.match(stock.swagger, /^ {2}"\/items\/\*":\n {4}delete:$/m);
    assert.doesNotMatch(stock.swagger, /full=/);
  });

  it('synapse package --api-metadata writes them; the Integration Studio layout packages its Configs module metadata', async () => {
    const out = join(dir, 'out.car');
    const r = await runCli(['package', dir, '-o', out, '--no-validate', '--api-metadata']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /3 artifacts, 5 metadata files/);
    assert.match(r.stdout, /not packaged: src\/main\/wso2mi\/resources\/metadata\/notes\.yaml/);
    assert.deepEqual(Object.keys(asMiReadsIt(await unzipCar(readFileSync(out), out))).sort(), [
      'OrdersAPI',
      'StockAPI',
    ]);

    const studio = join(dir, 'studio');
    mkdirSync(join(studio, 'ShopConfigs/src/main/synapse-config/api'), { recursive: true });
    mkdirSync(join(studio, 'ShopConfigs/src/main/resources/metadata'), { recursive: true });
    writeFileSync(
      join(studio, 'ShopConfigs/src/main/synapse-config/api/Hello.xml'),
      `<api ${SYN} name="Hello" context="/hello"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
    );
    writeFileSync(
      join(studio, 'ShopConfigs/src/main/resources/metadata/Hello_metadata.yaml'),
      'key: "Hello-1.0.0"\n',
    );
    writeFileSync(
      join(studio, 'ShopConfigs/src/main/resources/metadata/Hello_swagger.yaml'),
      'openapi: "3.0.1"\n',
    );
    const app = loadProject(studio);
    assert.equal(app.layout, 'integration-studio');
    assert.deepEqual(
      app.metadata?.map((m) => m.name),
      ['Hello_metadata', 'Hello_swagger'],
    );
    assert.deepEqual(Object.keys(asMiReadsIt(await unzipCar(await buildCar(app), 's.car'))), ['Hello']);
  });
});
