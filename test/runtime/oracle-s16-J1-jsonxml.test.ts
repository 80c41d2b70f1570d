/**
 * Session 16 (J1): JSON <-> XML conversion checked against Synapse's own converter. The expected values were produced
 * by a differential oracle: Synapse's staxon fork and JSON delegates (wso2-synapse modules/commons, compiled as they
 * are, with Woodstox 6.5.1 as the StAX implementation; MI 4.4 ships Woodstox 4.4.1, whose writer escapes the same way)
 * driven the way JsonUtil drives them: the input/output factories built with JsonUtil's configuration and the
 * synapse.properties defaults, JSON -> XML as getNewJsonPayload + JsonDataSource read it (JsonReaderDelegate, no
 * <?xml-multiple?>), XML -> JSON as writeAsJson does (removeIndentations, removeNamespaces, XmlReaderDelegate into the
 * JSON event writer). Inputs are our own; the outputs are the oracle's, written here as literals (CI runs no Java).
 * Cases are the ones that found a difference and a few representative agreeing ones.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDeploymentToml } from '../../runtime-debug/engine/deploymentToml';
import { Payload } from '../../runtime-debug/engine/payload';
import { parseXmlElement, serializeXml } from '../../runtime-debug/engine/payloadXml';
import {
  jsonToXml,
  setJsonOutputSettings,
  xmlToJson,
  type JsonOutputSettings,
} from '../../runtime-debug/engine/jsonxml';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const LIMITS = { maxBytes: 1 << 24, maxDepth: 500 };

/** A JSON body as the runtime shows it in XML (the body's first element, as <log level="full"/> writes it). */
function jsonAsXml(json: string, settings?: JsonOutputSettings): string {
  if (settings) setJsonOutputSettings(settings);
  try {
    const env = new Payload('application/json', Buffer.from(json), LIMITS).envelope();
    const body = env.documentElement!.children.find((c) => c.localName === 'Body')!;
    return serializeXml(body.children[0]!);
  } finally {
    if (settings) setJsonOutputSettings({});
  }
}

/** An XML body written as JSON (the JSON formatter's bytes), with MI's JSON writer settings (synapse.properties). */
function xmlAsJson(xml: string, settings?: JsonOutputSettings): string {
  if (settings) setJsonOutputSettings(settings);
  try {
    const out = new Payload('application/xml', Buffer.from(xml), LIMITS).serialize('application/json', true);
    return (out.body as Buffer).toString('utf8');
  } finally {
    if (settings) setJsonOutputSettings({});
  }
}

describe('oracle S16 J1: XML text and attributes are escaped as Woodstox writes them (MI JsonUtil, Axiom)', () => {
  it('text: `>` only when it starts the text or follows `]`; CR as &#xd;', () => {
    assert.equal(jsonAsXml('{"s":"<&>\\"\'"}'), '<jsonObject><s>&lt;&amp;>"\'</s></jsonObject>');
    assert.equal(
      jsonAsXml('{"s":">a","t":"a]>","u":"x>>"}'),
      '<jsonObject><s>&gt;a</s><t>a]&gt;</t><u>x>></u></jsonObject>',
    );
    assert.equal(serializeXml(parseXmlElement('<e>a&#13;b 1 &gt; 0</e>')), '<e>a&#xd;b 1 > 0</e>');
  });

  it('attributes: `>` as it is, tab / LF / CR as lower-case references', () => {
    assert.equal(
      serializeXml(parseXmlElement('<e a="x&gt;y" b="1&#9;2&#10;3&#13;" c="&lt;&quot;&amp;"/>')),
      '<e a="x>y" b="1&#x9;2&#xa;3&#xd;" c="&lt;&quot;&amp;"/>',
    );
  });
});

describe('oracle S16 J1: an XML payload whose root is jsonValue is written as its own text (JsonUtil.convertOMElementToJson)', () => {
  it('any text, as it is: a quoted string, a word, JSON, an exponent; only its own text children', () => {
    const cases: [string, string][] = [
      ['<jsonValue>"x"</jsonValue>', '"x"'],
      ['<jsonValue>abc</jsonValue>', 'abc'],
      ['<jsonValue>true</jsonValue>', 'true'],
      ['<jsonValue>{"a":1}</jsonValue>', '{"a":1}'],
      ['<jsonValue>1e5</jsonValue>', '1e5'],
      ['<jsonValue>  </jsonValue>', ''],
      ['<jsonValue/>', ''],
      ['<jsonValue>a<b>c</b>d</jsonValue>', 'ad'],
      ['<p:jsonValue xmlns:p="urn:p">1.50</p:jsonValue>', '1.50'],
      ['<jsonValue><![CDATA["<x>"]]></jsonValue>', '"<x>"'],
    ];
    for (const [xml, json] of cases) assert.equal(xmlAsJson(xml), json, xml);
  });
});

describe('oracle S16 J1: JSON attributes as staxon JsonXMLStreamReader reads them', () => {
  it('an "@name" member after an array or object member of the same object is lost; after scalars it is kept', () => {
    const cases: [string, string][] = [
      ['{"a":{"b":[1],"@x":"y"}}', '<jsonObject><a><b>1</b></a></jsonObject>'],
      ['{"a":{"b":[],"@x":"y"}}', '<jsonObject><a/></jsonObject>'],
      ['{"a":{"b":{"c":1},"@x":"y"}}', '<jsonObject><a><b><c>1</c></b></a></jsonObject>'],
      ['{"x":[1],"@r":"z"}', '<jsonObject><x>1</x></jsonObject>'],
      ['{"a":{"@x":"1","b":{"c":1},"@z":"w"}}', '<jsonObject><a x="1"><b><c>1</c></b></a></jsonObject>'],
      ['[{"b":[1],"@x":"y"}]', '<jsonArray><jsonElement><b>1</b></jsonElement></jsonArray>'],
      ['{"a":{"b":null,"@x":"y"}}', '<jsonObject><a x="y"><b/></a></jsonObject>'],
      ['{"a":{"@x":"y","b":1,"@z":"w"}}', '<jsonObject><a x="y" z="w"><b>1</b></a></jsonObject>'],
      ['{"a":{"$":"t","@x":"y"}}', '<jsonObject><a x="y">t</a></jsonObject>'],
    ];
    for (const [json, xml] of cases) assert.equal(jsonAsXml(json), xml, json);
  });

  it('"@name" with an object of scalars makes each member an attribute', () => {
    assert.equal(jsonAsXml('{"a":{"@p":{"q":"1","r":2}}}'), '<jsonObject><a q="1" r="2"/></jsonObject>');
    assert.equal(jsonAsXml('{"a":{"@p":{"q":"1"},"b":2}}'), '<jsonObject><a q="1"><b>2</b></a></jsonObject>');
  });
});

describe('oracle S16 J1: a root jsonObject / jsonArray written as JSON (staxon JsonStreamTargetImpl drops the name)', () => {
  it('its text alone is a scalar; other children an object; attributes `@` members', () => {
    const cases: [string, string][] = [
      ['<jsonObject>Yes</jsonObject>', '"Yes"'],
      ['<jsonObject>10.50</jsonObject>', '10.50'],
      ['<jsonObject><![CDATA[1]]></jsonObject>', '1'],
      ['<jsonArray>00</jsonArray>', '"00"'],
      ['<jsonArray n="&quot;q&quot;">NaN</jsonArray>', '{"@n":"\\"q\\"","$":"NaN"}'],
      ['<jsonArray><item>1234567.0</item></jsonArray>', '{"item":1234567.0}'],
      ['<jsonArray><a>1</a><b>x</b></jsonArray>', '{"a":1,"b":"x"}'],
      ['<jsonArray n="1"><b><c>2</c></b></jsonArray>', '{"@n":"1","b":{"c":2}}'],
      // as before: jsonElement children are the array, one without <?xml-multiple?> its value; empty is null
      ['<jsonArray><jsonElement>1</jsonElement><jsonElement>2</jsonElement></jsonArray>', '[1,2]'],
      ['<jsonArray><jsonElement>1</jsonElement></jsonArray>', '1'],
      ['<jsonArray><?xml-multiple jsonElement?><jsonElement>1</jsonElement></jsonArray>', '[1]'],
      ['<jsonObject><a>1</a></jsonObject>', '{"a":1}'],
      ['<jsonObject/>', 'null'],
      ['<jsonArray/>', 'null'],
    ];
    for (const [xml, json] of cases) assert.equal(xmlAsJson(xml), json, xml);
  });
});

describe('oracle S16 J1: namespace settings of the JSON writer (JsonUtil.transformElement, staxon)', () => {
  const XML = '<p:r xmlns:p="urn:p"><q:a xmlns:q="urn:q" p:x="1"><q:b>1</q:b></q:a><p:a>2</p:a></p:r>';
  it('enableNSDeclarations alone writes no declarations: without preserve.namespace they are removed first', () => {
    assert.equal(
      xmlAsJson(XML, { ns: { preserve: false, decls: true, sep: '_' } }),
      '{"r":{"a":[{"@x":"1","b":1},2]}}',
    );
    assert.equal(
      xmlAsJson('<r xmlns:p="urn:p">0.0</r>', { ns: { preserve: false, decls: true, sep: '_' } }),
      '{"r":0.0}',
    );
  });
  it('with preserve.namespace: prefixed keys, and the declarations as @xmlns members', () => {
    assert.equal(
      xmlAsJson(XML, { ns: { preserve: true, decls: false, sep: '_' } }),
      '{"p_r":{"q_a":{"@p_x":"1","q_b":1},"p_a":2}}',
    );
    assert.equal(
      xmlAsJson(XML, { ns: { preserve: true, decls: true, sep: ':' } }),
      '{"p:r":{"@xmlns:p":"urn:p","q:a":{"@xmlns:q":"urn:q","@p:x":"1","q:b":1},"p:a":2}}',
    );
  });
});

describe('oracle S16 J1: deployment.toml values are read back through synapse.properties (java.util.Properties)', () => {
  /** The JSON writer settings of a deployment.toml. */
  function settingsOf(toml: string): JsonOutputSettings {
    const dir = mkdtempSync(join(tmpdir(), 'j1-toml-'));
    try {
      mkdirSync(join(dir, 'deployment'));
      writeFileSync(join(dir, 'deployment', 'deployment.toml'), toml);
      return readDeploymentToml(dir).json;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const XML = '<r><a>12</a><b>d</b><c>true</c></r>';
  it('synapse.commons.json.output.jsonoutMultiplePI = false: the writer ignores <?xml-multiple?>', () => {
    const toml = "[synapse_properties]\n'synapse.commons.json.output.jsonoutMultiplePI' = false\n";
    assert.equal(
      xmlAsJson(
        '<r><?xml-multiple a?><a>1</a><?xml-multiple?><b>2</b><?xml-multiple c?></r>',
        settingsOf(toml),
      ),
      '{"r":{"a":1,"b":2}}',
    );
  });

  it('synapse.json.to.xml.processing.instruction.enabled: each array of the payload view is announced, so one of one comes back', () => {
    const toml = "[synapse_properties]\n'synapse.json.to.xml.processing.instruction.enabled' = true\n";
    const settings = settingsOf(toml);
    // (Axiom writes an instruction inside an element with two spaces; MI's JSON data source, unexpanded, with one)
    assert.equal(
      jsonAsXml('{"1a":[1],"e":[],"n":[[1]],"o":[{"p":[null]}]}', settings),
      '<jsonObject><?xml-multiple  1a?><_JsonReader_PD_1a>1</_JsonReader_PD_1a><?xml-multiple  e?><?xml-multiple  n?>' +
        '<n><jsonArray><?xml-multiple  jsonElement?><jsonElement>1</jsonElement></jsonArray></n><?xml-multiple  o?><o><?xml-multiple  p?><p/></o></jsonObject>',
    );
    assert.equal(jsonAsXml('[]', settings), '<jsonArray><?xml-multiple  jsonElement?></jsonArray>');
    assert.equal(
      xmlAsJson(jsonAsXml('{"r":{"a":[1],"e":[],"o":[{"p":[null]}]}}', settings), settings),
      '{"r":{"a":[1],"e":[],"o":[{"p":[null]}]}}',
    );
  });

  it('synapse.commons.enableXmlNilReadWrite: a JSON null is an element with a plain nil="true", and null again', () => {
    const settings = { xmlNil: true };
    const xml = jsonAsXml('{"a":null,"b":[null,1],"c":{"d":null}}', settings);
    assert.equal(
      xml,
      '<jsonObject><a nil="true"/><b nil="true"/><b>1</b><c><d nil="true"/></c></jsonObject>',
    );
    assert.equal(xmlAsJson(xml, settings), '{"a":null,"b":[null,1],"c":{"d":null}}');
  });

  it('PRESERVE_SPACES (axis2): a whitespace-only text alone in its element is kept, a root jsonObject too', () => {
    const preserved = (xml: string) => {
      const p = new Payload('application/xml', Buffer.from(xml), LIMITS);
      p.preserveSpaces = true;
      return (p.serialize('application/json', true).body as Buffer).toString('utf8');
    };
    assert.equal(preserved('<jsonObject> </jsonObject>'), '" "');
    assert.equal(
      preserved('<r><a> </a><c>\n  <d>1</d>\n</c><f> <!--c--> </f></r>'),
      '{"r":{"a":" ","c":{"d":1},"f":null}}',
    );
    assert.equal(xmlAsJson('<jsonObject> </jsonObject>'), 'null');
  });

  it('a backslash escapes the next character: "^\\\\d+$|true" is the regex ^d+$|true, "^\\\\\\\\d+$|true" is ^\\d+$|true', () => {
    assert.equal(
      xmlAsJson(XML, settingsOf('[mediation]\nsynapse.disable_auto_primitive_regex = "^\\\\d+$|true"\n')),
      '{"r":{"a":12,"b":"d","c":"true"}}',
    );
    assert.equal(
      xmlAsJson(XML, settingsOf('[mediation]\nsynapse.disable_auto_primitive_regex = "^\\\\\\\\d+$|true"\n')),
      '{"r":{"a":"12","b":"d","c":"true"}}',
    );
    assert.equal(
      xmlAsJson(
        XML,
        settingsOf(
          "[synapse_properties]\n'synapse.commons.json.output.disableAutoPrimitive.regex' = '^[0-9]+$'\n",
        ),
      ),
      '{"r":{"a":"12","b":"d","c":true}}',
    );
  });
});

describe('oracle S16 J1: JSON keys as element names (JsonReaderDelegate)', () => {
  it('a key starting with any decimal digit (Character.isDigit) gets _JsonReader_PD_; other names as they are', () => {
    assert.equal(
      jsonAsXml('{"١":1,"x":{"٢":[1,2]},"²":3,"𝟘":4}'),
      '<jsonObject><_JsonReader_PD_١>1</_JsonReader_PD_١><x><_JsonReader_PD_٢>1</_JsonReader_PD_٢><_JsonReader_PD_٢>2</_JsonReader_PD_٢></x><²>3</²><𝟘>4</𝟘></jsonObject>',
    );
  });

  it('a key no XML name can be is the element name as it is (Axiom takes it, Woodstox writes it unchecked)', () => {
    assert.equal(
      jsonAsXml('{"a b":1,"a@b":2,"-a":3,"#text":4,"":5,"a:b":6,"ab\\ncd":7}'),
      '<jsonObject><a b>1</a b><a@b>2</a@b><-a>3</-a><#text>4</#text><>5</><a:b>6</a:b><ab\ncd>7</ab\ncd></jsonObject>',
    );
    // and comes back as the key; a name holding _xHHHH_ is a name like any other, both ways
    const v = { r: { 'a b': 1, _x0020_: 2, a_x0020_b: 3, '': 4 } };
    assert.deepEqual(xmlToJson(jsonToXml(v)), v);
    assert.equal(
      xmlAsJson('<r><First_x0020_Name>1</First_x0020_Name><a_x005F_b>2</a_x005F_b></r>'),
      '{"r":{"First_x0020_Name":1,"a_x005F_b":2}}',
    );
  });

  it('"@name" is an attribute of any name, prefixed ones as they are; "@xmlns" declares the default namespace', () => {
    assert.equal(
      jsonAsXml('{"a":{"@1":"y","@a b":"z","@$x":"w","@xml:lang":"en","@p:q":"1"}}'),
      '<jsonObject><a 1="y" a b="z" $x="w" xml:lang="en" p:q="1"/></jsonObject>',
    );
    assert.equal(
      jsonAsXml('{"@xmlns:p":"urn:x","p:a":1}'),
      '<jsonObject xmlns:p="urn:x"><p:a>1</p:a></jsonObject>',
    );
    assert.equal(
      jsonAsXml('{"a":{"@xmlns":"urn:x","b":{"c":1}},"d":2}'),
      '<jsonObject><a xmlns="urn:x"><b><c>1</c></b></a><d>2</d></jsonObject>',
    );
  });

  it('synapse.commons.json.buildValidNCNames: each unit an NCName cannot hold is _JsonReader_<code>_, and back', () => {
    const nc = { ncNames: true };
    assert.equal(
      jsonAsXml('{"a b":1,"1 a":2,"$a b":3,"a@b":{"c:d":4},"²":5,"𝟘":6,"_x0020_":7}', nc),
      '<jsonObject><a_JsonReader_32_b>1</a_JsonReader_32_b><_JsonReader_PD_1_JsonReader_32_a>2</_JsonReader_PD_1_JsonReader_32_a>' +
        '<_JsonReader_PS_a_JsonReader_32_b>3</_JsonReader_PS_a_JsonReader_32_b><a_JsonReader_64_b><c_JsonReader_58_d>4</c_JsonReader_58_d></a_JsonReader_64_b>' +
        '<_JsonReader_178_>5</_JsonReader_178_><_JsonReader_55349__JsonReader_57304_>6</_JsonReader_55349__JsonReader_57304_><_x0020_>7</_x0020_></jsonObject>',
    );
  });
});

describe('oracle S16 J1: JSON <-> XML agreeing cases (representative)', () => {
  it('JSON -> XML', () => {
    const cases: [string, string][] = [
      [
        '{"a":1,"b":[1,2],"c":{"d":null},"1x":"y","$k":true}',
        '<jsonObject><a>1</a><b>1</b><b>2</b><c><d/></c><_JsonReader_PD_1x>y</_JsonReader_PD_1x><_JsonReader_PS_k>true</_JsonReader_PS_k></jsonObject>',
      ],
      [
        '[1,[2,3],{}]',
        '<jsonArray><jsonElement>1</jsonElement><jsonElement><jsonArray><jsonElement>2</jsonElement><jsonElement>3</jsonElement></jsonArray></jsonElement><jsonElement/></jsonArray>',
      ],
      [
        '{"n":[1.0,1e5,-0,12345678901234567890]}',
        '<jsonObject><n>1.0</n><n>1e5</n><n>-0</n><n>12345678901234567890</n></jsonObject>',
      ],
      ['{"@a":"x","$":"t"}', '<jsonObject a="x">t</jsonObject>'],
      ['{"a":[],"b":[null]}', '<jsonObject><b/></jsonObject>'],
    ];
    for (const [json, xml] of cases) assert.equal(jsonAsXml(json), xml, json);
  });

  it('XML -> JSON', () => {
    const cases: [string, string][] = [
      ['<r><a>1</a><a>x</a><b c="2">3</b></r>', '{"r":{"a":[1,"x"],"b":{"@c":"2","$":3}}}'],
      ['<r><?xml-multiple a?><a>01</a><b>1.10e3</b><c>-0</c></r>', '{"r":{"a":["01"],"b":1.10E+3,"c":0}}'],
      ['<r><a>1</a><b/><a>2</a></r>', '{"r":{"a":1,"b":null,"a":2}}'],
    ];
    for (const [xml, json] of cases) assert.equal(xmlAsJson(xml), json, xml);
  });
});

describe('oracle S16 J1: over HTTP', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'J1Xml.xml': api(
        'J1Xml',
        '/j1/xml',
        '<property name="messageType" value="application/xml" scope="axis2"/><respond/>',
      ),
      'J1Eval.xml': api(
        'J1Eval',
        '/j1/eval',
        `<property name="n" expression="json-eval($.r.name)"/>
         <payloadFactory media-type="json"><format>{"n":"$1"}</format><args><arg expression="get-property('n')"/></args></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('a JSON string with `>` goes out in XML as Woodstox writes it', async () => {
    const r = await send(`${t.base}/j1/xml`, {
      body: '{"cmp":"a > b","tag":">x"}',
      type: 'application/json',
    });
    assert.equal(r.text, '<jsonObject><cmp>a > b</cmp><tag>&gt;x</tag></jsonObject>');
  });

  it('a JSON key no XML name can be goes out in XML as it is, as MI writes it (not well-formed)', async () => {
    const r = await send(`${t.base}/j1/xml`, {
      body: '{"first name":"Ann","@id":"7","1st":true,"$ref":"#a"}',
      type: 'application/json',
    });
    assert.equal(
      r.text,
      '<jsonObject id="7"><first name>Ann</first name><_JsonReader_PD_1st>true</_JsonReader_PD_1st><_JsonReader_PS_ref>#a</_JsonReader_PS_ref></jsonObject>',
    );
  });

  it('json-eval on XML whose name repeats with another between: the last value (MI parses the JSON text, duplicate keys, with Gson)', async () => {
    const r = await send(`${t.base}/j1/eval`, {
      body: '<r><name>1</name><a/><name>2</name></r>',
      type: 'application/xml',
    });
    assert.equal(r.text, '{"n":"2"}');
    const s = await send(`${t.base}/j1/eval`, {
      body: '<r><name>1</name><name>2</name></r>',
      type: 'application/xml',
    });
    assert.equal(s.text, '{"n":"[1,2]"}');
  });
});
