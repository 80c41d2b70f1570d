/**
 * Which files the language client hands to the Synapse language server, and which folders count as Synapse projects
 * for the commands.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { markerGlob, PROJECT_MARKER_GLOBS, synapseDocumentFilters } from '../../client/documentSelector';
import { projectsIn } from '../../client/projects';
import { writeProject } from '../../client/projectTemplate';

describe('client: document selector and project lookup', () => {
  it('claims only xml documents on disk under the Synapse folders, never the xml language as a whole', () => {
    const filters = synapseDocumentFilters();
    assert.ok(filters.length >= 3);
    for (const f of filters) {
      assert.equal(f.language, 'xml');
      assert.equal(f.scheme, 'file');
      assert.match(f.pattern, /synapse-config|wso2mi|mock-services/, f.pattern);
      assert.notEqual(f.pattern, '**/*.xml');
    }
    assert.ok(filters.some((f) => f.pattern.includes('src/main/wso2mi/artifacts/')));
    assert.ok(filters.some((f) => f.pattern.includes('src/main/synapse-config/')));
  });

  it('adds the user’s extra patterns and ignores junk in that setting', () => {
    const filters = synapseDocumentFilters(['**/configs/**/*.xml', '', 42, null, '  ']);
    assert.equal(filters.length, synapseDocumentFilters().length + 1);
    assert.equal(filters.at(-1)!.pattern, '**/configs/**/*.xml');
  });

  it('uses the MI and Integration Studio folders as activation markers (not pom.xml, not any *.xml)', () => {
    assert.deepEqual([...PROJECT_MARKER_GLOBS].sort(), [
      '**/src/main/synapse-config/**/*.xml',
      '**/src/main/wso2mi/artifacts/**/*.xml',
    ]);
    assert.equal(markerGlob(), `{${PROJECT_MARKER_GLOBS.join(',')}}`);
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      activationEvents: string[];
    };
    const ws = pkg.activationEvents
      .filter((e) => e.startsWith('workspaceContains:'))
      .map((e) => e.slice('workspaceContains:'.length));
    assert.deepEqual(ws.sort(), [...PROJECT_MARKER_GLOBS].sort());
    assert.ok(
      !pkg.activationEvents.some((e) => /pom\.xml|^\*$|onLanguage:xml/.test(e)),
      pkg.activationEvents.join(', '),
    );
  });

  it('finds the projects of a multi-folder workspace and skips plain folders', () => {
    const tmp = mkdtempSync(join(tmpdir(), 'synapse projects ü-'));
    try {
      const a = writeProject(tmp, 'alpha');
      const nested = join(tmp, 'group');
      mkdirSync(nested);
      const b = writeProject(nested, 'beta');
      const plain = join(tmp, 'plain');
      mkdirSync(plain);
      writeFileSync(join(plain, 'pom.xml'), '<project/>');
      writeFileSync(join(plain, 'data.xml'), '<catalog/>');
      assert.deepEqual(
        projectsIn([a, nested, plain]).map((p) => p.root),
        [a, b],
      );
      assert.deepEqual(projectsIn([plain]), []);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});
