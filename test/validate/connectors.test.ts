/**
 * Connector operations in `synapse validate`: a project carrying a connector zip we build here from our own files
 * (test/fixtures/connectors-editor/connector), the built-in HTTP connector, and hostile zips.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeZip } from '../../core/car/zipwrite';
import { folderEntries, projectWithZip } from '../fixtures/connectors-editor/make';
import type { LocatedFinding } from '../../core/diagnostics';
import { clearConnectorCache, projectConnectors, readConnectorZip } from '../../core/project/connectors';
import { validatePaths } from '../../core/validate/paths';

const FIX = resolve(__dirname, '../fixtures/connectors-editor');
const CLI = resolve(__dirname, '../../dist/cli.js');
const S = 'xmlns="http://ws.apache.org/ns/synapse"';

const SEQ = 'src/main/wso2mi/artifacts/sequences';
function addSequence(root: string, name: string, body: string): string {
  mkdirSync(join(root, SEQ), { recursive: true });
  const file = join(root, SEQ, `${name}.xml`);
  writeFileSync(
    file,
    `<?xml version="1.0" encoding="UTF-8"?>\n<sequence name="${name}" ${S}>\n${body}\n</sequence>\n`,
  );
  return file;
}

function connectorFindings(root: string): LocatedFinding[] {
  return validatePaths([root], root).findings.filter((f) => f.code.startsWith('SYN6') || f.code === 'SYN101');
}

describe('connectors in synapse validate (core/validate/rules/connectors.ts)', () => {
  it('reads the project zip: the fixture project, as the tooling writes it, has no finding at all', () => {
    const p = projectWithZip();
    try {
      const { findings, fileCount } = validatePaths([p.root], p.root);
      assert.equal(fileCount, 4);
      assert.deepEqual(findings, []);
      const set = projectConnectors({
        layout: 'mi',
        resourceDirs: [join(p.root, 'src/main/wso2mi/resources')],
      });
      const greet = set.get('greet')!;
      assert.equal(greet.origin, 'zip');
      assert.equal(greet.version, '1.0.0');
      assert.deepEqual([...greet.operations.keys()].sort(), ['init', 'sayGoodbye', 'sayHello']);
      const hello = greet.operations.get('sayHello')!;
      assert.equal(hello.params.find((x) => x.name === 'tone')?.default, 'warm');
      assert.deepEqual(hello.params.find((x) => x.name === 'tone')?.values, ['warm', 'formal', 'cheerful']);
      assert.equal(hello.params.find((x) => x.name === 'language')?.condition, 'tone is formal');
      assert.equal(set.get('http')?.origin, 'builtin');
    } finally {
      p.dispose();
    }
  });

  it('reports operations, parameters, required parameters and connections the connector does not declare, as warnings', () => {
    const p = projectWithZip();
    try {
      addSequence(
        p.root,
        'Checks',
        [
          '<greet.sayHelo configKey="GreetConn"/>',
          '<greet.sayHello configKey="GreetConn"><personName>Ana</personName><mood>happy</mood></greet.sayHello>',
          '<greet.sayHello configKey="GreetConn"><tone>formal</tone></greet.sayHello>',
          '<greet.sayHello configKey="Motto"><personName>Ana</personName></greet.sayHello>',
          '<greet.sayHello configKey="BackendConn"><personName>Ana</personName></greet.sayHello>',
          '<greet.sayHello configKey="{$ctx:conn}"><personName>Ana</personName></greet.sayHello>',
          '<greet.sayGoodbye><farewell>bye</farewell><responseVariable>r</responseVariable><overwriteBody>false</overwriteBody></greet.sayGoodbye>',
          '<greet.sayGoodbye/>',
          '<http.get configKey="BackendConn"><relativePath>/x</relativePath><timeoutMillis>5</timeoutMillis></http.get>',
          '<http.fetch configKey="BackendConn"/>',
          '<http.post configKey="GreetConn"><relativePath>/x</relativePath></http.post>',
          '<http.get configKey="BackendConn" responseVariable="r" description="label" regex="x"/>',
          '<unknownconn.doIt configKey="Nothing"><anything/></unknownconn.doIt>',
        ].join('\n'),
      );
      const got = connectorFindings(p.root).map((f) => `${f.line}:${f.severity}:${f.code}:${f.message}`);
      const expect = (line: number, severity: string, code: string, text: RegExp) =>
        assert.ok(
          got.some((g) => g.startsWith(`${line}:${severity}:${code}:`) && text.test(g)),
          `${line} ${code} ${text} in\n${got.join('\n')}`,
        );
      expect(
        3,
        'warning',
        'SYN600',
        /greet-connector-1\.0\.0\.zip has no operation 'sayHelo': did you mean <greet\.sayHello>\?/,
      );
      expect(4, 'warning', 'SYN601', /has no parameter 'mood'/);
      expect(5, 'warning', 'SYN602', /needs <personName>/);
      expect(6, 'warning', 'SYN603', /'Motto' is not a Greeter connection: it holds no element/);
      expect(
        7,
        'warning',
        'SYN603',
        /'BackendConn' is not a Greeter connection: it holds <http\.init>.*connections of this connector: GreetConn/,
      );
      expect(10, 'warning', 'SYN602', /<greet\.sayGoodbye> needs <farewell>/);
      expect(11, 'info', 'SYN601', /<http\.get> has no parameter 'timeoutMillis'/);
      expect(12, 'warning', 'SYN600', /built-in HTTP connector has no operation 'fetch'/);
      expect(
        13,
        'warning',
        'SYN603',
        /'GreetConn' is not a HTTP connection: it holds <greet\.init>.*BackendConn/,
      );
      expect(
        14,
        'warning',
        'SYN101',
        /'responseVariable' is read as a child element <responseVariable> of <http\.get>/,
      );
      expect(
        14,
        'warning',
        'SYN101',
        /Unknown attribute 'regex' on <http\.get>: a connector operation takes only configKey/,
      );
      // a conditional required parameter (language, only for tone=formal), a dynamic configKey, responseVariable
      // and overwriteBody (InvokeMediator reads them itself) and an unknown connector are not reported; nothing else is
      assert.equal(got.length, 11, got.join('\n'));
      // none of it is an error: Micro Integrator deploys every one of these
      assert.deepEqual(
        validatePaths([p.root], p.root).findings.filter((f) => f.severity === 'error'),
        [],
      );
    } finally {
      p.dispose();
    }
  });

  it('checks a connection local entry: required connection parameters and undeclared ones', () => {
    const p = projectWithZip();
    try {
      writeFileSync(
        join(p.root, 'src/main/wso2mi/artifacts/local-entries/GreetConn.xml'),
        `<localEntry key="GreetConn" ${S}>\n<greet.init>\n<connectionType>REMOTE</connectionType>\n<name>GreetConn</name>\n<hostname>x</hostname>\n</greet.init>\n</localEntry>\n`,
      );
      const got = connectorFindings(p.root).map((f) => `${f.line}:${f.code}:${f.message}`);
      assert.equal(got.length, 2, got.join('\n'));
      assert.match(got[0], /^2:SYN602:<greet\.init> needs <serviceUrl>/);
      assert.match(got[1], /^5:SYN601:<greet\.init> has no parameter 'hostname'/);
    } finally {
      p.dispose();
    }
  });

  it('re-reads a zip that changes, and keeps what it read while nothing changes', () => {
    const p = projectWithZip();
    try {
      const file = addSequence(p.root, 'Later', '<greet.sayWelcome configKey="GreetConn"/>');
      assert.equal(connectorFindings(p.root).length, 1);
      const places = { layout: 'mi', resourceDirs: [join(p.root, 'src/main/wso2mi/resources')] };
      assert.equal(projectConnectors(places), projectConnectors(places));
      const before = projectConnectors(places).get('greet');
      // the connector gains the operation: a new zip (new size) replaces the old one
      const zip = writeZip([
        ...folderEntries(join(FIX, 'connector')).map((e) =>
          e.path === 'functions/component.xml'
            ? {
                path: e.path,
                data: Buffer.from(
                  e.data
                    .toString()
                    .replace(
                      '<subComponents>',
                      '<subComponents><component name="sayWelcome"><file>w.xml</file></component>',
                    ),
                ),
              }
            : e,
        ),
      ]);
      writeFileSync(join(p.root, 'src/main/wso2mi/resources/connectors/greet-connector-1.0.0.zip'), zip);
      clearConnectorCache(); // the folder is looked at once a second: the test does not wait for it
      assert.deepEqual(connectorFindings(p.root), []);
      assert.ok(readFileSync(file, 'utf8').includes('sayWelcome'));
      assert.notEqual(projectConnectors(places).get('greet'), before);
      assert.ok(projectConnectors(places).get('greet')?.operations.has('sayWelcome'));
    } finally {
      p.dispose();
    }
  });

  it('ignores a hostile zip (zip slip name, huge descriptor, lying size) with a clear warning, and reads the others', () => {
    const p = projectWithZip();
    try {
      const dir = join(p.root, 'src/main/wso2mi/resources/connectors');
      const evil = folderEntries(join(FIX, 'connector')).map((e) =>
        e.path === 'connector.xml'
          ? { path: e.path, data: Buffer.from(e.data.toString().replace('"greet"', '"evil"')) }
          : e,
      );
      writeFileSync(
        join(dir, 'slip-1.0.zip'),
        writeZip([...evil, { path: '../../outside.xml', data: Buffer.from('<x/>') }]),
      );
      writeFileSync(
        join(dir, 'bomb-1.0.zip'),
        writeZip([...evil, { path: 'functions/big.xml', data: Buffer.alloc(3 * 1024 * 1024, 0x20) }]),
      );
      // a central directory that understates an entry's size: inflating stops at the bound all the same
      const lying = writeZip([
        ...evil,
        { path: 'functions/huge.xml', data: Buffer.alloc(2 * 1024 * 1024, 0x20) },
      ]);
      const cd = lying.lastIndexOf(Buffer.from('functions/huge.xml')) - 46;
      assert.equal(lying.readUInt32LE(cd), 0x02014b50);
      lying.writeUInt32LE(100, cd + 24);
      writeFileSync(join(dir, 'lying-1.0.zip'), lying);
      assert.throws(
        () => readConnectorZip(join(dir, 'slip-1.0.zip')),
        /unsafe entry name '\.\.\/\.\.\/outside\.xml'/,
      );
      assert.throws(
        () => readConnectorZip(join(dir, 'bomb-1.0.zip')),
        /entry 'functions\/big\.xml' is 3145728 bytes/,
      );
      assert.throws(
        () => readConnectorZip(join(dir, 'lying-1.0.zip')),
        /does not inflate within 1048576 bytes/,
      );
      addSequence(p.root, 'UsesEvil', '<evil.sayHello/>\n<evil.sayGoodbye/>');
      const all = connectorFindings(p.root);
      // each zip not read is also said on the zip itself (session 10, D3)
      assert.deepEqual(
        all
          .filter((f) => f.file.endsWith('.zip'))
          .map((f) => `${f.file.split('/').pop()}:${f.line}:${f.code}`),
        ['bomb-1.0.zip:1:SYN604', 'lying-1.0.zip:1:SYN604', 'slip-1.0.zip:1:SYN604'],
      );
      const got = all.filter((f) => !f.file.endsWith('.zip'));
      // said once per file, on the first operation nothing provides; the good zip is still read
      assert.equal(got.length, 1, JSON.stringify(got));
      assert.equal(got[0].code, 'SYN604');
      assert.equal(got[0].severity, 'warning');
      assert.match(got[0].message, /bomb-1\.0\.zip \(entry 'functions\/big\.xml'/);
      assert.match(got[0].message, /lying-1\.0\.zip \(entry 'functions\/huge\.xml' does not inflate/);
      assert.match(got[0].message, /slip-1\.0\.zip \(unsafe entry name/);
      assert.ok(!readdirSync(join(p.root, '..')).includes('outside.xml'));
      const set = projectConnectors({
        layout: 'mi',
        resourceDirs: [join(p.root, 'src/main/wso2mi/resources')],
      });
      assert.equal(set.get('greet')?.origin, 'zip');
      assert.equal(set.problems.length, 3);
    } finally {
      p.dispose();
    }
  });

  it('finds the zips of an Integration Studio project in its <X>ConnectorExporter module', () => {
    const base = mkdtempSync(join(tmpdir(), 'connectors-is-'));
    try {
      const cfg = join(base, 'GreetConfigs/src/main/synapse-config');
      mkdirSync(join(cfg, 'sequences'), { recursive: true });
      mkdirSync(join(cfg, 'local-entries'), { recursive: true });
      mkdirSync(join(base, 'GreetRegistryResources'), { recursive: true });
      mkdirSync(join(base, 'GreetConnectorExporter'), { recursive: true });
      writeFileSync(
        join(base, 'GreetConfigs/pom.xml'),
        '<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>GreetConfigs</artifactId><version>1.0.0</version></project>',
      );
      writeFileSync(
        join(base, 'GreetConnectorExporter/greet-connector-1.0.0.zip'),
        writeZip(folderEntries(join(FIX, 'connector'))),
      );
      writeFileSync(
        join(cfg, 'local-entries/GreetConn.xml'),
        `<localEntry key="GreetConn" ${S}><greet.init><connectionType>REMOTE</connectionType><serviceUrl>http://127.0.0.1:1/</serviceUrl></greet.init></localEntry>`,
      );
      writeFileSync(
        join(cfg, 'sequences/Hi.xml'),
        `<sequence name="Hi" ${S}>\n<greet.sayHello configKey="GreetConn"><personName>Bo</personName></greet.sayHello>\n<greet.wave configKey="GreetConn"/>\n</sequence>`,
      );
      clearConnectorCache();
      const got = validatePaths([base], base).findings.map((f) => `${f.file}:${f.line}:${f.code}`);
      assert.deepEqual(got, ['GreetConfigs/src/main/synapse-config/sequences/Hi.xml:3:SYN600']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('gives nothing for a connector the project does not carry and that is not built in, nor for a lone file', () => {
    const base = mkdtempSync(join(tmpdir(), 'connectors-lone-'));
    try {
      const f = join(base, 'Lone.xml');
      writeFileSync(
        f,
        `<sequence name="Lone" ${S}><salesforce.query configKey="SF"><soql>x</soql></salesforce.query><http.get><relativePath>/a</relativePath></http.get></sequence>`,
      );
      assert.deepEqual(validatePaths([f], base).findings, []);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('the CLI (dist/cli.js) reports the same connector findings', function () {
    this.timeout(20000);
    const p = projectWithZip();
    try {
      addSequence(p.root, 'Cli', '<greet.sayHelo configKey="GreetConn"/>\n<greet.sayGoodbye/>');
      const r = spawnSync(process.execPath, [CLI, 'validate', p.root, '--format', 'json'], {
        encoding: 'utf8',
        cwd: p.root,
      });
      // warnings only: the run passes (Micro Integrator deploys all of it)
      assert.equal(r.status, 0, r.stderr);
      const json = JSON.parse(r.stdout) as LocatedFinding[];
      assert.deepEqual(
        json.map((f) => `${f.file}:${f.line}:${f.code}`),
        connectorFindings(p.root).map((f) => `${f.file}:${f.line}:${f.code}`),
      );
      assert.deepEqual(
        json.map((f) => f.code),
        ['SYN600', 'SYN602'],
      );
    } finally {
      p.dispose();
    }
  });
});
