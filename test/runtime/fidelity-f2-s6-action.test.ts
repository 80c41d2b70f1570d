/**
 * get-property('Action') (helper F2, session 6), our own fixture over real HTTP: Synapse GetPropertyFunction answers
 * synCtx.getWSAAction(), Axis2's one action (Options.action), which the pass-through listener sets from the SOAPAction
 * header (ServerWorker: msgContext.setSoapAction). Ours answered nothing unless a header mediator had set Action, so
 * a switch on it took the default case (MI tests-mediator-1 switchMediator/SwitchInsideSwitchTestCase).
 * get-property('MESSAGE_FORMAT') is "pox" for a REST request (isDoingPOX comes first), else the SOAP version, known
 * from the content type before the envelope is read; ours said "pox" for a SOAP message not read yet and never
 * "soap12" (MI tests-mediator-1 switchMediator/SOAPNSBasedSwitching).
 */
import assert from 'node:assert/strict';
import { send, startRuntime, NS, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): the Action property', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Counter.xml': `<proxy ${NS} name="Counter" transports="http"><target><inSequence>
          <switch source="get-property('Action')">
            <case regex="urn:stamp"><payloadFactory media-type="xml"><format><went xmlns="">stamp</went></format><args/></payloadFactory></case>
            <default><payloadFactory media-type="xml"><format><went xmlns="">default</went></format><args/></payloadFactory></default>
          </switch><respond/></inSequence></target></proxy>`,
      'Format.xml': `<proxy ${NS} name="Format" transports="http"><target><inSequence>
          <property name="seen" expression="get-property('MESSAGE_FORMAT')"/>
          <payloadFactory media-type="xml"><format><format xmlns="">$1</format></format>
            <args><arg expression="$ctx:seen"/></args></payloadFactory>
          <property name="messageType" value="application/xml" scope="axis2"/><respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  const envelope =
    '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><ticket xmlns="urn:counter"/></e:Body></e:Envelope>';

  it('is the SOAPAction the client sent (quotes taken off)', async () => {
    const r = await send(`${t.base}/services/Counter`, {
      body: envelope,
      type: 'text/xml',
      headers: { SOAPAction: '"urn:stamp"' },
    });
    assert.match(r.text, /<went>stamp<\/went>/);
  });

  it('is nothing without a SOAPAction', async () => {
    const r = await send(`${t.base}/services/Counter`, { body: envelope, type: 'text/xml' });
    assert.match(r.text, /<went>default<\/went>/);
  });

  it('MESSAGE_FORMAT: soap11, soap12 from the content type, pox for a REST request', async () => {
    const s11 = await send(`${t.base}/services/Format`, {
      body: envelope,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:x' },
    });
    const s12 = await send(`${t.base}/services/Format`, {
      body: envelope.replace(
        'http://schemas.xmlsoap.org/soap/envelope/',
        'http://www.w3.org/2003/05/soap-envelope',
      ),
      type: 'application/soap+xml',
    });
    const pox = await send(`${t.base}/services/Format`, { body: '{"ticket":1}', type: 'application/json' });
    assert.deepEqual(
      [s11.text, s12.text, pox.text],
      ['<format>soap11</format>', '<format>soap12</format>', '<format>pox</format>'],
    );
  });
});
