/**
 * OData leftovers on a real PostgreSQL (dataservicePg.ts): $batch change sets as one transaction (Olingo's
 * BatchRequest: the failing request answered alone, the set rolled back, the batch ended), $orderby written into the
 * SQL as MI's RDBMSDataHandler writes it (tolower fails while the answer streams), and MI's dispatch of every URI
 * holding "/odata/" to ODataEndpoint (MI ODataBatchRequestTestCase, ODataQueryTestCase).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startPostgres, type PgCluster } from './dataservicePg';
import { serveFolder, type ServedFolder } from './helpers';

const dbs = (port: number) => `<data name="Larder" serviceNamespace="urn:larder">
  <config id="shelf" enableOData="true">
    <property name="driverClassName">org.postgresql.Driver</property>
    <property name="url">jdbc:postgresql://127.0.0.1:${port}/larder</property>
    <property name="username">postgres</property>
    <property name="password">unused</property>
  </config>
</data>`;

const api = `<api xmlns="http://ws.apache.org/ns/synapse" name="Pantry" context="/pantry">
  <resource methods="GET" uri-template="/*">
    <inSequence><payloadFactory media-type="json"><format>{"from":"api"}</format><args/></payloadFactory><respond/></inSequence>
  </resource>
</api>`;

const SEED = `
CREATE TABLE jar (code varchar(8) PRIMARY KEY, label varchar(30), grams int);
INSERT INTO jar VALUES ('j1', 'plum', 340), ('j2', 'apricot', 200), ('j3', 'damson', 454), ('j4', 'quince', 120);
`;

const BASE = '/odata/Larder/shelf';
const JSON_ACCEPT = { Accept: 'application/json' };

describe('runtime: OData batch, $orderby and dispatch as MI (MI ODataBatchRequestTestCase, ODataQueryTestCase)', function () {
  this.timeout(60000);
  let pg: PgCluster;
  let dir: string;
  let served: ServedFolder | undefined;
  let port: number;
  before(async () => {
    pg = await startPostgres();
    pg.sql('CREATE DATABASE larder');
    pg.sql(SEED, 'larder');
    dir = mkdtempSync(join(tmpdir(), 'ds-odata-c-'));
    const art = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
    mkdirSync(join(art, 'data-services'), { recursive: true });
    mkdirSync(join(art, 'apis'), { recursive: true });
    writeFileSync(join(dir, 'pom.xml'), '<project><artifactId>larder</artifactId></project>');
    writeFileSync(join(art, 'data-services', 'Larder.dbs'), dbs(pg.port));
    writeFileSync(join(art, 'apis', 'Pantry.xml'), api);
    served = await serveFolder(dir, { noWarnings: true });
    port = served.port;
  });
  after(async () => {
    await served?.close();
    pg?.stop();
  });

  const get = (path: string, headers: Record<string, string> = JSON_ACCEPT) =>
    call(port, 'GET', `${BASE}${path}`, undefined, headers);
  const labels = (body: string) => (JSON.parse(body).value as { label: string }[]).map((v) => v.label);
  const batch = (parts: string[], headers: Record<string, string> = {}) => {
    const b = 'batch_c15';
    const body = `${parts.map((p) => `--${b}\r\n${p}`).join('')}--${b}--\r\n`;
    return call(port, 'POST', `${BASE}/$batch`, body, {
      'Content-Type': `multipart/mixed;boundary=${b}`,
      Accept: 'application/json',
      ...headers,
    });
  };
  const single = (line: string, body = '') =>
    `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n${line} HTTP/1.1\r\n` +
    `Accept: application/json\r\nContent-Type: application/json\r\n\r\n${body}\r\n`;
  const changeSet = (...reqs: [string, string][]) => {
    const cs = 'changeset_c15';
    return (
      `Content-Type: multipart/mixed; boundary=${cs}\r\n\r\n` +
      reqs
        .map(
          ([line, body], i) =>
            `--${cs}\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: ${i + 1}\r\n\r\n` +
            `${line} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${body}\r\n`,
        )
        .join('') +
      `--${cs}--\r\n`
    );
  };

  it('rolls a change set back when one of its requests fails, answers that one alone and ends the batch (MI ODataBatchRequestTestCase)', async () => {
    const r = await batch([
      changeSet(
        ['POST jar', '{"code":"j9","label":"medlar","grams":90}'],
        ['POST jar', '{"code":"j1","label":"again","grams":1}'],
      ),
      single('GET jar'),
    ]);
    assert.equal(r.status, 202);
    // one part: the failing request's answer, not a change set, without a Content-ID (processChangeSet)
    assert.equal(r.body.match(/HTTP\/1\.1 /g)?.length, 1, r.body);
    assert.match(
      r.body,
      /^--batch_[^\r]+\r\nContent-Type: application\/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP\/1\.1 500 /,
    );
    assert.ok(!r.body.includes('changeset_'), r.body);
    // the change set's first insert is rolled back
    assert.equal((await get("/jar('j9')")).status, 404);
  });

  it('runs the parts after a failing one with Prefer odata.continue-on-error, and commits a change set that succeeds', async () => {
    const r = await batch(
      [
        single("GET jar('zz')"),
        changeSet(
          ['POST jar', '{"code":"j8","label":"sloe","grams":75}'],
          ["PATCH jar('j8')", '{"grams":80}'],
        ),
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    assert.equal(r.status, 202);
    // the transport writes the message context's content type (the request's) with the charset
    assert.equal(r.type, 'multipart/mixed;boundary=batch_c15; charset=UTF-8');
    assert.match(r.body, /HTTP\/1\.1 404 /);
    assert.match(r.body, /Content-ID: 2\r\n\r\nHTTP\/1\.1 204 No Content/);
    assert.equal(JSON.parse((await get("/jar('j8')")).body).grams, 80);
    // without the preference the batch ends at the failing part
    const cut = await batch([single("GET jar('zz')"), single('GET jar')]);
    assert.equal(cut.body.match(/HTTP\/1\.1 /g)?.length, 1, cut.body);
    // a batch that is not multipart/mixed: 400 (BatchRequest.validateContentType)
    const bad = await call(port, 'POST', `${BASE}/$batch`, '{}', { 'Content-Type': 'application/json' });
    assert.equal(bad.status, 400);
  });

  it('writes $orderby into SQL as Olingo prints it: tolower(x) fails with an empty 200, trim(x) and length(x) sort (MI ODataQueryTestCase)', async () => {
    const low = await get('/jar?$orderby=tolower(label)');
    assert.equal(low.status, 200);
    assert.equal(low.body, '');
    assert.equal((await get('/jar?$orderby=toupper(label)%20desc')).body, '');
    assert.deepEqual(labels((await get("/jar?$orderby=trim(label)&$filter=code%20ne%20'j8'")).body), [
      'apricot',
      'damson',
      'plum',
      'quince',
    ]);
    assert.deepEqual(labels((await get('/jar?$orderby=length(label)%20desc,label&$top=2')).body), [
      'apricot',
      'damson',
    ]);
    // a property the type does not have is refused before any SQL
    assert.equal((await get('/jar?$orderby=colour')).status, 400);
  });

  it('answers $metadata as Olingo JSON CSDL for $format=json or Accept application/json, else XML (ContentNegotiator METADATA)', async () => {
    const expected = {
      $Version: '4.01',
      'urn:larder': {
        jar: {
          $Kind: 'EntityType',
          $Key: ['code'],
          code: { $Type: 'Edm.String', $Nullable: false, $MaxLength: 8 },
          label: { $Type: 'Edm.String', $MaxLength: 30 },
          grams: { $Type: 'Edm.Int32' },
        },
        shelf: { $Kind: 'EntityContainer', jar: { $Kind: 'EntitySet', $Type: 'urn:larder.jar' } },
      },
    };
    const byAccept = await get('/$metadata');
    assert.equal(byAccept.status, 200);
    assert.equal(byAccept.type, 'application/json; charset=UTF-8');
    assert.deepEqual(JSON.parse(byAccept.body), expected);
    assert.match(
      byAccept.body,
      /^\{"\$Version":"4\.01","urn:larder":\{"jar":\{"\$Kind":"EntityType","\$Key":\["code"\],/,
    );
    const byFormat = await get('/$metadata?$format=json', { Accept: 'application/xml' });
    assert.deepEqual(JSON.parse(byFormat.body), expected);
    const xml = await get('/$metadata', { Accept: 'application/xml, application/json' });
    assert.equal(xml.type, 'application/xml; charset=UTF-8');
    assert.match((await get('/$metadata', {})).body, /^<\?xml /);
    // Accept by quality; a range with an OData parameter or of another type matches neither: 406
    assert.match(
      (await get('/$metadata', { Accept: 'application/json;q=0.5, application/xml' })).type,
      /xml/,
    );
    assert.match((await get('/$metadata', { Accept: 'text/html, */*;q=0.1' })).type, /xml/);
    assert.equal(
      (await get('/$metadata', { Accept: 'application/json;odata.metadata=minimal' })).status,
      406,
    );
    assert.equal((await get('/$metadata', { Accept: 'text/html' })).status, 406);
    assert.equal((await get('/$metadata?$format=atom')).status, 406);
    // (the servlet wrapper hands application/json;odata.metadata=full over as application/json)
    assert.match(
      (await get('/$metadata', { Accept: 'application/json;odata.metadata=full' })).body,
      /^\{"\$Version"/,
    );
    // one entity and the service document: JSON types first, then Atom and XML, by quality
    const one = (accept: string) => get("/jar('j1')", { Accept: accept });
    assert.match((await one('application/xml, application/json')).body, /^<\?xml /);
    assert.match((await one('application/xml;q=0.5, application/json')).body, /^\{/);
    assert.match((await one('*/*')).body, /^\{/);
    assert.match((await one('application/json;odata.metadata=minimal')).body, /^\{/);
    assert.equal((await one('text/xml')).status, 406);
    assert.match((await get('/', { Accept: 'application/atom+xml' })).body, /<app:service /);
    // (review R3) Olingo answers application/atom+xml, which ODataTransportSender.initResponse does not take for XML
    // (it looks for "application/xml"): the message context's content type goes out, a GET's form type as for
    // $count; application/xml is written as application/xml
    const atomEntry = await one('application/atom+xml');
    assert.equal(atomEntry.status, 200);
    assert.match(atomEntry.body, /^<\?xml [^>]*\?><a:entry /);
    assert.equal(atomEntry.type, 'application/x-www-form-urlencoded; charset=UTF-8');
    assert.equal(
      (await get("/jar('j1')?$format=atom")).type,
      'application/x-www-form-urlencoded; charset=UTF-8',
    );
    assert.equal(
      (await get('/', { Accept: 'application/atom+xml' })).type,
      'application/x-www-form-urlencoded; charset=UTF-8',
    );
    assert.equal((await one('application/xml')).type, 'application/xml; charset=UTF-8');
    // (review R3) odata.metadata=none is ContentType.JSON_NO_METADATA: ODataJsonSerializer writes no @odata.context,
    // @odata.etag or @odata.id, and ServiceDocumentJsonSerializer no @odata.context
    const NONE = { Accept: 'application/json;odata.metadata=none' };
    assert.deepEqual(JSON.parse((await get("/jar('j1')", NONE)).body), {
      code: 'j1',
      label: 'plum',
      grams: 340,
    });
    assert.deepEqual(JSON.parse((await get("/jar('j1')?$select=label", NONE)).body), { label: 'plum' });
    assert.ok(!('@odata.context' in JSON.parse((await get('/', NONE)).body)));
    assert.ok('@odata.etag' in JSON.parse((await one('application/json;odata.metadata=minimal')).body));
  });

  it('refuses a system query option Olingo does not know or one given twice (400), and names an unknown entity set (404)', async () => {
    const unknown = await get('/jar?$where=1');
    assert.equal(unknown.status, 400);
    assert.equal(JSON.parse(unknown.body).error.message, "The system query option '$where' is not defined.");
    const twice = await get('/jar?$top=1&$top=2');
    assert.equal(twice.status, 400);
    assert.equal(
      JSON.parse(twice.body).error.message,
      "The system query option '$top' can be specified only once.",
    );
    // a custom option (no '$') is left alone
    assert.equal((await get('/jar?colour=red')).status, 200);
    const set = await get('/jars');
    assert.equal(set.status, 404);
    assert.equal(
      JSON.parse(set.body).error.message,
      "Cannot find EntitySet, Singleton, ActionImport or FunctionImport with name 'jars'.",
    );
  });

  it('writes an entity set as an Atom feed for Accept application/xml (ODataAdapter.getSerializer, ODataXmlSerializer)', async () => {
    const r = await get('/jar?$filter=grams%20gt%20300&$orderby=code&$count=true', {
      Accept: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/xml; charset=UTF-8');
    assert.match(
      r.body,
      /^<\?xml version='1\.0' encoding='UTF-8'\?><a:feed xmlns:a="http:\/\/www\.w3\.org\/2005\/Atom" xmlns:m="http:\/\/docs\.oasis-open\.org\/odata\/ns\/metadata" xmlns:d="http:\/\/docs\.oasis-open\.org\/odata\/ns\/data" m:context="\$metadata#jar"><a:id>http:\/\/127\.0\.0\.1:\d+\/odata\/Larder\/shelf\/jar<\/a:id><a:entry m:etag="[0-9a-f-]{36}"><a:id>http:\/\/127\.0\.0\.1:\d+\/odata\/Larder\/shelf\/jar\('j1'\)<\/a:id>/,
    );
    assert.equal(r.body.match(/<a:entry /g)?.length, 2);
    assert.match(r.body, /<d:label>damson<\/d:label>/);
    assert.match(r.body, /<d:grams m:type="Int32">454<\/d:grams>/);
    assert.match(r.body, /<m:count>2<\/m:count><\/a:feed>$/);
    // getSerializer reads the whole Accept: none (or a list it cannot parse, or a wildcard, which ContentType.validateType
    // refuses) is XML; another type or a parameter is a 500
    const none = await fetch(`http://127.0.0.1:${port}${BASE}/jar`, { headers: { accept: '' } });
    assert.equal(none.status, 200);
    assert.match(await none.text(), /^<\?xml version='1\.0' encoding='UTF-8'\?><a:feed /);
    assert.match((await get('/jar', { Accept: 'application/json, text/plain' })).body, /^<\?xml /);
    // (its Content-Type: the Accept when ContentType.parse reads it, else application/xml: ODataAdapter's visitor)
    const any = await get('/jar', { Accept: '*/*' });
    assert.match(any.body, /^<\?xml /);
    assert.equal(any.type, 'application/xml; charset=UTF-8');
    assert.match((await get('/jar', { Accept: 'application/*' })).body, /^<\?xml /);
    assert.equal((await get('/jar', { Accept: 'application/atom+xml' })).status, 500);
    // a type Olingo's content negotiation does not serve at all: 406 before that
    assert.equal((await get('/jar', { Accept: 'text/plain' })).status, 406);
    // (review R3) the whole negotiation runs first: a JSON range with a parameter no supported type has, or a $format
    // type Olingo does not serve, is 406 too, not the serializer's 500 or a 200
    assert.equal((await get('/jar', { Accept: 'application/json;odata.metadata=bogus' })).status, 406);
    assert.equal((await get('/jar?$format=text/csv', {})).status, 406);
    // a range's charset is read before its type: one not UTF-8 refuses the request even when a later range would serve
    // it (ContentNegotiator.getContentType)
    const latin = await get("/jar('j1')", { Accept: 'text/html;charset=iso-8859-1, application/json;q=0.5' });
    assert.equal(latin.status, 406);
    assert.equal((await get("/jar('j1')", { Accept: 'application/json;charset=UTF-8' })).status, 200);
    // ($format is read by the URI parser first: a value neither json, xml, atom nor type/subtype is 400,
    // Parser.isFormatSyntaxValid; a media type is matched as an Accept range is)
    const csv = await get('/jar?$format=csv', {});
    assert.equal(csv.status, 400);
    assert.match(JSON.parse(csv.body).error.message, /the value 'csv' is neither\.$/);
    assert.match(
      (await get("/jar('j1')?$format=application/json;odata.metadata=none", {})).body,
      /^\{"code"/,
    );
    assert.equal((await get('/jar', { Accept: 'application/json;charset=utf-8' })).status, 500);
    assert.equal(
      JSON.parse((await get('/jar', { Accept: 'application/json;odata.metadata=full' })).body).value.length >=
        4,
      true,
    );
  });

  it('sends every URI holding /odata/ to the OData endpoint, under any prefix, before APIs (IntegratorStatefulHandler)', async () => {
    // the API answers its own paths
    assert.equal((await call(port, 'GET', '/pantry/items')).body, '{"from":"api"}');
    // under the API's context: still OData (a service root after the first "odata/")
    const r = await call(port, 'GET', `/pantry${BASE}/jar('j2')`, undefined, JSON_ACCEPT);
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).label, 'apricot');
    const doc = await call(port, 'GET', `/pantry${BASE}/`, undefined, JSON_ACCEPT);
    assert.equal(JSON.parse(doc.body)['@odata.context'], `http://127.0.0.1:${port}/pantry${BASE}/$metadata`);
    // "/odata/" without SERVICE/CONFIG after it, even in the query: 400; an unknown service: 501
    assert.equal((await call(port, 'GET', '/pantry/odata/items')).status, 400);
    assert.equal((await call(port, 'GET', '/pantry/items?next=/odata/x')).status, 400);
    assert.equal((await call(port, 'GET', '/pantry/odata/Nowhere/shelf')).status, 501);
    // the config id runs to the next '/': a query right after it names no config
    assert.equal((await call(port, 'GET', `${BASE}?$format=json`)).status, 501);
  });
});
