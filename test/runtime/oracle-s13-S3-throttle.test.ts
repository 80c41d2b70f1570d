/**
 * MI's concurrency throttling tests (tests-mediator-1 .../mediator/test/throttle) with our own proxy over real HTTP:
 * MaximumConcurrentAccess lets that many messages through at once; the slot is given back when the answer passes
 * the outSequence's throttle with the same id (ThrottleMediator: a response releases the concurrent access
 * controller); the others run onReject.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const policy = (max: number) => `<policy><wsp:Policy xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"
  xmlns:throttle="http://www.wso2.org/products/wso2commons/throttle"><throttle:ThrottleAssertion>
  <throttle:MaximumConcurrentAccess>${max}</throttle:MaximumConcurrentAccess></throttle:ThrottleAssertion></wsp:Policy></policy>`;

describe('oracle s13 S3: concurrency throttling (MI throttle test cases)', () => {
  let be: Backend;
  let t: TestRuntime;
  // the back end holds its answers until the burst's rejections are in (a burst expecting none: not at all), so
  // the accepted requests still hold their slots however slowly the burst arrives (5 s at most); a request that
  // reaches it after that is answered at once
  let held: (() => void)[] = [];
  let hold = false;
  before(async () => {
    be = await startBackend(async (_req, res) => {
      if (hold) await new Promise<void>((r) => (held.push(r), setTimeout(r, 5000)));
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<s:Envelope xmlns:s="${S11}"><s:Body><ok>granted</ok></s:Body></s:Envelope>`);
    });
    const proxy = (
      name: string,
      id: string,
      max: number,
    ) => `<proxy ${NS} name="${name}" transports="http"><target>
  <inSequence><throttle id="${id}">${policy(max)}
    <onAccept><send><endpoint><address uri="${be.url}/slow"/></endpoint></send></onAccept>
    <onReject><makefault response="true"><code xmlns:tns="${S11}" value="tns:Server"/><reason value="Too many at once"/></makefault><send/><drop/></onReject>
  </throttle></inSequence>
  <outSequence><throttle id="${id}"/><send/></outSequence></target></proxy>`;
    t = await startRuntime({
      'One.xml': proxy('OneAtATime', 'one', 1),
      'Three.xml': proxy('ThreeAtATime', 'three', 3),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  /** `n` requests at once; the back end answers once `rejected` of them were answered onReject. */
  const burst = async (proxy: string, n: number, rejected: number) => {
    hold = rejected > 0;
    let denied = 0;
    const rs = await Promise.all(
      Array.from({ length: n }, () =>
        send(`${t.base}/services/${proxy}`, {
          body: `<s:Envelope xmlns:s="${S11}"><s:Body><ask/></s:Body></s:Envelope>`,
          type: 'text/xml',
          headers: { SOAPAction: 'urn:ask' },
        }).then((r) => {
          if (r.text.includes('Too many at once') && ++denied === rejected) {
            hold = false;
            for (const release of held) release();
            held = [];
          }
          return r;
        }),
      ),
    );
    return {
      granted: rs.filter((r) => r.text.includes('<ok>granted</ok>')).length,
      denied: rs.filter((r) => r.text.includes('Too many at once')).length,
    };
  };

  it('MaximumConcurrentAccess 1: one of five simultaneous requests passes, four run onReject; the answer frees the slot (MI ConcurrencyThrottlingMaxAccessOneTest)', async () => {
    assert.deepEqual(await burst('OneAtATime', 5, 4), { granted: 1, denied: 4 });
    assert.deepEqual(await burst('OneAtATime', 1, 0), { granted: 1, denied: 0 });
  });

  it('MaximumConcurrentAccess 3: three of five pass (MI ConcurrencyThrottlingTestCase, MaximumConcurrentAccessTest)', async () => {
    assert.deepEqual(await burst('ThreeAtATime', 5, 2), { granted: 3, denied: 2 });
  });
});
