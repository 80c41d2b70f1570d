/**
 * A data service packaged in a CAR and deployed to `synapse serve` (in-process, management API on 127.0.0.1): the
 * .dbs is served at /services/<name> as Micro Integrator serves a CAR's dataservice artifact, and stops being served
 * when the application is undeployed. Fixture: our own project, written by the test, with a CSV data source.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCar, loadProject } from '../../core/car';
import type { ManagementClient } from '../../core/management';
import type { RunningServe } from '../../runtime-debug/management';
import { adminClient, serve, tempDir } from './helpers/servers';

describe('data services: a CAR deployed to synapse serve serves its .dbs', function () {
  this.timeout(30000);
  let s: RunningServe;
  let c: ManagementClient;
  let t: { dir: string; cleanup(): void };
  let serverDir: { dir: string; cleanup(): void };

  before(async () => {
    t = tempDir('ds-car-');
    serverDir = tempDir('ds-serve-');
    const csv = join(t.dir, 'parts.csv');
    writeFileSync(csv, 'sku,label,stock\nP-1,Bolt,40\nP-2,Washer,0\n');
    const project = join(t.dir, 'proj');
    mkdirSync(join(project, 'src/main/wso2mi/artifacts/data-services'), { recursive: true });
    writeFileSync(
      join(project, 'pom.xml'),
      '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>' +
        '<groupId>org.example</groupId><artifactId>PartsApp</artifactId><version>1.0.0</version></project>',
    );
    writeFileSync(
      join(project, 'src/main/wso2mi/artifacts/data-services/PartsService.dbs'),
      `<data name="PartsService" transports="http https">
  <config id="parts">
    <property name="csv_datasource">${csv}</property>
    <property name="csv_hasheader">true</property>
    <property name="csv_startingrow">2</property>
  </config>
  <query id="allParts" useConfig="parts">
    <result element="Parts" rowName="Part">
      <element column="sku" name="sku" xsdType="string"/>
      <element column="label" name="label" xsdType="string"/>
    </result>
  </query>
  <resource method="GET" path="parts"><call-query href="allParts"/></resource>
</data>
`,
    );
    s = await serve(serverDir.dir, { engine: true });
    c = adminClient(s);
    const loaded = loadProject(project);
    assert.ok(
      loaded.artifacts.some((a) => a.type === 'service/dataservice'),
      'the project packages its data service',
    );
    await c.upload('PartsApp_1.0.0.car', await buildCar(loaded));
  });
  after(async () => {
    c?.close();
    await s?.close();
    t?.cleanup();
    serverDir?.cleanup();
  });

  it('answers the resource from the CSV file, and stops when the application is undeployed', async () => {
    const url = `http://127.0.0.1:${s.httpPort}/services/PartsService/parts`;
    const r = await fetch(url);
    const body = await r.text();
    assert.equal(r.status, 200, body);
    assert.match(body, /<Parts xmlns="[^"]*">/);
    assert.match(
      body,
      /<Part><sku>P-1<\/sku><label>Bolt<\/label><\/Part><Part><sku>P-2<\/sku><label>Washer<\/label><\/Part>/,
    );
    const json = await fetch(url, { headers: { Accept: 'application/json' } });
    assert.equal(json.status, 200);
    assert.deepEqual(await json.json(), {
      Parts: {
        Part: [
          { sku: 'P-1', label: 'Bolt' },
          { sku: 'P-2', label: 'Washer' },
        ],
      },
    });
    await c.undeploy('PartsApp_1.0.0.car');
    const gone = await fetch(url);
    await gone.arrayBuffer();
    assert.notEqual(gone.status, 200, 'an undeployed data service is not served');
  });
});
