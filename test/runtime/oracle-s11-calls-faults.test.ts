/**
 * Oracle sweep (session 11, H4): call / send / callout failures and fault sequences as MI answers them, against real
 * back ends on 127.0.0.1 started by the test. Our own API names and payloads; the MI test or source each case
 * follows is named in its title.
 *
 * ERROR_CODE of a pass-through failure is the transport's base code plus the ordinal of the connection's protocol
 * state (Synapse TargetErrorHandler.getErrorCode: REQUEST_READY 0 ... REQUEST_DONE 3); BASE_ERROR_CODE keeps the base.
 * A back end that takes the request and closes without a status line faults in REQUEST_DONE: CONNECTION_CLOSED
 * 101505 + 3 = 101508 (MI tests-patches ESBJAVA4394 asserts 101508 in the client's fault); an answer that is not
 * HTTP is PROTOCOL_VIOLATION 101506 + 3; a refused connection is 101503 (REQUEST_READY).
 */
import assert from 'node:assert/strict';
import net from 'node:net';
import { api, closedPort, send, startRuntime, type TestRuntime } from './helpers';

const CRLF = '\r\n';

interface RawBackend {
  port: number;
  close(): Promise<void>;
}

/** A TCP back end that reads a request head and then does `act` with the socket. */
async function rawBackend(act: (s: net.Socket) => void): Promise<RawBackend> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let head = '';
    let done = false;
    s.on('data', (d) => {
      if (done) return;
      head += d.toString('latin1');
      if (head.includes(CRLF + CRLF)) {
        done = true;
        // let a small body arrive too: the request is then written whole (REQUEST_DONE)
        setTimeout(() => act(s), 20);
      }
    });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => r());
      }),
  };
}

/** An API whose call goes to `url` and whose fault sequence answers the error properties as JSON. */
function faultApi(name: string, context: string, url: string, blocking = false): string {
  return `<api xmlns="http://ws.apache.org/ns/synapse" name="${name}" context="${context}">
    <resource methods="POST GET"><inSequence>
      <call${blocking ? ' blocking="true"' : ''}><endpoint><http method="post" uri-template="${url}"/></endpoint></call>
      <respond/>
    </inSequence><faultSequence>
      <payloadFactory media-type="json"><format>{"code":"$1","message":"$2","base":"$3"}</format><args>
        <arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/><arg expression="$ctx:BASE_ERROR_CODE"/>
      </args></payloadFactory>
      <respond/>
    </faultSequence></resource></api>`;
}

describe('oracle s11 (H4): calls, faults and their answers', () => {
  let t: TestRuntime;
  const backends: RawBackend[] = [];
  before(async () => {
    const closes = await rawBackend((s) => s.end());
    const resets = await rawBackend((s) => s.resetAndDestroy());
    const garbage = await rawBackend((s) =>
      s.end(`0${CRLF}1.1 200 OK${CRLF}Content-Length: 2${CRLF}${CRLF}{}`),
    );
    backends.push(closes, resets, garbage);
    const refused = await closedPort();
    t = await startRuntime({
      'Closes.xml': faultApi('Closes', '/s11-closes', `http://127.0.0.1:${closes.port}/x`),
      'Resets.xml': faultApi('Resets', '/s11-resets', `http://127.0.0.1:${resets.port}/x`),
      'Garbage.xml': faultApi('Garbage', '/s11-garbage', `http://127.0.0.1:${garbage.port}/x`),
      'Refused.xml': faultApi('Refused', '/s11-refused', `http://127.0.0.1:${refused}/x`),
      'ClosesBlocking.xml': faultApi(
        'ClosesBlocking',
        '/s11-closes-blocking',
        `http://127.0.0.1:${closes.port}/x`,
        true,
      ),
      'Plain.xml': api('Plain', '/s11-plain', '<respond/>'),
    });
  });
  after(async () => {
    await t?.close();
    for (const b of backends) await b.close();
  });

  const post = (path: string) => send(`${t.base}${path}`, { body: '{"parcel":7}', type: 'application/json' });

  it('a back end that closes after the request: 101508 = CONNECTION_CLOSED + REQUEST_DONE (ESBJAVA4394, TargetHandler.closed)', async () => {
    const r = await post('/s11-closes');
    assert.deepEqual(r.json(), { code: '101508', message: 'Error in Sender', base: '101505' });
  });

  it('a back end that resets after the request: SND_IO_ERROR + REQUEST_DONE = 101503 (TargetHandler.exception, IOException)', async () => {
    const r = await post('/s11-resets');
    assert.deepEqual(r.json(), { code: '101503', message: 'Error in Sender', base: '101500' });
  });

  it('an answer that is not HTTP: PROTOCOL_VIOLATION + REQUEST_DONE = 101509 (TargetHandler.exception, HttpException)', async () => {
    const r = await post('/s11-garbage');
    assert.deepEqual(r.json(), { code: '101509', message: 'Error in Sender', base: '101506' });
  });

  it('a refused connection: 101503 in REQUEST_READY, "Error connecting to the back end" (DeliveryAgent.errorConnecting)', async () => {
    const r = await post('/s11-refused');
    assert.deepEqual(r.json(), {
      code: '101503',
      message: 'Error connecting to the back end',
      base: '101503',
    });
  });
});
