/** The commands that talk to a server's management API: one lazily loaded bundle, dist/cli-remote.js. */
export { deployCommand } from './deploy';
export { artifactsCommand } from './artifacts';
export { undeployCommand } from './undeploy';
