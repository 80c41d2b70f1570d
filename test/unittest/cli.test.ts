import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseXml } from '../../core/xml/parse';
import type { SuiteResult } from '../../runtime-debug/unittest';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const SHOP = 'test/fixtures/unittest/shop';
const FAILING = `${SHOP}/src/test/failing`;
const BROKEN = `${SHOP}/src/test/broken`;
/** The port the shop's InventoryMock declares. */
const MOCK_PORT = 47811;

function synapse(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const p = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, timeout: 30_000 });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (c) => (stdout += c));
    p.stderr.on('data', (c) => (stderr += c));
    p.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
}

describe('synapse test (CLI as a process)', function () {
  this.timeout(30_000);

  it('a case with request-protocol https is sent to the runtime over TLS', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'synapse-unittest-https-'));
    try {
      cpSync(join(ROOT, 'test/fixtures/unittest/gift-shop'), tmp, { recursive: true });
      const suite = join(tmp, 'src/test/wso2mi/CoverAPITest.xml');
      const text = readFileSync(suite, 'utf8').replace(
        '<test-cases>',
        `<test-cases>
    <test-case name="order_by_id_over_https">
      <input>
        <request-path>/42</request-path>
        <request-method>GET</request-method>
        <request-protocol>https</request-protocol>
      </input>
      <assertions>
        <assertEquals><actual>$body</actual><expected>{"id": "42", "in": "https"}</expected><message>the id comes back</message></assertEquals>
      </assertions>
    </test-case>`,
      );
      writeFileSync(suite, text);
      // the copy's GET resource says which listener took the request
      const apiFile = join(tmp, 'src/main/wso2mi/artifacts/apis/CoverAPI.xml');
      writeFileSync(
        apiFile,
        readFileSync(apiFile, 'utf8')
          .replace('{"id": "$1"}', '{"id": "$1", "in": "$2"}')
          .replace(
            '<arg expression="get-property(\'uri.var.id\')"/>',
            '<arg expression="get-property(\'uri.var.id\')"/><arg expression="get-property(\'TRANSPORT_IN_NAME\')"/>',
          ),
      );
      const r = await synapse(['test', suite, '--format', 'json']);
      assert.equal(r.code, 0, r.stdout + r.stderr);
      const [res] = JSON.parse(r.stdout) as SuiteResult[];
      assert.deepEqual(
        res.testCases.map((c) => [c.testCaseName, c.assertionStatus]),
        [
          ['order_by_id_over_https', 'PASSED'],
          ['gift_order_is_tagged', 'PASSED'],
        ],
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('--coverage reports the mediators that ran, per artifact, with the referenced sequence and template', async () => {
    const dir = 'test/fixtures/unittest/gift-shop';
    const text = await synapse(['test', dir, '--coverage']);
    assert.equal(text.code, 0, text.stdout + text.stderr);
    const lines = text.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(2, -1), [
      '  coverage API:CoverAPI with Template:TagTpl, Sequence:AuditSeq: 4/9 mediators (44.44%)',
      '    not run: api:CoverAPI/POST[/]/in/1.Filter/else/1.Log',
      '    not run: api:CoverAPI/GET[/{id}]/in/1.PayloadFactory',
      '    not run: api:CoverAPI/GET[/{id}]/in/2.Respond',
      '  coverage Sequence:AuditSeq: 0/2 mediators (0.00%)',
      '    not run: sequence:AuditSeq/1.Log',
      '    not run: sequence:AuditSeq/2.Property[audited]',
      '  coverage Template:TagTpl: 1/1 mediators (100.00%)',
    ]);
    const json = await synapse(['test', dir, '--coverage', '--format', 'json']);
    const [suite] = JSON.parse(json.stdout) as SuiteResult[];
    const c = suite.coverage!;
    assert.deepEqual(Object.keys(c), ['primaryArtifact', 'supportingArtifacts']);
    assert.deepEqual(
      c.primaryArtifact!.mediatorDetails.map(({ mediatorId, executed }) => ({ mediatorId, executed })),
      [
        { mediatorId: 'api:CoverAPI/POST[/]/in/1.Filter', executed: true },
        { mediatorId: 'api:CoverAPI/POST[/]/in/1.Filter/then/1.Property[tag]', executed: true },
        { mediatorId: 'api:CoverAPI/POST[/]/in/1.Filter/else/1.Log', executed: false },
        { mediatorId: 'api:CoverAPI/POST[/]/in/2.Respond', executed: true },
        { mediatorId: 'api:CoverAPI/GET[/{id}]/in/1.PayloadFactory', executed: false },
        { mediatorId: 'api:CoverAPI/GET[/{id}]/in/2.Respond', executed: false },
      ],
    );
    // each mediator says where it is (the element name of <filter> on line 5)
    const first = c.primaryArtifact!.mediatorDetails[0];
    assert.deepEqual(
      [first.file, first.line, first.column],
      [join(ROOT, dir, 'src/main/wso2mi/artifacts/apis/CoverAPI.xml'), 5, 8],
    );
    assert.deepEqual(
      [
        c.primaryArtifact!.executedMediators,
        c.primaryArtifact!.totalMediators,
        c.primaryArtifact!.coveragePercentage,
      ],
      [4, 9, '44.44'],
    );
    assert.deepEqual(c.primaryArtifact!.referencedArtifacts, ['Template:TagTpl', 'Sequence:AuditSeq']);
    assert.deepEqual(
      c.supportingArtifacts.map((a) => [
        a.artifactType,
        a.artifactName,
        a.executedMediators,
        a.totalMediators,
      ]),
      [
        ['Sequence', 'AuditSeq', 0, 2],
        ['Template', 'TagTpl', 1, 1],
      ],
    );
    // without the option, no coverage is recorded
    const plain = await synapse(['test', dir, '--format', 'json']);
    assert.equal((JSON.parse(plain.stdout) as SuiteResult[])[0].coverage, undefined);
  });

  it('runs every suite of a project (API with a mock service, proxy, sequence) and exits 0 when all pass', async () => {
    const r = await synapse(['test', SHOP]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(
      lines[0],
      /^PASS GreetProxyTest \(test\/fixtures\/unittest\/shop\/src\/test\/wso2mi\/GreetProxyTest\.xml\) \d+ ms$/,
    );
    for (const name of [
      'order_in_stock',
      'order_out_of_stock',
      'get_order_xml',
      'greets_by_name',
      'prices_with_properties_by_scope',
    ])
      assert.ok(
        lines.some((l) => new RegExp(`^  ok   ${name} \\(\\d+ ms\\)$`).test(l)),
        `${name} in\n${r.stdout}`,
      );
    assert.equal(lines.at(-1), '3 suites, 5 test cases: 5 passed, 0 failed');
    // the mock service is stopped afterwards
    assert.equal(await portFree(MOCK_PORT), true);
  });

  it('prints MI-shaped JSON with --format json', async () => {
    const r = await synapse(['test', `${SHOP}/src/test/wso2mi/OrderAPITest.xml`, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const [suite] = JSON.parse(r.stdout) as SuiteResult[];
    assert.equal(suite.suite, 'OrderAPITest');
    assert.equal(suite.deploymentStatus, 'PASSED');
    assert.equal(suite.deploymentException, null);
    assert.equal(suite.mediationStatus, 'PASSED');
    assert.deepEqual(
      suite.testCases.map((c) => [
        c.testCaseName,
        c.mediationStatus,
        c.assertionStatus,
        'failureAssertions' in c,
      ]),
      [
        ['order_in_stock', 'PASSED', 'PASSED', false],
        ['order_out_of_stock', 'PASSED', 'PASSED', false],
        ['get_order_xml', 'PASSED', 'PASSED', false],
      ],
    );
  });

  it('reports failing assertions of an API test with MI messages and exits 1', async () => {
    const r = await synapse(['test', `${FAILING}/OrderAPIFailTest.xml`, '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const [suite] = JSON.parse(r.stdout) as SuiteResult[];
    const [wrong, xml, missing] = suite.testCases;
    assert.equal(wrong.assertionStatus, 'FAILED');
    const f = wrong.failureAssertions!;
    assert.deepEqual(
      f.map((a) => [a.assertionType, a.assertionExpression, a.expected, a.actual, a.message]),
      [
        [
          'assertEquals',
          '$body',
          '{"available":99.0,"item":"pencil","order":7.0}',
          '{"available":12.0,"item":"pencil","order":7.0}',
          'stock should be 99',
        ],
        ['assertEquals', '$statusCode', '201', '200', 'created expected'],
        [
          'assertEquals',
          '$ctx:orderId',
          '7',
          'Received assert expression: $ctx:orderId is not a valid operation type for services',
          'context properties are not readable in API tests',
        ],
        ['assertNotNull', '$trp:X-Missing', null, 'null', 'no such header'],
      ],
    );
    assert.match(
      f[3].assertionDescription!,
      /^Tested service url - POST: http:\/\/127\.0\.0\.1:\d+\/orders\nReceived status code - 200$/,
    );
    assert.deepEqual(
      [xml.failureAssertions![0].expected, xml.failureAssertions![0].actual],
      [
        '<orderid="42"status="closed"><linescount="0"/></order>',
        '<orderid="42"status="open"><linescount="0"/></order>',
      ],
    );
    assert.equal(missing.failureAssertions![0].actual, '405');
  });

  it('text output shows each failure under its case', async () => {
    const r = await synapse(['test', `${FAILING}/SeqFailTest.xml`]);
    assert.equal(r.code, 1);
    assert.ok(r.stdout.includes(['  FAIL wrong_total'].join('\n')), r.stdout);
    assert.ok(
      r.stdout.includes(
        [
          '      assertEquals $ctx:total: total should be 13',
          '        expected: 13',
          '        actual:   12',
          '      assertEquals $statusCode: no status code for sequences',
          '        expected: 200',
          '        actual:   Received assert expression: $statusCode is not a valid operation type for sequences',
          '      assertNotNull $ctx:nothing: nothing is not set',
          '        actual:   null',
        ].join('\n'),
      ),
      r.stdout,
    );
    assert.match(r.stdout, /^  ok   passes_anyway \(\d+ ms\)$/m);
    assert.match(r.stdout, /1 suite, 2 test cases: 1 passed, 1 failed \(1 suite not passing\)\n$/);
  });

  it('a sequence that faults fails its mediation with the error and where it happened', async () => {
    const r = await synapse(['test', `${FAILING}/RejectSeqTest.xml`, '--format', 'json']);
    assert.equal(r.code, 1);
    const [suite] = JSON.parse(r.stdout) as SuiteResult[];
    assert.equal(suite.testCases[0].mediationStatus, 'FAILED');
    assert.equal(suite.testCases[0].assertionStatus, null);
    assert.match(
      suite.testCases[0].exception!,
      /^Sequence mediation failed: orders are closed today \(.*RejectSeq\.xml:4\)$/,
    );
  });

  it('--verbose prints the runtime log lines on standard error', async () => {
    const r = await synapse(['test', `${FAILING}/RejectSeqTest.xml`, '--verbose']);
    assert.equal(r.code, 1);
    // a sequence under test runs a message no API, proxy or inbound endpoint named: MI's log line has no {artifact}
    assert.match(r.stderr, /INFO \{LogMediator\} - step = rejecting/);
    const quiet = await synapse(['test', `${FAILING}/RejectSeqTest.xml`]);
    assert.equal(quiet.stderr, '');
  });

  it('writes JUnit XML with --out and still prints the summary', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'synapse-unittest-'));
    try {
      const out = join(tmp, 'report.xml');
      const r = await synapse([
        'test',
        `${FAILING}/SeqFailTest.xml`,
        `${BROKEN}/MissingArtifactTest.xml`,
        '--format',
        'junit',
        '--out',
        out,
      ]);
      assert.equal(r.code, 1);
      assert.match(r.stdout, /2 suites, 2 test cases: 1 passed, 1 failed/);
      const xml = readFileSync(out, 'utf8');
      const doc = parseXml(xml);
      assert.deepEqual(doc.problems, []);
      const root = doc.root!;
      const at = (el: typeof root, n: string) => el.attributes.find((a) => a.name === n)?.value;
      assert.equal(root.name, 'testsuites');
      assert.deepEqual([at(root, 'tests'), at(root, 'failures'), at(root, 'errors')], ['3', '1', '1']);
      const suites = root.children.filter((c) => c.kind === 'element');
      assert.deepEqual(
        suites.map((s) => at(s, 'name')),
        ['SeqFailTest', 'MissingArtifactTest'],
      );
      assert.match(xml, /<failure message="total should be 13" type="assertEquals">/);
      assert.match(
        xml,
        /<error message="deployment FAILED: an artifact of the suite could not be read" type="deployment">.*UNITTEST_ARTIFACT_MISSING/,
      );
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a missing artifact fails the deployment with file, line and code', async () => {
    const r = await synapse(['test', `${BROKEN}/MissingArtifactTest.xml`, '--format', 'json']);
    assert.equal(r.code, 1);
    const [suite] = JSON.parse(r.stdout) as SuiteResult[];
    assert.equal(suite.deploymentStatus, 'FAILED');
    assert.deepEqual(suite.testCases, []);
    assert.match(
      suite.deploymentException!,
      /MissingArtifactTest\.xml:4:8 UNITTEST_ARTIFACT_MISSING test artifact 'src\/main\/wso2mi\/artifacts\/apis\/NoSuchAPI\.xml' not found/,
    );
  });

  it('a malformed suite, a DOCTYPE and a bad value are load errors: file:line:col CODE, exit 2', async () => {
    const r = await synapse([
      'test',
      `${BROKEN}/MalformedTest.xml`,
      `${BROKEN}/DoctypeTest.xml`,
      `${BROKEN}/BadMethodTest.xml`,
    ]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 3, r.stderr);
    assert.match(
      lines[0],
      /^test\/fixtures\/unittest\/shop\/src\/test\/broken\/MalformedTest\.xml:9:8 UNITTEST_XML Element '<input>' is not closed/,
    );
    assert.match(
      lines[1],
      /^test\/fixtures\/unittest\/shop\/src\/test\/broken\/DoctypeTest\.xml:2:1 UNITTEST_XML DOCTYPE declarations are not allowed/,
    );
    assert.equal(
      lines[2],
      "test/fixtures/unittest/shop/src/test/broken/BadMethodTest.xml:10:10 UNITTEST_VALUE request-method 'FETCH' is not one of GET, POST, PUT, DELETE, PATCH, OPTIONS, HEAD",
    );
  });

  it('a path leading outside the project is refused', async () => {
    const r = await synapse(['test', `${BROKEN}/OutsideTest.xml`, '--format', 'json']);
    assert.equal(r.code, 1);
    const [suite] = JSON.parse(r.stdout) as SuiteResult[];
    assert.match(
      suite.deploymentException!,
      /OutsideTest\.xml:4:8 UNITTEST_PATH_OUTSIDE .*leads outside the project/,
    );
  });

  describe('with the mock port in use', () => {
    let blocker: Server;
    before((done) => {
      blocker = createServer((s) => s.destroy());
      blocker.listen(MOCK_PORT, '127.0.0.1', () => done());
    });
    after((done) => {
      blocker.close(() => done());
    });

    it('skips the suite with an error naming the mock and the port, and runs the others', async () => {
      const r = await synapse(['test', SHOP, '--format', 'json']);
      assert.equal(r.code, 1);
      const results = JSON.parse(r.stdout) as SuiteResult[];
      const order = results.find((s) => s.suite === 'OrderAPITest')!;
      assert.equal(order.deploymentStatus, 'SKIPPED');
      assert.match(
        order.deploymentException!,
        /InventoryMock\.xml:3:1 UNITTEST_MOCK_PORT mock service 'InventoryEP' cannot listen on port 47811: the port is in use$/,
      );
      assert.deepEqual(
        results
          .filter((s) => s.suite !== 'OrderAPITest')
          .map((s) => [
            s.suite,
            s.deploymentStatus,
            s.testCases.every((c) => c.assertionStatus === 'PASSED'),
          ]),
        [
          ['GreetProxyTest', 'PASSED', true],
          ['PriceSeqTest', 'PASSED', true],
        ],
      );
    });
  });

  it('runs a suite of the Integration Studio layout (paths relative to the ESB configs module)', async () => {
    const r = await synapse(['test', 'test/fixtures/unittest/is-project']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^PASS HelloAPITest /);
    assert.match(r.stdout, /1 suite, 1 test case: 1 passed, 0 failed/);
  });

  it('the suites folder itself can be given: paths are still relative to the project above it', async () => {
    const r = await synapse(['test', `${SHOP}/src/test/wso2mi`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /3 suites, 5 test cases: 5 passed, 0 failed/);
  });

  it('bad usage exits 2', async () => {
    const r = await synapse(['test', SHOP, '--format', 'xml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--format must be text, json or junit, not 'xml'/);
    const r2 = await synapse(['test', 'no/such/dir']);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /no such file or folder/);
  });
});
