/**
 * What "Create New Project" and "New Artifact..." write: complete projects and artifacts that our own validator
 * (core/validate, the one behind `synapse validate` and the language server) accepts without a single finding.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverProject } from '../../core/project/discover';
import { validateProject } from '../../core/validate';
import { loadProjectIndex } from '../../core/validate/paths';
import { planArtifact, writePlan } from '../../client/artifactPlan';
import {
  ARTIFACT_KINDS,
  artifactKind,
  contextFor,
  kindsForFolder,
  validateArtifactName,
} from '../../client/artifactTemplates';
import {
  HELLO_API_NAME,
  MI_ARTIFACTS_DIR,
  MI_ARTIFACT_FOLDERS,
  projectEntries,
  validateProjectName,
  writeProject,
} from '../../client/projectTemplate';
import { artifactFolder, projectContaining, takenNames } from '../../client/projects';

function findingsOf(root: string): string[] {
  const project = discoverProject(root);
  const out: string[] = [];
  for (const [file, findings] of validateProject(loadProjectIndex(project), { layout: project.layout })) {
    for (const f of findings)
      out.push(`${file.slice(root.length + 1)}: ${f.severity} ${f.code} ${f.message}`);
  }
  return out;
}

describe('client: project and artifact templates', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = mkdtempSync(join(tmpdir(), 'synapse templates ü-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('writes a complete MI project that is discovered as one and validates cleanly', () => {
    const root = writeProject(tmp, 'order-service');
    assert.equal(root, join(tmp, 'order-service'));
    for (const f of MI_ARTIFACT_FOLDERS)
      assert.ok(existsSync(join(root, MI_ARTIFACTS_DIR, f)), `folder ${f}`);
    for (const f of [
      'pom.xml',
      'src/main/wso2mi/resources/conf/config.properties',
      'src/main/wso2mi/resources/registry/artifact.xml',
    ]) {
      assert.ok(existsSync(join(root, f)), f);
    }
    const pom = readFileSync(join(root, 'pom.xml'), 'utf8');
    assert.match(pom, /<artifactId>order-service<\/artifactId>/);
    assert.match(pom, /<projectType>integration-project<\/projectType>/);
    const project = discoverProject(root);
    assert.equal(project.layout, 'mi');
    assert.equal(project.name, 'order-service');
    assert.deepEqual(
      project.files.map((f) => f.relPath),
      [`${MI_ARTIFACTS_DIR}/apis/${HELLO_API_NAME}.xml`],
    );
    assert.deepEqual(findingsOf(root), []);
    assert.equal(
      projectContaining(join(root, MI_ARTIFACTS_DIR, 'apis', `${HELLO_API_NAME}.xml`))?.root,
      root,
    );
  });

  it('never overwrites: refuses a non-empty target folder and invalid names', () => {
    mkdirSync(join(tmp, 'taken'));
    writeFileSync(join(tmp, 'taken', 'keep.txt'), 'mine');
    assert.throws(() => writeProject(tmp, 'taken'), /already exists and is not empty/);
    assert.equal(readFileSync(join(tmp, 'taken', 'keep.txt'), 'utf8'), 'mine');
    assert.throws(() => writeProject(tmp, '../escape'), /Invalid project name/);
    assert.ok(!existsSync(join(tmp, '..', 'escape')));
    for (const bad of ['', '1abc', 'a b', 'a/b', 'x'.repeat(81)]) assert.ok(validateProjectName(bad), bad);
    for (const good of ['hello', 'Order.Service-2', 'a_b'])
      assert.equal(validateProjectName(good), undefined, good);
    // every entry stays inside the project
    for (const e of projectEntries('p'))
      assert.ok(!e.relPath.includes('..') && !e.relPath.startsWith('/'), e.relPath);
  });

  it('creates every artifact kind (with companions for its references) and the project still validates cleanly', () => {
    const root = writeProject(tmp, 'all-kinds');
    const created: string[] = [];
    for (const kind of ARTIFACT_KINDS) {
      const plan = planArtifact(discoverProject(root), kind, `Demo${kind.id.replace(/-/g, '')}`);
      created.push(...writePlan(plan));
      assert.equal(plan[0].kind, kind);
      assert.equal(plan.length, 1 + kind.dependencies.length, `${kind.id}: one companion per reference`);
    }
    const project = discoverProject(root);
    for (const p of created)
      assert.ok(
        project.files.some((f) => f.path === p),
        `discovered ${p}`,
      );
    assert.deepEqual(findingsOf(root), []);
  });

  it('points references at existing artifacts when asked, and picks free names for companions', () => {
    const root = writeProject(tmp, 'refs');
    const seq = artifactKind('sequence')!;
    writePlan(planArtifact(discoverProject(root), seq, 'InboundSequence'));
    const inbound = artifactKind('inbound-endpoint')!;
    // Without refs: the companion name "InboundSequence" is taken, so the next free one is used.
    const plan = planArtifact(discoverProject(root), inbound, 'Inbound');
    assert.equal(plan[1].name, 'InboundSequence2');
    assert.match(plan[0].content, /sequence="InboundSequence2"/);
    // With refs: no companion, the reference goes to the chosen artifact.
    const plan2 = planArtifact(discoverProject(root), inbound, 'Inbound', { sequence: 'InboundSequence' });
    assert.equal(plan2.length, 1);
    writePlan(plan2);
    assert.deepEqual(findingsOf(root), []);
    assert.throws(() => writePlan(plan2), /already exists/);
  });

  it('validates artifact names: safe alphabet, no duplicates across the shared key space', () => {
    const root = writeProject(tmp, 'names');
    const taken = takenNames(discoverProject(root));
    assert.ok(taken.includes(HELLO_API_NAME));
    assert.match(validateArtifactName('helloworldapi', taken) ?? '', /already exists/);
    for (const bad of ['', '9lives', 'has space', 'a/b', '../x', 'x.xml', 'a'.repeat(101), 'é']) {
      assert.ok(validateArtifactName(bad, taken), `rejects ${JSON.stringify(bad)}`);
    }
    for (const good of ['Orders', 'order_v2', 'Order-EP.v1', '_x'])
      assert.equal(validateArtifactName(good, taken), undefined, good);
    assert.throws(
      () => planArtifact(discoverProject(root), artifactKind('api')!, HELLO_API_NAME),
      /already exists/,
    );
  });

  it('maps artifact folders to the kinds created there (explorer context menu)', () => {
    assert.deepEqual(
      kindsForFolder('sequences').map((k) => k.id),
      ['sequence'],
    );
    assert.deepEqual(
      kindsForFolder('endpoints').map((k) => k.id),
      ['http-endpoint', 'address-endpoint'],
    );
    assert.deepEqual(
      kindsForFolder('templates').map((k) => k.id),
      ['sequence-template', 'endpoint-template'],
    );
    assert.deepEqual(
      kindsForFolder('api').map((k) => k.id),
      ['api'],
      'Integration Studio folder name',
    );
    assert.deepEqual(kindsForFolder('src'), []);
    for (const f of MI_ARTIFACT_FOLDERS.filter((x) => !['data-services', 'data-sources'].includes(x))) {
      assert.ok(kindsForFolder(f).length > 0, f);
    }
  });

  it('derives API contexts and uses the Integration Studio folders in that layout', () => {
    assert.equal(contextFor('HelloWorldAPI'), '/hello-world');
    assert.equal(contextFor('OrderService'), '/order-service');
    assert.equal(contextFor('API'), '/api');
    const legacy = join(tmp, 'legacy');
    mkdirSync(join(legacy, 'src', 'main', 'synapse-config', 'api'), { recursive: true });
    const project = discoverProject(legacy);
    assert.equal(project.layout, 'integration-studio');
    assert.equal(
      artifactFolder(project, artifactKind('api')!),
      join(legacy, 'src', 'main', 'synapse-config', 'api'),
    );
    assert.equal(
      artifactFolder(project, artifactKind('sequence')!),
      join(legacy, 'src', 'main', 'synapse-config', 'sequences'),
    );
  });
});
