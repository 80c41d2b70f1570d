/**
 * Session 13 review R2: cases for behaviours of the reviewed commits that had no test of their own. Our own
 * fixtures over real HTTP on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('oracle S13 R2: review cases', () => {
  it('a SOAP 1.1 answer of a format="rest" call is built and written by the SOAP formatter for a SOAP 1.1 client, not relayed as its bytes (Axis2Sender.doSOAPFormatConversion; MI EndpointFormatRestPTTestCase)', async () => {
    const answer = `<f:Envelope xmlns:f="${S11}">\n  <f:Body><gauge>low</gauge></f:Body>\n</f:Envelope>`;
    const be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(answer);
    });
    const t = await startRuntime({
      'RestLeg.xml': `<proxy ${NS} name="RestLeg" transports="http"><target><inSequence><send><endpoint>
        <address uri="${be.url}/gauge" format="rest"/></endpoint></send></inSequence>
        <outSequence><send/></outSequence></target></proxy>`,
    });
    try {
      const r = await send(`${t.base}/services/RestLeg`, {
        body: `<s:Envelope xmlns:s="${S11}"><s:Body><read/></s:Body></s:Envelope>`,
        type: 'text/xml',
        headers: { SOAPAction: 'urn:read' },
      });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'text/xml; charset=UTF-8');
      assert.ok(r.text.startsWith("<?xml version='1.0' encoding='UTF-8'?>"), r.text);
      assert.match(r.text, /<gauge>low<\/gauge>/);
      // the bytes as the back end sent them would not start with the declaration
      assert.notEqual(r.text, answer);
    } finally {
      await t.close();
      await be.close();
    }
  });
});
