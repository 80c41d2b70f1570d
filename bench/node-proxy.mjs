// The floor of the runtime bench: the least a Node process can do to proxy HTTP with the runtime's own stack
// (node:http in, an undici keep-alive Pool out), with no mediation at all: read the request body, dispatch it to the
// backend with a handler that collects the answer, and write it back with one end().
// Usage: node bench/node-proxy.mjs PORT BACKEND_PORT
import { createServer } from 'node:http';
import { Pool } from 'undici';

const [port, backendPort] = process.argv.slice(2).map(Number);
const pool = new Pool(`http://127.0.0.1:${backendPort}`, { connections: 128, keepAliveTimeout: 30_000 });

function readAll(stream, done) {
  const chunks = [];
  stream.on('data', (c) => chunks.push(c));
  stream.on('end', () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
}

const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  readAll(req, (body) => {
    const chunks = [];
    let status = 502;
    let type;
    pool.dispatch(
      {
        method: req.method,
        path: '/echo',
        headers: { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' },
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      },
      {
        // (a handler with onRequestStart is one of undici's current handlers; without it undici expects the old ones)
        onRequestStart() {},
        onResponseStart(_c, statusCode, headers) {
          status = statusCode;
          type = headers['content-type'];
        },
        onResponseData(_c, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          const b = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
          res.writeHead(status, { 'content-type': type, 'content-length': b.length });
          res.end(b);
        },
        onResponseError() {
          res.writeHead(502, { 'content-length': 0 });
          res.end();
        },
      },
    );
  });
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`node-proxy ${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
