/**
 * The Synapse language server entry point (dist/server.js). Transport from argv as vscode-languageserver reads it:
 * `--stdio`, `--node-ipc`, `--socket=N` or `--pipe=NAME`.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);
startServer(connection);
connection.listen();
