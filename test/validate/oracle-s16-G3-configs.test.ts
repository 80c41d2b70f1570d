/**
 * `synapse validate` on constructs of real configurations written by others (G3, session 16): each case is our own
 * minimal fixture for a construct a public project uses, with what MI 4.4's sources say about it (cited per case).
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';
const RES = 'Quay/src/main/wso2mi/resources';
const resourcesArtifactXml = (items: [string, string][]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<artifacts>${items
    .map(
      ([file, folder]) =>
        `<artifact name="resources_${folder}_${file.replace(/\W/g, '_')}" groupId="org.example.quay" version="1.0.0" type="registry/resource" serverRole="EnterpriseIntegrator"><item><file>${file}</file><path>/_system/governance/mi-resources/${folder}</path><mediaType>text/plain</mediaType><properties/></item></artifact>`,
    )
    .join('')}</artifacts>`;

describe('synapse validate: real configurations (G3, session 16)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('g3-s16-', 'Quay');
  });
  after(() => fx?.dispose());

  it("gov:mi-resources/x and gov:/mi-resources/x name the MI project's resources/x, as resources:x does (MicroIntegratorRegistry.resolveRegistryURI); a key with no file is still reported", () => {
    fx.put(
      `${RES}/api-definitions/BerthAPI.yaml`,
      'openapi: 3.0.1\ninfo:\n  title: BerthAPI\n  version: "1"\n',
    );
    fx.put(
      `${RES}/xslt/moor.xslt`,
      '<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>',
    );
    fx.put(
      `${RES}/artifact.xml`,
      resourcesArtifactXml([
        ['BerthAPI.yaml', 'api-definitions'],
        ['moor.xslt', 'xslt'],
      ]),
    );
    fx.put(
      'Quay/src/main/wso2mi/artifacts/apis/BerthAPI.xml',
      `<api ${S} name="BerthAPI" context="/berth" publishSwagger="gov:mi-resources/api-definitions/BerthAPI.yaml">
  <resource methods="POST" uri-template="/slot">
    <inSequence><xslt key="gov:/mi-resources/xslt/moor.xslt"/><xslt key="gov:/mi-resources/xslt/anchor.xslt"/><respond/></inSequence>
  </resource>
</api>`,
    );
    assert.deepEqual(
      fx.validate('Quay').map((f) => `${f.line} ${f.code} ${f.message}`),
      [
        "3 SYN203 No file under the project's resources provides the registry resource 'gov:/mi-resources/xslt/anchor.xslt'.",
      ],
    );
  });
  it('a .dbs written in http://ws.wso2.org/dataservice: the elements the data service factories read with getChildrenWithName are found by their local name (Axiom OMElementImpl.getChildrenWithName), a <result> read with getFirstChildWithName is not (QueryFactory.getResultFromQueryElement)', () => {
    fx.put(
      'Quay/src/main/wso2mi/artifacts/data-services/Manifest.dbs',
      `<data name="Manifest" transports="http https" xmlns="http://ws.wso2.org/dataservice">
  <config id="m"><property name="driverClassName">org.h2.Driver</property><property name="url">jdbc:h2:mem:manifest</property></config>
  <query id="crates" useConfig="m">
    <sql>SELECT id FROM crate WHERE hold = ?</sql>
    <param name="hold" sqlType="STRING"/>
    <result element="Crates" rowName="Crate"><element column="id" name="id"/></result>
  </query>
  <resource method="GET" path="crates/{hold}"><call-query href="crates"><with-param name="hold" query-param="hold"/></call-query></resource>
</data>`,
    );
    assert.deepEqual(
      fx
        .validate('Quay/src/main/wso2mi/artifacts/data-services/Manifest.dbs')
        .map((f) => `${f.line} ${f.code} ${f.message}`),
      [
        "6 SYN003 <result> is in namespace 'http://ws.wso2.org/dataservice': Micro Integrator's data service factories look it up without a namespace (getFirstChildWithName) and ignore it.",
      ],
    );
  });
  it('a query whose <result outputType="json"> has no JSON object mapping: MI refuses the data service (QueryFactory.getJSONResultFromText, new JSONObject(text): "Error in parsing JSON result mapping"), as run does', () => {
    const dbs = (result: string) => `<data name="Tally" transports="http">
  <config id="t"><property name="driverClassName">org.h2.Driver</property><property name="url">jdbc:h2:mem:tally</property></config>
  <query id="q" useConfig="t"><sql>SELECT n FROM tally</sql>${result}</query>
  <resource method="GET" path="n"><call-query href="q"/></resource>
</data>`;
    fx.put('Loose/TallyEmpty.dbs', dbs('<result outputType="json">\n    </result>'));
    fx.put('Loose/TallyList.dbs', dbs('<result outputType="json">[{"n": "$n"}]</result>'));
    fx.put('Loose/TallyOk.dbs', dbs('<result outputType="json">{"Tally": {"n": "$n"}}</result>'));
    fx.put(
      'Loose/TallyXml.dbs',
      dbs('<result element="Tally" rowName="Row"><element column="n" name="n"/></result>'),
    );
    const found = (f: string) =>
      fx.validate(`Loose/${f}.dbs`).map((x) => `${x.line} ${x.severity} ${x.code}`);
    assert.deepEqual(found('TallyEmpty'), ['3 error SYN112']);
    assert.deepEqual(found('TallyList'), ['3 error SYN112']);
    assert.deepEqual(found('TallyOk'), []);
    assert.deepEqual(found('TallyXml'), []);
  });
  it('two APIs of a project with the same context (trailing / aside) and version: MI refuses the one deployed second (SynapseConfiguration.addAPI: "URL context: ... is already registered with the API"); another version or context is fine', () => {
    const api = (name: string, attrs: string) =>
      `<api ${S} name="${name}" ${attrs}><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`;
    const dir = 'Ferry/src/main/wso2mi/artifacts/apis';
    fx.put('Ferry/pom.xml', '<project><artifactId>Ferry</artifactId><version>1.0.0</version></project>');
    fx.put(`${dir}/Crossing.xml`, api('Crossing', 'context="/ferry"'));
    fx.put(`${dir}/Tickets.xml`, api('Tickets', 'context="/ferry/"'));
    fx.put(`${dir}/Timetable.xml`, api('Timetable', 'context="/ferry" version="2" version-type="url"'));
    fx.put(`${dir}/Harbour.xml`, api('Harbour', 'context="/harbour"'));
    assert.deepEqual(
      fx.validate('Ferry').map((f) => `${f.file.replace(/.*\//, '')} ${f.code} ${f.message}`),
      [
        `Crossing.xml SYN402 The API 'Tickets' (Tickets.xml) has the same context '/ferry': Micro Integrator refuses the API deployed second ("URL context: /ferry is already registered with the API: ...").`,
        `Tickets.xml SYN402 The API 'Crossing' (Crossing.xml) has the same context '/ferry/': Micro Integrator refuses the API deployed second ("URL context: /ferry is already registered with the API: ...").`,
      ],
    );
  });
  it("an MI project copied inside another project's folder is validated as a project of its own (the outer project's build takes only its own src/main/wso2mi/artifacts): its files were skipped", () => {
    fx.put('Wharf/pom.xml', '<project><artifactId>Wharf</artifactId><version>1.0.0</version></project>');
    fx.put(
      'Wharf/src/main/wso2mi/artifacts/sequences/Moor.xml',
      `<sequence ${S} name="Moor"><log/></sequence>`,
    );
    fx.put(
      'Wharf/Jetty/pom.xml',
      '<project><artifactId>Jetty</artifactId><version>1.0.0</version></project>',
    );
    // the same name as the outer project's sequence: not pooled with it (another project)
    fx.put(
      'Wharf/Jetty/src/main/wso2mi/artifacts/sequences/Moor.xml',
      `<sequence ${S} name="Moor"><log level="loud"/></sequence>`,
    );
    assert.deepEqual(
      fx.validate('Wharf').map((f) => `${f.file} ${f.code}`),
      ['Wharf/Jetty/src/main/wso2mi/artifacts/sequences/Moor.xml SYN103'],
    );
  });
  it("a local entry's src that Java cannot read as a URL (a registry key gov:/mi-resources/..., a path without a protocol): MI refuses the entry (EntryFactory: new URL(src), 'The entry with key : K refers to an invalid URL'); http and file URLs are fine", () => {
    const entry = (key: string, src: string) => `<localEntry ${S} key="${key}" src="${src}"/>`;
    fx.put('Loose/entries/Chart.xml', entry('Chart', 'gov:/mi-resources/json/chart.json'));
    fx.put('Loose/entries/Tide.xml', entry('Tide', 'tide.json'));
    fx.put('Loose/entries/Buoy.xml', entry('Buoy', ' file:/tmp/buoy.xml'));
    fx.put('Loose/entries/Pilot.xml', entry('Pilot', 'http://127.0.0.1:9/pilot.xml'));
    assert.deepEqual(
      fx.validate('Loose/entries').map((f) => `${f.file.replace(/.*\//, '')} ${f.severity} ${f.code}`),
      ['Chart.xml error SYN104', 'Tide.xml error SYN104'],
    );
  });
  it("a wsdl endpoint whose uri is a registry key: MI refuses the endpoint (WSDLEndpointFactory reads new URL(uri) when it deploys: 'Could not read the WSDL endpoint'); a $SYSTEM value or a template's $param is resolved first", () => {
    const ep = (name: string, uri: string) =>
      `<endpoint ${S} name="${name}"><wsdl uri="${uri}" service="Harbour" port="HarbourPort"/></endpoint>`;
    fx.put('Loose/wsdl/Reef.xml', ep('Reef', 'gov:/mi-resources/wsdl/reef.wsdl'));
    fx.put('Loose/wsdl/Cove.xml', ep('Cove', '$SYSTEM:COVE_WSDL'));
    fx.put('Loose/wsdl/Bay.xml', ep('Bay', 'file:/tmp/bay.wsdl'));
    // a proxy's <publishWSDL uri> too (ProxyService.buildAxisService: new URI(uri).toURL(), "Malformed URI for wsdl")
    fx.put(
      'Loose/wsdl/Lantern.xml',
      `<proxy ${S} name="Lantern" transports="http"><target><inSequence><respond/></inSequence></target><publishWSDL uri="gov:/mi-resources/wsdl/lantern.wsdl"/></proxy>`,
    );
    assert.deepEqual(
      fx.validate('Loose/wsdl').map((f) => `${f.file.replace(/.*\//, '')} ${f.severity} ${f.code}`),
      ['Lantern.xml error SYN104', 'Reef.xml error SYN104'],
    );
  });
});
