/**
 * Session 17 (RS1, review of S1's harness-found fixes): enrich type="key" and payloadFactory `${}` cases run through
 * MI's mediation core and through ours.
 *
 * How the expectations were made: expected values produced by Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc /
 * 8ffe5865) compiled and driven by a harness (session 17 S1, /tmp/s17-S1; run with synapse.properties applied as W3's
 * run.sh does): each case's sequence ran over the request as MI's builder, mediators and formatter do, and the answer
 * body (or the ERROR_MESSAGE the fault handler saw) is written here as a literal. Inputs are our own.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';
import { Runtime } from '../../runtime-debug/engine/runtime';

interface Case {
  /** what the case shows, with the Synapse/MI source that decides it */
  title: string;
  /** the mediators before <respond/> */
  seq: string;
  type?: string;
  body: string;
  /** MI's answer body */
  out?: string;
  /** or MI's ERROR_MESSAGE (the flow failed) */
  error?: string;
}

const key = (name: string, path: string): string =>
  `<enrich><source type="inline" clone="true">${name}</source><target type="key" xpath="json-eval(${path})"/></enrich>`;
const DOC = '{"first":1,"mid":{"x":[1,2],"a":3},"last":[{"a":1}]}';
const pf = (media: string, format: string, pre = ''): string =>
  `${pre}<payloadFactory media-type="${media}" template-type="default"><format>${format}</format></payloadFactory>`;
const NULLS =
  '{"n":null,"o":{"p":null,"q":1,"r":{"s":null,"t":[null,2,{"u":null}]}},"s":"x\\"y","nl":"a\\nb"}';
const prop = (value: string): string => `<property name="pv" value="${value}"/>`;

export const CASES: Case[] = [
  // enrich type="key": EnrichMediator splits the path at its last '.', Target.renameKey calls Jayway renameKey
  {
    title: 'enrich key: the first member renamed goes last (Jayway renameInMap: setProperty, removeProperty)',
    seq: key('one', '$.first'),
    body: DOC,
    out: '{"mid":{"x":[1,2],"a":3},"last":[{"a":1}],"one":1}',
  },
  {
    title: 'enrich key: a middle member holding an object goes last with its value',
    seq: key('middle', '$.mid'),
    body: DOC,
    out: '{"first":1,"last":[{"a":1}],"middle":{"x":[1,2],"a":3}}',
  },
  {
    title: 'enrich key: the last member keeps its place; inside an array item by index',
    seq: key('end', '$.last') + key('b', '$.end[0].a'),
    body: DOC,
    out: '{"first":1,"mid":{"x":[1,2],"a":3},"end":[{"b":1}]}',
  },
  {
    title: 'enrich key: a top-level array item by index',
    seq: key('q', '$[0].a'),
    body: '[{"a":1,"b":2}]',
    out: '[{"b":2,"q":1}]',
  },
  {
    title: "enrich key: a path without '.' fails as EnrichMediator's substring(0, -1) does",
    seq: key('q', '$'),
    body: DOC,
    error: 'begin 0, end -1, length 1',
  },
  {
    title: "enrich key: a deep-scan path ('$..a' splits to '$.') is refused by Jayway's PathCompiler",
    seq: key('q', '$.mid..a'),
    body: DOC,
    error: "Path must not end with a '.' or '..'",
  },
  {
    title: "enrich key: a path starting with '.' leaves Jayway an empty path",
    seq: key('q', '.first'),
    body: DOC,
    error: 'json can not be null or empty',
  },
  {
    title: 'enrich key on an XML body: Target.insert has no branch for it (Invalid Target type)',
    seq: key('q', '$.first'),
    type: 'application/xml',
    body: '<a><first>1</first></a>',
    error: 'Invalid Target type',
  },
  // payloadFactory ${} in text templates: RegexTemplateProcessor.replace handles a JSON value as in JSON templates
  {
    title: 'text template: an object is gson.toJson, null members left out at any depth, null items kept',
    seq: pf('text', 'v=${payload.o};'),
    body: NULLS,
    out: 'v={"q":1,"r":{"t":[null,2,{}]}};',
  },
  {
    title: 'text template: a JSON string read from the payload is escaped (escapeSpecialChars)',
    seq: pf('text', 'v=${payload.s}|${payload.nl}|"${payload.s}";'),
    body: NULLS,
    out: 'v=x\\"y|a\\nb|"x\\"y";',
  },
  {
    title: 'text template: a null is written as nothing, quoted or not',
    seq: pf('text', 'v=${payload.n}|"${payload.n}"|${payload.none};'),
    body: NULLS,
    out: 'v=|""|;',
  },
  // a Java String (a property, a joined string) is no JSON value: written as it is, quoted through appendReplacement
  {
    title:
      'a property string in a JSON template is written as it is, unquoted (a Java String, not a JsonPrimitive)',
    seq: pf('json', '{"v":${props.synapse.pv}}', prop('a&quot;b\\c')),
    body: '{"a":"x"}',
    out: '{"v":a"b\\c}',
  },
  {
    title: 'a joined string in a text template is written as it is (payload.bs + "z" is a Java String)',
    seq: pf('text', 'v=${payload.bs + "z"};'),
    body: '{"bs":"c\\\\d"}',
    out: 'v=c\\dz;',
  },
  {
    title:
      'a quoted Java String: a backslash escapes the next character (Matcher.appendReplacement), \\t kept',
    seq: pf(
      'json',
      '{"v":"${props.synapse.pv}","w":"${payload.a + props.synapse.pv}"}',
      prop('C:\\temp\\dir\\x'),
    ),
    body: '{"a":"x"}',
    out: '{"v":"C:\\tempdirx","w":"xC:\\tempdirx"}',
  },
  {
    title: 'a quoted Java String: escapes already there keep their backslash (escapeSpecialCharactersOfJson)',
    seq: pf('json', '{"v":"${props.synapse.pv}"}', prop('t\\tu\\&quot;v\\\\$w')),
    body: '{"a":"x"}',
    out: '{"v":"t\\tu\\"v$w"}',
  },
  {
    title: 'a quoted Java String ending in a backslash escapes the closing quote',
    seq: pf('text', 'v="${props.synapse.pv}";', prop('a\\')),
    body: '{"a":"x"}',
    out: 'v="a";',
  },
  {
    title: 'a quoted Java String: $1 is the expression text (group 1), $0 the whole match, $2 nothing',
    seq: pf('json', '{"v":"${props.synapse.pv}"}', prop('p$1q$2r$0s')),
    body: '{"a":"x"}',
    out: '{"v":"pprops.synapse.pvqr"${props.synapse.pv}"s"}',
  },
  {
    title: 'a quoted Java String: $9 is no group of the pattern (IndexOutOfBoundsException)',
    seq: pf('text', 'v="${props.synapse.pv}";', prop('p$9q')),
    body: '{"a":"x"}',
    error: 'No group 9',
  },
  {
    title: 'a quoted Java String: $ before a letter is an illegal group reference',
    seq: pf('json', '{"v":"${props.synapse.pv}"}', prop('p$x')),
    body: '{"a":"x"}',
    error: 'Illegal group reference',
  },
  {
    title:
      'a quoted array holding a $: quoteReplacement then escapeJson leave a backslash, and $2 is read as a group',
    seq: pf('text', 'q="${payload.arr}";'),
    body: '{"arr":["x$2","y"]}',
    out: 'q="[\\"x\\\\",\\"y\\"]";',
  },
  {
    title:
      'a string literal is the Java String of its text, quotes included (objectValueOf): valid JSON unquoted',
    seq: pf('json', '{"u":${payload.t ? "yes" : "no"},"v":${payload.t ? payload.s : \'no\'},"q":"${"lit"}"}'),
    body: '{"t":true,"s":"x"}',
    out: '{"u":"yes","v":x,"q":""lit""}',
  },
  {
    title: "a quoted string literal goes through appendReplacement as well: $1 is the expression's text",
    seq: pf('text', 'u=${payload.t ? "no" : "a\\b"};q="${\'q$1\'}";'),
    body: '{"t":false}',
    out: 'u="a\\b";q="\'q\'q$1\'\'";',
  },
  {
    title: 'a JSON string read from the payload keeps its $ and backslash (quoteReplacement)',
    seq: pf('json', '{"v":"${payload.d}","w":${payload.d}}'),
    body: '{"d":"p$1\\\\q"}',
    out: '{"v":"p$1\\\\q","w":p$1\\\\q}',
  },
];

describe('oracle s17 RS1: enrich key and payloadFactory ${} through MI mediation core (mi-run harness)', () => {
  let t: TestRuntime;
  before(async () => {
    const files: Record<string, string> = {};
    CASES.forEach((c, i) => {
      files[`RS1c${i}.xml`] =
        `<api xmlns="http://ws.apache.org/ns/synapse" name="RS1c${i}" context="/s17rs1/c${i}">` +
        `<resource methods="POST" uri-template="/"><inSequence>${c.seq}<respond/></inSequence>` +
        '<faultSequence><payloadFactory media-type="json"><format>{"error":"$1"}</format>' +
        '<args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>' +
        '</resource></api>';
    });
    t = await startRuntime(files);
  });
  after(() => t.close());

  CASES.forEach((c, i) => {
    it(c.title, async () => {
      const r = await send(`${t.base}/s17rs1/c${i}/`, { body: c.body, type: c.type ?? 'application/json' });
      if (c.error !== undefined) assert.equal(r.text, JSON.stringify({ error: c.error }));
      else assert.equal(r.text, c.out);
    });
  });
});

describe('oracle s17 RS1: what the fault sequence sees after a body fails to build (mi-run harness)', () => {
  let t: TestRuntime;
  const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
  const S12 = 'http://www.w3.org/2003/05/soap-envelope';
  const res = (path: string, seq: string) =>
    `<resource methods="POST" uri-template="/${path}"><inSequence>${seq}<respond/></inSequence><faultSequence>` +
    '<log level="custom"><property name="C" expression="$ctx:ERROR_CODE"/><property name="B" expression="$body"/></log>' +
    '<respond/></faultSequence></resource>';
  before(async () => {
    t = await startRuntime({
      'RS1bad.xml':
        '<api xmlns="http://ws.apache.org/ns/synapse" name="RS1bad" context="/s17rs1bad">' +
        res('xpath', '<log level="custom"><property name="x" expression="//b"/></log>') +
        res('full', '<log level="full"/>') +
        '</api>',
    });
  });
  after(() => t.close());

  const faultLog = (n: number): string | undefined =>
    t.logs.slice(n).find((l) => l.category === 'LogMediator' && l.message.startsWith('C = '))?.message;

  it('malformed JSON met by an XPath: the builder exception consumes the input, the fault sequence answers nothing', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17rs1bad/xpath`, { body: '{"a":1,', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '');
    assert.equal(faultLog(n), `C = 0, B = <soapenv:Body xmlns:soapenv="${S11}"/>`);
  });

  it('malformed SOAP 1.1 and a full log: the empty SOAP 1.1 envelope is answered (SOAPMessageFormatter)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17rs1bad/full`, {
      body: `<soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body><a><b>1</a></soapenv:Body></soapenv:Envelope>`,
      type: 'text/xml',
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body/></soapenv:Envelope>`,
    );
    assert.equal(faultLog(n), `C = 601000, B = <soapenv:Body xmlns:soapenv="${S11}"/>`);
  });

  it('malformed SOAP 1.2 and a full log: the envelope ServerWorker made is SOAP 1.2', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s17rs1bad/full`, {
      body: `<soap:Envelope xmlns:soap="${S12}"><soap:Body><a><b>1</a></soap:Body></soap:Envelope>`,
      type: 'application/soap+xml',
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S12}"><soapenv:Body/></soapenv:Envelope>`,
    );
    assert.equal(faultLog(n), `C = 601000, B = <soapenv:Body xmlns:soapenv="${S12}"/>`);
  });
});

describe('oracle s17 RS1: filter forms MI refuses at deploy (FilterMediatorFactory)', () => {
  it('a blank xpath, or (no xpath) a blank source or regex, is refused with MI message', () => {
    const rt = new Runtime({ httpPort: 0 });
    const problems = (filter: string, i: number): string[] =>
      rt
        .deploy([{ name: `RS1f${i}.xml`, text: api(`RS1f${i}`, `/s17rs1f/${i}`, filter) }])
        .problems.map((p) => `${p.code} ${p.message}`);
    assert.deepEqual(problems('<filter xpath=" "><then><drop/></then></filter>', 0), [
      'RT_FILTER_FORM Invalid attribute value specified for xpath',
    ]);
    assert.deepEqual(problems('<filter source=" " regex="a"><then><drop/></then></filter>', 1), [
      'RT_FILTER_FORM Invalid attribute values for source and/or regex specified',
    ]);
    assert.deepEqual(problems('<filter source="" regex=""><then><drop/></then></filter>', 2), [
      'RT_FILTER_FORM Invalid attribute values for source and/or regex specified',
    ]);
  });
});
