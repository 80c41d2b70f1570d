/**
 * CPU profile of `synapse run` under load, for the analysis (not part of `npm run bench`):
 *   npx tsx bench/profile-runtime.ts pass|route OUTDIR [SECONDS]
 * Starts the backend and `node --cpu-prof dist/cli.js run` on the bench project, drives one API with wrk for SECONDS
 * (default 5), stops the runtime (the profile is written at exit) and prints the top functions by self time.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { freePort, REPO, startProc, waitFor, wrk, type Proc } from './lib';
import { payload, writeProject } from './runtime';

async function main() {
  const [api = 'pass', out = join(tmpdir(), 'synapse-prof'), secs = '5'] = process.argv.slice(2);
  const tmp = mkdtempSync(join(tmpdir(), 'synapse-bench-prof-'));
  const procs: Proc[] = [];
  try {
    const bp = await freePort();
    const backend = startProc(process.execPath, [join(REPO, 'bench', 'backend.mjs'), String(bp)]);
    procs.push(backend);
    await waitFor(bp, '/');
    const project = join(tmp, 'project');
    writeProject(project, bp);
    const port = await freePort();
    const rt = startProc(process.execPath, [
      '--cpu-prof',
      `--cpu-prof-dir=${out}`,
      join(REPO, 'dist', 'cli.js'),
      'run',
      project,
      '--http-port',
      String(port),
    ]);
    procs.push(rt);
    const body = payload('IBM');
    await waitFor(port, `/${api}/x`, 200, 15000, body);
    const script = join(tmp, 'post.lua');
    writeFileSync(
      script,
      `wrk.method = "POST"\nwrk.body = ${JSON.stringify(body)}\nwrk.headers["Content-Type"] = "application/xml"\n`,
    );
    const r = await wrk(`http://127.0.0.1:${port}/${api}/x`, 32, Number(secs), script);
    process.stdout.write(`${r.requests} requests, ${Math.round(r.rps)} req/s\n`);
    await rt.stop();
    const newest = readdirSync(out)
      .filter((f) => f.endsWith('.cpuprofile'))
      .sort()
      .pop();
    if (!newest) throw new Error(`no profile written in ${out}`);
    process.stdout.write(`${join(out, newest)}\n`);
    spawnSync(process.execPath, [join(REPO, 'bench', 'cpuprofile-top.mjs'), join(out, newest), '30'], {
      stdio: 'inherit',
    });
  } finally {
    for (const p of procs.reverse()) await p.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
