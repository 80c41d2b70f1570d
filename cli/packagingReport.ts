/**
 * The report before packaging (`synapse package`, `synapse deploy DIR`): errors block packaging and are printed as
 * `synapse validate` prints them, warnings are counted. A module of its own with no heavy import, so the packaging
 * bundle does not pull the validator in with it.
 */
import type { LocatedFinding } from '../core/diagnostics';

/** Prints the report to stderr; true when packaging may go on. */
export function reportBeforePackaging(
  findings: LocatedFinding[],
  formatText: (f: LocatedFinding) => string,
): boolean {
  const errors = findings.filter((f) => f.severity === 'error');
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (errors.length) {
    for (const f of errors) process.stderr.write(formatText(f) + '\n');
    process.stderr.write(
      `${errors.length} error${errors.length === 1 ? '' : 's'} in the project: not packaged (fix them, or pass --no-validate to package anyway)\n`,
    );
    return false;
  }
  if (warnings)
    process.stderr.write(`${warnings} warning${warnings === 1 ? '' : 's'} (see synapse validate)\n`);
  return true;
}
