/**
 * Session 14, W2: HTTP_ETAG set with a value that is not a Boolean. PassThroughHttpSender.submitResponse casts the
 * property to Boolean: a String (a property without type="BOOLEAN") or a number is a ClassCastException, which
 * invoke logs as "Failed to submit the response" and Axis2Sender.sendBack turns into the flow's SynapseException
 * (getResponseMessage: the answer's headers, then " Unexpected error sending message back"). Nothing was written:
 * the fault sequence answers, or (the default fault sequence drops) ServerWorker.sendAck's 202. Own API names.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

describe('oracle S14 W2: HTTP_ETAG not a Boolean (PassThroughHttpSender.submitResponse cast; Axis2Sender.sendBack)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'TagText.xml': api(
        'TagText',
        '/tag-text',
        `<payloadFactory media-type="json"><format>{"kept":1}</format></payloadFactory>
         <property name="HTTP_ETAG" value="true" scope="axis2"/><respond/>`,
      ),
      'TagTextFault.xml': `<api ${NS} name="TagTextFault" context="/tag-text-fault"><resource methods="POST">
         <inSequence>
           <property name="HTTP_ETAG" value="true" scope="axis2"/><respond/>
           <log level="custom"><property name="after" value="not reached"/></log>
         </inSequence>
         <faultSequence>
           <property name="HTTP_ETAG" scope="axis2" action="remove"/>
           <payloadFactory media-type="json"><format>{"why":"$1"}</format>
             <args><arg evaluator="xml" expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
           <property name="HTTP_SC" value="503" scope="axis2"/>
           <respond/>
         </faultSequence></resource></api>`,
      'TagBool.xml': api(
        'TagBool',
        '/tag-bool',
        `<property name="HTTP_ETAG" value="false" scope="axis2" type="BOOLEAN"/><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('a String HTTP_ETAG: nothing is sent, the default fault sequence drops, the client gets 202 (MI CacheControlHeadersTestCase property)', async () => {
    const r = await send(`${t.base}/tag-text`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    assert.ok(
      t.logs.some(
        (l) =>
          l.message.startsWith('Failed to submit the response') &&
          l.message.includes('class java.lang.String cannot be cast to class java.lang.Boolean'),
      ),
    );
    assert.ok(t.logs.some((l) => l.message.endsWith(' Unexpected error sending message back')));
  });

  it("the fault sequence answers instead, ERROR_MESSAGE the headers and 'Unexpected error sending message back'", async () => {
    const r = await send(`${t.base}/tag-text-fault`, {
      body: '{"a":1}',
      type: 'application/json',
      headers: { 'x-probe': 'p1' },
    });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('etag'), null);
    const why = (r.json() as { why: string }).why;
    assert.match(why, /content-type:application\/json,/i);
    assert.match(why, /x-probe:p1, Unexpected error sending message back$/);
    assert.ok(!t.logs.some((l) => l.message.includes('not reached')));
  });

  it('a Boolean false: no ETag, the answer goes', async () => {
    const r = await send(`${t.base}/tag-bool`, { body: '<a/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('etag'), null);
    assert.equal(r.text, '<a/>');
  });
});
