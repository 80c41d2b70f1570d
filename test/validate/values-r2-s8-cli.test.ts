/**
 * `synapse validate` as a process (helper R2, session 8): every attribute value check agrees with what MI 4.4's
 * factories do with the value. An error where the factory throws (MI refuses to deploy); a warning that says what MI
 * does where it deploys the value and ignores it or reads it otherwise; nothing where it reads the value in any
 * case or trimmed. Our own small fixtures, one file per case, checked in one run of the CLI.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const CLI = resolve(__dirname, '../../dist/cli.js');
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const seq = (name: string, body: string) => `<sequence ${NS} name="${name}">\n${body}\n</sequence>\n`;

interface Row {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

/** file name -> text; each becomes one file of the folder validated. */
const CASES: Record<string, string> = {
  // ---- read in any case or trimmed by the factory: no finding
  'CaseFree.xml': seq(
    'CaseFree',
    `    <log category=" Error "/>
    <call><endpoint><address uri="http://127.0.0.1:9/a" format=" Soap12 " optimize="SwA"><enableAddressing version=" SUBMISSION "/></address></endpoint></call>
    <call><endpoint><http uri-template="http://127.0.0.1:9/b" method="Patch"/></endpoint></call>
    <bean action="get_property" var="box" property="size" target="{$ctx:size}"/>
    <script language="js" target="VARIABLE" target-variable="out">mc.getPayloadJSON();</script>
    <xquery key="xq"><variable name="v" type=" STRING " value="x"/></xquery>
    <dataServiceCall serviceName="Books"><source type="INLINE"/><operations type="single"><operation name="get"/></operations><target type="body"/></dataServiceCall>
    <cache collector="false" timeout="30"><protocol type="http"><methods>GET</methods></protocol><implementation type=" memory " maxSize="10"/></cache>
    <rewrite><rewriterule><action type="remove-query-param" fragment="query" value="debug"/></rewriterule></rewrite>
    <log level="verbose" logFullPayload="True"/>`,
  ),
  'VerApi.xml': `<api ${NS} name="VerApi" context="/ver" version="1.0" version-type=" context "><resource methods="GET" uri-template="/a"><inSequence><respond/></inSequence></resource></api>\n`,
  'EmptyApi.xml': `<api ${NS} name="EmptyApi" context="/empty" port="" transports=""><resource methods="GET" protocol="" uri-template="/a"><inSequence><respond/></inSequence></resource></api>\n`,
  'LbSession.xml': `<endpoint ${NS} name="LbSession"><session type="Http"/><loadbalance policy=" roundRobin "><endpoint><address uri="http://127.0.0.1:9/x"/></endpoint></loadbalance></endpoint>\n`,
  // ---- deployed, then ignored or read otherwise: warnings
  'Ignored.xml': seq(
    'Ignored',
    `    <payloadFactory media-type="XML"><format><a/></format></payloadFactory>
    <header name="X-Tag" scope="transport" action="Remove" value="v"/>
    <log statistics="on"/>
    <call><endpoint><address uri="http://127.0.0.1:9/c" optimize="base64"/></endpoint></call>
    <call><endpoint><http uri-template="http://127.0.0.1:9/d" method="fetch"/></endpoint></call>
    <transaction action="begin"/>
    <variable name="v" expression="\${payload.v}" type="string"/>
    <payloadFactory media-type="json"><format>{"a":"$1"}</format><args><arg evaluator="JSON" expression="//a"/></args></payloadFactory>
    <call><source type="envelope"/><endpoint><address uri="http://127.0.0.1:9/e"/></endpoint></call>`,
  ),
  'Proxy.xml': `<proxy ${NS} name="Proxy" trace="Enable"><target><inSequence><respond/></inSequence></target></proxy>\n`,
  'Foreach.xml': seq(
    'Foreach',
    `    <foreach collection="\${payload.items}" result-content-type="json"><sequence><log/></sequence></foreach>
    <foreach collection="\${payload.items}" update-original="false" target-variable="out" result-content-type="json"><sequence><log/></sequence></foreach>`,
  ),
  // ---- refused by the factory: errors
  'Refused.xml': seq(
    'Refused',
    `    <log level="Custom"/>
    <property name="p" value="7" type="Integer"/>
    <variable name="v" value="7" type="int"/>
    <cache collector="TRUE"/>
    <script language="js" target="Variable">mc.getPayloadJSON();</script>`,
  ),
  'Inbound.xml': `<inboundEndpoint ${NS} name="Inbound" protocol="feed" sequence="main" onError="fault"><parameters><parameter name="interval">1000</parameter></parameters></inboundEndpoint>\n`,
  // ---- a literal value with a type is converted at deploy (PropertyMediator.convertValue, v2 Utils.convertValue)
  'Typed.xml': seq(
    'Typed',
    `    <property name="a" value="12x" type="INTEGER"/>
    <property name="b" value="40000" type="SHORT"/>
    <property name="c" value=" 1.5e3 " type="DOUBLE"/>
    <property name="d" value="&lt;open&gt;" type="OM"/>
    <variable name="e" value="+9007199254740993" type="LONG"/>
    <property name="f" value="yes" type="BOOLEAN"/>
    <property name="g" expression="//n" type="INTEGER"/>`,
  ),
  // ---- enrich combinations EnrichMediatorFactory refuses (validateTypeCombination, populateTarget)
  'EnrichCombos.xml': seq(
    'EnrichCombos',
    `    <enrich><source type="body"/><target type="envelope"/></enrich>
    <enrich><source type="property" property="p"/><target type="body" action="remove"/></enrich>
    <enrich><source xpath="//a"/><target type="key" xpath="//b" action="sibling"/></enrich>
    <enrich><source type="inline"><a/></source><target type="envelope" action="child"/></enrich>
    <enrich><source xpath="//a"/><target type="body" action="remove"/></enrich>
    <enrich><source type="envelope"/><target type="property" property="env"/></enrich>`,
  ),
  // ---- booleans read by strict factories: in any case (callout), JavaUtils explicit forms (conditionalRouter), exact
  'Booleans.xml': seq(
    'Booleans',
    `    <callout serviceURL="http://127.0.0.1:9/q" initAxis2ClientOptions="FALSE"><source type="envelope"/><target key="k"/></callout>
    <callout serviceURL="http://127.0.0.1:9/q" initAxis2ClientOptions="no"><source type="envelope"/><target key="k"/></callout>
    <conditionalRouter continueAfter=" Yes "><conditionalRoute breakRoute="0"><condition><match type="header" source="h" regex="a"/></condition><target sequence="Booleans"/></conditionalRoute></conditionalRouter>
    <conditionalRouter continueAfter="sometimes"><conditionalRoute><condition><match type="header" source="h" regex="a"/></condition><target sequence="Booleans"/></conditionalRoute></conditionalRouter>
    <validate><schema key="k"/><feature name="http://example.org/f" value="TRUE"/><on-fail><drop/></on-fail></validate>
    <iterate expression="//i" sequential="Yes"><target><sequence><log/></sequence></target></iterate>`,
  ),
  // ---- dblookup pool settings (AbstractDBMediatorFactory.readPoolProperty): testonreturn is one; another name is passed over
  'DbPool.xml': seq(
    'DbPool',
    `    <dblookup><connection><pool><driver>org.h2.Driver</driver><url>jdbc:h2:mem:r2</url><user>sa</user><password>pw</password>
      <property name="testonreturn" value="true"/>
      <property name="maxconnections" value="5"/>
    </pool></connection><statement><sql>select 1</sql></statement></dblookup>`,
  ),
  // ---- foreach result-content-type="XML" needs result-enclosing-element only where it is read; booleans in another case
  'ForeachXml.xml': seq(
    'ForeachXml',
    `    <foreach collection="\${payload.items}" result-content-type="XML"><sequence><log/></sequence></foreach>
    <foreach collection="\${payload.items}" continue-without-aggregation="TRUE" update-original="false" result-content-type="XML"><sequence><log/></sequence></foreach>
    <foreach collection="\${payload.items}" update-original="false" target-variable="r" result-content-type="XML"><sequence><log/></sequence></foreach>
    <call blocking="True"><endpoint><address uri="http://127.0.0.1:9/z"/></endpoint></call>
    <iterate expression="//i" sequential="TRUE"><target><sequence><log/></sequence></target></iterate>`,
  ),
  // ---- endpoint QoS texts as EndpointDefinitionFactory parses them at deploy
  'QosBad.xml': `<endpoint ${NS} name="QosBad"><address uri="http://127.0.0.1:9/q">
<timeout><duration>30s</duration><responseAction>retry</responseAction></timeout>
<markForSuspension><errorCodes>101504;101505</errorCodes><retriesBeforeSuspension>two</retriesBeforeSuspension></markForSuspension>
<suspendOnFailure><initialDuration>3000000000</initialDuration><progressionFactor>x2</progressionFactor></suspendOnFailure>
</address></endpoint>\n`,
  'QosGood.xml': `<endpoint ${NS} name="QosGood"><http uri-template="http://127.0.0.1:9/q">
<timeout><duration>{get-property('wait')}</duration><responseAction>Fault</responseAction></timeout>
<markForSuspension><errorCodes> 101504, 101505 101506 </errorCodes><retriesBeforeSuspension> 3 </retriesBeforeSuspension><retryDelay>+10</retryDelay></markForSuspension>
<suspendOnFailure><errorCodes>-1</errorCodes><initialDuration>1000</initialDuration><progressionFactor>2.0</progressionFactor><maximumDuration>$SYSTEM:max_wait</maximumDuration></suspendOnFailure>
</http></endpoint>\n`,
  // ---- attributes of which MI reads the first one given (a warning) or refuses both (an error)
  'FirstWins.xml': seq(
    'FirstWins',
    `    <property name="p" value="fixed" expression="//computed"/>
    <filter xpath="boolean(//a)" regex="a.*"><then><log/></then></filter>
    <filter source="//a"><then><log/></then></filter>
    <call><endpoint><loadbalance algorithm="org.apache.synapse.endpoints.algorithms.RoundRobin" policy="roundRobin"><endpoint><address uri="http://127.0.0.1:9/l"/></endpoint></loadbalance></endpoint></call>`,
  ),
  'ForeachCounter.xml': seq(
    'ForeachCounter',
    `    <foreach collection="\${payload.items}" parallel-execution="FALSE" counter-variable="i"><sequence><log/></sequence></foreach>
    <foreach collection="\${payload.items}" parallel-execution="false" counter-variable="i"><sequence><log/></sequence></foreach>`,
  ),
  // ---- task triggers as TaskDescriptionFactory reads them
  'TaskOnceInterval.xml': `<task ${NS} name="TaskOnceInterval" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger once="true" interval="5"/></task>\n`,
  'TaskOnceCron.xml': `<task ${NS} name="TaskOnceCron" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger once="true" cron="0 * * * * ?"/></task>\n`,
  'TaskCountOne.xml': `<task ${NS} name="TaskCountOne" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger count="1" cron="0 * * * * ?"/></task>\n`,
  'TaskCountMany.xml': `<task ${NS} name="TaskCountMany" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger count="3"/></task>\n`,
  // ---- a variable type of the MI 4.4 previews: flagged, not refused
  'OldVariable.xml': seq('OldVariable', `    <variable name="x" value="&lt;a/&gt;" type="OM"/>`),
};

describe('synapse validate: attribute values as MI 4.4 reads them (R2, s8)', function () {
  let dir: string;
  let rows: Row[];
  const of = (file: string) =>
    rows.filter((r) => r.file.endsWith(file) && r.code !== 'SYN200').map((r) => [r.line, r.severity, r.code]);
  const message = (file: string, line: number) =>
    rows.find((r) => r.file.endsWith(file) && r.line === line)!.message;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'r2s8-values-'));
    for (const [name, text] of Object.entries(CASES)) writeFileSync(join(dir, name), text);
    const run = spawnSync(process.execPath, [CLI, 'validate', dir, '--format', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    rows = JSON.parse(run.stdout) as Row[];
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('values read in any case or trimmed give nothing', () => {
    assert.deepEqual(of('CaseFree.xml'), []);
    assert.deepEqual(of('LbSession.xml'), []);
    assert.deepEqual(of('VerApi.xml'), []);
    // APIFactory and ResourceFactory pass over an empty port, transports or protocol
    assert.deepEqual(of('EmptyApi.xml'), []);
  });

  it('values MI deploys and ignores or reads otherwise are warnings saying what MI does', () => {
    assert.deepEqual(of('Ignored.xml'), [
      [2, 'warning', 'SYN103'],
      [3, 'warning', 'SYN103'],
      [4, 'warning', 'SYN103'],
      [5, 'warning', 'SYN103'],
      [6, 'warning', 'SYN103'],
      [7, 'warning', 'SYN103'],
      [8, 'warning', 'SYN103'],
      [9, 'warning', 'SYN103'],
      [10, 'warning', 'SYN103'],
    ]);
    assert.match(message('Ignored.xml', 2), /'XML'.*deploys it and leaves the message as it is/);
    assert.match(message('Ignored.xml', 3), /sets the header/);
    assert.match(message('Ignored.xml', 4), /reads it as disable/);
    assert.match(message('Ignored.xml', 5), /without MTOM or SwA/);
    assert.match(message('Ignored.xml', 6), /keeps the method of the message/);
    assert.match(message('Ignored.xml', 7), /fails every message/);
    assert.match(message('Ignored.xml', 8), /fails every message/);
    assert.match(message('Ignored.xml', 9), /reads the expression as XPath/);
    // CallMediatorFactory.populateSource uses only custom, property and inline (lead, session 8)
    assert.match(message('Ignored.xml', 10), /sends the message body/);
    assert.deepEqual(of('Proxy.xml'), [[1, 'warning', 'SYN103']]);
  });

  it('foreach result-content-type is refused only where MI reads it (update-original="false")', () => {
    assert.deepEqual(of('Foreach.xml'), [
      [2, 'warning', 'SYN103'],
      [3, 'error', 'SYN103'],
    ]);
    assert.match(message('Foreach.xml', 2), /ignores it/);
  });

  it('values the factories refuse are errors', () => {
    assert.deepEqual(of('Refused.xml'), [
      [2, 'error', 'SYN103'],
      [3, 'error', 'SYN103'],
      [4, 'error', 'SYN103'],
      [5, 'error', 'SYN104'],
      // target="Variable" is read as variable (equalsIgnoreCase), so target-variable is required
      [6, 'error', 'SYN112'],
    ]);
    assert.match(message('Refused.xml', 5), /refuses any other value/);
    assert.deepEqual(of('Inbound.xml'), [[1, 'error', 'SYN103']]);
  });

  it('a literal value that does not convert to its type is refused; one that does, or an expression, is not', () => {
    assert.deepEqual(of('Typed.xml'), [
      [2, 'error', 'SYN104'],
      [3, 'error', 'SYN104'],
      [5, 'error', 'SYN104'],
    ]);
    assert.match(message('Typed.xml', 2), /'12x' is not a whole number.*type="INTEGER" when it deploys it/);
    assert.match(message('Typed.xml', 3), /out of the range of SHORT/);
    assert.match(message('Typed.xml', 5), /not well-formed XML/);
  });

  it('enrich source/target combinations MI refuses are errors', () => {
    assert.deepEqual(of('EnrichCombos.xml'), [
      [2, 'error', 'SYN112'],
      [3, 'error', 'SYN112'],
      [4, 'error', 'SYN112'],
      [5, 'error', 'SYN112'],
    ]);
    assert.match(message('EnrichCombos.xml', 2), /'body' cannot go to a target of type 'envelope'/);
    assert.match(message('EnrichCombos.xml', 3), /remove" takes a custom source/);
    assert.match(message('EnrichCombos.xml', 4), /'key' only takes action="replace"/);
    assert.match(message('EnrichCombos.xml', 5), /'envelope' only takes action="replace"/);
  });

  it('booleans: an error only where the factory refuses the value, nothing where it reads it', () => {
    assert.deepEqual(of('Booleans.xml'), [
      [3, 'error', 'SYN104'],
      [5, 'error', 'SYN104'],
      [6, 'error', 'SYN104'],
      // IterateMediatorFactory: Boolean.valueOf-like reading, deployed
      [7, 'warning', 'SYN104'],
    ]);
  });

  it('dblookup pool: testonreturn is a setting, an unknown name is a warning (passed over)', () => {
    assert.deepEqual(of('DbPool.xml'), [[4, 'warning', 'SYN103']]);
    assert.match(message('DbPool.xml', 4), /reads no pool setting from it/);
  });

  it('foreach XML result and booleans in another case: findings only where MI refuses or misreads them', () => {
    assert.deepEqual(of('ForeachXml.xml'), [
      // update-original="false": ForEachMediatorFactory reads the XML type and needs the enclosing element
      [4, 'error', 'SYN112'],
      // IterateMediatorFactory compares sequential with "true" as written: TRUE is read as false
      [6, 'warning', 'SYN104'],
    ]);
  });

  it('endpoint timeout and suspension texts MI cannot parse are errors; what it parses (trimmed, any case, {expr}) is not', () => {
    assert.deepEqual(of('QosGood.xml'), []);
    assert.deepEqual(of('QosBad.xml'), [
      [2, 'error', 'SYN104'],
      [2, 'error', 'SYN104'],
      [3, 'error', 'SYN104'],
      [3, 'error', 'SYN104'],
      [4, 'error', 'SYN104'],
      [4, 'error', 'SYN104'],
    ]);
    assert.match(
      message('QosBad.xml', 2),
      /<duration> takes a number of milliseconds or a \{expression\}, not '30s'/,
    );
  });

  it('both of two attributes: a warning naming the one MI uses where it reads the first, an error where it refuses both', () => {
    assert.deepEqual(of('FirstWins.xml'), [
      [2, 'warning', 'SYN108'],
      [3, 'warning', 'SYN108'],
      [4, 'error', 'SYN503'],
      [5, 'error', 'SYN108'],
    ]);
    assert.match(message('FirstWins.xml', 2), /uses 'value' and ignores 'expression'/);
    assert.match(message('FirstWins.xml', 3), /uses 'xpath' and ignores 'regex'/);
  });

  it('foreach counter-variable: only parallel-execution="false" as written is sequential (equals("false"))', () => {
    assert.deepEqual(of('ForeachCounter.xml'), [
      [2, 'warning', 'SYN104'],
      [2, 'error', 'SYN112'],
    ]);
  });

  it('data service booleans are read with Boolean.parseBoolean: TRUE is true, "yes" a warning (read as false)', () => {
    // DataServiceFactory: Boolean.parseBoolean, any case; another value is read as false
    const dbs = join(dir, 'BooksDS.dbs');
    writeFileSync(
      dbs,
      `<data name="BooksDS" enableBatchRequests="yes" disableStreaming="TRUE">
<config id="db"><property name="driverClassName">org.h2.Driver</property></config>
<query id="q" useConfig="db"><sql>select 1</sql><param name="p" paramType="array" sqlType="STRING"/><result outputType="JSON" element="rows" rowName="row"/></query>
<operation name="op"><call-query href="q"/></operation>
</data>\n`,
    );
    const run = spawnSync(process.execPath, [CLI, 'validate', dbs, '--format', 'json'], { encoding: 'utf8' });
    const got = JSON.parse(run.stdout) as Row[];
    assert.deepEqual(
      got.map((r) => [r.line, r.severity, r.code]),
      [
        [1, 'warning', 'SYN103'],
        // QueryFactory: paramType upper-cased; outputType other than xml/json/rdf as written returns XML
        [3, 'warning', 'SYN103'],
      ],
    );
    assert.match(got[0]!.message, /reads it as false/);
    assert.match(got[1]!.message, /returns XML/);
  });

  it('task triggers: once with an interval and a count of 1 with a cron deploy; once with a cron or a count above 1 without interval do not', () => {
    assert.deepEqual(of('TaskOnceInterval.xml'), []);
    assert.deepEqual(of('TaskCountOne.xml'), []);
    assert.deepEqual(of('TaskOnceCron.xml'), [[1, 'error', 'SYN112']]);
    assert.deepEqual(of('TaskCountMany.xml'), [[1, 'error', 'SYN503']]);
    assert.match(message('TaskCountMany.xml', 1), /count="3" needs an 'interval'/);
  });

  it('a cache without collector is refused (CacheMediatorFactory: the collector attribute must be specified)', () => {
    const only = join(dir, 'NoCollector.xml');
    writeFileSync(only, seq('NoCollector', '    <cache timeout="5"/>'));
    const run = spawnSync(process.execPath, [CLI, 'validate', only, '--format', 'json'], {
      encoding: 'utf8',
    });
    const got = (JSON.parse(run.stdout) as Row[]).map((r) => [r.line, r.severity, r.code]);
    assert.deepEqual(got, [[2, 'error', 'SYN102']]);
    assert.equal(run.status, 1);
  });

  it('variable type="OM" of the MI 4.4 previews is flagged as deprecated, not refused', () => {
    assert.deepEqual(of('OldVariable.xml'), [[2, 'warning', 'SYN110']]);
    assert.match(message('OldVariable.xml', 2), /write XML/);
  });
});
