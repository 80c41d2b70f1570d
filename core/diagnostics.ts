/** The finding type shared by the validator, the language server and the CLI. */
import type { Span } from './xml/types';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Finding {
  /** Stable code, listed in docs/diagnostics.md (e.g. `SYN101`, `XML_MISSING_END_TAG`). */
  code: string;
  severity: Severity;
  message: string;
  /** Offsets into the file's text. */
  span: Span;
  /** Extra data for quick fixes (e.g. suggested names, the missing key and its kind). */
  data?: Record<string, unknown>;
}

/** A finding placed in a file with 1-based line and column, as the CLI prints it. */
export interface LocatedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  code: string;
  message: string;
}
