/**
 * Debounced diagnostics: files are queued, validated after a quiet period, and published one by one, yielding to the
 * event loop between files so that completion and other requests are never stuck behind validation.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/diagnostics';
import type { LineIndex } from '../core/xml';
import { toRange } from './convert';

export const SOURCE = 'synapse';

/** Validation runs in slices of about this many milliseconds, so a request never waits longer behind it. */
const SLICE_MS = 4;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toDiagnostic(f: Finding, lines: LineIndex): Diagnostic {
  const d: Diagnostic = {
    range: toRange(lines, f.span),
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Error,
    code: f.code,
    source: SOURCE,
    message: f.message,
  };
  if (f.data) d.data = { ...f.data, code: f.code };
  return d;
}

export class DiagnosticsScheduler {
  /** Files waiting for validation, with the time they become due (each edit pushes its file's time back). */
  private readonly pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private running = false;

  constructor(
    /** Validates a file; undefined when the file is no longer known (its diagnostics are then cleared). */
    private readonly validate: (path: string) => Diagnostic[] | undefined,
    private readonly publish: (path: string, diagnostics: Diagnostic[]) => void,
    public delayMs: number,
  ) {}

  schedule(paths: Iterable<string>, delayMs = this.delayMs): void {
    const due = Date.now() + delayMs;
    for (const p of paths) {
      this.pending.delete(p); // re-insert: keeps the map ordered by due time
      this.pending.set(p, due);
    }
    this.arm();
  }

  /** Validates and publishes these files now (a few open documents at start-up), taking them off the queue. */
  validateNow(paths: Iterable<string>): void {
    for (const p of paths) {
      this.pending.delete(p);
      this.publish(p, this.validateOne(p));
    }
  }

  /** Forgets a file: clears what was published for it. */
  clear(path: string): void {
    this.pending.delete(path);
    this.publish(path, []);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private validateOne(path: string): Diagnostic[] {
    try {
      return this.validate(path) ?? [];
    } catch (e) {
      return [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Error,
          code: 'SYN_INTERNAL',
          source: SOURCE,
          message: `Internal error while validating: ${(e as Error).message}`,
        },
      ];
    }
  }

  private arm(): void {
    if (this.running || !this.pending.size) return;
    let next = Infinity;
    for (const due of this.pending.values()) if (due < next) next = due;
    if (this.timer && this.timerDue <= next) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = next;
    this.timer = setTimeout(() => this.start(), Math.max(0, next - Date.now()));
  }

  /**
   * The timer fired: validation starts on the next turn of the event loop's check phase, behind the messages the
   * connection has already queued (it handles one per setImmediate). So a validation that falls due between a
   * didChange and the completion request read with it never runs in between: the request is answered first.
   */
  private start(): void {
    this.timer = undefined;
    this.timerDue = Infinity;
    this.running = true;
    setImmediate(() => this.run());
  }

  private run(): void {
    const step = () => {
      const started = Date.now();
      // validate due files for a short slice, then yield to pending requests
      for (const [path, due] of this.pending) {
        if (Date.now() - started >= SLICE_MS) break;
        if (due > Date.now()) continue;
        this.pending.delete(path);
        this.publish(path, this.validateOne(path));
      }
      const now = Date.now();
      let anyDue = false;
      for (const due of this.pending.values()) if (due <= now) anyDue = true;
      if (anyDue) setImmediate(step);
      else {
        this.running = false;
        this.arm();
      }
    };
    step();
  }
}
