/**
 * Custom requests between the extension (client/) and the language server. Both sides import this module (as
 * vscode-eslint shares its protocol), so method names and shapes stay in step. No `vscode` import here.
 */
import { RequestType } from 'vscode-languageserver-protocol';

export interface ArtifactInfo {
  kind: string;
  name: string;
  uri: string;
  /** The range of the artifact's name (0-based lines and characters). */
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

export interface ProjectInfo {
  root: string;
  name: string;
  layout: 'mi' | 'integration-studio' | 'bare';
  fileCount: number;
}

export interface ListArtifactsParams {
  /** Only artifacts of this kind (ArtifactKind, e.g. 'api', 'sequence'). */
  kind?: string;
}

/** Every artifact the server has indexed (for the client's views and pickers). */
export const ListArtifactsRequest = new RequestType<ListArtifactsParams, ArtifactInfo[], void>(
  'synapse/listArtifacts',
);

/** The Synapse projects found in the workspace folders. */
export const ListProjectsRequest = new RequestType<void, ProjectInfo[], void>('synapse/listProjects');

/** Re-discovers the projects and re-indexes every file (after a large change outside the editor). */
export const ReindexRequest = new RequestType<void, { files: number }, void>('synapse/reindex');
