/**
 * Binds the management API to the embedded engine (runtime-debug/engine): a CAR's Synapse artifacts are deployed
 * into a Runtime whose HTTP listener serves them, and its registry resources answer `gov:`/`conf:` keys. All or nothing: if the engine reports any problem for the
 * application, every file of it is undeployed again and the deploy fails with the problems listed.
 */
import { compileFile } from '../engine/compile';
import type { LoggerLevels } from '../engine/loggers';
import { Runtime, type RuntimeOptions } from '../engine/runtime';
import type { ArtifactHost, HostArtifact, RegistryResource } from './registry';

/** The engine with the registry resources of deployed CARs behind its own lookups (local entries, project files). */
export class ServeRuntime extends Runtime {
  private readonly carResources = new Map<string, { app: string; text: string }>();
  /** Keys written (text) or deleted (null) through the management API; they win over the CARs' until redeployed. */
  private readonly apiResources = new Map<string, string | null>();

  constructor(opts: RuntimeOptions = {}) {
    super(opts);
  }

  override resource(key: string): string | undefined {
    const own = super.resource(key);
    if (own !== undefined) return own;
    const m = /^(gov|conf|local|resources):\/*(.*)$/.exec(key);
    if (!m) return undefined;
    const api = this.apiResources.get(`${m[1]}:${m[2]}`);
    if (api !== undefined) return api ?? undefined;
    // a CAR carries the `resources:` files of MI 4.4 projects under /_system/governance/mi-resources
    if (m[1] === 'resources') return this.carResources.get(`gov:mi-resources/${m[2]}`)?.text;
    return this.carResources.get(`${m[1]}:${m[2]}`)?.text;
  }

  addResources(app: string, resources: RegistryResource[]): void {
    for (const r of resources) {
      this.carResources.set(r.key, { app, text: r.content.toString('utf8') });
      this.apiResources.delete(r.key);
    }
  }

  /** A resource written (text) or deleted (undefined) through the management API. */
  setApiResource(key: string, text: string | undefined): void {
    this.apiResources.set(key, text ?? null);
  }

  removeResources(app: string): void {
    for (const [k, v] of this.carResources) if (v.app === app) this.carResources.delete(k);
  }
}

const ENGINE_KIND: Record<string, 'proxy' | 'endpoint' | 'inboundEndpoint' | undefined> = {
  'proxy-services': 'proxy',
  endpoints: 'endpoint',
  'inbound-endpoints': 'inboundEndpoint',
};

export class EngineHost implements ArtifactHost {
  constructor(readonly runtime: ServeRuntime) {}

  get loggers(): LoggerLevels {
    return this.runtime.executor.loggers;
  }

  onLogLine(listener: (line: string) => void): void {
    this.runtime.on('log', (r: { line: string }) => listener(r.line));
  }

  synapseProperty(key: string): string | undefined {
    return key === 'expose.versioned.services' && this.runtime.exposeVersionedServices ? 'true' : undefined;
  }

  log(level: 'INFO' | 'WARN' | 'ERROR', logger: string, message: string): void {
    this.runtime.executor.log(level, logger, undefined, message);
  }

  async deploy(app: string, artifacts: HostArtifact[], resources: RegistryResource[] = []): Promise<void> {
    this.runtime.addResources(app, resources);
    const inputs = artifacts.map((a) => ({
      name: a.source,
      text: a.xml,
      ...(a.artifactIdentifier ? { artifactIdentifier: a.artifactIdentifier } : {}),
    }));
    const result = this.runtime.deploy(inputs);
    if (result.problems.length) {
      for (const i of inputs) this.runtime.undeploy(i.name);
      this.runtime.removeResources(app);
      const shown = result.problems
        .slice(0, 10)
        .map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`);
      const more = result.problems.length > 10 ? ` (and ${result.problems.length - 10} more)` : '';
      throw new Error(`the runtime refused the application: ${shown.join('; ')}${more}`);
    }
  }

  async undeploy(app: string, artifacts: HostArtifact[], quiet = false): Promise<void> {
    for (const a of artifacts) {
      this.pausedTasks.delete(a.source);
      this.runtime.undeploy(a.source, undefined, !quiet);
    }
    this.runtime.removeResources(app);
  }

  /** Sources of tasks paused through the management API (their file is taken off the engine until resumed). */
  private readonly pausedTasks = new Set<string>();

  /**
   * Pausing a task takes its file off the engine (its timer stops); resuming deploys it again (it is scheduled
   * afresh); a trigger runs its injection once now, whether the task is paused or not.
   */
  async controlTask(task: HostArtifact, action: 'active' | 'inactive' | 'trigger'): Promise<void> {
    if (action === 'trigger') {
      const compiled = compileFile(task.source, task.xml, {
        env: (n) => this.runtime.env(n),
        config: (n) => this.runtime.config(n),
        knownMediator: () => true,
      });
      const def = compiled.tasks.find((t) => t.name === task.name);
      if (!def)
        throw new Error(
          `the task ${task.name} could not be read: ${compiled.problems[0]?.message ?? 'no task element'}`,
        );
      void this.runtime.injectTask(def).catch(() => undefined);
      return;
    }
    if (action === 'inactive') {
      if (!this.pausedTasks.has(task.source)) this.runtime.undeploy(task.source);
      this.pausedTasks.add(task.source);
      return;
    }
    if (!this.pausedTasks.delete(task.source)) return;
    const result = this.runtime.deploy([{ name: task.source, text: task.xml }]);
    if (result.problems.length) {
      this.pausedTasks.add(task.source);
      this.runtime.undeploy(task.source);
      throw new Error(`the task ${task.name} could not be resumed: ${result.problems[0].message}`);
    }
  }

  setResource(key: string, content: Buffer | undefined): void {
    this.runtime.setApiResource(key, content?.toString('utf8'));
  }

  async setActive(kind: string, name: string, active: boolean): Promise<void> {
    const k = ENGINE_KIND[kind];
    if (k) this.runtime.setActive(k, name, active);
  }
}

/** The `runtime` factory of startServe: an engine Runtime listening on the HTTP port. */
export async function engineRuntime(
  http: {
    host: string;
    port: number;
  },
  https?: { port: number; key: string; cert: string },
): Promise<{ host: ArtifactHost; port: number; close(): Promise<void>; httpsPort?: number }> {
  const runtime = new ServeRuntime({ host: http.host, httpPort: http.port, ...(https ? { https } : {}) });
  const addr = await runtime.start();
  return {
    host: new EngineHost(runtime),
    port: addr.port,
    close: () => runtime.stop(1000),
    httpsPort: runtime.httpsAddress()?.port,
  };
}
