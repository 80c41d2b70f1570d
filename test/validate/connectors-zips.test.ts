/**
 * A connector zip that is not read (zip slip name, bomb, not a zip, not a connector) is reported on the zip itself by
 * `synapse validate`, once, with its path and SYN604 (a warning: nothing of it is extracted), beside the SYN604 on
 * the first operation of a file that no connector provides. In-process (validatePaths) and as a process.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { validatePaths } from '../../core/validate/paths';
import { writeZip } from '../../core/car/zipwrite';
import { clearConnectorCache } from '../../core/project/connectors';
import type { LocatedFinding } from '../../core/diagnostics';
import { CONNECTOR_FIXTURE, folderEntries, projectWithZip } from '../fixtures/connectors-editor/make';

const CLI = resolve(__dirname, '../../dist/cli.js');
const DIR = 'src/main/wso2mi/resources/connectors';

function dropBadZips(root: string): void {
  const other = folderEntries(join(CONNECTOR_FIXTURE, 'connector')).map((e) =>
    e.path === 'connector.xml'
      ? { path: e.path, data: Buffer.from(e.data.toString().replace('"greet"', '"other"')) }
      : e,
  );
  writeFileSync(
    join(root, DIR, 'escape-2.0.zip'),
    writeZip([...other, { path: '../../../planted.xml', data: Buffer.from('<x/>') }]),
  );
  writeFileSync(join(root, DIR, 'garbage-1.0.zip'), Buffer.from('this is not a zip file at all'));
  writeFileSync(
    join(root, DIR, 'plain-1.0.zip'),
    writeZip([{ path: 'README.txt', data: Buffer.from('no connector here') }]),
  );
}

describe('validate: a connector zip that is not read is reported on the zip itself', function () {
  this.timeout(20000);

  it('says each one once, with its path, SYN604 and why, and extracts nothing', () => {
    const p = projectWithZip();
    try {
      dropBadZips(p.root);
      // twice the same project: still once per zip
      const { findings } = validatePaths([p.root, p.root], p.root);
      const zips = findings.filter((f) => f.file.endsWith('.zip'));
      assert.deepEqual(
        zips.map((f) => `${f.file}:${f.line}:${f.column}:${f.severity}:${f.code}`),
        [
          `${DIR}/escape-2.0.zip:1:1:warning:SYN604`,
          `${DIR}/garbage-1.0.zip:1:1:warning:SYN604`,
          `${DIR}/plain-1.0.zip:1:1:warning:SYN604`,
        ],
      );
      assert.match(
        zips[0].message,
        /escape-2\.0\.zip is ignored: unsafe entry name '\.\.\/\.\.\/\.\.\/planted\.xml'/,
      );
      assert.match(zips[1].message, /not a zip file/);
      assert.match(zips[2].message, /no connector\.xml at the top of the zip/);
      // the good zip is still read: the fixture's files have no connector finding
      assert.deepEqual(
        findings.filter((f) => !f.file.endsWith('.zip')).map((f) => f.code),
        [],
      );
      assert.ok(!existsSync(join(p.root, '..', '..', 'planted.xml')));
      assert.ok(!readdirSync(join(p.root, '..')).includes('planted.xml'));
    } finally {
      p.dispose();
    }
  });

  it('`synapse validate` (dist/cli.js) prints them in text and JSON and passes (warnings)', () => {
    const p = projectWithZip();
    try {
      dropBadZips(p.root);
      const json = spawnSync(process.execPath, [CLI, 'validate', p.root, '--format', 'json'], {
        encoding: 'utf8',
        cwd: p.root,
      });
      assert.equal(json.status, 0, json.stderr);
      const found = (JSON.parse(json.stdout) as LocatedFinding[]).map((f) => `${f.file}:${f.code}`);
      assert.deepEqual(found, [
        `${DIR}/escape-2.0.zip:SYN604`,
        `${DIR}/garbage-1.0.zip:SYN604`,
        `${DIR}/plain-1.0.zip:SYN604`,
      ]);
      const text = spawnSync(process.execPath, [CLI, 'validate', p.root], { encoding: 'utf8', cwd: p.root });
      assert.equal(text.status, 0, text.stderr);
      assert.match(text.stdout, new RegExp(`${DIR}/garbage-1\\.0\\.zip:1:1.*SYN604`));
    } finally {
      p.dispose();
    }
  });

  it('an Integration Studio project: a refused zip of its <X>ConnectorExporter is said once, the good one read', () => {
    const base = mkdtempSync(join(tmpdir(), 'connectors-is-zips-'));
    try {
      const cfg = join(base, 'GreetConfigs/src/main/synapse-config');
      mkdirSync(join(cfg, 'sequences'), { recursive: true });
      mkdirSync(join(cfg, 'local-entries'), { recursive: true });
      mkdirSync(join(base, 'GreetConnectorExporter'), { recursive: true });
      writeFileSync(
        join(base, 'GreetConfigs/pom.xml'),
        '<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>GreetConfigs</artifactId><version>1.0.0</version></project>',
      );
      writeFileSync(
        join(base, 'GreetConnectorExporter/greet-connector-1.0.0.zip'),
        writeZip(folderEntries(join(CONNECTOR_FIXTURE, 'connector'))),
      );
      writeFileSync(join(base, 'GreetConnectorExporter/garbage-1.0.zip'), Buffer.from('not a zip'));
      const S = 'xmlns="http://ws.apache.org/ns/synapse"';
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
      assert.deepEqual(got.sort(), [
        'GreetConfigs/src/main/synapse-config/sequences/Hi.xml:3:SYN600',
        'GreetConnectorExporter/garbage-1.0.zip:1:SYN604',
      ]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });
});
