/**
 * Expressions that read the deployed configuration, over real HTTP: get-property('key') falls back to a local entry
 * when no property has that name, get-property('registry', 'gov:/…') and ${registry('gov:/…')} read a registry
 * resource of the project, and a property of the message still wins over an entry of the same key.
 */
import assert from 'node:assert/strict';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

const ART = 'src/main/wso2mi/artifacts';
const RES = 'src/main/wso2mi/resources';

describe('runtime: expressions reading local entries and registry resources', () => {
  let t: TestRuntime;
  let base: string;
  before(async () => {
    const files: Record<string, string> = {
      'pom.xml': '<project><modelVersion>4.0.0</modelVersion><artifactId>regexpr</artifactId></project>',
      [`${ART}/apis/Reg.xml`]: `<api ${NS} name="Reg" context="/reg">
  <resource methods="GET" uri-template="/entry"><inSequence>
    <payloadFactory media-type="text"><format>$1|$2</format><args>
      <arg expression="get-property('partnerCode')"/>
      <arg expression="get-property('noSuchKey')"/>
    </args></payloadFactory>
    <respond/></inSequence></resource>
  <resource methods="GET" uri-template="/shadowed"><inSequence>
    <property name="partnerCode" value="from-property"/>
    <payloadFactory media-type="text"><format>$1</format><args><arg expression="get-property('partnerCode')"/></args></payloadFactory>
    <respond/></inSequence></resource>
  <resource methods="GET" uri-template="/registry"><inSequence>
    <payloadFactory media-type="text"><format>$1|$2</format><args>
      <arg expression="get-property('registry', 'gov:/config/region.txt')"/>
      <arg expression="\${registry('conf:/config/tier.txt')}"/>
    </args></payloadFactory>
    <respond/></inSequence></resource>
</api>`,
      [`${ART}/local-entries/partnerCode.xml`]: `<localEntry ${NS} key="partnerCode">ACME-42</localEntry>`,
      [`${RES}/registry/gov/config/region.txt`]: 'eu-west',
      [`${RES}/registry/conf/config/tier.txt`]: 'gold',
    };
    t = await startProjectRuntime(files, 'registry-expr');
    base = `${t.base}/reg`;
  });
  after(() => t.close());

  it("get-property('key') answers the local entry when no property has that name, nothing for an unknown key", async () => {
    const r = await send(`${base}/entry`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'ACME-42|');
  });

  it('a property of the message wins over a local entry of the same key', async () => {
    const r = await send(`${base}/shadowed`);
    assert.equal(r.text, 'from-property');
  });

  it("get-property('registry', 'gov:/…') and ${registry('conf:/…')} read the project's registry resources", async () => {
    const r = await send(`${base}/registry`);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'eu-west|gold');
  });
});
