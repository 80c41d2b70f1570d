/** Template errors: FreeMarkerError with MI's message, InvalidReference, and where an error is blamed (line, column). */
import { type Expr } from './ast';
import { Env } from './values';
import { lineCol } from './whitespace';

/**
 * A template error. `blamed` is the expression FreeMarker blames (null when it blames none), `line`/`column`
 * where: MI answers with `miMessage` (FreeMarkerTemplateProcessor.generateTemplateErrorMessage).
 */
export class FreeMarkerError extends Error {
  blamed: string | null = null;
  line = 0;
  column = 0;
  located = false;
  /** the message MI gives instead (a #stop: StopException.getMessage) */
  stopMessage: string | undefined;
  get miMessage(): string {
    if (this.stopMessage !== undefined) return this.stopMessage;
    return `Error parsing FreeMarker template, Syntax error or invalid reference : ${this.blamed} At line: ${this.line} column: ${this.column}`;
  }
}

/** FreeMarker's InvalidReferenceException: a missing or null value where one is needed. */
export class InvalidReference extends FreeMarkerError {}

export function invalidRef(src: string, p: number, env: Env): FreeMarkerError {
  const err = new InvalidReference(`The following has evaluated to null or missing: ${src}`);
  err.blamed = src;
  setPos(err, p, env.full);
  return err;
}

export function blame(msg: string, e: Expr, env: Env): FreeMarkerError {
  const err = new FreeMarkerError(msg);
  err.blamed = e.src;
  setPos(err, e.p, env.full);
  return err;
}

function setPos(err: FreeMarkerError, p: number, full: string): void {
  const { line, column } = lineCol(full, p);
  err.line = line;
  err.column = column;
  err.located = true;
}

export function locate(err: FreeMarkerError, _e: Expr | undefined, at: number, full: string): void {
  if (err.located) return;
  setPos(err, at, full);
}
