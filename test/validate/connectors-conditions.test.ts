/**
 * Conditional required fields of connectors: a uischema field marked required under an `enableCondition` (its own,
 * or the one of a group around it) is asked for only while the condition holds for the values written (or the
 * defaults), as WSO2's tooling evaluates it (`[{f: v}]`, AND, OR, NOT). Micro Integrator deploys a connection or an
 * operation without it, so it is a warning (SYN602), never an error; a condition that depends on an expression is not
 * decided. Checked in-process (validatePaths) and through `synapse validate` as a process.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { validatePaths } from '../../core/validate/paths';
import { conditionHolds } from '../../core/catalog/connectors';
import { clearConnectorCache } from '../../core/project/connectors';
import { writeZip } from '../../core/car/zipwrite';
import type { LocatedFinding } from '../../core/diagnostics';
import {
  CONNECTOR_FIXTURE,
  folderEntries,
  projectWithZip,
  ZIP_PATH,
} from '../fixtures/connectors-editor/make';

const CLI = resolve(__dirname, '../../dist/cli.js');
const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

/** A connection kind of our greet connector with conditional fields (an own condition, a group's, OR/AND/NOT). */
const SECURE = {
  connectorName: 'greet',
  connectionName: 'SECURE',
  title: 'Secured greeting service',
  elements: [
    {
      type: 'attribute',
      value: { name: 'serviceUrl', inputType: 'string', required: 'true', helpTip: 'Where it listens.' },
    },
    {
      type: 'attribute',
      value: {
        name: 'authMode',
        inputType: 'combo',
        comboValues: ['None', 'Token', 'Basic'],
        defaultValue: 'None',
        required: 'false',
      },
    },
    {
      type: 'attributeGroup',
      value: {
        groupName: 'Token',
        enableCondition: [{ authMode: 'Token' }],
        elements: [
          { type: 'attribute', value: { name: 'apiToken', inputType: 'string', required: 'true' } },
          {
            type: 'attribute',
            value: {
              name: 'tokenKind',
              inputType: 'combo',
              comboValues: ['service', 'delegated'],
              defaultValue: 'service',
              required: 'false',
            },
          },
        ],
      },
    },
    {
      type: 'attribute',
      value: {
        name: 'userName',
        inputType: 'string',
        required: 'true',
        enableCondition: [
          'OR',
          { authMode: 'Basic' },
          ['AND', { authMode: 'Token' }, { tokenKind: 'delegated' }],
        ],
      },
    },
    {
      type: 'attribute',
      value: {
        name: 'trustStore',
        inputType: 'string',
        required: 'true',
        enableCondition: ['NOT', { authMode: 'None' }],
      },
    },
    {
      type: 'attribute',
      value: {
        name: 'proxyHost',
        inputType: 'string',
        required: 'false',
        enableCondition: [{ authMode: 'Basic' }],
      },
    },
  ],
};

/** The fixture project with the connector zip carrying SECURE and an init template declaring its fields. */
function project(): { root: string; dispose: () => void } {
  const p = projectWithZip();
  const entries = folderEntries(join(CONNECTOR_FIXTURE, 'connector')).map((e) =>
    e.path === 'config/init.xml'
      ? {
          path: e.path,
          data: Buffer.from(
            e.data
              .toString('utf8')
              .replace(
                '<sequence>',
                ['authMode', 'tokenKind', 'userName', 'trustStore', 'proxyHost']
                  .map((n) => `<parameter name="${n}" description="${n}"/>`)
                  .join('') + '<sequence>',
              ),
          ),
        }
      : e,
  );
  entries.push({ path: 'uischema/secure.json', data: Buffer.from(JSON.stringify(SECURE)) });
  writeFileSync(join(p.root, ZIP_PATH), writeZip(entries));
  clearConnectorCache();
  return p;
}

function write(root: string, rel: string, text: string): void {
  const f = join(root, ART, rel);
  mkdirSync(dirname(f), { recursive: true });
  writeFileSync(f, text);
}

const connection = (key: string, fields: string) =>
  `<localEntry key="${key}" ${NS}>\n  <greet.init>\n    <connectionType>SECURE</connectionType>\n    <name>${key}</name>\n    <serviceUrl>http://127.0.0.1:1/g</serviceUrl>${fields}\n  </greet.init>\n</localEntry>`;

const httpConnection = (key: string, fields: string) =>
  `<localEntry key="${key}" ${NS}>\n  <http.init>\n    <connectionType>HTTP</connectionType>\n    <name>${key}</name>\n    <baseUrl>http://127.0.0.1:1</baseUrl>${fields}\n  </http.init>\n</localEntry>`;

/** The connector findings by file name: `file:line:severity:code:message`. */
function connectorFindings(root: string): string[] {
  return validatePaths([root], root)
    .findings.filter((f) => f.code.startsWith('SYN6'))
    .map((f) => `${f.file.split('/').pop()}:${f.line}:${f.severity}:${f.code}:${f.message}`);
}

describe('validate: conditional required fields of connectors (uischema enableCondition)', function () {
  this.timeout(20000);

  it('evaluates conditions as the tooling does: first element, AND, OR, NOT, string equality, unknown for expressions', () => {
    const vals: Record<string, string | null | undefined> = { a: 'x', b: 'true', e: null };
    const v = (k: string) => vals[k];
    assert.equal(conditionHolds([{ a: 'x' }], v), true);
    assert.equal(conditionHolds([{ a: 'y' }, { a: 'x' }], v), false, 'only the first element counts');
    assert.equal(conditionHolds([{ b: true }], v), true, 'a boolean compares as its string');
    assert.equal(conditionHolds(['AND', { a: 'x' }, { b: 'true' }], v), true);
    assert.equal(conditionHolds(['AND', { a: 'x' }, { b: 'false' }], v), false);
    assert.equal(conditionHolds(['OR', { a: 'y' }, ['AND', { a: 'x' }, { b: 'true' }]], v), true);
    assert.equal(conditionHolds(['NOT', { c: 'x' }], v), true, 'a field with no value equals nothing');
    assert.equal(conditionHolds([{ e: 'x' }], v), undefined, 'an expression decides nothing');
    assert.equal(conditionHolds(['OR', { e: 'x' }, { a: 'x' }], v), true);
    assert.equal(conditionHolds(['AND', { e: 'x' }, { a: 'y' }], v), false);
    assert.equal(conditionHolds(['NOT', { e: 'x' }], v), undefined);
    assert.equal(conditionHolds('nonsense', v), undefined);
  });

  it('asks for a conditional field only while its condition holds (own, group, OR/AND/NOT), as a warning', () => {
    const p = project();
    try {
      write(p.root, 'local-entries/NoAuth.xml', connection('NoAuth', ''));
      write(
        p.root,
        'local-entries/TokenConn.xml',
        connection('TokenConn', '\n    <authMode>Token</authMode>'),
      );
      write(
        p.root,
        'local-entries/Delegated.xml',
        connection(
          'Delegated',
          '\n    <authMode>Token</authMode>\n    <apiToken>t</apiToken>\n    <tokenKind>delegated</tokenKind>\n    <trustStore>ts</trustStore>',
        ),
      );
      write(
        p.root,
        'local-entries/BasicDone.xml',
        connection(
          'BasicDone',
          '\n    <authMode>Basic</authMode>\n    <userName>u</userName>\n    <trustStore>ts</trustStore>',
        ),
      );
      write(
        p.root,
        'local-entries/Dynamic.xml',
        connection('Dynamic', '\n    <authMode>${vars.mode}</authMode>'),
      );
      write(
        p.root,
        'sequences/Formal.xml',
        `<sequence ${NS} name="Formal">\n  <greet.sayHello configKey="NoAuth"><personName>A</personName><tone>formal</tone></greet.sayHello>\n  <greet.sayHello configKey="NoAuth"><personName>B</personName></greet.sayHello>\n  <greet.sayHello configKey="NoAuth"><personName>C</personName><tone>formal</tone><language>fr</language></greet.sayHello>\n</sequence>`,
      );
      const got = connectorFindings(p.root);
      assert.deepEqual(got.map((f) => f.split(':').slice(0, 4).join(':')).sort(), [
        'Delegated.xml:2:warning:SYN602',
        'Formal.xml:2:warning:SYN602',
        'TokenConn.xml:2:warning:SYN602',
      ]);
      const msg = (file: string) => got.find((f) => f.startsWith(file))!;
      // the group's condition reaches apiToken; NOT None holds for Token; userName needs Token AND delegated
      assert.match(
        msg('TokenConn.xml'),
        /needs <apiToken> \(as authMode is Token\), <trustStore> \(as authMode is not None\)/,
      );
      assert.doesNotMatch(msg('TokenConn.xml'), /userName/);
      assert.match(
        msg('Delegated.xml'),
        /needs <userName> \(as \(authMode is Basic or \(authMode is Token and tokenKind is delegated\)\)\)/,
      );
      assert.match(msg('Formal.xml'), /<greet\.sayHello> needs <language> \(as tone is formal\)/);
    } finally {
      p.dispose();
    }
  });

  it('checks the built-in HTTP connection’s authentication fields by authType and oauthGrantType (default grant included)', () => {
    const p = projectWithZip();
    try {
      write(
        p.root,
        'local-entries/OAuthDefault.xml',
        httpConnection('OAuthDefault', '\n    <authType>OAuth</authType>'),
      );
      write(
        p.root,
        'local-entries/OAuthClient.xml',
        httpConnection(
          'OAuthClient',
          '\n    <authType>OAuth</authType>\n    <oauthGrantType>Client Credentials</oauthGrantType>\n    <clientId>c</clientId>',
        ),
      );
      write(
        p.root,
        'local-entries/BasicOk.xml',
        httpConnection(
          'BasicOk',
          '\n    <authType>Basic Auth</authType>\n    <username>u</username>\n    <password>p</password>',
        ),
      );
      write(
        p.root,
        'local-entries/BasicHalf.xml',
        httpConnection('BasicHalf', '\n    <authType>Basic Auth</authType>\n    <username>u</username>'),
      );
      write(
        p.root,
        'local-entries/NoAuthHttp.xml',
        httpConnection('NoAuthHttp', '\n    <authType>None</authType>'),
      );
      const got = connectorFindings(p.root);
      const byFile = new Map(got.map((f) => [f.split(':')[0], f]));
      assert.deepEqual([...byFile.keys()].sort(), ['BasicHalf.xml', 'OAuthClient.xml', 'OAuthDefault.xml']);
      assert.match(
        byFile.get('OAuthDefault.xml')!,
        /:warning:SYN602:<http\.init> needs <clientId> \(as authType is OAuth\), <clientSecret> \(as authType is OAuth\), <tokenUrl> \(as authType is OAuth\), <refreshToken> \(as authType is OAuth and oauthGrantType is Authorization Code\)/,
      );
      assert.match(
        byFile.get('OAuthClient.xml')!,
        /needs <clientSecret> \(as authType is OAuth\), <tokenUrl> \(as authType is OAuth\) \(/,
      );
      assert.match(
        byFile.get('BasicHalf.xml')!,
        /needs <password> \(as authType is Basic Auth, or OAuth with oauthGrantType Password\)/,
      );
    } finally {
      p.dispose();
    }
  });

  it('`synapse validate` (dist/cli.js) reports them as warnings and passes', function () {
    const p = project();
    try {
      write(
        p.root,
        'local-entries/TokenConn.xml',
        connection('TokenConn', '\n    <authMode>Token</authMode>'),
      );
      const r = spawnSync(process.execPath, [CLI, 'validate', p.root, '--format', 'json'], {
        encoding: 'utf8',
        cwd: p.root,
      });
      assert.equal(r.status, 0, r.stderr);
      const json = JSON.parse(r.stdout) as LocatedFinding[];
      assert.deepEqual(
        json.map((f) => `${f.file}:${f.line}:${f.severity}:${f.code}`),
        [`${ART}/local-entries/TokenConn.xml:2:warning:SYN602`],
      );
      assert.match(json[0].message, /<apiToken> \(as authMode is Token\), <trustStore>/);
    } finally {
      p.dispose();
    }
  });
});
