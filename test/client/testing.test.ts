/**
 * The Testing view's core (client/testing-core.ts, no vscode): suites and cases of a workspace with their lines,
 * a run through `synapse test` as a child process (the CLI bundle), per-case outcomes with the failed assertions'
 * expected and actual values at their lines, cancellation; and the bundle split (the runner is not in
 * dist/extension.js).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  caseOutcome,
  coverageByFile,
  discoverTestSuites,
  readSuiteEntry,
  runTestSuites,
} from '../../client/testing-core';
import { cliPath, ROOT, tempDir } from './serverHelpers';

const FIX = join(ROOT, 'test/fixtures/unittest');
const SHOP = join(FIX, 'shop');

describe('client: Testing view core (MI unit-test suites)', function () {
  this.timeout(60_000);

  it('lists the suites of the workspace folders with their cases and lines', () => {
    const suites = discoverTestSuites([FIX]);
    assert.deepEqual(
      suites.map((s) => [s.file.slice(FIX.length + 1), s.cases.map((c) => `${c.name}:${c.line}`)]),
      [
        ['gift-shop/src/test/wso2mi/CoverAPITest.xml', ['gift_order_is_tagged:15']],
        ['is-project/HelloConfigs/test/HelloAPITest.xml', ['hello_world:11']],
        ['shop/src/test/wso2mi/GreetProxyTest.xml', ['greets_by_name:11']],
        [
          'shop/src/test/wso2mi/OrderAPITest.xml',
          ['order_in_stock:14', 'order_out_of_stock:49', 'get_order_xml:66'],
        ],
        ['shop/src/test/wso2mi/PriceSeqTest.xml', ['prices_with_properties_by_scope:18']],
      ],
    );
    const order = suites[3].cases[0];
    assert.deepEqual(order.assertions[0], {
      actual: '$body',
      message: 'the order should show the stock of the mock',
      line: 24,
    });
  });

  it('a coverage run gives each covered artifact file its mediators at their places, executed or not', async () => {
    const gift = join(FIX, 'gift-shop');
    const out = await runTestSuites({
      cliPath: await cliPath(),
      files: [join(gift, 'src/test/wso2mi/CoverAPITest.xml')],
      cwd: gift,
      coverage: true,
    });
    assert.equal(out.exitCode, 0);
    const byFile = coverageByFile(out.results);
    const art = (f: string) => join(gift, 'src/main/wso2mi/artifacts', f);
    assert.deepEqual([...byFile.keys()].sort(), [
      art('apis/CoverAPI.xml'),
      art('sequences/AuditSeq.xml'),
      art('templates/TagTpl.xml'),
    ]);
    // line and column of each mediator's element name, as the editor shows it
    assert.deepEqual(
      byFile.get(art('apis/CoverAPI.xml'))!.map((m) => `${m.line}:${m.column} ${m.executed}`),
      ['5:8 true', '7:12 true', '14:12 false', '17:8 true', '22:8 false', '26:8 false'],
    );
    assert.deepEqual(
      byFile.get(art('templates/TagTpl.xml'))!.map((m) => `${m.line}:${m.column} ${m.executed}`),
      ['5:6 true'],
    );
    // without coverage asked, no coverage comes back
    const plain = await runTestSuites({
      cliPath: await cliPath(),
      files: [join(gift, 'src/test/wso2mi/CoverAPITest.xml')],
      cwd: gift,
    });
    assert.equal(coverageByFile(plain.results).size, 0);
  });

  it('a suite that cannot be read is listed with its problem', () => {
    const e = readSuiteEntry(join(SHOP, 'src/test/broken/MalformedTest.xml'));
    assert.deepEqual(e.cases, []);
    assert.equal(e.error?.code, 'UNITTEST_XML');
    assert.deepEqual([e.error?.line, e.error?.column], [9, 8]);
  });

  it('runs suites through synapse test and reports each case, failures at their assertion lines', async () => {
    const files = [
      join(SHOP, 'src/test/wso2mi/GreetProxyTest.xml'),
      join(SHOP, 'src/test/failing/SeqFailTest.xml'),
      join(SHOP, 'src/test/failing/RejectSeqTest.xml'),
      join(SHOP, 'src/test/broken/MalformedTest.xml'),
    ];
    const stderr: string[] = [];
    const out = await runTestSuites({
      cliPath: await cliPath(),
      files,
      cwd: ROOT,
      onStderr: (l) => stderr.push(l),
    });
    assert.equal(out.exitCode, 2);
    assert.deepEqual(
      out.loadErrors.map((e) => [e.file, e.line, e.column, e.code]),
      [[files[3], 9, 8, 'UNITTEST_XML']],
    );
    assert.ok(stderr.some((l) => l.includes('UNITTEST_XML')));
    const [greet, seq, reject] = out.results;
    const greetEntry = readSuiteEntry(files[0]);
    assert.deepEqual(caseOutcome(greet, greetEntry.cases[0], 'greets_by_name').state, 'passed');

    const seqEntry = readSuiteEntry(files[1]);
    const wrong = caseOutcome(seq, seqEntry.cases[0], 'wrong_total');
    assert.equal(wrong.state, 'failed');
    assert.deepEqual(wrong.state === 'failed' && wrong.messages.map((m) => [m.line, m.expected, m.actual]), [
      [16, '13', '12'],
      [21, '200', 'Received assert expression: $statusCode is not a valid operation type for sequences'],
      [26, undefined, 'null'],
    ]);
    assert.equal(
      wrong.state === 'failed' && wrong.messages[0].text,
      'assertEquals $ctx:total: total should be 13',
    );
    assert.equal(caseOutcome(seq, seqEntry.cases[1], 'passes_anyway').state, 'passed');

    const rejected = caseOutcome(reject, readSuiteEntry(files[2]).cases[0], 'mediation_fails');
    assert.equal(rejected.state, 'errored');
    assert.match(
      rejected.messages[0].text,
      /^mediation failed: Sequence mediation failed: orders are closed today/,
    );
  });

  it('a suite whose deployment failed errors each case with the reason', async () => {
    const file = join(SHOP, 'src/test/broken/MissingArtifactTest.xml');
    const out = await runTestSuites({ cliPath: await cliPath(), files: [file], cwd: ROOT });
    assert.equal(out.exitCode, 1);
    const o = caseOutcome(out.results[0], undefined, 'never_runs');
    assert.equal(o.state, 'errored');
    assert.match(o.messages[0].text, /^deployment FAILED: .*\n.*UNITTEST_ARTIFACT_MISSING/);
  });

  it('cancelling a run kills the process', async () => {
    const abort = new AbortController();
    const p = runTestSuites({
      cliPath: await cliPath(),
      files: [join(SHOP, 'src/test/wso2mi/OrderAPITest.xml')],
      cwd: ROOT,
      signal: abort.signal,
    });
    abort.abort();
    await assert.rejects(p, /the test run was cancelled/);
  });

  it('the runner is its own bundle: dist/extension.js does not carry it', () => {
    const out = tempDir('testing-bundles');
    try {
      const r = spawnSync(
        process.execPath,
        [join(ROOT, 'scripts', 'build.mjs'), '--outdir', out, '--no-sourcemap'],
        {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      assert.equal(r.status, 0, r.stderr || r.stdout);
      const main = readFileSync(join(out, 'extension.js'), 'utf8');
      assert.ok(!main.includes('runtime-debug/unittest/'), 'the unit-test code is bundled into extension.js');
      assert.ok(main.includes('require("./extension-testing.js")'));
      assert.ok(existsSync(join(out, 'extension-testing.js')));
      const core = createRequire(__filename)(
        join(out, 'extension-testing.js'),
      ) as typeof import('../../client/testing-core');
      assert.equal(core.discoverTestSuites([join(FIX, 'is-project')]).length, 1);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
