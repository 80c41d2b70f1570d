/** Loading projects (MI layout, Integration Studio layout, bare folder), load errors, hot deploy and reload. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { api, NS, send, startBackend } from './helpers';
import { freePort, until } from '../support';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

const FIX = join(__dirname, '..', 'fixtures', 'runtime');

describe('runtime: loading and deployment', () => {
  it('loads an MI-layout project and serves its API, template, endpoint, proxy and HTTP inbound endpoint', async () => {
    const backend = await startBackend();
    const inboundPort = await freePort();
    const rt = new Runtime({
      httpPort: 0,
      configs: { loansUrl: backend.url, inboundPort: String(inboundPort) },
    });
    try {
      const r = rt.loadProject(join(FIX, 'mi-project'));
      assert.deepEqual(r.problems, []);
      const kinds = rt
        .list()
        .map((a) => `${a.kind}:${a.name}:${a.state}`)
        .sort();
      assert.deepEqual(kinds, [
        'api:LibraryAPI:active',
        'endpoint:LoansEP:active',
        'inboundEndpoint:LibraryInbound:active',
        'localEntry:LibraryName:active',
        'proxy:CatalogProxy:active',
        'sequence:InboundSeq:active',
        'sequence:LibraryError:active',
        'template:BookLookup:active',
      ]);
      const { port } = await rt.start();
      const base = `http://127.0.0.1:${port}`;
      assert.deepEqual((await send(`${base}/library/books/978-1`)).json(), { isbn: '978-1', title: '' });
      const loan = await send(`${base}/library/loans`, { body: '{"member":"m1"}', type: 'application/json' });
      assert.equal((loan.json() as { path: string }).path, '/loans');
      assert.equal(
        (await send(`${base}/services/CatalogProxy`, { body: '<x/>', type: 'application/xml' })).text,
        '<catalog><name>library</name></catalog>',
      );
      const ib = await send(`http://127.0.0.1:${inboundPort}/anything`, {
        body: '<hello>world</hello>',
        type: 'application/xml',
      });
      assert.equal(ib.text, 'inbound got world');
      assert.ok(rt.urls().some((u) => u.includes(`/library`)));
      assert.ok(rt.urls().some((u) => u.includes(`:${inboundPort}/`)));
      // the backend going away: the resource fault sequence answers with the MI error code
      await backend.close();
      const down = await send(`${base}/library/loans`, { body: '{"member":"m1"}', type: 'application/json' });
      assert.equal(down.status, 503);
      assert.equal((down.json() as { code: string }).code, '101503');
    } finally {
      await rt.stop(500);
      await backend.close().catch(() => undefined);
    }
  });

  it('loads the Integration Studio layout from a path with spaces and non-ASCII characters', async () => {
    const rt = new Runtime({ httpPort: 0 });
    try {
      const r = rt.loadProject(join(FIX, 'is project é'));
      assert.deepEqual(r.problems, []);
      const { port } = await rt.start();
      assert.equal((await send(`http://127.0.0.1:${port}/greet/ada`)).text, 'greetings, ada');
    } finally {
      await rt.stop(500);
    }
  });

  it('a bare folder: load errors name file, line, column and code; the rest still loads; non-Synapse XML is ignored', async () => {
    const rt = new Runtime({ httpPort: 0 });
    try {
      const r = rt.loadProject(join(FIX, 'bare'));
      const broken = r.problems.find((p) => p.file.endsWith('BrokenAPI.xml'));
      assert.ok(broken, JSON.stringify(r.problems));
      assert.equal(broken.line, 5);
      assert.equal(broken.column, 40); // the start of the expression inside the quotes
      assert.match(broken.code, /^EXPR_/);
      const malformed = r.problems.find((p) => p.file.endsWith('Malformed.xml'));
      assert.ok(malformed);
      assert.match(malformed.code, /^XML_/);
      assert.ok(!r.problems.some((p) => p.file.endsWith('notes.xml')));
      assert.ok(!rt.list().some((a) => a.file.endsWith('notes.xml')));
      assert.equal(rt.list().find((a) => a.name === 'PingAPI')?.state, 'active');
      const logs: { message: string }[] = [];
      rt.on('log', (l: { message: string }) => logs.push(l));
      const { port } = await rt.start();
      assert.equal((await send(`http://127.0.0.1:${port}/ping`)).text, 'pong');
      const b = await send(`http://127.0.0.1:${port}/broken`);
      assert.equal(b.status, 202);
      assert.match(loggedSince(logs, 0), /BrokenAPI\.xml:4/);
    } finally {
      await rt.stop(500);
    }
  });

  it('hot deploy, list, undeploy, activate/deactivate an endpoint', async () => {
    const backend = await startBackend();
    const rt = new Runtime({ httpPort: 0 });
    try {
      const { port } = await rt.start();
      const base = `http://127.0.0.1:${port}`;
      assert.equal((await send(`${base}/hot`)).status, 404);
      rt.deploy([
        { name: 'apis/Hot.xml', text: api('Hot', '/hot', `<call><endpoint key="HotEP"/></call><respond/>`) },
        {
          name: 'endpoints/HotEP.xml',
          text: `<endpoint ${NS} name="HotEP"><address uri="${backend.url}/hot"/></endpoint>`,
        },
      ]);
      assert.equal((await send(`${base}/hot`)).status, 200);
      assert.ok(rt.setActive('endpoint', 'HotEP', false));
      assert.equal(rt.list().find((a) => a.name === 'HotEP')?.state, 'inactive');
      const off = await send(`${base}/hot`);
      assert.equal(off.status, 500);
      assert.match(off.text, /303001|SUSPENDED/);
      rt.setActive('endpoint', 'HotEP', true);
      assert.equal((await send(`${base}/hot`)).status, 200);
      assert.ok(rt.undeploy('Hot'));
      assert.equal((await send(`${base}/hot`)).status, 404);
      assert.ok(!rt.list().some((a) => a.name === 'Hot'));
      assert.equal(rt.undeploy('Hot'), false);
    } finally {
      await rt.stop(500);
      await backend.close();
    }
  });

  it('hot reload of a changed file keeps in-flight requests on the old configuration', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const backend = await startBackend(async (_req, res) => {
      await gate;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('slow');
    });
    const dir = mkdtempSync(join(tmpdir(), 'rt-reload-'));
    const file = join(dir, 'Reload.xml');
    const v = (n: number) =>
      api(
        'Reload',
        '/reload',
        `<call><endpoint><address uri="${backend.url}/x"/></endpoint></call><payloadFactory media-type="text"><format>v${n}</format></payloadFactory><respond/>`,
      );
    writeFileSync(file, v(1));
    const rt = new Runtime({ httpPort: 0 });
    try {
      rt.loadProject(dir);
      const { port } = await rt.start();
      const inflight = send(`http://127.0.0.1:${port}/reload`);
      // in flight: its call is at the back end (held there) before the file changes
      await until('the call at the back end', () => backend.requests.length === 1);
      writeFileSync(file, v(2));
      const res = rt.reloadFile(file);
      assert.deepEqual(res.problems, []);
      release();
      assert.equal((await inflight).text, 'v1');
      assert.equal((await send(`http://127.0.0.1:${port}/reload`)).text, 'v2');
      assert.equal(readFileSync(file, 'utf8'), v(2));
    } finally {
      await rt.stop(500);
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('watchProject picks up a changed file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rt-watch-'));
    cpSync(join(FIX, 'bare', 'PingAPI.xml'), join(dir, 'PingAPI.xml'));
    const rt = new Runtime({ httpPort: 0 });
    try {
      rt.loadProject(dir);
      rt.watchProject(dir);
      const { port } = await rt.start();
      assert.equal((await send(`http://127.0.0.1:${port}/ping`)).text, 'pong');
      writeFileSync(
        join(dir, 'PingAPI.xml'),
        readFileSync(join(dir, 'PingAPI.xml'), 'utf8').replace('pong', 'pong2'),
      );
      let text = '';
      await until('the watched file reloaded', async () => {
        text = (await send(`http://127.0.0.1:${port}/ping`)).text;
        return text === 'pong2';
      }).catch(() => undefined);
      assert.equal(text, 'pong2');
    } finally {
      await rt.stop(500);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
