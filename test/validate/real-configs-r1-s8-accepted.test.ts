/**
 * Shapes found in real projects (Integration Studio and MI projects, connector templates, ESB-era samples and
 * registry resources in public repositories), rewritten with our own names: what Micro Integrator 4.4 deploys gets
 * no error through `synapse validate` (a process, as CI runs it). Where MI refuses, the error stays.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const S = 'xmlns="http://ws.apache.org/ns/synapse"';

interface Row {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

function validate(dir: string, targets: string[]): Row[] {
  let out: string;
  try {
    out = execFileSync(process.execPath, [CLI, 'validate', ...targets, '--format', 'json'], {
      cwd: dir,
      encoding: 'utf8',
    });
  } catch (e) {
    out = (e as { stdout: string }).stdout;
  }
  return JSON.parse(out) as Row[];
}

function write(dir: string, rel: string, text: string): void {
  const p = join(dir, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}

const summary = (rows: Row[]) => rows.map((r) => [r.file.replace(/\\/g, '/'), r.line, r.severity, r.code]);

describe('real-project shapes MI 4.4 deploys (R1, session 8)', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'r1-s8-'));
    const art = 'garden/src/main/wso2mi/artifacts';
    write(
      dir,
      'garden/pom.xml',
      '<project><artifactId>garden</artifactId><version>1.0.0</version></project>',
    );
    // an unclosed json-eval( and a trailing '.': SynapsePathFactory cuts the last character, SynapseJsonPath a '.'
    write(
      dir,
      `${art}/sequences/SeedSorter.xml`,
      `<sequence ${S} name="SeedSorter">
  <property name="kind" expression="json-eval($.seed.kind"/>
  <property name="bag" expression="json-eval($.seed.bag.)"/>
  <property name="all" expression="json-eval($.)"/>
  <property name="bad" expression="json-eval($seed.kind)"/>
</sequence>`,
    );
    // query-only uri-template (matched against the sub-path with its query), one that never matches, one MI refuses
    write(
      dir,
      `${art}/apis/GreenhouseAPI.xml`,
      `<api ${S} name="GreenhouseAPI" context="/greenhouse">
  <resource methods="GET" uri-template="?bed={bed}&amp;row={row}"><inSequence><respond/></inSequence></resource>
  <resource methods="GET" uri-template="beds/{bed}"><inSequence><respond/></inSequence></resource>
  <resource methods="POST" uri-template="/trays/{tray"><inSequence><respond/></inSequence></resource>
  <resource methods="PUT" uri-template="/pots/{?pot}"><inSequence><respond/></inSequence></resource>
  <resource methods="DELETE" uri-template="{bed}"><inSequence><respond/></inSequence></resource>
  <resource methods="PATCH" url-mapping="/rows*"><inSequence><respond/></inSequence></resource>
</api>`,
    );
    // the file name differs from the artifact (MI deploys it), and the Synapse 1.2 suspend style MI still reads
    write(
      dir,
      `${art}/endpoints/wateringEndpoint_old.xml`,
      `<endpoint ${S} name="WateringEP">
  <address uri="http://127.0.0.1:9/water"><suspendDurationOnFailure>30</suspendDurationOnFailure></address>
</endpoint>`,
    );
    // a nameless endpoint among the artifacts: MI refuses it ("Invalid endpoint definition without a name")
    write(
      dir,
      `${art}/endpoints/Nameless.xml`,
      `<endpoint ${S}><address uri="http://127.0.0.1:9/x"/></endpoint>`,
    );
    // registry resources: a nameless endpoint and sequence, built anonymous when looked up by key
    write(
      dir,
      'garden/src/main/wso2mi/resources/endpoints/sprinkler.xml',
      `<endpoint ${S}><address uri="http://127.0.0.1:9/sprinkle"/></endpoint>`,
    );
    write(dir, 'loose/registry/gov/seqs/fertilise.xml', `<sequence ${S}><log level="simple"/></sequence>`);
    write(
      dir,
      'loose/GardenRegistryProd/weeder.xml',
      `<endpoint ${S}><address uri="http://127.0.0.1:9/w"/></endpoint>`,
    );
    write(dir, 'loose/artifacts/Lonely.xml', `<sequence ${S}><log level="simple"/></sequence>`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('gives warnings, infos or nothing where MI deploys, and errors only where it refuses', () => {
    const rows = validate(dir, [
      'garden',
      'garden/src/main/wso2mi/resources/endpoints/sprinkler.xml',
      'loose/registry/gov/seqs/fertilise.xml',
      'loose/GardenRegistryProd/weeder.xml',
      'loose/artifacts/Lonely.xml',
    ]);
    const art = 'garden/src/main/wso2mi/artifacts';
    assert.deepEqual(summary(rows), [
      [`${art}/apis/GreenhouseAPI.xml`, 3, 'warning', 'SYN400'],
      [`${art}/apis/GreenhouseAPI.xml`, 4, 'warning', 'SYN400'],
      [`${art}/apis/GreenhouseAPI.xml`, 5, 'error', 'SYN400'],
      [`${art}/apis/GreenhouseAPI.xml`, 6, 'error', 'SYN400'],
      [`${art}/apis/GreenhouseAPI.xml`, 7, 'warning', 'SYN401'],
      [`${art}/endpoints/Nameless.xml`, 1, 'error', 'SYN102'],
      [`${art}/endpoints/wateringEndpoint_old.xml`, 1, 'info', 'SYN202'],
      [`${art}/endpoints/wateringEndpoint_old.xml`, 2, 'info', 'SYN110'],
      [`${art}/sequences/SeedSorter.xml`, 2, 'warning', 'EXPR_JSONPATH_SYNTAX'],
      [`${art}/sequences/SeedSorter.xml`, 5, 'error', 'EXPR_JSONPATH_SYNTAX'],
      ['loose/artifacts/Lonely.xml', 1, 'error', 'SYN102'],
    ]);
    const msg = (file: string, line: number) =>
      rows.find((r) => r.file.endsWith(file) && r.line === line)!.message;
    assert.match(msg('SeedSorter.xml', 2), /without its last character and evaluates '\$\.seed\.kin'/);
    assert.match(msg('GreenhouseAPI.xml', 3), /never selected/);
    assert.match(msg('GreenhouseAPI.xml', 4), /deploys it as if the '\}' were there/);
    assert.match(msg('GreenhouseAPI.xml', 6), /starts with '\{'/);
    assert.match(msg('GreenhouseAPI.xml', 7), /deploys it, reading an exact path '\/rows\*' taken literally/);
    assert.match(msg('wateringEndpoint_old.xml', 2), /still reads it/);
  });

  it('XPath functions MI resolves without an xmlns: vault lookups, Synapse and XPath 1.0 functions by local name', () => {
    const lone = join(dir, 'lone');
    write(
      lone,
      'Secrets.xml',
      `<sequence ${S} name="Secrets">
  <property name="dbPass" expression="wso2:vault-lookup('orchard.db')" scope="default" type="STRING"/>
  <property name="token" expression="hashicorp:vault-lookup('kv/orchard', 'token')"/>
  <property name="who" expression="synapse:get-property('dbPass')"/>
  <property name="pair" expression="xx:concat('a', 'b')"/>
  <property name="odd" expression="xx:ripen('a')"/>
  <property name="bad" expression="\${wso2:vault-lookup('orchard.db')}"/>
</sequence>`,
    );
    const rows = validate(lone, ['Secrets.xml']);
    assert.deepEqual(summary(rows), [
      ['Secrets.xml', 6, 'warning', 'EXPR_UNDECLARED_PREFIX'],
      ['Secrets.xml', 7, 'error', 'EXPR_UNKNOWN_VARIABLE'],
      ['Secrets.xml', 7, 'error', 'EXPR_SYNAPSE_SYNTAX'],
    ]);
  });

  it('a <description> child of any mediator or in any mediator list, traceFilter, and the opa mediator are read by MI', () => {
    const lone = join(dir, 'lone');
    write(
      lone,
      'Described.xml',
      `<sequence ${S} name="Described">
  <log level="simple" traceFilter="enable"><description>entry</description></log>
  <filter xpath="true()"><description>gate</description><log/></filter>
  <switch source="//kind"><case regex="a"><description>case a</description><log/></case><default><description>none</description></default></switch>
  <call><description>out</description><endpoint key="Nowhere"/></call>
  <log><property name="p" value="v"><description>not a mediator here</description></property></log>
  <opa><serverUrl>http://127.0.0.1:8181</serverUrl><policy>orchard</policy><rule>allow</rule><additionalParameters><parameter name="depth">2</parameter></additionalParameters></opa>
  <respond><description>back</description></respond>
</sequence>`,
    );
    assert.deepEqual(summary(validate(lone, ['Described.xml'])), []);
  });

  it('reads files saved as UTF-16 (with or without a byte-order mark) or in a declared single-byte encoding', () => {
    const enc = join(dir, 'encodings');
    mkdirSync(join(enc, 'src/main/wso2mi/artifacts/sequences'), { recursive: true });
    writeFileSync(join(enc, 'pom.xml'), '<project><artifactId>enc</artifactId></project>');
    const seq = (name: string, decl: string) =>
      `${decl}\n<sequence ${S} name="${name}">\n  <log level="custom"><property name="fruit" value="pêche"/></log>\n  <lgo/>\n</sequence>\n`;
    const at = (f: string) => join(enc, 'src/main/wso2mi/artifacts/sequences', f);
    const le = Buffer.from(`\ufeff${seq('Le', '<?xml version="1.0" encoding="UTF-16"?>')}`, 'utf16le');
    writeFileSync(at('Le.xml'), le);
    const beText = seq('Be', '<?xml version="1.0" encoding="UTF-16"?>');
    const be = Buffer.from(beText, 'utf16le').swap16(); // big endian, no byte-order mark
    writeFileSync(at('Be.xml'), be);
    writeFileSync(
      at('Latin.xml'),
      Buffer.from(seq('Latin', "<?xml version='1.0' encoding='ISO-8859-1'?>"), 'latin1'),
    );
    const rows = validate(enc, ['.']);
    // every file is read (the misspelt <lgo/> on line 4 is found in each) and nothing else is reported
    assert.deepEqual(summary(rows), [
      ['src/main/wso2mi/artifacts/sequences/Be.xml', 4, 'error', 'SYN100'],
      ['src/main/wso2mi/artifacts/sequences/Latin.xml', 4, 'error', 'SYN100'],
      ['src/main/wso2mi/artifacts/sequences/Le.xml', 4, 'error', 'SYN100'],
    ]);
    // a lone file too
    assert.deepEqual(summary(validate(enc, ['src/main/wso2mi/artifacts/sequences/Le.xml'])), [
      ['src/main/wso2mi/artifacts/sequences/Le.xml', 4, 'error', 'SYN100'],
    ]);
  });

  it('a description attribute on a sequence or a sequence template is read (createMediator); on an endpoint template it is not', () => {
    const lone = join(dir, 'lone');
    write(lone, 'Pick.xml', `<sequence ${S} name="Pick" description="picks fruit"><log/></sequence>`);
    write(
      lone,
      'Peel.xml',
      `<template ${S} name="Peel" description="peels fruit"><parameter name="fruit" description="which"/><sequence><log/></sequence></template>`,
    );
    write(
      lone,
      'CrateTpl.xml',
      `<template ${S} name="CrateTpl" description="crate"><parameter name="uri"/><endpoint name="$name"><address uri="$uri"/></endpoint></template>`,
    );
    assert.deepEqual(summary(validate(lone, ['Pick.xml', 'Peel.xml', 'CrateTpl.xml'])), [
      ['CrateTpl.xml', 1, 'warning', 'SYN101'],
    ]);
  });

  it("an Integration Studio project's complex-endpoints drafts are not artifacts (never in its CAR)", () => {
    const is = join(dir, 'studio');
    const cfg = 'StudioConfigs/src/main/synapse-config';
    write(is, 'StudioConfigs/pom.xml', '<project><artifactId>StudioConfigs</artifactId></project>');
    write(
      is,
      `${cfg}/endpoints/SeedEP.xml`,
      `<endpoint ${S} name="SeedEP"><address uri="http://127.0.0.1:9/s"/></endpoint>`,
    );
    const draft = `<endpoint ${S} name="{ep.name}"><loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin"><endpoint key="SeedEP"/></loadbalance></endpoint>`;
    write(is, `${cfg}/complex-endpoints/1545000000001.xml`, draft);
    write(is, `${cfg}/complex-endpoints/{ep.name}.xml`, draft);
    assert.deepEqual(summary(validate(is, ['.'])), []);
  });

  it('exits 0 for a project whose findings are only warnings and infos', () => {
    const ok = join(dir, 'ok');
    write(
      ok,
      'src/main/wso2mi/artifacts/apis/PotsAPI.xml',
      `<api ${S} name="PotsAPI" context="/pots"><resource methods="GET" uri-template="?size={size}"><inSequence><property name="s" expression="json-eval($.pot.size.)"/><respond/></inSequence></resource></api>`,
    );
    write(ok, 'pom.xml', '<project><artifactId>ok</artifactId></project>');
    const out = execFileSync(process.execPath, [CLI, 'validate', ok], { encoding: 'utf8' });
    assert.equal(out.trim(), '');
  });
});
