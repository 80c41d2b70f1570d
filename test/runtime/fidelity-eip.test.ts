/**
 * MI 4.4 scatter-gather and foreach as real 4.4 configurations use them (facts from MI's own 4.4 integration tests
 * and the wso2-synapse factories): the pre-GA attribute spellings, a failing branch that leaves the others
 * gathered, a collection held by a variable, and a JSON template whose unquoted string MI reads leniently.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime, closedPort } from './helpers';

describe('runtime fidelity: scatter-gather and foreach (MI 4.4)', () => {
  let t: TestRuntime;
  let echo: Backend;
  before(async () => {
    const dead = await closedPort();
    // iterate targets call it: MI goes on to the aggregate after the iterate only with a call's answer
    echo = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/json' });
      res.end(req.body);
    });
    const call = `<call><endpoint><http method="post" uri-template="${echo.url}/echo"/></endpoint></call>`;
    const item = (n: string) =>
      `<sequence><payloadFactory media-type="json"><format>{"item": {"id": "${n}", "ref": \${payload.ref}}}</format></payloadFactory></sequence>`;
    t = await startRuntime({
      'SgLegacy.xml': api(
        'SgLegacy',
        '/fsg/legacy',
        `<scatter-gather parallel-execution="false" result-target="gathered" content-type="JSON">
           <aggregation expression="\${payload.item}"/>${item('a')}
           <sequence><call><endpoint><http method="post" uri-template="http://127.0.0.1:${dead}/nowhere"/></endpoint></call></sequence>${item('c')}
         </scatter-gather>
         <payloadFactory media-type="json"><format>{"in": \${payload}, "out": \${vars.gathered}}</format></payloadFactory><respond/>`,
      ),
      'SgXml.xml': api(
        'SgXml',
        '/fsg/xml',
        `<scatter-gather parallel-execution="true" result-target="body" root-element="parts" content-type="XML">
           <aggregation expression="\${xpath('$body/node()')}"/>
           <sequence><payloadFactory media-type="xml"><format><part xmlns=""><n>1</n></part></format></payloadFactory></sequence>
           <sequence><payloadFactory media-type="xml"><format><part xmlns=""><n>2</n></part></format></payloadFactory></sequence>
         </scatter-gather><respond/>`,
      ),
      'FeUnquoted.xml': api(
        'FeUnquoted',
        '/ffe/unquoted',
        `<foreach collection="\${payload.rows}" parallel-execution="true"><sequence>
           <payloadFactory media-type="json"><format><![CDATA[{"label": \${payload.code}, "n": \${payload.n}}]]></format></payloadFactory>
         </sequence></foreach><respond/>`,
      ),
      'FeVar.xml': api(
        'FeVar',
        '/ffe/var',
        `<variable name="codes" type="JSON" value='[{"c":"x"},{"c":"y"}]'/>
         <foreach collection="\${vars.codes}" parallel-execution="false"><sequence>
           <payloadFactory media-type="json"><format>{"code": "\${payload.c}", "done": true}</format></payloadFactory>
         </sequence></foreach>
         <payloadFactory media-type="json"><format>{"codes": \${vars.codes}}</format></payloadFactory><respond/>`,
      ),
      'AggEncl.xml': api(
        'AggEncl',
        '/fagg/enclosed',
        `<property name="wrap" type="OM"><all xmlns=""/></property>
         <iterate expression="json-eval($.items)" sequential="true"><target><sequence>
           <payloadFactory media-type="json"><format>{"n": \${payload.v}}</format></payloadFactory>${call}</sequence></target></iterate>
         <aggregate><onComplete expression="json-eval($)" enclosingElementProperty="wrap"><respond/></onComplete></aggregate>`,
      ),
      'AggChild.xml': api(
        'AggChild',
        '/fagg/child',
        `<iterate expression="json-eval($.items)" sequential="true"><target><sequence>
           <payloadFactory media-type="json"><format>{"n": \${payload.v}, "k": "\${payload.k}"}</format></payloadFactory>${call}</sequence></target></iterate>
         <aggregate><onComplete expression="json-eval($)" aggregateElementType="child"><respond/></onComplete></aggregate>`,
      ),
      'FeXmlVar.xml': api(
        'FeXmlVar',
        '/ffe/xml-var',
        `<foreach collection="\${xpath('//row')}" parallel-execution="false" result-target="rowsOut" result-type="XML"><sequence>
           <payloadFactory media-type="xml"><format><done xmlns="">\${xpath('//row/v/text()')}</done></format></payloadFactory>
         </sequence></foreach>
         <log level="custom"><message>rows: \${vars.rowsOut}</message></log><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await echo?.close();
  });

  it('scatter-gather with result-target/content-type: results into the variable, a failing branch left out', async () => {
    const r = await send(`${t.base}/fsg/legacy`, { body: '{"ref":7}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      in: { ref: 7 },
      out: [
        { id: 'a', ref: 7 },
        { id: 'c', ref: 7 },
      ],
    });
  });

  it('scatter-gather with root-element/content-type XML: the parts enclosed in the root element, in the body', async () => {
    const r = await send(`${t.base}/fsg/xml`, { body: '<q/>', type: 'application/xml' });
    assert.equal(r.text, '<parts><part><n>1</n></part><part><n>2</n></part></parts>');
  });

  it('foreach: an unquoted string in a JSON template is read as a string (MI reads JSON leniently)', async () => {
    const r = await send(`${t.base}/ffe/unquoted`, {
      body: '{"rows":[{"code":"alpha","n":1},{"code":"beta","n":2}],"keep":1}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      rows: [
        { label: 'alpha', n: 1 },
        { label: 'beta', n: 2 },
      ],
      keep: 1,
    });
  });

  it('foreach over a collection held by a variable updates the variable', async () => {
    const r = await send(`${t.base}/ffe/var`);
    assert.deepEqual(r.json(), {
      codes: [
        { code: 'x', done: true },
        { code: 'y', done: true },
      ],
    });
  });

  it('aggregate JSON with enclosingElementProperty: the array keyed by the enclosing element name', async () => {
    const r = await send(`${t.base}/fagg/enclosed`, {
      body: '{"items":[{"v":1},{"v":2}]}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { all: [{ n: 1 }, { n: 2 }] });
  });

  it('aggregate JSON with aggregateElementType="child": the objects merged, repeated keys into arrays', async () => {
    const r = await send(`${t.base}/fagg/child`, {
      body: '{"items":[{"v":1,"k":"a"},{"v":2,"k":"b"}]}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { n: [1, 2], k: ['a', 'b'] });
  });

  it('foreach with result-target/result-type XML: the results enclosed in an element named after the variable', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/ffe/xml-var`, {
      body: '<rows><row><v>r1</v></row><row><v>r2</v></row></rows>',
      type: 'application/xml',
    });
    assert.equal(r.text, '<rows><row><v>r1</v></row><row><v>r2</v></row></rows>');
    const line = t.logs.find((l) => l.category === 'LogMediator')!.message;
    assert.equal(line, 'rows: <rowsOut><done>r1</done><done>r2</done></rowsOut>');
  });
});
