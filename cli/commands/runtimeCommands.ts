/** The commands that start our runtime (`run`, `serve`): one lazily loaded bundle, dist/cli-runtime.js. */
export { runCommand } from './run';
export { serveCommand } from './serve';
