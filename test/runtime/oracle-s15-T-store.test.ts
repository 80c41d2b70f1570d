/**
 * Oracle (session 15 helper T): XML-valued properties of a stored message. An in-memory store keeps a clone of the
 * message context, every property with it (Synapse MessageHelper.cloneMessageContext); the forwarding processor's
 * reply sequence sees them (MI ESBJAVA2907TestCase, with a JMS store there: see oracle-s15-T-rabbitmq for a store
 * that writes the message out).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

/** A stored message's XML properties reach the processor's reply sequence (fixture shared with the RabbitMQ case). */
export function keptPropertyFixture(backendUrl: string, store: string): Record<string, string> {
  return {
    'e.xml': `<endpoint ${NS} name="KeepEp"><address uri="${backendUrl}/keep"/></endpoint>`,
    's.xml': store,
    'r.xml': `<sequence ${NS} name="KeepReply"><log level="custom"><property name="listProp" expression="$ctx:ORIG"/><property name="loneProp" expression="$ctx:LONE"/><property name="plain" expression="$ctx:PLAIN"/><property name="count" expression="$ctx:COUNT"/></log></sequence>`,
    'm.xml': `<messageProcessor ${NS} class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" name="KeepFP" targetEndpoint="KeepEp" messageStore="KeepStore"><parameter name="message.processor.reply.sequence">KeepReply</parameter><parameter name="interval">200</parameter></messageProcessor>`,
    'p.xml': `<proxy ${NS} name="KeepPS" transports="http"><target><inSequence><property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
      <property name="PLAIN" value="p-1"/><property name="COUNT" value="7" type="INTEGER"/><property name="LONE" type="OM"><tag xmlns="">lone</tag></property>
      <enrich><source type="body" clone="true"/><target type="property" property="ORIG"/></enrich><store messageStore="KeepStore"/></inSequence></target></proxy>`,
  };
}

describe('oracle-s15-T: properties of a stored message (MI ESBJAVA2907TestCase)', () => {
  let rt: TestRuntime | undefined;
  let be: Backend | undefined;
  after(async () => {
    await rt?.close();
    await be?.close();
  });

  it('an in-memory store keeps XML properties (an enrich result, an OM property) for the reply sequence (MI ESBJAVA2907TestCase)', async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<done/>');
    });
    rt = await startRuntime(keptPropertyFixture(be.url, `<messageStore ${NS} name="KeepStore"/>`));
    const r = await send(`${rt.base}/services/KeepPS`, {
      body: '<q:ask xmlns:q="urn:q"><q:sym>IBM</q:sym></q:ask>',
      type: 'application/xml',
    });
    assert.equal(r.status, 202);
    await until('the reply sequence', () => rt!.logs.some((l) => l.message.includes('listProp')));
    const line = rt.logs.find((l) => l.message.includes('listProp'))!.message;
    assert.match(
      line,
      /listProp = <q:ask xmlns:q="urn:q"><q:sym>IBM<\/q:sym><\/q:ask>, loneProp = lone, plain = p-1, count = 7/,
    );
  });
});
