/**
 * `synapse validate` against MI's own configuration factories (session 17, helper W5). Expected verdicts produced by
 * Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc / 8ffe5865) compiled and driven by a harness (session 17 S1): a driver
 * ran, for each artifact, the factory MI's deployer runs (MediatorFactoryFinder for a sequence, as SequenceDeployer
 * does, then the sequence's init()) and recorded "deployed" or "refused" with the exception. JSONPath verdicts come from
 * Jayway json-path 2.10.0 (MI 4.4's version) JsonPath.compile, which SynapseJsonPath calls. Our own inputs; MI's verdict
 * as a literal: a refused artifact must get at least one error, a deployed one none.
 */
import assert from 'node:assert/strict';
import { ProjectIndex } from '../../core/project';
import { validateFile } from '../../core/validate/index';
import { parseJsonPath } from '../../core/expressions/synapse-parser';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function errors(body: string): string[] {
  const path = '/w5/Probe.xml';
  const index = new ProjectIndex();
  index.setFile(path, `<sequence ${S} name="Probe">${body}</sequence>`);
  return validateFile(index.getFile(path)!, index, { layout: 'file', checkReferences: false })
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.code}: ${f.message}`);
}

const refused = (body: string) => assert.notDeepEqual(errors(body), [], body);
const deployed = (body: string) => assert.deepEqual(errors(body), [], body);

describe('synapse validate: attributes MI compiles as XPath only refuse ${...} and json-eval (SynapseXPathFactory; session 17 W5 factory oracle)', () => {
  const fault = (child: string) =>
    `<makefault version="soap11"><code xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" value="s:Server"/>${child}</makefault>`;

  it('a payloadFactory arg without evaluator="json" is an XPath: ${...} and json-eval are refused (PayloadFactoryMediatorFactory)', () => {
    const pf = (arg: string) =>
      `<payloadFactory media-type="json"><format>{"total":"$1"}</format><args>${arg}</args></payloadFactory>`;
    // MI: "Invalid XPath expression for attribute expression : ${vars.total}"
    refused(pf('<arg expression="${vars.total}"/>'));
    refused(pf('<arg evaluator="xml" expression="${payload.order.total}"/>'));
    // MI: "Invalid XPath expression for attribute expression : json-eval($.order.total)"
    refused(pf('<arg expression="json-eval($.order.total)"/>'));
    deployed(pf('<arg expression="//order/total"/>'));
    deployed(pf('<arg evaluator="json" expression="$.order.total"/>'));
    deployed(pf('<arg evaluator="json" expression="json-eval($.order.total)"/>'));
    const e = errors(pf('<arg expression="${vars.total}"/>'));
    assert.match(e[0]!, /^EXPR_XPATH_SYNTAX: .*XPath only/);
  });

  it('callout source/target, xslt source, makefault reason/detail and rewrite action xpath are XPath only', () => {
    // MI: "Invalid source XPath : ${vars.req}"
    refused(
      '<callout serviceURL="http://127.0.0.1:9/svc"><source xpath="${vars.req}"/><target key="resp"/></callout>',
    );
    // MI: "Invalid XPath specified for the source attribute : ${payload.order}"
    refused('<xslt key="OrderXsl" source="${payload.order}"/>');
    deployed('<xslt key="OrderXsl" source="//order"/>');
    // MI: "Invalid fault reason expression", "Unable to build the XPath for fault detail from the expression"
    refused(fault('<reason expression="${vars.why}"/>'));
    refused(fault('<reason value="r"/><detail expression="json-eval($.why)"/>'));
    deployed(fault('<reason expression="string(//why)"/>'));
    // MI: "Error while parsing the XPath expression: ${vars.host}"
    refused(
      '<rewrite><rewriterule><action type="set" fragment="host" xpath="${vars.host}"/></rewriterule></rewrite>',
    );
    deployed(
      '<rewrite><rewriterule><action type="set" fragment="host" xpath="//host"/></rewriterule></rewrite>',
    );
  });

  it("a store's dynamic messageStore {...} is a plain XPath (MessageStoreMediatorFactory)", () => {
    // MI: "Invalid XPath expression for attribute 'messageStore' : {${vars.store}}"
    refused('<store messageStore="{${vars.store}}"/>');
    refused('<store messageStore="{json-eval($.store)}"/>');
    deployed('<store messageStore="{//storeName}"/>');
    deployed('<store messageStore="OrdersStore"/>');
  });

  it('where MI reads ${...} (SynapsePathFactory, ValueFactory) it stays accepted', () => {
    deployed('<filter xpath="${vars.ok}"><then><log/></then></filter>');
    deployed('<xslt key="{${vars.sheet}}"/>');
    deployed('<sequence key="{${vars.next}}"/>');
    deployed('<property name="p" expression="${payload.a}"/>');
  });
});

describe('JSONPath: what Jayway 2.10 compiles is no error (PathCompiler; session 17 W5 factory oracle)', () => {
  it('one character left after a complete token is passed over, as CharacterIndex.currentIsTail does', () => {
    // MI deployed <property expression="json-eval($.a[)"/>: SynapseJsonPath compiles "$.a[" ($['a'])
    deployed('<property name="p" expression="json-eval($.order[)"/>');
    deployed(
      '<payloadFactory media-type="json"><format>{"a":"$1"}</format><args><arg evaluator="json" expression="$.lines[0]x"/></args></payloadFactory>',
    );
    const ok = (p: string, names: string[]) => {
      const r = parseJsonPath(p);
      assert.deepEqual(r.errors, [], p);
      assert.deepEqual(
        r.tree!.segments.map((s) => ('name' in s ? s.name : s.kind)),
        names,
        p,
      );
    };
    ok('$.a[', ['a']); // Jayway: $['a']
    ok('$.a[0]x', ['a', 'index']); // $['a'][0]
    ok('$.a[0]xy', ['a', 'index', 'xy']); // $['a'][0]['xy']
    ok('$.a.b[', ['a', 'b']); // $['a']['b']
    ok('$.a==2', ['a==2']); // $['a==2']: a name runs to '.', '[', '(' or a space
    // and what Jayway refuses stays refused
    for (const bad of ['$.a[0', '$.a[*', '$.a b', '$.a[?(@.b', '$.a..[', "$.a['b", '$..a(']) {
      assert.ok(
        parseJsonPath(bad).errors.some((e) => e.severity === 'error'),
        `${bad} should be an error`,
      );
    }
    refused('<property name="p" expression="json-eval($.order[0)"/>');
  });
});

function artifactErrors(xml: string): string[] {
  const path = '/w5/Artifact.xml';
  const index = new ProjectIndex();
  index.setFile(path, xml);
  return validateFile(index.getFile(path)!, index, { layout: 'file', checkReferences: false })
    .filter((f) => f.severity === 'error')
    .map((f) => `${f.code}: ${f.message}`);
}

describe('synapse validate: names and children MI passes over or refuses (seeded mutations of the corpus; session 17 W5 factory oracle)', () => {
  it('a <with-param> without name is passed over (InvokeMediatorFactory); an empty name is refused', () => {
    deployed('<call-template target="PriceTpl"><with-param value="10"/></call-template>');
    refused('<call-template target="PriceTpl"><with-param name="" value="10"/></call-template>');
  });

  it('a sequence template parameter without name deploys (TemplateMediatorFactory); an endpoint template one is refused (TemplateFactory)', () => {
    assert.deepEqual(
      artifactErrors(
        `<template ${S} name="PriceTpl"><parameter defaultValue="0"/><sequence><log/></sequence></template>`,
      ),
      [],
    );
    assert.notDeepEqual(
      artifactErrors(
        `<template ${S} name="PriceEpTpl"><parameter defaultValue="0"/><endpoint name="e"><address uri="http://127.0.0.1:9/p"/></endpoint></template>`,
      ),
      [],
    );
  });

  it('an empty uri-template is read as absent (ResourceFactory.configureURLMappings)', () => {
    assert.deepEqual(
      artifactErrors(
        `<api ${S} name="PriceAPI" context="/price"><resource methods="GET" uri-template=""><inSequence><respond/></inSequence></resource></api>`,
      ),
      [],
    );
  });

  it('a filter with <then> passes over its other children (FilterMediatorFactory); without <then> they are mediators', () => {
    deployed('<filter xpath="true()"><then><log/></then><extra/></filter>');
    refused('<filter xpath="true()"><log/><extra/></filter>');
  });

  it('an empty property or log property name is refused (PropertyMediatorFactory, LogMediatorFactory)', () => {
    refused('<property name="" value="1"/>');
    refused('<log level="custom"><property name="" value="1"/></log>');
  });

  it('an empty artifact name: refused for a sequence, proxy, API, local entry (SynapseConfiguration.assertAlreadyExists, the factories); a task deploys', () => {
    assert.notDeepEqual(artifactErrors(`<sequence ${S} name=""><log/></sequence>`), []);
    assert.notDeepEqual(
      artifactErrors(
        `<proxy ${S} name="" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
      ),
      [],
    );
    assert.notDeepEqual(
      artifactErrors(
        `<api ${S} name="" context="/p"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
      ),
      [],
    );
    assert.match(
      artifactErrors(`<localEntry ${S} key="">1</localEntry>`)[0]!,
      /Given entry key is empty or null/,
    );
    assert.deepEqual(
      artifactErrors(
        `<task ${S} name="" class="org.apache.synapse.startup.tasks.MessageInjector"><trigger interval="5"/></task>`,
      ),
      [],
    );
  });
});

describe('synapse validate: proxy target, log property value, endpoint template (session 17 W5 factory oracle, second seed)', () => {
  it('a proxy <target> without inSequence or endpoint is refused (ProxyServiceFactory)', () => {
    assert.match(
      artifactErrors(
        `<proxy ${S} name="AuditProxy" transports="http"><target><outSequence><log/></outSequence></target></proxy>`,
      )[0]!,
      /must declare either an inSequence or endpoint or both/,
    );
    assert.deepEqual(
      artifactErrors(`<proxy ${S} name="AuditProxy" transports="http"><target endpoint="AuditEP"/></proxy>`),
      [],
    );
  });

  it('a log property with value="" is refused (MediatorPropertyFactory)', () => {
    refused('<log level="custom"><property name="who" value=""/></log>');
    deployed('<log level="custom"><property name="who"><who xmlns=""/></property></log>');
  });

  it("an endpoint template's <endpoint> without a definition deploys with the template (kept as written)", () => {
    assert.deepEqual(
      artifactErrors(
        `<template ${S} name="AuditEpTpl"><parameter name="uri"/><endpoint name="e"/></template>`,
      ),
      [],
    );
  });
});

describe('synapse validate: empty values and numbers MI reads leniently (session 17 W5 factory oracle, third seed)', () => {
  it('an empty call-template target and a jsontransform property with value="" are refused', () => {
    refused('<call-template target=""><with-param name="a" value="1"/></call-template>');
    refused(
      '<jsontransform><property name="synapse.commons.json.output.disableAutoPrimitive.regex" value=""/></jsontransform>',
    );
  });

  it('a recipient list max-cache that is no number deploys (RecipientListEndpointFactory swallows the NumberFormatException)', () => {
    deployed(
      '<send><endpoint><recipientlist><endpoints value="{get-property(\'targets\')}" max-cache="many"/></recipientlist></endpoint></send>',
    );
  });
});

describe('synapse validate: white space around json-eval( or ${...} in an expression attribute (SynapsePathFactory reads it untrimmed; session 17 W5 factory oracle)', () => {
  it('a leading space (or a space after ${...}) makes MI read an XPath and refuse it', () => {
    refused('<property name="p" expression=" json-eval($.order.id)"/>');
    refused('<property name="p" expression=" ${payload.order.id}"/>');
    refused('<variable name="v" type="STRING" expression="${vars.id} "/>');
    refused('<filter source=" ${vars.kind}" regex="a"><then><log/></then></filter>');
    refused('<iterate expression=" ${payload.items}"><target><sequence><log/></sequence></target></iterate>');
    // json-eval( at the start with a trailing space deploys (the last character is cut, Jayway passes over a ')')
    deployed('<property name="p" expression="json-eval($.order.id) "/>');
    deployed('<property name="p" expression=" //order/id"/>');
    deployed('<throwError type="E" errorMessage=" ${vars.why}"/>');
  });
});

describe("synapse validate: a payloadFactory format's ${...} as MI cuts them (InlineExpressionUtil \\$\\{(.+?)}; session 17 W5 factory oracle)", () => {
  const pf = (format: string) =>
    `<payloadFactory media-type="json"><format>${format}</format></payloadFactory>`;
  it('MI compiles up to the first } on the line and refuses what does not compile', () => {
    refused(pf('{"total":"${}"}'));
    refused(pf('{"total":"${ }"}'));
    refused(pf('{"total":"${vars.total"}'));
    deployed(pf('{"total":"${vars.total}","unit":"${payload.unit}"}'));
    deployed(pf('{"total":${vars.m["k"]}}'));
    // no } after the ${ on its line: MI leaves it as text
    deployed(pf('{"total":"${\n","unit":1}'));
    deployed(
      '<payloadFactory media-type="xml"><format><total xmlns="">${}</total></format></payloadFactory>',
    );
  });
});
