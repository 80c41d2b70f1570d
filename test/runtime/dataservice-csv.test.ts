/**
 * Data services (.dbs) in the embedded runtime with CSV data sources (in-process, real HTTP on 127.0.0.1): loading
 * (MI's DataServiceFactory: configs, queries, operations, resources; configs the runtime cannot run are load
 * warnings), REST dispatch (HTTPLocationBasedDispatcher), params from the query string, path and body
 * (DataServiceRequest), CSV reading (CSVConfig/CSVQuery), the XML result, the JSON mapping (QueryFactory
 * .getJSONResultFromText), Accept: application/json (DBInOutMessageReceiver), validators and the DataServiceFault.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { loadDataService } from '../../runtime-debug/engine/dataservices/load';
import { javaHashOrder } from '../../runtime-debug/engine/dataservices/java';
import { javaDoubleToString } from '../../runtime-debug/engine/expr/values';
import { csvRows } from '../../runtime-debug/engine/dataservices/sources';
import { serveFolder, type ServedFolder } from './helpers';
import { until } from '../support';

const DBS = (body: string, attrs = '') =>
  `<data name="Shelf" transports="http https" ${attrs}>\n${body}\n</data>`;

const SHELF = DBS(`
  <config id="books">
    <property name="csv_datasource">./data/books.csv</property>
    <property name="csv_columnseperator">;</property>
    <property name="csv_startingrow">2</property>
    <property name="csv_maxrowcount">-1</property>
    <property name="csv_hasheader">true</property>
  </config>
  <config id="twoRows">
    <property name="csv_datasource">./data/books.csv</property>
    <property name="csv_columnseperator">;</property>
    <property name="csv_startingrow">2</property>
    <property name="csv_maxrowcount">2</property>
    <property name="csv_hasheader">false</property>
  </config>
  <config id="ledger">
    <property name="driverClassName">org.h2.Driver</property>
    <property name="url">jdbc:h2:file:./ledger</property>
  </config>
  <query id="allBooks" useConfig="books">
    <result element="Books" rowName="Book">
      <element column="Code" name="code" xsdType="string"/>
      <element column="title" name="title" xsdType="string"/>
      <attribute column="Pages" name="pages" xsdType="integer"/>
    </result>
  </query>
  <query id="byNumber" useConfig="twoRows">
    <result element="Rows" rowName="Row" defaultNamespace="urn:shelf:rows" useColumnNumbers="true">
      <element column="1" name="first"/>
      <element column="3" name="third"/>
    </result>
  </query>
  <query id="asJson" useConfig="books">
    <result outputType="json">{"Catalogue":{"Entry":[{"title":"$Title","code":"$Code","pages":"$Pages(type:integer)"}]}}</result>
  </query>
  <query id="checked" useConfig="books">
    <param name="shelf" sqlType="STRING">
      <validateLength minimum="2" maximum="4"/>
      <validatePattern pattern="[A-Z]+"/>
    </param>
    <result element="Checked" rowName="Book"><element column="Code" name="code"/><element column="shelfx" name="echo" optional="true"/></result>
  </query>
  <query id="ledgerRows" useConfig="ledger">
    <sql>SELECT id FROM ledger</sql>
    <result element="Ledger" rowName="Line"><element column="id" name="id"/></result>
  </query>
  <operation name="listBooks"><call-query href="allBooks"/></operation>
  <resource method="GET" path="books"><call-query href="allBooks"/></resource>
  <resource method="GET" path="numbered"><call-query href="byNumber"/></resource>
  <resource method="GET" path="catalogue"><call-query href="asJson"/></resource>
  <resource method="GET" path="shelves/{shelf}"><call-query href="checked"><with-param name="shelf" query-param="shelf"/></call-query></resource>
  <resource method="GET" path="ledger"><call-query href="ledgerRows"/></resource>
`);

const CSV = 'Code;Title;Pages\nB-1;Rivers of Salt;312\nB-2;"A Quiet; Loud Town";95\nB-3;Glass Orchard;208\n';

async function get(port: number, path: string, headers: Record<string, string> = {}) {
  const r = await fetch(`http://127.0.0.1:${port}${path}`, { headers, signal: AbortSignal.timeout(5000) });
  return { status: r.status, type: r.headers.get('content-type') ?? '', body: await r.text() };
}

describe('runtime: data services with CSV data sources', function () {
  this.timeout(20000);
  let dir: string;
  let rt: Runtime;
  let served: ServedFolder | undefined;
  let port: number;
  let loadWarnings: { code: string; line: number; file: string; message: string }[];
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ds-csv-'));
    mkdirSync(join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services'), { recursive: true });
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'pom.xml'), '<project><artifactId>shelf</artifactId></project>');
    writeFileSync(join(dir, 'data', 'books.csv'), CSV);
    writeFileSync(join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services', 'Shelf.dbs'), SHELF);
    const csvOnly = (name: string, attrs: string) =>
      `<data name="${name}" ${attrs}><config id="c"><property name="csv_datasource">./data/books.csv</property></config>
       <query id="q" useConfig="c"><result element="R" rowName="Row"><element column="1" name="a"/></result></query>
       <resource method="GET" path="all"><call-query href="q"/></resource></data>`;
    writeFileSync(
      join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services', 'Dormant.dbs'),
      csvOnly('Dormant', 'serviceStatus="inactive"'),
    );
    writeFileSync(
      join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services', 'Tls.dbs'),
      csvOnly('Tls', 'transports="https"'),
    );
    writeFileSync(
      join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services', 'Plain.dbs'),
      csvOnly('Plain', 'transports="http https local"'),
    );
    served = await serveFolder(dir);
    port = served.port;
    rt = served.rt;
    loadWarnings = served.warnings;
  });
  after(async () => {
    await served?.close();
  });

  it('loads the service; a config it cannot run (H2) is a warning with file, line and code', () => {
    assert.equal(loadWarnings.length, 1);
    assert.equal(loadWarnings[0].code, 'RT_DS_CONFIG_UNSUPPORTED');
    assert.equal(loadWarnings[0].line, 17);
    assert.match(loadWarnings[0].file, /Shelf\.dbs$/);
    assert.match(loadWarnings[0].message, /ledger.*h2/);
    assert.ok(rt.urls().includes(`Data service Shelf: http://127.0.0.1:${port}/services/Shelf`));
    assert.ok(rt.urls().includes(`  GET http://127.0.0.1:${port}/services/Shelf/shelves/{shelf}`));
  });

  it('answers a resource with the XML result: wrapper in the service namespace, rows, elements, attributes', async () => {
    const r = await get(port, '/services/Shelf/books');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/xml; charset=UTF-8');
    assert.equal(
      r.body,
      '<Books xmlns="http://ws.wso2.org/dataservice">' +
        '<Book pages="312"><code>B-1</code><title>Rivers of Salt</title></Book>' +
        '<Book pages="95"><code>B-2</code><title>A Quiet; Loud Town</title></Book>' +
        '<Book pages="208"><code>B-3</code><title>Glass Orchard</title></Book></Books>',
    );
  });

  it('turns the result into JSON for Accept: application/json (Axis2 Gson JsonFormatter by the answer schema: rows an array, attributes not written)', async () => {
    const r = await get(port, '/services/Shelf/books', { accept: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json; charset=UTF-8');
    assert.deepEqual(JSON.parse(r.body), {
      Books: {
        Book: [
          { code: 'B-1', title: 'Rivers of Salt' },
          { code: 'B-2', title: 'A Quiet; Loud Town' },
          { code: 'B-3', title: 'Glass Orchard' },
        ],
      },
    });
    // only an exact application/json item counts, before the first ';'
    assert.equal(
      (await get(port, '/services/Shelf/books', { accept: 'text/html;q=0.9, application/json' })).type,
      'application/xml; charset=UTF-8',
    );
  });

  it('reads columns by number without a header, from the starting row, at most csv_maxrowcount rows', async () => {
    const r = await get(port, '/services/Shelf/numbered');
    assert.equal(
      r.body,
      '<Rows xmlns="urn:shelf:rows"><Row><first>B-1</first><third>312</third></Row><Row><first>B-2</first><third>95</third></Row></Rows>',
    );
  });

  it('writes a JSON mapping as XML in <namespace>/<query id>, members in Java HashMap order, and as JSON', async () => {
    const x = await get(port, '/services/Shelf/catalogue');
    const order = javaHashOrder(['title', 'code', 'pages']);
    assert.match(x.body, /^<Catalogue xmlns="http:\/\/ws\.wso2\.org\/dataservice\/asJson"><Entry>/);
    const first = /<Entry>(.*?)<\/Entry>/.exec(x.body)![1];
    assert.deepEqual(
      [...first.matchAll(/<(\w+)>/g)].map((m) => m[1]),
      order,
    );
    const j = await get(port, '/services/Shelf/catalogue', { accept: 'application/json' });
    assert.deepEqual(JSON.parse(j.body).Catalogue.Entry[1], {
      title: 'A Quiet; Loud Town',
      code: 'B-2',
      pages: 95,
    });
  });

  it('takes a path parameter and validates it; a failed validator is a VALIDATION_ERROR fault (500)', async () => {
    const ok = await get(port, '/services/Shelf/shelves/ABC');
    assert.equal(ok.status, 200);
    assert.match(
      ok.body,
      /^<Checked xmlns="http:\/\/ws\.wso2\.org\/dataservice"><Book><code>B-1<\/code><\/Book>/,
    );
    const bad = await get(port, '/services/Shelf/shelves/abcdef');
    assert.equal(bad.status, 500);
    assert.equal(bad.type, 'application/xml; charset=UTF-8');
    assert.match(
      bad.body,
      /^<axis2ns1:DataServiceFault xmlns:axis2ns1="http:\/\/ws\.wso2\.org\/dataservice">/,
    );
    assert.match(bad.body, /<axis2ns1:current_params>\{shelf=abcdef\}<\/axis2ns1:current_params>/);
    assert.match(
      bad.body,
      /<axis2ns1:current_request_name>_getshelves_shelf<\/axis2ns1:current_request_name>/,
    );
    assert.match(
      bad.body,
      /<axis2ns1:nested_exception>The value length must be between 2 and 4\nField Name: shelf\nField Value: abcdef<\/axis2ns1:nested_exception>/,
    );
    assert.match(
      bad.body,
      /<axis2ns1:source_data_service><axis2ns1:location>\/Shelf\.dbs<\/axis2ns1:location><axis2ns1:default_namespace>http:\/\/ws\.wso2\.org\/dataservice<\/axis2ns1:default_namespace><axis2ns1:description>N\/A<\/axis2ns1:description><axis2ns1:data_service_name>Shelf<\/axis2ns1:data_service_name><\/axis2ns1:source_data_service>/,
    );
    assert.match(
      bad.body,
      /<axis2ns1:ds_code>VALIDATION_ERROR<\/axis2ns1:ds_code><\/axis2ns1:DataServiceFault>$/,
    );
    // Accept: application/json does not make a fault JSON: DBInOutMessageReceiver sets JSON on a result only, and the
    // fault keeps the request's message type (application/xml for a GET)
    const pattern = await get(port, '/services/Shelf/shelves/ab1', { accept: 'application/json' });
    assert.equal(pattern.status, 500);
    assert.equal(pattern.type, 'application/xml; charset=UTF-8');
    assert.match(pattern.body, /<axis2ns1:ds_code>VALIDATION_ERROR<\/axis2ns1:ds_code>/);
    assert.match(pattern.body, /<axis2ns1:nested_exception>Pattern \{\[A-Z\]\+\} is expected/);
  });

  it('faults a query on a config the runtime cannot run, with DATABASE_ERROR', async () => {
    const r = await get(port, '/services/Shelf/ledger');
    assert.equal(r.status, 500);
    assert.match(r.body, /<axis2ns1:ds_code>DATABASE_ERROR<\/axis2ns1:ds_code>/);
  });

  it('serves a SOAP operation by its body element and SOAPAction, answering in an envelope', async () => {
    const env =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><listBooks/></soapenv:Body></soapenv:Envelope>';
    for (const headers of <Record<string, string>[]>[
      { 'content-type': 'text/xml' },
      { 'content-type': 'text/xml', soapaction: '"urn:listBooks"' },
    ]) {
      const r = await fetch(`http://127.0.0.1:${port}/services/Shelf`, {
        method: 'POST',
        headers,
        body: env,
        signal: AbortSignal.timeout(5000),
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8');
      const body = await r.text();
      assert.match(
        body,
        /^<\?xml version='1\.0' encoding='UTF-8'\?><soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"><soapenv:Body><Books xmlns="http:\/\/ws\.wso2\.org\/dataservice"><Book pages="312">/,
      );
    }
    // also at /services/Shelf/listBooks (the operation in the URL), which wins over the SOAPAction
    assert.match((await get(port, '/services/Shelf/listBooks')).body, /^<Books /);
    const both = await fetch(`http://127.0.0.1:${port}/services/Shelf/listBooks`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', soapaction: 'urn:_getnumbered' },
      body: env,
      signal: AbortSignal.timeout(5000),
    });
    assert.equal(both.status, 200);
    assert.match(await both.text(), /<soapenv:Body><Books /);
  });

  it('serves its OpenAPI definition at ?swagger.json and ?swagger.yaml (SwaggerUtils.createSwaggerFromDefinition)', async () => {
    const r = await get(port, '/services/Shelf?swagger.json');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json');
    const doc = JSON.parse(r.body);
    assert.deepEqual(doc.info, {
      title: 'Shelf',
      description: 'API Definition of dataservice : Shelf',
      version: '1.0',
    });
    // exposed on https: MI lists its https server (the runtime has no HTTPS listener here: MI's default port)
    assert.deepEqual(doc.servers, [{ url: 'https://127.0.0.1:8253/services/Shelf' }]);
    const order = javaHashOrder(['books', 'numbered', 'catalogue', 'shelves/{shelf}', 'ledger']).map(
      (p) => `/${p}`,
    );
    assert.deepEqual(Object.keys(doc.paths), order);
    assert.deepEqual(doc.paths['/shelves/{shelf}'].get.parameters, [
      { name: 'shelf', in: 'path', required: true, schema: { type: 'string' } },
    ]);
    assert.deepEqual(doc.paths['/books'].get, {
      responses: { default: { description: 'Default response' } },
    });
    const y = await get(port, '/services/Shelf?swagger.yaml');
    assert.equal(y.type, 'application/yaml');
    assert.match(y.body, /^openapi: 3\.0\.1\ninfo:\n {2}title: Shelf\n/);
  });

  it('does not serve an inactive service, nor one on a transport it does not list', async () => {
    assert.ok(
      rt.urls().includes(`Data service Dormant: http://127.0.0.1:${port}/services/Dormant (inactive)`),
    );
    assert.equal((await get(port, '/services/Dormant/all')).status, 404);
    assert.equal((await get(port, '/services/Tls/all')).status, 404);
    const plain = await get(port, '/services/Plain/all');
    assert.equal(plain.status, 200);
    assert.match(
      plain.body,
      /^<R xmlns="http:\/\/ws\.wso2\.org\/dataservice"><Row><a>Code;Title;Pages<\/a><\/Row><Row><a>B-1;Rivers of Salt;312<\/a>/,
    );
  });

  it('reloads a changed .dbs file and undeploys a removed one while watching the project', async () => {
    const folder = join(dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services');
    // Tls is deployed before its file is removed (else the last check below would hold without an undeploy)
    assert.ok(rt.urls().some((u) => u.startsWith('Data service Tls:')));
    rt.watchProject(dir);
    await new Promise((r) => setTimeout(r, 100));
    writeFileSync(
      join(folder, 'Plain.dbs'),
      `<data name="Plain"><config id="c"><property name="csv_datasource">./data/books.csv</property><property name="csv_columnseperator">;</property></config>
       <query id="q" useConfig="c"><result element="R" rowName="Row"><element column="2" name="b"/></result></query>
       <resource method="GET" path="every"><call-query href="q"/></resource></data>`,
    );
    rmSync(join(folder, 'Tls.dbs'));
    let body = '';
    await until('the redeployed service answers', async () => {
      const r = await get(port, '/services/Plain/every');
      if (r.status === 200) body = r.body;
      return body.startsWith('<R');
    });
    assert.match(
      body,
      /^<R xmlns="http:\/\/ws\.wso2\.org\/dataservice"><Row><b>Title<\/b><\/Row><Row><b>Rivers of Salt<\/b>/,
    );
    assert.equal((await get(port, '/services/Plain/all')).status, 500);
    assert.ok(!rt.urls().some((u) => u.startsWith('Data service Tls')));
  });

  it('answers a request no operation takes with the Axis2 fault (500)', async () => {
    const r = await get(port, '/services/Shelf/nothing/here');
    assert.equal(r.status, 500);
    assert.match(
      r.body,
      /The endpoint reference \(EPR\) for the Operation not found is \/services\/Shelf\/nothing\/here/,
    );
  });
});

describe('data services: deployed as texts (a CAR, a test)', function () {
  this.timeout(20000);
  it('Runtime.deploy takes a .dbs, serves it, reports its warnings; undeploy by file name stops it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-deploy-'));
    writeFileSync(join(dir, 'pets.csv'), 'name,legs\nmoth,6\nheron,2\n');
    const rt = new Runtime({ httpPort: 0, runTasks: false });
    try {
      const r = rt.deploy([
        {
          name: 'Pets_1.0.0.dbs',
          text: `<data name="Pets"><config id="c"><property name="csv_datasource">${join(dir, 'pets.csv')}</property>
<property name="csv_hasheader">true</property><property name="csv_startingrow">2</property></config>
<config id="m"><property name="mongoDB_servers">localhost</property></config>
<query id="q" useConfig="c"><result element="Pets" rowName="Pet"><element column="name" name="name"/><element column="legs" name="legs"/></result></query>
<resource method="GET" path="all"><call-query href="q"/></resource></data>`,
        },
      ]);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(
        r.warnings.map((w) => [w.file, w.line, w.code]),
        [['Pets_1.0.0.dbs', 3, 'RT_DS_CONFIG_UNSUPPORTED']],
      );
      const { port } = await rt.start();
      const ok = await get(port, '/services/Pets/all', { accept: 'application/json' });
      assert.deepEqual(JSON.parse(ok.body), {
        Pets: {
          Pet: [
            // no xsdType: strings (the Gson formatter types values by the answer schema)
            { name: 'moth', legs: '6' },
            { name: 'heron', legs: '2' },
          ],
        },
      });
      assert.equal(rt.undeploy('Pets_1.0.0.dbs'), true);
      assert.equal((await get(port, '/services/Pets/all')).status, 404);
    } finally {
      await rt.stop(1000);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('data services: loading', () => {
  const opts = {
    env: (n: string) => (n === 'DB_USER' ? 'shelfkeeper' : undefined),
    config: () => undefined,
    baseDirs: [tmpdir()],
  };
  it('refuses a DOCTYPE (no DTD or entity is read)', () => {
    const r = loadDataService(
      '/p/X.dbs',
      '<!DOCTYPE data [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n<data name="X">&e;</data>',
      opts,
    );
    assert.equal(r.service, undefined);
    assert.ok(r.problems.some((p) => p.code === 'XML_DOCTYPE'));
  });
  it('reports an unknown config type and a call to an undefined query as errors, with lines', () => {
    const r = loadDataService(
      '/p/X.dbs',
      DBS(
        '<config id="a">\n<property name="colour">blue</property></config>\n<operation name="o"><call-query href="missing"/></operation>',
      ),
      opts,
    );
    assert.equal(r.service, undefined);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.line]),
      [
        ['RT_DS_INVALID', 2],
        ['RT_DS_INVALID', 4],
      ],
    );
  });
  it('reads RDBMS configs with $SYSTEM: values, Mongo and Carbon data sources are warnings', () => {
    const r = loadDataService(
      '/p/X.dbs',
      DBS(`<config id="pg"><property name="driverClassName">org.postgresql.Driver</property>
<property name="url">jdbc:postgresql://127.0.0.1:6543/shelf?sslmode=disable</property><property name="username">$SYSTEM:DB_USER</property></config>
<config id="m"><property name="mongoDB_servers">localhost</property></config>
<config id="c"><property name="carbon_datasource_name">CarbonDS</property></config>`),
      opts,
    );
    assert.deepEqual(r.problems, []);
    assert.deepEqual(
      r.warnings.map((w) => w.code),
      ['RT_DS_CONFIG_UNSUPPORTED', 'RT_DS_CONFIG_UNSUPPORTED'],
    );
    const pg = r.service!.configs.get('pg')!.rdbms!;
    assert.deepEqual(
      [pg.dialect, pg.host, pg.port, pg.database, pg.user, pg.options.sslmode],
      ['postgresql', '127.0.0.1', 6543, 'shelf', 'shelfkeeper', 'disable'],
    );
  });
  it('names resources as MI does and orders them by pattern, reversed', () => {
    const r = loadDataService(
      '/p/X.dbs',
      DBS(`<config id="c"><property name="csv_datasource">/none.csv</property></config>
<query id="q" useConfig="c"/>
<resource method="GET" path="a/{id}"><call-query href="q"/></resource>
<resource method="GET" path="a/list"><call-query href="q"/></resource>`),
      opts,
    );
    assert.deepEqual(
      r.service!.resources.map((x) => [x.name, x.patternText]),
      [
        ['_geta_list', 'GET/a/list'],
        ['_geta_id', 'GET/a/.*'],
      ],
    );
    assert.ok(r.warnings.some((w) => w.code === 'RT_DS_CSV_FILE'));
  });
  it('reads a JSON mapping as org.json does (unquoted names, single quotes, trailing comma); RDF is a warning', () => {
    const r = loadDataService(
      '/p/X.dbs',
      DBS(`<config id="c"><property name="csv_datasource">/none.csv</property></config>
<query id="q" useConfig="c"><result outputType="json">{ Rows: { 'Row': [ { "a": "$1", } ] } }</result></query>
<query id="r" useConfig="c"><result outputType="rdf" rdfBaseURI="urn:x:{1}"><element column="1" name="a"/></result></query>
<operation name="o"><call-query href="r"/></operation>`),
      opts,
    );
    assert.deepEqual(r.problems, []);
    const q = r.service!.queries.get('q')!.result!;
    assert.deepEqual([q.element, q.rowName, q.items.length], ['Rows', 'Row', 1]);
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.line]),
      [
        ['RT_DS_CSV_FILE', 2],
        ['RT_DS_RESULT_UNSUPPORTED', 4],
      ],
    );
  });
  it('reads a validator pattern as Java does (an escaped hyphen outside a class)', () => {
    const r = loadDataService(
      '/p/X.dbs',
      DBS(`<config id="c"><property name="csv_datasource">/none.csv</property></config>
<query id="q" useConfig="c"><param name="p"><validatePattern pattern="^\\d{3}\\-\\d{4}$"/></param></query>`),
      opts,
    );
    const v = r.service!.queries.get('q')!.params[0].validators[0] as { re: RegExp };
    assert.ok(v.re.test('555-0134') && !v.re.test('5550134'));
  });
  it('picks the <sql> of the database the URL names, else the one without a dialect', () => {
    const cfg = (id: string, url: string) =>
      `<config id="${id}"><property name="driverClassName">d</property><property name="url">${url}</property></config>`;
    const q = (id: string, c: string, sql: string) => `<query id="${id}" useConfig="${c}">${sql}</query>`;
    const three =
      '<sql dialect="mysql,mariadb">SELECT 1</sql><sql dialect="postgresql">SELECT 2</sql><sql>SELECT 3</sql>';
    const r = loadDataService(
      '/p/X.dbs',
      DBS(
        cfg('p', 'jdbc:postgresql://h/db') +
          cfg('m', 'jdbc:mariadb://h/db') +
          cfg('h', 'jdbc:h2:mem:x') +
          q('a', 'p', three) +
          q('b', 'm', three) +
          q('c', 'h', three),
      ),
      opts,
    );
    assert.deepEqual(
      ['a', 'b', 'c'].map((id) => r.service!.queries.get(id)!.sql),
      ['SELECT 2', 'SELECT 1', 'SELECT 3'],
    );
    const none = loadDataService(
      '/p/X.dbs',
      DBS(cfg('p', 'jdbc:postgresql://h/db') + q('a', 'p', '<sql dialect="oracle">SELECT 1</sql>')),
      opts,
    );
    assert.deepEqual(
      none.problems.map((p) => p.code),
      ['RT_DS_INVALID'],
    );
  });
  it('reads an XA data source by its nested properties (URL, or server, port and database)', () => {
    const r = loadDataService(
      '/p/X.dbs',
      DBS(`<config id="x1"><property name="dataSourceClassName">org.postgresql.xa.PGXADataSource</property>
<property name="dataSourceProps"><property name="serverName">127.0.0.1</property><property name="portNumber">6000</property>
<property name="databaseName">ledger</property><property name="user">clerk</property><property name="password">pw</property></property></config>
<config id="x2"><property name="org.wso2.ws.dataservice.xa_datasource_class">com.mysql.cj.jdbc.MysqlXADataSource</property>
<property name="org.wso2.ws.dataservice.xa_datasource_properties"><property name="URL">jdbc:mysql://127.0.0.1:3307/ledger</property>
<property name="user">clerk</property></property></config>`),
      opts,
    );
    assert.deepEqual([r.problems, r.warnings], [[], []]);
    const a = r.service!.configs.get('x1')!.rdbms!;
    const b = r.service!.configs.get('x2')!.rdbms!;
    assert.deepEqual(
      [a.dialect, a.port, a.database, a.user, a.password],
      ['postgresql', 6000, 'ledger', 'clerk', 'pw'],
    );
    assert.deepEqual([b.dialect, b.port, b.user], ['mysql', 3307, 'clerk']);
  });
  it('reads CSV rows as opencsv does: quotes, a separator inside quotes, a blank line as one empty field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-csvrows-'));
    try {
      writeFileSync(join(dir, 'r.csv'), 'a,"b, c"\n\n"d ""e""",f\r\ng,h');
      const rows = csvRows({
        path: 'r.csv',
        file: join(dir, 'r.csv'),
        separator: ',',
        startingRow: 1,
        maxRowCount: -1,
        hasHeader: false,
        headerRow: 1,
      });
      assert.deepEqual(
        rows.map((r) => r.values),
        [['a', 'b, c'], [''], ['d "e"', 'f'], ['g', 'h']],
      );
      assert.deepEqual(rows[0].names, ['1', '2']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('reads its booleans as Boolean.parseBoolean does (any case)', () => {
    const r = loadDataService(
      '/p/X.dbs',
      `<data name="B" enableBatchRequests="TRUE" enableBoxcarring="True"><config id="c"><property name="csv_datasource">/none.csv</property>
<property name="csv_hasheader">TRUE</property></config>
<query id="q" useConfig="c"><param name="p" optional="True"/></query>
<operation name="o" returnRequestStatus="TRUE"><call-query href="q"><with-param name="p" query-param="p"/></call-query></operation></data>`,
      opts,
    );
    const ds = r.service!;
    assert.equal(ds.configs.get('c')!.csv!.hasHeader, true);
    assert.equal(ds.queries.get('q')!.params[0].optional, true);
    assert.equal(ds.requests.get('o')!.returnRequestStatus, true);
    assert.ok(ds.requests.has('o_batch_req') && ds.requests.has('request_box'));
  });
  it('Java orders and numbers', () => {
    assert.deepEqual(javaHashOrder(['title', 'code', 'pages']), ['code', 'pages', 'title']);
    assert.deepEqual([3, 0.5, 1e7, 1e-4, 12.25].map(javaDoubleToString), [
      '3.0',
      '0.5',
      '1.0E7',
      '1.0E-4',
      '12.25',
    ]);
  });
});
