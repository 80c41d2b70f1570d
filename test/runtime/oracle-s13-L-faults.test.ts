/**
 * Session 13 (L): makefault of the other SOAP version than the client's (own fixtures). Synapse's FaultMediator sets
 * no messageType, ContentType nor Content-Type header: the fault envelope of the version asked for goes out as it is
 * (SOAPMessageFormatter writes the envelope it has), named as the request was (PassThroughHttpSender.setContentType:
 * the request's ContentType, its charset appended), and Axis2Sender.doSOAPFormatConversion converts nothing (the
 * Content-Type header still names the client's version). No MI test mixes the versions: the sources prove it.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';

describe('oracle S13 L: makefault of the other SOAP version keeps the request type (FaultMediator.makeSOAPFault, Axis2Sender.doSOAPFormatConversion)', () => {
  let t: TestRuntime;
  before(async () => {
    // (a soap12 fault's code is a SOAP 1.2 one: FaultMediatorFactory refuses a SOAP 1.1 namespace there)
    const fault = (v: string): string =>
      `<makefault version="${v}" response="true"><code xmlns:f="${v === 'soap12' ? S12 : S11}" value="f:${v === 'soap12' ? 'Sender' : 'Client'}"/><reason value="no kettle"/></makefault><respond/>`;
    t = await startRuntime({
      'KettleA.xml': `<proxy ${NS} name="KettleOld" transports="http"><target><inSequence>${fault('soap11')}</inSequence></target></proxy>`,
      'KettleB.xml': `<proxy ${NS} name="KettleNew" transports="http"><target><inSequence>${fault('soap12')}</inSequence></target></proxy>`,
    });
  });
  after(() => t?.close());

  it('a SOAP 1.1 fault for a SOAP 1.2 client: a 1.1 envelope named application/soap+xml (with the action the request named)', async () => {
    const r = await send(`${t.base}/services/KettleOld`, {
      body: `<e:Envelope xmlns:e="${S12}"><e:Body><boil/></e:Body></e:Envelope>`,
      type: 'application/soap+xml; action="urn:boil"',
    });
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('content-type'), 'application/soap+xml; action="urn:boil"; charset=UTF-8');
    assert.match(
      r.text,
      new RegExp(`<soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body><soapenv:Fault>`),
    );
    assert.match(
      r.text,
      /<faultcode xmlns:f="[^"]+">f:Client<\/faultcode><faultstring>no kettle<\/faultstring>/,
    );
  });

  it('a SOAP 1.2 fault for a SOAP 1.1 client: a 1.2 envelope named text/xml', async () => {
    const r = await send(`${t.base}/services/KettleNew`, {
      body: `<e:Envelope xmlns:e="${S11}"><e:Body><boil/></e:Body></e:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: '"urn:boil"' },
    });
    assert.equal(r.status, 500);
    assert.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8');
    assert.match(
      r.text,
      new RegExp(`<soapenv:Envelope xmlns:soapenv="${S12}"><soapenv:Body><soapenv:Fault><soapenv:Code>`),
    );
    assert.match(r.text, /<soapenv:Text xml:lang="en">no kettle<\/soapenv:Text>/);
  });
});
