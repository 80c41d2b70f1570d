/**
 * Breakpoints of a launch session: source breakpoints bound to mediators (by any line of their start tag), function
 * breakpoints by artifact name, with conditions, hit counts and logpoints.
 */
import type { ProjectModel } from './projectModel';
import { fileKey } from './projectModel';
import { unboundReason, type MediatorNode } from './sourceModel';

export interface BreakpointSpec {
  line: number;
  condition?: string;
  hitCondition?: string;
  logMessage?: string;
}

export interface SourceBreakpoint extends BreakpointSpec {
  id: number;
  file: string;
  verified: boolean;
  /** The mediator it is bound to. */
  node?: MediatorNode;
  message?: string;
  hits: number;
}

export interface FunctionBreakpoint {
  id: number;
  name: string;
  condition?: string;
  hitCondition?: string;
  verified: boolean;
  message?: string;
  hits: number;
}

let nextId = 1;

/** Parses a hit condition: "5" or "==5" (the 5th hit), ">=5", ">5", "<5", "%3" (every 3rd). */
export function hitMatches(cond: string | undefined, hits: number): boolean | string {
  if (!cond || !cond.trim()) return true;
  const m = /^\s*(==|=|>=|>|<=|<|%)?\s*(\d+)\s*$/.exec(cond);
  if (!m) return `Invalid hit count '${cond}': use a number (5), or >=5, >5, <5, <=5, ==5 or %5.`;
  const n = Number(m[2]);
  switch (m[1] ?? '==') {
    case '>=':
      return hits >= n;
    case '>':
      return hits > n;
    case '<=':
      return hits <= n;
    case '<':
      return hits < n;
    case '%':
      return n > 0 && hits % n === 0;
    default:
      return hits === n;
  }
}

/** Whether an expression's string value counts as true for a condition. */
export function truthy(value: string): boolean {
  const v = value.trim().toLowerCase();
  return !(v === '' || v === 'false' || v === '0' || v === 'null' || v === 'undefined' || v === 'nan');
}

export class BreakpointStore {
  /** file key -> mediator name line -> breakpoints */
  private readonly byFile = new Map<
    string,
    { specs: SourceBreakpoint[]; byLine: Map<number, SourceBreakpoint> }
  >();
  functions: FunctionBreakpoint[] = [];

  constructor(private readonly model: ProjectModel) {}

  get size(): number {
    let n = this.functions.length;
    for (const f of this.byFile.values()) n += f.byLine.size;
    return n;
  }

  setForFile(file: string, specs: BreakpointSpec[]): SourceBreakpoint[] {
    const out = specs.map(
      (s) => ({ ...s, id: nextId++, file, verified: false, hits: 0 }) as SourceBreakpoint,
    );
    this.byFile.set(fileKey(file), { specs: out, byLine: new Map() });
    this.bindFile(file);
    return out;
  }

  /** (Re)binds the breakpoints of a file to its mediators; returns those whose binding changed. */
  bindFile(file: string): SourceBreakpoint[] {
    const entry = this.byFile.get(fileKey(file));
    if (!entry) return [];
    const fm = this.model.file(file);
    const changed: SourceBreakpoint[] = [];
    entry.byLine.clear();
    for (const bp of entry.specs) {
      const before = `${bp.verified}:${bp.node?.line}`;
      const node = fm?.byLine.get(bp.line);
      if (node && entry.byLine.has(node.line)) {
        bp.verified = false;
        bp.node = undefined;
        bp.message = `Another breakpoint is already bound to the <${node.name}> mediator on line ${node.line}.`;
      } else if (node) {
        bp.verified = true;
        bp.node = node;
        bp.message = undefined;
        entry.byLine.set(node.line, bp);
      } else {
        bp.verified = false;
        bp.node = undefined;
        bp.message = unboundReason(fm, bp.line);
      }
      if (bp.hitCondition) {
        const ok = hitMatches(bp.hitCondition, 0);
        if (typeof ok === 'string') {
          bp.verified = false;
          bp.message = ok;
        }
      }
      if (before !== `${bp.verified}:${bp.node?.line}`) changed.push(bp);
    }
    return changed;
  }

  rebindAll(): SourceBreakpoint[] {
    const out: SourceBreakpoint[] = [];
    for (const e of this.byFile.values()) if (e.specs[0]) out.push(...this.bindFile(e.specs[0].file));
    return out;
  }

  /** The breakpoint bound to the mediator whose element name is on this line. */
  at(file: string, nameLine: number): SourceBreakpoint | undefined {
    if (this.byFile.size === 0) return undefined;
    return this.byFile.get(fileKey(file))?.byLine.get(nameLine);
  }

  setFunctions(specs: { name: string; condition?: string; hitCondition?: string }[]): FunctionBreakpoint[] {
    this.functions = specs.map((s) => {
      const a = this.model.artifact(s.name);
      const fb: FunctionBreakpoint = {
        id: nextId++,
        name: s.name,
        condition: s.condition,
        hitCondition: s.hitCondition,
        verified: !!a,
        hits: 0,
      };
      if (!a)
        fb.message = `No API, proxy service, sequence, template or inbound endpoint named '${s.name}' in the project.`;
      return fb;
    });
    return this.functions;
  }
}
