/**
 * Session 13 (W1): small differences from MI the session's reviewers found; our own names and values, each case
 * naming the MI/Synapse source (or MI test class) that proves the behaviour.
 */
import assert from 'node:assert/strict';
import { analyzeFile } from '../../core/project';
import { validateFile } from '../../core/validate';
import { Runtime } from '../../runtime-debug/engine';
import { NS, api, send, startRuntime, type TestRuntime } from './helpers';

function load(files: Record<string, string>, opts: ConstructorParameters<typeof Runtime>[0] = {}) {
  const rt = new Runtime({ httpPort: 0, ...opts });
  return rt.deploy(Object.entries(files).map(([name, text]) => ({ name, text })));
}

describe('oracle S13 W1: review leftovers', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime(
      {
        'Front.xml': `<proxy ${NS} name="W1Front" transports="http"><target><inSequence>
          <call><endpoint><address uri="local://services/W1Inner"/></endpoint></call><respond/></inSequence></target></proxy>`,
        'Inner.xml': `<proxy ${NS} name="W1Inner" transports="http local"><target><inSequence>
          <payloadFactory media-type="json"><format>{"inName":"$1","set":$2}</format><args>
            <arg evaluator="xml" expression="get-property('TRANSPORT_IN_NAME')"/>
            <arg evaluator="xml" expression="boolean(get-property('TRANSPORT_IN_NAME'))"/></args></payloadFactory>
          <respond/></inSequence></target></proxy>`,
        'CloneNoTarget.xml': `<api ${NS} name="W1Clone" context="/w1clone"><resource methods="POST"><inSequence>
          <clone iterations="2"/><log level="custom"><property name="w1" value="after clone"/></log><respond/></inSequence>
          <faultSequence><payloadFactory media-type="json"><format>{"code":$1,"message":"$2"}</format><args>
            <arg evaluator="xml" expression="get-property('ERROR_CODE')"/><arg evaluator="xml" expression="get-property('ERROR_MESSAGE')"/>
          </args></payloadFactory><respond/></faultSequence></resource></api>`,
      },
      {
        env: { W1_WHO: 'from the environment' },
        configs: { W1_WHO: 'from the option', W1_ONLY: 'option only' },
      },
    );
    t.rt.deploy([
      {
        name: 'Configs.xml',
        text: api(
          'W1Configs',
          '/w1configs',
          `<payloadFactory media-type="json"><format>{"who":"$1","only":"$2"}</format><args>
            <arg expression="\${configs.W1_WHO}"/><arg expression="\${configs.W1_ONLY}"/></args></payloadFactory><respond/>`,
        ),
      },
    ]);
  });
  after(() => t?.close());

  it('a message that came over local:// has no TRANSPORT_IN_NAME: MI declares no local transport receiver, so LocalTransportReceiver gives it none (Axis2 LocalTransportReceiver, ProxyServiceMessageReceiver; MI LocalTransportTestCase)', async () => {
    const r = await send(`${t.base}/services/W1Front`, { body: '<q/>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { inName: '', set: false });
    const direct = await send(`${t.base}/services/W1Inner`, { body: '<q/>', type: 'application/xml' });
    assert.deepEqual(direct.json(), { inName: 'http', set: true });
  });

  it('${configs.x}: an environment variable wins over a system property (options.configs), as ConfigDeployer.getValueOfKey reads env first (MI ApiWithConfigurablePropertyTestCase)', async () => {
    const r = await send(`${t.base}/w1configs`);
    assert.deepEqual(r.json(), { who: 'from the environment', only: 'option only' });
  });

  it('clone with iterations and no <target> faults when run (CloneMediator.executeTargetIterations: targets.get(0), IndexOutOfBoundsException through AbstractListMediator) and deploys (Synapse CloneMediatorFactory, CloneMediator)', async () => {
    const r = await send(`${t.base}/w1clone`, { method: 'POST', body: '{"a":1}', type: 'application/json' });
    assert.deepEqual(r.json(), { code: 0, message: 'Index 0 out of bounds for length 0' });
    assert.ok(!t.logs.some((l) => l.message.includes('after clone')));
  });

  it('a uri-template variable with a length that is not a positive integer, or a character Variable refuses, fails the API (Synapse URITemplateHelper -> URITemplateParser -> Variable)', () => {
    for (const tpl of [
      '/items/{code:0}',
      '/items/{code:-2}',
      '/items/{code:x}',
      '/items/{co de}',
      '/items/{a,,b}',
    ]) {
      const res = load({
        'Bad.xml': api('W1Bad', '/w1bad', '<respond/>', `methods="GET" uri-template="${tpl}"`),
      });
      assert.deepEqual(
        res.problems.map((p) => p.code),
        ['RT_BAD_URI_TEMPLATE'],
        tpl,
      );
    }
    for (const tpl of ['/items/{code:3}', '/items/{+rest}', '/items/{a,b}', '/items/{uri.var-x_1}?q={q}']) {
      const res = load({
        'Good.xml': api('W1Good', '/w1good', '<respond/>', `methods="GET" uri-template="${tpl}"`),
      });
      assert.deepEqual(res.problems, [], tpl);
    }
    // the validator says the same (SYN400)
    const syn400 = (tpl: string) =>
      validateFile(
        analyzeFile('/p/A.xml', api('W1V', '/w1v', '<respond/>', `methods="GET" uri-template="${tpl}"`)),
      )
        .filter((f) => f.code === 'SYN400')
        .map((f) => f.message);
    assert.match(syn400('/items/{code:0}').join(), /Invalid variable prefix: 0/);
    assert.deepEqual(syn400('/items/{code:3}'), []);
  });

  it('a uri-template URITemplateParser.parse refuses by its braces or operator fails the API in run as in validate ({}, a { at or next to the end, nested {, a lone }, a leading {, {?q}); an unclosed { before the end deploys (Synapse URITemplateParser)', () => {
    const problems = (tpl: string) =>
      load({ 'T.xml': api('W1T', '/w1t', '<respond/>', `methods="GET" uri-template="${tpl}"`) }).problems.map(
        (p) => p.code,
      );
    for (const tpl of [
      '/items/{}',
      '/{}/items',
      '/items/{a{b}}',
      '/items/a}',
      '{id}/items',
      '/items/{?q}',
      '/items/{',
    ])
      assert.deepEqual(problems(tpl), ['RT_BAD_URI_TEMPLATE'], tpl);
    for (const tpl of ['/items/{id', '/items/{a}{b}', '/items/{+}', '/items/{id}/', '/'])
      assert.deepEqual(problems(tpl), [], tpl);
  });

  it('an <http.init> whose {…} parameter does not compile deploys with an RT_HTTP_CONNECTION warning; a {…} timeout that does not compile still fails the entry (LocalEntryDeployer, HTTPConnectionUtils, EndpointDefinitionFactory)', () => {
    const conn = (body: string) =>
      `<localEntry ${NS} key="W1Conn"><http.init><connectionType>HTTP</connectionType><name>W1Conn</name><baseUrl>http://127.0.0.1:9</baseUrl>${body}</http.init></localEntry>`;
    const lenient = load({ 'Conn.xml': conn('<headers>{json-eval($.a[[1])}</headers>') });
    assert.deepEqual(lenient.problems, []);
    assert.deepEqual(lenient.warnings.filter((w) => w.code === 'RT_HTTP_CONNECTION').length, 1);
    const strict = load({
      'Conn.xml': conn('<timeoutDuration>{//a[}</timeoutDuration><timeoutAction>fault</timeoutAction>'),
    });
    assert.ok(strict.problems.some((p) => p.code === 'RT_BAD_CONNECTION'));
  });
});
