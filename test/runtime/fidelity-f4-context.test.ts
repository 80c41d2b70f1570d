import { strict as assert } from 'node:assert';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('runtime fidelity (F4): callout status and axis2-client properties', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(201, { 'content-type': 'text/xml', 'x-stock-desk': 'north' });
      res.end(
        `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><booked><ref>R-${req.body.length}</ref></booked></soapenv:Body></soapenv:Envelope>`,
      );
    });
    t = await startRuntime({
      'Booker.xml': api(
        'Booker',
        '/booker',
        `<callout serviceURL="${backend.url}/book" action="urn:book"><source type="envelope"/><target key="answer"/></callout>
         <payloadFactory media-type="json"><format>{"sc":"$1","desk":"$2"}</format>
           <args><arg expression="$axis2:HTTP_SC"/><arg expression="$trp:x-stock-desk"/></args></payloadFactory><respond/>`,
      ),
      'BookerHeaders.xml': api(
        'BookerHeaders',
        '/booker-headers',
        `<property name="BLOCKING_SENDER_PRESERVE_REQ_HEADERS" value="false"/>
         <callout serviceURL="${backend.url}/book" action="urn:book"><source type="envelope"/><target key="answer"/></callout>
         <payloadFactory media-type="json"><format>{"desk":"$1"}</format>
           <args><arg expression="$trp:x-stock-desk"/></args></payloadFactory><respond/>`,
      ),
      'ClientScope.xml': api(
        'ClientScope',
        '/client-scope',
        `<property name="Ratio" value="0.875" scope="axis2-client" type="DOUBLE"/>
         <property name="Label" value="blue" scope="axis2-client"/>
         <payloadFactory media-type="xml"><format><seen xmlns=""><r>$1</r><l>$2</l><g>$3</g></seen></format>
           <args><arg expression="$axis2:Ratio"/><arg expression="get-property('axis2', 'Label')"/><arg expression="$axis2:Missing"/></args></payloadFactory>
         <respond/>`,
      ),
      'ClientScopeRemoved.xml': api(
        'ClientScopeRemoved',
        '/client-scope-removed',
        `<property name="Label" value="blue" scope="axis2-client"/>
         <property name="Label" action="remove" scope="axis2-client"/>
         <payloadFactory media-type="xml"><format><seen xmlns=""><l>$1</l></seen></format>
           <args><arg expression="$axis2:Label"/></args></payloadFactory><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('callout sets HTTP_SC from the backend answer; transport headers are kept by default', async () => {
    const r = await send(`${t.base}/booker`, { body: '<order><n>1</n></order>', type: 'application/xml' });
    // the answer goes out with the status the callout left in HTTP_SC
    assert.equal(r.status, 201);
    assert.deepEqual(r.json(), { sc: '201', desk: '' });
  });

  it('callout takes the backend transport headers when BLOCKING_SENDER_PRESERVE_REQ_HEADERS is false', async () => {
    const r = await send(`${t.base}/booker-headers`, {
      body: '<order><n>2</n></order>',
      type: 'application/xml',
    });
    assert.deepEqual(r.json(), { desk: 'north' });
  });

  it('$axis2: and get-property(axis2) read scope="axis2-client" properties', async () => {
    const r = await send(`${t.base}/client-scope`);
    assert.equal(r.status, 200);
    assert.equal(r.text, '<seen><r>0.875</r><l>blue</l><g/></seen>');
  });

  it('a removed axis2-client property is gone from $axis2:', async () => {
    const r = await send(`${t.base}/client-scope-removed`);
    assert.equal(r.text, '<seen><l/></seen>');
  });
});
