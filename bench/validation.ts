/**
 * Validation bench: a generated project of 1,000 artifacts (bench/genproject.ts). In-process, from texts already in
 * memory: the full path (ProjectIndex.setFile of every file, then validateProject) against the raw parse (parseXml of
 * the same texts), A/B interleaved, median of the per-pair ratios; validatePaths (the CLI's path: discovery, reading, one
 * file at a time) in-process as a breakdown. Then `synapse validate DIR` as a process (wall time, including Node's
 * start-up and reading the files).
 *
 * Options (environment): BENCH_ARTIFACTS (default 1000), BENCH_PAIRS (default 5).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../core/xml';
import { ProjectIndex } from '../core/project';
import { validateProject } from '../core/validate';
import { validatePaths } from '../core/validate/paths';
import { generateProject } from './genproject';
import { median, Recorder, REPO } from './lib';

const N = Number(process.env.BENCH_ARTIFACTS ?? 1000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);

function timeMs(f: () => void): number {
  const t0 = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** CPU time (user + system) of this process spent in f, in ms: steadier than wall time on a shared machine. */
function cpuMs(f: () => void): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

/** Wall and CPU time (user + system of the children, from bash's `times`) of a command, in ms. */
function processMs(cmd: string[]): { wall: number; cpu: number; status: number } {
  const quoted = cmd.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  let out = '';
  let status = 0;
  const wall = timeMs(() => {
    const r = spawnSync('bash', ['-c', `${quoted} >/dev/null 2>&1; s=$?; times; exit $s`], {
      encoding: 'utf8',
      timeout: 120000,
    });
    out = r.stdout;
    status = r.status ?? -1;
  });
  // `times` prints two lines: the shell's, then its children's user and system time, e.g. "0m1.234s 0m0.120s"
  const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(out.trim());
  const cpu = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : NaN;
  return { wall, cpu, status };
}

function main() {
  const rec = new Recorder('validation', 'Validation of a generated 1,000-artifact project');
  const tmp = mkdtempSync(join(tmpdir(), 'synapse-bench-validate-'));
  try {
    const g = generateProject(join(tmp, 'generated'), N);
    const texts = g.files.map((f) => [f, readFileSync(f, 'utf8')] as const);
    rec.setup.push(
      `${g.files.length} artifacts (${Object.entries(g.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}), ${g.lines} lines, ${(g.bytes / 1e6).toFixed(2)} MB`,
      `in-process, texts already in memory; ${PAIRS} interleaved pairs after one warm-up of each`,
    );
    let findings = 0;
    const raw = () => {
      for (const [, t] of texts) parseXml(t);
    };
    const full = () => {
      const index = new ProjectIndex();
      for (const [f, t] of texts) index.setFile(f, t);
      findings = 0;
      for (const list of validateProject(index, { layout: 'mi' }).values()) findings += list.length;
    };
    raw();
    full();
    const pairs: [number, number][] = [];
    const wallPairs: [number, number][] = [];
    let a = 0;
    let b = 0;
    for (let i = 0; i < PAIRS; i++) {
      const wa = timeMs(() => (a = cpuMs(raw)));
      const wb = timeMs(() => (b = cpuMs(full)));
      pairs.push([a, b]);
      wallPairs.push([wa, wb]);
      process.stdout.write(
        `  pair ${i + 1}: raw parse ${a.toFixed(1)} ms CPU (${wa.toFixed(0)} wall), index + validateProject ${b.toFixed(1)} ms CPU (${wb.toFixed(0)} wall)\n`,
      );
    }
    rec.add({
      metric: 'index + validateProject, whole project (CPU time)',
      value: median(pairs.map((p) => p[1])),
      unit: 'ms',
      reference: { name: 'parseXml of the same files', value: median(pairs.map((p) => p[0])) },
      ratio: median(pairs.map(([a, b]) => b / a)),
      ratioNote: 'median of per-pair ratios',
    });
    rec.add({
      metric: 'index + validateProject, whole project (wall time)',
      value: median(wallPairs.map((p) => p[1])),
      unit: 'ms',
      reference: { name: 'parseXml of the same files', value: median(wallPairs.map((p) => p[0])) },
      ratio: median(wallPairs.map(([x, y]) => y / x)),
      ratioNote: 'median of per-pair ratios',
    });
    rec.add({
      metric: 'validation throughput (CPU time)',
      value: g.lines / (median(pairs.map((p) => p[1])) / 1000),
      unit: 'lines/s',
    });
    rec.note(`the generated project gives ${findings} finding(s)`);

    // breakdown: the path `synapse validate DIR` takes, in-process (discovery, reading, one file at a time against
    // an index of artifact names: validatePaths), so the process figure below can be read against it
    validatePaths([g.root], g.root);
    const streamed: number[] = [];
    for (let i = 0; i < PAIRS; i++) streamed.push(cpuMs(() => validatePaths([g.root], g.root)));
    rec.add({
      metric:
        'breakdown: validatePaths(DIR) in-process (discover, read, validate file by file: the CLI path; CPU time)',
      value: median(streamed),
      unit: 'ms',
      reference: { name: 'parseXml of the same files', value: median(pairs.map((p) => p[0])) },
      ratio: median(streamed) / median(pairs.map((p) => p[0])),
    });

    const cli = join(REPO, 'dist', 'cli.js');
    const runs: { wall: number; cpu: number }[] = [];
    const floors: { wall: number; cpu: number }[] = [];
    for (let i = 0; i < 3; i++) {
      floors.push(processMs([process.execPath, '-e', '']));
      const r = processMs([process.execPath, cli, 'validate', g.root]);
      if (r.status !== 0 && r.status !== 1) throw new Error(`synapse validate exited with ${r.status}`);
      runs.push(r);
    }
    const rawCpu = median(pairs.map((p) => p[0]));
    rec.add({
      metric: '`synapse validate DIR` as a process (CPU time, user + system)',
      value: median(runs.map((r) => r.cpu)),
      unit: 'ms',
      reference: { name: 'parseXml of the same files, in-process', value: rawCpu },
      ratio: median(runs.map((r) => r.cpu)) / rawCpu,
    });
    rec.add({
      metric: '`synapse validate DIR` as a process (wall time)',
      value: median(runs.map((r) => r.wall)),
      unit: 'ms',
    });
    rec.note(
      `an empty \`node -e ''\` costs ${median(floors.map((f) => f.cpu)).toFixed(0)} ms CPU, ${median(floors.map((f) => f.wall)).toFixed(0)} ms wall in the same run (the process floor)`,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  rec.save();
}

main();
