/**
 * The newest Micro Integrator syntax validates (H9, session 12): the forms the Synapse factories at HEAD (2026) and
 * MI for VS Code's 4.4 templates and schemas write, in our own minimal fixtures; the factory or page that proves each
 * case is named in its title. Where MI refuses, the error stays.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: the newest MI syntax (H9, session 12)', () => {
  let fx: ScratchProject;
  const art = (folder: string, name: string, text: string) => {
    const rel = `Kiln/src/main/wso2mi/artifacts/${folder}/${name}.xml`;
    fx.put(rel, text);
    return fx.findings(rel).filter((f) => !f.includes(' hint '));
  };
  const seq = (name: string, body: string) =>
    art('sequences', name, `<sequence ${S} name="${name}">\n${body}\n</sequence>`);

  before(() => {
    fx = scratchProject('h9-s12-', 'Kiln');
    fx.put(
      'Kiln/src/main/wso2mi/artifacts/local-entries/GlazeSchema.xml',
      `<localEntry ${S} key="GlazeSchema"><![CDATA[{"type":"object","required":["tone"]}]]></localEntry>`,
    );
  });
  after(() => fx?.dispose());

  it('the MI 4.4+ mediator forms deploy as written (Variable, ThrowError, ForEach v2, ScatterGather, Call, PayloadFactory, Log, Header, Validate, Script, Class factories at HEAD)', () => {
    assert.deepEqual(
      seq(
        'Fire',
        `<variable name="count" type="INTEGER" value="3"/>
<variable name="glaze" type="JSON" expression="\${payload.glaze}"/>
<variable name="count" action="remove"/>
<foreach collection="\${payload.pots}" parallel-execution="false" counter-variable="n" update-original="false" result-content-type="XML" result-enclosing-element="pots" target-variable="fired">
  <sequence><log category="DEBUG" logMessageID="true"><message>pot \${vars.n}</message></log></sequence>
</foreach>
<foreach collection="\${payload.pots}" continue-without-aggregation="true" update-original="false"><sequence><drop/></sequence></foreach>
<scatter-gather parallel-execution="true" target="variable" target-variable="quotes" result-content-type="JSON">
  <aggregation expression="\${payload}" condition="\${payload.ok}" timeout="3000" min-messages="1" max-messages="{\${vars.kilns}}"/>
  <sequence><payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[{"kiln": "\${payload.id}"}]]></format></payloadFactory></sequence>
  <sequence><log logFullPayload="true"/></sequence>
</scatter-gather>
<call><endpoint><http method="post" uri-template="http://127.0.0.1:9/kiln"/></endpoint><source type="inline">{"t":1}</source><target type="variable">{\${vars.slot}}</target></call>
<header xmlns:k="urn:kiln" name="k:Batch" type="OM" expression="$ctx:batchXml"/>
<validate source="\${vars.glaze}" json-source="true" cache-schema="false"><schema key="GlazeSchema"/><on-fail><drop/></on-fail></validate>
<script language="js" target="variable" target-variable="cooled" traceFilter="enable"><![CDATA[1]]><inputs><argument name="t" type="INTEGER" value="900"/><argument name="g" type="JSON" expression="\${vars.glaze}"/></inputs></script>
<class name="org.example.Kiln" method="cool" target="none"><inputs><argument name="t" expression="\${vars.count}"/></inputs></class>
<throwError type="KILN:COLD" errorMessage="{\${vars.glaze.tone}}"/>`,
      ),
      [],
    );
  });

  it('foreach with a collection needs a <sequence> element (ForEachMediatorFactory.createForEachMediatorV2); the classic form deploys without one', () => {
    // (the MI 4.4 form does not read a sequence attribute: a warning)
    assert.deepEqual(seq('Empty', '<foreach collection="${payload.pots}" sequence="Fire"/>'), [
      '2 error SYN106',
      '2 warning SYN101',
    ]);
    assert.deepEqual(seq('Classic', '<foreach expression="//pot"/>'), []);
  });

  it("attributes and children the factories read that were unknown: a message processor's and a task's statistics and trace (MessageProcessorFactory since Synapse de15b888f, SimpleQuartzFactory), a store mediator's name (MessageStoreMediatorFactory), an xquery <dataSource> (XQueryMediatorFactory)", () => {
    fx.put(
      'Kiln/src/main/wso2mi/artifacts/message-stores/Cooling.xml',
      `<messageStore ${S} name="Cooling"/>`,
    );
    assert.deepEqual(
      art(
        'message-processors',
        'Unload',
        `<messageProcessor ${S} name="Unload" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Cooling" statistics="enable" trace="enable"><parameter name="sequence">Fire</parameter></messageProcessor>`,
      ),
      [],
    );
    assert.deepEqual(
      art(
        'tasks',
        'Tick',
        `<task ${S} name="Tick" class="org.apache.synapse.startup.tasks.MessageInjector" statistics="enable" trace="disable"><trigger interval="5"/><property name="injectTo" value="main"/><property name="message"><tick/></property></task>`,
      ),
      [],
    );
    assert.deepEqual(seq('Shelve', '<store name="shelve" messageStore="Cooling"/>'), []);
    assert.deepEqual(
      seq(
        'Query',
        '<xquery key="GlazeSchema"><dataSource><property name="xqDataSourceClass" value="org.example.XQDataSource"/></dataSource></xquery>',
      ),
      [],
    );
  });

  it('a reference to an artifact of a dependency project (<groupId>__<artifactId>__<name>, a car dependency in the pom: docs-mi integration-project-dependencies, versioned-artifact-deployment) is not looked up in this project', () => {
    fx.put(
      'Glaze/pom.xml',
      `<project><groupId>org.example.kiln</groupId><artifactId>glaze</artifactId><version>1.0.0</version>
  <dependencies>
    <dependency><groupId>org.example.kiln</groupId><artifactId>kiln-utils</artifactId><version>1.0.2</version><type>car</type></dependency>
    <dependency><groupId>org.wso2.integration.connector</groupId><artifactId>mi-connector-http</artifactId><version>0.1.14</version><type>zip</type></dependency>
  </dependencies>
</project>`,
    );
    const rel = 'Glaze/src/main/wso2mi/artifacts/sequences/Coat.xml';
    fx.put(
      rel,
      `<sequence ${S} name="Coat">
<sequence key="org.example.kiln__kiln-utils__logSeq"/>
<call><endpoint key="org.example.kiln__kiln-utils__KilnEp"/></call>
<sequence key="org.example.kiln__other-utils__logSeq"/>
<sequence key="org.wso2.integration.connector__mi-connector-http__logSeq"/>
</sequence>`,
    );
    assert.deepEqual(fx.findings(rel), ['4 warning SYN200', '5 warning SYN200']);
  });

  it('call-template passes responseVariable and overwriteBody whether the template declares them or not: InvokeMediator reads them itself (no SYN504)', () => {
    art(
      'templates',
      'Glost',
      `<template ${S} name="Glost"><parameter name="tone"/><sequence><log/></sequence></template>`,
    );
    assert.deepEqual(
      seq(
        'Dip',
        '<call-template target="Glost"><with-param name="tone" value="red"/><with-param name="responseVariable" value="dipped"/><with-param name="overwriteBody" value="false"/><with-param name="shade" value="x"/></call-template>',
      ),
      ['2 warning SYN504'],
    );
  });

  it('uri-template="*" is a catch-all resource, not one that is never selected (URITemplate Literal.match; MI DefaultSequenceWithMultipleMethodsTest)', () => {
    assert.deepEqual(
      art(
        'apis',
        'Yard',
        `<api ${S} name="Yard" context="/yard"><resource methods="GET" uri-template="/kiln/*"><inSequence><respond/></inSequence></resource><resource methods="GET" uri-template="*"><inSequence><respond/></inSequence></resource></api>`,
      ),
      [],
    );
    assert.deepEqual(
      art(
        'apis',
        'Yard2',
        `<api ${S} name="Yard2" context="/yard2"><resource methods="GET" uri-template="kiln/*"><inSequence><respond/></inSequence></resource></api>`,
      ),
      ['1 warning SYN400'],
    );
  });

  it("the AI module's operations (MI for VS Code aiAgent.xsd: connections, mcpConnections, tools) and an MCP server's inbound endpoint and tool list (docs-mi creating-an-mcp-server) deploy", () => {
    assert.deepEqual(
      seq(
        'Advise',
        `<ai.agent>
  <connections><llmConfigKey>KILN_LLM</llmConfigKey></connections>
  <mcpConnections><mcpConfigKey>KILN_MCP</mcpConfigKey></mcpConnections>
  <instructions>Answer about firing schedules.</instructions>
  <prompt>\${payload.question}</prompt>
  <responseVariable>advice</responseVariable><overwriteBody>false</overwriteBody>
  <modelName>gpt-4o-mini</modelName>
  <tools><tool name="schedule" template="Fire" resultExpression="\${payload}" description="Firing schedule"/><tool name="remote" type="mcp" mcpConnection="KILN_MCP" description="Remote tools"/></tools>
</ai.agent>`,
      ),
      [],
    );
    // the MCP inbound endpoint's root carries no namespace (the page's source view): InboundEndpointFactory reads
    // attributes and the Synapse-namespaced <parameters> only
    assert.deepEqual(
      art(
        'inbound-endpoints',
        'KilnTools',
        `<inboundEndpoint name="KilnTools" sequence="" onError="" class="org.example.inbound.ToolListener">
  <parameters ${S}><parameter name="inbound.http.port">8311</parameter><parameter name="mcp.tools.localentry">KilnToolList</parameter><parameter name="inbound.behavior">listening</parameter></parameters>
</inboundEndpoint>`,
      ),
      [],
    );
    assert.deepEqual(
      art(
        'local-entries',
        'KilnToolList',
        `<localEntry ${S} key="KilnToolList"><mcptools><tool name="fire"><sequence>Fire</sequence><description>Fire a pot</description><inputSchema><![CDATA[{"type":"object"}]]></inputSchema></tool></mcptools></localEntry>`,
      ),
      [],
    );
  });
});
