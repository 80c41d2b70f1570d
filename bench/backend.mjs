// The Node backend every proxy under test forwards to (nginx and our runtime alike): answers POST with the request
// body (an echo) and GET with a fixed 1 KB XML body. Keep-alive, no logging. Usage: node bench/backend.mjs PORT
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const fixed = Buffer.from(`<response><status>ok</status><pad>${'x'.repeat(990)}</pad></response>`);
const server = createServer((req, res) => {
  if (req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/xml', 'content-length': fixed.length });
    res.end(fixed);
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    res.writeHead(200, {
      'content-type': req.headers['content-type'] ?? 'application/xml',
      'content-length': body.length,
    });
    res.end(body);
  });
});
server.keepAliveTimeout = 65000;
server.listen(port, '127.0.0.1', () => process.stdout.write(`backend ${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
