import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readRemoteText } from '../../runtime-debug/engine/remoteText';

// readRemoteText: what deployment reads from http(s) URLs (publishWSDL, localEntry src) and wsdl endpoints

describe('readRemoteText', () => {
  let server: Server;
  let base: string;
  let endlessStopped: Promise<void>;
  before(async () => {
    let stopped!: () => void;
    endlessStopped = new Promise((r) => (stopped = r));
    server = createServer((req, res) => {
      if (req.url === '/doc') res.end('\uFEFF<a>é</a>');
      else if (req.url === '/gone') res.writeHead(404).end('not here');
      else if (req.url === '/endless') {
        res.writeHead(200, { 'content-type': 'text/xml' });
        const chunk = Buffer.alloc(64 * 1024, 0x61);
        const timer = setInterval(() => res.write(chunk), 1);
        res.on('close', () => {
          clearInterval(timer);
          stopped();
        });
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('reads a document as UTF-8 text without its BOM', async () => {
    assert.deepEqual(await readRemoteText(`${base}/doc`, 1024), {
      status: 200,
      text: '<a>é</a>',
      tooLarge: false,
    });
  });

  it('gives an error status without reading its body', async () => {
    assert.deepEqual(await readRemoteText(`${base}/gone`, 1024), {
      status: 404,
      text: undefined,
      tooLarge: false,
    });
  });

  it('stops reading a body at the limit and closes the connection', async () => {
    const r = await readRemoteText(`${base}/endless`, 1024 * 1024);
    assert.deepEqual(r, { status: 200, text: undefined, tooLarge: true });
    await endlessStopped;
  });

  it('a read that takes longer than the timeout fails as a timeout', async () => {
    await assert.rejects(readRemoteText(`${base}/endless`, 1024 * 1024 * 1024, 200), {
      name: 'TimeoutError',
    });
  });
});
