/**
 * CAR bench: `synapse package` of the generated 1,000-artifact project against `zip -r` of the same files, both as
 * processes (CPU time, user + system, from bash's `times`), A/B interleaved, median of the per-pair ratios; and the
 * in-process build (loadProject + buildCar of core/car) against the zip process, with breakdown rows (the zip writing
 * alone, loadProject alone).
 *
 * Options (environment): BENCH_ARTIFACTS (default 1000), BENCH_PAIRS (default 5).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCar, carEntries, loadProject } from '../core/car';
import { writeZip } from '../core/car/zipwrite';
import { generateProject } from './genproject';
import { median, Recorder, REPO } from './lib';

const N = Number(process.env.BENCH_ARTIFACTS ?? 1000);
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);

/** Wall and CPU time (user + system of the children, from bash's `times`) of a shell command, in ms. */
function shellMs(command: string, cwd: string): { wall: number; cpu: number; status: number } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', `${command} >/dev/null 2>&1; s=$?; times; exit $s`], {
    cwd,
    encoding: 'utf8',
    timeout: 120000,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec((r.stdout ?? '').trim());
  const cpu = m ? (Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4])) * 1000 : NaN;
  return { wall, cpu, status: r.status ?? -1 };
}

const q = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

async function main() {
  const rec = new Recorder('car', 'CAR packaging of the generated project');
  const tmp = mkdtempSync(join(tmpdir(), 'synapse-bench-car-'));
  try {
    const g = generateProject(join(tmp, 'generated'), N);
    const car = join(tmp, 'out.car');
    const zip = join(tmp, 'out.zip');
    const cli = join(REPO, 'dist', 'cli.js');
    const ours = `${q(process.execPath)} ${q(cli)} package ${q(g.root)} -o ${q(car)} -q`;
    // the same files: the artifacts and the pom; -q quiet, default compression (deflate -6) like the CAR writer
    const theirs = `rm -f ${q(zip)}; zip -r -q ${q(zip)} pom.xml src`;
    const oursNoValidate = `${ours} --no-validate`;
    const pairs: [{ wall: number; cpu: number }, { wall: number; cpu: number }][] = [];
    const noValidate: { wall: number; cpu: number }[] = [];
    shellMs(ours, g.root);
    shellMs(theirs, g.root);
    for (let i = 0; i < PAIRS; i++) {
      const a = shellMs(theirs, g.root);
      const b = shellMs(ours, g.root);
      if (a.status !== 0) throw new Error(`zip failed (${a.status})`);
      if (b.status !== 0) throw new Error(`synapse package failed (${b.status})`);
      const c = shellMs(oursNoValidate, g.root);
      if (c.status !== 0) throw new Error(`synapse package --no-validate failed (${c.status})`);
      pairs.push([a, b]);
      noValidate.push(c);
      process.stdout.write(
        `  round ${i + 1}: zip -r ${a.cpu.toFixed(0)} ms CPU (${a.wall.toFixed(0)} wall), synapse package ${b.cpu.toFixed(0)} ms CPU (${b.wall.toFixed(0)} wall), --no-validate ${c.cpu.toFixed(0)} ms CPU\n`,
      );
    }
    rec.setup.push(
      `${g.files.length} artifacts, ${g.lines} lines, ${(g.bytes / 1e6).toFixed(2)} MB; CAR ${(statSync(car).size / 1024).toFixed(0)} KB, zip ${(statSync(zip).size / 1024).toFixed(0)} KB`,
      `as processes; CPU = user + system of the process (bash \`times\`); ${PAIRS} interleaved rounds (zip, package, package --no-validate) after one warm-up; \`synapse package\` validates the project first unless --no-validate`,
    );
    const ratio = median(pairs.map(([a, b]) => b.cpu / a.cpu));
    rec.add({
      metric: '`synapse package` (process, CPU time)',
      value: median(pairs.map(([, b]) => b.cpu)),
      unit: 'ms',
      reference: { name: '`zip -r` of the same files', value: median(pairs.map(([a]) => a.cpu)) },
      ratio,
      ratioNote: 'median of per-pair ratios',
      target: '≤ 2×',
      met: ratio <= 2,
    });
    rec.add({
      metric: '`synapse package` (process, wall time)',
      value: median(pairs.map(([, b]) => b.wall)),
      unit: 'ms',
      reference: { name: '`zip -r` of the same files', value: median(pairs.map(([a]) => a.wall)) },
      ratio: median(pairs.map(([a, b]) => b.wall / a.wall)),
      ratioNote: 'median of per-pair ratios',
    });
    rec.add({
      metric: '`synapse package --no-validate` (process, CPU time)',
      value: median(noValidate.map((c) => c.cpu)),
      unit: 'ms',
      reference: { name: '`zip -r` of the same files', value: median(pairs.map(([a]) => a.cpu)) },
      ratio: median(noValidate.map((c, i) => c.cpu / pairs[i][0].cpu)),
      ratioNote: 'median of per-round ratios',
      target: '≤ 2×',
      met: median(noValidate.map((c, i) => c.cpu / pairs[i][0].cpu)) <= 2,
    });
    const floor = median([0, 1, 2].map(() => shellMs(`${q(process.execPath)} -e ''`, tmp).cpu));
    rec.note(`Node's own start-up (\`node -e ''\`) costs ${floor.toFixed(0)} ms CPU of that in this run`);
    // breakdown: what starting the CLI costs before any packaging (Node plus loading dist/cli.js)
    const startup = median(
      [0, 1, 2].map(() => shellMs(`${q(process.execPath)} ${q(cli)} --version`, tmp).cpu),
    );
    rec.add({
      metric: 'breakdown: CLI start-up alone, `synapse --version` (process, CPU time)',
      value: startup,
      unit: 'ms',
      reference: { name: "`node -e ''`", value: floor },
      ratio: startup / floor,
    });

    // in-process: loadProject + buildCar (what the extension and `synapse deploy DIR` do)
    const inproc: number[] = [];
    const loadOnly: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const c0 = process.cpuUsage();
      const project = loadProject(g.root);
      const c1 = process.cpuUsage(c0);
      await buildCar(project);
      const c = process.cpuUsage(c0);
      inproc.push((c.user + c.system) / 1000);
      loadOnly.push((c1.user + c1.system) / 1000);
    }
    rec.add({
      metric: 'loadProject + buildCar in-process (CPU time)',
      value: median(inproc),
      unit: 'ms',
      reference: { name: '`zip -r` process', value: median(pairs.map(([a]) => a.cpu)) },
      ratio: median(inproc) / median(pairs.map(([a]) => a.cpu)),
    });
    // breakdown: the zip writing alone (CRC-32 and deflate level 6 of every entry, headers), the part zlib's own
    // speed bounds
    const project = loadProject(g.root);
    const entries = carEntries(project);
    const list = [...entries.keys()].sort().map((path) => ({ path, data: entries.get(path)! }));
    const zipOnly: number[] = [];
    for (let i = 0; i < PAIRS; i++) {
      const c0 = process.cpuUsage();
      writeZip(list);
      const c = process.cpuUsage(c0);
      zipOnly.push((c.user + c.system) / 1000);
    }
    rec.add({
      metric: `breakdown: writeZip alone (${list.length} entries, deflate level 6; in-process CPU time)`,
      value: median(zipOnly),
      unit: 'ms',
      reference: { name: '`zip -r` process', value: median(pairs.map(([a]) => a.cpu)) },
      ratio: median(zipOnly) / median(pairs.map(([a]) => a.cpu)),
    });
    rec.add({
      metric: 'breakdown: loadProject alone (find, read and check the files; in-process CPU time)',
      value: median(loadOnly),
      unit: 'ms',
      reference: { name: 'loadProject + buildCar', value: median(inproc) },
      ratio: median(loadOnly) / median(inproc),
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  rec.save();
}

main().catch((e) => {
  process.stderr.write(`car bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
