/**
 * Review R7 of J7's typed property values (cee9cc1c): what a client, a back end or a log sees of an INTEGER, LONG,
 * FLOAT or DOUBLE property read by an XPath is its Java text, exactly what the same flow gives for a STRING property
 * holding that text (MI's SynapseXPath.stringValueOf appends result.toString() for both), and a client's own text
 * starting with the private-use character J7's in-band marker used comes back whole.
 *
 * Expected values: the differential idea above (typed and string properties through the same mediators must answer the
 * same bytes), plus the Jaxen oracle (J2/J7 driver: Jaxen 2.0.0 + Axiom 1.2.11-wso2v36) for the client's text:
 * stringValueOf of a String property is the String itself.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const flow = (type: (t: string) => string): string => `
  <property name="n" value="5" ${type('INTEGER')}/>
  <property name="l" value="7" ${type('LONG')}/>
  <property name="f" value="1.5" ${type('FLOAT')}/>
  <property name="d" value="10.0" ${type('DOUBLE')}/>
  <property name="p" expression="$ctx:n"/>
  <property name="q" expression="concat('[', $ctx:f, '|', get-property('l'), ']')"/>
  <header name="X-N" scope="transport" expression="$ctx:n"/>
  <log category="INFO"><property name="l" expression="$ctx:l"/><property name="d" expression="$ctx:d"/></log>
  <payloadFactory media-type="json"><format>{"n": $1, "f": "$2", "d": $3, "p": "$4", "q": "$5", "x": "$6"}</format>
    <args><arg expression="$ctx:n"/><arg expression="$ctx:f"/><arg expression="$ctx:d"/><arg expression="$ctx:p"/>
      <arg expression="$ctx:q"/><arg expression="\${xpath('$ctx:l')}"/></args></payloadFactory>
  <respond/>`;

describe('typed property values leave an XPath as their Java text (review R7 of J7; MI SynapseXPath.stringValueOf)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'TypedLeak.xml': api(
        'TypedLeak',
        '/r7-typed',
        flow((ty) => `type="${ty}"`),
      ),
      'StringLeak.xml': api(
        'StringLeak',
        '/r7-string',
        flow(() => ''),
      ),
      'TextLeak.xml': api(
        'TextLeak',
        '/r7-text',
        `<property name="t" expression="json-eval($.t)"/>
         <payloadFactory media-type="xml"><format><r xmlns=""><a>$1</a><b>$2</b><c>$3</c></r></format>
           <args><arg expression="$ctx:t"/><arg expression="string-length($ctx:t)"/><arg expression="$ctx:t = 7"/></args></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
  });

  it('an INTEGER/LONG/FLOAT/DOUBLE property answers the bytes a STRING property of the same text answers', async () => {
    const typed = await send(`${t.base}/r7-typed`, { body: '<x/>', type: 'application/xml' });
    const logsTyped = t.logs.map((l) => l.message).join('\n');
    const plain = await send(`${t.base}/r7-string`, { body: '<x/>', type: 'application/xml' });
    assert.equal(typed.status, 200);
    assert.equal(typed.text, plain.text);
    assert.equal(typed.headers.get('x-n'), '5');
    assert.equal(plain.headers.get('x-n'), '5');
    assert.deepEqual(JSON.parse(typed.text), { n: 5, f: '1.5', d: 10.0, p: '5', q: '[1.5|7]', x: '7' });
    assert.match(logsTyped, /l = 7, d = 10\.0/);
    assert.doesNotMatch(logsTyped + typed.text, /[\ue000\ue001]|object Object/);
  });

  it("a client's text starting with U+E000 stays whole and is no number (Jaxen: a String)", async () => {
    const r = await send(`${t.base}/r7-text`, { body: '{"t": "\ue0007"}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<r><a>\ue0007</a><b>2.0</b><c>false</c></r>');
  });
});
