/**
 * The relay path (runtime-debug/engine/relay.ts): what decides whether a request is relayed (hot reloads, a debugger's
 * hook, an endpoint switched off) and what a replayed request keeps (the activityid the back end got).
 */
import { strict as assert } from 'node:assert';
import type { IncomingMessage } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { trustCertificate } from '../../runtime-debug/engine/tlsTrust';
import { Runtime } from '../../runtime-debug/engine/runtime';
import { NS, closedPort, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const relayApi = (inSequence: string) =>
  `<api ${NS} name="RelayB" context="/rb"><resource methods="POST GET" url-mapping="/*"><inSequence>${inSequence}</inSequence>` +
  `<faultSequence><respond/></faultSequence></resource></api>`;
const endpoint = (url: string, extra = '') =>
  `<endpoint ${NS} name="RelayBEp"><address uri="${url}">${extra}</address></endpoint>`;
const PLAIN = '<call><endpoint key="RelayBEp"/></call><respond/>';

describe('relay path: what is relayed, and what a replay keeps', function () {
  this.timeout(20_000);
  let be: Backend;
  let t: TestRuntime;
  const seen: IncomingMessage['headers'][] = [];
  before(async () => {
    be = await startBackend((req, res) => {
      seen.push(req.headers);
      if (req.url?.includes('reset')) {
        res.destroy();
        return;
      }
      if (req.url?.includes('fail')) {
        res.writeHead(503, { 'content-type': 'application/json', 'content-length': '15' });
        res.end('{"failed":true}');
        return;
      }
      // (a Content-Length: a chunked answer is streamed, which the relay path leaves to the normal one)
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '8' });
      res.end('{"ok":1}');
    });
    t = await startRuntime({ 'RelayB.xml': relayApi(PLAIN), 'RelayBEp.xml': endpoint(`${be.url}/be`) });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });
  const post = (path = '/rb/x') => send(`${t.base}${path}`, { body: '{"a":1}', type: 'application/json' });
  const relayed = async (path?: string): Promise<boolean> => {
    const n = t.rt.relayedCount;
    const r = await post(path);
    assert.equal(r.status, 200);
    return t.rt.relayedCount > n;
  };

  it('a hot reload that changes the resource or its endpoint takes effect, both ways', async () => {
    assert.equal(await relayed(), true);
    t.rt.deploy([{ name: 'RelayB.xml', text: relayApi(`<log level="simple"/>${PLAIN}`) }]);
    assert.equal(await relayed(), false);
    t.rt.deploy([{ name: 'RelayB.xml', text: relayApi(PLAIN) }]);
    assert.equal(await relayed(), true);
    // an endpoint whose <timeout> an expression computes goes the normal way
    t.rt.deploy([
      {
        name: 'RelayBEp.xml',
        text: endpoint(`${be.url}/be`, "<timeout><duration>{get-property('t')}</duration></timeout>"),
      },
    ]);
    assert.equal(await relayed(), false);
    t.rt.deploy([{ name: 'RelayBEp.xml', text: endpoint(`${be.url}/be`) }]);
    assert.equal(await relayed(), true);
  });

  it('a debugger hook sees the call and respond mediators of a relay resource (nothing is relayed)', async () => {
    const names: string[] = [];
    t.rt.executor.hook = { beforeMediator: (f) => void names.push(f.mediator) };
    try {
      assert.equal(await relayed(), false);
    } finally {
      t.rt.executor.hook = undefined;
    }
    assert.deepEqual(names, ['call', 'respond']);
    assert.equal(await relayed(), true);
  });

  it('an endpoint switched off is not relayed: the call faults as the normal path has it', async () => {
    t.rt.endpoints.inactive.add('RelayBEp');
    try {
      const n = t.rt.relayedCount;
      const calls = seen.length;
      const r = await post();
      assert.equal(t.rt.relayedCount, n);
      assert.equal(seen.length, calls, 'the back end is not called');
      // (the fault sequence answers with the request)
      assert.equal(r.text, '{"a":1}');
    } finally {
      t.rt.endpoints.inactive.delete('RelayBEp');
    }
  });

  it('a replayed exchange keeps the activityid the back end got, and the back end is called once', async () => {
    // a 503 (after which the listener closes the connection) goes the normal way with the recorded answer
    let n = seen.length;
    const r = await send(`${t.base}/rb/fail`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 503);
    assert.equal(r.text, '{"failed":true}');
    assert.equal(seen.length, n + 1);
    // a reset: the fault sequence answers with the request, whose activityid is the one the back end got
    n = seen.length;
    const f = await send(`${t.base}/rb/reset`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(seen.length, n + 1);
    const sent = seen[n].activityid as string;
    assert.match(sent, /^[0-9a-f-]{36}$/);
    assert.equal(f.headers.get('activityid'), sent);
  });

  it('a resource redeployed while its request waits for the back end: the replay runs the flow the request went into', async () => {
    // (review R3) as the mediation path, whose flow in progress keeps its compiled mediators: the back end's 503 is
    // answered by the old flow's respond, not by the new flow's payloadFactory
    let release: (() => void) | undefined;
    const held = await startBackend((req, res) => {
      req.resume();
      release = () => {
        res.writeHead(503, { 'content-type': 'application/json', 'content-length': '15' });
        res.end('{"failed":true}');
      };
    });
    const api = (inSequence: string) =>
      `<api ${NS} name="Hot" context="/hot"><resource methods="POST" url-mapping="/*"><inSequence>${inSequence}</inSequence></resource></api>`;
    try {
      for (const relay of [true, false]) {
        const rt = await startRuntime(
          { 'Hot.xml': api(`<call><endpoint><address uri="${held.url}/x"/></endpoint></call><respond/>`) },
          { relay },
        );
        try {
          const answer = send(`${rt.base}/hot/a`, { body: '{"k":1}', type: 'application/json' });
          while (!release) await new Promise((r) => setTimeout(r, 5));
          rt.rt.deploy([
            {
              name: 'Hot.xml',
              text: api(
                '<payloadFactory media-type="json"><format>{"new":1}</format><args/></payloadFactory><respond/>',
              ),
            },
          ]);
          release();
          release = undefined;
          const r = await answer;
          assert.equal(r.status, 503, `relay ${relay}`);
          assert.equal(r.text, '{"failed":true}');
        } finally {
          await rt.close();
        }
      }
    } finally {
      await held.close();
    }
  });

  it('CORS configured in deployment.toml: the relayed answer carries what the mediation path writes', async () => {
    // (review R3) listed origins with allowed headers, "*", and CORS switched off, each with relay on and off
    const be2 = await startBackend((req, res) => {
      req.resume();
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': '2',
        'access-control-allow-origin': 'http://be',
      });
      res.end('{}');
    });
    const P = "[synapse_properties]\n'synapse.rest.CORSConfig.";
    try {
      for (const toml of [
        `${P}enabled' = "true"\n'synapse.rest.CORSConfig.Access-Control-Allow-Origin' = "http://a.test, http://b.test"\n'synapse.rest.CORSConfig.Access-Control-Allow-Headers' = "content-type,x-key"\n`,
        `${P}Access-Control-Allow-Origin' = "*"\n`,
        `${P}enabled' = false\n`,
      ]) {
        const answers: string[][] = [];
        for (const relay of [true, false]) {
          const dir = mkdtempSync(join(tmpdir(), 'relay-cors-'));
          const files = {
            'src/main/wso2mi/artifacts/apis/C.xml': relayApi(
              `<call><endpoint><address uri="${be2.url}/x"/></endpoint></call><respond/>`,
            ),
            'deployment/deployment.toml': toml,
          };
          for (const [p, text] of Object.entries(files)) {
            mkdirSync(dirname(join(dir, p)), { recursive: true });
            writeFileSync(join(dir, p), text);
          }
          const rt = new Runtime({ httpPort: 0, relay });
          try {
            rt.loadProject(dir);
            const { port } = await rt.start();
            const seen: string[] = [];
            for (const origin of ['http://a.test', 'http://c.test', undefined]) {
              const r = await send(`http://127.0.0.1:${port}/rb/q`, {
                body: '{"k":1}',
                type: 'application/json',
                headers: origin ? { origin } : {},
              });
              const lines: string[] = [];
              r.headers.forEach((v, k) => {
                if (k !== 'date') lines.push(`${k}: ${v}`);
              });
              seen.push(`${r.status} ${lines.join('|')} ${r.text}`);
            }
            assert.equal(rt.relayedCount, relay ? 3 : 0);
            answers.push(seen);
          } finally {
            await rt.stop(500);
            rmSync(dir, { recursive: true, force: true });
          }
        }
        assert.deepEqual(answers[0], answers[1]);
      }
    } finally {
      await be2.close();
    }
  });

  it('two relayed requests failing together: the second replay fails as sent, not on the suspension the first caused', async () => {
    // (review R3) the mediation path checks the endpoint before it sends; both requests went while it was ready, so
    // both fail with the back end's error and both count (the second suspension's "last suspend duration" line)
    const held: Socket[] = [];
    const cut = createServer((sock) => {
      sock.on('error', () => undefined);
      sock.once('data', () => {
        held.push(sock);
        if (held.length === 2) for (const x of held.splice(0)) x.destroy();
      });
    });
    await new Promise<void>((r) => cut.listen(0, '127.0.0.1', r));
    const files = {
      'F.xml': `<api ${NS} name="F" context="/f"><resource methods="POST" url-mapping="/*"><inSequence><call><endpoint key="FEp"/></call><respond/></inSequence><faultSequence><payloadFactory media-type="json"><format>{"code":"$1"}</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
      'FEp.xml': `<endpoint ${NS} name="FEp"><address uri="http://127.0.0.1:${(cut.address() as AddressInfo).port}/x"/></endpoint>`,
    };
    const seen: string[] = [];
    try {
      for (const relay of [true, false]) {
        const rt = await startRuntime(files, { relay });
        try {
          const l0 = rt.logs.length;
          const rs = await Promise.all(
            [1, 2].map(() => send(`${rt.base}/f/a`, { body: '{"k":1}', type: 'application/json' })),
          );
          seen.push(
            `${rs.map((r) => `${r.status} ${r.text}`).join(' ; ')} || ${rt.logs
              .slice(l0)
              .map((l) => `${l.category}: ${l.message.replace(/\d\d:\d\d:\d\d/g, 'T')}`)
              .join(' | ')}`,
          );
        } finally {
          await rt.close();
        }
      }
    } finally {
      cut.close();
    }
    assert.equal(seen[0], seen[1]);
    assert.match(seen[0], /^200 \{"code":"101508"\} ; 200 \{"code":"101508"\} \|\|.*last suspend duration/);
  });

  it('an endpoint redeployed while its relayed request waits: the replay fails on the endpoint the request went to', async () => {
    // (review R3) as the mediation path's call in progress, which keeps the endpoint it resolved: the failure names
    // the first address and suspends that endpoint, not the one deployed since
    let held: Socket | undefined;
    const cut = createServer((sock) => {
      sock.on('error', () => undefined);
      sock.once('data', () => (held = sock));
    });
    await new Promise<void>((r) => cut.listen(0, '127.0.0.1', r));
    const first = (cut.address() as AddressInfo).port;
    const other = await closedPort();
    const ep = (port: number) =>
      `<endpoint ${NS} name="FEp"><address uri="http://127.0.0.1:${port}/x"/></endpoint>`;
    const files = {
      'F.xml': `<api ${NS} name="F" context="/f"><resource methods="POST" url-mapping="/*"><inSequence><call><endpoint key="FEp"/></call><respond/></inSequence><faultSequence><log level="custom"><property name="code" expression="get-property('ERROR_CODE')"/></log><respond/></faultSequence></resource></api>`,
      'FEp.xml': ep(first),
    };
    const seen: string[] = [];
    try {
      for (const relay of [true, false]) {
        const rt = await startRuntime(files, { relay });
        try {
          const answer = send(`${rt.base}/f/a`, { body: '{"k":1}', type: 'application/json' });
          while (!held) await new Promise((r) => setTimeout(r, 5));
          const l0 = rt.logs.length;
          rt.rt.deploy([{ name: 'FEp.xml', text: ep(other) }]);
          held.destroy();
          held = undefined;
          await answer;
          seen.push(
            rt.logs
              .slice(l0)
              .filter((l) => l.category === 'EndpointContext' || l.category === 'LogMediator')
              .map((l) => l.message.replace(/\d\d:\d\d:\d\d/g, 'T'))
              .join(' | '),
          );
        } finally {
          await rt.close();
        }
      }
    } finally {
      cut.close();
    }
    assert.equal(seen[0], seen[1]);
    assert.match(seen[0], new RegExp(`address http://127.0.0.1:${first}/x will be marked SUSPENDED`));
  });

  describe("an endpoint's <timeout> on the relay path: the same timer, a timeout replayed", () => {
    // (the back end: /fast answers at once, /late after 700 ms, /never not at all; /stream sends half its body, the
    // rest 700 ms later)
    let slow: Backend;
    const open: import('node:http').ServerResponse[] = [];
    before(async () => {
      slow = await startBackend((req, res) => {
        const answer = () => {
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '8' });
          res.end('{"ok":1}');
        };
        if (req.url?.includes('never')) open.push(res);
        else if (req.url?.includes('late')) setTimeout(answer, 700);
        else if (req.url?.includes('stream')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"part":');
          setTimeout(() => !res.destroyed && res.end('1}'), 700);
        } else answer();
      });
    });
    after(async () => {
      for (const r of open) r.destroy();
      await slow?.close();
    });
    const fault =
      `<faultSequence><log level="custom"><property name="detail" expression="get-property('ERROR_DETAIL')"/></log>` +
      `<payloadFactory media-type="json"><format>{"code":"$1","msg":"$2"}</format><args><arg expression="get-property('ERROR_CODE')"/>` +
      `<arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence>`;
    const timedApi = (name: string, ctx: string, ep: string) =>
      `<api ${NS} name="${name}" context="${ctx}"><resource methods="POST GET" url-mapping="/*"><inSequence><call>${ep}</call><respond/></inSequence>${fault}</resource></api>`;
    const timeout = (action: string) =>
      `<timeout><duration>250</duration><responseAction>${action}</responseAction></timeout>`;
    const files = () => ({
      'T.xml': timedApi('T', '/t', '<endpoint key="TEp"/>'),
      'TEp.xml': `<endpoint ${NS} name="TEp"><address uri="${slow.url}/x">${timeout('fault')}</address></endpoint>`,
      'N.xml': timedApi(
        'N',
        '/n',
        `<endpoint><address uri="${slow.url}/never">${timeout('fault')}</address></endpoint>`,
      ),
      'S.xml': timedApi(
        'S',
        '/s',
        `<endpoint><http uri-template="${slow.url}/stream" method="post">${timeout('fault')}</http></endpoint>`,
      ),
      'D.xml': timedApi(
        'D',
        '/d',
        `<endpoint><address uri="${slow.url}/late">${timeout('discard')}</address></endpoint>`,
      ),
      'G.xml': timedApi(
        'G',
        '/g',
        `<endpoint><address uri="${slow.url}/fast"><timeout><responseAction>fault</responseAction></timeout></address></endpoint>`,
      ),
    });
    /** Each request's status and body (or how it ended), the log lines it wrote, and whether it was relayed. */
    const run = async (rt: TestRuntime, path: string, wait = 0): Promise<string> => {
      const l0 = rt.logs.length;
      const n = rt.rt.relayedCount;
      let got: string;
      try {
        const r = await fetch(`${rt.base}${path}`, {
          method: 'POST',
          body: '{"k":1}',
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(1500),
        });
        got = `${r.status} ${await r.text()}`;
      } catch (e) {
        got = `no answer (${(e as Error).name})`;
      }
      await new Promise((r) => setTimeout(r, wait));
      const lines = rt.logs
        .slice(l0)
        .map((l) =>
          `${l.level} ${l.category}: ${l.message}`
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'UUID')
            .replace(/\d\d:\d\d:\d\d/g, 'T'),
        );
      return `${got} || ${lines.join(' | ')} || relayed ${rt.rt.relayedCount - n}`;
    };
    const both = async (paths: [string, number?][]): Promise<string[][]> => {
      const out: string[][] = [];
      for (const relay of [true, false]) {
        const rt = await startRuntime(files(), { relay });
        try {
          const seen: string[] = [];
          for (const [p, wait] of paths) seen.push(await run(rt, p, wait));
          out.push(seen);
        } finally {
          await rt.close();
        }
      }
      return out;
    };

    it('in time: relayed; after the timeout (a late back end, one that never answers): 101504 replayed as the mediation path has it', async () => {
      const [on, off] = await both([['/t/fast'], ['/t/late'], ['/t/fast'], ['/n/a']]);
      assert.deepEqual(
        on.map((x) => x.replace(/ \|\| relayed \d$/, '')),
        off.map((x) => x.replace(/ \|\| relayed \d$/, '')),
      );
      assert.match(on[0], /^200 \{"ok":1\} \|\| {2}\|\| relayed 1$/);
      assert.match(on[1], /^200 \{"code":"101504","msg":"Send timeout"\}/);
      assert.match(
        on[1],
        /WARN TimeoutHandler: Expiring message ID : urn:uuid:UUID; dropping message after ENDPOINT_TIMEOUT of : 0 seconds for Endpoint \[TEp\]/,
      );
      assert.match(on[1], /URI : http:\/\/127\.0\.0\.1:\d+\/x\/late, Received through API : T/);
      assert.match(on[1], / \|\| relayed 0$/);
      // (the timeout marked the endpoint: its next request goes the normal way, as the mediation path's check has it)
      assert.match(on[2], / \|\| relayed 0$/);
      assert.match(
        on[3],
        /^200 \{"code":"101504","msg":"Send timeout"\}.*AnonymousEndpoint.* \|\| relayed 0$/,
      );
    });

    it('a <timeout> without a duration (the global one) and a streamed answer whose body outlasts the timeout (not cut)', async () => {
      const [on, off] = await both([['/g/a'], ['/s/a', 100]]);
      assert.deepEqual(
        on,
        off.map((x) => x.replace(/relayed 0$/, 'relayed 1')),
      );
      assert.match(on[0], /^200 \{"ok":1\} \|\| {2}\|\| relayed 1$/);
      // (the timeout ends with the answer's arrival: SynapseCallbackReceiver.receive removes the callback)
      assert.match(on[1], /^200 \{"part":1\} \|\| {2}\|\| relayed 1$/);
    });

    it('responseAction discard: the timed-out message is dropped (no fault sequence, no answer: MI closes the connection at its socket timeout), as on the mediation path', async () => {
      const [on, off] = await both([['/d/a']]);
      assert.deepEqual(on, off);
      assert.match(
        on[0],
        /^no answer \(TimeoutError\) \|\| WARN TimeoutHandler: .*Suspending endpoint[^|]*\| INFO AddressEndpoint: Ignoring fault handlers since the timeout action is set to DISCARD \|\| relayed 0$/,
      );
    });
  });

  it('an https endpoint: relayed through the same pool and trusted certificates; an untrusted one replayed as the mediation path fails it', async () => {
    const trusted = generateCertificate(['127.0.0.1']);
    const other = generateCertificate(['127.0.0.1']);
    trustCertificate(trusted.cert);
    const got: string[] = [];
    const start = async (tls: { key: string; cert: string }) => {
      const server = createHttpsServer(tls, (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          got.push(
            `${req.method} ${req.url} ${JSON.stringify(req.rawHeaders)} ${Buffer.concat(chunks).toString()}`,
          );
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '8' });
          res.end('{"ok":2}');
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return { server, url: `https://127.0.0.1:${(server.address() as AddressInfo).port}` };
    };
    const good = await start(trusted);
    const bad = await start(other);
    const api = (name: string, ctx: string, url: string) =>
      `<api ${NS} name="${name}" context="${ctx}"><resource methods="POST GET" uri-template="/{id}"><inSequence><call><endpoint><http method="post" uri-template="${url}/x/{uri.var.id}"/></endpoint></call><respond/></inSequence><faultSequence><payloadFactory media-type="json"><format>{"code":"$1"}</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory><respond/></faultSequence></resource></api>`;
    const seen: string[][] = [];
    try {
      for (const relay of [true, false]) {
        const rt = await startRuntime(
          { 'S1.xml': api('S1', '/s1', good.url), 'S2.xml': api('S2', '/s2', bad.url) },
          { relay },
        );
        try {
          const out: string[] = [];
          for (const path of ['/s1/7', '/s2/8']) {
            const n = rt.rt.relayedCount;
            const g0 = got.length;
            const l0 = rt.logs.length;
            const r = await send(`${rt.base}${path}`, { body: '{"k":1}', type: 'application/json' });
            const logs = rt.logs.slice(l0).map((l) => `${l.category}: ${l.message}`);
            out.push(
              `${r.status} ${r.text} ${got.slice(g0).join()} ${logs.join(' | ')}`
                .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, 'UUID')
                .replace(/\d\d:\d\d:\d\d/g, 'T') + ` relayed ${rt.rt.relayedCount - n}`,
            );
          }
          seen.push(out);
        } finally {
          await rt.close();
        }
      }
    } finally {
      good.server.close();
      bad.server.close();
    }
    assert.deepEqual(seen[0], [seen[1][0].replace(/relayed 0$/, 'relayed 1'), seen[1][1]]);
    assert.match(seen[0][0], /^200 \{"ok":2\} POST \/x\/7 .*relayed 1$/);
    assert.match(seen[0][1], /^200 \{"code":"\d+"\} .*certificate.* relayed 0$/);
  });

  it("a back end's Location: a 201's is relayed as written, another status's is moved onto the runtime (replayed)", async () => {
    const be3 = await startBackend((req, res) => {
      req.resume();
      res.writeHead(req.url?.includes('made') ? 201 : 200, {
        'content-type': 'application/json',
        'content-length': '2',
        location: 'http://elsewhere.test:9/items/7?v=1',
      });
      res.end('{}');
    });
    const seen: string[][] = [];
    try {
      for (const relay of [true, false]) {
        const rt = await startRuntime(
          {
            'L.xml': `<api ${NS} name="L" context="/loc"><resource methods="POST" url-mapping="/*"><inSequence><call><endpoint><address uri="${be3.url}/x"/></endpoint></call><respond/></inSequence></resource></api>`,
          },
          { relay },
        );
        try {
          const out: string[] = [];
          for (const p of ['/loc/made', '/loc/other']) {
            const n = rt.rt.relayedCount;
            const r = await send(`${rt.base}${p}`, { body: '{"k":1}', type: 'application/json' });
            const port = new URL(rt.base).port;
            out.push(
              `${r.status} ${(r.headers.get('location') ?? '').replace(`:${port}/`, ':PORT/')} relayed ${rt.rt.relayedCount - n}`,
            );
          }
          seen.push(out);
        } finally {
          await rt.close();
        }
      }
    } finally {
      await be3.close();
    }
    assert.deepEqual(seen[0], [
      '201 http://elsewhere.test:9/items/7?v=1 relayed 1',
      '200 http://127.0.0.1:PORT/items/7?v=1 relayed 0',
    ]);
    assert.deepEqual(seen[1], [seen[0][0].replace('relayed 1', 'relayed 0'), seen[0][1]]);
  });
});
