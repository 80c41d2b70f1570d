/**
 * Registry resource properties read by expressions (`registry(path).property(name)`, `registry(path, name)`,
 * get-property('registry', 'path@name')), from where MI keeps them: the project's registry descriptor
 * (resources/registry/artifact.xml, `<properties>` of an item or collection, carried by the CAR) and a
 * `<resource>.properties` file beside the resource (MicroIntegratorRegistry.lookupProperties). An MI project on
 * disk served by the runtime, real HTTP, our own fixtures.
 */
import assert from 'node:assert/strict';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';
import { parseJavaProperties } from '../../runtime-debug/engine/expr/registryProperties';

const ART = 'src/main/wso2mi/artifacts';
const REG = 'src/main/wso2mi/resources/registry';

describe('fidelity O1: registry resource properties in expressions', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startProjectRuntime(
      {
        'pom.xml': '<project><modelVersion>4.0.0</modelVersion><artifactId>tariffs</artifactId></project>',
        [`${REG}/gov/tariffs/plan.json`]: '{"plan":"basic","rate":3}',
        [`${REG}/conf/limits/quota.xml`]: '<quota>10</quota>',
        [`${REG}/conf/limits/quota.xml.properties`]:
          '# written by the registry\nowner = team\\u0020blue\nwindow: 60\\\n  s\n',
        [`${REG}/artifact.xml`]: `<?xml version="1.0" encoding="UTF-8"?>
<artifacts>
  <artifact name="tariffs_plan" groupId="com.example" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator">
    <item>
      <file>plan.json</file>
      <path>/_system/governance/tariffs</path>
      <mediaType>application/json</mediaType>
      <properties>
        <property key="currency" value="EUR"/>
        <property key="region" value="north west"/>
      </properties>
    </item>
  </artifact>
  <artifact name="limits_quota" groupId="com.example" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator">
    <item><file>quota.xml</file><path>/_system/config/limits</path><mediaType>application/xml</mediaType></item>
  </artifact>
</artifacts>`,
        [`${ART}/apis/Tariffs.xml`]: `<api ${NS} name="Tariffs" context="/tariffs"><resource methods="GET"><inSequence>
          <log level="custom">
            <property name="currency" expression="\${registry('gov:tariffs/plan.json').property('currency')}"/>
            <property name="region" expression="\${registry('gov:/tariffs/plan.json', 'region')}"/>
            <property name="plan" expression="\${registry('gov:tariffs/plan.json').plan}"/>
            <property name="owner" expression="get-property('registry', 'conf:limits/quota.xml@owner')"/>
            <property name="window" expression="\${registry('conf:limits/quota.xml').property('window')}"/>
            <property name="none" expression="\${registry('gov:tariffs/plan.json').property('missing')}"/>
          </log>
          <respond/></inSequence></resource></api>`,
      },
      'o1-regprops',
    );
  });
  after(() => t.close());

  it('reads item properties of the registry descriptor and of a .properties file beside the resource', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/tariffs`);
    assert.equal(r.status, 200);
    const line = t.logs.find((l) => l.category === 'LogMediator')?.message;
    assert.equal(
      line,
      'currency = EUR, region = north west, plan = basic, owner = team blue, window = 60s, none = ',
    );
  });

  it('reads java.util.Properties text: separators, comments, continuations and escapes', () => {
    const p = parseJavaProperties('! note\na=1\nb : two words\nc\\ d three\ne=x\\\n   y\\\\\nf\n\\#g=h\\tx');
    assert.deepEqual(Object.fromEntries(p), {
      a: '1',
      b: 'two words',
      'c d': 'three',
      e: 'xy\\',
      f: '',
      '#g': 'h\tx',
    });
  });
});
