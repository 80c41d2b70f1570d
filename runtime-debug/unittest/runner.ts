/**
 * Runs a unit-test suite on the embedded runtime, as MI's unit-testing agent runs it on a server in test mode:
 * mock services start on their ports, the endpoints they replace are pointed at them, the supportive artifacts,
 * registry resources and the test artifact are deployed into a fresh in-process Runtime, and each test case is
 * sent (API: HTTP to context + request-path; proxy: HTTP POST to /services/NAME; sequence: injected with its
 * properties by scope), then its assertions are evaluated. Mocks and the runtime are always stopped afterwards.
 *
 * A suite file that cannot be read or parsed throws a UnitTestError (a load error). Everything that MI reports in
 * its answer (a missing or broken artifact, a busy mock port, a failed mediation) is reported in the SuiteResult.
 */
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { generateCertificate } from '../management/cert';
import { Runtime, type DeployInput, type LoadProblem } from '../engine';
import { assertSequence, assertService, type ServiceResponse } from './assertions';
import { UnitTestCodes, UnitTestError } from './errors';
import type { MockService, Suite, TestCase } from './model';
import { parseMockService } from './mockService';
import { startMockServices, type RunningMocks } from './mockServer';
import { projectRootOf, resolveSuitePath } from './paths';
import type { FailureAssertion, SuiteResult, TestCaseResult } from './result';
import { rewriteEndpoints } from './rewrite';
import { CoverageTracker } from './coverage';
import { parseSuite } from './suite';
import { parseXml } from '../../core/xml/parse';
import { escapeXmlAttr } from '../../core/xml/escape';

export interface RunSuiteOptions {
  /** The project the suite's paths are relative to (default: found above the suite file). */
  projectRoot?: string;
  /** Bound on one test case (HTTP request or injection), in ms (default 30 s). */
  caseTimeoutMs?: number;
  /** Interface the runtime and the mocks bind (default 127.0.0.1). */
  host?: string;
  /** Runtime log lines (MI-like), for `--verbose`. */
  onLog?: (line: string) => void;
  /** Environment for `${configs.x}` / get-property('env', ..) (default process.env). */
  env?: Record<string, string | undefined>;
  /** Record which mediators run (SuiteResult.coverage). */
  coverage?: boolean;
}

/** Reads a suite file (UNITTEST_READ / UNITTEST_XML / ... on failure). */
export function readSuite(file: string): Suite {
  return parseSuite(file, readText(file, file, 1, 1));
}

function readText(file: string, from: string, line: number, column: number): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UnitTestError(
      UnitTestCodes.READ,
      from,
      line,
      column,
      `cannot read ${file}: ${(e as Error).message}`,
    );
  }
}

/** Runs one suite file. Throws a UnitTestError only when the suite (or a mock service file) cannot be loaded. */
export async function runSuiteFile(file: string, options: RunSuiteOptions = {}): Promise<SuiteResult> {
  return runSuite(readSuite(file), options);
}

interface Prepared {
  inputs: DeployInput[];
  testInput: DeployInput;
  mocks: MockService[];
}

function prepare(suite: Suite, root: string): Prepared {
  const read = (ref: Suite['testArtifact'], what: string) => {
    const path = resolveSuitePath(ref, suite.file, root, what);
    return { name: path, text: readText(path, suite.file, ref.line, ref.column) };
  };
  const mocks = suite.mockServices.map((ref) => {
    const m = read(ref, 'mock service');
    return parseMockService(m.name, m.text);
  });
  const testInput = read(suite.testArtifact, 'test artifact');
  const inputs = suite.supportiveArtifacts.map((ref) => read(ref, 'supportive artifact'));
  for (const r of suite.registryResources) {
    const res = read(r, 'registry resource');
    for (const key of registryKeys(r.registryPath, r.fileName))
      inputs.push({ name: `${res.name}#${key}`, text: localEntryFor(key, res.text) });
  }
  return { inputs, testInput, mocks };
}

/** The keys a registry resource is found by: `gov:path/file` (and `gov:/path/file`), `conf:...`. */
export function registryKeys(registryPath: string, fileName: string): string[] {
  const p = registryPath.replace(/\\/g, '/').replace(/\/+$/, '');
  const m = /^\/?_system\/(governance|config|local)(?:\/(.*))?$/.exec(p);
  const prefix = m ? { governance: 'gov', config: 'conf', local: 'local' }[m[1]]! : 'gov';
  const rest = (m ? (m[2] ?? '') : p.replace(/^\/+/, '')).replace(/^\/+/, '');
  const path = rest ? `${rest}/${fileName}` : fileName;
  const keys = [`${prefix}:${path}`, `${prefix}:/${path}`];
  // MI 4.4 `resources:` keys name files under mi-resources
  const r = /^mi-resources\/(.*)$/.exec(path);
  if (r && prefix === 'gov') keys.push(`resources:${r[1]}`);
  return keys;
}

function localEntryFor(key: string, content: string): string {
  return `<localEntry xmlns="http://ws.apache.org/ns/synapse" key="${escapeXmlAttr(key)}"><![CDATA[${content.replace(/]]>/g, ']]]]><![CDATA[>')}]]></localEntry>`;
}

const problemText = (p: LoadProblem) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`;

/** The kind and name of the test artifact (api, proxy, sequence), from its root element. */
function testTarget(text: string): { kind: string; name: string; context: string } {
  const root = parseXml(text).root;
  const attr = (n: string) => root?.attributes.find((a) => a.name === n)?.value ?? '';
  return {
    kind: root?.local ?? '',
    name: attr(root?.local === 'localEntry' ? 'key' : 'name'),
    context: attr('context'),
  };
}

export async function runSuite(suite: Suite, options: RunSuiteOptions = {}): Promise<SuiteResult> {
  const started = Date.now();
  const result: SuiteResult = {
    suite: suite.name,
    file: suite.file,
    deploymentStatus: 'PASSED',
    deploymentException: null,
    deploymentDescription: null,
    mediationStatus: null,
    currentTestCase: null,
    mediationException: null,
    testCases: [],
    durationMs: 0,
  };
  const root = options.projectRoot ?? projectRootOf(suite.file);
  const host = options.host ?? '127.0.0.1';
  let prepared: Prepared;
  try {
    prepared = prepare(suite, root);
  } catch (e) {
    if (!(e instanceof UnitTestError) || e.code === UnitTestCodes.XML || e.code === UnitTestCodes.ROOT)
      throw e;
    if (e.code === UnitTestCodes.MISSING || e.code === UnitTestCodes.VALUE) throw e;
    result.deploymentStatus = 'FAILED';
    result.deploymentException = e.format();
    result.deploymentDescription = 'an artifact of the suite could not be read';
    result.durationMs = Date.now() - started;
    return result;
  }
  let mocks: RunningMocks | undefined;
  let rt: Runtime | undefined;
  let coverage: CoverageTracker | undefined;
  try {
    try {
      mocks = await startMockServices(prepared.mocks, host);
    } catch (e) {
      if (!(e instanceof UnitTestError)) throw e;
      result.deploymentStatus = 'SKIPPED';
      result.deploymentException = e.format();
      result.deploymentDescription = 'the mock services could not start';
      return result;
    }
    const ports = new Map(prepared.mocks.map((m) => [m.serviceName, m.port]));
    const rewrite = (i: DeployInput): DeployInput => ({
      name: i.name,
      text: rewriteEndpoints(i.text, ports, host).text,
    });
    // a case with request-protocol https goes to the HTTPS listener (a certificate made for the run)
    const tls = suite.testCases.some((tc) => tc.requestProtocol === 'https') ? testCertificate() : undefined;
    rt = new Runtime({
      host,
      httpPort: 0,
      runTasks: false,
      env: options.env,
      ...(tls ? { https: { port: 0, key: tls.key, cert: tls.cert } } : {}),
    });
    const onLog = options.onLog;
    if (onLog) rt.on('log', (r: { line: string }) => onLog(r.line));
    const supportInputs = prepared.inputs.map(rewrite);
    const testInput = rewrite(prepared.testInput);
    const support = rt.deploy(supportInputs);
    if (support.problems.length) {
      result.deploymentStatus = 'FAILED';
      result.deploymentException = support.problems.map(problemText).join('\n');
      result.deploymentDescription = 'Supportive artifact deployment failed';
      return result;
    }
    const test = rt.deploy([testInput]);
    const target = testTarget(prepared.testInput.text);
    if (test.problems.length) {
      result.deploymentStatus = 'FAILED';
      result.deploymentException = test.problems.map(problemText).join('\n');
      result.deploymentDescription = 'test artifact deployment failed';
      return result;
    }
    if (target.kind !== 'api' && target.kind !== 'proxy' && target.kind !== 'sequence') {
      result.deploymentStatus = 'FAILED';
      result.deploymentException = new UnitTestError(
        UnitTestCodes.ARTIFACT_KIND,
        suite.file,
        suite.testArtifact.line,
        suite.testArtifact.column,
        `the test artifact ${suite.testArtifact.path} is a <${target.kind || '?'}>: only an API, a proxy service or a sequence can be tested`,
      ).format();
      result.deploymentDescription = 'test artifact deployment failed';
      return result;
    }
    if (options.coverage) {
      // the texts as deployed: the runtime reports a mediator by its place in them
      const tracker = new CoverageTracker();
      for (const i of supportInputs) tracker.register(i.name, i.text);
      tracker.register(testInput.name, testInput.text, true);
      rt.setDebugHook(tracker);
      coverage = tracker;
    }
    const base = target.kind === 'sequence' ? '' : await listen(rt);
    const https = rt.httpsAddress();
    const httpsBase = https
      ? `https://${https.host.includes(':') ? `[${https.host}]` : https.host}:${https.port}`
      : base;
    const timeout = options.caseTimeoutMs ?? 30_000;
    for (const tc of suite.testCases) {
      result.currentTestCase = tc.name;
      const t0 = Date.now();
      let r: Omit<TestCaseResult, 'durationMs'>;
      try {
        r =
          target.kind === 'sequence'
            ? await runSequenceCase(rt, target.name, tc, timeout)
            : await runServiceCase(
                (tc.requestProtocol === 'https' ? httpsBase : base) +
                  (target.kind === 'api' ? target.context : ''),
                target,
                tc,
                timeout,
                tls?.cert,
              );
        result.mediationStatus = 'PASSED';
      } catch (e) {
        result.mediationStatus = 'FAILED';
        result.mediationException = (e as Error).message;
        r = {
          testCaseName: tc.name,
          mediationStatus: 'FAILED',
          assertionStatus: null,
          exception: (e as Error).message,
        };
      }
      result.testCases.push({ ...r, durationMs: Date.now() - t0 });
    }
    if (mocks.misses.length)
      result.mockMisses = [
        ...new Set(
          mocks.misses.map((m) => `mock service '${m.service}' has no resource for ${m.method} ${m.url}`),
        ),
      ];
    return result;
  } finally {
    if (coverage) result.coverage = coverage.report();
    result.durationMs = Date.now() - started;
    await rt?.stop(500).catch(() => undefined);
    await mocks?.close();
  }
}

async function listen(rt: Runtime): Promise<string> {
  const a = await rt.start();
  return `http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
      timer.unref();
    }),
  ]).finally(() => clearTimeout(timer));
}

// ------------------------------------------------------------------------------------------------ service cases

const NO_ENTITY = new Set([204, 304]);

function invokeUrl(
  prefix: string,
  kind: string,
  name: string,
  tc: TestCase,
): { url: string; method: string } {
  if (kind === 'proxy') return { url: `${prefix}/services/${name}`, method: 'POST' };
  const path = tc.requestPath;
  const url =
    path === undefined || path === '' || path === '/'
      ? prefix
      : path.startsWith('/')
        ? prefix + path
        : `${prefix}/${path}`;
  return { url, method: tc.requestMethod ?? 'GET' };
}

async function runServiceCase(
  prefix: string,
  target: { kind: string; name: string },
  tc: TestCase,
  timeout: number,
  ca: string | undefined,
): Promise<Omit<TestCaseResult, 'durationMs'>> {
  const { url, method } = invokeUrl(prefix, target.kind, target.name, tc);
  const invoked = target.kind === 'api' ? `${method}: ${url}` : url;
  const headers: Record<string, string> = {};
  for (const p of tc.properties) if (p.scope === 'transport') headers[p.name] = p.value;
  const hasBody = method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
  const body = hasBody ? Buffer.from(tc.payload ?? '', 'utf8') : undefined;
  if (body && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['Content-Type'] = 'text/plain; charset=UTF-8';
  let response: ServiceResponse;
  try {
    response = await send(url, method, headers, body, timeout, invoked, ca);
  } catch (e) {
    const what = target.kind === 'api' ? 'API invoked URL' : 'Proxy service invoked URL';
    throw new Error(`${what} - ${invoked}\n${(e as Error).message}`);
  }
  return mediated(tc.name, assertService(tc.assertions, response));
}

/** Largest response body read from the runtime. */
const MAX_RESPONSE = 50 * 1024 * 1024;

function send(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  timeout: number,
  invoked: string,
  ca: string | undefined,
): Promise<ServiceResponse> {
  return new Promise((resolve, reject) => {
    const onResponse = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_RESPONSE) {
          req.destroy(new Error(`the response is larger than ${MAX_RESPONSE} bytes`));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        const raw = res.rawHeaders;
        const hs: [string, string][] = [];
        for (let i = 0; i + 1 < raw.length; i += 2) hs.push([raw[i], raw[i + 1]]);
        resolve({
          invoked,
          status,
          httpVersion: `HTTP/${res.httpVersion}`,
          headers: hs,
          body: method === 'HEAD' || NO_ENTITY.has(status) ? null : Buffer.concat(chunks).toString('utf8'),
        });
      });
      res.on('error', reject);
    };
    const req = url.startsWith('https:')
      ? httpsRequest(url, { method, headers, agent: false, timeout, ca, servername: 'localhost' }, onResponse)
      : httpRequest(url, { method, headers, agent: false, timeout }, onResponse);
    req.on('timeout', () => req.destroy(new Error(`no response within ${timeout} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

// ------------------------------------------------------------------------------------------------ sequence cases

type PayloadFormat = 'XML' | 'JSON' | 'TEXT';

/** The input format MI detects (CommonUtils.checkInputStringFormat): XML, else a JSON object, else text. */
export function inputFormat(payload: string): { format: PayloadFormat; text: string } {
  let s = payload.trim();
  if (s.startsWith('<![CDATA[')) {
    const end = s.indexOf(']]>', 9);
    s = end < 0 ? s.slice(9) : s.slice(9, end);
  }
  if (s.startsWith('<')) {
    const doc = parseXml(s);
    if (doc.root && !doc.hasDoctype && !doc.problems.some((p) => p.severity === 'error'))
      return { format: 'XML', text: s };
  }
  if (s.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(s);
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return { format: 'JSON', text: s };
    } catch {
      // text
    }
  }
  return { format: 'TEXT', text: s };
}

const CONTENT_TYPES: Record<PayloadFormat, string> = {
  XML: 'application/xml',
  JSON: 'application/json',
  TEXT: 'text/plain',
};

async function runSequenceCase(
  rt: Runtime,
  sequence: string,
  tc: TestCase,
  timeout: number,
): Promise<Omit<TestCaseResult, 'durationMs'>> {
  const input = tc.payload === undefined ? { format: 'XML' as const, text: '' } : inputFormat(tc.payload);
  const headers: Record<string, string> = {};
  const properties: Record<string, string> = {};
  const axis2Properties: Record<string, string> = {};
  for (const p of tc.properties) {
    if (p.scope === 'transport') headers[p.name] = p.value;
    else if (p.scope === 'axis2') axis2Properties[p.name] = p.value;
    else properties[p.name] = p.value;
  }
  // inject sets the axis2-scope input properties as MI's unit-test agent does, and leaves the transport headers and
  // axis2 properties as mediation left them when the sequence does not answer (MI's assertions read them)
  const { ctx } = await withTimeout(
    rt.inject({
      sequence,
      body: input.text,
      contentType: CONTENT_TYPES[input.format],
      headers,
      properties,
      axis2Properties,
    }),
    timeout,
    `sequence '${sequence}'`,
  );
  if (ctx.answeredBy === 'error') {
    const err = ctx.handledError as { message?: string; where?: string } | undefined;
    const why = err?.message ? `: ${err.message}${err.where ? ` (${err.where})` : ''}` : '';
    return {
      testCaseName: tc.name,
      mediationStatus: 'FAILED',
      assertionStatus: null,
      exception: `Sequence mediation failed${why}`,
    };
  }
  return mediated(tc.name, await assertSequence(tc.assertions, ctx));
}

/** The result of a case whose mediation ran: passed when no assertion failed. */
function mediated(name: string, failures: FailureAssertion[]): Omit<TestCaseResult, 'durationMs'> {
  return {
    testCaseName: name,
    mediationStatus: 'PASSED',
    assertionStatus: failures.length ? 'FAILED' : 'PASSED',
    exception: null,
    ...(failures.length ? { failureAssertions: failures } : {}),
  };
}

let certificate: { cert: string; key: string } | undefined;
/** A self-signed certificate for the HTTPS listener of test runs (made once per process). */
function testCertificate(): { cert: string; key: string } {
  return (certificate ??= generateCertificate(['localhost', '127.0.0.1', '::1']));
}
