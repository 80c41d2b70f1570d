/**
 * The registry of CLI commands: one module per command, loaded only when that command runs (a command does not pay
 * for the start-up of the others: `synapse package` never initialises the runtime or the XPath engine).
 */
import type { Command } from './usage';

export const commandLoaders: Record<string, () => Promise<Command>> = {
  validate: () => import('./commands/validate').then((m) => m.validateCommand),
  run: () => import('./commands/run').then((m) => m.runCommand),
  package: () => import('./commands/package').then((m) => m.packageCommand),
  serve: () => import('./commands/serve').then((m) => m.serveCommand),
  deploy: () => import('./commands/deploy').then((m) => m.deployCommand),
  artifacts: () => import('./commands/artifacts').then((m) => m.artifactsCommand),
  undeploy: () => import('./commands/undeploy').then((m) => m.undeployCommand),
  test: () => import('./commands/test').then((m) => m.testCommand),
};

/** Every command (loads them all: for the help text). */
export async function allCommands(): Promise<Command[]> {
  return Promise.all(Object.values(commandLoaders).map((load) => load()));
}
