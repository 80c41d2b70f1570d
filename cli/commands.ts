/** The registry of CLI commands: one module per command. */
import type { Command } from './usage';
import { packageCommand } from './commands/package';
import { serveCommand } from './commands/serve';
import { deployCommand } from './commands/deploy';
import { artifactsCommand } from './commands/artifacts';
import { undeployCommand } from './commands/undeploy';
import { validateCommand } from './commands/validate';
import { runCommand } from './commands/run';

export const commands: Command[] = [
  validateCommand,
  packageCommand,
  serveCommand,
  deployCommand,
  artifactsCommand,
  undeployCommand,
  runCommand,
];
