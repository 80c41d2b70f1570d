/** JSON shapes of the MI management API (reference/management-api.md), as far as clients read them. */

export const ARTIFACT_KINDS = [
  'apis',
  'proxy-services',
  'sequences',
  'endpoints',
  'inbound-endpoints',
  'tasks',
  'message-stores',
  'message-processors',
  'local-entries',
  'templates',
  'connectors',
  'data-services',
  'data-sources',
] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

/** The query parameter that selects one item of a collection. */
export const SINGLE_PARAM: Record<ArtifactKind, string> = {
  apis: 'apiName',
  'proxy-services': 'proxyServiceName',
  sequences: 'sequenceName',
  endpoints: 'endpointName',
  'inbound-endpoints': 'inboundEndpointName',
  tasks: 'taskName',
  'message-stores': 'name',
  'message-processors': 'name',
  'local-entries': 'name',
  templates: 'name',
  connectors: 'connectorName',
  'data-services': 'dataServiceName',
  'data-sources': 'name',
};

/** Kinds that can be switched active/inactive with `{"name","status"}`. */
export const ACTIVATABLE: readonly ArtifactKind[] = [
  'proxy-services',
  'endpoints',
  'inbound-endpoints',
  'message-processors',
];
/** What `POST /tasks {"name","status"}` takes (MI 4.6+): resume, pause, or run the task once now. */
export const TASK_ACTIONS = ['active', 'inactive', 'trigger'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];
/** Kinds that take `{"name","trace"}`. */
export const TRACEABLE: readonly ArtifactKind[] = [
  'apis',
  'proxy-services',
  'sequences',
  'endpoints',
  'inbound-endpoints',
  'templates',
];

export interface ListResponse<T = Record<string, unknown>> {
  count: number;
  list: T[];
}

export interface ApplicationInfo {
  name: string;
  version: string;
  artifacts: { name: string; type: string }[];
}

export interface ApplicationsResponse {
  totalCount: number;
  activeCount: number;
  faultyCount: number;
  activeList: ApplicationInfo[];
  faultyList: ApplicationInfo[];
}

export interface LoggerInfo {
  loggerName: string;
  componentName: string;
  level: string;
}

export interface LogFileInfo {
  FileName: string;
  Size: string | number;
}
