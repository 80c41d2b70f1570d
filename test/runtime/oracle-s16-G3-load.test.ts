/**
 * `synapse run` on constructs of real configurations written by others (G3, session 16): our own minimal MI projects
 * for constructs public projects use, served as `synapse run DIR` serves them, with what MI 4.4 answers (its sources
 * cited per case).
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

const POM =
  '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>org.example.tide</groupId><artifactId>Tide</artifactId><version>1.0.0</version><packaging>pom</packaging></project>';
const RES = 'src/main/wso2mi/resources';

const shelf = (name: string, ns: string) => `<data name="${name}" transports="http https"${ns}>
  <config id="shelf"><property name="csv_datasource">shelf.csv</property><property name="csv_columnseperator">;</property><property name="csv_startingrow">2</property><property name="csv_hasheader">true</property></config>
  <query id="rows" useConfig="shelf"><result element="Rows" rowName="Row"><element column="Code" name="code" xsdType="string"/></result></query>
  <resource method="GET" path="rows"><call-query href="rows"/></resource>
</data>`;

describe('synapse run: real configurations (G3, session 16)', () => {
  let t: TestRuntime;
  let ds: TestRuntime;
  after(() => Promise.all([t?.close(), ds?.close()]));

  it("gov:/mi-resources/x and gov:mi-resources/x are the MI project's resources/x (MicroIntegratorRegistry.resolveRegistryURI: resources: is the governance registry's mi-resources): the stylesheet runs, the published definition is served", async () => {
    t = await startProjectRuntime(
      {
        'pom.xml': POM,
        [`${RES}/xslt/wrap.xslt`]:
          '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:template match="/"><harbour><level><xsl:value-of select="/tide"/></level></harbour></xsl:template></xsl:stylesheet>',
        [`${RES}/api-definitions/TideAPI.yaml`]:
          'openapi: 3.0.1\ninfo:\n  title: TideAPI\n  version: "2.5"\npaths:\n  /level:\n    post:\n      responses:\n        "200":\n          description: ok\n',
        [`${RES}/artifact.xml`]:
          '<artifacts><artifact name="resources_xslt_wrap_xslt" groupId="org.example.tide" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator"><item><file>wrap.xslt</file><path>/_system/governance/mi-resources/xslt</path><mediaType>application/xslt+xml</mediaType><properties/></item></artifact><artifact name="resources_api-definitions_TideAPI_yaml" groupId="org.example.tide" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator"><item><file>TideAPI.yaml</file><path>/_system/governance/mi-resources/api-definitions</path><mediaType>application/yaml</mediaType><properties/></item></artifact></artifacts>',
        'src/main/wso2mi/artifacts/apis/TideAPI.xml': `<api ${NS} name="TideAPI" context="/tide" publishSwagger="gov:mi-resources/api-definitions/TideAPI.yaml"><resource methods="POST" uri-template="/level"><inSequence><xslt key="gov:/mi-resources/xslt/wrap.xslt"/><respond/></inSequence></resource></api>`,
      },
      'g3-mires',
    );
    const r = await send(`${t.base}/tide/level`, { body: '<tide>4</tide>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<harbour><level>4</level></harbour>');
    const sw = await send(`${t.base}/tide?swagger.json`);
    assert.equal(sw.status, 200);
    assert.deepEqual((sw.json() as { info: unknown }).info, { title: 'TideAPI', version: '2.5' });
  });
  it('a .dbs written in http://ws.wso2.org/dataservice deploys, its queries without their <result> (QueryFactory reads it with getFirstChildWithName, which finds none in another namespace; <config>, <query>, <resource> are read with getChildrenWithName, which falls back to the local name): the resource is in-only, 202', async () => {
    const dir = 'src/main/wso2mi/artifacts/data-services';
    ds = await startProjectRuntime(
      {
        'pom.xml': POM,
        [`${dir}/shelf.csv`]: 'Code;Title\nR-1;Tin River\n',
        [`${dir}/Plain.dbs`]: shelf('Plain', ''),
        [`${dir}/Spaced.dbs`]: shelf('Spaced', ' xmlns="http://ws.wso2.org/dataservice"'),
      },
      'g3-dsns',
    );
    const plain = await send(`${ds.base}/services/Plain/rows`);
    assert.equal(plain.status, 200);
    assert.equal(
      plain.text,
      '<Rows xmlns="http://ws.wso2.org/dataservice"><Row><code>R-1</code></Row></Rows>',
    );
    const spaced = await send(`${ds.base}/services/Spaced/rows`);
    assert.deepEqual([spaced.status, spaced.text], [202, '']);
  });
  it("a local entry whose src, or a wsdl endpoint whose uri, is a registry key is refused when it deploys (EntryFactory: new URL('gov:/...') has no URL handler, 'The entry with key : K refers to an invalid URL'), not deployed as an entry without a value", () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      { name: 'Chart.xml', text: `<localEntry ${NS} key="Chart" src="gov:/mi-resources/json/chart.json"/>` },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.code} ${p.message}`),
      ['RT_INVALID_URL The entry with key : Chart refers to an invalid URL (unknown protocol: gov)'],
    );
    // a wsdl endpoint reads its uri the same way when it deploys (WSDLEndpointFactory: "Could not read the WSDL endpoint")
    const ep = rt.deploy([
      {
        name: 'Reef.xml',
        text: `<endpoint ${NS} name="Reef"><wsdl uri="gov:/mi-resources/wsdl/reef.wsdl" service="Harbour" port="HarbourPort"/></endpoint>`,
      },
    ]);
    assert.deepEqual(
      ep.problems.map((p) => `${p.code} ${p.message}`),
      [
        'RT_INVALID_URL Could not read the WSDL endpoint gov:/mi-resources/wsdl/reef.wsdl (unknown protocol: gov)',
      ],
    );
    // and a proxy's <publishWSDL uri> (ProxyService.buildAxisService: new URI(uri).toURL(), "Malformed URI for wsdl")
    const proxy = rt.deploy([
      {
        name: 'Lantern.xml',
        text: `<proxy ${NS} name="Lantern" transports="http"><target><inSequence><respond/></inSequence></target><publishWSDL uri="gov:/mi-resources/wsdl/lantern.wsdl"/></proxy>`,
      },
    ]);
    assert.deepEqual(
      proxy.problems.map((p) => `${p.code} ${p.message}`),
      ['RT_INVALID_URL Malformed URI for wsdl: gov:/mi-resources/wsdl/lantern.wsdl (unknown protocol: gov)'],
    );
  });
});
