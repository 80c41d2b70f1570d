/**
 * "Send request": a CodeLens on each API resource and proxy that asks for the method, path, headers and body
 * (remembered per resource in workspaceState), sends the request to the running runtime (a `synapse` debug session's,
 * or Run Project's) and shows the response read-only beside the editor.
 */
import * as vscode from 'vscode';
import type { RuntimeRegistry } from '../debug/runtimes';
import { synapseDocumentFilters } from '../documentSelector';
import { formatResponse, parseHeaders, RequestInputError, sendRequest } from './http';
import { firstVariableRange, initialPath, pathMismatch, unfilledVariable } from './path';
import { defaultMethod, hasBody, methodChoices, targetLabel, type RequestTarget } from './targetInfo';
import { REQUESTS_RESTRICTED_REASON, requireTrustForRequests } from './trust';

export const SEND_REQUEST_COMMAND = 'synapse.sendRequest';
export const RESPONSE_SCHEME = 'synapse-response';

/** What is remembered per resource (workspaceState key `synapse.request:<target key>`). */
export interface RememberedRequest {
  method: string;
  path: string;
  headers: string;
  body?: string;
}

const memoryKey = (t: RequestTarget) => `synapse.request:${t.key}`;

class RequestLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private cache: { uri: string; version: number; targets: RequestTarget[] } | undefined;

  refresh(): void {
    this.changed.fire();
  }

  /** The file's targets; the XML parser (its own bundle) loads with the first file that may have some. */
  async targets(doc: vscode.TextDocument): Promise<RequestTarget[]> {
    const uri = doc.uri.toString();
    if (this.cache?.uri !== uri || this.cache.version !== doc.version) {
      const text = doc.getText();
      // Cheap guard before loading the parser: most files are sequences or endpoints.
      const targets = /<(?:\w+:)?(?:api|proxy)\b/.test(text)
        ? (await import('../xmlFeatures')).findRequestTargets(text)
        : [];
      this.cache = { uri, version: doc.version, targets };
    }
    return this.cache.targets;
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const trusted = vscode.workspace.isTrusted;
    return (await this.targets(doc)).map((t) => {
      const range = new vscode.Range(t.line, t.character, t.line, t.character);
      return new vscode.CodeLens(range, {
        title: trusted
          ? `$(play) Send request (${targetLabel(t)})`
          : 'Send request (disabled in Restricted Mode)',
        tooltip: trusted
          ? `Send a request to ${t.kind === 'proxy' ? 'the proxy' : 'this resource'} on the running Synapse runtime and show the response`
          : REQUESTS_RESTRICTED_REASON,
        command: SEND_REQUEST_COMMAND,
        arguments: [doc.uri.toString(), t.key],
      });
    });
  }
}

/** Read-only documents holding responses, one per resource (a new response replaces the previous one). */
class ResponseDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    if (this.texts.size > 50) this.texts.delete(this.texts.keys().next().value!);
    this.changed.fire(uri);
  }
}

function responseUri(t: RequestTarget, method: string): vscode.Uri {
  const name = `${t.artifact} ${method} ${t.template || (t.kind === 'proxy' ? 'proxy' : '/')}`
    .replace(/[\\/{}?*:#%]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return vscode.Uri.from({ scheme: RESPONSE_SCHEME, path: `/Response ${name}.http`, query: t.key });
}

async function askRequest(
  t: RequestTarget,
  remembered: RememberedRequest | undefined,
): Promise<RememberedRequest | undefined> {
  const title = `Send request: ${t.kind === 'proxy' ? `proxy ${t.artifact}` : `${t.artifact} ${targetLabel(t)}`}`;
  let method = defaultMethod(t, remembered?.method);
  const choices = methodChoices(t);
  if (choices.length > 1) {
    // The remembered (or first) method is on top so Enter keeps it.
    const ordered = [method, ...choices.filter((m) => m !== method)];
    const pick = await vscode.window.showQuickPick(
      ordered.map((m) => ({ label: m })),
      { title: `${title} (1/4: method)`, placeHolder: 'HTTP method', ignoreFocusOut: true },
    );
    if (!pick) return undefined;
    method = pick.label;
  }

  const start = remembered?.path && !pathMismatch(t, remembered.path) ? remembered.path : initialPath(t);
  const path = await vscode.window.showInputBox({
    title: `${title} (2/4: path)`,
    prompt: t.template
      ? `Path, filled from ${t.template}; add ?name=value for query parameters`
      : 'Path of the request',
    value: start,
    valueSelection: firstVariableRange(start),
    ignoreFocusOut: true,
    validateInput: (v) => {
      const open = unfilledVariable(v);
      if (open) return `Replace ${open} with a value.`;
      const mismatch = pathMismatch(t, v.trim());
      if (mismatch && !v.trim().startsWith('/')) return mismatch;
      return mismatch
        ? { message: mismatch, severity: vscode.InputBoxValidationSeverity.Warning }
        : undefined;
    },
  });
  if (path === undefined) return undefined;

  const withBody = hasBody(method);
  const defaultHeaders = withBody
    ? `Content-Type: ${t.kind === 'proxy' ? 'application/xml' : 'application/json'}`
    : '';
  const headers = await vscode.window.showInputBox({
    title: `${title} (3/4: headers)`,
    prompt: 'Headers as Name: value, separated by ; (empty for none)',
    value: remembered?.headers ?? defaultHeaders,
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        parseHeaders(v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
  });
  if (headers === undefined) return undefined;

  let body: string | undefined;
  if (withBody) {
    const isJson = /content-type\s*:\s*[^;]*json/i.test(headers);
    body = await vscode.window.showInputBox({
      title: `${title} (4/4: body)`,
      prompt: 'Request body (one line)',
      value: remembered?.body ?? (t.kind === 'proxy' ? '<message>Hello</message>' : '{}'),
      ignoreFocusOut: true,
      validateInput: (v) => {
        if (!isJson || !v.trim()) return undefined;
        try {
          JSON.parse(v);
          return undefined;
        } catch (e) {
          return {
            message: `Not JSON: ${(e as Error).message}`,
            severity: vscode.InputBoxValidationSeverity.Warning,
          };
        }
      },
    });
    if (body === undefined) return undefined;
  }
  return { method, path: path.trim(), headers: headers.trim(), body };
}

export function registerRequestFeatures(
  context: vscode.ExtensionContext,
  runtimes: RuntimeRegistry,
  startDebugging: () => Promise<void>,
): void {
  const lenses = new RequestLenses();
  const responses = new ResponseDocuments();
  const extra = () =>
    vscode.workspace.getConfiguration('synapse').get<unknown[]>('files.additionalPatterns', []);
  let registration = vscode.languages.registerCodeLensProvider(synapseDocumentFilters(extra()), lenses);
  context.subscriptions.push(
    { dispose: () => registration.dispose() },
    vscode.workspace.registerTextDocumentContentProvider(RESPONSE_SCHEME, responses),
    vscode.workspace.onDidGrantWorkspaceTrust(() => lenses.refresh()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('synapse.files.additionalPatterns')) return;
      registration.dispose();
      registration = vscode.languages.registerCodeLensProvider(synapseDocumentFilters(extra()), lenses);
    }),
    vscode.commands.registerCommand(
      SEND_REQUEST_COMMAND,
      async (uriArg?: string | vscode.Uri, key?: string) => {
        if (!requireTrustForRequests()) return;
        const editor = vscode.window.activeTextEditor;
        const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : (uriArg ?? editor?.document.uri);
        if (!uri) {
          void vscode.window.showErrorMessage('Send request: open an API or proxy file first.');
          return;
        }
        const doc = await vscode.workspace.openTextDocument(uri);
        const all = await lenses.targets(doc);
        let t = key ? all.find((x) => x.key === key) : undefined;
        if (!t && !key && editor?.document.uri.toString() === uri.toString()) {
          // From the palette: the resource at (or above) the cursor.
          const line = editor.selection.active.line;
          t = [...all].reverse().find((x) => x.line <= line) ?? all[0];
        }
        if (!t) {
          void vscode.window.showErrorMessage(
            `Send request: no API resource or proxy ${key ? 'matching this CodeLens (the file changed?)' : 'in this file'} [REQ_NO_TARGET]`,
          );
          return;
        }
        const remembered = context.workspaceState.get<RememberedRequest>(memoryKey(t));
        const req = await askRequest(t, remembered);
        if (!req) return;
        await context.workspaceState.update(memoryKey(t), req);

        // Waits for a debug session that is still starting (F5 pressed just before the lens was clicked).
        let runtime = await runtimes.current();
        if (!runtime) {
          const pick = await vscode.window.showWarningMessage(
            'No Synapse runtime is running. Start the project in the debugger to send this request?',
            'Debug Project',
          );
          if (!pick) return;
          await startDebugging();
          runtime = await runtimes.current(30_000);
          if (!runtime) {
            void vscode.window.showErrorMessage(
              'Send request: the runtime did not start (see the Debug Console). [REQ_NO_RUNTIME]',
            );
            return;
          }
        }
        const url = `${runtime.base}${req.path}`;
        const debugging = runtime.source === 'debug';
        let headers: [string, string][];
        try {
          headers = parseHeaders(req.headers);
        } catch (e) {
          void vscode.window.showErrorMessage(
            `Send request: ${(e as Error).message} [${(e as RequestInputError).code}]`,
          );
          return;
        }
        const target = responseUri(t, req.method);
        try {
          const res = await vscode.window.withProgress(
            {
              location: vscode.ProgressLocation.Notification,
              title: `${req.method} ${req.path}`,
              cancellable: true,
            },
            async (progress, token) => {
              progress.report({
                message: debugging
                  ? 'waiting for the response (the message may be paused in the debugger)'
                  : 'waiting for the response',
              });
              const abort = new AbortController();
              token.onCancellationRequested(() => abort.abort());
              return sendRequest({
                method: req.method,
                url,
                headers,
                body: req.body,
                signal: abort.signal,
                timeoutMs: debugging ? 30 * 60_000 : 60_000,
              });
            },
          );
          responses.set(target, formatResponse({ method: req.method, url }, res));
        } catch (e) {
          const code = e instanceof RequestInputError ? e.code : 'REQ_FAILED';
          if (code === 'REQ_CANCELLED') return;
          void vscode.window.showErrorMessage(`${req.method} ${url}: ${(e as Error).message} [${code}]`);
          return;
        }
        const shown = await vscode.workspace.openTextDocument(target);
        await vscode.window.showTextDocument(shown, {
          viewColumn: vscode.ViewColumn.Beside,
          preserveFocus: true,
          preview: true,
        });
      },
    ),
  );
}
