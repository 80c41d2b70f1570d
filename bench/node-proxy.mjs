// The floor of the runtime bench: the least a Node process can do to proxy HTTP with the runtime's own stack
// (node:http in, an undici keep-alive Pool out), with no mediation at all: read the request body, dispatch it to the
// backend with a handler that collects the answer, and write it back with one end().
// Usage: node bench/node-proxy.mjs PORT BACKEND_PORT
import { collect, serve } from './node-proxy-common.mjs';

function answer(res, status, type, b) {
  res.writeHead(status, { 'content-type': type, 'content-length': b.length });
  res.end(b);
}

serve('node-proxy', (pool, req, res, body) => {
  pool.dispatch(
    {
      method: req.method,
      path: '/echo',
      headers: { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' },
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    },
    collect(res, answer),
  );
});
