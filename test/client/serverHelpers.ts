/**
 * Helpers of the client tests: the `synapse` CLI bundled once per test process (the same kind of bundle the
 * extension runs as dist/cli.js), real `synapse serve` processes, and in-memory implementations of the settings and
 * secret ports of the server store (VS Code's configuration and SecretStorage in the extension).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { startLocalServer, type LocalServer } from '../../client/servers/localServer-core';
import type { SecretPort, ServerProfile, SettingsPort } from '../../client/servers/store-core';

export const ROOT = join(__dirname, '..', '..');
let bundled: Promise<string> | undefined;

export function tempDir(label: string): string {
  const base = join(tmpdir(), 'synapse client ü');
  mkdirSync(base, { recursive: true });
  return mkdtempSync(join(base, `${label}-`));
}

/** cli/main.ts bundled with esbuild into a temp folder (removed at exit); dist/cli.js if the sources do not bundle. */
export function cliPath(): Promise<string> {
  if (!bundled) {
    bundled = (async () => {
      const dir = tempDir('cli');
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const out = join(dir, 'cli.js');
      try {
        await esbuild.build({
          entryPoints: [join(ROOT, 'cli', 'main.ts')],
          outfile: out,
          bundle: true,
          platform: 'node',
          target: 'node20',
          format: 'cjs',
          logLevel: 'silent',
          absWorkingDir: ROOT,
        });
        return out;
      } catch (e) {
        const dist = join(ROOT, 'dist', 'cli.js');
        if (existsSync(dist)) return dist;
        throw e;
      }
    })();
  }
  return bundled;
}

/** A `synapse serve` process with generated credentials and its own certificate folder. */
export async function startServe(
  label = 'serve',
): Promise<LocalServer & { configDir: string; log: string[]; dispose(): Promise<void> }> {
  const configDir = tempDir(label);
  const log: string[] = [];
  const s = await startLocalServer({ cliPath: await cliPath(), configDir, onLine: (l) => log.push(l) });
  return Object.assign(s, {
    configDir,
    log,
    dispose: async () => {
      await s.stop();
      rmSync(configDir, { recursive: true, force: true });
    },
  });
}

export class MemorySettings implements SettingsPort {
  value: unknown;
  writes = 0;
  constructor(initial?: unknown) {
    this.value = initial;
  }
  read(): unknown {
    return this.value === undefined ? undefined : JSON.parse(JSON.stringify(this.value));
  }
  async write(list: ServerProfile[]): Promise<void> {
    this.writes++;
    this.value = JSON.parse(JSON.stringify(list));
  }
}

export class MemorySecrets implements SecretPort {
  readonly map = new Map<string, string>();
  async get(key: string) {
    return this.map.get(key);
  }
  async store(key: string, value: string) {
    this.map.set(key, value);
  }
  async delete(key: string) {
    this.map.delete(key);
  }
}
