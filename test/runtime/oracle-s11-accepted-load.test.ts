/**
 * Configurations Micro Integrator deploys that the runtime refused (H7, session 11: a sweep of MI's integration-test
 * artifacts, Synapse's config tests and MI VS Code's test data). Our own names and values; the Synapse source that
 * proves each case is named in its title.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { javaRegExp } from '../../runtime-debug/engine/javaRegex';
import { api, NS, send, startBackend, startRuntime, type TestRuntime } from './helpers';
import { until } from '../support';

const ECHO = (names: string[]) =>
  `<payloadFactory media-type="json"><format>{${names.map((n, i) => `"${n}": "$${i + 1}"`).join(', ')}}</format>
     <args>${names.map((n) => `<arg expression="$ctx:${n}"/>`).join('')}</args></payloadFactory><respond/>`;

describe('runtime loader: what MI deploys (H7, session 11)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      // MI VS Code's switch form proposes `.*+` (a possessive quantifier: java.util.regex, SwitchCase.matches)
      'Kettle.xml': api(
        'Kettle',
        '/kettle',
        `<property name="kind" expression="$trp:X-Kind"/>
         <switch source="$ctx:kind">
           <case regex="(?i)green"><property name="brew" value="leaf"/></case>
           <case regex="\\p{Digit}++"><property name="brew" value="number"/></case>
           <case regex="\\Qa.b\\E"><property name="brew" value="quoted"/></case>
           <case regex=".*+"><property name="brew" value="any"/></case>
         </switch>
         <filter source="$ctx:kind" regex="[\\p{Alpha}_]*+"><then><property name="word" value="yes"/></then>
           <else><property name="word" value="no"/></else></filter>
         ${ECHO(['brew', 'word'])}`,
      ),
      // URLRewriteMediatorFactory.parseRule: a rule without <action> deploys; a <condition> written as text is not
      // read (condition.getFirstElement()); createSpecificMediator: a rewrite without rules deploys
      'Mill.xml': api(
        'Mill',
        '/mill',
        `<property name="src" value="http://grain.example.net/flour?x=1"/>
         <rewrite inProperty="src" outProperty="same"/>
         <rewrite inProperty="src" outProperty="kept"><rewriterule><condition>$ctx:none = 'x'</condition></rewriterule></rewrite>
         <rewrite inProperty="src" outProperty="moved">
           <rewriterule><condition><match type="url" source="host" regex="grain\\..*+"/><equal type="url" source="host" value="never"/></condition>
             <action type="replace" fragment="path" regex="\\p{Lower}++" value="bread"/></rewriterule>
         </rewrite>
         ${ECHO(['same', 'kept', 'moved'])}`,
      ),
      // TextProcessingEvaluatorFactory: an <equal>/<match> without type reads the header its source names;
      // ConditionalRouterMediatorFactory takes the first element of <condition>
      'Sieve.xml': api(
        'Sieve',
        '/sieve',
        `<conditionalRouter continueAfter="true">
           <conditionalRoute breakRoute="false">
             <condition><equal source="X-Grade" value="fine"/><equal source="X-Grade" value="never"/></condition>
             <target><sequence><property name="grade" value="fine"/></sequence></target>
           </conditionalRoute>
           <conditionalRoute>
             <condition><match source="X-Grade" regex="coarse|fine"/></condition>
             <target><sequence><property name="sieved" value="yes"/></sequence></target>
           </conditionalRoute>
         </conditionalRouter>
         ${ECHO(['grade', 'sieved'])}`,
      ),
    });
  });
  after(() => t.close());

  it('switch and filter regexes in Java syntax MI compiles (possessive, (?i), \\p{..}, \\Q..\\E) deploy and match', async () => {
    const brew = async (kind: string) =>
      (await send(`${t.base}/kettle`, { headers: { 'X-Kind': kind } })).json();
    assert.deepEqual(await brew('GREEN'), { brew: 'leaf', word: 'yes' });
    assert.deepEqual(await brew('42'), { brew: 'number', word: 'no' });
    assert.deepEqual(await brew('a.b'), { brew: 'quoted', word: 'no' });
    assert.deepEqual(await brew('oolong_tea'), { brew: 'any', word: 'yes' });
  });

  it('rewrite: no rules, a rule without action, a text condition (read as none), a first-element condition', async () => {
    const r = await send(`${t.base}/mill`);
    assert.deepEqual(r.json(), {
      same: 'http://grain.example.net/flour?x=1',
      kept: 'http://grain.example.net/flour?x=1',
      moved: 'http://grain.example.net/bread?x=1',
    });
  });

  it('conditionalRouter: an evaluator without type reads a header; the first element of <condition> decides', async () => {
    const fine = await send(`${t.base}/sieve`, { headers: { 'X-Grade': 'fine' } });
    assert.deepEqual(fine.json(), { grade: 'fine', sieved: 'yes' });
    const coarse = await send(`${t.base}/sieve`, { headers: { 'X-Grade': 'coarse' } });
    assert.deepEqual(coarse.json(), { grade: '', sieved: 'yes' });
  });

  it('deploys these shapes without a problem, and still refuses what MI refuses', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Sift.xml',
        text: `<sequence ${NS} name="Sift">
<conditionalRouter><conditionalRoute><condition/><target sequence="Sift"/></conditionalRoute></conditionalRouter>
<rewrite><rewriterule><condition><not/></condition></rewriterule></rewrite>
<conditionalRouter><conditionalRoute><condition><equal value="x"/></condition><target sequence="Sift"/></conditionalRoute></conditionalRouter>
</sequence>`,
      },
    ]);
    // an empty condition (NPE in the factory), <not> with nothing inside (NotFactory), <equal> with no source
    assert.deepEqual(
      res.problems.map((p) => `${p.line} ${p.code}`),
      ['2 RT_CONDITION_FORM', '3 RT_CONDITION_FORM', '4 RT_MISSING_ATTRIBUTE'],
    );
  });

  it('javaRegExp rewrites what java.util.regex reads and JavaScript does not', () => {
    const whole = (src: string, s: string) => javaRegExp(src, { whole: true }).test(s);
    assert.equal(whole('[^,]*+,x', 'ab,x'), true);
    assert.equal(whole('a{2,3}+b', 'aab'), true);
    assert.equal(whole('(?>ab|a)c', 'abc'), true);
    assert.equal(whole('\\Qa.b\\E', 'axb'), false);
    assert.equal(whole('\\P{Digit}+', 'ab'), true);
    assert.equal(whole('\\p{L}+\\-\\@', 'été-@'), true);
    assert.equal(whole('\\Aab\\z', 'ab'), true);
    assert.equal(whole('[]a]+', ']a'), true);
    assert.equal(whole('\\h\\e', '\t\x1b'), true);
    // Pattern's Unicode names: IsX a script, a binary property or a category; sc=/gc= forms; one letter unbraced
    assert.equal(whole('\\p{IsLatin}+ \\p{IsGreek}', 'été λ'), true);
    assert.equal(whole('\\p{IsLatin}', 'λ'), false);
    assert.equal(whole('\\p{IsAlphabetic}+\\p{IsWhite_Space}\\p{IsDigit}', 'aé\t٣'), true);
    assert.equal(whole('\\p{Lu}\\pL+\\p{sc=Greek}\\P{IsLu}', 'Abcλx'), true);
    // a negated POSIX class inside a class: its complement (Pattern: [\P{Digit}x] is any non-digit, or x)
    assert.equal(whole('[\\P{Digit}]+', 'PD{}é'), true);
    assert.equal(whole('[\\P{Digit}]', '7'), false);
    assert.equal(whole('[\\P{Alpha}\\d]+', '7-_ü'), true);
    assert.equal(whole('[\\P{Alpha}]', 'q'), false);
  });
});

describe('runtime loader: aggregate, clone and propertyGroup as their factories read them (H7, session 11)', () => {
  let t: TestRuntime;
  const BINS = '<bins><bin>a</bin><bin>b</bin><bin>c</bin></bins>';
  before(async () => {
    t = await startRuntime({
      // AggregateMediator's constructor: the aggregation expression is the first element of each SOAP body when
      // <onComplete> gives none (AggregateMediatorFactory sets one only when the attribute is there)
      'Bins.xml': api(
        'Bins',
        '/bins',
        `<iterate expression="//bin" id="b"><target><sequence>
           <aggregate id="b"><correlateOn/><onComplete>
             <payloadFactory media-type="json"><format>{"n": $1, "all": "$2"}</format>
               <args><arg expression="count($body/*)"/><arg expression="string($body)"/></args></payloadFactory>
             <respond/></onComplete></aggregate>
         </sequence></target></iterate>`,
      ),
      // AggregateMediatorFactory deploys an aggregate without <onComplete>; completeAggregate then faults;
      // PropertyGroupMediatorFactory deploys an empty group; CloneMediatorFactory a clone without target
      'Loose.xml': `<api ${NS} name="Loose" context="/loose"><resource methods="POST"><inSequence>
           <propertyGroup/>
           <clone continueParent="true"/>
           <iterate expression="//bin"><target><sequence><aggregate/></sequence></target></iterate>
         </inSequence><faultSequence>
           <payloadFactory media-type="json"><format>{"error": "$1"}</format>
             <args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/>
         </faultSequence></resource></api>`,
    });
  });
  after(() => t.close());

  // The default expression is absolute (/s11:Envelope/s11:Body/...): an iterated message's envelope is a default
  // envelope with no document above it (IterateMediator: getDefaultEnvelope / MessageHelper.cloneSOAPEnvelope), where
  // Jaxen's root is the envelope itself (Axiom DocumentNavigator.getDocumentNode), so the expression finds nothing and
  // the second message fails the aggregation (EIPUtils.enrichEnvelope "Could not find matching elements to
  // aggregate.", AggregateMediator "Error evaluating expression: ..." before the sequence is looked up)
  it('onComplete without expression: the default expression finds nothing in iterated messages, the aggregation faults', async () => {
    const r = await send(`${t.base}/bins`, { body: BINS, type: 'application/xml' });
    assert.equal(r.status, 202);
    assert.ok(
      t.logs.some((l) =>
        l.message.includes(
          'ERROR_MESSAGE = Error evaluating expression: /s11:Envelope/s11:Body/child::*[position()=1]',
        ),
      ),
    );
  });

  it('an aggregate without onComplete deploys; its group fails on the default expression first', async () => {
    const r = await send(`${t.base}/loose`, { body: BINS, type: 'application/xml' });
    assert.deepEqual(r.json(), {
      error:
        'Error evaluating expression: /s11:Envelope/s11:Body/child::*[position()=1] | /s12:Envelope/s12:Body/child::*[position()=1]',
    });
  });
});

describe('runtime loader: a task without class (H7, session 11)', () => {
  // TaskDescriptionFactory only warns when the class is missing; StartUpController.createTask then uses
  // org.apache.synapse.startup.tasks.MessageInjector
  it('injects its message as the MessageInjector does', async () => {
    const t = await startRuntime({
      'tasks/Tick.xml': `<task ${NS} name="Tick"><trigger once="true"/>
          <property name="message"><tick xmlns=""><at>dawn</at></tick></property>
          <property name="injectTo" value="sequence"/><property name="sequenceName" value="TickSeq"/></task>`,
      'sequences/TickSeq.xml': `<sequence ${NS} name="TickSeq"><log level="custom"><property name="at" expression="//at"/></log><drop/></sequence>`,
    });
    try {
      await until("the task's log line", () => t.logs.some((l) => l.message === 'at = dawn'));
      assert.ok(
        t.logs.some((l) => l.message === 'at = dawn'),
        t.logs.map((l) => l.line).join('\n'),
      );
      assert.ok(!t.logs.some((l) => /is not supported/.test(l.message)));
    } finally {
      await t.close();
    }
  });
});

describe("runtime XPath: Jaxen's own functions (H7, session 11)", () => {
  // Jaxen's XPathFunctionContext (the function context SynapseXPath uses) registers lower-case, upper-case (with an
  // optional locale) and ends-with beside the XPath 1.0 functions: MI evaluates them over 1.0 string values
  it('lower-case, upper-case and ends-with read the first node of a node-set; a locale argument is accepted', async () => {
    const t = await startRuntime({
      'Case.xml': api(
        'Case',
        '/case',
        `<payloadFactory media-type="json"><format>{"low": "$1", "up": "$2", "ends": "$3"}</format><args>
           <arg expression="lower-case(//n)"/><arg expression="upper-case(//n[2], 'en')"/><arg expression="ends-with(//n, 'ea')"/>
         </args></payloadFactory><respond/>`,
      ),
    });
    try {
      const r = await send(`${t.base}/case`, {
        body: '<r><n>GREEN tea</n><n>oolong</n></r>',
        type: 'application/xml',
      });
      assert.deepEqual(r.json(), { low: 'green tea', up: 'OOLONG', ends: 'true' });
    } finally {
      await t.close();
    }
  });
});

describe('runtime loader: endpoint definitions as EndpointFactory reads them (H7, session 11)', () => {
  it('refuses an endpoint with no definition child (a nested <endpoint> is none); takes <address> before <http>', async () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'Nested.xml',
        text: `<endpoint ${NS} name="Nested"><endpoint><http method="get" uri-template="http://127.0.0.1:1/"/></endpoint></endpoint>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      ['RT_EMPTY_ENDPOINT'],
    );
    const be = await startBackend((req, res2) => {
      res2.setHeader('content-type', 'application/json');
      res2.end(JSON.stringify({ path: req.url }));
    });
    const t = await startRuntime({
      'Both.xml': `<endpoint ${NS} name="Both"><http method="get" uri-template="${be.url}/by-http"/><address uri="${be.url}/by-address"/></endpoint>`,
      'Use.xml': api('Use', '/use', `<call><endpoint key="Both"/></call><respond/>`),
    });
    try {
      const r = await send(`${t.base}/use`);
      assert.deepEqual(r.json(), { path: '/by-address' });
    } finally {
      await t.close();
      await be.close();
    }
  });
});

describe('runtime loader: mediators are found by their qualified name (H7, session 11)', () => {
  it('refuses a mediator in no namespace or another one inside a Synapse sequence, as MediatorFactoryFinder does', () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'Stray.xml',
        text: `<sequence ${NS} name="Stray">\n<log xmlns=""/>\n<grade xmlns="urn:mill"/>\n<respond/></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.line} ${p.code} ${p.message}`),
      [
        '2 RT_UNKNOWN_MEDIATOR Unknown mediator referenced by configuration element : log',
        '3 RT_UNKNOWN_MEDIATOR Unknown mediator referenced by configuration element : {urn:mill}grade',
      ],
    );
  });
});

describe('runtime loader: endpoint properties as MediatorPropertyFactory reads them (H7, session 11)', () => {
  // MI AddressEndpointTestCase: an endpoint whose property has scope "andun" is not deployed
  it('refuses an endpoint property scope other than default, transport, axis2 and axis2-client', () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'Kiln.xml',
        text: `<endpoint ${NS} name="Kiln">\n<property name="heat" value="high" scope="oven"/>\n<property name="t" value="1" scope="axis2-client"/>\n<http method="get" uri-template="http://127.0.0.1:1/"/></endpoint>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.line} ${p.code}`),
      ['2 RT_BAD_SCOPE'],
    );
  });
});

describe('runtime loader: callout source and target (H7, session 11)', () => {
  it('refuses a source or target with neither xpath nor key (CalloutMediatorFactory), deploys a source type it passes over', () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'Ask.xml',
        text: `<sequence ${NS} name="Ask">\n<callout serviceURL="http://127.0.0.1:1/"><source type="body" xpath="$body/*[1]"/><target key="a"/></callout>\n<callout serviceURL="http://127.0.0.1:1/"><source/><target/></callout></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.line} ${p.code}`),
      ['3 RT_MISSING_ATTRIBUTE', '3 RT_MISSING_ATTRIBUTE'],
    );
  });
});

describe('runtime loader: endpoint addresses as AddressEndpointFactory and HTTPEndpointFactory read them (H7, session 11)', () => {
  it('deploys an http endpoint without uri-template and an address with an empty uri (sending fails); refuses an address without uri', async () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      { name: 'NoUri.xml', text: `<endpoint ${NS} name="NoUri"><address/></endpoint>` },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      ['RT_MISSING_URI'],
    );
    const t = await startRuntime({
      'Bare.xml': `<endpoint ${NS} name="Bare"><http method="get"/></endpoint>`,
      'Blank.xml': `<endpoint ${NS} name="Blank"><address uri=""/></endpoint>`,
      'Try.xml': api(
        'Try',
        '/try',
        `<filter source="$trp:X-Ep" regex="bare"><then><call><endpoint key="Bare"/></call></then>
           <else><call><endpoint key="Blank"/></call></else></filter><respond/>`,
      ),
    });
    try {
      for (const ep of ['bare', 'blank']) {
        const r = await send(`${t.base}/try`, { headers: { 'X-Ep': ep } });
        assert.equal(r.status, 500);
      }
    } finally {
      await t.close();
    }
  });
});

describe('runtime loader: conditionalRouter as ConditionalRouterMediatorFactory builds it (H7, session 11)', () => {
  it('deploys a router without routes (it answers continueAfter) and a route whose target does nothing', async () => {
    const t = await startRuntime({
      'Idle.xml': api(
        'Idle',
        '/idle',
        `<conditionalRouter continueAfter="true"/>
         <conditionalRouter continueAfter="true"><conditionalRoute breakRoute="false">
           <condition><match type="url" regex=".*"/></condition><target/></conditionalRoute></conditionalRouter>
         <payloadFactory media-type="json"><format>{"went": "on"}</format><args/></payloadFactory><respond/>`,
      ),
    });
    try {
      assert.deepEqual((await send(`${t.base}/idle`)).json(), { went: 'on' });
    } finally {
      await t.close();
    }
  });
});

describe('runtime loader: xslt children as XSLTMediatorFactory reads them (H7, session 11)', () => {
  it('passes over a child it does not read (property, feature, attribute, resource are read by name)', () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'Shape.xml',
        text: `<sequence ${NS} name="Shape"><xslt key="gov:xsl/shape.xsl"><note>drafted by hand</note><property name="p" value="1"/></xslt></sequence>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
  });
});

describe('runtime loader: cache responseCodes as CacheMediator compiles them (H7, session 11)', () => {
  it('reads Java regex syntax and refuses a pattern Pattern.compile refuses', () => {
    const deploy = (codes: string) =>
      new Runtime({ httpPort: 0 })
        .deploy([
          {
            name: 'Keep.xml',
            text: `<sequence ${NS} name="Keep"><cache collector="false" timeout="60"><protocol type="HTTP"><methods>*</methods><responseCodes>${codes}</responseCodes></protocol><onCacheHit><respond/></onCacheHit></cache></sequence>`,
          },
        ])
        .problems.map((p) => p.code);
    assert.deepEqual(deploy('2\\d\\d|30[0-9]++'), []);
    assert.deepEqual(deploy('2(0'), ['RT_BAD_REGEX']);
  });
});

describe('runtime loader: script languages as ScriptMediator finds an engine (H7, session 11)', () => {
  // MI InvalidScriptLanguageTestCase: language "jh" is not deployed
  it('refuses a language MI has no engine for, or none; warns for groovy (deployed by MI, not run here)', () => {
    const res = new Runtime({ httpPort: 0 }).deploy([
      {
        name: 'Langs.xml',
        text: `<sequence ${NS} name="Langs">\n<script language="jh">x</script>\n<script>x</script>\n<script language="groovy">x</script>\n<script language="rhinoJs">var a = 1;</script></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.line} ${p.message}`),
      [
        '2 No script engine found for language: jh',
        "3 The 'language' attribute is required for a script mediator",
      ],
    );
    assert.deepEqual(
      res.warnings.map((w) => `${w.line} ${w.code}`),
      ['4 RT_UNSUPPORTED'],
    );
  });

  it('a groovy script faults when a message reaches it (RT_UNSUPPORTED: deployed, not run)', async () => {
    const t = await startRuntime({
      'Groovy.xml': api(
        'Groovy',
        '/groovy',
        `<script language="groovy">mc.setProperty('x', 1)</script><respond/>`,
      ).replace('<inSequence>', '<inSequence onError="GroovyFault">'),
      'GroovyFault.xml': `<sequence ${NS} name="GroovyFault"><payloadFactory media-type="json"><format>{"error": "$1"}</format>
          <args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></sequence>`,
    });
    try {
      const r = await send(`${t.base}/groovy`, { body: '{}', type: 'application/json' });
      assert.match((r.json() as { error: string }).error, /script language 'groovy' is not supported/);
    } finally {
      await t.close();
    }
  });
});
