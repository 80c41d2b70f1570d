import { strict as assert } from 'node:assert';
import { NS, api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('runtime fidelity (F4): how answers and backend requests are formatted', () => {
  let t: TestRuntime;
  let backend: Backend;
  let soapBackend: Backend;
  before(async () => {
    soapBackend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><quote><px>7</px></quote></soapenv:Body></soapenv:Envelope>`,
      );
    });
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: req.headers['content-type'] ?? null, body: req.body }));
    });
    t = await startRuntime({
      'Vendor.xml': api(
        'Vendor',
        '/vendor',
        `<property name="messageType" value="application/json" scope="axis2"/>
         <property name="ContentType" value="application/vnd.api+json" scope="axis2"/><respond/>`,
      ),
      'VendorOut.xml': api(
        'VendorOut',
        '/vendor-out',
        `<property name="messageType" value="application/json" scope="axis2"/>
         <property name="ContentType" value="application/vnd.shop+json" scope="axis2"/>
         <call><endpoint><http method="post" uri-template="${backend.url}/v"/></endpoint></call><respond/>`,
      ),
      'SameType.xml': api(
        'SameType',
        '/same-type',
        `<property name="messageType" value="application/json" scope="axis2"/><respond/>`,
      ),
      'AsXml.xml': api(
        'AsXml',
        '/as-xml',
        `<property name="messageType" value="text/xml" scope="axis2"/><respond/>`,
      ),
      'Wrapped.xml': api(
        'Wrapped',
        '/wrapped',
        `<payloadFactory media-type="xml"><format><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><ticket xmlns=""><seat>$1</seat></ticket></soapenv:Body></soapenv:Envelope></format>
           <args><arg evaluator="json" expression="$.seat"/></args></payloadFactory><respond/>`,
      ),
      'AsXmlAction.xml': api(
        'AsXmlAction',
        '/as-xml-action',
        `<header name="Action" value="urn:ask"/><property name="messageType" value="text/xml" scope="axis2"/><respond/>`,
      ),
      'XmlOut.xml': api(
        'XmlOut',
        '/xml-out',
        `<property name="messageType" value="text/xml" scope="axis2"/>
         <call><endpoint><http method="post" uri-template="${backend.url}/x"/></endpoint></call><respond/>`,
      ),
      'SoapOut.xml': api(
        'SoapOut',
        '/soap-out',
        `<call><endpoint><address uri="${backend.url}/s" format="soap11"/></endpoint></call><respond/>`,
      ),
      'SoapBackend.xml': api(
        'SoapBackend',
        '/soap-backend',
        `<call><endpoint><address uri="${soapBackend.url}/quote"/></endpoint></call><respond/>`,
      ),
      'SoapBackendEdited.xml': api(
        'SoapBackendEdited',
        '/soap-backend-edited',
        `<call><endpoint><address uri="${soapBackend.url}/quote"/></endpoint></call>
         <property name="messageType" value="text/xml" scope="axis2"/>
         <enrich><source type="inline" clone="true"><checked xmlns="">yes</checked></source><target type="body" action="child"/></enrich>
         <respond/>`,
      ),
      'Echo.xml': `<proxy ${NS} name="EchoSoap" transports="http"><target><inSequence>
          <property name="messageType" value="text/xml" scope="axis2"/><respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
    await soapBackend.close();
  });

  it('names the answer by the axis2 ContentType property before messageType (MI formatters)', async () => {
    const r = await send(`${t.base}/vendor`, { body: '<r><a>1</a></r>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'application/vnd.api+json; charset=UTF-8');
    assert.equal(r.text, '{"r":{"a":1}}');
  });

  it('names the backend request by the ContentType property too', async () => {
    const r = await send(`${t.base}/vendor-out`, {
      body: '<order><n>2</n></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    const seen = r.json() as { type: string; body: string };
    // MI's default http.headers.preserve=Content-Type: the property as it is, no charset (TargetRequestFactory)
    assert.equal(seen.type, 'application/vnd.shop+json');
    assert.equal(seen.body, '{"order":{"n":2}}');
  });

  it('keeps messageType when ContentType was set with it', async () => {
    const r = await send(`${t.base}/same-type`, { body: '<r><a>1</a></r>', type: 'application/xml' });
    assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
  });

  it('answers a JSON (REST) request with text/xml as the body element only, no envelope', async () => {
    const r = await send(`${t.base}/as-xml`, { body: '{"x":1}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8');
    assert.equal(r.text, '<jsonObject><x>1</x></jsonObject>');
  });

  it('a SOAP action (WS-Addressing Action header) keeps the envelope for a REST client', async () => {
    const r = await send(`${t.base}/as-xml-action`, { body: '{"x":2}', type: 'application/json' });
    assert.match(
      r.text,
      /^<\?xml version='1\.0' encoding='UTF-8'\?><soapenv:Envelope [^>]*>.*<soapenv:Body><jsonObject><x>2<\/x><\/jsonObject><\/soapenv:Body>/,
    );
  });

  it('drops a now-redundant xmlns="" when the body element is written alone', async () => {
    const r = await send(`${t.base}/wrapped`, { body: '{"seat":"12C"}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<ticket><seat>12C</seat></ticket>');
  });

  it('sends a REST client message as text/xml to a backend without the envelope', async () => {
    const r = await send(`${t.base}/xml-out`, { body: '{"q":"a"}', type: 'application/json' });
    const seen = r.json() as { type: string; body: string };
    assert.match(seen.type, /^text\/xml/);
    assert.equal(seen.body, '<jsonObject><q>a</q></jsonObject>');
  });

  it('still wraps a REST client message in an envelope for an endpoint with format="soap11"', async () => {
    const r = await send(`${t.base}/soap-out`, { body: '{"q":"b"}', type: 'application/json' });
    const seen = r.json() as { type: string; body: string };
    assert.match(seen.type, /^text\/xml/);
    assert.match(
      seen.body,
      /^<\?xml version='1\.0' encoding='UTF-8'\?><soapenv:Envelope [^>]*><soapenv:Body><jsonObject><q>b<\/q><\/jsonObject><\/soapenv:Body>/,
    );
  });

  it('an API passes a SOAP backend answer through as it came, envelope included', async () => {
    const r = await send(`${t.base}/soap-backend`);
    assert.equal(r.status, 200);
    assert.match(
      r.text,
      /^<soapenv:Envelope [^>]*><soapenv:Body><quote><px>7<\/px><\/quote><\/soapenv:Body><\/soapenv:Envelope>$/,
    );
  });

  it('an edited SOAP backend answer: a SOAP client gets the envelope, a REST client the body element', async () => {
    const soap = await send(`${t.base}/soap-backend-edited`, {
      body: `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><ask/></soapenv:Body></soapenv:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask' },
    });
    assert.match(
      soap.text,
      /^<\?xml version='1\.0' encoding='UTF-8'\?><soapenv:Envelope [^>]*><soapenv:Body><quote><px>7<\/px><checked>yes<\/checked><\/quote><\/soapenv:Body>/,
    );
    const rest = await send(`${t.base}/soap-backend-edited`);
    assert.match(rest.headers.get('content-type') ?? '', /^text\/xml/);
    assert.equal(rest.text, '<quote><px>7</px><checked>yes</checked></quote>');
  });

  // messageType makes MI build the message (PropertyMediator.isContentAware), so the envelope goes out through the
  // SOAP formatter, which starts it with the XML declaration
  it('still answers a SOAP request to a proxy with the whole envelope', async () => {
    const env = `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><ping>1</ping></soapenv:Body></soapenv:Envelope>`;
    const r = await send(`${t.base}/services/EchoSoap`, {
      body: env,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ping' },
    });
    assert.equal(r.status, 200);
    assert.match(
      r.text,
      /^<\?xml version='1\.0' encoding='UTF-8'\?><soapenv:Envelope [^>]*><soapenv:Body><ping>1<\/ping><\/soapenv:Body><\/soapenv:Envelope>$/,
    );
  });
});
