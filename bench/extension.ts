/**
 * Extension bench: the size of the .vsix `npm run package` makes (and its largest entries), and, when the e2e rig is
 * installed (scripts/setup-e2e.sh: code-server + Chromium), the activation time VS Code itself reports in
 * "Developer: Show Running Extensions" for our extension on the example project, plus the time from opening the
 * folder to the language server running (status bar).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recorder, REPO } from './lib';

async function activation(rec: Recorder, vsix: string): Promise<void> {
  const h = await import('../test/e2e/harness');
  try {
    h.assertRigInstalled();
  } catch (e) {
    rec.note(`activation time not measured: ${(e as Error).message}`);
    return;
  }
  const work = h.tempDir('bench-activation');
  let server: InstanceType<typeof h.CodeServer> | undefined;
  let browser: Awaited<ReturnType<typeof h.launchBrowser>> | undefined;
  try {
    server = await h.CodeServer.create(work, vsix);
    browser = await h.launchBrowser();
    const project = h.copyProject(join(REPO, 'examples', 'hello-world'), work, 'hello world');
    const t0 = Date.now();
    const wb = await h.Workbench.open(browser, server, project);
    const workbench = Date.now() - t0;
    const status = wb.synapseStatus();
    await status.waitFor({ state: 'visible', timeout: 60_000 });
    await h.waitFor(
      'the language server to run',
      async () => /running/.test((await status.getAttribute('aria-label')) ?? ''),
      60_000,
    );
    const running = Date.now() - t0;
    const rows = await wb.runningExtensions();
    const ours = rows.find((r) => /Synapse Integration Tools/i.test(r));
    const m = ours ? /(\d+)\s*ms/.exec(ours) : null;
    if (m) {
      rec.add({
        metric: 'activation time reported by VS Code (Running Extensions, code-server 1.100)',
        value: Number(m[1]),
        unit: 'ms',
      });
    } else {
      rec.note(
        `activation time not found in the Running Extensions row: ${JSON.stringify(ours ?? rows).slice(0, 300)}`,
      );
    }
    rec.add({
      metric:
        'opening the example folder to the language server running (status bar), workbench load included',
      value: running,
      unit: 'ms',
    });
    rec.note(
      `of which the workbench itself took ${workbench} ms to show (Chromium + code-server on this machine)`,
    );
    await wb.close();
  } catch (e) {
    rec.note(`activation time not measured: the e2e rig failed: ${(e as Error).message.split('\n')[0]}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    h.cleanup(work);
  }
}

async function main() {
  const rec = new Recorder('extension', 'Extension package and activation');
  let vsix = join(REPO, 'dist', 'synapse-integration-tools.vsix');
  let how = 'npm run package';
  const r = spawnSync('npm', ['run', 'package'], { cwd: REPO, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0 || !existsSync(vsix)) {
    const why =
      (r.stderr || r.stdout)
        .split('\n')
        .find((l) => /ERROR/.test(l))
        ?.trim() ?? `exit ${r.status}`;
    rec.note(
      `\`npm run package\` failed on this tree (${why}); the size below is of the same files packaged with \`vsce package --no-dependencies --allow-missing-repository --no-rewrite-relative-links\` (as the e2e rig does)`,
    );
    const tmp = mkdtempSync(join(tmpdir(), 'synapse-bench-vsix-'));
    process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));
    vsix = join(tmp, 'synapse-integration-tools.vsix');
    how = 'vsce package, fallback';
    const v = spawnSync(
      join(REPO, 'node_modules', '.bin', 'vsce'),
      [
        'package',
        '--no-dependencies',
        '--allow-missing-repository',
        '--no-rewrite-relative-links',
        '--skip-license',
        '-o',
        vsix,
      ],
      { cwd: REPO, encoding: 'utf8', timeout: 300_000 },
    );
    if (v.status !== 0 || !existsSync(vsix))
      throw new Error(`vsce package failed (${v.status}): ${(v.stderr || v.stdout).slice(-2000)}`);
  }
  rec.add({ metric: `.vsix size (${how})`, value: statSync(vsix).size / 1024, unit: 'KB' });
  const list = spawnSync('unzip', ['-l', vsix], { encoding: 'utf8' }).stdout ?? '';
  const entries = [...list.matchAll(/^\s*(\d+)\s+\S+\s+\S+\s+(\S.*)$/gm)]
    .map((m) => ({ size: Number(m[1]), name: m[2] }))
    .filter((e) => !/^-+$/.test(e.name) && e.name !== 'Name')
    .sort((a, b) => b.size - a.size);
  rec.setup.push(
    `${entries.length} entries in the .vsix; largest uncompressed: ${entries
      .slice(0, 5)
      .map((e) => `${e.name} ${(e.size / 1024).toFixed(0)} KB`)
      .join(', ')}`,
  );
  // extension-*.js: the parts of the extension loaded on first use, not at activation (scripts/build.mjs)
  const lazy = readdirSync(join(REPO, 'dist'))
    .filter((f) => /^extension-.*\.js$/.test(f))
    .sort();
  for (const f of ['extension.js', ...lazy, 'server.js', 'debugAdapter.js', 'cli.js']) {
    const p = join(REPO, 'dist', f);
    if (existsSync(p))
      rec.add({ metric: `dist/${f} (as packaged)`, value: statSync(p).size / 1024, unit: 'KB' });
  }
  if (process.env.BENCH_SKIP_ACTIVATION) rec.note('activation time skipped (BENCH_SKIP_ACTIVATION)');
  else await activation(rec, vsix);
  rec.save();
}

main().catch((e) => {
  process.stderr.write(`extension bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
