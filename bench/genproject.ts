/**
 * Generates a Micro Integrator project (MI VS Code layout) of N artifacts for the validation, language-server and
 * CAR benchmarks: APIs, proxies, sequences, endpoints, sequence and endpoint templates, local entries, with
 * references between them (sequence keys, endpoint keys, call-template targets, template endpoints) and a realistic
 * mix of mediators and expressions (XPath, json-eval, ${...}). Deterministic: the same N gives the same files.
 * About 50 lines per artifact (1,000 artifacts ≈ 50k lines).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NS = 'http://ws.apache.org/ns/synapse';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

export interface GeneratedProject {
  root: string;
  files: string[];
  lines: number;
  bytes: number;
  counts: Record<string, number>;
  /** An API file and offsets inside it for the language-server bench. */
  sample: { file: string };
}

function mix(n: number) {
  const apis = Math.round(n * 0.22);
  const proxies = Math.round(n * 0.05);
  const templates = Math.round(n * 0.08);
  const endpointTemplates = Math.round(n * 0.02);
  const endpoints = Math.round(n * 0.2);
  const localEntries = Math.round(n * 0.05);
  const sequences = n - apis - proxies - templates - endpointTemplates - endpoints - localEntries;
  return { apis, proxies, sequences, endpoints, templates, endpointTemplates, localEntries };
}

const pad = (i: number) => String(i).padStart(4, '0');

function endpoint(i: number, c: ReturnType<typeof mix>): string {
  const name = `Backend${pad(i)}EP`;
  if (i % 10 === 9 && c.endpointTemplates > 0) {
    return `${HEAD}<endpoint xmlns="${NS}" name="${name}" template="EndpointTemplate${pad(i % c.endpointTemplates)}" uri="http://127.0.0.1:9${String(i % 1000).padStart(3, '0')}/svc">
    <parameter name="retries" value="${i % 4}"/>
    <parameter name="timeoutMs" value="${5000 + (i % 5) * 1000}"/>
</endpoint>
`;
  }
  if (i % 3 === 0)
    return `${HEAD}<endpoint xmlns="${NS}" name="${name}">
    <address uri="http://127.0.0.1:9090/services/Service${pad(i)}">
        <timeout>
            <duration>${10000 + (i % 7) * 1000}</duration>
            <responseAction>fault</responseAction>
        </timeout>
        <suspendOnFailure>
            <initialDuration>1000</initialDuration>
            <progressionFactor>2.0</progressionFactor>
            <maximumDuration>60000</maximumDuration>
        </suspendOnFailure>
        <markForSuspension>
            <retriesBeforeSuspension>3</retriesBeforeSuspension>
            <retryDelay>100</retryDelay>
        </markForSuspension>
    </address>
</endpoint>
`;
  return `${HEAD}<endpoint xmlns="${NS}" name="${name}">
    <http method="${['get', 'post', 'put', 'delete'][i % 4]}" uri-template="http://127.0.0.1:9090/orders/${i}/{uri.var.id}">
        <timeout>
            <duration>${5000 + (i % 5) * 1000}</duration>
            <responseAction>fault</responseAction>
        </timeout>
        <suspendOnFailure>
            <initialDuration>2000</initialDuration>
            <progressionFactor>1.5</progressionFactor>
            <maximumDuration>30000</maximumDuration>
        </suspendOnFailure>
    </http>
</endpoint>
`;
}

function endpointTemplate(i: number): string {
  return `${HEAD}<template xmlns="${NS}" name="EndpointTemplate${pad(i)}">
    <parameter name="retries"/>
    <parameter name="timeoutMs"/>
    <endpoint name="$name">
        <address uri="$uri">
            <timeout>
                <duration>$timeoutMs</duration>
                <responseAction>fault</responseAction>
            </timeout>
            <markForSuspension>
                <retriesBeforeSuspension>$retries</retriesBeforeSuspension>
            </markForSuspension>
        </address>
    </endpoint>
</template>
`;
}

function mediators(i: number, c: ReturnType<typeof mix>, depth: number): string {
  const ind = ' '.repeat(4 * depth);
  const faults = Math.max(1, Math.round(c.sequences / 10));
  const seq = `Process${pad(faults + ((i * 7 + 3) % (c.sequences - faults)))}Seq`;
  const ep = `Backend${pad((i * 13 + 5) % c.endpoints)}EP`;
  const tpl = `Transform${pad((i * 3 + 1) % c.templates)}Template`;
  return [
    `<log category="INFO">`,
    `    <message>Handling request ${i} for \${params.pathParams.id}</message>`,
    `</log>`,
    `<property name="orderId${i % 10}" expression="json-eval($.order.id)" scope="default" type="STRING"/>`,
    `<property name="customer" expression="//customer/name" scope="default"/>`,
    `<variable name="total${i % 5}" type="DOUBLE" expression="\${payload.order.total * 1.1}"/>`,
    `<header name="X-Request-Id" scope="transport" expression="get-property('MessageID')"/>`,
    `<filter source="json-eval($.order.express)" regex="true">`,
    `    <then>`,
    `        <property name="priority" value="high"/>`,
    `        <sequence key="${seq}"/>`,
    `    </then>`,
    `    <else>`,
    `        <property name="priority" value="normal"/>`,
    `    </else>`,
    `</filter>`,
    `<switch source="get-property('priority')">`,
    `    <case regex="high">`,
    `        <call-template target="${tpl}">`,
    `            <with-param name="mode" value="express"/>`,
    `            <with-param name="ref" value="{get-property('orderId${i % 10}')}"/>`,
    `        </call-template>`,
    `    </case>`,
    `    <default>`,
    `        <property name="route" value="standard"/>`,
    `    </default>`,
    `</switch>`,
    `<call>`,
    `    <endpoint key="${ep}"/>`,
    `</call>`,
  ]
    .map((l) => ind + l)
    .join('\n');
}

function api(i: number, c: ReturnType<typeof mix>): string {
  const name = `Orders${pad(i)}API`;
  const fault = `Fault${pad(i % Math.max(1, Math.round(c.sequences / 10)))}Seq`;
  return `${HEAD}<api xmlns="${NS}" name="${name}" context="/orders${i}" version="1.0.0" version-type="context">
    <resource methods="GET" uri-template="/items/{id}">
        <inSequence>
${mediators(i, c, 3)}
            <respond/>
        </inSequence>
        <faultSequence>
            <sequence key="${fault}"/>
        </faultSequence>
    </resource>
    <resource methods="PUT" uri-template="/items/{id}/lines">
        <inSequence>
${mediators(i + 1, c, 3)}
            <respond/>
        </inSequence>
        <faultSequence>
            <sequence key="${fault}"/>
        </faultSequence>
    </resource>
    <resource methods="DELETE" uri-template="/items/{id}">
        <inSequence>
            <property name="HTTP_SC" value="204" scope="axis2"/>
            <call>
                <endpoint key="Backend${pad((i * 11 + 7) % c.endpoints)}EP"/>
            </call>
            <respond/>
        </inSequence>
    </resource>
    <resource methods="POST" uri-template="/items">
        <inSequence>
            <property name="contentType" expression="$trp:Content-Type"/>
            <payloadFactory media-type="json">
                <format>{"id": "$1", "customer": "$2", "status": "accepted"}</format>
                <args>
                    <arg evaluator="json" expression="$.order.id"/>
                    <arg evaluator="xml" expression="get-property('customer')"/>
                </args>
            </payloadFactory>
            <call>
                <endpoint key="Backend${pad((i * 17 + 2) % c.endpoints)}EP"/>
            </call>
            <respond/>
        </inSequence>
        <faultSequence>
            <sequence key="${fault}"/>
        </faultSequence>
    </resource>
</api>
`;
}

function proxy(i: number, c: ReturnType<typeof mix>): string {
  return `${HEAD}<proxy xmlns="${NS}" name="Legacy${pad(i)}Proxy" transports="http https" startOnLoad="true">
    <target>
        <inSequence>
${mediators(i + 500, c, 3)}
            <respond/>
        </inSequence>
        <faultSequence>
            <sequence key="Fault${pad(0)}Seq"/>
        </faultSequence>
    </target>
</proxy>
`;
}

function sequence(i: number, c: ReturnType<typeof mix>): string {
  const faults = Math.max(1, Math.round(c.sequences / 10));
  if (i < faults) {
    return `${HEAD}<sequence xmlns="${NS}" name="Fault${pad(i)}Seq">
    <log level="custom" category="ERROR">
        <property name="error" expression="get-property('ERROR_MESSAGE')"/>
        <property name="code" expression="get-property('ERROR_CODE')"/>
    </log>
    <payloadFactory media-type="json">
        <format>{"error": "$1", "code": "$2"}</format>
        <args>
            <arg evaluator="xml" expression="get-property('ERROR_MESSAGE')"/>
            <arg evaluator="xml" expression="get-property('ERROR_CODE')"/>
        </args>
    </payloadFactory>
    <property name="HTTP_SC" value="502" scope="axis2"/>
    <respond/>
</sequence>
`;
  }
  // Process sequences only call sequences of a higher number (no cycles)
  const next =
    i + 1 + (i % 5) < c.sequences ? `    <sequence key="Process${pad(i + 1 + (i % 5))}Seq"/>\n` : '';
  return `${HEAD}<sequence xmlns="${NS}" name="Process${pad(i)}Seq">
    <log level="custom">
        <property name="step" value="process-${i}"/>
        <property name="order" expression="get-property('orderId${i % 10}')"/>
    </log>
    <enrich>
        <source type="custom" clone="true" xpath="//order/items"/>
        <target type="property" property="items${i % 8}"/>
    </enrich>
    <property name="itemCount" expression="count(//order/items/item)" type="INTEGER"/>
    <filter xpath="get-property('itemCount') &gt; ${i % 9}">
        <then>
            <header name="X-Large-Order" scope="transport" value="true"/>
        </then>
        <else>
            <header name="X-Large-Order" scope="transport" value="false"/>
        </else>
    </filter>
    <variable name="region" type="STRING" value="eu-${i % 3}"/>
    <log category="DEBUG">
        <message>Region \${vars.region} for order \${payload.order.id}</message>
    </log>
    <switch source="json-eval($.order.channel)">
        <case regex="web">
            <property name="channel" value="web"/>
            <header name="X-Channel" scope="transport" value="web"/>
        </case>
        <case regex="mobile">
            <property name="channel" value="mobile"/>
            <header name="X-Channel" scope="transport" value="mobile"/>
        </case>
        <default>
            <property name="channel" expression="fn:concat('other-', get-property('region'))"/>
        </default>
    </switch>
    <property name="lookup" expression="get-property('Setting${pad(i % Math.max(1, c.localEntries))}')"/>
${next}    <property name="processed${i % 6}" value="true" scope="default"/>
</sequence>
`;
}

function template(i: number): string {
  return `${HEAD}<template xmlns="${NS}" name="Transform${pad(i)}Template">
    <parameter name="mode" isMandatory="true" description="How to transform"/>
    <parameter name="ref" isMandatory="false" defaultValue="none" description="The order reference"/>
    <sequence>
        <log category="INFO">
            <message>Transform in mode \${params.functionParams.mode}</message>
        </log>
        <property name="mode" expression="$func:mode"/>
        <payloadFactory media-type="xml">
            <format>
                <order xmlns="">
                    <ref>$1</ref>
                    <mode>$2</mode>
                    <template>${i}</template>
                </order>
            </format>
            <args>
                <arg evaluator="xml" expression="$func:ref"/>
                <arg evaluator="xml" expression="$func:mode"/>
            </args>
        </payloadFactory>
        <property name="messageType" value="application/xml" scope="axis2"/>
    </sequence>
</template>
`;
}

function localEntry(i: number): string {
  if (i % 2)
    return `${HEAD}<localEntry xmlns="${NS}" key="Setting${pad(i)}">value-${i}</localEntry>
`;
  return `${HEAD}<localEntry xmlns="${NS}" key="Setting${pad(i)}">
    <settings xmlns="">
        <region>eu-${i % 3}</region>
        <limit>${100 + i}</limit>
    </settings>
</localEntry>
`;
}

/** Writes the project into `root` (created) and returns what it wrote. */
export function generateProject(root: string, n = 1000): GeneratedProject {
  const c = mix(n);
  const art = join(root, 'src', 'main', 'wso2mi', 'artifacts');
  const files: string[] = [];
  let lines = 0;
  let bytes = 0;
  const put = (kind: string, name: string, text: string) => {
    const dir = join(art, kind);
    mkdirSync(dir, { recursive: true });
    const f = join(dir, `${name}.xml`);
    writeFileSync(f, text);
    files.push(f);
    lines += text.split('\n').length - 1;
    bytes += Buffer.byteLength(text);
  };
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'pom.xml'),
    `${HEAD}<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example.bench</groupId>\n  <artifactId>generated-${n}</artifactId>\n  <version>1.0.0</version>\n  <packaging>pom</packaging>\n  <properties>\n    <projectType>integration-project</projectType>\n    <project.runtime.version>4.4.0</project.runtime.version>\n  </properties>\n</project>\n`,
  );
  for (let i = 0; i < c.apis; i++) put('apis', `Orders${pad(i)}API`, api(i, c));
  for (let i = 0; i < c.proxies; i++) put('proxy-services', `Legacy${pad(i)}Proxy`, proxy(i, c));
  for (let i = 0; i < c.sequences; i++) {
    const faults = Math.max(1, Math.round(c.sequences / 10));
    put('sequences', i < faults ? `Fault${pad(i)}Seq` : `Process${pad(i)}Seq`, sequence(i, c));
  }
  for (let i = 0; i < c.endpoints; i++) put('endpoints', `Backend${pad(i)}EP`, endpoint(i, c));
  for (let i = 0; i < c.templates; i++) put('templates', `Transform${pad(i)}Template`, template(i));
  for (let i = 0; i < c.endpointTemplates; i++)
    put('templates', `EndpointTemplate${pad(i)}`, endpointTemplate(i));
  for (let i = 0; i < c.localEntries; i++) put('local-entries', `Setting${pad(i)}`, localEntry(i));
  return { root, files, lines, bytes, counts: c, sample: { file: files[0] } };
}

if (require.main === module) {
  const [dir, n] = process.argv.slice(2);
  if (!dir) {
    process.stderr.write('usage: tsx bench/genproject.ts DIR [N]\n');
    process.exit(2);
  }
  const g = generateProject(dir, n ? Number(n) : 1000);
  process.stdout.write(`${g.files.length} artifacts, ${g.lines} lines, ${g.bytes} bytes in ${dir}\n`);
}
