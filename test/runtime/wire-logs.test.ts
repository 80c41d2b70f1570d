/**
 * Wire logs as MI's synapse-transport-http-wire logger writes them at DEBUG: the bytes a client sends (`>>`) and gets
 * (`<<`) on the listener, and the bytes sent to a back end (`<<`) and received from it (`>>`) on the sender, a log
 * line per line of the exchange with [\r][\n] markers. Off until that logger is at DEBUG (not by a DEBUG root).
 * In-process runtime and a real back end over HTTP, and `synapse run --wire` as a process.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WIRE_LOGGER, wireLines } from '../../runtime-debug/engine';
import { api, NS, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

/** POST over a fresh connection (so the listener sees the request from its first byte). */
function post(url: string, body: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', agent: false, headers: { 'Content-Type': 'application/json', 'X-Trace': 'w1' } },
      (res) => {
        let t = '';
        res.on('data', (d: Buffer) => (t += d.toString()));
        res.on('end', () => resolve(t));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('runtime: wire logs (synapse-transport-http-wire)', () => {
  let be: Backend;
  let t: TestRuntime;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'X-Backend': 'b1' });
      res.end(`{"got":${req.body}}`);
    });
    t = await startRuntime({
      'Wired.xml': api(
        'Wired',
        '/wired',
        `<call><endpoint><address uri="${be.url}/orders"/></endpoint></call><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });
  const wire = (from: number) =>
    t.logs
      .slice(from)
      .filter((l) => l.category === 'wire')
      .map((l) => l.message);

  it('is off by default, and a DEBUG level for every logger leaves it off', async () => {
    let from = t.logs.length;
    assert.equal(await post(`${t.base}/wired`, '{"n":1}'), '{"got":{"n":1}}');
    assert.deepEqual(wire(from), []);
    t.rt.executor.loggers.setAll('DEBUG');
    from = t.logs.length;
    await post(`${t.base}/wired`, '{"n":2}');
    assert.deepEqual(wire(from), []);
  });

  it('at DEBUG logs both sides of the exchange, line by line, with the threads MI names', async () => {
    t.rt.executor.loggers.setLevel(WIRE_LOGGER, 'DEBUG');
    const from = t.logs.length;
    assert.equal(await post(`${t.base}/wired`, '{"n":3}'), '{"got":{"n":3}}');
    const lines = wire(from);
    const L = 'HTTP-Listener I/O dispatcher-1';
    const S = 'HTTP-Sender I/O dispatcher-1';
    const at = (s: string) => {
      const i = lines.indexOf(s);
      assert.ok(i >= 0, `${s} in\n${lines.join('\n')}`);
      return i;
    };
    // the client's request as it came, then what went to the back end, its answer, and the answer to the client
    const order = [
      at(`${L} >> "POST /wired HTTP/1.1[\\r][\\n]"`),
      at(`${L} >> "X-Trace: w1[\\r][\\n]"`),
      at(`${L} >> "{"n":3}"`),
      at(`${S} << "POST /orders HTTP/1.1[\\r][\\n]"`),
      at(`${S} << "content-length: 7[\\r][\\n]"`),
      at(`${S} << "{"n":3}"`),
      at(`${S} >> "HTTP/1.1 200 OK[\\r][\\n]"`),
      at(`${S} >> "X-Backend: b1[\\r][\\n]"`),
      at(`${S} >> "{"got":{"n":3}}"`),
      at(`${L} << "HTTP/1.1 200 OK[\\r][\\n]"`),
      at(`${L} << "{"got":{"n":3}}"`),
    ];
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
    );
    // each is a DEBUG record of the wire logger, printed as MI prints it
    const rec = t.logs.slice(from).find((l) => l.category === 'wire')!;
    assert.equal(rec.level, 'DEBUG');
    assert.match(
      rec.line,
      /^\[[^\]]+\] DEBUG \{wire\} - HTTP-Listener I\/O dispatcher-1 >> "POST \/wired HTTP\/1\.1\[\\r\]\[\\n\]"$/,
    );
    // switched off again, nothing more
    t.rt.executor.loggers.setLevel(WIRE_LOGGER, 'OFF');
    const later = t.logs.length;
    await post(`${t.base}/wired`, '{"n":4}');
    assert.deepEqual(wire(later), []);
  });

  it('switched on while a client connection is open, it logs that connection from its next request on', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (n: number) =>
      new Promise<string>((resolve, reject) => {
        const req = request(
          `${t.base}/wired`,
          { method: 'POST', agent, headers: { 'Content-Type': 'application/json' } },
          (res) => {
            let b = '';
            res.on('data', (d: Buffer) => (b += d.toString()));
            res.on('end', () => resolve(b));
          },
        );
        req.on('error', reject);
        req.end(`{"k":${n}}`);
      });
    try {
      t.rt.executor.loggers.setLevel(WIRE_LOGGER, 'OFF');
      assert.equal(await get(1), '{"got":{"k":1}}');
      // as PATCH /management/logging does: the same logger table
      t.rt.executor.loggers.setLevel(WIRE_LOGGER, 'DEBUG');
      let from = t.logs.length;
      await get(2);
      // the request that found the change is answered on the tapped socket
      assert.ok(
        wire(from).includes('HTTP-Listener I/O dispatcher-1 << "{"got":{"k":2}}"'),
        wire(from).join('\n'),
      );
      from = t.logs.length;
      await get(3);
      assert.ok(wire(from).includes('HTTP-Listener I/O dispatcher-1 >> "{"k":3}"'), wire(from).join('\n'));
    } finally {
      t.rt.executor.loggers.setLevel(WIRE_LOGGER, 'OFF');
      agent.destroy();
    }
  });

  it('escapes CR, LF and bytes outside printable ASCII as Synapse does', () => {
    assert.deepEqual(wireLines('>> ', Buffer.from([0x61, 0x0d, 0x0a, 0x00, 0xff, 0x7e])), [
      '>> "a[\\r][\\n]"',
      '>> "[0x0][0xff]~"',
    ]);
  });
});

describe('runtime: synapse run --wire (CLI process)', function () {
  this.timeout(30_000);
  it('prints the wire lines of a request', async () => {
    const be = await startBackend();
    const dir = mkdtempSync(join(tmpdir(), 'synapse-wire-'));
    try {
      mkdirSync(join(dir, 'apis'));
      writeFileSync(
        join(dir, 'apis', 'Wired.xml'),
        `<api ${NS} name="Wired" context="/wired"><resource methods="POST"><inSequence>
<call><endpoint><address uri="${be.url}/w"/></endpoint></call><respond/></inSequence></resource></api>`,
      );
      const proc = spawn(
        process.execPath,
        [join(__dirname, '../../dist/cli.js'), 'run', dir, '--http-port', '0', '--wire'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let out = '';
      proc.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready:\n${out}`)), 15_000);
        proc.stdout.on('data', () => {
          const m = /API Wired: (http:\/\/127\.0\.0\.1:\d+\/wired)/.exec(out);
          if (m && out.includes('ready')) {
            clearTimeout(timer);
            resolve(m[1]!);
          }
        });
      });
      await post(url, '{"k":1}');
      // the process writes its wire lines as the bytes pass: waited for, not a fixed time (a busy machine)
      await until(
        'the wire lines of the request and of the call',
        () => out.includes('dispatcher-1 >> "POST /wired ') && out.includes('dispatcher-1 << "POST /w '),
      ).finally(() => proc.kill('SIGTERM'));
      await new Promise((r) => proc.on('close', r));
      assert.match(
        out,
        /DEBUG \{wire\} - HTTP-Listener I\/O dispatcher-1 >> "POST \/wired HTTP\/1\.1\[\\r\]\[\\n\]"/,
      );
      assert.match(
        out,
        /DEBUG \{wire\} - HTTP-Sender I\/O dispatcher-1 << "POST \/w HTTP\/1\.1\[\\r\]\[\\n\]"/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await be.close();
    }
  });
});
