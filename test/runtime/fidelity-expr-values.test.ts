/**
 * Expression results as MI prints them, through a real request: a log message template and a filter condition
 * over `${...}` (computed doubles print "10.0", ints "8", JSON null prints nothing, computed slices), and XPath
 * numbers on an XML payload (Java doubles). Facts from wso2-synapse's expression evaluator and SynapseXPath.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity: expression values in a mediation', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Calc.xml': api(
        'Calc',
        '/fexpr',
        `<log level="custom"><message>total=\${payload.price * payload.qty} twice=\${payload.qty * 2} lg=\${log(1000)} note=[\${payload.note}] has=\${exists(payload.note)} mid=\${payload.tags[payload.from:3]}</message></log>
         <filter xpath="\${payload.price * payload.qty == 10.0}">
           <then><log level="custom"><message>double compare: yes</message></log></then>
           <else><log level="custom"><message>double compare: no</message></log></else>
         </filter>
         <filter xpath="\${payload.qty * 2.5 == 10}">
           <then><log level="custom"><message>int vs double: equal</message></log></then>
           <else><log level="custom"><message>int vs double: differ</message></log></else>
         </filter>
         <respond/>`,
      ),
      'Params.xml': api(
        'Params',
        '/fexpr-params',
        `<log level="custom"><message>next=\${params.pathParams.id + 1} big=\${params.queryParams.limit > 5} rate=\${headers.X-Rate * 2} both=\${params.queryParams.limit > 5 &amp;&amp; headers.X-Rate &lt; 3} grouped=\${(params.queryParams.limit > 5) &amp;&amp; (headers.X-Rate &lt; 3)}</message></log>
         <respond/>`,
        'methods="GET" uri-template="/{id}?limit={limit}"',
      ),
      'Xml.xml': api(
        'Xml',
        '/fexpr-xml',
        `<log level="custom"><property name="rows" expression="count(//row)"/><property name="sum" expression="sum(//v)"/><property name="first" expression="//v * 2"/></log>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  const messages = () => t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message);

  it('prints ${...} results in a log message as MI does', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/fexpr`, {
      body: JSON.stringify({ price: 2.5, qty: 4, note: null, tags: ['a', 'b', 'c', 'd'], from: 1 }),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(messages(), [
      'total=10.0 twice=8 lg=3.0 note=[] has=false mid=["b","c"]',
      'double compare: yes',
      // MI compares printed forms: "10.0" is not "10"
      'int vs double: differ',
    ]);
  });

  it('reads path and query parameters and headers as numbers, and groups && as MI does', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/fexpr-params/42?limit=10`, { headers: { 'X-Rate': '1.25' } });
    assert.equal(r.status, 200);
    // MI: a > 5 && b < 3 is a > (5 && b) < 3, which has no value; with parentheses it is true
    assert.deepEqual(messages(), ['next=43 big=true rate=2.5 both= grouped=true']);
  });

  it('prints XPath numbers as Java doubles', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/fexpr-xml`, {
      body: '<rows><row><v>3</v></row><row><v>4.5</v></row></rows>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(messages(), ['rows = 2.0, sum = 7.5, first = 6.0']);
  });
});
