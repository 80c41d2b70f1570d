import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMockService, parseSuite, UnitTestError } from '../../runtime-debug/unittest';

const CORPUS = '/work/shared/corpus';

function thrown(f: () => unknown): UnitTestError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof UnitTestError, String(e));
    return e;
  }
  assert.fail('expected a UnitTestError');
}

describe('unit-test suite and mock service parsing', () => {
  it('every unit-test suite and mock service of the corpus parses without an error', function () {
    if (!existsSync(CORPUS)) {
      console.log(`note: ${CORPUS} is absent; corpus test skipped`);
      this.skip();
    }
    const files = readdirSync(CORPUS).filter((f) => /^unit-test(-mock)?__.*\.xml$/.test(f));
    assert.ok(files.length >= 2, files.join());
    for (const f of files) {
      const text = readFileSync(join(CORPUS, f), 'utf8');
      if (f.startsWith('unit-test-mock__')) {
        const m = parseMockService(f, text);
        assert.ok(m.serviceName && m.port > 0 && m.resources.length > 0, f);
        for (const r of m.resources) assert.ok(r.response.status >= 100 && r.response.payload.length > 0, f);
      } else {
        const s = parseSuite(f, text);
        assert.ok(s.testArtifact.path.endsWith('.xml'), f);
        assert.ok(s.testCases.length > 0, f);
        for (const tc of s.testCases) {
          assert.ok(tc.assertions.length > 0, `${f} ${tc.name}`);
          // escaped payloads are decoded: the input is XML text
          if (tc.payload)
            assert.ok(
              tc.payload.trimStart().startsWith('<') || tc.payload.trimStart().startsWith('{'),
              tc.payload,
            );
        }
      }
    }
  });

  it('reads a suite of our own: paths with positions, cases, properties by scope, assertions', () => {
    const s = parseSuite(
      'Suite.xml',
      `<unit-test>
  <artifacts>
    <test-artifact><artifact> src/a/ApiX.xml </artifact></test-artifact>
    <supportive-artifacts><artifact>src/a/Ep.xml</artifact></supportive-artifacts>
    <registry-resources><registry-resource><file-name>t.xsl</file-name><artifact>r/t.xsl</artifact><registry-path>/_system/config/x</registry-path><media-type>application/xml</media-type></registry-resource></registry-resources>
  </artifacts>
  <test-cases>
    <test-case name="one">
      <input>
        <request-path>/p</request-path><request-method>put</request-method>
        <payload><order><id>1</id></order></payload>
        <properties><property name="A" value="1"/><property name="B" scope="axis2" value="2"/><property name="C" scope="transport" value="3"/></properties>
      </input>
      <assertions>
        <assertEquals><actual>$body</actual><expected>&lt;x/&gt;</expected><message>m1</message></assertEquals>
        <assertNotNull><actual>$ctx:A</actual><message>m2</message></assertNotNull>
      </assertions>
    </test-case>
  </test-cases>
  <mock-services><anything>m/Mock.xml</anything></mock-services>
</unit-test>`,
    );
    assert.deepEqual(s.testArtifact, { path: 'src/a/ApiX.xml', line: 3, column: 21 });
    assert.equal(s.name, 'Suite');
    assert.deepEqual(
      s.supportiveArtifacts.map((p) => p.path),
      ['src/a/Ep.xml'],
    );
    assert.deepEqual(
      s.registryResources.map((r) => [r.fileName, r.path, r.registryPath, r.mediaType]),
      [['t.xsl', 'r/t.xsl', '/_system/config/x', 'application/xml']],
    );
    assert.deepEqual(
      s.mockServices.map((m) => m.path),
      ['m/Mock.xml'],
    );
    const [tc] = s.testCases;
    assert.equal(tc.requestMethod, 'PUT');
    assert.equal(tc.payload, '<order><id>1</id></order>');
    assert.deepEqual(
      tc.properties.map((p) => `${p.scope}:${p.name}=${p.value}`),
      ['default:A=1', 'axis2:B=2', 'transport:C=3'],
    );
    assert.deepEqual(
      tc.assertions.map((a) => [a.type, a.actual, a.expected, a.message]),
      [
        ['assertEquals', '$body', '<x/>', 'm1'],
        ['assertNotNull', '$ctx:A', undefined, 'm2'],
      ],
    );
  });

  it('errors name the file, line, column and a code', () => {
    const e1 = thrown(() => parseSuite('s.xml', '<unit-test>\n  <test-cases/>\n</unit-test>'));
    assert.equal(e1.format(), 's.xml:1:2 UNITTEST_MISSING the suite has no <artifacts>');
    const e2 = thrown(() => parseSuite('s.xml', '<suite/>'));
    assert.equal(e2.code, 'UNITTEST_ROOT');
    const e3 = thrown(() =>
      parseSuite(
        's.xml',
        '<unit-test><artifacts><test-artifact><artifact>a.xml</artifact></test-artifact></artifacts>\n<test-cases><test-case name="x"><input><properties>\n<property name="p" scope="operation" value="1"/></properties></input></test-case></test-cases></unit-test>',
      ),
    );
    assert.equal(
      e3.format(),
      "s.xml:3:2 UNITTEST_VALUE property 'p' has scope 'operation': expected default, axis2 or transport",
    );
    const e4 = thrown(() =>
      parseSuite(
        's.xml',
        '<unit-test><artifacts><test-artifact><artifact>a.xml</artifact></test-artifact></artifacts><test-cases><test-case name="x"/><test-case name="x"/></test-cases></unit-test>',
      ),
    );
    assert.equal(e4.code, 'UNITTEST_VALUE');
    assert.match(e4.message, /two test cases are named 'x'/);
    const e5 = thrown(() =>
      parseSuite(
        's.xml',
        '<unit-test><artifacts><test-artifact><artifact>&xxe;</artifact></test-artifact></artifacts></unit-test>',
      ),
    );
    assert.equal(e5.code, 'UNITTEST_XML');
  });

  it('mock service: defaults, and errors for a bad port or status', () => {
    const m = parseMockService(
      'm.xml',
      '<mock-service><service-name>Ep</service-name><port>9100</port><context>api</context><resources><resource><sub-context>x?a=1</sub-context><response><payload>ok</payload></response></resource></resources></mock-service>',
    );
    assert.equal(m.context, '/api');
    assert.deepEqual(m.resources[0], {
      subContext: '/x?a=1',
      method: 'GET',
      request: undefined,
      response: { status: 200, payload: 'ok', headers: [] },
    });
    const e = thrown(() =>
      parseMockService(
        'm.xml',
        '<mock-service>\n<service-name>Ep</service-name>\n<port>99999</port></mock-service>',
      ),
    );
    assert.equal(e.format(), "m.xml:3:2 UNITTEST_VALUE port '99999' is not a port number (1-65535)");
    const e2 = thrown(() =>
      parseMockService(
        'm.xml',
        '<mock-service><service-name>Ep</service-name><port>9100</port><resources><resource><response><status-code>abc</status-code></response></resource></resources></mock-service>',
      ),
    );
    assert.equal(e2.code, 'UNITTEST_VALUE');
    const e3 = thrown(() => parseMockService('m.xml', '<!DOCTYPE m [<!ENTITY a "b">]><mock-service/>'));
    assert.equal(e3.code, 'UNITTEST_XML');
  });
});
