/**
 * `?wsdl` of a data service: the WSDL 1.1 MI answers from the schema DataServiceDocLitWrappedSchemaGenerator builds
 * (an input element per request with its params typed from their sqlType, the result element with row and column
 * types, REQUEST_STATUS for a request returning its status, the DataServiceFault) and Axis2's SOAP 1.1 / SOAP 1.2 /
 * HTTP bindings and ports (samples/data-services/clients/wsdl/CSVSampleService.wsdl in MI's repository shows it).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../../core/xml';
import { loadDataService } from '../../runtime-debug/engine/dataservices/load';
import { call } from './dataservicePg';
import { serveFolder, type ServedFolder } from './helpers';

const DBS = `<data name="Seeds" serviceNamespace="urn:seeds">
  <description>Seed packets</description>
  <config id="csv">
    <property name="csv_datasource">./seeds.csv</property>
    <property name="csv_hasheader">true</property>
    <property name="csv_startingrow">2</property>
  </config>
  <query id="packets" useConfig="csv">
    <param name="kind" sqlType="STRING"/>
    <param name="limit" sqlType="INTEGER" defaultValue="5"/>
    <result element="Packets" rowName="Packet" defaultNamespace="urn:seeds:out">
      <element column="name" name="Name" xsdType="string"/>
      <element column="grams" name="Grams" xsdType="double"/>
      <attribute column="kind" name="kind"/>
    </result>
  </query>
  <query id="touch" useConfig="csv" inputNamespace="urn:seeds:in"><param name="name" sqlType="STRING"/></query>
  <operation name="listPackets"><call-query href="packets">
    <with-param name="kind" query-param="kind"/><with-param name="limit" query-param="limit"/></call-query></operation>
  <operation name="touchPacket" returnRequestStatus="true"><description>Marks a packet</description><call-query href="touch"><with-param name="name" query-param="name"/></call-query></operation>
  <resource method="GET" path="packets/{kind}"><call-query href="packets">
    <with-param name="kind" query-param="kind"/><with-param name="limit" query-param="limit"/></call-query></resource>
</data>`;

describe('runtime: ?wsdl of a data service (MI DataServiceDocLitWrappedSchemaGenerator)', function () {
  this.timeout(30000);
  let dir: string;
  let served: ServedFolder | undefined;
  let port: number;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ds-wsdl-'));
    writeFileSync(join(dir, 'Seeds.dbs'), DBS);
    writeFileSync(join(dir, 'seeds.csv'), 'name,grams,kind\nBasil,2.5,herb\n');
    served = await serveFolder(dir);
    port = served.port;
  });
  after(async () => {
    await served?.close();
  });

  it('answers a WSDL 1.1 with the requests, their params and results, the bindings and ports', async () => {
    const r = await call(port, 'GET', '/services/Seeds?wsdl');
    assert.equal(r.status, 200);
    assert.match(r.type, /^text\/xml/);
    const doc = parseXml(r.body);
    assert.ok(doc, 'well-formed');
    // (without the indentation MI's XMLPrettyPrinter gives it: see oracle-s15-A-wsdl-layout.test.ts)
    const b = r.body.replace(/>\s+</g, '><');
    // the document element alone, no XML declaration (RequestProcessorUtil.writeDocument; MI's sample WSDLs)
    assert.match(b, /^<wsdl:definitions /);
    assert.match(b, /<wsdl:definitions [^>]*targetNamespace="urn:seeds">/);
    assert.match(b, /<wsdl:documentation>Seed packets<\/wsdl:documentation>/);
    // the input element in the result's namespace, params typed from their sqlType, a default value optional
    assert.match(
      b,
      /targetNamespace="urn:seeds:out"><xs:element name="listPackets"><xs:complexType><xs:sequence><xs:element name="kind" nillable="true" type="xs:string"\/><xs:element minOccurs="0" name="limit" nillable="true" type="xs:int"\/>/,
    );
    assert.match(b, /<xs:element name="Packets" type="ns\d:Packets"\/>/);
    assert.match(b, /<xs:element maxOccurs="unbounded" minOccurs="0" name="Packet" type="ns\d:Packet"\/>/);
    assert.match(b, /<xs:element name="Grams" nillable="true" type="xs:double"\/>/);
    assert.match(b, /<xs:attribute name="kind" type="xs:string"\/>/);
    // a query's inputNamespace attribute names its input elements' namespace (QueryFactory.extractQueryInputNamespace)
    assert.match(
      b,
      /targetNamespace="urn:seeds:in"><xs:element name="touchPacket"><xs:complexType><xs:sequence><xs:element name="name" nillable="true" type="xs:string"\/>/,
    );
    // a request returning its status answers REQUEST_STATUS
    assert.match(
      b,
      /<wsdl:message name="touchPacketResponse"><wsdl:part name="parameters" element="ns1:REQUEST_STATUS"\/>/,
    );
    assert.match(
      b,
      /<wsdl:operation name="listPackets"><soap:operation soapAction="urn:listPackets" style="document"\/>/,
    );
    // a resource is an operation too, its HTTP location its path
    assert.match(
      b,
      /<wsdl:operation name="_getpackets_kind"><http:operation location="packets\/\{kind\}"\/>/,
    );
    assert.match(
      b,
      new RegExp(
        `<wsdl:port name="SOAP11Endpoint" binding="ns0:SeedsSOAP11Binding"><soap:address location="http://127\\.0\\.0\\.1:${port}/services/Seeds\\.SOAP11Endpoint"/>`,
      ),
    );
    // an operation's <description> is its documentation (DBDeployer.createAxisOperation), none an empty element
    assert.match(
      b,
      /<wsdl:operation name="touchPacket"><wsdl:documentation>Marks a packet<\/wsdl:documentation><wsdl:input /,
    );
    assert.match(b, /<wsdl:operation name="listPackets"><wsdl:documentation\/><wsdl:input /);
    // DBDeployer's bindings and endpoints (createDefaultSOAP11Binding..., createDefaultEndpoints: WSDL2Constants names)
    assert.match(b, /<wsdl:binding name="SeedsSOAP12Binding" type="ns0:SeedsPortType">/);
    assert.match(b, /<wsdl:port name="SOAP12Endpoint" binding="ns0:SeedsSOAP12Binding">/);
    assert.match(b, /<wsdl:port name="HTTPEndpoint" binding="ns0:SeedsHttpBinding">/);
    assert.match(b, /<xs:element name="DataServiceFault">/);
    // ?wsdl2: the same service as WSDL 2.0 (Wsdl20Processor), as the management API's wsdl2_0 link names it
    const w2 = await call(port, 'GET', '/services/Seeds?wsdl2');
    assert.equal(w2.status, 200);
    assert.ok(parseXml(w2.body).root);
    assert.match(w2.body, /^<wsdl2:description /);
    assert.match(w2.body, /<wsdl2:interface name="ServiceInterface">/);
    assert.match(w2.body, /<wsdl2:operation name="listPackets"/);
  });

  it('refuses a CSV config with enableOData, as its createODataHandler fails the deployment (MI CSVConfig)', () => {
    const r = loadDataService(
      '/p/Odd.dbs',
      `<data name="Odd"><config id="sheet" enableOData="true"><property name="csv_datasource">/p/x.csv</property></config>
        <query id="q" useConfig="sheet"><result element="R" rowName="r"><element column="a" name="a"/></result></query>
        <operation name="op"><call-query href="q"/></operation></data>`,
      { env: () => undefined, config: () => undefined, baseDirs: ['/p'] },
    );
    assert.equal(r.service, undefined);
    assert.deepEqual(
      r.problems.map((p) => [p.code, p.message]),
      [['RT_DS_INVALID', "Expose as OData Service feature doesn't support for the sheet Datasource."]],
    );
  });

  it('answers ?swagger.yaml as swagger-core writes it: sequence items at their key, integers int32 (MI SwaggerGenerationTestCase)', async () => {
    const r = await call(port, 'GET', '/services/Seeds?swagger.yaml');
    assert.equal(r.status, 200);
    assert.match(r.body, /\nservers:\n- url: https:\/\//);
    assert.match(
      r.body,
      /\n {6}parameters:\n {6}- name: kind\n {8}in: path\n {8}required: true\n {8}schema:\n {10}type: string\n {6}- name: limit\n {8}in: query\n {8}required: true\n {8}schema:\n {10}type: integer\n {10}format: int32\n/,
    );
  });

  it('refuses a service whose <policy> names no key (MI DS1031PolicyKeyWithoutPolicyPathTestCase)', () => {
    const r = loadDataService(
      '/p/Guarded.dbs',
      `<data name="Guarded"><config id="c"><property name="csv_datasource">/p/x.csv</property></config>
        <query id="q" useConfig="c"><result element="R" rowName="r"><element column="a" name="a"/></result></query>
        <operation name="op"><call-query href="q"/></operation><enableSec/><policy/></data>`,
      { env: () => undefined, config: () => undefined, baseDirs: ['/p'] },
    );
    assert.equal(r.service, undefined);
    assert.deepEqual(
      r.problems.map((p) => p.message),
      ['Error in processing security policy: Policy key element should contain a policy key in Guarded.dbs'],
    );
  });
});
