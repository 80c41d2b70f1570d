// The floor with MI's bytes: bench/node-proxy.mjs made to write exactly what our runtime writes for the bench's
// pass-through API (a plain <call> to an address endpoint, then <respond/>), so that the CPU it costs is what any Node
// runtime on this stack pays for those bytes, and the runtime's excess over it is what its mediation engine adds.
// Towards the back end: the client's header lines but Host/Connection/Content-Type/Content-Length, then activityid
// (a new UUID), MI's pass-through User-Agent, the Content-Type and the length. Towards the client: MI's default CORS
// lines, Server, the back end's Content-Type, chunked (MI's SourceResponse), Date by Node. Check with the runtime's
// wire log (`synapse run --wire`) when either changes. Usage: node bench/node-proxy-mi.mjs PORT BACKEND_PORT
import { randomUUID } from 'node:crypto';
import { collect, serve } from './node-proxy-common.mjs';

const DROPPED = new Set(['host', 'connection', 'content-type', 'content-length']);

function answer(res, status, type, b) {
  res.writeHead(status, [
    'Access-Control-Allow-Methods',
    'POST, GET',
    'Access-Control-Allow-Origin',
    '',
    'Access-Control-Allow-Headers',
    '',
    'Server',
    'WSO2-PassThrough-HTTP',
    'Content-Type',
    type,
    'Transfer-Encoding',
    'chunked',
  ]);
  res.end(b);
}

serve('node-proxy-mi', (pool, req, res, body) => {
  const headers = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!DROPPED.has(name)) headers.push(name, raw[i + 1]);
  }
  headers.push('activityid', randomUUID(), 'user-agent', 'Synapse-PT-HttpComponents-NIO');
  headers.push('content-type', req.headers['content-type'] ?? 'application/octet-stream');
  headers.push('content-length', String(body.length));
  pool.dispatch({ method: req.method, path: `/echo${req.url}`, headers, body }, collect(res, answer));
});
