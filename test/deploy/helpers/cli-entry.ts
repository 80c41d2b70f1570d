/**
 * Fallback CLI entry for the deploy tests, used only while cli/main.ts cannot load (another command of the shared
 * tree mid-edit). Same dispatch and exit codes as cli/main.ts, with the deploy commands only.
 */
import { UsageError } from '../../../cli/usage';
import { packageCommand } from '../../../cli/commands/package';
import { serveCommand } from '../../../cli/commands/serve';
import { deployCommand } from '../../../cli/commands/deploy';
import { artifactsCommand } from '../../../cli/commands/artifacts';
import { undeployCommand } from '../../../cli/commands/undeploy';

const commands = [packageCommand, serveCommand, deployCommand, artifactsCommand, undeployCommand];

async function main([name, ...rest]: string[]): Promise<number> {
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    process.stderr.write(`synapse: unknown command '${name}'\n`);
    return 2;
  }
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

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
