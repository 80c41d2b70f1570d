/**
 * Registry resource properties of a deployed CAR: MI writes an item's (and a collection's) properties beside it when
 * it deploys the resource, and `registry(path).property(name)` reads them back. Our own project, packaged by our CAR
 * builder and uploaded to `synapse serve` through the management API.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildCar, loadProject } from '../../core/car';
import type { ManagementClient } from '../../core/management';
import type { RunningServe } from '../../runtime-debug/management';
import { adminClient, serve, tempDir } from './helpers/servers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>org.example</groupId><artifactId>reg-props</artifactId><version>1.0.0</version>
<properties><projectType>integration-project</projectType></properties></project>`;
const API = `<api ${NS} name="Labels" context="/labels"><resource methods="GET"><inSequence>
<payloadFactory media-type="json" template-type="default"><format>{"owner":"$1","team":"$2","none":"$3"}</format><args>
<arg expression="\${registry('gov:labels/owner.json').property('owner')}"/>
<arg expression="\${registry('gov:labels/team').property('team name')}"/>
<arg expression="\${registry('gov:labels/owner.json').property('absent')}"/>
</args></payloadFactory><respond/></inSequence></resource></api>`;
const DESCRIPTOR = `<?xml version="1.0" encoding="UTF-8"?>
<artifacts>
  <artifact name="labels_owner" groupId="org.example" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator">
    <item><file>owner.json</file><path>/_system/governance/labels</path><mediaType>application/json</mediaType>
      <properties><property key="owner" value="  Ada = Lovelace"/></properties></item>
  </artifact>
  <artifact name="labels_team" groupId="org.example" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator">
    <collection><directory>team</directory><path>/_system/governance/labels/team</path>
      <properties><property key="team name" value="core: runtime"/></properties></collection>
  </artifact>
</artifacts>`;

describe('registry resource properties of a CAR deployed to synapse serve', function () {
  this.timeout(30000);
  let s: RunningServe;
  let c: ManagementClient;
  let t: { dir: string; cleanup(): void };
  before(async () => {
    t = tempDir('reg-props-');
    const files: Record<string, string> = {
      'pom.xml': POM,
      'src/main/wso2mi/artifacts/apis/Labels.xml': API,
      'src/main/wso2mi/resources/registry/artifact.xml': DESCRIPTOR,
      'src/main/wso2mi/resources/registry/gov/labels/owner.json': '{"id":1}',
      'src/main/wso2mi/resources/registry/gov/labels/team/members.txt': 'x',
    };
    const dir = join(t.dir, 'project');
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    s = await serve(join(t.dir, 'server'), { engine: true });
    c = adminClient(s);
    await c.upload('reg-props_1.0.0.car', await buildCar(loadProject(dir)));
  });
  after(async () => {
    c?.close();
    await s?.close();
    t?.cleanup();
  });

  it('reads an item property and a collection property; a missing one is empty', async () => {
    const r = await fetch(`http://127.0.0.1:${s.httpPort}/labels`);
    assert.equal(r.status, 200);
    assert.deepEqual(await r.json(), { owner: '  Ada = Lovelace', team: 'core: runtime', none: '' });
  });
});
