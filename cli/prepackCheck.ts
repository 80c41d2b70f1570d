/**
 * Validation before packaging (`synapse package`, `synapse deploy DIR`): a project with errors is not packaged,
 * unless `--no-validate` says so. Warnings are counted, not blocking.
 */
import { validatePaths } from '../core/validate/paths';
import { formatText } from './commands/validate';

/** Returns true when packaging may go on. Errors are printed to stderr in `synapse validate`'s text format. */
export function checkBeforePackaging(dir: string, skip: boolean | undefined): boolean {
  if (skip) return true;
  const { findings } = validatePaths([dir]);
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
