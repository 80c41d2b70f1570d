/** A small collector that rules write findings into (code, span, message, optional data for quick fixes). */
import type { Finding, Severity } from '../diagnostics';
import type { Span } from '../xml/types';
import { severityOf } from './codes';
import type { Code } from './codes';

export class Report {
  readonly findings: Finding[] = [];
  add(code: Code, span: Span, message: string, data?: Record<string, unknown>, severity?: Severity): void {
    this.findings.push({ code, severity: severity ?? severityOf(code), message, span, data });
  }
}

/** Levenshtein distance, bounded: returns > max quickly when the strings are far apart. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let prev = Array.from({ length: bl.length + 1 }, (_, i) => i);
  for (let i = 1; i <= al.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= bl.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (al[i - 1] === bl[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[bl.length];
}

/** The closest candidates to `name` (case-insensitive edit distance ≤ 2, or a shared prefix), best first. */
export function suggest(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const scored: { c: string; d: number }[] = [];
  const lower = name.toLowerCase();
  for (const c of candidates) {
    if (c === name) continue;
    const cl = c.toLowerCase();
    let d = editDistance(name, c, 2);
    if (cl === lower) d = 0;
    else if (d > 2 && lower.length >= 3 && (cl.startsWith(lower) || lower.startsWith(cl))) d = 2.5;
    if (d <= 2.5) scored.push({ c, d });
  }
  scored.sort((x, y) => x.d - y.d || x.c.localeCompare(y.c));
  return scored.slice(0, limit).map((s) => s.c);
}
