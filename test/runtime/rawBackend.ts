/**
 * A back end on a plain TCP socket, for answers no HTTP server library would write (a close after the request, a
 * reset, bytes that are not HTTP, a cut body): it reads each request and then lets the test act on the socket.
 */
import net from 'node:net';

const CRLF = '\r\n';

export interface RawBackend {
  port: number;
  close(): Promise<void>;
}

/**
 * Starts the back end on 127.0.0.1. `act` runs once per connection: after the whole request (its head, then its
 * Content-Length or chunked body) or, with `whenHead`, as soon as the head has arrived.
 */
export async function startRawBackend(
  act: (s: net.Socket) => void,
  opts: { whenHead?: boolean } = {},
): Promise<RawBackend> {
  const sockets = new Set<net.Socket>();
  const srv = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    let got = '';
    let done = false;
    s.on('data', (d) => {
      if (done) return;
      got += d.toString('latin1');
      const end = got.indexOf(CRLF + CRLF);
      if (end < 0) return;
      if (!opts.whenHead) {
        const head = got.slice(0, end);
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
        if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
          if (!got.endsWith(`${CRLF}0${CRLF}${CRLF}`)) return;
        } else if (got.length - end - 4 < (length ? Number(length[1]) : 0)) return;
      }
      done = true;
      act(s);
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
