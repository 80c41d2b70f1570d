/**
 * Differences found in the session 6 oracle pass (MI's own integration tests replayed against our runtime), fixed
 * from the Synapse sources. Our own fixtures, real HTTP.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
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
      'VarInt.xml': api(
        'VarInt',
        '/f1s6/var-int',
        `<variable name="units" type="INTEGER" expression="\${payload.qty}"/>
         <variable name="owed" type="LONG" expression="\${payload.debt}"/>
         <log level="custom"><property name="units" expression="\${vars.units}"/><property name="next" expression="\${vars.units + 1}"/><property name="owed" expression="\${vars.owed}"/></log>
         <respond/>`,
      ),
      'KeyOrder.xml': api(
        'KeyOrder',
        '/f1s6/key-order',
        `<enrich><source type="inline" clone="true">set</source><target xpath="//state"/></enrich><respond/>`,
      ),
      'EnvProp.xml': api(
        'EnvProp',
        '/f1s6/env-prop',
        `<enrich><source type="envelope" clone="true"/><target type="property" property="copy"/></enrich>
         <enrich><source type="envelope" clone="false"/><target type="property" property="live"/></enrich>
         <payloadFactory media-type="xml"><format><slot xmlns="">new</slot></format></payloadFactory>
         <property name="rebuilt" expression="$ctx:copy" type="OM"/>
         <log level="custom"><property name="copy" expression="$ctx:copy"/></log>
         <log level="custom"><property name="live" expression="$ctx:live"/></log>
         <log level="custom"><property name="env" expression="$env"/></log>
         <log level="custom"><property name="rebuilt" expression="$ctx:rebuilt"/></log>
         <respond/>`,
      ),
      'FloatProp.xml': api(
        'FloatProp',
        '/f1s6/float',
        `<property name="pi" type="FLOAT" value="3.14159265358979"/><property name="big" type="FLOAT" value="16777217"/>
         <property name="piD" type="DOUBLE" value="3.14159265358979"/>
         <log level="custom"><property name="pi" expression="$ctx:pi"/><property name="big" expression="$ctx:big"/><property name="piD" expression="$ctx:piD"/></log>
         <respond/>`,
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

  it('an INTEGER or LONG variable from a JSON number with a fraction takes its integer part', async () => {
    // v2 Utils.convertJsonPrimitive: getAsInt()/getAsLong() of the Gson number (BigDecimal intValue/longValue)
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/var-int`, {
      body: '{"qty":7.9,"debt":-2.5}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      ['units = 7, next = 8, owed = -2'],
    );
  });

  it('JSON rebuilt from its XML keeps members named like numbers in their place', async () => {
    // MI's JSON writer (synapse-commons BuilderFormatterTest: {"value":..,"12X12":..,"0":..,"1":..} round trip)
    // writes the members in document order; JavaScript objects list "0", "7" first
    const r = await send(`${t.base}/f1s6/key-order`, {
      body: '{"zone":"n","7":"seven","price":2.50,"box":{"12":"dozen","state":"old","0":[1,2]}}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      '{"zone":"n","7":"seven","price":2.50,"box":{"12":"dozen","state":"set","0":[1,2]}}',
    );
  });

  it("an envelope printed by an XPath starts with the XML declaration, as Axiom's SOAPEnvelope.toString()", async () => {
    // Synapse EnrichMediatorTest: the envelope enriched into a property prints
    // <?xml version='1.0' encoding='utf-8'?><soapenv:Envelope ...>; a clone keeps the old body, the live one follows
    // the payload; an element parsed back from that text (type OM) is a plain element, without the declaration
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/env-prop`, {
      body: '<slot>old</slot>',
      type: 'text/xml',
      headers: { SOAPAction: 'urn:p' },
    });
    assert.equal(r.status, 200);
    const env = (inner: string) =>
      `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
    const decl = "<?xml version='1.0' encoding='utf-8'?>";
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      [
        `copy = ${decl}${env('<slot>old</slot>')}`,
        `live = ${decl}${env('<slot>new</slot>')}`,
        `env = ${decl}${env('<slot>new</slot>')}`,
        `rebuilt = ${env('<slot>old</slot>')}`,
      ],
    );
  });

  it('a SOAP header without a namespace is refused when deployed (HeaderMediatorFactory)', () => {
    // HeaderMediatorFactory: a default-scope header name without a prefix (other than the WS-Addressing ones) is
    // refused at deploy ("All SOAP headers must be namespace qualified"); Synapse's HeaderMediatorTest builds the
    // mediator in Java, where Axiom's SOAPHeader.addHeaderBlock fails it at mediation instead
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'HdrNoNs.xml',
        text: `<api ${NS} name="HdrNoNs" context="/f1s6/hdr-nons"><resource methods="POST"><inSequence>
          <header name="Trace" value="on"/><respond/></inSequence></resource></api>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.message),
      [
        'Invalid SOAP header: Trace specified at the header mediator. All SOAP headers must be namespace qualified.',
      ],
    );
  });

  it('a FLOAT property is a Java Float: single precision, printed by Float.toString', async () => {
    // PropertyMediator.convertValue FLOAT: Float.parseFloat (PropertyMediatorTest); DOUBLE keeps double precision
    t.logs.length = 0;
    const r = await send(`${t.base}/f1s6/float`);
    assert.equal(r.status, 200);
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      ['pi = 3.1415927, big = 1.6777216E7, piD = 3.14159265358979'],
    );
  });
});
