import { strict as assert } from 'node:assert';
import { NS, api, send, startBackend, startRuntime } from './helpers';
import { until } from '../support';

describe('runtime fidelity (F4): a stored message keeps whether its client was doing REST', () => {
  it('forwarded as text/xml: a REST client message goes as the body element, a SOAP client one in its envelope', async () => {
    const backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const t = await startRuntime({
      'Parcel.xml': api(
        'Parcel',
        '/parcel',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
         <property name="messageType" value="text/xml" scope="axis2"/><store messageStore="ParcelStore"/>`,
      ),
      'ParcelStore.xml': `<messageStore ${NS} name="ParcelStore"/>`,
      'ParcelEP.xml': `<endpoint ${NS} name="ParcelEP"><address uri="${backend.url}/parcels"/></endpoint>`,
      'ParcelMP.xml': `<messageProcessor ${NS} name="ParcelMP" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="ParcelStore" targetEndpoint="ParcelEP">
          <parameter name="interval">30</parameter><parameter name="message.processor.reply.sequence">ParcelReply</parameter></messageProcessor>`,
      // with no reply sequence MI deactivates the processor after its first in-out delivery (ForwardingService.sendThroughReplySeq)
      'ParcelReply.xml': `<sequence ${NS} name="ParcelReply"><log level="custom"><property name="parcel" value="sent"/></log></sequence>`,
    });
    try {
      const r = await send(`${t.base}/parcel`, {
        body: '<parcel><kg>3</kg></parcel>',
        type: 'application/xml',
      });
      assert.equal(r.status, 202);
      await until('1 request(s) at the backend', () => backend.requests.length >= 1);
      assert.equal(backend.requests[0]?.body, '<parcel><kg>3</kg></parcel>');
      const env = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><parcel><kg>4</kg></parcel></soapenv:Body></soapenv:Envelope>`;
      await send(`${t.base}/parcel`, { body: env, type: 'text/xml', headers: { SOAPAction: 'urn:parcel' } });
      await until('2 request(s) at the backend', () => backend.requests.length >= 2);
      assert.match(
        backend.requests[1]?.body ?? '',
        /^<\?xml version='1\.0' encoding='UTF-8'\?><soapenv:Envelope [^>]*><soapenv:Body><parcel><kg>4<\/kg><\/parcel>/,
      );
    } finally {
      await t.close();
      await backend.close();
    }
  });
});
