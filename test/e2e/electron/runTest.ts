/**
 * Runs the authoring stories in a desktop VS Code downloaded by @vscode/test-electron (needs network access to
 * Microsoft's update servers, so CI uses the code-server suite instead). Usage: `npx tsx test/e2e/electron/runTest.ts`
 * after `npm run build`. Not matched by mocha's `*.test.ts` spec on purpose.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const ROOT = join(__dirname, '..', '..', '..');

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'synapse electron ü-'));
  const suite = join(work, 'suite.js');
  await esbuild.build({
    entryPoints: [join(ROOT, 'client', 'testing', 'electronSuite.ts')],
    outfile: suite,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    logLevel: 'warning',
  });
  const project = join(work, 'hello world');
  cpSync(join(ROOT, 'examples', 'hello-world'), project, { recursive: true });
  await runTests({
    version: process.env.SYNAPSE_VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: suite,
    launchArgs: [
      project,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--user-data-dir',
      join(work, 'user-data'),
    ],
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
