/**
 * `synapse validate [DIR|FILE…] [--format text|json]`: diagnostics as `file:line:col severity code message`
 * (1-based), or one JSON array. Exit 1 when an error is found.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, UsageError, type Command } from '../usage';
import { validatePaths } from '../../core/validate/paths';
import type { LocatedFinding } from '../../core/diagnostics';

// for `synapse package`, which loads this bundle to validate before packaging
export { validatePaths };

export const validateCommand: Command = {
  name: 'validate',
  usage: 'synapse validate [DIR|FILE…] [--format text|json]',
  summary: 'check Synapse configurations (XML, schema, references, expressions)',
  async run(args) {
    const { values, positionals } = parse(args, { format: { type: 'string', short: 'f' } });
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json')
      throw new UsageError(`--format must be text or json, not '${format}'`);
    const targets = (positionals.length ? positionals : ['.']).map((p) => resolve(p));
    for (const t of targets) {
      if (!existsSync(t)) throw new UsageError(`no such file or folder: ${t}`);
      statSync(t);
    }
    const { findings, fileCount } = validatePaths(targets);
    if (format === 'json') {
      process.stdout.write(JSON.stringify(findings, null, 2) + '\n');
    } else {
      for (const f of findings) process.stdout.write(formatText(f) + '\n');
      const errors = findings.filter((f) => f.severity === 'error').length;
      const warnings = findings.filter((f) => f.severity === 'warning').length;
      process.stderr.write(
        `${fileCount} file${fileCount === 1 ? '' : 's'} checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
      );
    }
    return findings.some((f) => f.severity === 'error') ? 1 : 0;
  },
};

export function formatText(f: LocatedFinding): string {
  return `${f.file}:${f.line}:${f.column} ${f.severity} ${f.code} ${f.message}`;
}
