/**
 * `resources:` keys of MI 4.4 projects name files under src/main/wso2mi/resources/ (synapse run), and the same files
 * under /_system/governance/mi-resources when they came in a CAR (synapse serve). Real HTTP.
 */
import assert from 'node:assert/strict';
import { ServeRuntime } from '../../runtime-debug/management/engineHost';
import { NS, send, startProjectRuntime } from './helpers';

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>org.example</groupId><artifactId>res-keys</artifactId><version>1.0.0</version>
<properties><projectType>integration-project</projectType></properties></project>`;
const API = `<api ${NS} name="Greet" context="/greet"><resource methods="POST"><inSequence>
  <payloadFactory media-type="json"><format key="resources:templates/greeting.json"/>
    <args><arg evaluator="json" expression="$.name"/></args></payloadFactory>
  <respond/></inSequence></resource></api>`;

describe('runtime: resources: registry keys', () => {
  it('reads src/main/wso2mi/resources/<path> in a project (synapse run)', async () => {
    const t = await startProjectRuntime(
      {
        'pom.xml': POM,
        'src/main/wso2mi/artifacts/apis/Greet.xml': API,
        'src/main/wso2mi/resources/templates/greeting.json': '{"greeting":"hello $1"}',
      },
      'reskeys',
    );
    try {
      const r = await send(`${t.base}/greet`, { body: '{"name":"Ana"}', type: 'application/json' });
      assert.deepEqual(r.json(), { greeting: 'hello Ana' });
    } finally {
      await t.close();
    }
  });

  it('reads the CAR resource under mi-resources (synapse serve)', async () => {
    const rt = new ServeRuntime({ httpPort: 0 });
    rt.addResources('app', [
      { key: 'gov:mi-resources/templates/greeting.json', content: Buffer.from('{"greeting":"hi $1"}') },
    ]);
    const res = rt.deploy([{ name: 'Greet.xml', text: API }]);
    assert.deepEqual(res.problems, []);
    const { port } = await rt.start();
    try {
      const r = await send(`http://127.0.0.1:${port}/greet`, {
        body: '{"name":"Bo"}',
        type: 'application/json',
      });
      assert.deepEqual(r.json(), { greeting: 'hi Bo' });
    } finally {
      await rt.stop(500);
    }
  });
});
