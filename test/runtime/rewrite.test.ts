/** The rewrite (URL rewrite) mediator over real HTTP: To rewriting before a call, properties, conditions. */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

const ECHO_OUT = `<payloadFactory media-type="json"><format>{"url": "$1"}</format><args><arg expression="$ctx:out"/></args></payloadFactory><respond/>`;

describe('runtime: rewrite mediator', () => {
  let be: Backend;
  let t: TestRuntime;
  before(async () => {
    be = await startBackend();
    t = await startRuntime({
      'ToRewrite.xml': api(
        'ToRewrite',
        '/rw',
        `<rewrite>
           <rewriterule>
             <action fragment="protocol" value="http"/>
             <action fragment="host" value="127.0.0.1"/>
             <action fragment="port" value="${be.port}"/>
             <action type="replace" fragment="path" regex="^/rw/(\\w+)" value="/backend/$1/items"/>
             <action type="append" fragment="query" value="via=rewrite"/>
           </rewriterule>
         </rewrite>
         <property name="REST_URL_POSTFIX" scope="axis2" action="remove"/>
         <call><endpoint><default/></endpoint></call><respond/>`,
      ),
      'Props.xml': api(
        'Props',
        '/props',
        `<property name="in" value="http://ann@shop.example.com:8080/catalog/items?page=2&amp;size=10#top"/>
         <rewrite inProperty="in" outProperty="out">
           <rewriterule>
             <condition><equal type="url" source="host" value="shop.example.com"/></condition>
             <action fragment="host" value="api.example.com"/>
           </rewriterule>
           <rewriterule>
             <condition><and><match type="url" source="path" regex="/catalog/.*"/><equal type="param" source="page" value="2"/></and></condition>
             <action type="prepend" fragment="path" value="/v2"/>
             <action type="remove" fragment="ref"/>
             <action type="remove" fragment="user"/>
           </rewriterule>
           <rewriterule>
             <condition><equal type="header" source="X-Env" value="test"/></condition>
             <action fragment="port" value="9443"/>
             <action fragment="protocol" value="https"/>
           </rewriterule>
           <rewriterule>
             <condition><not><match type="url" source="host" regex="api\\..*"/></not></condition>
             <action fragment="path" value="/never"/>
           </rewriterule>
           <rewriterule>
             <action type="replace" fragment="query" regex="size=\\d+" value="size=50"/>
           </rewriterule>
         </rewrite>${ECHO_OUT}`,
      ),
      'Full.xml': api(
        'Full',
        '/full',
        `<property name="flag" expression="//flag"/>
         <rewrite outProperty="out">
           <rewriterule>
             <action xpath="//target"/>
           </rewriterule>
           <rewriterule>
             <condition>$ctx:flag = 'on'</condition>
             <action type="set" fragment="query" value="q=a b"/>
           </rewriterule>
         </rewrite>${ECHO_OUT}`,
      ),
      // review (R4): RewriteAction.execute is String.replaceAll: $0 is the whole match, $n Java's group n (the
      // helper group an atomic group or possessive quantifier adds in JavaScript is not counted)
      'Whole.xml': api(
        'Whole',
        '/whole',
        `<property name="in" value="http://h.example.org/shop/item42/view"/>
         <rewrite inProperty="in" outProperty="out">
           <rewriterule>
             <action type="replace" fragment="path" regex="(?>[a-z]+)(\\d++)" value="x$0-$1\\$"/>
           </rewriterule>
         </rewrite>${ECHO_OUT}`,
      ),
      'BadPort.xml': api(
        'BadPort',
        '/badport',
        `<rewrite outProperty="out"><rewriterule><action fragment="port" value="eighty"/></rewriterule></rewrite>${ECHO_OUT}`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  it('rewrites the To address fragment by fragment and a default endpoint calls it', async () => {
    const r = await send(`${t.base}/rw/orders?x=1`);
    assert.equal(r.status, 200);
    assert.equal((r.json() as { path: string }).path, '/backend/orders/items?x=1&via=rewrite');
    assert.equal(be.requests.at(-1)?.url, '/backend/orders/items?x=1&via=rewrite');
  });

  it('reads inProperty, writes outProperty, runs rules whose conditions hold (url, param, header, and/not)', async () => {
    const r = await send(`${t.base}/props`, { headers: { 'X-Env': 'test' } });
    assert.deepEqual(r.json(), { url: 'https://api.example.com:9443/v2/catalog/items?page=2&size=50' });
    const r2 = await send(`${t.base}/props`, { headers: { 'X-Env': 'prod' } });
    assert.deepEqual(r2.json(), { url: 'http://api.example.com:8080/v2/catalog/items?page=2&size=50' });
  });

  // URLRewriteMediatorFactory.parseRule reads only an element inside <condition> (condition.getFirstElement()):
  // a condition written as text is no condition, and its rule applies to every message
  it('sets the full URL from an xpath; a condition written as text is not read', async () => {
    for (const flag of ['on', 'off']) {
      const r = await send(`${t.base}/full`, {
        body: `<req><target>http://h.example.org/a/b?old=1</target><flag>${flag}</flag></req>`,
        type: 'application/xml',
      });
      assert.deepEqual(r.json(), { url: 'http://h.example.org/a/b?q=a%20b' });
    }
  });

  it("a replace action's value reads $0 as the whole match and $1 as Java's group 1 (String.replaceAll)", async () => {
    const r = await send(`${t.base}/whole`);
    assert.deepEqual(r.json(), { url: 'http://h.example.org/shop/xitem42-42$/view' });
  });

  it('a port that is not a number faults with the file and line', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/badport`);
    assert.equal(r.status, 202);
    assert.match(loggedSince(t.logs, n), /'eighty' is not a port number/);
    assert.match(loggedSince(t.logs, n), /BadPort\.xml:1/);
  });

  it('a broken rule is a deploy problem with file, line and code', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'apis/Broken.xml',
        text: `<api ${NS} name="Broken" context="/broken">\n<resource methods="GET"><inSequence>\n<rewrite><rewriterule>\n<action fragment="hostname" value="x"/>\n<action type="replace" fragment="path" value="y"/>\n</rewriterule></rewrite>\n</inSequence></resource></api>`,
      },
    ]);
    const codes = res.problems.map((p) => `${p.file}:${p.line} ${p.code}`);
    assert.ok(codes.includes('apis/Broken.xml:4 RT_BAD_FRAGMENT'), codes.join(', '));
    assert.ok(codes.includes('apis/Broken.xml:5 RT_MISSING_ATTRIBUTE'), codes.join(', '));
  });
});

describe('runtime: conditionalRouter mediator (evaluator conditions shared with rewrite)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Premium.xml': `<sequence ${NS} name="MarkPremium"><property name="tier" value="premium"/></sequence>`,
      'Route.xml': api(
        'Route',
        '/route',
        `<conditionalRouter continueAfter="true">
           <conditionalRoute>
             <condition><match type="header" source="X-Tier" regex="gold|platinum"/></condition>
             <target sequence="MarkPremium"/>
           </conditionalRoute>
           <conditionalRoute breakRoute="false">
             <condition><equal type="param" source="region" value="eu"/></condition>
             <target><sequence><property name="region" value="EU"/></sequence></target>
           </conditionalRoute>
           <conditionalRoute>
             <condition><or><match type="url" source="path" regex=".*/route/.*"/><equal type="property" source="force" value="1"/></or></condition>
             <target><sequence><property name="seen" value="yes"/></sequence></target>
           </conditionalRoute>
         </conditionalRouter>
         <payloadFactory media-type="json"><format>{"tier": "$1", "region": "$2", "seen": "$3"}</format>
           <args><arg expression="$ctx:tier"/><arg expression="$ctx:region"/><arg expression="$ctx:seen"/></args></payloadFactory>
         <respond/>`,
        'methods="GET" url-mapping="/*"',
      ),
      'Stop.xml': api(
        'Stop',
        '/stop',
        `<conditionalRouter>
           <conditionalRoute><condition><match type="url" regex=".*"/></condition>
             <target><sequence><property name="x" value="1"/></sequence></target></conditionalRoute>
         </conditionalRouter>
         <payloadFactory media-type="json"><format>{"after": true}</format><args/></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('runs the first matching route and stops there unless breakRoute="false"', async () => {
    const gold = await send(`${t.base}/route/x?region=eu`, { headers: { 'X-Tier': 'gold' } });
    assert.deepEqual(gold.json(), { tier: 'premium', region: '', seen: '' });
    const plain = await send(`${t.base}/route/x?region=eu`);
    assert.deepEqual(plain.json(), { tier: '', region: 'EU', seen: 'yes' });
    const none = await send(`${t.base}/route?region=us`);
    assert.deepEqual(none.json(), { tier: '', region: '', seen: '' });
  });

  it('without continueAfter="true" mediation stops after the router', async () => {
    const r = await send(`${t.base}/stop`);
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
  });
});
