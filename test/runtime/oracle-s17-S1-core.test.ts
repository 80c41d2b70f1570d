/**
 * Session 17 (S1): whole flows (builder -> mediators -> formatter) compared with MI's own mediation core.
 *
 * How the expectations were made: "mi-run", a Java harness over Synapse (wso2-synapse, the MI 4.4 line) and Axis2
 * (wso2-axis2) compiled from source with Axiom 1.2.11-wso2, Woodstox, Gson, Jayway json-path 2.10: it sets a request
 * up as the pass-through ServerWorker does, builds it lazily through RelayUtils/DeferredMessageBuilder with the builders
 * of MI's axis2.xml when a content-aware mediator asks, mediates an anonymous sequence built by
 * SequenceMediatorFactory in an Axis2SynapseEnvironment, and writes the answer as PassThroughHttpSender does (the
 * formatter MessageFormatterDecoratorFactory picks, Content-Type from the ContentType property or the formatter). The
 * same cases ran through our runtime (an API whose resource calls the sequence, then <respond/>); each case here is one
 * the two answered differently (now fixed) or a representative agreeing one. Inputs are our own; expected values are
 * the harness's output, written as literals.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';
import { Runtime } from '../../runtime-debug/engine/runtime';

interface Case {
  /** what the case shows, with the Synapse/MI source that decides it */
  title: string;
  seq: string;
  type?: string;
  body?: string;
  /** MI's answer body (exact bytes as text) */
  out: string;
  contentType?: string;
}

const ADDR = '{"addr":{"city":"Oslo","zip":"0150","c":1}}';

const CASES: Case[] = [
  {
    title:
      'enrich type key: the renamed member goes last (Jayway renameInMap: setProperty then removeProperty)',
    seq: '<enrich><source type="inline" clone="true">town</source><target type="key" xpath="json-eval($.addr.city)"/></enrich>',
    body: ADDR,
    out: '{"addr":{"zip":"0150","c":1,"town":"Oslo"}}',
  },
  {
    title: 'enrich type key: a name already there takes the value where it stands, the old member goes',
    seq: '<enrich><source type="inline" clone="true">zip</source><target type="key" xpath="json-eval($.addr.city)"/></enrich>',
    body: ADDR,
    out: '{"addr":{"zip":"Oslo","c":1}}',
  },
  {
    title: 'enrich type key: renaming a key to its own name removes it (set, then remove the same name)',
    seq: '<enrich><source type="inline" clone="true">city</source><target type="key" xpath="json-eval($.addr.city)"/></enrich>',
    body: ADDR,
    out: '{"addr":{"zip":"0150","c":1}}',
  },
  {
    title: 'enrich type key at a wildcard path: every object has the new name last',
    seq: '<enrich><source type="inline" clone="true">nm</source><target type="key" xpath="json-eval($.l[*].n)"/></enrich>',
    body: '{"l":[{"n":1,"m":2},{"m":3,"n":4}]}',
    out: '{"l":[{"m":2,"nm":1},{"m":3,"nm":4}]}',
  },
  {
    title:
      'enrich type key to an index-like name: written last, as Gson keeps it (not first as JavaScript orders)',
    seq: '<enrich><source type="inline" clone="true">2</source><target type="key" xpath="json-eval($.a)"/></enrich>',
    body: '{"a":1,"b":2}',
    out: '{"b":2,"2":1}',
  },
  {
    title:
      'payloadFactory JSON template: a JSON null read unquoted is written as nothing (RegexTemplateProcessor)',
    seq: '<payloadFactory media-type="json"><format>{"x":${payload.none},"y":1}</format></payloadFactory>',
    body: '{"none":null}',
    out: '{"x":,"y":1}',
  },
  {
    title:
      'payloadFactory JSON template: an object is written by gson.toJson, null members left out at any depth',
    seq: '<payloadFactory media-type="json"><format>{"o":${payload.o}}</format></payloadFactory>',
    body: '{"o":{"k":null,"m":{"n":null,"p":[null,{"q":null}]}}}',
    out: '{"o":{"m":{"p":[null,{}]}}}',
  },
  {
    title:
      'payloadFactory JSON template: an array keeps its null items, quoted or not; a quoted object is its text',
    seq: '<payloadFactory media-type="json"><format>{"x":${payload.a},"y":"${payload.a}","z":"${payload.o}"}</format></payloadFactory>',
    body: '{"a":[{"k":null},null,{"m":[null]}],"o":{"k":null,"m":1}}',
    out: '{"x":[{},null,{"m":[null]}],"y":"[{},null,{\\"m\\":[null]}]","z":"{\\"m\\":1}"}',
  },
  {
    title:
      'a JSON body only read (an integer beyond 2^53 among what is read) goes out as the bytes it came as',
    seq: '<log category="INFO"><message>${payload.big}</message></log>',
    body: '{ "big" : 12345678901234567890, "s" : "\\u00e9" }',
    out: '{ "big" : 12345678901234567890, "s" : "\\u00e9" }',
  },
  {
    title: 'the same through json-eval: JsonStreamFormatter writes the JSON stream as received',
    seq: '<log level="custom"><property name="b" expression="json-eval($.big)"/></log>',
    body: '{"big":1234567890123456789,\n "s":"\\u00e9"}',
    out: '{"big":1234567890123456789,\n "s":"\\u00e9"}',
  },
  {
    title: 'enrich child onto a JSON string: Target logs "Cannot append ..." and the body goes on unchanged',
    seq: '<enrich><source type="inline" clone="true">{"n":1}</source><target type="custom" action="child" xpath="json-eval($.box.label)"/></enrich>',
    body: '{"box":{"label":"a"},"none":null}',
    out: '{"box":{"label":"a"},"none":null}',
  },
  {
    title: 'enrich child onto a JSON null: the same (read() gives the JsonNull, no NullPointerException)',
    seq: '<enrich><source type="inline" clone="true">{"n":1}</source><target type="custom" action="child" xpath="json-eval($.none)"/></enrich>',
    body: '{"box":{"label":"a"},"none":null}',
    out: '{"box":{"label":"a"},"none":null}',
  },
  {
    title:
      'payloadFactory XML template: a quote written &quot; in ${xpath(...)} is read as a quote (Axiom writes it so)',
    seq: '<payloadFactory media-type="xml"><format><r xmlns="">${xpath(&quot;//*[local-name()=\'n\']&quot;)}</r></format></payloadFactory>',
    type: 'application/xml',
    body: '<o><n>pen</n><n>ink</n></o>',
    out: '<r><n>pen</n><n>ink</n></r>',
  },
  {
    title:
      'payloadFactory: an xpath() number is its Java Double text (stringValueOf), in XML and JSON templates',
    seq: '<log level="full"/><payloadFactory media-type="json"><format>{"v":${xpath(\'count(//a)\')},"q":"${xpath(\'string-length(//b)\')}"}</format></payloadFactory>',
    type: 'application/xml',
    body: '<o><a>1</a><a>2.5</a><b>x</b></o>',
    out: '{"v":2.0,"q":"1.0"}',
  },
  {
    title: 'enrich from a JSON null: a source (the JsonNull read gives), replace sets null',
    seq: '<enrich><source type="custom" clone="true" xpath="json-eval($.n)"/><target type="custom" action="replace" xpath="json-eval($.s)"/></enrich>',
    body: '{"n":null,"s":"x","a":[1]}',
    out: '{"n":null,"s":null,"a":[1]}',
  },
  {
    title:
      'enrich a JSON null as a child of an array: appended as the string "null" (tryParseJsonString of its text)',
    seq: '<enrich><source type="custom" clone="false" xpath="json-eval($.n)"/><target type="custom" action="child" xpath="json-eval($.a)"/></enrich>',
    body: '{"n":null,"s":"x","a":[1]}',
    out: '{"s":"x","a":[1,"null"]}',
  },
  {
    title: 'enrich a JSON null to the body: logged (Unsupported JSON payload), the body kept',
    seq: '<enrich><source type="custom" clone="true" xpath="json-eval($.n)"/><target type="body"/></enrich>',
    body: '{"n":null,"s":"x","a":[1]}',
    out: '{"n":null,"s":"x","a":[1]}',
  },
];

describe('oracle s17 S1: flows through MI mediation core (mi-run harness)', () => {
  let t: TestRuntime;
  before(async () => {
    const files: Record<string, string> = {};
    CASES.forEach((c, i) => {
      files[`S1c${i}.xml`] = api(`S1c${i}`, `/s17s1/c${i}`, `${c.seq}<respond/>`);
    });
    files['S1logxp.xml'] = api(
      'S1logxp',
      '/s17s1/logxp',
      `<log category="INFO"><message>[\${xpath('count(//a)')}] [\${xpath('sum(//a)')}] [\${xpath('1 div 2')}]</message></log><respond/>`,
    );
    t = await startRuntime(files);
  });
  after(() => t.close());

  CASES.forEach((c, i) => {
    it(c.title, async () => {
      const r = await send(`${t.base}/s17s1/c${i}`, {
        body: c.body ?? '',
        type: c.type ?? 'application/json',
      });
      assert.equal(r.status, 200);
      assert.equal(r.text, c.out);
      if (c.contentType) assert.equal(r.headers.get('content-type'), c.contentType);
    });
  });

  it('a filter with source and a blank regex is refused at deploy (FilterMediatorFactory: Invalid attribute values)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const blank = rt.deploy([
      {
        name: 'S1f.xml',
        text: api(
          'S1f',
          '/s17s1/f',
          '<filter source="json-eval($.a)" regex=" "><then><drop/></then></filter>',
        ),
      },
    ]);
    assert.deepEqual(
      blank.problems.map((p) => `${p.code} ${p.message}`),
      ['RT_FILTER_FORM Invalid attribute values for source and/or regex specified'],
    );
    // with an xpath attribute the regex is not read
    const xp = rt.deploy([
      {
        name: 'S1g.xml',
        text: api('S1g', '/s17s1/g', '<filter xpath="true()" regex=""><then><drop/></then></filter>'),
      },
    ]);
    assert.deepEqual(xp.problems, []);
  });

  describe('a body that cannot be read, and a parser failure inside a mediator', () => {
    let f: TestRuntime;
    const report =
      '<faultSequence><log level="full"/><payloadFactory media-type="json"><format>{"code":"$1"}</format>' +
      '<args><arg expression="$ctx:ERROR_CODE"/></args></payloadFactory>' +
      '<property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence>';
    const res = (path: string, seq: string) =>
      `<resource methods="POST" uri-template="/${path}"><inSequence>${seq}<respond/></inSequence>${report}</resource>`;
    before(async () => {
      f = await startRuntime({
        'S1bad.xml':
          `<api xmlns="http://ws.apache.org/ns/synapse" name="S1bad" context="/s17s1bad">` +
          res('full', '<log level="full"/>') +
          res('xpath', '<log level="custom"><property name="a" expression="//a"/></log>') +
          res('om', '<property name="p" expression="json-eval($.a)" type="OM"/>') +
          res(
            'pfmal',
            '<payloadFactory media-type="json"><format>{"a":{"b":1}</format></payloadFactory>' +
              '<payloadFactory media-type="json"><format>{"r":"${payload.a}"}</format></payloadFactory>',
          ) +
          '</api>',
      });
    });
    after(() => f.close());

    it("a full log of malformed XML: LogMediator's SynapseException, ERROR_CODE 601000 (MESSAGE_PARSING_ERROR)", async () => {
      const r = await send(`${f.base}/s17s1bad/full`, {
        body: '<entry><amount>3</entry>',
        type: 'application/xml',
      });
      assert.equal(r.status, 500);
      assert.equal(r.text, '{"code":"601000"}');
    });

    it("an XPath over malformed XML: the parser's OMException, ERROR_CODE 0 (FaultHandler's default)", async () => {
      const r = await send(`${f.base}/s17s1bad/xpath`, { body: '<a>1</b>', type: 'application/xml' });
      assert.equal(r.status, 500);
      assert.equal(r.text, '{"code":"0"}');
    });

    it('an OM property of a value that is no XML: the input is consumed, the fault sequence sees an empty body', async () => {
      const n = f.logs.length;
      const r = await send(`${f.base}/s17s1bad/om`, { body: '{"a":1.5,"b":2}', type: 'application/json' });
      assert.equal(r.status, 500);
      assert.equal(r.text, '{"code":"0"}');
      const full = f.logs.slice(n).find((l) => l.category === 'LogMediator')?.message ?? '';
      assert.ok(
        full.endsWith(
          "Envelope: <?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body/></soapenv:Envelope>",
        ),
        full,
      );
    });

    it('malformed JSON met by a mediator (written by a payloadFactory): the input is consumed as well', async () => {
      const n = f.logs.length;
      const r = await send(`${f.base}/s17s1bad/pfmal`, { body: '{"x":1}', type: 'application/json' });
      assert.equal(r.status, 500);
      assert.equal(r.text, '{"code":"0"}');
      const full = f.logs.slice(n).find((l) => l.category === 'LogMediator')?.message ?? '';
      assert.ok(full.endsWith('<soapenv:Body/></soapenv:Envelope>'), full);
    });
  });

  it('a log message: an xpath() number is its Java Double text, as SynapseExpression.stringValueOf gives it', async () => {
    const n = t.logs.length;
    await send(`${t.base}/s17s1/logxp`, { body: '<o><a>1</a><a>2.5</a></o>', type: 'application/xml' });
    assert.deepEqual(
      t.logs
        .slice(n)
        .filter((l) => l.category === 'LogMediator')
        .map((l) => l.message),
      ['[2.0] [3.5] [0.5]'],
    );
  });
});
