/**
 * Property and variable types as Micro Integrator 4.4 converts them (facts from wso2-synapse PropertyMediator
 * convertValue and mediators/v2/Utils: Double.parseDouble makes a Java Double that prints 10.0; Integer.parseInt is
 * strict for a value, while an XPath result such as count() (2.0) is cast for INTEGER and SHORT; a JSON value Gson
 * cannot read is kept as a JSON string; a failed conversion is "Unknown type : T for the property mediator or the
 * property value cannot be converted into the specified type."). Real HTTP, our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

function logLine(t: TestRuntime): string {
  return t.logs.find((l) => l.category === 'LogMediator')!.message;
}

describe('runtime fidelity (F1): property and variable types', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Doubles.xml': api(
        'Doubles',
        '/f1/doubles',
        `<property name="rate" value="10" type="DOUBLE"/><property name="first" expression="//amount[1]" type="DOUBLE"/>
         <property name="n" expression="count(//amount)" type="INTEGER"/>
         <variable name="scale" type="DOUBLE" value="2"/>
         <log level="custom"><property name="rate" expression="$ctx:rate"/><property name="first" expression="$ctx:first"/>
           <property name="n" expression="$ctx:n"/><property name="plus" expression="\${props.synapse.rate + 1}"/>
           <property name="scale" expression="\${vars.scale}"/><property name="scaled" expression="\${vars.scale * 3}"/></log>
         <payloadFactory media-type="json"><format>{"rate":\${props.synapse.rate},"scale":\${vars.scale},"n":\${props.synapse.n}}</format></payloadFactory>
         <respond/>`,
      ),
      'Json.xml': api(
        'Json',
        '/f1/json-type',
        `<property name="word" value="hello" type="JSON"/><variable name="cfg" type="JSON" value='{"limit":5.0}'/>
         <payloadFactory media-type="json"><format>{"word":"$1","limit":\${vars.cfg.limit}}</format><args><arg expression="$ctx:word"/></args></payloadFactory>
         <respond/>`,
      ),
      'Bad.xml': api(
        'Bad',
        '/f1/bad-int',
        `<property name="count" expression="//v" type="INTEGER"/><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('DOUBLE is a Java Double (10.0), also through ${} and a JSON template; count() is cast for INTEGER', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f1/doubles`, {
      body: '<bill><amount>4</amount><amount>7</amount></bill>',
      type: 'application/xml',
    });
    assert.equal(logLine(t), 'rate = 10.0, first = 4.0, n = 2, plus = 11.0, scale = 2.0, scaled = 6.0');
    assert.equal(r.text, '{"rate":10.0,"scale":2.0,"n":2}');
  });

  it('JSON type: text Gson cannot read becomes a JSON string; a JSON number keeps its text', async () => {
    const r = await send(`${t.base}/f1/json-type`, { body: '{}', type: 'application/json' });
    // the JSON property is a Gson JsonPrimitive: $ctx: prints JsonElement.toString(), quotes included
    // (SynapseXPath.stringValueOf), and payloadFactory escapes them into the string (TemplateProcessor)
    assert.deepEqual(r.json(), { word: '"hello"', limit: 5 });
    assert.equal(r.text, '{"word":"\\"hello\\"","limit":5.0}');
  });

  it("INTEGER from a text that is not an int fails with MI's message", async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f1/bad-int`, { body: '<r><v>7.5x</v></r>', type: 'application/xml' });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
    assert.match(
      loggedSince(t.logs, 0),
      /Unknown type : INTEGER for the property mediator or the property value cannot be converted into the specified type/,
    );
  });
});
