/** The server over Node IPC (what vscode-languageclient's TransportKind.ipc uses), and workspace folder changes. */
import { strict as assert } from 'node:assert';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, SymbolInformation } from 'vscode-languageserver-protocol';
import { FIXTURE, LspClient, serverBundle, uri } from './lspClient';

describe('lsp: transports and workspace folders', function () {
  it('speaks LSP over --node-ipc', async () => {
    const js = await serverBundle();
    const proc = fork(js, ['--node-ipc'], { silent: true });
    const conn = createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    const published: { uri: string; diagnostics: Diagnostic[] }[] = [];
    conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; diagnostics: Diagnostic[] }) => void published.push(p),
    );
    conn.listen();
    try {
      const init = await conn.sendRequest('initialize', {
        processId: process.pid,
        rootUri: uri(FIXTURE),
        workspaceFolders: [{ uri: uri(FIXTURE), name: 'fixture' }],
        capabilities: {},
      });
      assert.ok((init as { capabilities: { completionProvider?: unknown } }).capabilities.completionProvider);
      await conn.sendNotification('initialized', {});
      const file = join(FIXTURE, 'src/main/wso2mi/artifacts/sequences/Broken.xml');
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: {
          uri: uri(file),
          languageId: 'synapse-xml',
          version: 1,
          text: '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Broken"><lgo/></sequence>',
        },
      });
      const deadline = Date.now() + 10_000;
      let diags: Diagnostic[] | undefined;
      while (!diags && Date.now() < deadline) {
        diags = published.find((p) => p.uri === uri(file))?.diagnostics;
        if (!diags) await new Promise((r) => setTimeout(r, 20));
      }
      assert.deepEqual(
        diags?.map((d) => d.code),
        ['SYN100'],
      );
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
      await new Promise<void>((res) => (proc.exitCode !== null ? res() : proc.once('exit', () => res())));
    } finally {
      conn.dispose();
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
  });

  it('indexes a folder added to the workspace and forgets a removed one', async () => {
    const client = await LspClient.start({ folders: [] });
    try {
      const before = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'Order' });
      assert.deepEqual(before, []);
      await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [{ uri: uri(FIXTURE), name: 'fixture' }], removed: [] },
      });
      const after = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'OrderAPI' });
      assert.deepEqual(
        after.map((s) => s.name),
        ['OrderAPI'],
      );
      await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [], removed: [{ uri: uri(FIXTURE), name: 'fixture' }] },
      });
      const gone = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'OrderAPI' });
      assert.deepEqual(gone, []);
    } finally {
      await client.stop();
    }
  });
});
