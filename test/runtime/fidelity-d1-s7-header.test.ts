/**
 * The header mediator's SOAP-header example of MI 4.4's documentation ("setting a complex XML structure as a SOAP
 * header") with our own names, over real HTTP. Synapse's HeaderMediator.addCustomHeader adds the expression's string
 * as the block's text, unless the mediator has type="OM" (HeaderMediatorFactory): then the string is read as XML
 * (SynapseConfigUtils.stringToOM) and that element goes inside the header block.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const REQUEST = `<s:Envelope xmlns:s="${SOAP11}"><s:Body><q:ask xmlns:q="urn:q"><q:symbol>KITE</q:symbol></q:ask></s:Body></s:Envelope>`;
const PROP = `<property name="RH" scope="default" type="OM"><p2:Top xmlns:p2="urn:abc"><p2:Hi>There</p2:Hi></p2:Top></property>`;

describe('fidelity D1 s7: header mediator SOAP headers from an OM property', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'HdOm.xml': api(
        'HdOm',
        '/d1s7/hd-om',
        `${PROP}<header name="p2:Top" xmlns:p2="urn:abc" scope="default" type="OM" expression="$ctx:RH"/><respond/>`,
      ),
      'HdText.xml': api(
        'HdText',
        '/d1s7/hd-text',
        `${PROP}<header name="p2:Top" xmlns:p2="urn:abc" scope="default" expression="$ctx:RH"/><respond/>`,
      ),
      'HdBad.xml': api(
        'HdBad',
        '/d1s7/hd-bad',
        `<header name="p2:Top" xmlns:p2="urn:abc" scope="default" type="OM" value="not xml"/><respond/>`,
      ),
    });
  });
  after(() => t.close());

  const post = (path: string) =>
    send(`${t.base}${path}`, { body: REQUEST, type: 'text/xml', headers: { SOAPAction: 'urn:ask' } });

  it('type="OM": the property XML goes inside the header block', async () => {
    const r = await post('/d1s7/hd-om');
    assert.equal(r.status, 200);
    assert.match(
      r.text,
      /<s:Header><p2:Top xmlns:p2="urn:abc"><p2:Top><p2:Hi>There<\/p2:Hi><\/p2:Top><\/p2:Top><\/s:Header>/,
    );
  });

  it('without type the XML string is the block text (escaped)', async () => {
    const r = await post('/d1s7/hd-text');
    assert.equal(r.status, 200);
    assert.match(r.text, /<p2:Top xmlns:p2="urn:abc">&lt;p2:Top xmlns:p2="urn:abc">&lt;p2:Hi>There/);
  });

  it('type="OM" with a value that is not XML fails the mediation', async () => {
    const r = await post('/d1s7/hd-bad');
    assert.notEqual(r.status, 200);
    assert.match(t.logs.map((l) => l.message).join('\n'), /type="OM": the value is not XML/);
  });
});
