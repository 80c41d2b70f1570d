/**
 * Debug adapter of debugger type `synapse` (dist/debugAdapter.js): DAP over stdio. `launch` runs a project in the
 * embedded runtime; `attach` speaks Micro Integrator's debug wire protocol. See runtime-debug/dap/session.ts.
 * The adapter itself is in the runtime's bundle (debugAdapterMain.ts, built into dist/cli-runtime.js): this entry
 * only loads it.
 */
void import('./debugAdapterMain').then((m) => m.startDebugAdapter());
