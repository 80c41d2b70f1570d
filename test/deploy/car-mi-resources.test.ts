/**
 * MI 4.4 projects keep data mappers, API definitions and other resources under src/main/wso2mi/resources/, listed
 * in resources/artifact.xml with registry paths under /_system/governance/mi-resources (what `resources:` keys name):
 * the CAR carries them as registry resources, as MI's CAR plugin does.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCar, CarError, loadProject, readCar } from '../../core/car';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'synapse-car-mires-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>org.example</groupId><artifactId>mapper-shop</artifactId><version>1.2.0</version>
<properties><projectType>integration-project</projectType></properties></project>`;
const API = `<api ${NS} name="Cards" context="/cards"><resource methods="POST"><inSequence>
<datamapper config="resources:datamapper/Card/Card.dmc" inputSchema="resources:datamapper/Card/Card_inputSchema.json"
 outputSchema="resources:datamapper/Card/Card_outputSchema.json" inputType="JSON" outputType="JSON"/><respond/>
</inSequence></resource></api>`;
const DESCRIPTOR = `<?xml version="1.0" encoding="UTF-8"?>
<artifacts>
  <artifact name="resources_datamapper_Card_dmc" groupId="org.example" version="1.2.0" type="registry/resource" serverRole="EnterpriseIntegrator">
    <item><file>Card.dmc</file><path>/_system/governance/mi-resources/datamapper/Card</path><mediaType>text/plain</mediaType><properties/></item>
  </artifact>
  <artifact name="resources_datamapper_Card_inputSchema_json" groupId="org.example" version="1.2.0" type="registry/resource" serverRole="EnterpriseIntegrator">
    <item><file>Card_inputSchema.json</file><path>/_system/governance/mi-resources/datamapper/Card</path><mediaType>application/json</mediaType></item>
  </artifact>
</artifacts>`;

describe('CAR: MI 4.4 mi-resources (resources/artifact.xml)', () => {
  it('packages the listed resources under their mi-resources registry paths, and reads them back', async () => {
    const dir = project({
      'pom.xml': POM,
      'src/main/wso2mi/artifacts/apis/Cards.xml': API,
      'src/main/wso2mi/resources/artifact.xml': DESCRIPTOR,
      'src/main/wso2mi/resources/datamapper/Card/Card.dmc': 'function map_S_root_S_root() { return {}; }\n',
      'src/main/wso2mi/resources/datamapper/Card/Card_inputSchema.json': '{"title":"root","type":"object"}',
      // not listed in artifact.xml: not packaged (the list is what MI's CAR plugin reads)
      'src/main/wso2mi/resources/datamapper/Card/Card.ts': 'export function mapFunction() {}\n',
    });
    try {
      const car = await readCar(await buildCar(loadProject(dir)), 'mapper-shop_1.2.0.car');
      const reg = car.artifacts.filter((a) => a.type === 'registry/resource');
      assert.deepEqual(
        reg.map((a) => [a.name, a.version, a.items!.map((i) => [i.file, i.path, i.mediaType])]),
        [
          [
            'resources_datamapper_Card_dmc',
            '1.2.0',
            [['Card.dmc', '/_system/governance/mi-resources/datamapper/Card', 'text/plain']],
          ],
          [
            'resources_datamapper_Card_inputSchema_json',
            '1.2.0',
            [
              [
                'Card_inputSchema.json',
                '/_system/governance/mi-resources/datamapper/Card',
                'application/json',
              ],
            ],
          ],
        ],
      );
      assert.equal(reg[0]!.items![0]!.content.toString(), 'function map_S_root_S_root() { return {}; }\n');
      assert.ok(car.artifacts.some((a) => a.name === 'Cards' && a.type === 'synapse/api'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a listed resource that is missing, naming artifact.xml and its line', () => {
    const dir = project({
      'pom.xml': POM,
      'src/main/wso2mi/artifacts/apis/Cards.xml': API,
      'src/main/wso2mi/resources/artifact.xml': DESCRIPTOR,
      'src/main/wso2mi/resources/datamapper/Card/Card.dmc': 'function map_S_root_S_root() { return {}; }\n',
    });
    try {
      assert.throws(
        () => loadProject(dir),
        (e: unknown) =>
          e instanceof CarError &&
          e.code === 'PROJECT_BAD_FILE' &&
          /mi-resources\/datamapper\/Card\/Card_inputSchema\.json' not found/.test(e.message) &&
          /resources[\\/]artifact\.xml/.test(e.message) &&
          e.line === 6,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
