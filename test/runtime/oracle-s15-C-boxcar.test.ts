/**
 * Legacy boxcarring (enableBoxcarring without disableLegacyBoxcarringMode): MI adds the begin_boxcar, end_boxcar and
 * abort_boxcar control operations (DataService.initBoxcarring). Their boxcar lives in the Axis2 service context
 * (DSSessionManager), which MI makes afresh for each request (transportsession scope, and the pass-through listener
 * has no session: DispatchPhase.createAndFillContexts), so nothing is held between requests: begin_boxcar and
 * end_boxcar answer 200 with an empty body, abort_boxcar 202, and the operations between them run at once (MI's
 * testng.xml leaves DS937BoxcarringTestCase out: "BoxCarring is not supported in EI").
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './dataservicePg';
import { serveFolder, type ServedFolder } from './helpers';

const dbs = (name: string, extra: string) => `<data name="${name}" serviceNamespace="urn:teas" ${extra}>
  <config id="csv">
    <property name="csv_datasource">./teas.csv</property>
    <property name="csv_hasheader">true</property>
    <property name="csv_startingrow">2</property>
  </config>
  <query id="all" useConfig="csv">
    <result element="Teas" rowName="Tea"><element column="name" name="Name"/></result>
  </query>
  <query id="sip" useConfig="csv"><param name="name" sqlType="STRING"/></query>
  <operation name="listTeas"><call-query href="all"/></operation>
  <operation name="sipTea"><call-query href="sip"><with-param name="name" query-param="name"/></call-query></operation>
</data>`;

const soap = (op: string) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:d="http://ws.wso2.org/dataservice"><soapenv:Body><d:${op}/></soapenv:Body></soapenv:Envelope>`;

describe('runtime: legacy boxcarring control operations of a data service (MI DS937BoxcarringTestCase, BoxcarringDataServiceRequest)', function () {
  this.timeout(30000);
  let served: ServedFolder | undefined;
  let port: number;
  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ds-boxcar-'));
    writeFileSync(join(dir, 'Teas.dbs'), dbs('Teas', 'enableBoxcarring="true" enableBatchRequests="true"'));
    writeFileSync(
      join(dir, 'Herbal.dbs'),
      dbs('Herbal', 'enableBoxcarring="true" disableLegacyBoxcarringMode="true"'),
    );
    writeFileSync(join(dir, 'teas.csv'), 'name\nsencha\n');
    served = await serveFolder(dir);
    port = served.port;
  });
  after(async () => {
    await served?.close();
  });

  const send = (service: string, op: string) =>
    call(port, 'POST', `/services/${service}.SOAP11Endpoint/`, soap(op), {
      'Content-Type': 'text/xml',
      SOAPAction: `"urn:${op}"`,
    });

  it('answers begin_boxcar and end_boxcar with an empty body, abort_boxcar with 202, and runs what comes between at once', async () => {
    const begin = await send('Teas', 'begin_boxcar');
    assert.equal(begin.status, 200);
    assert.equal(
      begin.body,
      `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body/></soapenv:Envelope>`,
    );
    const list = await send('Teas', 'listTeas');
    assert.equal(list.status, 200);
    assert.match(list.body, /<Name>sencha<\/Name>/);
    const end = await send('Teas', 'end_boxcar');
    assert.equal(end.status, 200);
    assert.match(end.body, /<soapenv:Body\/>/);
    const abort = await send('Teas', 'abort_boxcar');
    assert.equal(abort.status, 202);
    assert.equal(abort.body, '');
  });

  it('lists the control and batch operations in ?wsdl, a fault only for an operation with a result (DataServiceDocLitWrappedSchemaGenerator, DBDeployer.createAxisOperation)', async () => {
    const r = await call(port, 'GET', '/services/Teas?wsdl');
    const b = r.body.replace(/>\s+</g, '><');
    assert.match(
      b,
      /<xs:element name="begin_boxcar"><xs:complexType><xs:sequence\/><\/xs:complexType><\/xs:element>/,
    );
    assert.match(
      b,
      /<xs:element name="sipTea_batch_req"><xs:complexType><xs:sequence><xs:element maxOccurs="unbounded" ref="ns\d:sipTea"\/><\/xs:sequence><\/xs:complexType><\/xs:element>/,
    );
    assert.match(
      b,
      /<wsdl:operation name="end_boxcar"><wsdl:documentation>Control operation for ending a boxcarring session<\/wsdl:documentation><wsdl:input message="ns\d:end_boxcarRequest" wsaw:Action="urn:end_boxcar"\/><wsdl:output message="ns\d:end_boxcarResponse" wsaw:Action="urn:end_boxcarResponse"\/><wsdl:fault /,
    );
    assert.match(
      b,
      /<wsdl:message name="end_boxcarResponse"><wsdl:part name="parameters" element="ns\d:DATA_SERVICE_RESPONSE"\/>/,
    );
    // in-only operations (abort_boxcar, sipTea and its batch twin): input only, no fault
    assert.match(
      b,
      /<wsdl:operation name="abort_boxcar"><wsdl:documentation>Control operation for aborting a boxcarring session<\/wsdl:documentation><wsdl:input message="ns\d:abort_boxcarRequest" wsaw:Action="urn:abort_boxcar"\/><\/wsdl:operation>/,
    );
    assert.match(
      b,
      /<wsdl:operation name="sipTea_batch_req"><wsdl:documentation>batch operation for 'sipTea'<\/wsdl:documentation><wsdl:input message="ns\d:sipTea_batch_reqRequest" wsaw:Action="urn:sipTea_batch_req"\/><\/wsdl:operation>/,
    );
    assert.match(
      b,
      /<wsdl:operation name="sipTea"><soap:operation soapAction="urn:sipTea" style="document"\/><wsdl:input><soap:body use="literal"\/><\/wsdl:input><\/wsdl:operation>/,
    );
  });

  it('has no control operations with disableLegacyBoxcarringMode (request_box only)', async () => {
    const r = await send('Herbal', 'begin_boxcar');
    assert.equal(r.status, 500);
  });
});
