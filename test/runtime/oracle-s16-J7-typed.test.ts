/**
 * Filters on typed properties as MI evaluates them: SynapseXPathVariableContext and GetPropertyFunction hand Jaxen
 * the property's Java object; an INTEGER/LONG/FLOAT property (and the Integer status code $axis2:HTTP_SC a call
 * leaves) is a java.lang.Number other than Double, NaN to Jaxen's NumberFunction: `= 5`, `> 3` are false, `!= 5` is
 * true; boolean() reads its value (0 is false); a DOUBLE property is a Jaxen number.
 *
 * Expected values: the J2/J7 differential oracle (session 16): Jaxen 2.0.0 + Axiom 1.2.11-wso2v36 compiled from their
 * sources, $ctx: values given as Integer/Long/Float/Double objects, booleanValueOf (filter) and stringValueOf
 * (payloadFactory arguments) printed. Our own API names and values.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const branch = (name: string, xpath: string): string =>
  `<filter xpath="${xpath}"><then><property name="${name}" value="then"/></then><else><property name="${name}" value="else"/></else></filter>`;

describe('filters on INTEGER, FLOAT, DOUBLE properties and $axis2:HTTP_SC as MI evaluates them (J7 oracle: Jaxen NumberFunction)', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/xml' });
      res.end('<ok/>');
    });
    t = await startRuntime({
      'TypedProbe.xml': api(
        'TypedProbe',
        '/j7-typed',
        `<property name="n" value="5" type="INTEGER"/>
         <property name="z" value="0" type="INTEGER"/>
         <property name="f" value="0" type="FLOAT"/>
         <property name="d" value="10" type="DOUBLE"/>
         ${branch('a', '$ctx:n = 5')}
         ${branch('b', '$ctx:n != 5')}
         ${branch('c', '$ctx:n &gt; 3')}
         ${branch('e', '$ctx:n')}
         ${branch('g', '$ctx:z')}
         ${branch('h', '$ctx:f')}
         ${branch('i', '$ctx:d = 10')}
         <call><endpoint><http method="get" uri-template="${backend.url}/ok"/></endpoint></call>
         ${branch('j', '$axis2:HTTP_SC = 200')}
         ${branch('k', "get-property('axis2', 'HTTP_SC') = '200'")}
         <payloadFactory media-type="xml"><format><r xmlns=""><v>$1 $2 $3 $4 $5 $6 $7 $8 $9</v><s>$10 $11 $12 $13</s></r></format>
           <args>${['a', 'b', 'c', 'e', 'g', 'h', 'i', 'j', 'k'].map((p) => `<arg expression="$ctx:${p}"/>`).join('')}
             <arg expression="$axis2:HTTP_SC"/><arg expression="string($ctx:d)"/><arg expression="$ctx:d"/><arg expression="number($ctx:n)"/></args></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('compares a Java Integer as NaN, reads its boolean from its value (MI SynapseXPathVariableContext)', async () => {
    const r = await send(`${t.base}/j7-typed`, { body: '<x/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    // = 5 else, != 5 then, > 3 else, boolean(5) then, boolean(0) else, boolean(0.0f) else, DOUBLE = 10 then,
    // HTTP_SC (an Integer) = 200 else, and = '200' else; whole results print as Java does, string() the XPath way
    assert.equal(r.text, '<r><v>else then else then else else then else else</v><s>200 10 10.0 NaN</s></r>');
  });
});
