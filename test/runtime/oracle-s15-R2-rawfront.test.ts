/**
 * Review R2 of the relay path's raw front end (runtime-debug/engine/rawFront.ts): cases where what it does, or what
 * the relay path hands it, differed from node:http's listener (relay off) or broke the runtime.
 */
import { strict as assert } from 'node:assert';
import { connect, createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent, IncomingMessage, request as httpRequest } from 'node:http';
import { WIRE_LOGGER } from '../../runtime-debug/engine';
import { NS, startRuntime, tcpExchange, type TestRuntime } from './helpers';
import { until } from '../support';

const json = '{"a":1}';

/** A back end answering each request head it reads with `answer`. */
async function rawBackend(answer: Buffer): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => {
    let buf = '';
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      for (let i = buf.indexOf('\r\n\r\n'); i >= 0; i = buf.indexOf('\r\n\r\n')) {
        const cl = /\r\ncontent-length: *(\d+)/i.exec(buf.slice(0, i));
        const end = i + 4 + (cl ? Number(cl[1]) : 0);
        if (buf.length < end) return;
        buf = buf.slice(end);
        s.write(answer);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port };
}

const api = (port: number) => ({
  'R2RawApi.xml': `<api ${NS} name="R2RawApi" context="/r2raw">
    <resource methods="GET POST" url-mapping="/*">
      <inSequence><call><endpoint><address uri="http://127.0.0.1:${port}/be"/></endpoint></call><respond/></inSequence>
    </resource>
  </api>`,
});

const request = `POST /r2raw/x HTTP/1.1\r\nHost: r2\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`;

/** Sends `bytes`, collects what comes back (as bytes) until a last chunk, the server closes or `ms` pass. */
const exchange = (rt: TestRuntime, bytes: string, ms: number): Promise<Buffer> =>
  tcpExchange(Number(new URL(rt.base).port), bytes, { ms, done: (t) => t.endsWith('\r\n0\r\n\r\n') }).then(
    (r) => Buffer.from(r.text, 'latin1'),
  );

const inflight = (rt: TestRuntime) => (rt.rt as unknown as { inflight: number }).inflight;

describe('raw front end (review R2)', function () {
  this.timeout(20_000);

  it("a back end's reason phrase in UTF-8 goes back as its bytes, relayed raw or not (httpcore reads and writes it byte for byte); Node refused it and the runtime threw", async () => {
    const reason = Buffer.from('Fine \u20ac', 'utf8');
    const be = await rawBackend(
      Buffer.concat([
        Buffer.from('HTTP/1.1 200 '),
        reason,
        Buffer.from(`\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`),
      ]),
    );
    const heads: string[] = [];
    for (const relay of [true, false]) {
      const rt = await startRuntime(api(be.port), { relay });
      try {
        const got = await exchange(rt, request, 1500);
        const head = got.subarray(0, got.indexOf('\r\n'));
        assert.ok(
          head.equals(Buffer.concat([Buffer.from('HTTP/1.1 200 '), reason])),
          head.toString('latin1'),
        );
        assert.ok(got.toString('latin1').endsWith(`7\r\n${json}\r\n0\r\n\r\n`));
        assert.equal(inflight(rt), 0);
        assert.equal(rt.rt.rawCount, relay ? 1 : 0);
        heads.push(got.toString('latin1').replace(/\r\nDate: [^\r]*/, ''));
      } finally {
        await rt.close();
      }
    }
    assert.equal(heads[0], heads[1]);
    be.server.close();
  });
  it('an idle kept-alive connection ends after keepAliveTimeout plus the 1 s buffer node:http adds (resOnFinish), read raw or not', async () => {
    const be = await rawBackend(
      Buffer.from(
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
      ),
    );
    for (const relay of [true, false]) {
      const rt = await startRuntime(api(be.port), { relay });
      try {
        (rt.rt as unknown as { server: { keepAliveTimeout: number } }).server.keepAliveTimeout = 150;
        const closedAfter = await new Promise<number>((resolve) => {
          const s = connect(Number(new URL(rt.base).port), '127.0.0.1');
          let answered = 0;
          s.on('error', () => undefined);
          s.on('data', (d: Buffer) => {
            if (d.toString('latin1').endsWith('\r\n0\r\n\r\n')) answered = Date.now();
          });
          s.on('close', () => resolve(answered === 0 ? -1 : Date.now() - answered));
          s.write(request);
        });
        assert.equal(rt.rt.rawCount, relay ? 1 : 0);
        // (150 ms + 1000 ms: node:http's HTTP_SERVER_KEEP_ALIVE_TIMEOUT_BUFFER, Node 24's keepAliveTimeoutBuffer)
        assert.ok(
          closedAfter >= 1000 && closedAfter < 6000,
          `relay ${relay}: closed ${closedAfter} ms after the answer`,
        );
      } finally {
        await rt.close();
      }
    }
    be.server.close();
  });
  it('a client that sends requests one by one without reading the answers is read no further once they back up, then served on (node:http parserOnIncoming / socketOnDrain)', async () => {
    const body = 'x'.repeat(60_000);
    let hits = 0;
    const be = await rawBackend(
      Buffer.from(
        `HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      ),
    );
    be.server.on('connection', (s) => s.on('data', () => hits++));
    const total = 120;
    const seen: number[] = [];
    for (const relay of [false, true]) {
      const rt = await startRuntime(api(be.port), { relay });
      try {
        hits = 0;
        const s = connect(Number(new URL(rt.base).port), '127.0.0.1');
        s.setNoDelay(true);
        s.pause();
        s.on('error', () => undefined);
        await new Promise((r) => s.once('connect', r));
        // (one at a time, so that the raw front end reads each alone)
        for (let i = 0; i < total; i++) {
          s.write('GET /r2raw/big HTTP/1.1\r\nHost: r2\r\n\r\n');
          await new Promise((r) => setTimeout(r, 8));
        }
        // what the runtime read once it reads no more: the count unchanged for 300 ms (not a fixed time after
        // the last write: a busy machine may still be reading then)
        for (let last = -1, still = 0; still < 3;) {
          await new Promise((r) => setTimeout(r, 100));
          still = hits === last ? still + 1 : 0;
          last = hits;
        }
        seen.push(hits);
        // the client reads again: every request is answered
        let text = '';
        let answers = 0;
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`relay ${relay}: ${answers} answers`)), 10_000);
          s.on('data', (d: Buffer) => {
            text = (text + d.toString('latin1')).slice(-16);
            answers += (d.toString('latin1').match(/HTTP\/1\.1 200 OK/g) ?? []).length;
            if (answers === total && text.endsWith('\r\n0\r\n\r\n')) {
              clearTimeout(timer);
              resolve();
            }
          });
          s.resume();
        });
        s.destroy();
        await until('no request in flight', () => inflight(rt) === 0);
        if (relay) assert.ok(rt.rt.rawCount > 0);
      } finally {
        await rt.close();
      }
    }
    // (node:http stops once the socket's writes back up; the raw front end read and answered every request)
    assert.ok(seen[0] < total, `node:http read ${seen[0]}`);
    assert.ok(seen[1] <= seen[0] + 3, `read raw ${seen[1]}, node:http ${seen[0]}`);
    be.server.close();
  });
  it('wire logs switched on log a connection opened before, from its next request on, though another connection saw the change first (read raw or not)', async () => {
    const be = await rawBackend(
      Buffer.from(
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
      ),
    );
    for (const relay of [true, false]) {
      const rt = await startRuntime(api(be.port), { relay });
      const agents = [
        new Agent({ keepAlive: true, maxSockets: 1 }),
        new Agent({ keepAlive: true, maxSockets: 1 }),
      ];
      const post = (a: number, n: number) =>
        new Promise<void>((resolve, reject) => {
          const req = httpRequest(
            `${rt.base}/r2raw/w`,
            { method: 'POST', agent: agents[a], headers: { 'Content-Type': 'application/json' } },
            (res) => {
              res.resume();
              res.on('end', () => resolve());
            },
          );
          req.on('error', reject);
          req.end(`{"k":${n}}`);
        });
      try {
        await post(0, 1);
        await post(1, 2);
        rt.rt.executor.loggers.setLevel(WIRE_LOGGER, 'DEBUG');
        // (connection 0 sees the change first)
        await post(0, 3);
        const from = rt.logs.length;
        await post(1, 4);
        await post(1, 5);
        const lines = rt.logs
          .slice(from)
          .filter((l) => l.category === 'wire' && l.message.startsWith('HTTP-Listener'))
          .map((l) => l.message);
        assert.ok(
          lines.includes('HTTP-Listener I/O dispatcher-1 << "HTTP/1.1 200 OK[\\r][\\n]"'),
          lines.join('\n'),
        );
        assert.ok(
          lines.includes('HTTP-Listener I/O dispatcher-1 >> "{"k":5}"'),
          `relay ${relay}: ${lines.join('\n')}`,
        );
      } finally {
        agents.forEach((a) => a.destroy());
        await rt.close();
      }
    }
    be.server.close();
  });
  it("a Node whose parser internals read otherwise than the raw front end expects gets node:http's reading (rawFront.ts feature detection parses one request at start)", async () => {
    const be = await rawBackend(
      Buffer.from(
        `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
      ),
    );
    const proto = IncomingMessage.prototype as unknown as {
      _addHeaderLine: (field: string, value: string, dest: Record<string, unknown>) => void;
    };
    const own = proto._addHeaderLine;
    // (a header reader that keeps the last of two lines)
    proto._addHeaderLine = function (field, value, dest) {
      dest[field.toLowerCase()] = value;
    };
    let rt: TestRuntime | undefined;
    try {
      rt = await startRuntime(api(be.port));
    } finally {
      proto._addHeaderLine = own;
    }
    try {
      const got = await exchange(rt, request, 1500);
      assert.match(got.toString('latin1'), /^HTTP\/1\.1 200 OK\r\n/);
      assert.equal(rt.rt.relayedCount, 1);
      assert.equal(rt.rt.rawCount, 0);
    } finally {
      await rt.close();
    }
    // and with Node's own reader the same request is read raw
    const again = await startRuntime(api(be.port));
    try {
      await exchange(again, request, 1500);
      assert.equal(again.rt.rawCount, 1);
    } finally {
      await again.close();
    }
    be.server.close();
  });
  it('a client gone while the back end fails: the fault sequence still has the request body it sent (read raw: it had none and waited for it)', async () => {
    // (a back end that takes the request and drops the connection 300 ms later: 101508, the fault sequence)
    let calls = 0;
    const be = createServer((s) => {
      s.on('error', () => undefined);
      s.on('data', () => {
        calls++;
        setTimeout(() => s.destroy(), 300);
      });
    });
    await new Promise<void>((r) => be.listen(0, '127.0.0.1', r));
    const port = (be.address() as AddressInfo).port;
    const logs: string[][] = [];
    for (const relay of [true, false]) {
      const rt = await startRuntime(
        {
          'R2GoneApi.xml': `<api ${NS} name="R2GoneApi" context="/r2gone">
            <resource methods="POST" url-mapping="/*">
              <inSequence><call><endpoint><address uri="http://127.0.0.1:${port}/be"/></endpoint></call><respond/></inSequence>
              <faultSequence><log level="full"/><respond/></faultSequence>
            </resource>
          </api>`,
        },
        { relay },
      );
      try {
        const l0 = rt.logs.length;
        const s = connect(Number(new URL(rt.base).port), '127.0.0.1');
        s.on('error', () => undefined);
        const called = calls;
        s.write(request.replace('/r2raw/', '/r2gone/'));
        // gone while the back end fails: once the call is there (it drops it 300 ms later)
        await until('the call at the back end', () => calls > called);
        s.destroy();
        await until('the fault sequence log', () =>
          rt.logs.slice(l0).some((l) => l.message.includes('Direction: request')),
        );
        await until(`no request in flight (relay ${relay})`, () => inflight(rt) === 0);
        logs.push(
          rt.logs.slice(l0).map((l) =>
            l.message
              .replace(/[0-9a-f-]{36}/g, 'U')
              .replace(/\d\d:\d\d:\d\d/g, 'T')
              .replace(/:\d+\//g, ':P/'),
          ),
        );
      } finally {
        await rt.close();
      }
    }
    assert.ok(
      logs[1].some((l) => l.endsWith(`Payload: ${json}`)),
      logs[1].join('\n'),
    );
    assert.deepEqual(logs[0], logs[1]);
    be.close();
  });
});
