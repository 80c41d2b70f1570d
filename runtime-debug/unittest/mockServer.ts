/**
 * Mock services as real HTTP servers on 127.0.0.1 at their declared ports, answering as MI's emulator does: a
 * request matches a resource by path (context + sub-context, with the sub-context's query parameters), method,
 * the declared request payload (compared in assertEquals' normal form, ignoring case) and the declared request
 * headers; a match gets the declared status, headers and payload, anything else 404 with an empty body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { UnitTestCodes, UnitTestError } from './errors';
import type { MockResource, MockService } from './model';
import { normalizeForAssert } from './compare';

/** Largest request body a mock reads. */
const MAX_MOCK_BODY = 10 * 1024 * 1024;

export interface MockMiss {
  service: string;
  method: string;
  url: string;
}

export interface RunningMocks {
  /** Requests no resource matched (the last 50), to explain a failure. */
  misses: MockMiss[];
  /** Requests served, by service name. */
  hits: Map<string, number>;
  close(): Promise<void>;
}

interface CompiledResource {
  resource: MockResource;
  path: string;
  query: [string, string][];
  payload?: string;
}

const trimSlash = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);

function compile(mock: MockService): CompiledResource[] {
  const ctx = mock.context === '/' ? '' : mock.context.replace(/\/+$/, '');
  return mock.resources.map((r) => {
    const u = new URL(
      'http://localhost' + (r.subContext.startsWith('/') ? r.subContext : '/' + r.subContext),
    );
    return {
      resource: r,
      path: trimSlash(decodeURIComponent(ctx + u.pathname)),
      query: [...u.searchParams.entries()],
      payload: r.request?.payload ? normalizeForAssert(r.request.payload).toLowerCase() : undefined,
    };
  });
}

function matches(c: CompiledResource, req: IncomingMessage, url: URL, body: string): boolean {
  let path: string;
  try {
    path = trimSlash(decodeURIComponent(url.pathname));
  } catch {
    return false;
  }
  if (path !== c.path) return false;
  if (req.method !== c.resource.method) return false;
  for (const [k, v] of c.query) if (url.searchParams.get(k) !== v) return false;
  for (const [name, value] of c.resource.request?.headers ?? []) {
    const got = req.headers[name.toLowerCase()];
    if ((Array.isArray(got) ? got.join(', ') : got) !== value) return false;
  }
  if (c.payload !== undefined && normalizeForAssert(body).toLowerCase() !== c.payload) return false;
  return true;
}

function serve(mock: MockService, resources: CompiledResource[], state: RunningMocks) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_MOCK_BODY) {
        if (!refused) {
          refused = true;
          res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' }).end();
          req.destroy();
        }
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (refused) return;
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://localhost');
      const hit = resources.find((c) => matches(c, req, url, body));
      if (!hit) {
        state.misses.push({ service: mock.serviceName, method: req.method ?? '', url: req.url ?? '' });
        if (state.misses.length > 50) state.misses.shift();
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=UTF-8', 'Content-Length': '0' }).end();
        return;
      }
      state.hits.set(mock.serviceName, (state.hits.get(mock.serviceName) ?? 0) + 1);
      const r = hit.resource.response;
      const payload = Buffer.from(r.payload, 'utf8');
      const headers: [string, string][] = r.headers.filter(([n]) => n.toLowerCase() !== 'content-length');
      headers.push(['Content-Length', String(payload.length)]);
      res.writeHead(r.status, headers.flat());
      res.end(req.method === 'HEAD' ? undefined : payload);
    });
    req.on('error', () => res.destroy());
  };
}

/** Starts every mock service; when one cannot listen, closes those already started and throws UNITTEST_MOCK_PORT. */
export async function startMockServices(mocks: MockService[], host = '127.0.0.1'): Promise<RunningMocks> {
  const servers: Server[] = [];
  const state: RunningMocks = {
    misses: [],
    hits: new Map(),
    close: async () => {
      await Promise.all(
        servers.map(
          (s) =>
            new Promise<void>((resolve) => {
              s.close(() => resolve());
              s.closeAllConnections();
            }),
        ),
      );
    },
  };
  const byPort = new Map<number, MockService>();
  try {
    for (const mock of mocks) {
      const other = byPort.get(mock.port);
      if (other)
        throw new UnitTestError(
          UnitTestCodes.MOCK_PORT,
          mock.file,
          mock.portLine,
          1,
          `mock service '${mock.serviceName}' declares port ${mock.port}, which mock service '${other.serviceName}' (${other.file}) already uses`,
        );
      byPort.set(mock.port, mock);
      const server = createServer({ keepAliveTimeout: 5_000 }, serve(mock, compile(mock), state));
      await new Promise<void>((resolve, reject) => {
        server.once('error', (e: NodeJS.ErrnoException) =>
          reject(
            new UnitTestError(
              UnitTestCodes.MOCK_PORT,
              mock.file,
              mock.portLine,
              1,
              e.code === 'EADDRINUSE'
                ? `mock service '${mock.serviceName}' cannot listen on port ${mock.port}: the port is in use`
                : `mock service '${mock.serviceName}' cannot listen on port ${mock.port}: ${e.message}`,
            ),
          ),
        );
        server.listen(mock.port, host, () => resolve());
      });
      servers.push(server);
    }
  } catch (e) {
    await state.close();
    throw e;
  }
  return state;
}
