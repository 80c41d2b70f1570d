/**
 * Session 17 (W2): header and log mediators compared with MI's own mediation core.
 *
 * How the expectations were made: expected values produced by Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc /
 * 8ffe5865) compiled and driven by a harness (session 17 S1, "mi-run"): a request set up as the pass-through
 * ServerWorker does, built lazily with the builders of MI's axis2.xml, an anonymous sequence mediated in an
 * Axis2SynapseEnvironment, the answer written as PassThroughHttpSender does. The same cases (our own flows and
 * payloads, hand-written and seeded-generated over JSON, XML, SOAP 1.1/1.2, text and form requests) ran through our
 * runtime; each case here is one the two answered differently (now fixed). The harness's answers are the literals.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';
import { Runtime } from '../../runtime-debug/engine/runtime';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const JSON_BODY = '{"b":[1],"c":"007","d":1.50}';

describe('oracle s17 W2: header and log mediators through MI mediation core (mi-run harness)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'W2a.xml': api(
        'W2a',
        '/s17w2/jsonfull',
        '<header xmlns:h="urn:w2" name="h:tok" value="v"/><log level="full"/><respond/>',
      ),
      'W2b.xml': api(
        'W2b',
        '/s17w2/jsonheaders',
        '<header><w:sec xmlns:w="urn:w2s"><w:u>me</w:u></w:sec></header><log level="headers"/><respond/>',
      ),
      'W2c.xml': api(
        'W2c',
        '/s17w2/text',
        '<header xmlns:h="urn:w2" name="h:tok" value="v"/><log level="headers"/><log level="full"/><respond/>',
      ),
      'W2d.xml': api(
        'W2d',
        '/s17w2/remove',
        '<header xmlns:h="urn:w2" name="h:tok" action="remove"/><respond/>',
      ),
      'W2g.xml': api(
        'W2g',
        '/s17w2/nullsource',
        `<property name="blank" value=""/>
         <switch source="$ctx:nope"><case regex=".*"><log level="custom"><property name="s1" value="case"/></log></case>
           <default><log level="custom"><property name="s1" value="default"/></log></default></switch>
         <switch source="get-property('transport','X-Nope')"><case regex=".*"><log level="custom"><property name="s2" value="case"/></log></case></switch>
         <filter source="$trp:X-Nope" regex=".*"><then><log level="custom"><property name="f1" value="then"/></log></then>
           <else><log level="custom"><property name="f1" value="else"/></log></else></filter>
         <switch source="$ctx:blank"><case regex=".*"><log level="custom"><property name="s3" value="case"/></log></case></switch>
         <filter source="string($ctx:nope)" regex=".*"><then><log level="custom"><property name="f2" value="then"/></log></then></filter>
         <switch source="\${properties.synapse.nope}"><case regex=".*"><log level="custom"><property name="s4" value="case"/></log></case></switch>
         <respond/>`,
      ),
      'W2i.xml': api(
        'W2i',
        '/s17w2/enrichexpr',
        '<enrich><source type="custom" xpath="\${payload.a}"/><target type="property" property="x"/></enrich><respond/>',
      ),
      'W2j.xml': api(
        'W2j',
        '/s17w2/enrichexprtarget',
        '<enrich><source type="inline">{"z":1}</source><target type="custom" xpath="\${payload.a}"/></enrich><respond/>',
      ),
      'W2k.xml': api(
        'W2k',
        '/s17w2/settext',
        '<enrich><source type="inline" clone="true">NEW</source><target type="custom" xpath="//o"/></enrich><respond/>',
      ),
      'W2l.xml': api(
        'W2l',
        '/s17w2/settexttarget',
        '<enrich><source type="inline">NEW</source><target type="custom" xpath="//o/text()[last()]"/></enrich><respond/>',
      ),
      'W2m.xml': api(
        'W2m',
        '/s17w2/jsonxmlenrich',
        '<enrich><source type="inline" clone="true"><z xmlns="">9</z></source><target type="custom" xpath="//a" action="sibling"/></enrich><log level="full"/><respond/>',
      ),
      'W2e.xml': api(
        'W2e',
        '/s17w2/implicit',
        '<header action="remove"><w:sec xmlns:w="urn:w2s"/></header><respond/>',
      ),
    });
  });
  after(() => t.close());

  const mediatorLines = (from: number) =>
    t.logs
      .slice(from)
      .filter((l) => l.category === 'LogMediator')
      .map((l) => l.message.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>'));

  it('a SOAP header set on a JSON message leaves the JSON stream: a full log shows the JSON, the answer is the JSON received (MI HeaderMediator.addCustomHeader touches the Header only)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w2/jsonfull`, { body: JSON_BODY, type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, JSON_BODY);
    assert.deepEqual(mediatorLines(n), [
      `To: /s17w2/jsonfull, MessageID: urn:uuid:<id>, correlation_id: <id>, Direction: request, Payload: ${JSON_BODY}`,
    ]);
  });

  it('log level headers lists the SOAP header blocks of a JSON message too (LogMediator reads getEnvelope().getHeader())', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w2/jsonheaders`, { body: JSON_BODY, type: 'application/json' });
    assert.equal(r.text, JSON_BODY);
    assert.deepEqual(mediatorLines(n), [' correlation_id : <id>, sec : ']);
  });

  it('a text message: headers lists the block, a full log shows it in the envelope, the answer is the text', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w2/text`, { body: 'plain 1', type: 'text/plain' });
    assert.equal(r.text, 'plain 1');
    assert.deepEqual(mediatorLines(n), [
      ' correlation_id : <id>, tok : v',
      `To: /s17w2/text, MessageID: urn:uuid:<id>, correlation_id: <id>, Direction: request, Envelope: <?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Header><h:tok xmlns:h="urn:w2">v</h:tok></soapenv:Header><soapenv:Body><text xmlns="http://ws.apache.org/commons/ns/payload">plain 1</text></soapenv:Body></soapenv:Envelope>`,
    ]);
  });

  it('removing a SOAP header from an envelope without a Header adds no Header (HeaderMediator: envelope.getHeader() != null)', async () => {
    const r = await send(`${t.base}/s17w2/remove`, {
      body: `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><n>1</n></soapenv:Body></soapenv:Envelope>`,
      type: 'text/xml',
    });
    assert.equal(
      r.text,
      `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><n>1</n></soapenv:Body></soapenv:Envelope>`,
    );
  });

  it('removing a SOAP header takes that name only, the other blocks of its namespace stay', async () => {
    const r = await send(`${t.base}/s17w2/remove`, {
      body: `<s:Envelope xmlns:s="${SOAP12}"><s:Header><h:tok xmlns:h="urn:w2">1</h:tok><h:tok2 xmlns:h="urn:w2">2</h:tok2></s:Header><s:Body><n>1</n></s:Body></s:Envelope>`,
      type: 'application/soap+xml',
    });
    assert.equal(
      r.text,
      `<?xml version='1.0' encoding='UTF-8'?><s:Envelope xmlns:s="${SOAP12}"><s:Header><h:tok2 xmlns:h="urn:w2">2</h:tok2></s:Header><s:Body><n>1</n></s:Body></s:Envelope>`,
    );
  });

  it("action remove of an embedded header block (no name) fails: HeaderMediator's null qName (NullPointerException, ERROR_CODE 0)", async () => {
    const n = t.logs.length;
    await send(`${t.base}/s17w2/implicit`, { body: JSON_BODY, type: 'application/json' });
    const line = mediatorLines(n).join('\n');
    assert.match(
      line,
      /ERROR_CODE = 0, ERROR_MESSAGE = Cannot invoke "javax\.xml\.namespace\.QName\.getNamespaceURI\(\)" because "this\.qName" is null, Payload: \{"b":\[1\],"c":"007","d":1\.50\}/,
    );
  });

  it("a switch/filter source that is a lone read of a missing property is Java null: switch takes its default (none: SwitchCase warns, no case runs), filter source+regex is false; '' or a string() of it, or a \${} read, is '' and matches (SwitchMediator, SwitchCase.matches, FilterMediator.test)", async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17w2/nullsource`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.deepEqual(mediatorLines(n), ['s1 = default', 'f1 = else', 's3 = case', 'f2 = then', 's4 = case']);
    assert.deepEqual(
      t.logs
        .slice(n)
        .filter((l) => l.category === 'SwitchCase')
        .map((l) => `${l.level} ${l.message}`),
      [
        "WARN Provided character sequence for switch case condition is 'null'. Switch case will not be executed.",
      ],
    );
  });

  it('a log property with a blank value is refused at deploy (MediatorPropertyFactory: "Entry attribute value (if specified) is required for a Log property")', () => {
    const rt = new Runtime({ httpPort: 0 });
    const r = rt.deploy([
      {
        name: 'W2f.xml',
        text: api(
          'W2f',
          '/s17w2/f',
          '<log level="custom"><property name="a" value=" "/><property name="b" value="" expression="$body"/></log><respond/>',
        ),
      },
    ]);
    assert.deepEqual(
      r.problems.map((p) => `${p.code} ${p.message}`),
      [
        'RT_BAD_MEDIATOR Entry attribute value (if specified) is required for a Log property',
        'RT_BAD_MEDIATOR Entry attribute value (if specified) is required for a Log property',
      ],
    );
  });

  it('an enrich property source or target without its property attribute is refused at deploy, in the factory\'s words (EnrichMediatorFactory.populateSource/populateTarget: "xpath attribute is required for CUSTOM type")', () => {
    const rt = new Runtime({ httpPort: 0 });
    for (const e of [
      '<source type="body"/><target type="property"/>',
      '<source type="property"/><target type="body"/>',
    ]) {
      const r = rt.deploy([
        { name: 'W2h.xml', text: api('W2h', '/s17w2/h', `<enrich>${e}</enrich><respond/>`) },
      ]);
      assert.deepEqual(
        r.problems.map((p) => `${p.code} ${p.message}`),
        ['RT_MISSING_ATTRIBUTE xpath attribute is required for CUSTOM type'],
        e,
      );
    }
  });

  it('an enrich with a ${} custom source or target fails at run time (SynapseExpression is no JSON path: the XML way calls Jaxen selectNodes on the message context, a ClassCastException, ERROR_CODE 0)', async () => {
    for (const [path, body, type, tail] of [
      ['enrichexpr', '{"a":{"b":1}}', 'application/json', 'Payload: {"a":{"b":1}}'],
      ['enrichexprtarget', '<r><a>1</a></r>', 'application/xml', 'Envelope: '],
    ]) {
      const n = t.logs.length;
      await send(`${t.base}/s17w2/${path}`, { body, type });
      const line = mediatorLines(n).join('\n');
      assert.ok(
        line.includes(
          `ERROR_CODE = 0, ERROR_MESSAGE = class org.apache.synapse.core.axis2.Axis2MessageContext cannot be cast to class org.apache.axiom.om.OMNode, ${tail}`,
        ),
        line,
      );
    }
  });

  it("an enrich text onto an element is Axiom 1.2.11's OMElement.setText: the first text child goes, elements and later texts stay, the text is appended last (Target.insertElement replace)", async () => {
    for (const [path, body, out] of [
      ['settext', '<r><o><id>7</id><item>pen</item></o></r>', '<r><o><id>7</id><item>pen</item>NEW</o></r>'],
      ['settext', '<r><o>a<b>1</b>c</o></r>', '<r><o><b>1</b>cNEW</o></r>'],
      ['settext', '<r><o>\n  <b>1</b>\n</o></r>', '<r><o><b>1</b>\nNEW</o></r>'],
      ['settext', '<r><o><![CDATA[x]]><b/>t</o></r>', '<r><o><b/>tNEW</o></r>'],
      ['settexttarget', '<r><o>a<b>1</b>c</o></r>', '<r><o><b>1</b>cNEW</o></r>'],
    ]) {
      const r = await send(`${t.base}/s17w2/${path}`, { body, type: 'application/xml' });
      assert.equal(r.text, out, body);
    }
  });

  it("a JSON message an XML enrich changed has lost its JSON stream: a full log writes the envelope (Target.insert's removeOutdatedJsonStream, JsonUtil.hasAJsonPayload)", async () => {
    const n = t.logs.length;
    await send(`${t.base}/s17w2/jsonxmlenrich`, {
      body: '{"a":"x y","b":[1,2,3]}',
      type: 'application/json',
    });
    assert.deepEqual(mediatorLines(n), [
      `To: /s17w2/jsonxmlenrich, MessageID: urn:uuid:<id>, correlation_id: <id>, Direction: request, Envelope: <?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><jsonObject><a>x y</a><z>9</z><b>1</b><b>2</b><b>3</b></jsonObject></soapenv:Body></soapenv:Envelope>`,
    ]);
  });
});
