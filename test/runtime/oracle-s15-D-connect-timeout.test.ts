/**
 * A back end whose connection is never made (no SYN-ACK): the pass-through sender's ConnectCallback.timeout warns
 * "Timeout connecting to : <remote address>" and DeliveryAgent.errorConnecting fails the message with
 * CONNECT_TIMEOUT (101508) and "Error connecting to the back end" (Synapse passthru ConnectCallback, DeliveryAgent,
 * ErrorCodes). The address is a listener on 127.0.0.1 whose accept queue is full: a child process listens with a
 * backlog of one and never accepts (its event loop blocked), two connections fill the queue, and Linux then drops
 * the runtime's SYN, so its connect waits until undici's connect timeout (10 s).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const FULL_LISTENER = `
const srv = require('net').createServer();
srv.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(srv.address().port + '\\n', () => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0));
});`;

/** A port on 127.0.0.1 that takes no more connections (accept queue full), or undefined where that cannot be made. */
async function fullListener(): Promise<{ port: number; close(): void } | undefined> {
  const child: ChildProcess = spawn(process.execPath, ['-e', FULL_LISTENER], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(Number(out.trim()));
    });
    child.once('exit', () => resolve(0));
  });
  const held: net.Socket[] = [];
  const close = () => {
    for (const s of held) s.destroy();
    child.kill();
  };
  // fill the queue, then check that one more connection hangs (neither made nor refused)
  const connect = (ms: number) =>
    new Promise<'made' | 'failed' | 'hangs'>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      held.push(s);
      s.once('connect', () => resolve('made'));
      s.once('error', () => resolve('failed'));
      setTimeout(() => resolve('hangs'), ms);
    });
  if (
    !port ||
    (await connect(2000)) !== 'made' ||
    (await connect(2000)) !== 'made' ||
    (await connect(300)) !== 'hangs'
  ) {
    close();
    return undefined;
  }
  return { port, close };
}

describe('oracle S15 D: a connection not made in time (Synapse passthru ConnectCallback.timeout)', function () {
  this.timeout(30000);
  let listener: { port: number; close(): void } | undefined;
  let t: TestRuntime | undefined;
  before(async () => {
    listener = await fullListener();
    // (Linux drops a SYN to a full accept queue; a host where that connect is made or refused fails here, loudly)
    if (!listener) throw new Error('no listener with a full accept queue could be made on 127.0.0.1');
    t = await startRuntime({
      'Kiln.xml': `<api ${NS} name="Kiln" context="/kiln"><resource methods="GET"><inSequence>
        <call><endpoint><http method="get" uri-template="http://127.0.0.1:${listener.port}/glaze"/></endpoint></call>
        <respond/></inSequence><faultSequence>
        <payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args>
          <arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory>
        <respond/></faultSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
    listener?.close();
  });

  it('warns "Timeout connecting to : /127.0.0.1:PORT" and fails the message with 101508 (ConnectCallback, DeliveryAgent.errorConnecting)', async () => {
    const r = await send(`${t!.base}/kiln`);
    assert.deepEqual(r.json(), { code: '101508', message: 'Error connecting to the back end' });
    const warnings = t!.logs.filter((l) => l.level === 'WARN').map((l) => `${l.category} ${l.message}`);
    assert.equal(
      warnings[0],
      `ConnectCallback Timeout connecting to : /127.0.0.1:${listener!.port}`,
      warnings.join('\n'),
    );
  });
});
