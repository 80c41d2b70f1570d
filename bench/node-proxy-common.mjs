// What bench/node-proxy.mjs and bench/node-proxy-mi.mjs share: the server (node:http in, an undici keep-alive Pool
// out, the request body read whole) and the dispatch handler collecting the backend's answer whole. Each proxy gives
// only what it sends (handle) and how it answers (answer). Usage of both: node bench/<proxy>.mjs PORT BACKEND_PORT
import { createServer } from 'node:http';
import { Pool } from 'undici';

function readAll(stream, done) {
  const chunks = [];
  stream.on('data', (c) => chunks.push(c));
  stream.on('end', () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
}

/**
 * A dispatch handler collecting the backend's answer, then calling answer(res, status, contentType, body) once;
 * a failed call answers 502 with no body.
 */
export function collect(res, answer) {
  const chunks = [];
  let status = 502;
  let type;
  return {
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
      answer(res, status, type, chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    },
    onResponseError() {
      res.writeHead(502, { 'content-length': 0 });
      res.end();
    },
  };
}

/** Starts the proxy named name: handle(pool, req, res, body) is called with each request's whole body. */
export function serve(name, handle) {
  const [port, backendPort] = process.argv.slice(2).map(Number);
  const pool = new Pool(`http://127.0.0.1:${backendPort}`, { connections: 128, keepAliveTimeout: 30_000 });
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    readAll(req, (body) => handle(pool, req, res, body));
  });
  server.listen(port, '127.0.0.1', () => process.stdout.write(`${name} ${server.address().port}\n`));
  process.on('SIGTERM', () => process.exit(0));
}
