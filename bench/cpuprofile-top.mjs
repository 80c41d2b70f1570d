#!/usr/bin/env node
// Self time by function (and by file) of a V8 .cpuprofile (node --cpu-prof): `node bench/cpuprofile-top.mjs FILE [N]`.
import { readFileSync } from 'node:fs';

const [file, n = '25'] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node bench/cpuprofile-top.mjs FILE.cpuprofile [N]\n');
  process.exit(2);
}
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((x) => [x.id, x]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++)
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
// esbuild's unminified bundles mark each module with a `// path/to/module.ts` line: map bundle lines to modules
const modulesOf = new Map();
function moduleAt(url, line) {
  if (!url.startsWith('file://')) return undefined;
  let marks = modulesOf.get(url);
  if (!marks) {
    marks = [];
    try {
      readFileSync(new URL(url), 'utf8')
        .split('\n')
        .forEach((l, i) => {
          const m = /^\/\/ (\S+\.(?:ts|js|mjs|cjs))$/.exec(l);
          if (m) marks.push([i, m[1]]);
        });
    } catch {
      // not readable
    }
    modulesOf.set(url, marks);
  }
  let lo = 0;
  let hi = marks.length - 1;
  let found;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (marks[mid][0] <= line) {
      found = marks[mid][1];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
const fn = new Map();
const modules = new Map();
const files = new Map();
for (const [id, us] of self) {
  const cf = byId.get(id).callFrame;
  const where = cf.url
    ? cf.url.replace(/^.*\/(node_modules\/[^/]+|dist|node:[^/]+)/, '$1').replace(/^file:\/\//, '')
    : '(native)';
  const key = `${cf.functionName || '(anonymous)'}  ${where}:${cf.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  files.set(where, (files.get(where) ?? 0) + us);
  const mod = moduleAt(cf.url, cf.lineNumber) ?? where;
  const group = mod.startsWith('node_modules/')
    ? mod
        .split('/')
        .slice(0, mod.split('/')[1].startsWith('@') ? 3 : 2)
        .join('/')
    : mod;
  modules.set(group, (modules.get(group) ?? 0) + us);
}
const top = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(n));
process.stdout.write(`total sampled ${(total / 1000).toFixed(0)} ms\n-- self time by function\n`);
for (const [k, v] of top(fn)) process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
process.stdout.write('-- self time by file\n');
for (const [k, v] of top(files).slice(0, 12))
  process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
process.stdout.write('-- self time by source module (bundle comments) or package\n');
for (const [k, v] of top(modules).slice(0, 20))
  process.stdout.write(`${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
