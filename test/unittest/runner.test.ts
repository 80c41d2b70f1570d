import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  formatText,
  inputFormat,
  registryKeys,
  resolveSuitePath,
  rewriteEndpoints,
  runSuiteFile,
  startMockServices,
  UnitTestError,
  type MockService,
} from '../../runtime-debug/unittest';
import { freePort } from '../support';

function portFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const s = createServer();
    s.once('error', () => done(false));
    s.listen(port, '127.0.0.1', () => s.close(() => done(true)));
  });
}

const mock = (port: number): MockService => ({
  file: 'Mock.xml',
  serviceName: 'Ep',
  port,
  portLine: 3,
  context: '/svc',
  resources: [
    {
      subContext: '/items?kind=a',
      method: 'POST',
      request: { payload: '<q><id>1</id></q>', headers: [['X-Key', 'k1']] },
      response: { status: 201, payload: '{"ok":true}', headers: [['Content-Type', 'application/json']] },
    },
    { subContext: '/items', method: 'GET', response: { status: 200, payload: 'list', headers: [] } },
  ],
});

describe('unit-test runner pieces (in-process)', function () {
  this.timeout(20_000);

  describe('mock services', () => {
    it('answer a request that matches path, query, method, payload and headers; 404 otherwise; then close', async () => {
      const port = await freePort();
      const mocks = await startMockServices([mock(port)]);
      try {
        const base = `http://127.0.0.1:${port}/svc/items`;
        const ok = await fetch(`${base}?kind=a`, {
          method: 'POST',
          headers: { 'X-Key': 'k1' },
          body: '<q>\n  <id>1</id>\n</q>',
        });
        assert.equal(ok.status, 201);
        assert.equal(ok.headers.get('content-type'), 'application/json');
        assert.equal(await ok.text(), '{"ok":true}');
        const wrongPayload = await fetch(`${base}?kind=a`, {
          method: 'POST',
          headers: { 'X-Key': 'k1' },
          body: '<q><id>2</id></q>',
        });
        assert.equal(wrongPayload.status, 404);
        const wrongHeader = await fetch(`${base}?kind=a`, {
          method: 'POST',
          headers: { 'X-Key': 'k2' },
          body: '<q><id>1</id></q>',
        });
        assert.equal(wrongHeader.status, 404);
        const noQuery = await fetch(base, {
          method: 'POST',
          headers: { 'X-Key': 'k1' },
          body: '<q><id>1</id></q>',
        });
        assert.equal(noQuery.status, 404);
        const get = await fetch(`${base}/`);
        assert.equal([get.status, await get.text()].join(' '), '200 list');
        assert.equal((await fetch(`http://127.0.0.1:${port}/other`)).status, 404);
        assert.deepEqual(
          mocks.misses.map((m) => `${m.method} ${m.url}`),
          ['POST /svc/items?kind=a', 'POST /svc/items?kind=a', 'POST /svc/items', 'GET /other'],
        );
      } finally {
        await mocks.close();
      }
      assert.equal(await portFree(port), true);
    });

    it('a busy port is an error naming the mock and the port, and the mocks already started are closed', async () => {
      const [p1, p2] = [await freePort(), await freePort()];
      const blocker = createServer();
      await new Promise<void>((r) => blocker.listen(p2, '127.0.0.1', () => r()));
      try {
        await assert.rejects(
          startMockServices([mock(p1), { ...mock(p2), serviceName: 'Other', file: 'Other.xml' }]),
          (e: unknown) =>
            e instanceof UnitTestError &&
            e.format() ===
              `Other.xml:3:1 UNITTEST_MOCK_PORT mock service 'Other' cannot listen on port ${p2}: the port is in use`,
        );
        assert.equal(await portFree(p1), true);
      } finally {
        await new Promise((r) => blocker.close(r));
      }
    });
  });

  it('rewrites the endpoints a mock replaces (address, http uri-template, template uri, nested leaves)', () => {
    const text = `<api xmlns="http://ws.apache.org/ns/synapse" name="A" context="/a"><resource methods="GET"><inSequence>
<call><endpoint name="Ep"><address uri="https://real.example.com:8443/svc/items?x=1&amp;y=2"/></endpoint></call>
<call><endpoint name="Ep"><http method="get" uri-template="http://real.example.com/svc/{uri.var.id}"/></endpoint></call>
<call><endpoint><failover><endpoint name="Ep"><address uri="http://a.example.com/svc"/></endpoint><endpoint name="Keep"><address uri="http://b.example.com/x"/></endpoint></failover></endpoint></call>
<call><endpoint name="Ep" template="T" uri="http://c.example.com/svc"/></call>
<call><endpoint name="Ep"><http uri-template="{uri.var.base}/svc"/></endpoint></call>
</inSequence></resource></api>`;
    const { text: out, rewrites } = rewriteEndpoints(text, new Map([['Ep', 9123]]));
    assert.ok(out.includes('uri="http://127.0.0.1:9123/svc/items?x=1&amp;y=2"'), out);
    assert.ok(out.includes('uri-template="http://127.0.0.1:9123/svc/{uri.var.id}"'));
    assert.ok(out.includes('<address uri="http://127.0.0.1:9123/svc"/>'));
    assert.ok(out.includes('<address uri="http://b.example.com/x"/>'), 'another endpoint is left alone');
    assert.ok(out.includes('template="T" uri="http://127.0.0.1:9123/svc"'));
    assert.ok(out.includes('uri-template="{uri.var.base}/svc"'), 'a dynamic uri is left alone');
    assert.equal(rewrites.length, 4);
    assert.deepEqual(rewrites[0], {
      endpoint: 'Ep',
      from: 'https://real.example.com:8443/svc/items?x=1&y=2',
      to: 'http://127.0.0.1:9123/svc/items?x=1&amp;y=2',
    });
  });

  it('an HTTP connector connection is pointed at the mock of <name>_INTERNAL_ENDPOINT_REFERENCE (its baseUrl)', () => {
    const text = `<localEntry xmlns="http://ws.apache.org/ns/synapse" key="Crm"><http.init><connectionType>HTTP</connectionType><baseUrl>https://crm.example.com:8443/v2</baseUrl><name>Crm</name></http.init></localEntry>`;
    const { text: out, rewrites } = rewriteEndpoints(
      text,
      new Map([['Crm_INTERNAL_ENDPOINT_REFERENCE', 9124]]),
    );
    assert.ok(out.includes('<baseUrl>http://127.0.0.1:9124/v2</baseUrl>'), out);
    assert.deepEqual(rewrites, [
      {
        endpoint: 'Crm_INTERNAL_ENDPOINT_REFERENCE',
        from: 'https://crm.example.com:8443/v2',
        to: 'http://127.0.0.1:9124/v2',
      },
    ]);
    // another connection, or a mock of another name, leaves it alone
    assert.equal(rewriteEndpoints(text, new Map([['Other', 9124]])).text, text);
  });

  it('a sequence input is XML, else a JSON object, else text (as MI tells them apart)', () => {
    assert.deepEqual(inputFormat('  <?xml version="1.0"?><a>1</a> '), {
      format: 'XML',
      text: '<?xml version="1.0"?><a>1</a>',
    });
    assert.deepEqual(inputFormat('<![CDATA[{"a": 1}]]>'), { format: 'JSON', text: '{"a": 1}' });
    assert.equal(inputFormat('[1, 2]').format, 'TEXT');
    assert.equal(inputFormat('<a>unclosed').format, 'TEXT');
    assert.equal(inputFormat('hello').format, 'TEXT');
  });

  it('registry resources are found by gov:/conf: keys', () => {
    assert.deepEqual(registryKeys('/_system/governance/xslt', 'a.xsl'), [
      'gov:xslt/a.xsl',
      'gov:/xslt/a.xsl',
    ]);
    assert.deepEqual(registryKeys('/_system/config/', 'c.json'), ['conf:c.json', 'conf:/c.json']);
    assert.deepEqual(registryKeys('/_system/governance/mi-resources/js', 's.js'), [
      'gov:mi-resources/js/s.js',
      'gov:/mi-resources/js/s.js',
      'resources:js/s.js',
    ]);
  });

  describe('a suite in a temporary project', () => {
    let root: string;
    const write = (rel: string, text: string) => {
      mkdirSync(dirname(join(root, rel)), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'synapse unittest ü '));
      write('pom.xml', '<project><artifactId>tmp</artifactId></project>');
      write(
        'src/main/wso2mi/artifacts/apis/Api.xml',
        `<api xmlns="http://ws.apache.org/ns/synapse" name="Api" context="/api"><resource methods="GET"><inSequence>
<call><endpoint key="BackEP"/></call><respond/></inSequence></resource></api>`,
      );
      write(
        'src/main/wso2mi/artifacts/apis/Broken.xml',
        '<api xmlns="http://ws.apache.org/ns/synapse" name="Broken" context="/b"><resource methods="GET"><inSequence><respond></inSequence></resource></api>',
      );
      write(
        'src/main/wso2mi/artifacts/endpoints/BackEP.xml',
        '<endpoint xmlns="http://ws.apache.org/ns/synapse" name="BackEP"><address uri="http://backend.invalid/data"/></endpoint>',
      );
      write(
        'src/main/wso2mi/artifacts/sequences/Seq.xml',
        '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Seq"><property name="w" expression="get-property(\'registry\', \'gov:t/w.txt\')"/></sequence>',
      );
      write('src/main/wso2mi/resources/registry/gov/t/w.txt', 'from the registry');
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    const suite = (artifact: string, extra: string, cases: string) =>
      `<unit-test><artifacts><test-artifact><artifact>${artifact}</artifact></test-artifact>${extra}</artifacts><test-cases>${cases}</test-cases><mock-services><m>src/test/resources/mock-services/Back.xml</m></mock-services></unit-test>`;

    it('the API calls the mock through the rewritten endpoint; the mock is closed afterwards', async () => {
      const port = await freePort();
      write(
        'src/test/resources/mock-services/Back.xml',
        `<mock-service><service-name>BackEP</service-name><port>${port}</port><context>/</context><resources><resource><sub-context>/data</sub-context><method>GET</method><response><status-code>200</status-code><payload>{"v": [1, 2]}</payload><headers><header name="Content-Type" value="application/json"/></headers></response></resource></resources></mock-service>`,
      );
      write(
        'src/test/wso2mi/ApiTest.xml',
        suite(
          'src/main/wso2mi/artifacts/apis/Api.xml',
          '<supportive-artifacts><artifact>src/main/wso2mi/artifacts/endpoints/BackEP.xml</artifact></supportive-artifacts>',
          '<test-case name="t"><input><request-method>GET</request-method></input><assertions><assertEquals><actual>$body</actual><expected>{"v":[1.0,2.0]}</expected><message>m</message></assertEquals><assertEquals><actual>$trp:Content-Type</actual><expected>application/json</expected><message>ct</message></assertEquals></assertions></test-case>',
        ),
      );
      const r = await runSuiteFile(join(root, 'src/test/wso2mi/ApiTest.xml'));
      assert.equal(r.deploymentStatus, 'PASSED', String(r.deploymentException));
      assert.deepEqual(
        r.testCases.map((c) => [c.mediationStatus, c.assertionStatus, c.failureAssertions]),
        [['PASSED', 'PASSED', undefined]],
      );
      assert.equal(await portFree(port), true);
    });

    it('an HTTP connector operation calls the mock of its connection (<name>_INTERNAL_ENDPOINT_REFERENCE)', async () => {
      const port = await freePort();
      write(
        'src/main/wso2mi/artifacts/local-entries/Crm.xml',
        '<localEntry xmlns="http://ws.apache.org/ns/synapse" key="Crm"><http.init><connectionType>HTTP</connectionType><baseUrl>http://crm.invalid/v2</baseUrl><authType>None</authType><name>Crm</name></http.init></localEntry>',
      );
      write(
        'src/main/wso2mi/artifacts/apis/CrmApi.xml',
        '<api xmlns="http://ws.apache.org/ns/synapse" name="CrmApi" context="/crm"><resource methods="GET"><inSequence><http.get configKey="Crm"><relativePath>/accounts</relativePath><headers>[]</headers></http.get><respond/></inSequence></resource></api>',
      );
      write(
        'src/test/resources/mock-services/Back.xml',
        `<mock-service><service-name>Crm_INTERNAL_ENDPOINT_REFERENCE</service-name><port>${port}</port><context>/v2</context><resources><resource><sub-context>/accounts</sub-context><method>GET</method><response><status-code>200</status-code><payload>{"accounts": ["a1"]}</payload><headers><header name="Content-Type" value="application/json"/></headers></response></resource></resources></mock-service>`,
      );
      write(
        'src/test/wso2mi/CrmTest.xml',
        suite(
          'src/main/wso2mi/artifacts/apis/CrmApi.xml',
          '<supportive-artifacts><artifact>src/main/wso2mi/artifacts/local-entries/Crm.xml</artifact></supportive-artifacts>',
          '<test-case name="t"><input><request-method>GET</request-method></input><assertions><assertEquals><actual>$body</actual><expected>{"accounts":["a1"]}</expected><message>m</message></assertEquals></assertions></test-case>',
        ),
      );
      const r = await runSuiteFile(join(root, 'src/test/wso2mi/CrmTest.xml'));
      assert.equal(r.deploymentStatus, 'PASSED', String(r.deploymentException));
      assert.deepEqual(
        r.testCases.map((c) => [c.mediationStatus, c.assertionStatus, c.failureAssertions]),
        [['PASSED', 'PASSED', undefined]],
      );
    });

    it('a call the mock has no resource for gets 404 and is named in the result', async () => {
      const port = await freePort();
      write(
        'src/test/resources/mock-services/Back.xml',
        `<mock-service><service-name>BackEP</service-name><port>${port}</port><context>/elsewhere</context><resources><resource><sub-context>/data</sub-context><response/></resource></resources></mock-service>`,
      );
      write(
        'src/test/wso2mi/MissTest.xml',
        suite(
          'src/main/wso2mi/artifacts/apis/Api.xml',
          '<supportive-artifacts><artifact>src/main/wso2mi/artifacts/endpoints/BackEP.xml</artifact></supportive-artifacts>',
          '<test-case name="t"><input><request-method>GET</request-method></input><assertions><assertEquals><actual>$statusCode</actual><expected>200</expected><message>m</message></assertEquals></assertions></test-case>',
        ),
      );
      const r = await runSuiteFile(join(root, 'src/test/wso2mi/MissTest.xml'));
      assert.equal(r.testCases[0].failureAssertions![0].actual, '404');
      assert.deepEqual(r.mockMisses, ["mock service 'BackEP' has no resource for GET /data"]);
      assert.match(formatText([r]), /^  note: mock service 'BackEP' has no resource for GET \/data$/m);
    });

    it('a test artifact that does not deploy fails the deployment with its problems; nothing is left listening', async () => {
      const port = await freePort();
      write(
        'src/test/resources/mock-services/Back.xml',
        `<mock-service><service-name>BackEP</service-name><port>${port}</port><resources><resource><response/></resource></resources></mock-service>`,
      );
      write('src/test/wso2mi/BrokenTest.xml', suite('src/main/wso2mi/artifacts/apis/Broken.xml', '', ''));
      const r = await runSuiteFile(join(root, 'src/test/wso2mi/BrokenTest.xml'));
      assert.equal(r.deploymentStatus, 'FAILED');
      assert.equal(r.deploymentDescription, 'test artifact deployment failed');
      assert.match(r.deploymentException!, /Broken\.xml:1:\d+ \w+/);
      assert.equal(await portFree(port), true);
    });

    it('registry resources of the suite are readable by key; without them the property is absent', async () => {
      const port = await freePort();
      write(
        'src/test/resources/mock-services/Back.xml',
        `<mock-service><service-name>Unused</service-name><port>${port}</port><resources><resource><response/></resource></resources></mock-service>`,
      );
      const reg =
        '<registry-resources><registry-resource><file-name>w.txt</file-name><artifact>src/main/wso2mi/resources/registry/gov/t/w.txt</artifact><registry-path>/_system/governance/t</registry-path><media-type>text/plain</media-type></registry-resource></registry-resources>';
      const cases =
        '<test-case name="t"><input><payload>{"a":1}</payload></input><assertions><assertEquals><actual>$ctx:w</actual><expected>from the registry</expected><message>m</message></assertEquals></assertions></test-case>';
      write('src/test/wso2mi/RegTest.xml', suite('src/main/wso2mi/artifacts/sequences/Seq.xml', reg, cases));
      write('src/test/wso2mi/NoRegTest.xml', suite('src/main/wso2mi/artifacts/sequences/Seq.xml', '', cases));
      const withReg = await runSuiteFile(join(root, 'src/test/wso2mi/RegTest.xml'));
      assert.equal(withReg.testCases[0].assertionStatus, 'PASSED', JSON.stringify(withReg));
      const without = await runSuiteFile(join(root, 'src/test/wso2mi/NoRegTest.xml'));
      assert.equal(without.testCases[0].assertionStatus, 'FAILED');
      // the property mediator sets what the expression gives: an empty string
      assert.equal(without.testCases[0].failureAssertions![0].actual, '');
    });

    it('paths resolve against the project root, then the folders above the suite', () => {
      const suiteFile = join(root, 'src/test/wso2mi/ApiTest.xml');
      assert.equal(
        resolveSuitePath(
          { path: 'src/main/wso2mi/artifacts/apis/Api.xml', line: 1, column: 1 },
          suiteFile,
          root,
          'x',
        ),
        join(root, 'src/main/wso2mi/artifacts/apis/Api.xml'),
      );
      assert.equal(
        resolveSuitePath({ path: 'ApiTest.xml', line: 1, column: 1 }, suiteFile, root, 'x'),
        suiteFile,
      );
      assert.throws(
        () => resolveSuitePath({ path: 'nope.xml', line: 4, column: 8 }, suiteFile, root, 'test artifact'),
        (e: unknown) => e instanceof UnitTestError && e.code === 'UNITTEST_ARTIFACT_MISSING' && e.line === 4,
      );
    });
  });
});
