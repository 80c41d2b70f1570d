/** The model of a unit-test suite and of a mock service (MI's unit-testing framework formats). */

export type PropertyScope = 'default' | 'axis2' | 'transport';

export interface InputProperty {
  name: string;
  value: string;
  scope: PropertyScope;
}

export interface Assertion {
  type: 'assertEquals' | 'assertNotNull';
  /** The `<actual>` expression: `$body`, `$ctx:x`, `$axis2:x`, `$trp:x`, `$statusCode`, `$httpVersion`, `${...}`. */
  actual: string;
  /** assertEquals only. */
  expected?: string;
  message: string;
  line: number;
}

export interface TestCase {
  name: string;
  line: number;
  requestPath?: string;
  requestMethod?: string;
  requestProtocol?: string;
  payload?: string;
  properties: InputProperty[];
  assertions: Assertion[];
}

/** A path written in a suite, where it was written. */
export interface PathRef {
  path: string;
  line: number;
  column: number;
}

export interface RegistryResourceRef extends PathRef {
  fileName: string;
  registryPath: string;
  mediaType?: string;
}

export interface Suite {
  file: string;
  /** The suite's name: its file name without `.xml`. */
  name: string;
  testArtifact: PathRef;
  supportiveArtifacts: PathRef[];
  registryResources: RegistryResourceRef[];
  connectorResources: PathRef[];
  testCases: TestCase[];
  mockServices: PathRef[];
}

export interface MockResponse {
  status: number;
  payload: string;
  headers: [string, string][];
}

export interface MockResource {
  subContext: string;
  method: string;
  request?: { payload?: string; headers: [string, string][] };
  response: MockResponse;
}

export interface MockService {
  file: string;
  /** The name of the endpoint it replaces. */
  serviceName: string;
  port: number;
  /** 1-based line of `<port>` (for the error when the port is in use). */
  portLine: number;
  context: string;
  resources: MockResource[];
}
