/**
 * The validate mediator with XML schemas, over real HTTP, as Micro Integrator runs it (Synapse ValidateMediator):
 * the default source (first child of the body) or a `source` XPath, schemas from local entries and registry
 * resources, static and `{xpath}` keys, imports answered by `<resource location key>`, several schemas at once,
 * on-fail with Xerces' messages in ERROR_MESSAGE (ERROR_CODE untouched), faults for a missing or broken schema,
 * a JSON payload (JSON branch), a text payload, and hostile schemas (DOCTYPE, unmapped imports) refused.
 * Our own schemas and payloads (a small shipping domain).
 */
import assert from 'node:assert/strict';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

const ART = 'src/main/wso2mi/artifacts';
const RES = 'src/main/wso2mi/resources';
const XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"';

const PARCEL_NS = 'urn:example:parcel';
const UNITS_NS = 'urn:example:units';

// the parcel schema imports the units schema by a relative location that only <resource> can answer
const PARCEL_XSD = `<xs:schema ${XS} xmlns:u="${UNITS_NS}" targetNamespace="${PARCEL_NS}" elementFormDefault="qualified">
  <xs:import namespace="${UNITS_NS}" schemaLocation="units/measures.xsd"/>
  <xs:element name="parcel">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="sender"><xs:simpleType><xs:restriction base="xs:string"><xs:maxLength value="10"/></xs:restriction></xs:simpleType></xs:element>
        <xs:element name="weight" type="u:Kilograms"/>
        <xs:element name="pieces" type="xs:positiveInteger"/>
        <xs:element name="speed" minOccurs="0">
          <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="standard"/><xs:enumeration value="express"/></xs:restriction></xs:simpleType>
        </xs:element>
      </xs:sequence>
      <xs:attribute name="ref" type="xs:string" use="required"/>
    </xs:complexType>
  </xs:element>
</xs:schema>`;

const UNITS_XSD = `<xs:schema ${XS} targetNamespace="${UNITS_NS}">
  <xs:simpleType name="Kilograms"><xs:restriction base="xs:decimal"><xs:minExclusive value="0"/><xs:maxInclusive value="30"/></xs:restriction></xs:simpleType>
</xs:schema>`;

// no namespace, read by a dynamic key
const TAG_XSD = `<xs:schema ${XS}>
  <xs:element name="tag"><xs:complexType><xs:attribute name="code" use="required">
    <xs:simpleType><xs:restriction base="xs:string"><xs:pattern value="[A-Z]{2}[0-9]{3}"/></xs:restriction></xs:simpleType>
  </xs:attribute></xs:complexType></xs:element>
</xs:schema>`;

const ON_FAIL = `<on-fail><property name="HTTP_SC" value="422" scope="axis2"/>
  <payloadFactory media-type="text"><format>$1|code=$2</format><args><arg expression="$ctx:ERROR_MESSAGE"/><arg expression="$ctx:ERROR_CODE"/></args></payloadFactory>
  <respond/></on-fail>`;
const OK = `<payloadFactory media-type="text"><format>valid</format></payloadFactory><respond/>`;
const FAULT = `<faultSequence><property name="HTTP_SC" value="500" scope="axis2"/>
  <payloadFactory media-type="text"><format>fault|$1|$2</format><args><arg expression="$ctx:ERROR_MESSAGE"/><arg expression="$ctx:ERROR_DETAIL"/></args></payloadFactory>
  <respond/></faultSequence>`;

const resource = (path: string, body: string) =>
  `<resource methods="POST" uri-template="${path}"><inSequence>${body}</inSequence>${FAULT}</resource>`;

const PARCEL_OK = `<p:parcel xmlns:p="${PARCEL_NS}" ref="R-1"><p:sender>Ada</p:sender><p:weight>2.5</p:weight><p:pieces>1</p:pieces></p:parcel>`;

describe('runtime: validate with XML schemas (XSD)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let base: string;
  before(async () => {
    const files: Record<string, string> = {
      'pom.xml': '<project><modelVersion>4.0.0</modelVersion><artifactId>xsd</artifactId></project>',
      [`${ART}/local-entries/ParcelSchema.xml`]: `<localEntry ${NS} key="ParcelSchema">${PARCEL_XSD}</localEntry>`,
      [`${RES}/registry/gov/schemas/units/measures.xsd`]: UNITS_XSD,
      [`${RES}/registry/conf/schemas/tag.xsd`]: TAG_XSD,
      // a chain: the box schema imports units/box.xsd, which includes limits.xsd (relative to itself)
      [`${ART}/local-entries/BoxSchema.xml`]: `<localEntry ${NS} key="BoxSchema"><xs:schema ${XS} xmlns:u="${UNITS_NS}">
  <xs:import namespace="${UNITS_NS}" schemaLocation="units/box.xsd"/>
  <xs:element name="box"><xs:complexType><xs:sequence><xs:element name="side" type="u:Centimetres"/><xs:element ref="u:depth" minOccurs="0"/></xs:sequence></xs:complexType></xs:element>
</xs:schema></localEntry>`,
      [`${RES}/registry/gov/schemas/units/box.xsd`]: `<xs:schema ${XS} targetNamespace="${UNITS_NS}"><xs:include schemaLocation="limits.xsd"/></xs:schema>`,
      [`${RES}/registry/gov/schemas/units/limits.xsd`]: `<xs:schema ${XS} targetNamespace="${UNITS_NS}">
  <xs:simpleType name="Centimetres"><xs:restriction base="xs:int"><xs:maxInclusive value="120"/></xs:restriction></xs:simpleType>
  <xs:element name="depth"><xs:simpleType><xs:restriction base="xs:int"><xs:maxInclusive value="50"/></xs:restriction></xs:simpleType></xs:element></xs:schema>`,
      [`${RES}/registry/gov/schemas/units/sneaky.xsd`]: `<!DOCTYPE xs:schema [<!ENTITY big "big">]><xs:schema ${XS} targetNamespace="${UNITS_NS}"/>`,
      [`${ART}/local-entries/OrderJsonSchema.xml`]: `<localEntry ${NS} key="OrderJsonSchema"><![CDATA[{"type":"object","required":["id"]}]]></localEntry>`,
      [`${ART}/local-entries/UnitSchema.xml`]: `<localEntry ${NS} key="UnitSchema"><xs:schema ${XS}><xs:element name="unit" type="xs:QName"/></xs:schema></localEntry>`,
      [`${ART}/local-entries/SizeSchema.xml`]: `<localEntry ${NS} key="SizeSchema"><![CDATA[{"type":"object","properties":{"size":{"type":"integer"}}}]]></localEntry>`,
      [`${ART}/local-entries/HostileSchema.xml`]: `<localEntry ${NS} key="HostileSchema"><![CDATA[<!DOCTYPE xs:schema [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<xs:schema ${XS}><xs:element name="probe" type="xs:string" fixed="&leak;"/></xs:schema>]]></localEntry>`,
      [`${ART}/local-entries/OrphanImport.xml`]: `<localEntry ${NS} key="OrphanImport"><xs:schema ${XS} xmlns:u="${UNITS_NS}">
  <xs:import namespace="${UNITS_NS}" schemaLocation="http://127.0.0.1:9/units.xsd"/>
  <xs:element name="probe" type="u:Kilograms"/></xs:schema></localEntry>`,
      [`${ART}/apis/Parcels.xml`]: `<api ${NS} name="Parcels" context="/parcels">
  ${resource(
    '/check',
    `<validate><schema key="ParcelSchema"/><resource location="units/measures.xsd" key="gov:/schemas/units/measures.xsd"/>${ON_FAIL}</validate>${OK}`,
  )}
  ${resource(
    '/nocache',
    `<validate cache-schema="false"><schema key="ParcelSchema"/><resource location="units/measures.xsd" key="gov:/schemas/units/measures.xsd"/>${ON_FAIL}</validate>${OK}`,
  )}
  ${resource(
    '/inner',
    `<validate xmlns:p="${PARCEL_NS}" source="//p:parcel"><schema key="ParcelSchema"/><resource location="units/measures.xsd" key="gov:/schemas/units/measures.xsd"/>${ON_FAIL}</validate>${OK}`,
  )}
  ${resource(
    '/dynamic',
    `<property name="schemaKey" expression="$trp:X-Schema"/><validate><schema key="{get-property('schemaKey')}"/>${ON_FAIL}</validate>${OK}`,
  )}
  ${resource(
    '/both',
    `<validate source="//tag"><schema key="ParcelSchema"/><schema key="conf:/schemas/tag.xsd"/><resource location="units/measures.xsd" key="gov:/schemas/units/measures.xsd"/>${ON_FAIL}</validate>${OK}`,
  )}
  ${resource('/unmapped', `<validate><schema key="ParcelSchema"/>${ON_FAIL}</validate>${OK}`)}
  ${resource(
    '/goes-on',
    `<validate><schema key="{$trp:X-Schema}"/><on-fail><property name="verdict" expression="fn:concat('rejected: ', substring-before($ctx:ERROR_MESSAGE, ':'))"/></on-fail></validate>
     <payloadFactory media-type="text"><format>after validate [$1]</format><args><arg expression="get-property('verdict')"/></args></payloadFactory><respond/>`,
  )}
  ${resource(
    '/box',
    `<validate><schema key="BoxSchema"/><resource location="units/box.xsd" key="gov:/schemas/units/box.xsd"/><resource location="limits.xsd" key="{$trp:X-Limits}"/>${ON_FAIL}</validate>${OK}`,
  )}
  ${resource(
    '/json-source',
    `<validate source="json-eval($.order)"><schema key="OrderJsonSchema"/>${ON_FAIL}</validate>${OK}`,
  )}
  ${resource('/json-whole', `<validate><schema key="OrderJsonSchema"/>${ON_FAIL}</validate>${OK}`)}
  ${resource('/json-flag', `<validate json-source="true"><schema key="OrderJsonSchema"/>${ON_FAIL}</validate>${OK}`)}
  ${resource(
    '/burst',
    `<validate><schema key="ParcelSchema"/><resource location="units/measures.xsd" key="gov:/schemas/units/measures.xsd"/>${ON_FAIL}</validate>${OK}`,
  )}
  ${resource('/unit', `<validate><schema key="UnitSchema"/>${ON_FAIL}</validate>${OK}`)}
  ${resource('/missing', `<validate><schema key="gov:/schemas/absent.xsd"/>${ON_FAIL}</validate>${OK}`)}
  ${resource('/hostile', `<validate><schema key="HostileSchema"/>${ON_FAIL}</validate>${OK}`)}
  ${resource('/orphan', `<validate><schema key="OrphanImport"/>${ON_FAIL}</validate>${OK}`)}
</api>`,
    };
    t = await startProjectRuntime(files, 'xsd');
    base = `${t.base}/parcels`;
  });
  after(() => t.close());

  const xml = (path: string, body: string, headers?: Record<string, string>) =>
    send(`${base}${path}`, { body, type: 'application/xml', headers });

  it('a valid payload passes (the import of the parcel schema answered by <resource>)', async () => {
    const r = await xml('/check', PARCEL_OK);
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'valid');
    const again = await xml('/nocache', PARCEL_OK);
    assert.equal(again.text, 'valid');
  });

  it('an invalid payload runs on-fail with every error in Xerces wording, each followed by a newline', async () => {
    const r = await xml(
      '/check',
      `<p:parcel xmlns:p="${PARCEL_NS}"><p:sender>Ada</p:sender><p:weight>0</p:weight><p:pieces>two</p:pieces><p:speed>warp</p:speed><p:extra/></p:parcel>`,
    );
    assert.equal(r.status, 422, r.text);
    const [message, code] = r.text.split('|');
    assert.equal(code, 'code=');
    assert.equal(
      message,
      [
        "cvc-complex-type.4: Attribute 'ref' must appear on element 'p:parcel'.",
        "cvc-minExclusive-valid: Value '0' is not facet-valid with respect to minExclusive '0' for type 'Kilograms'.",
        "cvc-type.3.1.3: The value '0' of element 'p:weight' is not valid.",
        "cvc-datatype-valid.1.2.1: 'two' is not a valid value for 'positiveInteger'.",
        "cvc-type.3.1.3: The value 'two' of element 'p:pieces' is not valid.",
        "cvc-enumeration-valid: Value 'warp' is not facet-valid with respect to enumeration '[standard, express]'. It must be a value from the enumeration.",
        "cvc-type.3.1.3: The value 'warp' of element 'p:speed' is not valid.",
        "cvc-complex-type.2.4.d: Invalid content was found starting with element 'p:extra'. No child element is expected at this point.",
        '',
      ].join('\n'),
    );
  });

  it('content model errors: a missing child and an unexpected one name what was expected', async () => {
    let r = await xml(
      '/check',
      `<p:parcel xmlns:p="${PARCEL_NS}" ref="R-2"><p:sender>Ada</p:sender></p:parcel>`,
    );
    assert.equal(
      r.text,
      `cvc-complex-type.2.4.b: The content of element 'p:parcel' is not complete. One of '{"${PARCEL_NS}":weight}' is expected.\n|code=`,
    );
    r = await xml('/check', `<parcel xmlns="${PARCEL_NS}" ref="R-3"><weight>1</weight></parcel>`);
    assert.equal(
      r.text,
      `cvc-complex-type.2.4.a: Invalid content was found starting with element 'weight'. One of '{"${PARCEL_NS}":sender}' is expected.\n|code=`,
    );
  });

  it('a facet whose message does not quote the value: the value is read from the element (default namespace)', async () => {
    const r = await xml(
      '/check',
      `<parcel xmlns="${PARCEL_NS}" ref="R-9"><sender>Ada Lovelace</sender><weight>1</weight><pieces>1</pieces></parcel>`,
    );
    assert.equal(
      r.text,
      "cvc-maxLength-valid: Value 'Ada Lovelace' with length = '12' is not facet-valid with respect to maxLength '10' for type '#AnonType_senderparcel'.\n" +
        "cvc-type.3.1.3: The value 'Ada Lovelace' of element 'sender' is not valid.\n|code=",
    );
  });

  it('a value not of its type lexical form names the built-in type the schema type derives from', async () => {
    const r = await xml(
      '/check',
      `<p:parcel xmlns:p="${PARCEL_NS}" ref="R-8"><p:sender>Ada</p:sender><p:weight>heavy</p:weight><p:pieces>1</p:pieces></p:parcel>`,
    );
    assert.equal(
      r.text,
      "cvc-datatype-valid.1.2.1: 'heavy' is not a valid value for 'decimal'.\n" +
        "cvc-type.3.1.3: The value 'heavy' of element 'p:weight' is not valid.\n|code=",
    );
  });

  it('ERROR_CODE is left as it was; the schema compiled once serves later messages', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await xml(
        '/check',
        `<p:parcel xmlns:p="${PARCEL_NS}" ref="R-${i}"><p:sender>x</p:sender><p:weight>31</p:weight><p:pieces>1</p:pieces></p:parcel>`,
      );
      assert.equal(
        r.text.split('\n')[0],
        "cvc-maxInclusive-valid: Value '31' is not facet-valid with respect to maxInclusive '30' for type 'Kilograms'.",
      );
    }
  });

  it('messages arriving together before the first compilation each get their own answer', async () => {
    const bad = `<p:parcel xmlns:p="${PARCEL_NS}" ref="b"><p:sender>x</p:sender><p:weight>99</p:weight><p:pieces>1</p:pieces></p:parcel>`;
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        xml('/burst', i % 2 ? bad : PARCEL_OK).then((r) => r.text.split('\n')[0]),
      ),
    );
    answers.forEach((a, i) =>
      assert.equal(
        a,
        i % 2
          ? "cvc-maxInclusive-valid: Value '99' is not facet-valid with respect to maxInclusive '30' for type 'Kilograms'."
          : 'valid',
      ),
    );
  });

  it('a source XPath validates the node it selects; nothing selected runs on-fail', async () => {
    let r = await xml('/inner', `<batch>${PARCEL_OK}</batch>`);
    assert.equal(r.text, 'valid');
    r = await xml('/inner', `<batch><p:parcel xmlns:p="${PARCEL_NS}" ref="x"/></batch>`);
    assert.match(r.text, /^cvc-complex-type\.2\.4\.b: The content of element 'p:parcel' is not complete/);
    r = await xml('/inner', '<batch><other/></batch>');
    assert.equal(r.status, 422);
    assert.equal(r.text, 'Error occurred while accessing source element: //p:parcel|code=');
  });

  it('the source keeps the namespaces declared around it (a QName whose prefix the SOAP envelope declares)', async () => {
    const soap = (unit: string) =>
      send(`${base}/unit`, {
        body: `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="urn:example:measure"><s:Body><unit>${unit}</unit></s:Body></s:Envelope>`,
        type: 'text/xml',
      });
    let r = await soap('m:kg');
    assert.equal(r.text, 'valid');
    r = await soap('q:kg');
    assert.equal(r.status, 422, r.text);
    assert.equal(
      r.text,
      "UndeclaredPrefix: Cannot resolve 'q:kg' as a QName: the prefix 'q' is not declared.\n" +
        "cvc-type.3.1.3: The value 'q:kg' of element 'unit' is not valid.\n|code=",
    );
  });

  it('a dynamic key picks the schema per message', async () => {
    let r = await xml('/dynamic', '<tag code="AB123"/>', { 'X-Schema': 'conf:/schemas/tag.xsd' });
    assert.equal(r.text, 'valid');
    r = await xml('/dynamic', '<tag code="ab"/>', { 'X-Schema': 'conf:/schemas/tag.xsd' });
    assert.equal(
      r.text,
      "cvc-pattern-valid: Value 'ab' is not facet-valid with respect to pattern '[A-Z]{2}[0-9]{3}' for type '#AnonType_codetag'.\n" +
        "cvc-attribute.3: The value 'ab' of attribute 'code' on element 'tag' is not valid with respect to its type, '#AnonType_codetag'.\n|code=",
    );
    r = await xml('/dynamic', '<tag code="AB123"/>', { 'X-Schema': 'conf:/schemas/none.xsd' });
    assert.equal(r.status, 500);
    assert.match(r.text, /^fault\|No Schema is available with the key {2}: conf:\/schemas\/none\.xsd\|/);
  });

  it('several schemas make one: elements of either validate', async () => {
    let r = await xml('/both', `<wrap><tag code="ZZ999"/></wrap>`);
    assert.equal(r.text, 'valid');
    r = await xml('/both', `<wrap><tag/></wrap>`);
    assert.equal(r.text, "cvc-complex-type.4: Attribute 'code' must appear on element 'tag'.\n|code=");
  });

  it('a payload that is not XML: text is validated as MI wraps it, JSON goes to the JSON branch', async () => {
    let r = await send(`${base}/check`, { body: 'just words', type: 'text/plain' });
    assert.equal(r.status, 422);
    assert.equal(r.text, "cvc-elt.1.a: Cannot find the declaration of element 'text'.\n|code=");
    r = await send(`${base}/check`, { body: '{"parcel":{}}', type: 'application/json' });
    assert.equal(r.status, 500);
    assert.match(r.text, /^fault\|Can not find valid JSON Schema content\|/);
  });

  it('on-fail that does not stop the flow: the mediators after validate run (XML and JSON branches)', async () => {
    let r = await xml('/goes-on', '<tag code="1"/>', { 'X-Schema': 'conf:/schemas/tag.xsd' });
    assert.equal(r.status, 200);
    assert.equal(r.text, 'after validate [rejected: cvc-pattern-valid]');
    r = await xml('/goes-on', '<tag code="QQ123"/>', { 'X-Schema': 'conf:/schemas/tag.xsd' });
    assert.equal(r.text, 'after validate []');
    r = await send(`${base}/goes-on`, {
      body: '{"size":"big"}',
      type: 'application/json',
      headers: { 'X-Schema': 'SizeSchema' },
    });
    assert.equal(
      r.text,
      'after validate [rejected: instance type (string) does not match any allowed primitive type (allowed]',
    );
  });

  it('JSON branch: a JSON source is read as JSON text, nothing selected validates {}, text that is not JSON faults', async () => {
    const json = (path: string, body: string) => send(`${base}${path}`, { body, type: 'application/json' });
    let r = await json('/json-source', '{"order":{"id":4}}');
    assert.equal(r.text, 'valid');
    const missingId = 'object has missing required properties (["id"])|code=';
    r = await json('/json-source', '{"order":{"qty":4}}');
    assert.equal(r.text, missingId);
    r = await json('/json-source', '{"other":true}');
    assert.equal(r.status, 422);
    assert.equal(r.text, missingId);
    r = await json('/json-source', '{"order":"abc"}');
    assert.equal(r.status, 500);
    assert.match(r.text, /^fault\|Error while validating the JSON Schema for JSONPath \$\.order\|/);
    // json-source="true" on an XML payload: no JSON stream, MI validates {}
    r = await xml('/json-flag', '<id>4</id>');
    assert.equal(r.text, missingId);
    r = await json('/json-flag', '{"id":4}');
    assert.equal(r.text, 'valid');
    r = await json('/json-whole', '{"order": [1,');
    assert.equal(r.status, 500);
    assert.match(r.text, /^fault\|Error while validating the JSON Schema\|/);
  });

  it('a schema that is missing or does not compile is a fault, not on-fail', async () => {
    let r = await xml('/missing', PARCEL_OK);
    assert.equal(r.status, 500);
    assert.match(r.text, /^fault\|No Schema is available with the key {2}: gov:\/schemas\/absent\.xsd\|/);
    // the import is not mapped by any <resource>: nothing is read from disk or network
    r = await xml('/unmapped', PARCEL_OK);
    assert.equal(r.status, 500);
    const [, message, detail] = r.text.split('|');
    assert.equal(
      message,
      "Error creating a new schema objects for schemas : [Value {name ='key', keyValue ='ParcelSchema'}]",
    );
    assert.match(detail!, /units\/measures\.xsd/);
  });

  it('a resource may import or include another resource, each answered by its <resource> (no caching of a failed compile)', async () => {
    // first a resource with a DOCTYPE: refused, and the failed compilation is not kept
    let r = await xml('/box', '<box><side>100</side></box>', { 'X-Limits': 'gov:/schemas/units/sneaky.xsd' });
    assert.equal(r.status, 500);
    assert.match(
      r.text,
      /^fault\|Error creating a new schema objects for schemas : \[Value \{name ='key', keyValue ='BoxSchema'\}\]\|.*sneaky\.xsd.*DOCTYPE/s,
    );
    const limits = { 'X-Limits': 'gov:/schemas/units/limits.xsd' };
    r = await xml('/box', '<box><side>100</side></box>', limits);
    assert.equal(r.text, 'valid');
    r = await xml('/box', '<box><side>121</side></box>', limits);
    assert.equal(
      r.text,
      "cvc-maxInclusive-valid: Value '121' is not facet-valid with respect to maxInclusive '120' for type 'Centimetres'.\n" +
        "cvc-type.3.1.3: The value '121' of element 'side' is not valid.\n|code=",
    );
    // an element declared in an included resource: its anonymous type is named as Xerces names it
    r = await xml('/box', `<box xmlns:u="${UNITS_NS}"><side>1</side><u:depth>60</u:depth></box>`, limits);
    assert.equal(
      r.text,
      "cvc-maxInclusive-valid: Value '60' is not facet-valid with respect to maxInclusive '50' for type '#AnonType_depth'.\n" +
        "cvc-type.3.1.3: The value '60' of element 'u:depth' is not valid.\n|code=",
    );
  });

  it('hostile schemas are refused: a DOCTYPE with an external entity, an import from the network', async () => {
    let r = await xml('/hostile', '<probe>x</probe>');
    assert.equal(r.status, 500);
    assert.match(
      r.text,
      /^fault\|Error creating a new schema objects for schemas : \[Value \{name ='key', keyValue ='HostileSchema'\}\]\|.*DOCTYPE/s,
    );
    assert.doesNotMatch(r.text, /root:/);
    r = await xml('/orphan', '<probe>1</probe>');
    assert.equal(r.status, 500);
    assert.match(
      r.text,
      /^fault\|Error creating a new schema objects for schemas : \[Value \{name ='key', keyValue ='OrphanImport'\}\]\|/,
    );
  });
});
