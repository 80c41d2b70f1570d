/**
 * A callout whose serviceURL attribute is there but empty deploys, as in MI, and faults when a message reaches it
 * (the fault sequence sees the error); with neither serviceURL nor an endpoint it deploys too (MI then sends to the
 * To address). Real HTTP.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime: callout with an empty serviceURL', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Blank.xml': `<api ${NS} name="Blank" context="/blank"><resource methods="POST"><inSequence>
          <callout serviceURL="" action="urn:any"><source type="envelope"/><target key="answer"/></callout>
          <respond/>
        </inSequence><faultSequence>
          <payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
            <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args>
          </payloadFactory><respond/>
        </faultSequence></resource></api>`,
    });
  });
  after(() => t.close());

  it('deploys and runs the fault sequence when a message reaches it', async () => {
    const r = await send(`${t.base}/blank`, { body: '<a/>', type: 'application/xml' });
    // BlockingMsgSender.setErrorDetails: the blocking client's AxisFault (ClientUtils.inferOutTransport) as 401002
    assert.deepEqual(r.json(), {
      code: '401002',
      message: 'The system cannot infer the transport information from the  URL.',
    });
  });

  it('deploys without serviceURL, endpointKey or an endpoint (MI sends to the To address then)', () => {
    // CalloutMediator.init: with neither serviceURL, endpoint nor endpointKey it uses a DefaultEndpoint (the To
    // header); CalloutMediatorFactory does not refuse it
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'None.xml',
        text: `<sequence ${NS} name="None"><callout action="urn:any"><source type="envelope"/><target key="a"/></callout></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      [],
    );
  });
});
