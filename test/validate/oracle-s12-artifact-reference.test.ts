/**
 * `synapse validate` against MI's artifact reference (helper H3, session 12; docs-mi reference/synapse-properties
 * pages), our own fixtures: the configurations the pages document deploy without a finding; what MI's code refuses
 * although a page lists it stays an error (the source wins):
 * - `<responseAction>never</responseAction>`: the endpoint page lists "never", EndpointDefinitionFactory takes only
 *   discard and fault ("Invalid timeout action, action : never is not supported");
 * - a cron expression org.quartz.CronExpression refuses (a task trigger: CronScheduleBuilder.cronSchedule in
 *   AbstractQuartzTaskManager; a message processor's cronExpression: ScheduledMessageProcessor) is not scheduled, and
 *   a processor's interval, member.count, max.delivery.attempts, ... are Java ints (Integer.parseInt in
 *   ScheduledMessageProcessor.setParameters and the services' init);
 * - a vfs proxy without transport.vfs.FileNamePattern deploys but takes no file from a folder
 *   (VFSTransportListener.scanFileOrDirectory): a warning; without transport.vfs.ContentType (PollTableEntry
 *   getRequiredParam) it is marked faulty on the vfs transport: an error;
 * - a file inbound endpoint's interval is read with Long.parseLong (VFSProcessor): missing or not a whole number, the
 *   inbound endpoint fails ("Invalid numeric value for interval.", MI InboundTransportTest); an HTTP one's
 *   inbound.http.port with Integer.parseInt (InboundHttpListener).
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';
const ART = 'Dock/src/main/wso2mi/artifacts';

describe('synapse validate: the artifact reference of MI (H3, session 12)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('h3-s12-', 'Dock');
    fx.put(`${ART}/sequences/Berth.xml`, `<sequence ${S} name="Berth"><log/></sequence>`);
    fx.put(`${ART}/message-stores/Hold.xml`, `<messageStore ${S} name="Hold"/>`);
    fx.put(
      `${ART}/endpoints/Quay.xml`,
      `<endpoint ${S} name="Quay"><address uri="http://localhost:9000/quay"/></endpoint>`,
    );
  });
  after(() => fx?.dispose());

  it('the documented task, inbound endpoint, store and processor configurations deploy', () => {
    fx.put(
      `${ART}/tasks/Crane.xml`,
      `<task ${S} name="Crane" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz">
  <trigger cron="0 15 10 ? * MON-FRI"/>
  <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="injectTo" value="sequence"/>
  <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="sequenceName" value="Berth"/>
  <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="sequential" value="true"/>
  <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="message"><lift xmlns=""><load>7</load></lift></property>
</task>`,
    );
    fx.put(
      `${ART}/inbound-endpoints/Gate.xml`,
      `<inboundEndpoint ${S} name="Gate" protocol="https" suspend="false" sequence="Berth" onError="Berth">
  <p:parameters xmlns:p="http://ws.apache.org/ns/synapse">
    <p:parameter name="inbound.http.port">8443</p:parameter>
    <p:parameter name="keystore"><KeyStore><Location>keys.jks</Location><Type>JKS</Type><Password>pw</Password><KeyPassword>pw</KeyPassword></KeyStore></p:parameter>
    <p:parameter name="SSLVerifyClient">optional</p:parameter>
    <p:parameter name="CertificateRevocationVerifier"><CertificateRevocationVerifier enable="true"><CacheSize>10</CacheSize><CacheDelay>2</CacheDelay></CertificateRevocationVerifier></p:parameter>
    <p:parameter name="dispatch.filter.pattern">^(/cargo|/services/Manifest)$</p:parameter>
  </p:parameters>
</inboundEndpoint>`,
    );
    fx.put(
      `${ART}/message-stores/Ledger.xml`,
      `<messageStore ${S} name="Ledger" class="org.apache.synapse.message.store.impl.resequencer.ResequenceMessageStore">
  <parameter name="store.jdbc.driver">org.h2.Driver</parameter>
  <parameter name="store.jdbc.connection.url">jdbc:h2:mem:ledger</parameter>
  <parameter name="store.jdbc.table">ledger</parameter>
  <parameter name="store.resequence.timeout">-1</parameter>
  <parameter xmlns:c="urn:cargo" name="store.resequence.id.path" expression="substring-after(//c:tag,'-')"/>
</messageStore>`,
    );
    fx.put(
      `${ART}/message-processors/Winch.xml`,
      `<messageProcessor ${S} name="Winch" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" targetEndpoint="Quay" messageStore="Hold">
  <parameter name="cronExpression">0/30 * * * * ?</parameter>
  <parameter name="max.store.connection.attempts">-1</parameter>
  <parameter name="store.connection.retry.interval">1000</parameter>
  <parameter name="max.delivery.drop">Disabled</parameter>
  <parameter name="is.active">true</parameter>
</messageProcessor>`,
    );
    fx.put(
      `${ART}/message-processors/Sling.xml`,
      `<messageProcessor ${S} name="Sling" class="org.apache.synapse.message.processor.impl.failover.FailoverScheduledMessageForwardingProcessor" messageStore="Hold">
  <parameter name="message.target.store.name">Ledger</parameter>
  <parameter name="max.delivery.attempts">-1</parameter>
</messageProcessor>`,
    );
    assert.deepEqual(
      fx.validate('Dock').map((f) => `${f.file.replace(/.*artifacts\//, '')}:${f.line} ${f.code}`),
      [],
    );
  });

  it('a timeout responseAction other than discard or fault ("never" on the page) is refused', () => {
    fx.put(
      `${ART}/endpoints/Pier.xml`,
      `<endpoint ${S} name="Pier"><address uri="http://localhost:9000/pier">
  <timeout><duration>30000</duration><responseAction>never</responseAction></timeout>
</address></endpoint>`,
    );
    assert.deepEqual(fx.findings(`${ART}/endpoints/Pier.xml`), ['2 error SYN104']);
  });

  it('a cron expression Quartz refuses, on a task trigger or a processor, is an error', () => {
    fx.put(
      `${ART}/tasks/Bell.xml`,
      `<task ${S} name="Bell" class="org.apache.synapse.startup.tasks.MessageInjector">
  <trigger cron="0 0 12 * * *"/>
  <property name="message"><ring xmlns=""/></property>
</task>`,
    );
    const rows = fx.validate(`${ART}/tasks/Bell.xml`);
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['2 error SYN104'],
    );
    assert.match(rows[0].message, /both a day-of-week AND a day-of-month.*the task is not scheduled/);
    fx.put(
      `${ART}/message-processors/Pulley.xml`,
      `<messageProcessor ${S} name="Pulley" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Hold">
  <parameter name="sequence">Berth</parameter>
  <parameter name="cronExpression">0 0 25 * * ?</parameter>
</messageProcessor>`,
    );
    assert.deepEqual(fx.findings(`${ART}/message-processors/Pulley.xml`), ['3 error SYN104']);
  });

  it('a processor parameter MI reads as a Java int (interval, max.delivery.attempts, ...) that is not one is an error', () => {
    fx.put(
      `${ART}/message-processors/Hoist.xml`,
      `<messageProcessor ${S} name="Hoist" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" targetEndpoint="Quay" messageStore="Hold">
  <parameter name="interval">1.5</parameter>
  <parameter name="max.delivery.attempts">four</parameter>
  <parameter name="client.retry.interval">3000000000</parameter>
  <parameter name="member.count">2</parameter>
  <parameter name="max.delivery.drop">Enabled</parameter>
</messageProcessor>`,
    );
    assert.deepEqual(fx.findings(`${ART}/message-processors/Hoist.xml`), [
      '2 error SYN104',
      '3 error SYN104',
      '4 error SYN104',
    ]);
  });

  it("a sampling processor's concurrency MI cannot read is a warning; forwarding-only ints are not its concern", () => {
    // SamplingService catches the NumberFormatException of concurrency and keeps 1; it never reads max.delivery.attempts
    fx.put(
      `${ART}/message-processors/Sieve.xml`,
      `<messageProcessor ${S} name="Sieve" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Hold">
  <parameter name="concurrency">many</parameter>
  <parameter name="max.delivery.attempts">four</parameter>
  <parameter name="max.store.connection.attempts">x</parameter>
</messageProcessor>`,
    );
    assert.deepEqual(fx.findings(`${ART}/message-processors/Sieve.xml`), [
      '2 warning SYN104',
      '4 error SYN104',
    ]);
  });

  it('a vfs proxy without a FileNamePattern is a warning (no file of a folder is taken), without a ContentType an error', () => {
    const proxy = (name: string, extra: string) =>
      `<proxy ${S} name="${name}" transports="vfs">
  <target><inSequence><drop/></inSequence></target>
  <parameter name="transport.vfs.FileURI">file:///var/spool/cargo</parameter>
  <parameter name="transport.vfs.ContentType">text/plain</parameter>${extra}
</proxy>`;
    fx.put(`${ART}/proxy-services/Chute.xml`, proxy('Chute', ''));
    const rows = fx.validate(`${ART}/proxy-services/Chute.xml`);
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['3 warning SYN112'],
    );
    assert.match(rows[0].message, /takes no file from a folder/);
    fx.put(
      `${ART}/proxy-services/Funnel.xml`,
      proxy('Funnel', '\n  <parameter name="transport.vfs.FileNamePattern">.*</parameter>'),
    );
    assert.deepEqual(fx.findings(`${ART}/proxy-services/Funnel.xml`), []);
    fx.put(
      `${ART}/proxy-services/Hopper.xml`,
      `<proxy ${S} name="Hopper" transports="vfs">
  <target><inSequence><drop/></inSequence></target>
  <parameter name="transport.vfs.FileURI">file:///var/spool/grain</parameter>
  <parameter name="transport.vfs.FileNamePattern">.*</parameter>
</proxy>`,
    );
    const hopper = fx.validate(`${ART}/proxy-services/Hopper.xml`);
    assert.deepEqual(
      hopper.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['3 error SYN112'],
    );
    assert.match(hopper[0].message, /needs 'transport\.vfs\.ContentType'/);
  });

  it('a file inbound endpoint without a whole-number interval is refused', () => {
    const inbound = (name: string, interval: string) =>
      `<inboundEndpoint ${S} name="${name}" protocol="file" sequence="Berth" suspend="false">
  <parameters>${interval}
    <parameter name="transport.vfs.FileURI">file:///var/spool/dock</parameter>
  </parameters>
</inboundEndpoint>`;
    fx.put(
      `${ART}/inbound-endpoints/Slow.xml`,
      inbound('Slow', '<parameter name="interval">1.5</parameter>'),
    );
    assert.deepEqual(fx.findings(`${ART}/inbound-endpoints/Slow.xml`), ['2 error SYN104']);
    fx.put(`${ART}/inbound-endpoints/Idle.xml`, inbound('Idle', ''));
    const idle = fx.validate(`${ART}/inbound-endpoints/Idle.xml`);
    assert.deepEqual(
      idle.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['1 error SYN112'],
    );
    assert.match(idle[0].message, /needs an 'interval' parameter/);
    fx.put(
      `${ART}/inbound-endpoints/Steady.xml`,
      inbound('Steady', '<parameter name="interval">2000</parameter>'),
    );
    assert.deepEqual(fx.findings(`${ART}/inbound-endpoints/Steady.xml`), []);
  });

  it('an HTTP inbound endpoint without a whole-number inbound.http.port is refused (InboundHttpListener)', () => {
    const listener = (name: string, port: string) =>
      `<inboundEndpoint ${S} name="${name}" protocol="http" sequence="Berth" suspend="false">
  <parameters>${port}</parameters>
</inboundEndpoint>`;
    fx.put(
      `${ART}/inbound-endpoints/Ear.xml`,
      listener('Ear', '<parameter name="inbound.http.port">80a</parameter>'),
    );
    assert.deepEqual(fx.findings(`${ART}/inbound-endpoints/Ear.xml`), ['2 error SYN104']);
    fx.put(`${ART}/inbound-endpoints/Deaf.xml`, listener('Deaf', ''));
    assert.deepEqual(fx.findings(`${ART}/inbound-endpoints/Deaf.xml`), ['1 error SYN112']);
  });

  it('an http endpoint <authentication> AuthUtils cannot read is refused; the documented ones deploy', () => {
    const ep = (name: string, auth: string) =>
      `<endpoint ${S} name="${name}"><http method="get" uri-template="http://localhost:9192/pantry">
  <authentication>${auth}</authentication>
</http></endpoint>`;
    fx.put(
      `${ART}/endpoints/Larder.xml`,
      ep(
        'Larder',
        `<oauth><passwordCredentials><clientId>app</clientId><clientSecret>s</clientSecret><username>u</username>
  <password>p</password><tokenUrl>http://localhost:8678/token</tokenUrl>
  <requestParameters><parameter name="scope">{ctx:scope}</parameter></requestParameters></passwordCredentials></oauth>`,
      ),
    );
    assert.deepEqual(fx.findings(`${ART}/endpoints/Larder.xml`), []);
    fx.put(
      `${ART}/endpoints/Cellar.xml`,
      ep(
        'Cellar',
        '<oauth><authorizationCode><clientId>app</clientId><clientSecret>s</clientSecret><tokenUrl>t</tokenUrl></authorizationCode></oauth>',
      ),
    );
    const cellar = fx.validate(`${ART}/endpoints/Cellar.xml`);
    assert.deepEqual(
      cellar.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['2 error SYN112'],
    );
    assert.match(cellar[0].message, /<authorizationCode> needs <refreshToken>/);
    fx.put(`${ART}/endpoints/Attic.xml`, ep('Attic', '<basicAuth><username>admin</username></basicAuth>'));
    assert.deepEqual(fx.findings(`${ART}/endpoints/Attic.xml`), ['2 error SYN112']);
    // a repeated grant kind: MI reads the first one (getFirstChildWithName; the catalog's SYN107 warning), two kinds
    // are refused
    const cc =
      '<clientCredentials><clientId>a</clientId><clientSecret>s</clientSecret><tokenUrl>t</tokenUrl></clientCredentials>';
    fx.put(`${ART}/endpoints/Loft.xml`, ep('Loft', `<oauth>${cc}${cc.replace('>a<', '><')}</oauth>`));
    assert.deepEqual(fx.findings(`${ART}/endpoints/Loft.xml`), ['2 warning SYN107']);
    fx.put(
      `${ART}/endpoints/Shed.xml`,
      ep('Shed', `<oauth>${cc}${cc.replaceAll('clientCredentials', 'passwordCredentials')}</oauth>`),
    );
    assert.deepEqual(fx.findings(`${ART}/endpoints/Shed.xml`), ['2 error SYN112']);
    // OAuthUtils.getProxyConfigs: a <proxyConfigs> with children needs host, port and protocol
    fx.put(
      `${ART}/endpoints/Porch.xml`,
      ep(
        'Porch',
        `<oauth>${cc.replace('</clientCredentials>', '<proxyConfigs><proxyHost>gate</proxyHost></proxyConfigs></clientCredentials>')}</oauth>`,
      ),
    );
    const porch = fx.validate(`${ART}/endpoints/Porch.xml`);
    assert.deepEqual(
      porch.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['2 error SYN112'],
    );
    assert.match(porch[0].message, /<proxyConfigs> needs <proxyPort>, <proxyProtocol>/);
  });
});
