/**
 * makefault as Micro Integrator does it (facts from wso2-synapse FaultMediator and PassThroughTransportUtils): the
 * version chosen from the message when none is given, the POX fault text, and the 500 status of a fault answer.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity: makefault', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Pox.xml': api(
        'Pox',
        '/ff/pox',
        `<makefault><code value="soap11Env:Client" xmlns:soap11Env="http://schemas.xmlsoap.org/soap/envelope/"/><reason value="bad input"/><detail>order 7 is unknown</detail></makefault><respond/>`,
      ),
      'PoxReason.xml': api(
        'PoxReason',
        '/ff/pox-reason',
        // (a pox fault's code value must be a SOAP 1.2 one: FaultMediator.setFaultCodeValue refuses soap11Env:Server)
        `<makefault version="pox"><code value="soap12Env:Receiver" xmlns:soap12Env="http://www.w3.org/2003/05/soap-envelope"/><reason expression="concat('no ', //id)"/></makefault><respond/>`,
      ),
      'Soap500.xml': api(
        'Soap500',
        '/ff/soap',
        `<makefault version="soap11"><code value="soap11Env:Server" xmlns:soap11Env="http://schemas.xmlsoap.org/soap/envelope/"/><reason value="down"/></makefault><respond/>`,
      ),
      'As200.xml': api(
        'As200',
        '/ff/as200',
        `<property name="FAULTS_AS_HTTP_200" value="true" scope="axis2"/>
         <makefault version="soap11"><code value="soap11Env:Server" xmlns:soap11Env="http://schemas.xmlsoap.org/soap/envelope/"/><reason value="down"/></makefault><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('no version on a REST message: a POX fault with the detail text, in the message type, status 500', async () => {
    let r = await send(`${t.base}/ff/pox`, { body: '{"id":7}', type: 'application/json' });
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { Exception: 'order 7 is unknown' });
    r = await send(`${t.base}/ff/pox-reason`, { body: '<r><id>9</id></r>', type: 'application/xml' });
    assert.equal(r.status, 500);
    assert.equal(r.text, '<Exception>no 9</Exception>');
  });

  it('a SOAP fault answers 500 unless FAULTS_AS_HTTP_200 is set; a REST client gets it as <Exception>', async () => {
    // Axis2Sender.sendBack: a SOAP fault going back to a client that is not a SOAP client (application/xml here)
    // becomes <Exception> with the reason (POXUtils.convertSOAPFaultToPOX)
    let r = await send(`${t.base}/ff/soap`, { body: '<a/>', type: 'application/xml' });
    assert.equal(r.status, 500);
    assert.equal(r.text, '<Exception>down</Exception>');
    r = await send(`${t.base}/ff/as200`, { body: '<a/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<Exception>down</Exception>');
    const soap = await send(`${t.base}/ff/soap`, {
      body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><a/></s:Body></s:Envelope>',
      type: 'text/xml',
    });
    assert.equal(soap.status, 500);
    assert.match(soap.text, /<faultstring>down<\/faultstring>/);
  });
});
