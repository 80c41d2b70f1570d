/**
 * Wires the LSP connection to the workspace model and the feature modules (server/features/*). Every handler answers
 * from the latest parse of the document; validation runs afterwards, debounced (server/diagnostics.ts).
 */
import { clearConnectorCache } from '../core/project/connectors';
import { readXPathDomFailover } from '../core/project/deploymentToml';
import { stripProlog } from '../core/project/discover';
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocumentSyncKind,
  TextDocuments,
  ResponseError,
  ErrorCodes,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type Diagnostic,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { sep } from 'node:path';
import { DiagnosticsScheduler, toDiagnostic } from './diagnostics';
import { pathToUri, toRange, uriToPath } from './convert';
import { readSettings, type ServerSettings } from './settings';
import { Workspace, type FileState } from './workspace';
import { foldingRanges } from './features/folding';
import { selectionRange } from './features/selection';
import { documentSymbols } from './features/outline';
import { formatChanges } from './features/format';
import { complete } from './features/completion';
import { resolveCompletionItem } from './features/completionDocs';
import { withDefaultEditRange } from './features/completionList';
import { hover } from './features/hover';
import { codeActions } from './features/codeActions';
import { linkedEditingRanges } from './features/linkedEditing';
import { localDefinition } from './features/localDefinitions';
import { signatureHelp } from './features/signatureHelp';
import {
  definition,
  prepareRename,
  references,
  registryFile,
  renameEdit,
  editsForFileRenames,
  RenameError,
  workspaceSymbols,
} from './features/navigation';
import { ListArtifactsRequest, ListProjectsRequest, ReindexRequest, type ArtifactInfo } from './protocol';
import { validateFile } from '../core/validate/index';
import { ConnectorZipReport, showWarning } from './features/connectorZipReport';
import { connectorCodeActions } from './features/connectorCodeActions';

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let workspace = new Workspace([]);
  let settings: ServerSettings = readSettings(undefined);
  let hasConfigurationCapability = false;
  let canWatchFiles = false;
  let snippetSupport = false;
  /** The client takes a default edit range for a completion list (LSP 3.17 itemDefaults). */
  let editRangeDefault = false;
  let hasWorkspaceFolders = false;
  /** The URI the client uses for each path (publish diagnostics under the same spelling). */
  const uris = new Map<string, string>();

  const uriOf = (path: string) => uris.get(path) ?? pathToUri(path);
  const pathOf = (uri: string): string | undefined => {
    const p = uriToPath(uri);
    if (p) uris.set(p, uri);
    return p;
  };
  /** The state of a document the client asks about, only when it is a Synapse file. */
  const stateOf = (uri: string): FileState | undefined => {
    const p = uriToPath(uri);
    return p ? workspace.get(p) : undefined;
  };

  const diagnostics = new DiagnosticsScheduler(
    (path) => {
      const st = workspace.get(path);
      if (!st || !settings.validation.enable) return st ? [] : undefined;
      const failed = workspace.failure(path);
      if (failed) return [analysisFailed(path, failed)];
      return validate(st);
    },
    (path, diags) => {
      const version = documents.get(uriOf(path))?.version;
      void connection.sendDiagnostics(
        version === undefined
          ? { uri: uriOf(path), diagnostics: diags }
          : { uri: uriOf(path), version, diagnostics: diags },
      );
    },
    200,
  );

  // connector zips the server does not read: said on the project's pom.xml (or in a window message)
  const zipReport = new ConnectorZipReport({
    publish: (path, diags) => void connection.sendDiagnostics({ uri: uriOf(path), diagnostics: diags }),
    showWarning: (message) => showWarning(connection, message),
  });

  // each project's deployment.toml XPath DOM failover setting, read once and again when the file changes
  const failover = new Map<string, boolean>();
  const failoverOf = (root: string): boolean => {
    let on = failover.get(root);
    if (on === undefined) failover.set(root, (on = readXPathDomFailover(root)));
    return on;
  };
  const findingsOf = (st: FileState) => {
    const project = workspace.projectFor(st.path);
    return validateFile(st, workspace.indexFor(st.path), {
      layout: project?.layout ?? 'file',
      resourceDirs: project?.resourceDirs,
      dependencyProjects: project?.pom?.carDependencies,
      xpathDomFailover: !!project && failoverOf(project.root),
      // while the project is still being indexed a missing name may just not be read yet: checked afterwards
      checkReferences: !!project && !indexing,
    });
  };

  // ---- indexing: the open documents first, then the project files in slices that leave room for requests
  let indexing = false;
  let indexGeneration = 0;
  const openPaths = () =>
    workspace
      .all()
      .filter((s) => workspace.isOpen(s.path))
      .map((s) => s.path);
  const startIndexing = () => {
    const gen = ++indexGeneration;
    const started = Date.now();
    indexing = true;
    const files = workspace.discover();
    // the open documents (what the user looks at) first, before any slice of indexing
    diagnostics.validateNow(openPaths());
    let i = 0;
    let n = 0;
    const step = () => {
      if (gen !== indexGeneration) return;
      const t = Date.now();
      while (i < files.length && Date.now() - t < 8) if (workspace.loadFile(files[i++])) n++;
      if (i < files.length) {
        setImmediate(step);
        return;
      }
      indexing = false;
      zipReport.refresh(workspace.projects);
      connection.console.info(
        `Synapse: indexed ${n} file(s) of ${workspace.projects.length} project(s) in ${Date.now() - started} ms.`,
      );
      const open = openPaths();
      diagnostics.schedule(open, 0);
      const openSet = new Set(open);
      diagnostics.schedule(
        workspace
          .all()
          .map((s) => s.path)
          .filter((p) => !openSet.has(p)),
        0,
      );
    };
    setImmediate(step);
  };
  /** A synchronous re-scan (re-index request, folder or pom changes); stops a startup indexing in progress. */
  const rescanNow = (): number => {
    indexGeneration++;
    indexing = false;
    failover.clear();
    const n = workspace.scan();
    zipReport.refresh(workspace.projects);
    return n;
  };
  const validate = (st: FileState) => findingsOf(st).map((f) => toDiagnostic(f, st.lines));
  /** core failed on the latest text of a file (a bug, or input it cannot handle): said on the file. */
  const analysisFailed = (p: string, e: Error): Diagnostic => {
    connection.console.error(`Synapse: could not analyse ${p}: ${e.stack ?? e}`);
    return {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: 1,
      code: 'SYN_INTERNAL',
      source: 'synapse',
      message: `The file could not be analysed (${e.message}); features use its last good version.`,
    };
  };
  const newWorkspace = (folders: string[]) => {
    const w = new Workspace(folders);
    // files that reference what an edited file declares (or declared) are re-validated a little later
    w.onAffected = (paths) => diagnostics.schedule(paths, settings.validation.delayMs);
    return w;
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    hasConfigurationCapability = !!caps.workspace?.configuration;
    canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    snippetSupport = !!caps.textDocument?.completion?.completionItem?.snippetSupport;
    editRangeDefault = !!caps.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange');
    hasWorkspaceFolders = !!caps.workspace?.workspaceFolders;
    const folders: string[] = [];
    for (const f of params.workspaceFolders ?? []) {
      const p = uriToPath(f.uri);
      if (p) folders.push(p);
    }
    if (!folders.length && params.rootUri) {
      const p = uriToPath(params.rootUri);
      if (p) folders.push(p);
    }
    workspace = newWorkspace(folders);
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings)
      settings = readSettings((init.settings as Record<string, unknown>).synapse ?? init.settings);
    diagnostics.delayMs = settings.validation.delayMs;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        foldingRangeProvider: true,
        selectionRangeProvider: true,
        documentSymbolProvider: true,
        documentFormattingProvider: true,
        documentRangeFormattingProvider: true,
        completionProvider: {
          triggerCharacters: ['<', ' ', '"', "'", '.', ':', '$', '/', '(', '{'],
          // documentation comes on resolve (features/completionDocs.ts): lists stay small
          resolveProvider: true,
        },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        linkedEditingRangeProvider: true,
        documentHighlightProvider: true,
        signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: [','] },
        workspace: {
          workspaceFolders: { supported: true, changeNotifications: true },
          fileOperations: {
            willRename: {
              filters: [{ scheme: 'file', pattern: { glob: '**/*.{xml,dbs}', matches: 'file' } }],
            },
          },
        },
      },
      serverInfo: { name: 'synapse-language-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    if (hasConfigurationCapability) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'synapse' });
      await pullSettings();
    }
    if (hasWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const removed = new Set(e.removed.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p));
        const added = e.added.map((f) => uriToPath(f.uri)).filter((p): p is string => !!p);
        const before = new Set(workspace.all().map((s) => s.path));
        workspace.setFolders([...workspace.folders.filter((f) => !removed.has(f)), ...added]);
        rescanNow();
        const now = new Set(workspace.all().map((s) => s.path));
        for (const p of before) if (!now.has(p)) diagnostics.clear(p);
        diagnostics.schedule(now, 0);
      });
    }
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [
          { globPattern: '**/*.{xml,dbs}' },
          { globPattern: '**/pom.xml' },
          { globPattern: '**/*.zip' },
          { globPattern: '**/deployment/deployment.toml' },
        ],
      });
    }
    startIndexing();
  });

  const pullSettings = async () => {
    try {
      const raw = await connection.workspace.getConfiguration('synapse');
      settings = readSettings(raw);
      diagnostics.delayMs = settings.validation.delayMs;
    } catch {
      // keep the current settings
    }
  };

  connection.onDidChangeConfiguration(async (change) => {
    if (hasConfigurationCapability) await pullSettings();
    else settings = readSettings((change.settings as Record<string, unknown> | undefined)?.synapse);
    diagnostics.schedule(workspace.all().map((s) => s.path));
  });

  // ---- documents
  const onText = (doc: TextDocument) => {
    const p = pathOf(doc.uri);
    if (!p) return;
    const opened = justOpened.delete(p);
    const text = doc.getText();
    // a known file is analysed lazily (on the next request or validation, see Workspace): no parse per keystroke
    if (!workspace.has(p) && !workspace.isProjectFile(p, text) && !looksOpenSynapse(p, text)) return;
    let up;
    try {
      up = workspace.openText(p, text);
    } catch (e) {
      // core failed on this text (a bug, or input it cannot handle): say so on the file, keep serving the rest
      void connection.sendDiagnostics({
        uri: doc.uri,
        version: doc.version,
        diagnostics: [analysisFailed(p, e as Error)],
      });
      return;
    }
    // a document just opened is validated at once; edits are debounced
    diagnostics.schedule([p], opened ? 0 : undefined);
    // files that reference what this one declares (or declared) are re-validated a little later
    if (up.affected.length) diagnostics.schedule(up.affected, settings.validation.delayMs * 2);
  };
  const looksOpenSynapse = (p: string, text: string) => {
    // a Synapse file outside any project (e.g. a loose file) is still served; a data service (no namespace) too, by
    // its <data> root (one opened alone, or in a project nested inside another project's folder)
    if (/\.dbs$/i.test(p)) return /^<data[\s>/]/.test(stripProlog(text.slice(0, 4096)));
    return (
      /\.xml$/i.test(p) &&
      /xmlns\s*=\s*["']http:\/\/ws\.apache\.org\/ns\/synapse["']/.test(text.slice(0, 4096))
    );
  };
  // fired on open (before onDidChangeContent) and on every change
  const justOpened = new Set<string>();
  documents.onDidOpen((e) => {
    const p = uriToPath(e.document.uri);
    if (p) justOpened.add(p);
  });
  documents.onDidChangeContent((e) => onText(e.document));
  documents.onDidClose((e) => {
    const p = pathOf(e.document.uri);
    if (!p) return;
    const up = workspace.close(p);
    if (up.model) diagnostics.schedule([p]);
    else diagnostics.clear(p);
    if (up.affected.length) diagnostics.schedule(up.affected);
  });

  // ---- files on disk
  connection.onDidChangeWatchedFiles((params) => {
    const touched = new Set<string>();
    let rescan = false;
    // a connector zip added, replaced or removed: what the connectors declare changes for every file
    let zips = false;
    for (const ch of params.changes) {
      const p = pathOf(ch.uri);
      if (!p) continue;
      if (/\.zip$/i.test(p)) {
        zips = true;
        continue;
      }
      // deployment.toml: its XPath DOM failover setting changes what every file of its project is told
      if (/[\\/]deployment[\\/]deployment\.toml$/.test(p)) {
        const root = p.slice(0, -'/deployment/deployment.toml'.length);
        failover.delete(root);
        for (const st of workspace.all())
          if (workspace.projectFor(st.path)?.root === root) touched.add(st.path);
        continue;
      }
      if (/[\\/]pom\.xml$/.test(p)) rescan = true;
      if (ch.type === FileChangeType.Deleted) {
        // a file, or a folder: drop every file at or under it
        for (const st of workspace.all()) {
          if (st.path !== p && !st.path.startsWith(p + sep)) continue;
          if (workspace.isOpen(st.path)) continue;
          const up = workspace.remove(st.path);
          diagnostics.clear(st.path);
          for (const f of up.affected) touched.add(f);
        }
      } else {
        const up = workspace.reloadFromDisk(p);
        if (up.model) touched.add(p);
        else if (!workspace.isOpen(p)) diagnostics.clear(p);
        for (const f of up.affected) touched.add(f);
      }
    }
    // the connector cache is cleared first, so a rescan in the same batch reports the zips as they are now
    if (zips) clearConnectorCache();
    if (rescan) rescanNow();
    else if (zips) zipReport.refresh(workspace.projects);
    if (rescan || zips) for (const st of workspace.all()) touched.add(st.path);
    for (const f of touched) if (!workspace.get(f)) touched.delete(f);
    if (touched.size) diagnostics.schedule(touched);
  });

  // ---- features
  connection.onFoldingRanges((params) => {
    const st = stateOf(params.textDocument.uri);
    return st ? foldingRanges(st.doc, st.lines) : [];
  });
  connection.onSelectionRanges((params) => {
    const st = stateOf(params.textDocument.uri);
    if (!st) return [];
    return params.positions.map((pos) => selectionRange(st.doc, st.lines, st.lines.offsetAt(pos)));
  });
  connection.onDocumentSymbol((params) => {
    const st = stateOf(params.textDocument.uri);
    return st ? documentSymbols(st.doc, st.lines) : [];
  });
  connection.onDocumentFormatting((params) => {
    const st = stateOf(params.textDocument.uri);
    if (!st || !settings.format.enable) return [];
    return formatChanges(st.doc, {
      ...params.options,
      attributeAlignment: settings.format.attributeAlignment,
    }).map((c) => ({
      range: toRange(st.lines, c),
      newText: c.newText,
    }));
  });
  connection.onDocumentRangeFormatting((params) => {
    const st = stateOf(params.textDocument.uri);
    if (!st || !settings.format.enable) return [];
    const span = { start: st.lines.offsetAt(params.range.start), end: st.lines.offsetAt(params.range.end) };
    return formatChanges(
      st.doc,
      { ...params.options, attributeAlignment: settings.format.attributeAlignment },
      span,
    ).map((c) => ({
      range: toRange(st.lines, c),
      newText: c.newText,
    }));
  });

  const versionOf = (path: string): number | null => documents.get(uriOf(path))?.version ?? null;
  const at = (uri: string, pos: { line: number; character: number }) => {
    const st = stateOf(uri);
    return st
      ? {
          st,
          offset: st.lines.offsetAt(pos),
          index: workspace.indexFor(st.path),
          project: workspace.projectFor(st.path),
        }
      : undefined;
  };

  connection.onCompletion((params) => {
    const c = at(params.textDocument.uri, params.position);
    if (!c) return [];
    const trigger = params.context?.triggerKind === 2 ? params.context.triggerCharacter : undefined;
    const items = complete(
      {
        model: c.st,
        index: c.index,
        project: c.project,
        snippets: snippetSupport && settings.completion.snippets,
      },
      c.offset,
      trigger,
    );
    return editRangeDefault ? withDefaultEditRange(items) : items;
  });
  connection.onCompletionResolve((item) => resolveCompletionItem(item));
  connection.onHover((params) => {
    const c = at(params.textDocument.uri, params.position);
    return c ? hover(c.st, c.index, c.project, c.offset) : null;
  });
  connection.onDefinition((params) => {
    const c = at(params.textDocument.uri, params.position);
    if (!c) return [];
    const found = definition(c.st, c.index, c.project, c.offset, (p) => workspace.get(p));
    return found.length ? found : localDefinition(c.st, c.index, c.offset);
  });
  connection.onReferences((params) => {
    const c = at(params.textDocument.uri, params.position);
    return c ? references(c.st, c.index, c.offset, params.context.includeDeclaration) : [];
  });
  connection.onPrepareRename((params) => {
    const c = at(params.textDocument.uri, params.position);
    const r = c && prepareRename(c.st, c.index, c.offset);
    return r && c ? { range: toRange(c.st.lines, r.range), placeholder: r.placeholder } : null;
  });
  connection.onRenameRequest((params) => {
    const c = at(params.textDocument.uri, params.position);
    if (!c) return null;
    try {
      return renameEdit(c.st, c.index, c.offset, params.newName, versionOf) ?? null;
    } catch (e) {
      if (e instanceof RenameError) throw new ResponseError(ErrorCodes.InvalidParams, e.message);
      throw e;
    }
  });
  connection.onSignatureHelp((params) => {
    const c = at(params.textDocument.uri, params.position);
    return c ? signatureHelp(c.st, c.offset) : null;
  });
  connection.onDocumentHighlight((params) => {
    const c = at(params.textDocument.uri, params.position);
    if (!c) return [];
    const own = pathToUri(c.st.path);
    return references(c.st, c.index, c.offset, true)
      .filter((l) => l.uri === own)
      .map((l) => ({ range: l.range }));
  });
  connection.languages.onLinkedEditingRange((params) => {
    const c = at(params.textDocument.uri, params.position);
    return c ? linkedEditingRanges(c.st.doc, c.st.lines, c.offset) : null;
  });
  connection.onCodeAction((params) => {
    const st = stateOf(params.textDocument.uri);
    if (!st) return [];
    const span = { start: st.lines.offsetAt(params.range.start), end: st.lines.offsetAt(params.range.end) };
    const findings = findingsOf(st);
    const version = versionOf(st.path);
    return [
      ...codeActions(
        {
          model: st,
          index: workspace.indexFor(st.path),
          project: workspace.projectFor(st.path),
          findings,
          version,
        },
        span,
      ),
      ...connectorCodeActions({ model: st, findings, version }, span),
    ];
  });
  connection.workspace.onWillRenameFiles((params) => {
    const renames = params.files
      .map((f) => ({ oldPath: uriToPath(f.oldUri), newPath: uriToPath(f.newUri) }))
      .filter((r): r is { oldPath: string; newPath: string } => !!r.oldPath && !!r.newPath);
    return editsForFileRenames(
      renames,
      (p) => {
        const model = workspace.get(p);
        return model ? { model, index: workspace.indexFor(p) } : undefined;
      },
      versionOf,
    );
  });
  connection.onWorkspaceSymbol((params) => workspaceSymbols(workspace.allIndexes(), params.query));
  connection.onDocumentLinks((params) => {
    const st = stateOf(params.textDocument.uri);
    if (!st) return [];
    const project = workspace.projectFor(st.path);
    const links = [];
    for (const ref of st.references) {
      if (ref.dynamic || !/^(gov|conf):|^\/_system\//.test(ref.key)) continue;
      const file = registryFile(project, ref.key);
      if (file)
        links.push({
          range: toRange(st.lines, ref.span),
          target: pathToUri(file),
          tooltip: 'Open the registry resource',
        });
    }
    return links;
  });

  // ---- custom requests (server/protocol.ts)
  connection.onRequest(ListArtifactsRequest, (params) => {
    const out: ArtifactInfo[] = [];
    for (const st of workspace.all()) {
      const a = st.artifact;
      if (!a || (params?.kind && a.kind !== params.kind)) continue;
      out.push({ kind: a.kind, name: a.name, uri: uriOf(st.path), range: toRange(st.lines, a.nameSpan) });
    }
    return out.sort((x, y) => x.kind.localeCompare(y.kind) || x.name.localeCompare(y.name));
  });
  connection.onRequest(ListProjectsRequest, () =>
    workspace.projects.map((p) => ({
      root: p.root,
      name: p.name,
      layout: p.layout,
      fileCount: p.files.length,
    })),
  );
  connection.onRequest(ReindexRequest, () => {
    const files = rescanNow();
    diagnostics.schedule(
      workspace.all().map((s) => s.path),
      0,
    );
    return { files };
  });

  connection.onShutdown(() => diagnostics.dispose());
  documents.listen(connection);
}
