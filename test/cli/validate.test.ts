import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');

function synapse(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('synapse validate (CLI as a process)', () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(join(tmpdir(), 'synapse cli ü '));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('exits 0 on the example project and says how many files it checked', () => {
    const r = synapse(['validate', 'examples/hello-world']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /7 files checked: 0 errors, 0 warnings/);
  });

  it('prints file:line:col severity code message and exits 1 on errors', () => {
    const r = synapse(['validate', 'test/fixtures/validate/broken-project']);
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    for (const l of lines) assert.match(l, /^[^:]+\.xml:\d+:\d+ (error|warning|info|hint) [A-Z0-9_]+ .+$/);
    assert.ok(
      lines.includes(
        'test/fixtures/validate/broken-project/src/main/wso2mi/artifacts/apis/OrdersAPI.xml:5:14 error SYN100 Unknown element <lgo> inside <inSequence>: did you mean <log>?',
      ),
      r.stdout,
    );
  });

  it('prints one JSON array with --format json', () => {
    const r = synapse([
      'validate',
      '--format',
      'json',
      'test/fixtures/validate/broken-project/src/main/wso2mi/artifacts/endpoints/BadEP.xml',
    ]);
    assert.equal(r.code, 1);
    const arr = JSON.parse(r.stdout);
    assert.deepEqual(arr, [
      {
        file: 'test/fixtures/validate/broken-project/src/main/wso2mi/artifacts/endpoints/BadEP.xml',
        line: 3,
        column: 19,
        endLine: 3,
        endColumn: 24,
        // HTTPEndpointFactory.setHttpMethod passes an unknown method over (the message keeps its own): a warning
        severity: 'warning',
        code: 'SYN103',
        message:
          "'fetch' is not a valid value of 'method' on <http>: use 'get', 'post', 'put', 'delete', 'head', 'patch', 'options'. Micro Integrator deploys it and keeps the method of the message (the value is passed over).",
      },
      {
        // EndpointDefinitionFactory parses <duration> with Long.parseLong when the endpoint is deployed: refused
        file: 'test/fixtures/validate/broken-project/src/main/wso2mi/artifacts/endpoints/BadEP.xml',
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 22,
        severity: 'error',
        code: 'SYN104',
        message:
          "<duration> takes a number of milliseconds or a {expression}, not 'soon': Micro Integrator refuses the endpoint.",
      },
    ]);
  });

  it('validates a single file inside its project, so references resolve', () => {
    const r = synapse([
      'validate',
      'examples/hello-world/src/main/wso2mi/artifacts/apis/HelloAPI.xml',
      '--format',
      'json',
    ]);
    assert.equal(r.code, 0, r.stdout);
    assert.deepEqual(JSON.parse(r.stdout), []);
  });

  it('works in a folder whose path has spaces and non-ASCII characters', () => {
    const proj = join(tmp, 'Mi proyecto ñ');
    cpSync(join(ROOT, 'examples/hello-world'), proj, { recursive: true });
    writeFileSync(
      join(proj, 'src/main/wso2mi/artifacts/sequences/Extra.xml'),
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="Extra"><sequence key="Nope"/></sequence>',
    );
    const r = synapse(['validate', proj, '--format', 'json']);
    assert.equal(r.code, 0, 'a warning alone does not fail');
    const [f] = JSON.parse(r.stdout);
    assert.equal(f.file, join(proj, 'src/main/wso2mi/artifacts/sequences/Extra.xml'));
    assert.equal(f.code, 'SYN200');
  });

  it('exits 2 on bad usage', () => {
    assert.equal(synapse(['validate', '--format', 'yaml']).code, 2);
    assert.equal(synapse(['validate', 'no/such/folder']).code, 2);
    assert.equal(synapse(['validate', '--bogus']).code, 2);
    assert.equal(synapse(['frobnicate']).code, 2);
    assert.equal(synapse([]).code, 2);
  });

  it('refuses a hostile DTD with a clear finding and fetches nothing', () => {
    const f = join(tmp, 'evil.xml');
    writeFileSync(
      f,
      '<!DOCTYPE s [<!ENTITY x SYSTEM "http://127.0.0.1:1/steal">]>\n<sequence xmlns="http://ws.apache.org/ns/synapse" name="evil"><log>&x;</log></sequence>',
    );
    const r = synapse(['validate', f]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /evil\.xml:1:1 error XML_DOCTYPE /);
    assert.match(r.stdout, /evil\.xml:2:\d+ error XML_UNDEFINED_ENTITY /);
  });
});
