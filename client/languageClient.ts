/**
 * Starts, stops and restarts the Synapse language server (dist/server.js, a Node module spoken to over IPC).
 */
import * as vscode from 'vscode';
import {
  LanguageClient,
  State,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { synapseDocumentFilters } from './documentSelector';

export const CLIENT_ID = 'synapse';
export const CLIENT_NAME = 'Synapse Language Server';

export type ServerStatus = 'stopped' | 'starting' | 'running' | 'failed';

export class SynapseLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly statusEmitter = new vscode.EventEmitter<ServerStatus>();
  readonly onDidChangeStatus = this.statusEmitter.event;
  private currentStatus: ServerStatus = 'stopped';
  private lastError: string | undefined;
  /** Serialises start/stop/restart so that commands pressed twice do not race. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {}

  get status(): ServerStatus {
    return this.currentStatus;
  }

  get error(): string | undefined {
    return this.lastError;
  }

  get languageClient(): LanguageClient | undefined {
    return this.client;
  }

  start(): Promise<void> {
    return this.enqueue(() => this.doStart());
  }

  stop(): Promise<void> {
    return this.enqueue(() => this.doStop());
  }

  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.doStop();
      await this.doStart();
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const next = this.queue.then(task, task);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private setStatus(s: ServerStatus): void {
    this.currentStatus = s;
    this.statusEmitter.fire(s);
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
    };
    const config = vscode.workspace.getConfiguration('synapse');
    const clientOptions: LanguageClientOptions = {
      documentSelector: synapseDocumentFilters(config.get<unknown[]>('files.additionalPatterns', [])),
      outputChannel: this.output,
      traceOutputChannel: this.output,
      initializationOptions: { settings: { synapse: JSON.parse(JSON.stringify(config)) as unknown } },
      // File events: the server registers its own watchers (didChangeWatchedFiles with dynamic registration), so
      // the client adds none here (they would arrive twice).
      diagnosticCollectionName: 'synapse',
      markdown: { isTrusted: false, supportHtml: false },
    };
    const client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.setStatus('running');
      else if (e.newState === State.Starting) this.setStatus('starting');
      else if (this.client === client && this.currentStatus !== 'failed') this.setStatus('stopped');
    });
    this.client = client;
    this.lastError = undefined;
    this.setStatus('starting');
    try {
      await client.start();
      this.setStatus('running');
    } catch (err) {
      this.lastError = err instanceof Error ? err.message : String(err);
      this.output.error(`The Synapse language server did not start: ${this.lastError}`);
      this.client = undefined;
      this.setStatus('failed');
      try {
        await client.dispose();
      } catch {
        // already failed; nothing more to release
      }
    }
  }

  private async doStop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    try {
      if (client.isRunning()) await client.stop(5000);
    } catch (err) {
      this.output.warn(`Stopping the language server: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.setStatus('stopped');
  }

  dispose(): void {
    void this.stop();
    this.statusEmitter.dispose();
  }
}
