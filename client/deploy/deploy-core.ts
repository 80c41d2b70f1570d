/**
 * Deploy to Server, without vscode: build the CAR in-process (core/car), upload it to one or more servers and check
 * the result on each. A server is never left half-deployed by us: a CAR the server lists as faulty after the upload is
 * undeployed again, and a cancelled upload that still landed (the request was already complete) is removed when the
 * application was not there before. Every outcome carries an actionable message and a stable code.
 */
import { buildCar, carFileName, CarError, loadProject, type LoadedProject } from '../../core/car';
import { addConnectorDependencies } from '../../core/car/connectors';
import { ManagementError, type ManagementClient, type UploadProgress } from '../../core/management';
import { validatePaths } from '../../core/validate/paths';
import type { LocatedFinding } from '../../core/diagnostics';
import { describeManagementError } from '../servers/store-core';

export interface BuiltCar {
  project: LoadedProject;
  fileName: string;
  /** Application name on the server (file name without `.car`). */
  appName: string;
  bytes: Buffer;
  /** Connector dependencies of pom.xml the CAR could not carry (one line each, then what it means), or none. */
  warnings: string[];
}

export class DeployError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${message} [${code}]`);
    this.name = 'DeployError';
  }
}

/** Packages a project folder. CarError (with file, line and code) passes through. */
export async function buildProjectCar(dir: string): Promise<BuiltCar> {
  const project = loadProject(dir);
  if (!project.artifacts.length)
    throw new DeployError('PROJECT_EMPTY', `${dir}: no Synapse artifacts to package`);
  // the connector zips pom.xml declares (resources/connectors or the local Maven repository), as MI's CAR plugin adds them
  const connectors = await addConnectorDependencies(project);
  if (connectors.problems.length)
    throw new DeployError(connectors.problems[0].code, connectors.errors.join('\n'));
  const bytes = await buildCar(project);
  const fileName = carFileName(project);
  return { project, fileName, appName: fileName.replace(/\.car$/i, ''), bytes, warnings: connectors.warnings };
}

/** Errors the validator finds in the project (the same rules the language server reports). */
export function projectErrors(dir: string): LocatedFinding[] {
  return validatePaths([dir], dir).findings.filter((f) => f.severity === 'error');
}

export type DeployStatus = 'deployed' | 'failed' | 'cancelled';

export interface DeployOutcome {
  server: string;
  status: DeployStatus;
  message: string;
  /** Stable code of a failure (ManagementError codes, DEPLOY_FAULTY, …). */
  code?: string;
  /** What the user can do about it. */
  action?: 'editServer' | 'trustCertificate' | 'retry';
  /** Fingerprint the server presented (for a certificate prompt). */
  fingerprint?: string;
  /** Artifacts the server reports for the application after the deployment. */
  artifacts?: { name: string; type: string }[];
}

export interface DeployOptions {
  signal?: AbortSignal;
  onProgress?: (p: UploadProgress) => void;
  /** How long to wait for the server to list the application after upload (hot deployment is asynchronous on MI). */
  settleMs?: number;
  /** After a cancel, how long to watch for an upload the server got whole anyway (to remove it). */
  rollbackWatchMs?: number;
}

async function findApp(client: ManagementClient, appName: string, signal?: AbortSignal) {
  const apps = await client.applications(signal);
  const active = (apps.activeList ?? []).find(
    (a) => `${a.name}_${a.version}` === appName || a.name === appName,
  );
  const faulty = (apps.faultyList ?? []).find(
    (a) => `${a.name}_${a.version}` === appName || a.name === appName,
  );
  return { active, faulty };
}

/** The server's log is read for the reason only when it is at most this large (MI keeps days of lines in it). */
const MAX_LOG_BYTES = 4 * 1024 * 1024;

/** A log file's size as MI's /logs lists it ("2.61 KB", "1.2 MB", or a plain number of bytes). */
function sizeInBytes(size: string | number): number {
  const m = /^\s*([\d.]+)\s*([KMG]?B)?\s*$/i.exec(String(size));
  if (!m) return Number.POSITIVE_INFINITY;
  const unit = (m[2] ?? 'B').toUpperCase();
  return Number(m[1]) * (unit === 'KB' ? 1024 : unit === 'MB' ? 1024 ** 2 : unit === 'GB' ? 1024 ** 3 : 1);
}

/**
 * Why a server kept a CAR as faulty, from its wso2carbon.log: the lines after the last "Error occurred while deploying
 * the Carbon application: FILE" record (MI's CappDeployer writes the cause there, an exception on MI, the runtime's
 * findings on `synapse serve`), up to the next record, at most three lines.
 */
export async function faultyReason(client: ManagementClient, fileName: string): Promise<string | undefined> {
  const files = await client.logFiles();
  const info = (files.list ?? []).find((f) => f.FileName === 'wso2carbon.log');
  if (!info || sizeInBytes(info.Size) > MAX_LOG_BYTES) return undefined;
  const lines = (await client.logFile('wso2carbon.log')).split(/\r?\n/);
  const marker = `Error occurred while deploying the Carbon application: ${fileName}`;
  let at = -1;
  for (let i = lines.length - 1; i >= 0; i--)
    if (lines[i]!.includes(marker)) {
      at = i;
      break;
    }
  if (at < 0) return undefined;
  const cause: string[] = [];
  // a new record starts with its timestamp in brackets (MI: [2024-01-01 10:00:00,000], serve: ISO)
  for (let i = at + 1; i < lines.length && cause.length < 3 && !/^\[\d{4}-/.test(lines[i]!); i++)
    if (lines[i]!.trim()) cause.push(lines[i]!.trim());
  return cause.length ? cause.join(' ') : undefined;
}

/** Uploads a built CAR to one server and checks it is deployed there. Never throws: the outcome says what happened. */
export async function deployTo(
  client: ManagementClient,
  serverName: string,
  car: BuiltCar,
  opts: DeployOptions = {},
): Promise<DeployOutcome> {
  let existedBefore = false;
  try {
    // Log in and look first: wrong password, certificate and reachability fail here, before any byte of the CAR.
    const before = await findApp(client, car.appName, opts.signal);
    existedBefore = !!(before.active || before.faulty);
    const message = await client.upload(car.fileName, car.bytes, {
      signal: opts.signal,
      onProgress: opts.onProgress,
    });
    const deadline = Date.now() + (opts.settleMs ?? 10_000);
    for (;;) {
      const now = await findApp(client, car.appName);
      if (now.faulty) {
        const reason = await faultyReason(client, car.fileName).catch(() => undefined);
        await client.undeploy(car.appName).catch(() => undefined);
        return {
          server: serverName,
          status: 'failed',
          code: 'DEPLOY_FAULTY',
          message: `${serverName}: the server could not deploy ${car.fileName} (listed as faulty) and it was removed again; ${reason ? `the server's log says: ${reason}` : "see the server's logs"}. [DEPLOY_FAULTY]`,
        };
      }
      if (now.active)
        return {
          server: serverName,
          status: 'deployed',
          message: `${serverName}: ${car.fileName} deployed (${now.active.artifacts?.length ?? 0} artifacts)${message ? `: ${message}` : ''}`,
          artifacts: now.active.artifacts,
        };
      if (Date.now() > deadline)
        return {
          server: serverName,
          status: 'failed',
          code: 'DEPLOY_NOT_LISTED',
          message: `${serverName}: ${car.fileName} was uploaded but the server does not list it yet; refresh the sidebar in a moment or see the server's logs. [DEPLOY_NOT_LISTED]`,
        };
      await new Promise((r) => setTimeout(r, 250));
    }
  } catch (e) {
    if (e instanceof ManagementError && e.code === 'ABORTED') {
      // The request may have completed on the server before we hung up: roll back what we added.
      // The server may still be processing a request it received whole, so watch for a short while.
      if (!existedBefore) {
        const until = Date.now() + (opts.rollbackWatchMs ?? 2000);
        try {
          for (;;) {
            const now = await findApp(client, car.appName);
            if (now.active || now.faulty) {
              await client.undeploy(car.appName);
              break;
            }
            if (Date.now() > until) break;
            await new Promise((r) => setTimeout(r, 200));
          }
        } catch {
          /* unreachable now: nothing more we can do */
        }
      }
      return {
        server: serverName,
        status: 'cancelled',
        code: 'ABORTED',
        message: `${serverName}: deployment cancelled; nothing was left deployed. [ABORTED]`,
      };
    }
    const d = describeManagementError(e, serverName);
    const code = e instanceof ManagementError ? e.code : e instanceof CarError ? e.code : 'DEPLOY_FAILED';
    let message = d.message;
    if (e instanceof ManagementError && e.code === 'SERVER_REJECTED')
      message = `${serverName}: the server rejected ${car.fileName}: ${e.message} [SERVER_REJECTED]`;
    if (e instanceof ManagementError && e.code === 'CONNECTION_DROPPED')
      message = `${serverName}: the connection dropped during the upload; the server had not confirmed it, so ${car.fileName} is not deployed there. Try again. [CONNECTION_DROPPED]`;
    return {
      server: serverName,
      status: 'failed',
      code,
      action: d.action,
      message,
      fingerprint: e instanceof ManagementError ? e.details.fingerprint : undefined,
    };
  }
}

/** Deploys to several servers in parallel; one outcome per server, in the order given. */
export function deployToAll(
  targets: { name: string; client: ManagementClient }[],
  car: BuiltCar,
  opts: {
    signal?: AbortSignal;
    onProgress?: (server: string, p: UploadProgress) => void;
    settleMs?: number;
  } = {},
): Promise<DeployOutcome[]> {
  return Promise.all(
    targets.map((t) =>
      deployTo(t.client, t.name, car, {
        signal: opts.signal,
        settleMs: opts.settleMs,
        onProgress: (p) => opts.onProgress?.(t.name, p),
      }),
    ),
  );
}

/** One line per server, for a summary message. */
export function summarize(outcomes: DeployOutcome[]): string {
  const ok = outcomes.filter((o) => o.status === 'deployed').length;
  if (outcomes.length === 1) return outcomes[0].message;
  return `Deployed to ${ok} of ${outcomes.length} servers. ${outcomes.map((o) => o.message).join(' ')}`;
}
