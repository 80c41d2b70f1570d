/**
 * Carbon Application (.car) model: artifact types, project folders, and what the builder and the reader exchange.
 * Facts follow reference/car-format.md (MI's CappDeployer / SynapseAppDeployer).
 */

export const APP_TYPE = 'carbon/application';
export const REGISTRY_TYPE = 'registry/resource';
export const METADATA_TYPE = 'synapse/metadata';
export const DEFAULT_SERVER_ROLE = 'EnterpriseIntegrator';

/** One kind of deployable artifact: its CAR type, the project folders it lives in, and its root element. */
export interface CarKind {
  /** Management API collection name (also the MI VS Code project folder). */
  kind: string;
  /** `type` attribute in artifact.xml. */
  type: string;
  /** Folder under src/main/wso2mi/artifacts/ (MI VS Code layout). */
  folder: string;
  /** Folder under src/main/synapse-config/ (Integration Studio layout). */
  legacyFolder?: string;
  /** Local name of the root element (Synapse namespace) for bare folders. */
  root?: string;
  /** File extension of the payload. */
  ext: string;
  serverRole: string;
}

export const CAR_KINDS: readonly CarKind[] = [
  {
    kind: 'apis',
    type: 'synapse/api',
    folder: 'apis',
    legacyFolder: 'api',
    root: 'api',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'proxy-services',
    type: 'synapse/proxy-service',
    folder: 'proxy-services',
    legacyFolder: 'proxy-services',
    root: 'proxy',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'sequences',
    type: 'synapse/sequence',
    folder: 'sequences',
    legacyFolder: 'sequences',
    root: 'sequence',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'endpoints',
    type: 'synapse/endpoint',
    folder: 'endpoints',
    legacyFolder: 'endpoints',
    root: 'endpoint',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'local-entries',
    type: 'synapse/local-entry',
    folder: 'local-entries',
    legacyFolder: 'local-entries',
    root: 'localEntry',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'templates',
    type: 'synapse/template',
    folder: 'templates',
    legacyFolder: 'templates',
    root: 'template',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'inbound-endpoints',
    type: 'synapse/inbound-endpoint',
    folder: 'inbound-endpoints',
    legacyFolder: 'inbound-endpoints',
    root: 'inboundEndpoint',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'tasks',
    type: 'synapse/task',
    folder: 'tasks',
    legacyFolder: 'tasks',
    root: 'task',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'message-stores',
    type: 'synapse/message-store',
    folder: 'message-stores',
    legacyFolder: 'message-stores',
    root: 'messageStore',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'message-processors',
    type: 'synapse/message-processors',
    folder: 'message-processors',
    legacyFolder: 'message-processors',
    root: 'messageProcessor',
    ext: '.xml',
    serverRole: DEFAULT_SERVER_ROLE,
  },
  {
    kind: 'data-services',
    type: 'service/dataservice',
    folder: 'data-services',
    legacyFolder: 'dataservice',
    ext: '.dbs',
    serverRole: 'DataServicesServer',
  },
  {
    kind: 'data-sources',
    type: 'datasource/datasource',
    folder: 'data-sources',
    legacyFolder: 'datasource',
    ext: '.xml',
    serverRole: 'DataServicesServer',
  },
];

/** Deployment order of MI (reference/car-format.md §2.3); types not listed deploy last. Undeploy runs in reverse. */
export const DEPLOY_ORDER: readonly string[] = [
  'lib/synapse/mediator',
  'synapse/lib',
  'synapse/local-entry',
  'synapse/endpoint',
  'synapse/sequence',
  'synapse/message-store',
  'synapse/template',
  'synapse/proxy-service',
  'synapse/task',
  'synapse/event-source',
  'synapse/message-processors',
  'synapse/api',
  'synapse/inbound-endpoint',
];

export function deployRank(type: string): number {
  const i = DEPLOY_ORDER.indexOf(type);
  return i < 0 ? DEPLOY_ORDER.length : i;
}

export function kindByType(type: string): CarKind | undefined {
  return CAR_KINDS.find((k) => k.type === type);
}

export function kindByRoot(local: string): CarKind | undefined {
  return CAR_KINDS.find((k) => k.root === local);
}

/** A registry resource item (registry-info.xml `<item>`). */
export interface RegistryItem {
  /** File name under `resources/` in the CAR folder. */
  file: string;
  /** Registry collection path, e.g. `/_system/governance/xslt`. */
  path: string;
  mediaType: string;
  properties?: { key: string; value: string }[];
  content: Buffer;
}

/** A registry collection (registry-info.xml `<collection>`): a folder copied under `resources/<directory>/`. */
export interface RegistryCollection {
  directory: string;
  /** Registry collection path, e.g. `/_system/config/schemas`. */
  path: string;
  properties?: { key: string; value: string }[];
  /** Files relative to the collection folder (`/` separators). */
  files: { path: string; content: Buffer }[];
}

/** One artifact to put into (or read from) a CAR. */
export interface CarArtifact {
  name: string;
  version: string;
  type: string;
  serverRole: string;
  /** Payload file name inside the artifact folder (for registry resources: registry-info.xml). */
  file: string;
  /** Payload bytes (not used for registry resources, whose files are in `items`). */
  content: Buffer;
  /** Where it came from (project-relative path), for messages. */
  source?: string;
  items?: RegistryItem[];
  collections?: RegistryCollection[];
}

/** A whole application: the carbon/application root plus its artifacts. */
export interface CarApplication {
  name: string;
  version: string;
  mainSequence?: string;
  artifacts: CarArtifact[];
  /**
   * API metadata artifacts (`synapse/metadata`), written under `metadata/` and listed in metadata.xml, not in
   * artifacts.xml (metadata.ts).
   */
  metadata?: CarArtifact[];
  /**
   * descriptor.xml (MI 4.5 tooling): the project's `groupId__artifactId__version`, whether its artifacts deploy
   * versioned (pom property `versionedDeployment`), FAT CAR, and the integration projects (CARs) it depends on.
   */
  descriptor?: CarDescriptorInfo;
}

export interface CarDescriptorInfo {
  id: string;
  versionedDeployment: boolean;
  fatCarEnabled: boolean;
  dependencies: { groupId: string; artifactId: string; version: string }[];
}
