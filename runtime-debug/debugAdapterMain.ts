/**
 * The debug adapter's start (DAP over stdio; see runtime-debug/dap/session.ts). It lives in the runtime's bundle,
 * dist/cli-runtime.js (exported by cli/commands/runtimeCommands.ts), which dist/debugAdapter.js loads: the engine
 * ships once in the .vsix for `synapse run`, `serve`, `test` and the debugger.
 */
import { DebugSession } from '@vscode/debugadapter';
import { SynapseDebugSession } from './dap/session';
import { tuneServerProcess } from './engine/serverProcess';

export function startDebugAdapter(): void {
  process.on('unhandledRejection', (e) =>
    process.stderr.write(`synapse debug adapter: ${String((e as Error)?.stack ?? e)}\n`),
  );
  tuneServerProcess();
  DebugSession.run(SynapseDebugSession);
}
