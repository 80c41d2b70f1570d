/**
 * `?xsd` of a data service: MI's XsdProcessor (XsdUtil.printXsd) answers from the AxisService's schemas, those
 * DataServiceDocLitWrappedSchemaGenerator made (one per namespace: the service's and the DataServiceFault's): with
 * more than one, `?xsd` alone is an empty 200 and `?xsd&id=N` the N-th schema; a named `.xsd` not there is 404.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../../core/xml';
import { call } from './dataservicePg';
import { serveFolder, type ServedFolder } from './helpers';

const DBS = `<data name="Spices" serviceNamespace="urn:spices">
  <config id="csv">
    <property name="csv_datasource">./spices.csv</property>
    <property name="csv_hasheader">true</property>
    <property name="csv_startingrow">2</property>
  </config>
  <query id="byHeat" useConfig="csv">
    <param name="heat" sqlType="INTEGER"/>
    <result element="Spices" rowName="Spice" defaultNamespace="urn:spices">
      <element column="name" name="Name" xsdType="string"/>
    </result>
  </query>
  <operation name="hotterThan"><call-query href="byHeat"><with-param name="heat" query-param="heat"/></call-query></operation>
</data>`;

describe('runtime: ?xsd of a data service (MI XsdProcessor, DataServiceDocLitWrappedSchemaGenerator)', function () {
  this.timeout(30000);
  let served: ServedFolder | undefined;
  let port: number;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-xsd-'));
    writeFileSync(join(dir, 'Spices.dbs'), DBS);
    writeFileSync(join(dir, 'spices.csv'), 'name,heat\nsumac,1\n');
    served = await serveFolder(dir);
    port = served.port;
  });
  after(async () => {
    await served?.close();
  });

  it('answers the schemas the service has, by index, with only the prefixes they use', async () => {
    // two schemas (the service's, the fault's): no schema without an id
    const all = await call(port, 'GET', '/services/Spices?xsd');
    assert.equal(all.status, 200);
    assert.equal(all.body, '');
    const first = await call(port, 'GET', '/services/Spices?xsd&id=0');
    assert.equal(first.status, 200);
    assert.match(first.type, /^text\/xml/);
    assert.ok(parseXml(first.body), 'well-formed');
    const b = first.body.replace(/>\s+</g, '><');
    assert.match(
      b,
      /^<xs:schema xmlns:xs="http:\/\/www\.w3\.org\/2001\/XMLSchema" xmlns:ns0="urn:spices" attributeFormDefault="unqualified" elementFormDefault="qualified" targetNamespace="urn:spices">/,
    );
    assert.match(
      b,
      /<xs:element name="hotterThan"><xs:complexType><xs:sequence><xs:element name="heat" nillable="true" type="xs:int"\/>/,
    );
    assert.match(b, /<xs:element name="Spices" type="ns0:Spices"\/>/);
    const fault = await call(port, 'GET', '/services/Spices?xsd&id=1');
    assert.match(fault.body, /targetNamespace="http:\/\/ws\.wso2\.org\/dataservice"/);
    assert.match(fault.body, /<xs:element name="DataServiceFault"/);
    // a named .xsd the service does not have
    assert.equal((await call(port, 'GET', '/services/Spices?xsd=other.xsd')).status, 404);
  });
});
