/**
 * Binds the management API to the embedded engine (runtime-debug/engine): a CAR's Synapse artifacts are deployed
 * into a Runtime whose HTTP listener serves them. All or nothing: if the engine reports any problem for the
 * application, every file of it is undeployed again and the deploy fails with the problems listed.
 */
import { Runtime } from '../engine/runtime';
import type { ArtifactHost, HostArtifact } from './registry';

const ENGINE_KIND: Record<string, 'proxy' | 'endpoint' | 'inboundEndpoint' | undefined> = {
  'proxy-services': 'proxy',
  endpoints: 'endpoint',
  'inbound-endpoints': 'inboundEndpoint',
};

export class EngineHost implements ArtifactHost {
  constructor(readonly runtime: Runtime) {}

  async deploy(_app: string, artifacts: HostArtifact[]): Promise<void> {
    const inputs = artifacts.map((a) => ({ name: a.source, text: a.xml }));
    const result = this.runtime.deploy(inputs);
    if (result.problems.length) {
      for (const i of inputs) this.runtime.undeploy(i.name);
      const shown = result.problems
        .slice(0, 10)
        .map((p) => `${p.file}:${p.line}:${p.column} ${p.code} ${p.message}`);
      const more = result.problems.length > 10 ? ` (and ${result.problems.length - 10} more)` : '';
      throw new Error(`the runtime refused the application: ${shown.join('; ')}${more}`);
    }
  }

  async undeploy(_app: string, artifacts: HostArtifact[]): Promise<void> {
    for (const a of artifacts) this.runtime.undeploy(a.source);
  }

  async setActive(kind: string, name: string, active: boolean): Promise<void> {
    const k = ENGINE_KIND[kind];
    if (k) this.runtime.setActive(k, name, active);
  }
}

/** The `runtime` factory of startServe: an engine Runtime listening on the HTTP port. */
export async function engineRuntime(http: {
  host: string;
  port: number;
}): Promise<{ host: ArtifactHost; port: number; close(): Promise<void> }> {
  const runtime = new Runtime({ host: http.host, httpPort: http.port });
  const addr = await runtime.start();
  return { host: new EngineHost(runtime), port: addr.port, close: () => runtime.stop(1000) };
}
