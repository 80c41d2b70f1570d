/**
 * Runtime bench: `synapse run` (dist/cli.js) against nginx (1 worker, upstream keepalive) proxying the same Node
 * backend, with wrk at the same concurrency, A/B interleaved; CPU µs per request of the process under test (from
 * /proc/<pid>/stat) and throughput, with the median of the per-round ratios. Then open-loop p99 (autocannon at a fixed
 * rate, half of nginx's saturation), start-up to first answer against the Node floor, and the CPU cost of an attached
 * debug hook that never pauses.
 *
 * Options (environment): BENCH_ROUNDS (default 3), BENCH_SECONDS per wrk run (default 3), BENCH_CONNECTIONS (32),
 * BENCH_HOOK_ROUNDS (8 pairs per API for the debug hook, whose effect is small against the noise of a shared machine).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { bundle } from './bundle';
import {
  cpuMicros,
  cpuTreeMicros,
  freePort,
  median,
  Recorder,
  REPO,
  round,
  sleep,
  startProc,
  waitFor,
  wrk,
  type Proc,
} from './lib';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const HOOK_ROUNDS = Number(process.env.BENCH_HOOK_ROUNDS ?? 8);

/** About 1 KB of XML with the field the content-based router looks at. */
export function payload(symbol: string): string {
  const lines: string[] = [];
  for (let i = 0; lines.join('').length < 900; i++)
    lines.push(
      `<line><sku>SKU-${1000 + i}</sku><qty>${(i % 7) + 1}</qty><price>${(i * 3.17).toFixed(2)}</price></line>`,
    );
  return `<?xml version="1.0" encoding="UTF-8"?><order><id>ORD-7781</id><symbol>${symbol}</symbol><lines>${lines.join('')}</lines></order>`;
}

const NS = 'http://ws.apache.org/ns/synapse';

/** A small MI project: a pass-through API and a content-based-routing API in front of the backend. */
export function writeProject(root: string, backendPort: number): void {
  const art = join(root, 'src', 'main', 'wso2mi', 'artifacts');
  mkdirSync(join(art, 'apis'), { recursive: true });
  mkdirSync(join(art, 'endpoints'), { recursive: true });
  writeFileSync(
    join(root, 'pom.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>bench</groupId><artifactId>runtime-bench</artifactId><version>1.0.0</version><packaging>pom</packaging><properties><projectType>integration-project</projectType></properties></project>\n`,
  );
  for (const [name, path] of [
    ['BackendEP', '/echo'],
    ['BackendPriorityEP', '/echo/priority'],
  ])
    writeFileSync(
      join(art, 'endpoints', `${name}.xml`),
      `<?xml version="1.0" encoding="UTF-8"?>\n<endpoint xmlns="${NS}" name="${name}">\n  <address uri="http://127.0.0.1:${backendPort}${path}"/>\n</endpoint>\n`,
    );
  writeFileSync(
    join(art, 'apis', 'PassAPI.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<api xmlns="${NS}" name="PassAPI" context="/pass">
  <resource methods="POST GET" url-mapping="/*">
    <inSequence>
      <call>
        <endpoint key="BackendEP"/>
      </call>
      <respond/>
    </inSequence>
  </resource>
</api>
`,
  );
  writeFileSync(
    join(art, 'apis', 'RouteRegexAPI.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<api xmlns="${NS}" name="RouteRegexAPI" context="/route-regex">
  <resource methods="POST" url-mapping="/*">
    <inSequence>
      <filter source="//order/symbol" regex="IBM">
        <then>
          <call>
            <endpoint key="BackendPriorityEP"/>
          </call>
        </then>
        <else>
          <call>
            <endpoint key="BackendEP"/>
          </call>
        </else>
      </filter>
      <respond/>
    </inSequence>
  </resource>
</api>
`,
  );
  writeFileSync(
    join(art, 'apis', 'RouteAPI.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<api xmlns="${NS}" name="RouteAPI" context="/route">
  <resource methods="POST" url-mapping="/*">
    <inSequence>
      <filter xpath="//order/symbol = 'IBM'">
        <then>
          <call>
            <endpoint key="BackendPriorityEP"/>
          </call>
        </then>
        <else>
          <call>
            <endpoint key="BackendEP"/>
          </call>
        </else>
      </filter>
      <respond/>
    </inSequence>
  </resource>
</api>
`,
  );
}

function nginxConf(dir: string, port: number, backendPort: number): string {
  const conf = `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream backend {
    server 127.0.0.1:${backendPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    keepalive_requests 1000000;
    location / {
      proxy_pass http://backend/echo;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  return file;
}

interface Target {
  name: string;
  url: string;
  /** CPU µs of the process(es) under test so far */
  cpu(): number;
}

interface Sample {
  rps: number;
  cpuPerReq: number;
  p99ms: number;
  errors: number;
}

async function measure(t: Target, script: string): Promise<Sample> {
  const c0 = t.cpu();
  const r = await wrk(t.url, CONNECTIONS, SECONDS, script);
  const c1 = t.cpu();
  return { rps: r.rps, cpuPerReq: (c1 - c0) / Math.max(1, r.requests), p99ms: r.p99ms, errors: r.errors };
}

async function openLoop(
  url: string,
  rate: number,
  body: string,
): Promise<{ p50: number; p99: number; rps: number; errors: number }> {
  const res = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'application/xml' },
    connections: 64,
    overallRate: rate,
    duration: 5,
    timeout: 5,
  });
  return {
    p50: res.latency.p50,
    p99: res.latency.p99,
    rps: res.requests.average,
    errors: res.errors + res.timeouts + res.non2xx,
  };
}

async function startupMs(cmd: string, args: string[], ready: (p: Proc) => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  const p = startProc(cmd, args);
  try {
    await ready(p);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  } finally {
    await p.stop();
  }
}

async function main() {
  const rec = new Recorder('runtime', 'Runtime: `synapse run` against nginx');
  const tmp = mkdtempSync(join(tmpdir(), 'synapse-bench-runtime-'));
  const procs: Proc[] = [];
  try {
    const backendPort = await freePort();
    const backend = startProc(process.execPath, [join(REPO, 'bench', 'backend.mjs'), String(backendPort)]);
    procs.push(backend);
    await waitFor(backendPort, '/');

    const nginxPort = await freePort();
    const nginx = startProc('nginx', [
      '-p',
      tmp,
      '-c',
      nginxConf(tmp, nginxPort, backendPort),
      '-e',
      join(tmp, 'error.log'),
    ]);
    procs.push(nginx);
    await waitFor(nginxPort, '/', 200, 10000, 'x');

    const startFloor = async (file: string) => {
      const port = await freePort();
      const proc = startProc(process.execPath, [
        join(REPO, 'bench', file),
        String(port),
        String(backendPort),
      ]);
      procs.push(proc);
      await waitFor(port, '/x', 200, 10000, 'x');
      return [port, proc] as const;
    };
    // the floor: a minimal Node proxy with the runtime's HTTP stack and no mediation
    const [floorPort, floorProxy] = await startFloor('node-proxy.mjs');
    // the same floor writing exactly the bytes the runtime writes for the pass-through API (MI's headers, chunked)
    const [miFloorPort, miFloor] = await startFloor('node-proxy-mi.mjs');

    const project = join(tmp, 'project');
    writeProject(project, backendPort);
    const rtPort = await freePort();
    const runtime = startProc(process.execPath, [
      join(REPO, 'dist', 'cli.js'),
      'run',
      project,
      '--http-port',
      String(rtPort),
    ]);
    procs.push(runtime);
    // the same project with the relay path off (--no-relay): the pass-through API mediated as any other flow
    const offPort = await freePort();
    const relayOff = startProc(process.execPath, [
      join(REPO, 'dist', 'cli.js'),
      'run',
      project,
      '--http-port',
      String(offPort),
      '--no-relay',
    ]);
    procs.push(relayOff);
    const ibm = payload('IBM');
    const other = payload('MSFT');
    await waitFor(rtPort, '/pass/x', 200, 15000, ibm);
    await waitFor(rtPort, '/route/x', 200, 15000, ibm);
    await waitFor(rtPort, '/route-regex/x', 200, 15000, ibm);
    await waitFor(offPort, '/pass/x', 200, 15000, ibm);

    const script = join(tmp, 'post.lua');
    // alternate the routed symbol so both branches of the router are taken
    writeFileSync(
      script,
      `local bodies = { ${JSON.stringify(ibm)}, ${JSON.stringify(other)} }\nlocal i = 0\nrequest = function()\n  i = i + 1\n  return wrk.format("POST", nil, { ["Content-Type"] = "application/xml" }, bodies[(i % 2) + 1])\nend\n`,
    );
    rec.setup.push(
      `payload ${Buffer.byteLength(ibm)} bytes of XML, POST; wrk -t1 -c${CONNECTIONS} -d${SECONDS}s; ${ROUNDS} rounds of nginx / minimal Node proxy / the same writing MI's bytes / pass-through / pass-through with --no-relay / routing / routing (regex), interleaved, after a 2 × 2 s warm-up of each`,
      'nginx: 1 worker, upstream keepalive 64, access log off; our runtime: `node dist/cli.js run` (address endpoint, undici keep-alive pool)',
      'backend: bench/backend.mjs (Node http echo) shared by all',
      'minimal Node proxy: bench/node-proxy.mjs (node:http server, undici Pool, bodies read whole, one end(); no routing, no message context): the floor of any Node runtime on this stack',
      "Node proxy writing MI's bytes: bench/node-proxy-mi.mjs (the minimal proxy sending and answering exactly the header lines and chunked framing our runtime writes for the pass-through API)",
      "pass-through: `<call>` to an address endpoint then `<respond/>`, served by the relay path (engine/relay.ts); pass-through with --no-relay: the same project in a second runtime process with the relay path off (the engine's general path: a message context, the executor, the mediators)",
      'routing API: `<filter xpath="//order/symbol = \'IBM\'">` choosing between two endpoints; routing (regex): `<filter source="//order/symbol" regex="IBM">`; half the requests take each branch',
    );

    const targets: Target[] = [
      { name: 'nginx', url: `http://127.0.0.1:${nginxPort}/x`, cpu: () => cpuTreeMicros(nginx.pid) },
      { name: 'node floor', url: `http://127.0.0.1:${floorPort}/x`, cpu: () => cpuMicros(floorProxy.pid) },
      {
        name: "node floor (MI's bytes)",
        url: `http://127.0.0.1:${miFloorPort}/x`,
        cpu: () => cpuMicros(miFloor.pid),
      },
      { name: 'pass-through', url: `http://127.0.0.1:${rtPort}/pass/x`, cpu: () => cpuMicros(runtime.pid) },
      {
        name: 'pass-through (--no-relay)',
        url: `http://127.0.0.1:${offPort}/pass/x`,
        cpu: () => cpuMicros(relayOff.pid),
      },
      { name: 'routing', url: `http://127.0.0.1:${rtPort}/route/x`, cpu: () => cpuMicros(runtime.pid) },
      {
        name: 'routing (regex)',
        url: `http://127.0.0.1:${rtPort}/route-regex/x`,
        cpu: () => cpuMicros(runtime.pid),
      },
    ];
    // warm-up (JIT, pools): the routing path keeps getting faster for several seconds
    for (let w = 0; w < 2; w++) for (const t of targets) await wrk(t.url, CONNECTIONS, 2, script);

    const samples = new Map<string, Sample[]>(targets.map((t) => [t.name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of targets) {
        const s = await measure(t, script);
        samples.get(t.name)!.push(s);
        process.stdout.write(
          `  round ${r + 1} ${t.name}: ${round(s.rps, 0)} req/s, ${round(s.cpuPerReq, 1)} µs CPU/req, p99 ${s.p99ms} ms${s.errors ? `, ${s.errors} errors` : ''}\n`,
        );
      }
    }
    const ng = samples.get('nginx')!;
    const fl = samples.get('node floor')!;
    rec.add({
      metric: 'minimal Node proxy (node:http in, undici out, no mediation): CPU per request',
      value: median(fl.map((s) => s.cpuPerReq)),
      unit: 'µs',
      reference: { name: 'nginx worker+master', value: median(ng.map((s) => s.cpuPerReq)) },
      ratio: median(fl.map((s, i) => s.cpuPerReq / ng[i].cpuPerReq)),
      ratioNote: 'median of per-round ratios, floor ÷ nginx',
    });
    rec.add({
      metric: `minimal Node proxy: throughput (closed loop, ${CONNECTIONS} connections)`,
      value: median(fl.map((s) => s.rps)),
      unit: 'req/s',
      reference: { name: 'nginx', value: median(ng.map((s) => s.rps)) },
      ratio: median(fl.map((s, i) => s.rps / ng[i].rps)),
      ratioNote: 'median of per-round ratios, floor ÷ nginx: the most a Node proxy reaches here',
    });
    const mf = samples.get("node floor (MI's bytes)")!;
    rec.add({
      metric: "Node proxy writing MI's bytes: CPU per request",
      value: median(mf.map((s) => s.cpuPerReq)),
      unit: 'µs',
      reference: { name: 'minimal Node proxy', value: median(fl.map((s) => s.cpuPerReq)) },
      ratio: median(mf.map((s, i) => s.cpuPerReq / fl[i].cpuPerReq)),
      ratioNote: "median of per-round ratios: what MI's header lines and chunked answers cost a Node proxy",
    });
    for (const name of ['pass-through', 'pass-through (--no-relay)']) {
      const ps = samples.get(name)!;
      rec.add({
        metric: `${name}: CPU per request against the minimal Node proxy`,
        value: median(ps.map((s) => s.cpuPerReq)),
        unit: 'µs',
        reference: { name: 'minimal Node proxy', value: median(fl.map((s) => s.cpuPerReq)) },
        ratio: median(ps.map((s, i) => s.cpuPerReq / fl[i].cpuPerReq)),
        ratioNote: 'median of per-round ratios: what the mediation engine adds',
      });
      rec.add({
        metric: `${name}: CPU per request against the Node proxy writing the same bytes`,
        value: median(ps.map((s) => s.cpuPerReq)),
        unit: 'µs',
        reference: { name: "Node proxy writing MI's bytes", value: median(mf.map((s) => s.cpuPerReq)) },
        ratio: median(ps.map((s, i) => s.cpuPerReq / mf[i].cpuPerReq)),
        ratioNote: 'median of per-round ratios',
      });
    }
    for (const name of ['pass-through', 'pass-through (--no-relay)', 'routing', 'routing (regex)']) {
      const ss = samples.get(name)!;
      const errors = ss.reduce((a, s) => a + s.errors, 0);
      rec.add({
        metric: `${name}: CPU per request (runtime process)`,
        value: median(ss.map((s) => s.cpuPerReq)),
        unit: 'µs',
        reference: { name: 'nginx worker+master', value: median(ng.map((s) => s.cpuPerReq)) },
        ratio: median(ss.map((s, i) => s.cpuPerReq / ng[i].cpuPerReq)),
        ratioNote: 'median of per-round ratios, runtime ÷ nginx',
      });
      const tput = median(ss.map((s, i) => s.rps / ng[i].rps));
      rec.add({
        metric: `${name}: throughput (closed loop, ${CONNECTIONS} connections)`,
        value: median(ss.map((s) => s.rps)),
        unit: 'req/s',
        reference: { name: 'nginx', value: median(ng.map((s) => s.rps)) },
        ratio: tput,
        ratioNote: 'median of per-round ratios, runtime ÷ nginx',
        ...(name === 'pass-through' ? { target: '≥ 0.6× nginx', met: tput >= 0.6 } : {}),
      });
      if (errors) rec.note(`${name}: ${errors} non-2xx or socket errors during the closed-loop runs`);
    }

    // open loop at half of nginx's saturation
    const rate = Math.max(100, Math.round(median(ng.map((s) => s.rps)) / 2));
    const target = (name: string): Target => targets.find((t) => t.name === name)!;
    const olN = await openLoop(target('nginx').url, rate, ibm);
    const olP = await openLoop(target('pass-through').url, rate, ibm);
    const olR = await openLoop(target('routing').url, rate, ibm);
    for (const [name, ol] of [
      ['pass-through', olP],
      ['routing', olR],
    ] as const) {
      rec.add({
        metric: `${name}: open-loop p99 at ${rate} req/s (half nginx's saturation; autocannon -R, 64 connections, 5 s)`,
        value: ol.p99,
        unit: 'ms',
        reference: { name: 'nginx', value: olN.p99 },
        ratio: ol.p99 / Math.max(olN.p99, 0.001),
      });
      if (ol.errors) rec.note(`${name}: ${ol.errors} errors/timeouts/non-2xx in the open-loop run`);
      if (ol.rps < rate * 0.95)
        rec.note(`${name}: open-loop run reached ${round(ol.rps, 0)} req/s of the ${rate} asked`);
    }
    rec.note(`open-loop p50: nginx ${olN.p50} ms, pass-through ${olP.p50} ms, routing ${olR.p50} ms`);
    // and at half of the runtime's own saturation, a rate it can serve, with nginx at the same rate for reference
    for (const [name, t] of [
      ['pass-through', target('pass-through')],
      ['routing', target('routing')],
    ] as const) {
      const own = Math.max(50, Math.round(median(samples.get(name)!.map((s) => s.rps)) / 2));
      const n = await openLoop(target('nginx').url, own, ibm);
      const o = await openLoop(t.url, own, ibm);
      rec.add({
        metric: `${name}: open-loop p99 at ${own} req/s (half its own closed-loop saturation)`,
        value: o.p99,
        unit: 'ms',
        reference: { name: 'nginx at the same rate', value: n.p99 },
        ratio: o.p99 / Math.max(n.p99, 0.001),
      });
      rec.note(
        `${name} at ${own} req/s: p50 ${o.p50} ms (nginx ${n.p50} ms), reached ${round(o.rps, 0)} req/s${o.errors ? `, ${o.errors} errors` : ''}`,
      );
    }
    await runtime.stop();
    await relayOff.stop();
    await miFloor.stop();
    await floorProxy.stop();
    await nginx.stop();

    // debug hook: one engine process measured alternately with and without the hook (SIGUSR1 toggles it), so that
    // both sides share the process, its JIT state and the machine's load of the moment
    const host = await bundle(join(REPO, 'bench', 'runtime-host.ts'));
    const hp = await freePort();
    const engine = startProc(process.execPath, [host, project, String(hp)]);
    procs.push(engine);
    await waitFor(hp, '/route/x', 200, 15000, ibm);
    let hookOn = false;
    const setHook = async (want: boolean) => {
      if (hookOn === want) return;
      const marker = `hook ${want ? 'on' : 'off'}`;
      const before = engine.output().split(marker).length;
      engine.child.kill('SIGUSR1');
      const end = Date.now() + 3000;
      while (engine.output().split(marker).length === before && Date.now() < end) await sleep(10);
      if (engine.output().split(marker).length === before)
        throw new Error(`the engine did not confirm '${marker}'`);
      hookOn = want;
    };
    for (const api of ['pass', 'route'] as const) {
      const t: Target = {
        name: api,
        url: `http://127.0.0.1:${hp}/${api}/x`,
        cpu: () => cpuMicros(engine.pid),
      };
      // a long warm-up, with and without the hook: the routing path (XPath engine) keeps getting faster for seconds
      for (let w = 0; w < 2; w++) {
        await setHook(false);
        await wrk(t.url, CONNECTIONS, 2, script);
        await setHook(true);
        await wrk(t.url, CONNECTIONS, 2, script);
      }
      const hs: [Sample, Sample][] = [];
      for (let r = 0; r < HOOK_ROUNDS; r++) {
        // alternate which goes first
        const order = r % 2 ? [true, false] : [false, true];
        const got: Record<string, Sample> = {};
        for (const want of order) {
          await setHook(want);
          got[String(want)] = await measure(t, script);
        }
        hs.push([got['false'], got['true']]);
        process.stdout.write(
          `  hook round ${r + 1} (${api}): without ${round(hs[r][0].cpuPerReq, 1)} µs, with ${round(hs[r][1].cpuPerReq, 1)} µs CPU/req\n`,
        );
      }
      const hookRatio = median(hs.map(([a, b]) => b.cpuPerReq / a.cpuPerReq));
      const ratios = hs.map(([a, b]) => b.cpuPerReq / a.cpuPerReq).sort((x, y) => x - y);
      rec.add({
        metric: `${api === 'pass' ? 'pass-through' : 'routing'} API with a never-pausing debug hook: CPU per request`,
        value: median(hs.map(([, b]) => b.cpuPerReq)),
        unit: 'µs',
        reference: { name: 'same process, hook detached', value: median(hs.map(([a]) => a.cpuPerReq)) },
        ratio: hookRatio,
        ratioNote: `median of ${HOOK_ROUNDS} per-pair ratios (range ${round(ratios[0], 2)}–${round(ratios[ratios.length - 1], 2)}), order alternated`,
        target: '≤ 1.05×',
        met: hookRatio <= 1.05,
      });
    }
    engine.child.kill('SIGUSR2');
    await sleep(300);
    const calls = /hook calls (\d+)/.exec(engine.output());
    if (!calls || Number(calls[1]) === 0)
      throw new Error(`the debug hook was not called: ${engine.output().slice(-500)}`);
    rec.note(`the hook was called ${calls[1]} times (once before each mediator, while attached)`);
    await engine.stop();

    // start-up to first answer, against the Node floor
    const hello = join(REPO, 'examples', 'hello-world');
    const su: number[] = [];
    const floor: number[] = [];
    for (let i = 0; i < 5; i++) {
      floor.push(
        await startupMs(
          process.execPath,
          ['-e', "console.log('hello')"],
          (p) => new Promise<void>((done) => p.child.stdout!.once('data', () => done())),
        ),
      );
      const port = await freePort();
      su.push(
        await startupMs(
          process.execPath,
          [join(REPO, 'dist', 'cli.js'), 'run', hello, '--http-port', String(port)],
          () => waitFor(port, '/hello/greet/bench', 200, 20000),
        ),
      );
    }
    rec.add({
      metric: 'start-up of `synapse run examples/hello-world` to the first 200',
      value: median(su),
      unit: 'ms',
      reference: { name: '`node -e` printing hello', value: median(floor) },
      ratio: median(su.map((s, i) => s / floor[i])),
      ratioNote: 'median of 5 interleaved pairs; polling every 20 ms adds up to 20 ms',
    });
  } finally {
    for (const p of procs.reverse()) await p.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
  rec.save();
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`runtime bench failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  });
}
