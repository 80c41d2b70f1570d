/**
 * The `synapse` command line. Each command lives in its own module under cli/commands/ and is registered here.
 * Exit codes: 0 success, 1 a finding or a failure, 2 bad usage.
 */
import { allCommands, commandLoaders } from './commands';
import { UsageError } from './usage';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(await helpText());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const load = Object.hasOwn(commandLoaders, name) ? commandLoaders[name] : undefined;
  if (!load) {
    process.stderr.write(`synapse: unknown command '${name}'\n\n${await helpText()}`);
    return 2;
  }
  const cmd = await load();
  try {
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`synapse ${name}: ${e.message}\nusage: ${cmd.usage}\n`);
      return 2;
    }
    process.stderr.write(`synapse ${name}: ${(e as Error).message ?? String(e)}\n`);
    return 1;
  }
}

declare const __VERSION__: string | undefined;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.1.0';

async function helpText(): Promise<string> {
  const lines = (await allCommands()).map((c) => `  ${c.usage.padEnd(70)} ${c.summary}`);
  return `synapse: WSO2 Micro Integrator (Synapse XML) tools without Java\n\nCommands:\n${lines.join('\n')}\n`;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`synapse: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);
