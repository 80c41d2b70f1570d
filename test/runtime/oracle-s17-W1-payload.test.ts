/**
 * Session 17 (W1): payloadFactory default (regex) templates, property and variable, compared with MI's own mediation
 * core.
 *
 * How the expectations were made: expected values produced by Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc /
 * 8ffe5865) compiled and driven by a harness (session 17 S1): it sets the request up as the pass-through ServerWorker
 * does, builds it with MI's builders when a content-aware mediator asks, mediates the sequence and writes the answer
 * as PassThroughHttpSender does. The same inputs (our own) ran through our runtime; each case here is one the two
 * answered differently (now fixed) or a representative agreeing one, with the harness's answer as a literal.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

interface Case {
  /** what the case shows, with the Synapse source that decides it */
  title: string;
  seq: string;
  type: string;
  body: string;
  /** MI's answer body */
  out: string;
}

const JSON_BODY = '{"id":7,"tags":["x","y\\\\z"],"who":"Bo \\"B\\""}';

const CASES: Case[] = [
  {
    title:
      'an XPath arg over a JSON body into a JSON template: a backslash in a value stays escaped (getArgValues quoteReplacement, TemplateProcessor.convertXmlArgumentToJson)',
    seq: '<payloadFactory media-type="json"><format>{"q":"$1","u":$1}</format><args><arg expression="//tags"/></args></payloadFactory>',
    type: 'application/json',
    body: JSON_BODY,
    out: '{"q":"{"tags":["x","y\\\\z"]}","u":{"tags":["x","y\\\\z"]}}',
  },
  {
    title: 'an XML arg into a JSON template: its own backslashes and dollars come out as they were',
    seq: '<payloadFactory media-type="json"><format>{"a":$1}</format><args><arg expression="//r"/></args></payloadFactory>',
    type: 'application/xml',
    body: '<r><v>a\\\\b</v><w>c$d</w><n>p$1q</n><m>x\\"y</m></r>',
    out: '{"a":{"r":{"v":"a\\\\\\\\b","w":"c$d","n":"p$1q","m":"x\\\\\\"y"}}}',
  },
  {
    title: 'an XML arg with a backslash-n text into a JSON template keeps the backslash (TemplateProcessor)',
    seq: '<payloadFactory media-type="json"><format>{"a":$1}</format><args><arg expression="//r"/></args></payloadFactory>',
    type: 'application/xml',
    body: '<r><v>a\\nb</v></r>',
    out: '{"a":{"r":{"v":"a\\\\nb"}}}',
  },
  {
    title:
      'an unquoted ${xpath()} element in a JSON template: $n in a value is a group of the ${} match (RegexTemplateProcessor.convertXMLToJSON, appendReplacement)',
    seq: `<payloadFactory media-type="json"><format>{"a":\${xpath('//r')}}</format></payloadFactory>`,
    type: 'application/xml',
    body: '<r><v>p$1q</v></r>',
    out: '{"a":{"r":{"v":"pq"}}}',
  },
  {
    title: 'an unquoted ${xpath()} element in a JSON template: an escaped dollar is a dollar',
    seq: `<payloadFactory media-type="json"><format>{"a":\${xpath('//r')}}</format></payloadFactory>`,
    type: 'application/xml',
    body: '<r><v>\\$</v></r>',
    out: '{"a":{"r":{"v":"$"}}}',
  },
  {
    title: 'an unquoted ${xpath()} element in a JSON template: a backslash-n text becomes a line break',
    seq: `<payloadFactory media-type="json"><format>{"a":\${xpath('//r')}}</format></payloadFactory>`,
    type: 'application/xml',
    body: '<r><v>a\\nb</v></r>',
    out: '{"a":{"r":{"v":"a\\nb"}}}',
  },
  {
    title:
      'an XML template with a CDATA section: the result is parsed coalescing (TemplateProcessor.readInputFactoryProperties), written as escaped text',
    seq: '<payloadFactory media-type="xml"><format><r xmlns=""><![CDATA[$1]]></r></format><args><arg value="a&lt;b"/></args></payloadFactory>',
    type: 'application/json',
    body: '{}',
    out: '<r>a&lt;b</r>',
  },
  {
    title:
      'a line break or tab written in an attribute of the configuration is a space (attribute-value normalization); &#10; and &#9; stay',
    seq: '<payloadFactory media-type="json"><format>{"v":"$1"}</format><args><arg value="a\nb\tc\r\nd&#10;e&#9;f"/></args></payloadFactory>',
    type: 'application/xml',
    body: '<r/>',
    out: '{"v":"a b c d\\ne\\tf"}',
  },
  {
    title:
      'a quoted "${vars.v}" in an XML template: the escaped string goes to appendReplacement unquoted (\\y is y, $1 the expression); unquoted it is kept',
    seq: '<variable name="v" value="x\\y$1z&amp;"/><payloadFactory media-type="xml"><format><r xmlns=""><u>${vars.v}</u><q a="${vars.v}"/></r></format></payloadFactory>',
    type: 'application/json',
    body: '{}',
    out: '<r><u>x\\y$1z&amp;</u><q a="xyvars.vz&amp;"/></r>',
  },
];

describe('oracle s17 W1: payloadFactory templates through MI mediation core (mi-run harness)', () => {
  let t: TestRuntime;
  const report =
    '<faultSequence><log level="full"/><payloadFactory media-type="json"><format>{"code":"$1","msg":"$2"}</format>' +
    '<args><arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>' +
    '<property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence>';
  const res = (path: string, seq: string) =>
    `<resource methods="POST" uri-template="/${path}"><inSequence>${seq}<respond/></inSequence>${report}</resource>`;
  before(async () => {
    const files: Record<string, string> = {};
    CASES.forEach((c, i) => {
      files[`W1p${i}.xml`] = api(`W1p${i}`, `/s17w1/p${i}`, `${c.seq}<respond/>`);
    });
    files['W1f.xml'] =
      `<api xmlns="http://ws.apache.org/ns/synapse" name="W1f" context="/s17w1f">` +
      res(
        'attr',
        '<payloadFactory media-type="json"><format>{"a":$1}</format><args><arg expression="//r"/></args></payloadFactory>',
      ) +
      res(
        'inl',
        `<payloadFactory media-type="json"><format>{"a":\${xpath('//r')}}</format></payloadFactory>`,
      ) +
      res(
        'badxml',
        '<payloadFactory media-type="xml"><format><r xmlns=""><a k="$1"/></r></format><args><arg value="&lt;x&gt;1&lt;/x&gt;"/></args></payloadFactory>',
      ) +
      '</api>';
    t = await startRuntime(files);
  });
  after(() => t.close());

  CASES.forEach((c, i) => {
    it(c.title, async () => {
      const r = await send(`${t.base}/s17w1/p${i}`, { body: c.body, type: c.type });
      assert.equal(r.status, 200);
      assert.equal(r.text, c.out);
    });
  });

  it('an XML arg whose element has attributes and text: the "$" member the conversion writes fails appendReplacement ("Illegal group reference")', async () => {
    const r = await send(`${t.base}/s17w1f/attr`, { body: '<r><v k="1">t</v></r>', type: 'application/xml' });
    assert.equal(r.status, 500);
    assert.equal(r.text, '{"code":"0","msg":"Illegal group reference"}');
  });

  it('an XML arg with mixed content (elements and text) into a JSON template: staxon cannot write it, "Error converting XML to JSON"', async () => {
    const r = await send(`${t.base}/s17w1f/attr`, {
      body: '<r><a>1</a><b><c>2</c>tail</b></r>',
      type: 'application/xml',
    });
    assert.equal(r.status, 500);
    assert.equal(r.text, '{"code":"0","msg":"Error converting XML to JSON"}');
  });

  it('the same through an unquoted ${xpath()}: "Illegal group reference" (RegexTemplateProcessor.replace)', async () => {
    const r = await send(`${t.base}/s17w1f/inl`, { body: '<r><v k="1">t</v></r>', type: 'application/xml' });
    assert.equal(r.status, 500);
    assert.equal(r.text, '{"code":"0","msg":"Illegal group reference"}');
  });

  it('an XML template that does not parse: the input is consumed (consumeInputOnOmException), the fault sequence sees an empty envelope', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w1f/badxml`, { body: '{"k":1}', type: 'application/json' });
    assert.equal(r.status, 500);
    assert.match(r.text, /^\{"code":"0",/);
    const full = t.logs.slice(n).find((l) => l.category === 'LogMediator')?.message ?? '';
    assert.match(
      full,
      /Envelope: <\?xml version='1\.0' encoding='utf-8'\?><soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"><soapenv:Body\/><\/soapenv:Envelope>$/,
    );
  });
});

describe('oracle s17 W1: property scopes and types through MI mediation core (mi-run harness)', () => {
  let t: TestRuntime;
  const logLine = (seq: string) =>
    `${seq}<log level="custom"><property name="v" expression="$ctx:p"/><property name="c" expression="\${props.synapse.p}"/></log>` +
    '<payloadFactory media-type="json"><format>{"a":$1,"b":"$1","c":${props.synapse.p}}</format><args><arg expression="$ctx:p"/></args></payloadFactory><respond/>';
  before(async () => {
    t = await startRuntime({
      'W1op.xml': api(
        'W1op',
        '/s17w1/op',
        '<property name="p" value="v1" scope="operation"/><log level="custom"><property name="d" expression="get-property(\'p\')"/>' +
          '<property name="s" expression="get-property(\'operation\',\'p\')"/><property name="x" expression="$axis2:p"/>' +
          '<property name="y" expression="get-property(\'axis2\',\'p\')"/></log><respond/>',
      ),
      'W1cs.xml': api(
        'W1cs',
        '/s17w1/cs',
        '<payloadFactory media-type="json"><format>{"r":"\u00e9"}</format></payloadFactory>' +
          '<property name="CHARACTER_SET_ENCODING" value="ISO-8859-1" scope="axis2"/><respond/>',
      ),
      'W1jbad.xml': api(
        'W1jbad',
        '/s17w1/jbad',
        '<property name="p" value=",&gt;x&quot;" type="JSON"/><log level="custom"><property name="a" expression="$ctx:p"/>' +
          '<property name="b" expression="${props.synapse.p}"/></log>' +
          '<variable name="v" value="&gt;\\}" type="JSON"/><variable name="w" value="rt\\f" type="JSON"/>' +
          '<log level="custom"><property name="v" expression="${vars.v}"/><property name="w" expression="${vars.w}"/></log><respond/>',
      ),
      'W1jt.xml': api('W1jt', '/s17w1/jtrue', logLine('<property name="p" value="TRUE" type="JSON"/>')),
      'W1je.xml': api('W1je', '/s17w1/jempty', logLine('<property name="p" value="" type="JSON"/>')),
      'W1jm.xml': api(
        'W1jm',
        '/s17w1/jmissing',
        logLine('<property name="p" expression="json-eval($.missing)" type="JSON"/>'),
      ),
    });
  });
  after(() => t.close());

  const lastLog = (n: number) => t.logs.slice(n).find((l) => l.category === 'LogMediator')?.message;

  it('$axis2: and get-property(axis2) read an operation-scope property (Axis2 MessageContext.getProperty falls back to its OperationContext)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w1/op`, { body: '{"k":1}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(lastLog(n), 'd = null, s = v1, x = v1, y = v1');
  });

  it('CHARACTER_SET_ENCODING set in the flow: the JSON answer is written and named in it (PassThroughTransportUtils.getOMOutputFormat)', async () => {
    const res = await fetch(`${t.base}/s17w1/cs`, {
      method: 'POST',
      body: '{"k":1}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.headers.get('content-type'), 'application/json; charset=ISO-8859-1');
    assert.equal(
      Buffer.from(await res.arrayBuffer()).toString('hex'),
      Buffer.from('{"r":"\u00e9"}', 'latin1').toString('hex'),
    );
  });

  it('type JSON of text Gson cannot read even in quotes: the value is null (buildJSONElement logs "Malformed JSON payload")', async () => {
    const n = t.logs.length;
    await send(`${t.base}/s17w1/jbad`, { body: '{"k":1}', type: 'application/json' });
    const lines = t.logs
      .slice(n)
      .filter((l) => l.category === 'LogMediator')
      .map((l) => l.message);
    assert.deepEqual(lines, ['a = null, b = ', 'v = , w = rt\f']);
  });

  it('type JSON of "TRUE": Gson reads true/false/null in any letter case (JsonReader.peekKeyword)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w1/jtrue`, { body: '{"k":1}', type: 'application/json' });
    assert.equal(r.text, '{"a":true,"b":"true","c":true}');
    assert.equal(lastLog(n), 'v = true, c = true');
  });

  it('type JSON of an empty value: JsonParser reads the empty document as JsonNull (PropertyMediator.buildJSONElement)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w1/jempty`, { body: '{"k":1}', type: 'application/json' });
    assert.equal(r.text, '{"a":null,"b":"null","c":null}');
    assert.equal(lastLog(n), 'v = null, c = null');
  });

  it('type JSON of a json-eval that finds nothing: JsonNull as well', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w1/jmissing`, { body: '{"k":1}', type: 'application/json' });
    assert.equal(r.text, '{"a":null,"b":"null","c":null}');
    assert.equal(lastLog(n), 'v = null, c = null');
  });
});

describe('oracle s17 W1: typed values converted at deploy (mi-run harness)', () => {
  it('a value starting with $ that does not convert is refused at deploy as any other (PropertyMediatorFactory setValue, Utils.convertValue)', async () => {
    await assert.rejects(
      startRuntime({
        'W1dl.xml': api('W1dl', '/s17w1/dl', '<property name="p" value="$.$" type="LONG"/><respond/>'),
      }),
      /RT_BAD_VALUE/,
    );
    await assert.rejects(
      startRuntime({
        'W1dv.xml': api('W1dv', '/s17w1/dv', '<variable name="v" value="$9" type="DOUBLE"/><respond/>'),
      }),
      /RT_BAD_VALUE/,
    );
  });
});
