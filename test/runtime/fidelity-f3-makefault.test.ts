/**
 * makefault as MI's FaultMediator builds it: child elements of <detail> are the fault detail (text only when there
 * are none; a detail expression selecting nodes copies them), and a code value keeps the prefix it is written with
 * (found by helper G running MI's Soap11FaultDetailAsElementTestCase). Our own fixtures over real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const SYN = 'http://ws.apache.org/ns/synapse';

describe('runtime fidelity (F3): makefault detail elements and code prefix', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Elements.xml': api(
        'Elements',
        '/f3mf/elements',
        `<makefault version="soap11"><code value="e11:Server" xmlns:e11="${S11}"/><reason value="stock lookup failed"/>
           <detail><errCode xmlns="">E42</errCode><hint xmlns="">retry later</hint></detail></makefault><respond/>`,
      ),
      'ConfigNs.xml': api(
        'ConfigNs',
        '/f3mf/config-ns',
        `<makefault version="soap11"><code value="soapenv:Client" xmlns:soapenv="${S11}"/><reason value="r"/>
           <detail><errCode>E7</errCode></detail></makefault><respond/>`,
      ),
      'Selected.xml': api(
        'Selected',
        '/f3mf/selected',
        `<makefault version="soap12"><code value="e12:Receiver" xmlns:e12="${S12}"/><reason value="bad lines"/>
           <detail expression="//line[@bad='yes']"/></makefault><respond/>`,
      ),
      'Text.xml': api(
        'Text',
        '/f3mf/text',
        `<makefault version="soap11"><code value="soapenv:Server" xmlns:soapenv="${S11}"/><reason value="r"/><detail>plain words</detail></makefault><respond/>`,
      ),
      'Pox.xml': api(
        'Pox',
        '/f3mf/pox',
        // (a pox fault's code value must be a SOAP 1.2 one: FaultMediator.setFaultCodeValue refuses soapenv:Server)
        `<makefault version="pox"><code value="soapenv:Receiver" xmlns:soapenv="${S12}"/><reason value="the reason"/>
           <detail><errCode xmlns="">E1</errCode></detail></makefault><respond/>`,
      ),
    });
  });
  after(() => t.close());

  const soap = (url: string, body = '<q/>') =>
    send(`${t.base}${url}`, {
      body: `<soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:check' },
    });

  it('SOAP 1.1: the detail holds the configured elements; the code keeps its prefix, declared on faultcode', async () => {
    const r = await soap('/f3mf/elements');
    assert.equal(r.status, 500);
    assert.match(
      r.text,
      new RegExp(
        `<soapenv:Fault><faultcode xmlns:e11="${S11}">e11:Server</faultcode><faultstring>stock lookup failed</faultstring>` +
          '<detail><errCode>E42</errCode><hint>retry later</hint></detail></soapenv:Fault>',
      ),
    );
  });

  it('a detail element written without xmlns="" is in the configuration namespace', async () => {
    const r = await soap('/f3mf/config-ns');
    assert.match(r.text, new RegExp(`<faultcode>soapenv:Client</faultcode>`));
    assert.match(r.text, new RegExp(`<detail><errCode xmlns="${SYN}">E7</errCode></detail>`));
  });

  it('SOAP 1.2: a detail expression selecting elements copies them into the Detail', async () => {
    const r = await soap(
      '/f3mf/selected',
      '<lines><line bad="no">a</line><line bad="yes">b</line><line bad="yes">c</line></lines>',
    );
    assert.match(r.text, new RegExp(`<soapenv:Value xmlns:e12="${S12}">e12:Receiver</soapenv:Value>`));
    assert.match(
      r.text,
      /<soapenv:Detail><line bad="yes">b<\/line><line bad="yes">c<\/line><\/soapenv:Detail>/,
    );
  });

  it('a text detail stays text', async () => {
    const r = await soap('/f3mf/text');
    assert.match(r.text, /<detail>plain words<\/detail>/);
  });

  it('a POX fault takes the reason when the detail is elements', async () => {
    const r = await send(`${t.base}/f3mf/pox`, { body: '<q/>', type: 'application/xml' });
    assert.equal(r.text, '<Exception>the reason</Exception>');
  });
});
