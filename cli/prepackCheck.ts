/**
 * Validation before packaging (`synapse package`, `synapse deploy DIR`): a project with errors is not packaged,
 * unless `--no-validate` says so. Warnings are counted, not blocking.
 */
import { validatePaths } from '../core/validate/paths';
import { formatText } from './commands/validate';
import { reportBeforePackaging } from './packagingReport';

/** Returns true when packaging may go on. Errors are printed to stderr in `synapse validate`'s text format. */
export function checkBeforePackaging(dir: string, skip: boolean | undefined): boolean {
  if (skip) return true;
  return reportBeforePackaging(validatePaths([dir]).findings, formatText);
}
