#!/usr/bin/env node
// `npm run bench [-- NAME...]`: runs the benchmarks (all, or the named ones: runtime, validation, lsp, car,
// extension) one after the other, each as its own process (TypeScript through tsx) with a time limit, then writes
// BENCHMARKS.md from their results (bench/results/*.json, kept between runs so one bench can be re-run alone) with the
// machine, the versions and the hand-written analysis of bench/analysis.md.
// Prerequisites: `bash scripts/setup-bench.sh` (nginx, wrk, zip) and `npm run build` (done by `npm run bench`).
// Benchmarks print figures and ratios; none of them is a test and none fails on a slow figure.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');
const BENCHES = {
  runtime: { file: 'runtime.ts', needs: ['nginx', 'wrk'], limitS: 300 },
  validation: { file: 'validation.ts', needs: [], limitS: 180 },
  lsp: { file: 'lsp.ts', needs: [], limitS: 240 },
  car: { file: 'car.ts', needs: ['zip'], limitS: 180 },
  extension: { file: 'extension.ts', needs: ['unzip'], limitS: 420 },
  dap: { file: 'dap.ts', needs: [], limitS: 240 },
};

function usage(code) {
  process.stderr.write(
    `usage: npm run bench [-- ${Object.keys(BENCHES).join('|')} ...] [--no-write]\n` +
      '       node bench/run.mjs --render   (rewrite BENCHMARKS.md from the saved results, running nothing)\n',
  );
  process.exit(code);
}

const args = process.argv.slice(2);
if (args.includes('-h') || args.includes('--help')) usage(0);
const write = !args.includes('--no-write');
const renderOnly = args.includes('--render');
const names = args.filter((a) => !a.startsWith('--'));
for (const n of names)
  if (!(n in BENCHES)) {
    process.stderr.write(`unknown bench '${n}'\n`);
    usage(2);
  }
const selected = renderOnly ? [] : names.length ? names : Object.keys(BENCHES);

function has(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function version(cmd, args, re) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return 'not installed';
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return (re.exec(out) ?? [])[1] ?? out.trim().split('\n')[0];
}

function runOne(name) {
  const b = BENCHES[name];
  const missing = b.needs.filter((c) => !has(c));
  if (missing.length) {
    process.stderr.write(
      `bench ${name}: ${missing.join(', ')} not installed: run 'bash scripts/setup-bench.sh'\n`,
    );
    return Promise.resolve(1);
  }
  if (!existsSync(join(REPO, 'dist', 'cli.js'))) {
    process.stderr.write(`bench ${name}: dist/cli.js missing: run 'npm run build' (npm run bench does)\n`);
    return Promise.resolve(1);
  }
  process.stdout.write(`\n== ${name} (bench/${b.file})\n`);
  const tsx = join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  return new Promise((done) => {
    const p = spawn(process.execPath, [tsx, join(REPO, 'bench', b.file)], {
      cwd: REPO,
      stdio: 'inherit',
      detached: true,
    });
    const timer = setTimeout(() => {
      process.stderr.write(`bench ${name}: stopped after ${b.limitS} s\n`);
      try {
        process.kill(-p.pid, 'SIGTERM');
      } catch {
        // gone
      }
    }, b.limitS * 1000);
    p.on('exit', (code) => {
      clearTimeout(timer);
      done(code ?? 1);
    });
  });
}

function machine() {
  const cpu = cpus();
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    nproc: version('nproc', [], /(\d+)/),
    cpu: cpu[0]?.model ?? 'unknown',
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    kernel: version('uname', ['-r'], /(\S+)/),
    node: process.version,
    nginx: version('nginx', ['-v'], /nginx\/(\S+)/),
    wrk: version('wrk', ['-v'], /wrk (\S+)/),
    zip: version('zip', ['-v'], /Zip (\d\S*)/),
    autocannon: (() => {
      try {
        return JSON.parse(readFileSync(join(REPO, 'node_modules', 'autocannon', 'package.json'), 'utf8'))
          .version;
      } catch {
        return 'not installed';
      }
    })(),
  };
}

const fmt = (x) => {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1000
    ? Math.round(x).toLocaleString('en-US')
    : a >= 100
      ? x.toFixed(0)
      : a >= 10
        ? x.toFixed(1)
        : x.toFixed(2);
};

function render(m, loads, ran) {
  const out = [];
  out.push('# Benchmarks', '');
  out.push(
    'Produced by `npm run bench` (bench/run.mjs; rules in bench/README.md). Every figure comes with a reference measured in the',
    'same run on the same machine, and the ratio between them; on a shared machine the ratios and the CPU time per request',
    'are the figures to compare, absolute latencies and throughputs swing with the other load. A bench can be re-run alone',
    '(`npm run bench -- runtime`); the others then keep the figures of their own last run (each section has its date).',
    'Which targets are met or missed, and what dominates the missed ones: see "What the figures say" at the end.',
    '',
  );
  out.push('## Machine of the last run', '');
  out.push('| | |', '|---|---|');
  out.push(`| date | ${m.date} |`);
  out.push(`| CPUs (nproc) | ${m.nproc} × ${m.cpu} |`);
  out.push(`| memory | ${m.memory} |`);
  out.push(`| kernel | ${m.kernel} |`);
  out.push(
    `| load average (1 min) before / after | ${loads[0]} / ${loads[1]} (other engineers' work shares these cores) |`,
  );
  out.push(`| Node | ${m.node} |`);
  out.push(`| nginx | ${m.nginx} |`);
  out.push(`| wrk | ${m.wrk} |`);
  out.push(`| autocannon | ${m.autocannon} |`);
  out.push(`| zip | ${m.zip} |`);
  out.push(`| benches in the last run | ${ran.join(', ') || '(none)'} |`, '');
  for (const name of Object.keys(BENCHES)) {
    const f = join(REPO, 'bench', 'results', `${name}.json`);
    if (!existsSync(f)) {
      out.push(`## ${name}`, '', '_Not run yet on this machine._', '');
      continue;
    }
    const r = JSON.parse(readFileSync(f, 'utf8'));
    out.push(
      `## ${r.title}`,
      '',
      `\`npm run bench -- ${name}\`, ${r.date.replace(/\.\d+Z$/, 'Z')}, ${r.seconds} s.`,
      '',
    );
    for (const s of r.setup) out.push(`- ${s}`);
    if (r.setup.length) out.push('');
    out.push('| figure | value | reference | ratio | target |', '|---|---:|---|---:|---|');
    for (const row of r.rows) {
      const ref = row.reference ? `${row.reference.name}: ${fmt(row.reference.value)} ${row.unit}` : '';
      const ratio =
        row.ratio !== undefined ? `${fmt(row.ratio)}×${row.ratioNote ? ` (${row.ratioNote})` : ''}` : '';
      const target = row.target ? `${row.target}: **${row.met ? 'met' : 'missed'}**` : '';
      out.push(`| ${row.metric} | ${fmt(row.value)} ${row.unit} | ${ref} | ${ratio} | ${target} |`);
    }
    out.push('');
    for (const n of r.notes) out.push(`- ${n}`);
    if (r.notes.length) out.push('');
  }
  const analysis = join(REPO, 'bench', 'analysis.md');
  if (existsSync(analysis)) out.push(readFileSync(analysis, 'utf8').trim(), '');
  return out.join('\n');
}

const loads = [loadavg()[0].toFixed(1)];
const failed = [];
const ran = [];
for (const name of selected) {
  const code = await runOne(name);
  if (code === 0) ran.push(name);
  else failed.push(name);
}
loads.push(loadavg()[0].toFixed(1));
if (write) {
  const saved = join(REPO, 'bench', 'results', 'machine.json');
  let m;
  if (ran.length) {
    m = { ...machine(), loads, ran };
    mkdirSync(dirname(saved), { recursive: true });
    writeFileSync(saved, JSON.stringify(m, null, 2) + '\n');
  } else {
    m = existsSync(saved) ? JSON.parse(readFileSync(saved, 'utf8')) : { ...machine(), loads, ran };
  }
  writeFileSync(join(REPO, 'BENCHMARKS.md'), render(m, m.loads, m.ran));
  process.stdout.write('\nBENCHMARKS.md written\n');
}
if (failed.length) {
  process.stderr.write(`bench(es) failed: ${failed.join(', ')}\n`);
  process.exit(1);
}
