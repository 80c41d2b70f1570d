/**
 * Oracle sweep (session 13, S2): MI's property-mediator integration tests. Our own API names and values; the MI test
 * class each case mirrors is named in its title.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startProjectRuntime, startRuntime, type TestRuntime } from './helpers';

describe('oracle (MI integration tests, s13 S2): property mediator', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      // PropertyIntegrationDynamicNameTestCase: a property name given as {expression}
      'DynGet.xml': api(
        'DynGet',
        '/dyn-get',
        `<property name="pn" expression="json-eval(key)"/><property name="pv" expression="json-eval(val)"/>
         <property name="{get-property('pn')}" expression="get-property('pv')"/>
         <payloadFactory media-type="json"><format>{"got":"$1"}</format><args><arg expression="get-property('cityName')"/></args></payloadFactory>
         <respond/>`,
      ),
      'DynCtx.xml': api(
        'DynCtx',
        '/dyn-ctx',
        `<property name="pn" expression="json-eval(key)"/><property name="pv" expression="json-eval(val)"/>
         <property name="{$ctx:pn}" expression="$ctx:pv"/>
         <switch source="$ctx:pn"><case regex="cityName">
           <payloadFactory media-type="json"><format>{"got":"$1"}</format><args><arg expression="get-property('cityName')"/></args></payloadFactory>
         </case></switch>
         <respond/>`,
      ),
      // json-eval({$ctx:x}): the JSON path is the value of the property
      'DynJson.xml': api(
        'DynJson',
        '/dyn-json',
        `<property name="pn" value="key"/><property name="pv" value="val"/>
         <property name="{json-eval({$ctx:pn})}" expression="json-eval({$ctx:pv})"/>
         <switch source="json-eval({$ctx:pn})"><case regex="cityName">
           <payloadFactory media-type="json"><format>{"got":"$1"}</format><args><arg expression="get-property('cityName')"/></args></payloadFactory>
         </case><default><payloadFactory media-type="json"><format>{"none":true}</format><args/></payloadFactory></default></switch>
         <respond/>`,
      ),
      // PropertyIntegrationGetFilePropertyTestCase: no project, no file: the file.properties MI ships
      'Shipped.xml': api(
        'Shipped',
        '/shipped-file',
        `<log level="custom"><property name="shipped" expression="get-property('file', 'stockQuoteEP')"/></log><respond/>`,
      ),
      // a template parameter the call gives no value: TemplateContext.getParameterValue is null, logged "null"
      'Greet.xml': `<template xmlns="http://ws.apache.org/ns/synapse" name="greet"><parameter name="who"/><parameter name="how"/><sequence>
          <log level="custom"><property name="who" expression="$func:who"/><property name="whoToo" expression="get-property('func', 'who')"/><property name="how" expression="$func:how"/></log>
        </sequence></template>`,
      'Greeter2.xml': api(
        'Greeter2',
        '/greeter2',
        `<call-template target="greet"><with-param name="how" value="warmly"/></call-template><respond/>`,
      ),
      // PropertyIntegrationXPathExtensionTestCase: get-property scopes in a custom log
      'Scopes.xml': api(
        'Scopes',
        '/scopes',
        `<property name="Tp" value="on the wire" scope="transport"/>
         <property name="Op" value="in the operation" scope="operation"/>
         <property name="Ac" value="client option" scope="axis2-client"/>
         <property name="Mine" value="plain"/>
         <log level="custom">
           <property name="trp" expression="get-property('transport', 'Tp')"/>
           <property name="op" expression="get-property('operation','Op')"/>
           <property name="sep" expression="get-property('system', 'file.separator')"/>
           <property name="client" expression="get-property('axis2-client', 'Ac')"/>
           <property name="mine" expression="get-property('Mine', 'Mine')"/>
           <property name="syn" expression="get-property('synapse', 'Mine')"/>
         </log>
         <respond/>`,
      ),
    });
  });
  after(() => t?.close());

  it('a property named by {get-property(...)}, {$ctx:...} or {json-eval({$ctx:...})} takes the evaluated name (MI PropertyIntegrationDynamicNameTestCase)', async () => {
    for (const path of ['/dyn-get', '/dyn-ctx', '/dyn-json']) {
      const r = await send(t.base + path, {
        body: '{"key":"cityName","val":"Kandy"}',
        type: 'application/json',
      });
      assert.equal(r.status, 200, path);
      assert.equal(r.text, '{"got":"Kandy"}', path);
    }
  });

  it('get-property scopes: axis2-client is no get-property scope (a default property of that name: null), system reads Java properties (MI PropertyIntegrationXPathExtensionTestCase)', async () => {
    const before = t.logs.length;
    await send(t.base + '/scopes', { body: '<a/>', type: 'application/xml' });
    const line = t.logs.slice(before).find((l) => l.category === 'LogMediator')?.message ?? '';
    // GetPropertyFunction: a first argument outside its scopes is a default-scope property's name (the second, its
    // date format); a missing one is Java null, which the log appends as "null"
    assert.match(
      line,
      /trp = on the wire, op = in the operation, sep = [/\\], client = null, mine = plain, syn = null$/,
    );
  });

  it('a template parameter without a value is Java null: $func:x and get-property(\'func\', x) log "null" (TemplateContext.setupParams; MI PropertyIntegrationXPathExtensionTestCase)', async () => {
    const before = t.logs.length;
    await send(t.base + '/greeter2');
    assert.ok(t.logs.slice(before).some((l) => l.message === 'who = null, whoToo = null, how = warmly'));
  });

  it("get-property('file', key) and $FILE:key read the project's file.properties; without one, MI's shipped file (MI PropertyIntegrationGetFilePropertyTestCase)", async () => {
    const be = await startBackend();
    const NSX = 'xmlns="http://ws.apache.org/ns/synapse"';
    const p = await startProjectRuntime(
      {
        'pom.xml': '<project><artifactId>FileProps</artifactId><version>1.0.0</version></project>',
        'deployment/file.properties': `# MI's conf/file.properties\ngreeting = good morning\nordersUrl=${be.url}/orders\n`,
        'src/main/wso2mi/artifacts/apis/Greeter.xml': `<api ${NSX} name="Greeter" context="/greeter"><resource methods="GET"><inSequence>
            <log level="custom"><property name="greeting" expression="get-property('file', 'greeting')"/><property name="absent" expression="get-property('file', 'nope')"/></log>
            <call><endpoint><address uri="$FILE:ordersUrl"/></endpoint></call><respond/></inSequence></resource></api>`,
      },
      's13-s2-file',
    );
    try {
      const before = p.logs.length;
      const r = await send(`${p.base}/greeter`);
      assert.equal(r.status, 200);
      assert.equal(be.requests.at(-1)?.url, '/orders');
      // GetPropertyFunction: a key the file lacks is "" (NULL_STRING), not null
      assert.ok(p.logs.slice(before).some((l) => l.message === 'greeting = good morning, absent = '));
    } finally {
      await p.close();
      await be.close();
    }
    const before = t.logs.length;
    await send(t.base + '/shipped-file');
    assert.ok(
      t.logs
        .slice(before)
        .some((l) => l.message === 'shipped = http://localhost:9000/services/SimpleStockQuoteService'),
    );
  });
});
