/**
 * Differences found in the session 6 oracle pass (MI's own integration tests replayed against our runtime), fixed
 * from the Synapse sources. Our own fixtures, real HTTP.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

describe('fidelity F1 s6: oracle pass differences', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'OpName.xml': `<proxy ${NS} name="OpNameEcho"><target><inSequence>
          <property name="OperationName" value="not-this-one"/>
          <payloadFactory media-type="xml"><format><op xmlns="">$1|$2|$3</op></format>
            <args><arg expression="get-property('OperationName')"/><arg expression="get-property('OperationNamespace')"/><arg expression="$ctx:OperationName"/></args></payloadFactory>
          <respond/></inSequence></target></proxy>`,
      'OpNameApi.xml': api(
        'OpNameApi',
        '/f1s6/opname',
        `<log level="custom"><property name="op" expression="get-property('OperationName')"/></log><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it("get-property('OperationName') is the Axis2 operation, mediate, not a property of that name", async () => {
    // GetPropertyFunction answers OperationName / OperationNamespace from the AxisOperation's QName before it looks
    // at properties; a proxy without a WSDL has Synapse's one operation, "mediate"
    const r = await send(`${t.base}/services/OpNameEcho`, {
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ping/></soapenv:Body></soapenv:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ping' },
    });
    assert.equal(r.status, 200);
    assert.match(r.text, /<op>mediate\|\|not-this-one<\/op>/);
    t.logs.length = 0;
    const a = await send(`${t.base}/f1s6/opname`);
    assert.equal(a.status, 200);
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      ['op = mediate'],
    );
  });
});
