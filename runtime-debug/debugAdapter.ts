/**
 * Debug adapter of debugger type `synapse` (dist/debugAdapter.js): DAP over stdio. `launch` runs a project in the
 * embedded runtime; `attach` speaks Micro Integrator's debug wire protocol. See runtime-debug/dap/session.ts.
 */
import { DebugSession } from '@vscode/debugadapter';
import { SynapseDebugSession } from './dap/session';
import { tuneServerProcess } from './engine/serverProcess';

process.on('unhandledRejection', (e) =>
  process.stderr.write(`synapse debug adapter: ${String((e as Error)?.stack ?? e)}\n`),
);
tuneServerProcess();
DebugSession.run(SynapseDebugSession);
