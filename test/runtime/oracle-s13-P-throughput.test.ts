/**
 * Session 13 (issue #3, throughput): what the request path does more cheaply must give the same bytes. An answer's
 * head and one whole body written as one buffer (endWhole) against Node's own end(), on raw sockets, chunked and
 * not, small and large, pipelined; the activityid the transport makes (randomUuid) is a version 4 UUID as
 * crypto.randomUUID writes it; a flow that reads no property never writes the transport's deferred ones.
 */
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import net from 'node:net';
import { endWhole, ListenerResponse } from '../../runtime-debug/engine/listenerResponse';
import { randomUuid } from '../../runtime-debug/engine/uuid';
import { Headers, MessageContext } from '../../runtime-debug/engine/context';
import { api, NS, send, startBackend, startRuntime } from './helpers';

type Writer = (res: ServerResponse, body: Buffer) => void;

/** A server answering each request 200 with the `lines` and a body of `size` bytes, ended by `end`. */
async function serverWith(
  end: Writer,
  lines: string[],
  size: number,
): Promise<{ port: number; close(): void }> {
  const server = createServer({ ServerResponse: ListenerResponse }, (req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, [...lines, 'Date', 'Sun, 29 Nov 2026 00:00:00 GMT']);
      end(res, Buffer.alloc(size, 'x'));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
}

/** Writes `raw` and collects what comes back for `ms` (or until the server closes the connection). */
function rawExchange(port: number, raw: string, ms = 150): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    const done = () => {
      s.destroy();
      resolve(text);
    };
    const timer = setTimeout(done, ms);
    s.on('data', (d) => (text += d.toString('latin1')));
    s.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    s.write(raw);
  });
}

async function bytesOf(end: Writer, lines: string[], size: number, raw: string): Promise<string> {
  const s = await serverWith(end, lines, size);
  try {
    return await rawExchange(s.port, raw);
  } finally {
    s.close();
  }
}

const GET = 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n';

describe('oracle s13 P: the request path made cheaper gives the same answers (issue #3)', () => {
  const nodeEnd: Writer = (res, body) => res.end(body);
  const cases: [string, string[], number, string][] = [
    ['chunked, small body', ['Content-Type', 'application/xml'], 1061, GET],
    ['chunked, a body over the one-buffer limit', ['Content-Type', 'application/xml'], 40_000, GET],
    ['a Content-Length given', ['Content-Type', 'text/plain', 'Content-Length', '5'], 5, GET],
    ['an HTTP/1.0 request (read to the close)', ['Content-Type', 'text/plain'], 7, 'GET /a HTTP/1.0\r\n\r\n'],
    ['two pipelined requests', ['Content-Type', 'text/plain'], 3, GET + GET],
    [
      'a HEAD request (no body written)',
      ['Content-Type', 'text/plain'],
      9,
      'HEAD /a HTTP/1.1\r\nHost: x\r\n\r\n',
    ],
  ];
  for (const [name, lines, size, raw] of cases)
    it(`${name}: the same bytes`, async () => {
      const expected = await bytesOf(nodeEnd, lines, size, raw);
      const ours = await bytesOf(endWhole, lines, size, raw);
      assert.ok(expected.startsWith('HTTP/1.'), expected);
      assert.equal(ours, expected);
    });

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
    const t = await startRuntime({
      'Relay.xml': api(
        'Relay',
        '/relay',
        `<call><endpoint><address uri="${backend.url}/echo"/></endpoint></call><respond/>`,
      ),
      // a pass-through proxy: its target endpoint, then send in the out sequence
      'RelayProxy.xml': `<proxy ${NS} name="RelayProxy" transports="http"><target><endpoint><address uri="${backend.url}/echo"/></endpoint><outSequence><send/></outSequence></target></proxy>`,
    });
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
