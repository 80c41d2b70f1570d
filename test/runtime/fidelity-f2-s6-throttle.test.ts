/**
 * Throttle policies kept by key (helper F2, session 6), with our own fixtures over real HTTP.
 *
 * `<throttle><policy key="K"/>` reads the WS-Policy from the local entry (or registry resource) K the first time a
 * message comes, as Synapse ThrottleMediator.doInitializeThrottleDynamicPolicy creates the throttle from the entry; a
 * key that names nothing fails the message with "Cannot find throttling policy using key : K". Ours had refused
 * such a policy as unsupported (MI tests-service SpecifyThrottlingPolicyAsLocalEntryTestCase keeps its policy so).
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, NS, type TestRuntime } from './helpers';

const policy = (max: number) => `<wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"
    xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle"><throttle:MediatorThrottleAssertion>
  <wsp:Policy><throttle:ID throttle:type="IP">other</throttle:ID><wsp:Policy><throttle:Control><wsp:Policy>
    <throttle:MaximumCount>${max}</throttle:MaximumCount><throttle:UnitTime>60000</throttle:UnitTime>
  </wsp:Policy></throttle:Control></wsp:Policy></wsp:Policy>
</throttle:MediatorThrottleAssertion></wsp:Policy>`;

const gate = (id: string, key: string) => `<throttle id="${id}"><policy key="${key}"/>
  <onAccept><payloadFactory media-type="json"><format>{"gate":"open"}</format><args/></payloadFactory><respond/></onAccept>
  <onReject><property name="HTTP_SC" value="429" scope="axis2"/>
    <payloadFactory media-type="json"><format>{"gate":"closed"}</format><args/></payloadFactory><respond/></onReject>
</throttle>`;

describe('runtime fidelity (F2 s6): throttle policy by key', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'TurnstilePolicy.xml': `<localEntry ${NS} key="turnstilePolicy">${policy(2)}</localEntry>`,
      'Turnstile.xml': api('Turnstile', '/turnstile', gate('turnstileGate', 'turnstilePolicy')),
      'NoPolicy.xml': api('NoPolicy', '/no-policy', gate('noPolicyGate', 'policyNobodyWrote')).replace(
        '</resource>',
        `<faultSequence><payloadFactory media-type="json"><format>{"why":"$1"}</format>
          <args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence></resource>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
  });

  it('reads the policy from the local entry: two pass in the unit of time, the third is rejected', async () => {
    const got: [number, unknown][] = [];
    for (let i = 0; i < 3; i++) {
      const r = await send(`${t.base}/turnstile`);
      got.push([r.status, r.json()]);
    }
    assert.deepEqual(got, [
      [200, { gate: 'open' }],
      [200, { gate: 'open' }],
      [429, { gate: 'closed' }],
    ]);
  });

  it('a key that names no policy fails the message with MI words', async () => {
    const r = await send(`${t.base}/no-policy`);
    assert.deepEqual(r.json(), { why: 'Cannot find throttling policy using key : policyNobodyWrote' });
  });
});
