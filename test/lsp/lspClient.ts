/**
 * A real LSP client for the tests: builds the server bundle (the same esbuild entry and options as
 * scripts/build.mjs), spawns `node <bundle> --stdio` and talks JSON-RPC to it over the process's pipes.
 *
 * SYNAPSE_SERVER_JS=path/to/server.js uses an existing bundle instead (e.g. dist/server.js after `npm run build`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, InitializeResult, TextEdit } from 'vscode-languageserver-protocol';

export const REPO = resolve(__dirname, '..', '..');
export const FIXTURE = join(REPO, 'test', 'fixtures', 'lsp', 'Proyecto con espacios ü');
export const CORPUS = '/work/shared/corpus';

let bundle: Promise<string> | undefined;

/** The server bundle to spawn (built once per test run into a temporary folder). */
export function serverBundle(): Promise<string> {
  if (process.env.SYNAPSE_SERVER_JS) return Promise.resolve(resolve(process.env.SYNAPSE_SERVER_JS));
  bundle ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synapse-lsp-bundle-'));
    const outfile = join(dir, 'server.js');
    await esbuild.build({
      entryPoints: [join(REPO, 'server', 'main.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: 'linked',
      logLevel: 'error',
      external: ['vscode'],
    });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return outfile;
  })();
  return bundle;
}

export function uri(path: string): string {
  return pathToFileURL(path).href;
}

/** Copies the fixture project into a fresh temporary folder (same folder name, spaces and ü included). */
export function copyFixture(src = FIXTURE): { root: string; dispose: () => void } {
  const base = mkdtempSync(join(tmpdir(), 'synapse-lsp-'));
  const root = join(base, basename(src));
  cpSync(src, root, { recursive: true });
  return { root, dispose: () => rmSync(base, { recursive: true, force: true }) };
}

export interface StartOptions {
  folders: string[];
  /** The `synapse` settings answered to workspace/configuration. */
  settings?: Record<string, unknown>;
  /** Advertise dynamic registration of watched files (default true). */
  watchFiles?: boolean;
  /** Advertise completion list defaults (`completionList.itemDefaults`, as VS Code does; default false). */
  completionItemDefaults?: boolean;
}

export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every publishDiagnostics received, in order. */
  readonly published: { uri: string; version?: number; diagnostics: Diagnostic[]; at: number }[] = [];
  readonly logs: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  /** How many workspace/configuration requests the server made (it pulls settings after a change). */
  configurationRequests = 0;
  settings: Record<string, unknown>;
  initializeResult!: InitializeResult;
  private versions = new Map<string, number>();
  private texts = new Map<string, string>();
  private waiters: (() => void)[] = [];
  private stderr = '';

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(opts: StartOptions): Promise<LspClient> {
    const js = await serverBundle();
    const proc = spawn(process.execPath, [js, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createProtocolConnection(
      new StreamMessageReader(proc.stdout!),
      new StreamMessageWriter(proc.stdin!),
    );
    const client = new LspClient(proc, conn, opts.settings ?? {});
    proc.stderr!.on('data', (d: Buffer) => (client.stderr += d.toString()));
    conn.onNotification(
      'textDocument/publishDiagnostics',
      (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
        client.diagnostics.set(p.uri, p.diagnostics);
        client.published.push({ ...p, at: Date.now() });
        client.wake();
      },
    );
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
      client.wake();
    });
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => {
      client.configurationRequests++;
      setImmediate(() => client.wake());
      return p.items.map((i) =>
        i.section === 'synapse' || i.section === undefined ? client.settings : null,
      );
    });
    conn.onRequest(
      'client/registerCapability',
      (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
        client.registrations.push(...p.registrations);
        return null;
      },
    );
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.listen();
    const watch = opts.watchFiles !== false;
    client.initializeResult = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.folders[0] ? uri(opts.folders[0]) : null,
      workspaceFolders: opts.folders.map((f) => ({ uri: uri(f), name: basename(f) })),
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: watch },
          workspaceEdit: { documentChanges: true, resourceOperations: ['create', 'rename', 'delete'] },
          symbol: {},
        },
        textDocument: {
          synchronization: { didSave: true },
          completion: {
            completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] },
            ...(opts.completionItemDefaults
              ? {
                  completionList: {
                    itemDefaults: ['commitCharacters', 'editRange', 'insertTextFormat', 'data'],
                  },
                }
              : {}),
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          rename: { prepareSupport: true },
          publishDiagnostics: { relatedInformation: true },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor', 'source'] } },
          },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          foldingRange: {},
          selectionRange: {},
          documentLink: {},
        },
      },
      initializationOptions: {},
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  private wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Waits for the server's log line that the workspace's project index is built. */
  async indexed(): Promise<void> {
    await this.until(() => this.logs.find((l) => /indexed/.test(l)), 'the project index');
  }

  /**
   * Waits until `check` returns a value (re-checked on every message from the server), or fails after timeoutMs (10 s:
   * a first validation or the index on a busy machine; nothing waits for a timeout to pass).
   */
  async until<T>(check: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined && v !== false) return v;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`Timed out waiting for ${what}. Server stderr: ${this.stderr.slice(-2000)}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  /**
   * Waits for the next publishDiagnostics for `fileUri` after index `after`. For an open document, only
   * diagnostics of its current version count (an earlier version's may still be on the way).
   */
  async nextDiagnostics(
    fileUri: string,
    after = this.published.length,
    timeoutMs = 10_000,
  ): Promise<Diagnostic[]> {
    const version = this.versions.get(fileUri);
    return this.until(
      () =>
        this.published
          .slice(after)
          .find(
            (p) =>
              p.uri === fileUri &&
              (version === undefined || p.version === undefined || p.version === version),
          )?.diagnostics,
      `diagnostics for ${fileUri}`,
      timeoutMs,
    );
  }

  async open(path: string, text?: string, languageId = 'synapse-xml'): Promise<string> {
    const u = uri(path);
    const t = text ?? readFileSync(path, 'utf8');
    this.versions.set(u, 1);
    this.texts.set(u, t);
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: u, languageId, version: 1, text: t },
    });
    return u;
  }

  /** Replaces the whole text of an open document. */
  async change(fileUri: string, text: string): Promise<void> {
    const v = (this.versions.get(fileUri) ?? 1) + 1;
    this.versions.set(fileUri, v);
    this.texts.set(fileUri, text);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: fileUri, version: v },
      contentChanges: [{ text }],
    });
  }

  /** An incremental edit of an open document (range in the current text). */
  async edit(fileUri: string, range: { start: Pos; end: Pos }, newText: string): Promise<void> {
    const v = (this.versions.get(fileUri) ?? 1) + 1;
    this.versions.set(fileUri, v);
    this.texts.set(fileUri, applyEdits(this.texts.get(fileUri) ?? '', [{ range, newText }]));
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: fileUri, version: v },
      contentChanges: [{ range, text: newText }],
    });
  }

  /** Changes the `synapse` settings and waits until the server has pulled them. */
  async setSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    const before = this.configurationRequests;
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await this.until(() => this.configurationRequests > before, 'the server to pull the settings');
    // one round trip more: the answer to the pull has been processed by then
    await this.request('workspace/symbol', { query: '\u0000' });
  }

  text(fileUri: string): string {
    return this.texts.get(fileUri) ?? '';
  }

  async close(fileUri: string): Promise<void> {
    this.versions.delete(fileUri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: fileUri } });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    await new Promise<void>((res) => {
      if (this.proc.exitCode !== null) return res();
      const t = setTimeout(() => {
        this.proc.kill('SIGKILL');
        res();
      }, 2000);
      this.proc.once('exit', () => {
        clearTimeout(t);
        res();
      });
    });
    this.conn.dispose();
  }
}

export interface Pos {
  line: number;
  character: number;
}

/** The position of the n-th occurrence (0-based) of `needle` in `text`, plus `delta` characters. */
export function posOf(text: string, needle: string, delta = 0, nth = 0): Pos {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`'${needle}' not found`);
  }
  return positionAt(text, at + delta);
}

export function positionAt(text: string, offset: number): Pos {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function offsetAt(text: string, pos: Pos): number {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < pos.line && i < lines.length; i++) off += lines[i].length + 1;
  return off + pos.character;
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const withOffsets = edits
    .map((e) => ({
      start: offsetAt(text, e.range.start),
      end: offsetAt(text, e.range.end),
      newText: e.newText,
    }))
    .sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of withOffsets) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}
