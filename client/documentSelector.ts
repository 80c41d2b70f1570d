/**
 * Which files the Synapse language server serves. Pure module (no `vscode`), shared by the extension and its tests.
 *
 * Files keep VS Code's `xml` language id, so Red Hat's XML extension (and any other XML tooling) keeps working on
 * them; the language client only claims `xml` files under the Synapse project folders (DESIGN.md section 3). A bare
 * folder of Synapse files is opted in with the `synapse.files.additionalPatterns` setting.
 */

/** Folders that hold Synapse configurations, in the MI layout, the Integration Studio layout and a server's layout. */
export const SYNAPSE_FILE_GLOBS: readonly string[] = [
  '**/src/main/wso2mi/artifacts/**/*.{xml,dbs}',
  '**/src/main/synapse-config/**/*.xml',
  '**/src/test/wso2mi/**/*.xml',
  '**/src/test/resources/mock-services/**/*.xml',
  '**/synapse-configs/*/**/*.xml',
];

/** Globs whose presence in a workspace folder makes it a Synapse workspace (the activation markers). */
export const PROJECT_MARKER_GLOBS: readonly string[] = [
  '**/src/main/wso2mi/artifacts/**/*.xml',
  '**/src/main/synapse-config/**/*.xml',
];

export interface FileFilter {
  scheme: string;
  language: string;
  pattern: string;
}

/** The language client's document selector: `xml` documents on disk under the Synapse folders. */
export function synapseDocumentFilters(additionalPatterns: readonly unknown[] = []): FileFilter[] {
  const extra = additionalPatterns.filter((p): p is string => typeof p === 'string' && p.trim().length > 0);
  return [...SYNAPSE_FILE_GLOBS, ...extra].map((pattern) => ({ scheme: 'file', language: 'xml', pattern }));
}

/** One glob (brace alternation) matching every marker, for `workspace.findFiles`. */
export function markerGlob(): string {
  return `{${PROJECT_MARKER_GLOBS.join(',')}}`;
}
