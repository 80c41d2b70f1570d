/**
 * `synapse test [DIR|FILE…] [--format text|json|junit] [--out FILE] [--verbose] [--coverage]`: runs a project's unit-test suites
 * (MI's format: src/test/wso2mi/*.xml with mock services) on the embedded runtime. Exit 0 when every case passes,
 * 1 when a case or a deployment fails, 2 for bad usage or a suite that cannot be loaded.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { parse, UsageError, type Command } from '../usage';
import {
  findSuites,
  formatJson,
  formatJunit,
  formatText,
  readSuite,
  runSuite,
  suitePassed,
  UnitTestError,
  type SuiteResult,
} from '../../runtime-debug/unittest';

const FORMATS = ['text', 'json', 'junit'] as const;
type Format = (typeof FORMATS)[number];

export const testCommand: Command = {
  name: 'test',
  usage: 'synapse test [DIR|FILE…] [--format text|json|junit] [--out FILE] [--verbose] [--coverage]',
  summary: "run the project's unit-test suites (MI's format, with mock services) on the embedded runtime",
  async run(args) {
    const { values, positionals } = parse(args, {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      verbose: { type: 'boolean', short: 'v' },
      coverage: { type: 'boolean' },
    });
    const format = (values.format ?? 'text') as Format;
    if (!FORMATS.includes(format))
      throw new UsageError(`--format must be text, json or junit, not '${values.format}'`);
    const targets = (positionals.length ? positionals : ['.']).map((p) => resolve(p));
    for (const t of targets) if (!existsSync(t)) throw new UsageError(`no such file or folder: ${t}`);
    const suites = findSuites(targets);
    if (!suites.length) {
      process.stderr.write(`no unit-test suites found in ${targets.join(', ')}\n`);
      return 0;
    }
    const results: SuiteResult[] = [];
    let loadErrors = 0;
    for (const s of suites) {
      try {
        const suite = readSuite(s.file);
        results.push(
          await runSuite(suite, {
            projectRoot: s.root,
            onLog: values.verbose ? (line) => process.stderr.write(line + '\n') : undefined,
            coverage: values.coverage === true,
          }),
        );
      } catch (e) {
        if (!(e instanceof UnitTestError)) throw e;
        loadErrors++;
        const file = relative(process.cwd(), e.file) || e.file;
        process.stderr.write(`${file}:${e.line}:${e.column} ${e.code} ${e.message}\n`);
      }
    }
    const report =
      format === 'json'
        ? formatJson(results)
        : format === 'junit'
          ? formatJunit(results)
          : formatText(results);
    if (values.out) {
      writeFileSync(resolve(values.out), report);
      if (format !== 'text') process.stdout.write(formatText(results));
    } else process.stdout.write(report);
    if (loadErrors) return 2;
    return results.every(suitePassed) ? 0 : 1;
  },
};
