/**
 * Session 13 (issue #3, throughput): what the request path does more cheaply must give the same answers: the
 * activityid the transport makes (randomUuid) is a version 4 UUID as crypto.randomUUID writes it; a flow that reads
 * no property never writes the transport's deferred ones.
 */
import assert from 'node:assert/strict';
import { randomUuid } from '../../runtime-debug/engine/uuid';
import { Headers, MessageContext } from '../../runtime-debug/engine/context';
import { api, NS, send, startBackend, startRuntime } from './helpers';

describe('oracle s13 P: the request path made cheaper gives the same answers (issue #3)', () => {
  it('the activityid made for a request is a version 4 UUID, a new one each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const id = randomUuid();
      assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(id);
    }
    assert.equal(seen.size, 1000);
  });

  it("a call and respond, and a proxy relaying, that read no property never write the deferred transport properties (553b9c6, Action and RelatesTo after a call) nor read the answer's header lines", async () => {
    // the dozen properties the transport defers (writeRouteProps) are written on the first look at ctx.props; a
    // pass-through flow never looks. A look on every request (as an Action read after a call's answer did) costs
    // about a tenth of the request's CPU
    const backend = await startBackend();
    // (the relay path off: it would answer the call and respond without a message context, so nothing here would
    // look at the mediation path's properties)
    const t = await startRuntime(
      {
        'Relay.xml': api(
          'Relay',
          '/relay',
          `<call><endpoint><address uri="${backend.url}/echo"/></endpoint></call><respond/>`,
        ),
        // a pass-through proxy: its target endpoint, then send in the out sequence
        'RelayProxy.xml': `<proxy ${NS} name="RelayProxy" transports="http"><target><endpoint><address uri="${backend.url}/echo"/></endpoint><outSequence><send/></outSequence></target></proxy>`,
      },
      { relay: false },
    );
    const desc = Object.getOwnPropertyDescriptor(MessageContext.prototype, 'props')!;
    let looks = 0;
    Object.defineProperty(MessageContext.prototype, 'props', {
      ...desc,
      get(this: MessageContext) {
        looks++;
        return desc.get!.call(this);
      },
    });
    // nor reads the back end's header lines into the header map (Headers.load): the answer is written from them
    const headers = Headers.prototype as unknown as { load(): void };
    const load = headers.load;
    let loads = 0;
    headers.load = function (this: Headers) {
      loads++;
      load.call(this);
    };
    try {
      const r = await send(`${t.base}/relay`, { body: '<a>1</a>', type: 'application/xml' });
      assert.equal(r.status, 200);
      assert.equal(t.rt.relayedCount, 0);
      const p = await send(`${t.base}/services/RelayProxy`, { body: '<a>2</a>', type: 'application/xml' });
      assert.equal(p.status, 200);
      assert.equal((p.json() as { body: string }).body, '<a>2</a>');
      assert.equal(looks, 0);
      assert.equal(loads, 0);
    } finally {
      Object.defineProperty(MessageContext.prototype, 'props', desc);
      headers.load = load;
      await t.close();
      await backend.close();
    }
  });
});
