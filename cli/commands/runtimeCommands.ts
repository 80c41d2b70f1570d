/**
 * The commands that start our runtime (`run`, `serve`, `test`) and the debug adapter: one lazily loaded bundle,
 * dist/cli-runtime.js (the engine is most of each; one copy of it in the .vsix instead of one per entry).
 */
export { runCommand } from './run';
export { serveCommand } from './serve';
export { testCommand } from './test';
export { startDebugAdapter } from '../../runtime-debug/debugAdapterMain';
