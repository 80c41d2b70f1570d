/**
 * Session 14, W2: the message id after the message went back to the client. Axis2Sender.sendBack gives the Axis2
 * message a new urn:uuid id (MessageHelper.removeAddressingHeaders branch) unless PRESERVE_WS_ADDRESSING is "true"
 * (then it keeps the Synapse context's): get-property('MessageID') and the log mediator's MessageID read that id for
 * the rest of the flow. Own API names and payloads.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('oracle S14 W2: MessageID after sendBack (Axis2Sender.sendBack setMessageID;)', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"b":2}');
    });
    // the only place the flow goes on after a sendBack: the fault sequence of a sendBack the transport refused
    // (HTTP_ETAG not a Boolean: see oracle-s14-W2-etag)
    const seq = (preserve: boolean) => `<inSequence>
           ${preserve ? '<property name="PRESERVE_WS_ADDRESSING" value="true"/>' : ''}
           <property name="idIn" expression="get-property('MessageID')"/>
           <send><endpoint><address uri="${backend.url}/b"/></endpoint></send></inSequence>
         <outSequence>
           <property name="idOut" expression="get-property('MessageID')"/>
           <property name="HTTP_ETAG" value="true" scope="axis2"/>
           <send/></outSequence>
         <faultSequence>
           <log level="custom"><property name="ids" expression="concat(get-property('idIn'), '|', get-property('idOut'), '|', get-property('MessageID'))"/></log>
           <property name="HTTP_ETAG" scope="axis2" action="remove"/>
           <respond/>
         </faultSequence>`;
    t = await startRuntime({
      'IdRenew.xml': `<api ${NS} name="IdRenew" context="/id-renew"><resource methods="POST">${seq(false)}</resource></api>`,
      'IdKeep.xml': `<api ${NS} name="IdKeep" context="/id-keep"><resource methods="POST">${seq(true)}</resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  const ids = async (path: string): Promise<string[]> => {
    const before = t.logs.length;
    const r = await send(`${t.base}${path}`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.text, '{"b":2}');
    const line = () => t.logs.slice(before).find((x) => x.message.includes('ids = '));
    await until('the ids log line', () => line() !== undefined);
    return /ids = (\S+)/.exec(line()!.message)![1].split('|');
  };

  it('a <send/> back to the client: the rest of the flow (here the fault sequence) sees a new urn:uuid MessageID', async () => {
    const [idIn, idOut, after] = await ids('/id-renew');
    assert.match(after, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.notEqual(after, idOut);
    assert.notEqual(after, idIn);
  });

  it('PRESERVE_WS_ADDRESSING "true": the id is kept', async () => {
    const [, idOut, after] = await ids('/id-keep');
    assert.equal(after, idOut);
  });
});
