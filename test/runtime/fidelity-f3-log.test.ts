/**
 * The log mediator prints `null` for a lone property read of a property that is not there ($ctx:, $axis2:, $trp:,
 * get-property with or without a scope), as MI does (its XPath answers Java null and the log appends it); an empty
 * value stays empty, and other readers (payloadFactory) still get "" (found by helper G running MI's
 * PropertyIntegration*RemovePropertiesTestCase). Our own fixtures over real HTTP. (A log property with value=""
 * is refused at deploy by MI's MediatorPropertyFactory, so the literal-empty case is gone: session 17 W2.)
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity (F3): a missing property logs as null', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Removed.xml': api(
        'Removed',
        '/f3log/removed',
        `<property name="d" value="1"/><property name="a" value="2" scope="axis2"/>
         <property name="X-Tag" value="3" scope="transport"/><property name="o" value="4" scope="operation"/>
         <log level="custom"><property name="before" expression="concat($ctx:d, $axis2:a, $trp:X-Tag, get-property('operation', 'o'))"/></log>
         <property name="d" action="remove"/><property name="a" action="remove" scope="axis2"/>
         <property name="X-Tag" action="remove" scope="transport"/><property name="o" action="remove" scope="operation"/>
         <log level="custom">
           <property name="d" expression="$ctx:d"/><property name="a" expression="$axis2:a"/>
           <property name="t" expression="$trp:X-Tag"/><property name="o" expression="get-property('operation', 'o')"/>
           <property name="g" expression="get-property('d')"/><property name="ga" expression="get-property('axis2', 'a')"/>
         </log>
         <payloadFactory media-type="json"><format>{"d":"$1","t":"$2"}</format>
           <args><arg expression="$ctx:d"/><arg expression="$trp:X-Tag"/></args></payloadFactory>
         <respond/>`,
      ),
      'Kept.xml': api(
        'Kept',
        '/f3log/kept',
        `<property name="blank" value=""/>
         <log level="custom">
           <property name="blank" expression="$ctx:blank"/><property name="never" expression="$ctx:never"/>
           <property name="text" expression="string($ctx:never)"/>
         </log><respond/>`,
      ),
    });
  });
  after(() => t.close());

  const lines = () => t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message);

  it('removed properties of every scope log null; the payloadFactory gets empty strings', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f3log/removed`, { body: '{"q":1}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { d: '', t: '' });
    assert.deepEqual(lines(), [
      'before = 1234',
      'd = null, a = null, t = null, o = null, g = null, ga = null',
    ]);
  });

  it('an empty value stays empty; only a lone read of a missing property is null', async () => {
    t.logs.length = 0;
    await send(`${t.base}/f3log/kept`, { body: '{}', type: 'application/json' });
    assert.deepEqual(lines(), ['blank = , never = null, text = ']);
  });
});
