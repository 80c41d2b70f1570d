/**
 * An IP throttle counts each caller by the client address ThrottleMediator.getIp finds: the X-Forwarded-For
 * transport header (up to its first comma) when the request has one, else the connection's address (Synapse
 * ThrottleMediatorTest testMediateWithXForwardedHeader). Our own policy and addresses.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

// (each caller its own ID: the count is per configuration key, all callers under "other" share one, as
// ThrottleMediator.doThrottleByAccessRate counts uniqueKey + getConfigurationKeyOfCaller(ip): oracle-s14-W2-throttle-ip)
const caller = (
  id: string,
) => `<wsp:Policy><throttle:ID throttle:type="IP">${id}</throttle:ID><wsp:Policy><throttle:Control><wsp:Policy>
    <throttle:MaximumCount>1</throttle:MaximumCount><throttle:UnitTime>60000</throttle:UnitTime>
  </wsp:Policy></throttle:Control></wsp:Policy></wsp:Policy>`;
const policy = `<policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy" xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle">
  <throttle:MediatorThrottleAssertion>${caller('other')}${caller('10.1.1.1')}${caller('10.1.1.2')}</throttle:MediatorThrottleAssertion></wsp:Policy></policy>`;

describe('oracle s13 S6: an IP throttle counts the X-Forwarded-For client (Synapse ThrottleMediatorTest)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Gate.xml': `<api ${NS} name="Gate" context="/gate"><resource methods="GET"><inSequence><throttle id="GateT">${policy}
        <onAccept><payloadFactory media-type="text"><format>in</format><args/></payloadFactory><respond/></onAccept>
        <onReject><payloadFactory media-type="text"><format>out</format><args/></payloadFactory><respond/></onReject>
      </throttle></inSequence></resource></api>`,
    });
  });
  after(() => t.close());
  const get = async (xff?: string) =>
    (await send(`${t.base}/gate`, { headers: xff ? { 'X-Forwarded-For': xff } : {} })).text;

  it('each forwarded client has its own count; the first address of a list is the client', async () => {
    assert.equal(await get('10.1.1.1'), 'in');
    assert.equal(await get('10.1.1.1'), 'out');
    assert.equal(await get('10.1.1.2, 10.9.9.9'), 'in');
    assert.equal(await get('10.1.1.2'), 'out');
    assert.equal(await get(), 'in');
    assert.equal(await get(), 'out');
  });
});
