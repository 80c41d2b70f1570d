/**
 * Debounced diagnostics: files are queued, validated after a quiet period, and published one by one, yielding to the
 * event loop between files so that completion and other requests are never stuck behind validation.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../core/diagnostics';
import type { LineIndex } from '../core/xml';
import { toRange } from './convert';

export const SOURCE = 'synapse';

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
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    /** Validates a file; undefined when the file is no longer known (its diagnostics are then cleared). */
    private readonly validate: (path: string) => Diagnostic[] | undefined,
    private readonly publish: (path: string, diagnostics: Diagnostic[]) => void,
    public delayMs: number,
  ) {}

  schedule(paths: Iterable<string>, delayMs = this.delayMs): void {
    for (const p of paths) this.pending.add(p);
    if (this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.run(), delayMs);
  }

  /** Forgets a file: clears what was published for it. */
  clear(path: string): void {
    this.pending.delete(path);
    this.publish(path, []);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.pending.clear();
  }

  private run(): void {
    this.timer = undefined;
    this.running = true;
    const step = () => {
      const started = Date.now();
      // validate for at most ~15 ms, then yield to pending requests
      while (this.pending.size && Date.now() - started < 15) {
        const path = this.pending.values().next().value as string;
        this.pending.delete(path);
        let diags: Diagnostic[] | undefined;
        try {
          diags = this.validate(path);
        } catch (e) {
          diags = [
            {
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
              severity: DiagnosticSeverity.Error,
              code: 'SYN_INTERNAL',
              source: SOURCE,
              message: `Internal error while validating: ${(e as Error).message}`,
            },
          ];
        }
        this.publish(path, diags ?? []);
      }
      if (this.pending.size) setImmediate(step);
      else this.running = false;
    };
    step();
  }
}
