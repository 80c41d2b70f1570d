/**
 * Oracle (MI's MQTT inbound endpoint, session 15 helper M): MqttListener, MqttConnectionFactory,
 * MqttConnectionConsumer and MqttInjectHandler against Debian's mosquitto, started by these tests on a free port of
 * 127.0.0.1 with a private configuration (no persistence) and stopped after.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { knownParameters } from '../../core/catalog';
import { parseXml } from '../../core/xml/parse';
import { Runtime } from '../../runtime-debug/engine/runtime';
import { closedPort, NS, startProjectRuntime, startRuntime, type TestRuntime } from './helpers';
import { STOPPED_DIR_RM, onFreePorts, sleep, until } from '../support';

const MOSQUITTO = '/usr/sbin/mosquitto';

interface Mosquitto {
  port: number;
  publish(topic: string, payload: string): Promise<void>;
  stop(): Promise<void>;
}

/** A private mosquitto on a free port (another if it is taken), or the given one to start a stopped broker again. */
function startMosquitto(onPort?: number, user?: { name: string; password: string }): Promise<Mosquitto> {
  return onPort !== undefined
    ? startMosquittoOn(onPort, user)
    : onFreePorts(1, ([port]) => startMosquittoOn(port, user));
}

async function startMosquittoOn(port: number, user?: { name: string; password: string }): Promise<Mosquitto> {
  if (!existsSync(MOSQUITTO))
    throw new Error('mosquitto is not installed: apt-get install -y --no-install-recommends mosquitto');
  const dir = mkdtempSync(join(tmpdir(), 'mqtt-'));
  const conf = join(dir, 'mosquitto.conf');
  if (user) {
    execFileSync('/usr/bin/mosquitto_passwd', ['-b', '-c', join(dir, 'passwd'), user.name, user.password]);
    // a broker started by root reads its files as the mosquitto user
    chmodSync(dir, 0o755);
    chmodSync(join(dir, 'passwd'), 0o644);
  }
  writeFileSync(
    conf,
    `listener ${port} 127.0.0.1\npersistence false\n${
      user ? `allow_anonymous false\npassword_file ${join(dir, 'passwd')}\n` : 'allow_anonymous true\n'
    }`,
  );
  const proc: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let said = '';
  proc.stdout?.on('data', (d: Buffer) => (said += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (said += d.toString()));
  let pub: MqttClient | undefined;
  const deadline = Date.now() + 15_000;
  while (!pub) {
    try {
      pub = await connectAsync({
        host: '127.0.0.1',
        port,
        reconnectPeriod: 0,
        clientId: `pub${port}`,
        ...(user ? { username: user.name, password: user.password } : {}),
      });
    } catch (e) {
      if (proc.exitCode !== null || Date.now() > deadline) {
        proc.kill('SIGKILL');
        rmSync(dir, { recursive: true, force: true });
        throw new Error(`mosquitto did not start on ${port} (${(e as Error).message}): ${said}`);
      }
      await sleep(50);
    }
  }
  const client = pub;
  return {
    port,
    publish: async (topic, payload) => {
      await client.publishAsync(topic, payload, { qos: 1 });
    },
    stop: async () => {
      await client.endAsync(true).catch(() => undefined);
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
      rmSync(dir, STOPPED_DIR_RM);
    },
  };
}

const inbound = (name: string, seq: string, params: Record<string, string>, extra = ''): string =>
  `<inboundEndpoint ${NS} name="${name}" protocol="mqtt" sequence="${seq}" ${extra} suspend="false"><parameters>${Object.entries(
    params,
  )
    .map(([k, v]) => `<parameter name="${k}">${v}</parameter>`)
    .join('')}</parameters></inboundEndpoint>`;

describe('oracle-s15-M: MQTT inbound endpoint (MI MQTTInboundMessagePollingTestCase)', function () {
  this.timeout(30_000);
  let broker: Mosquitto;
  let rt: TestRuntime | undefined;
  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
  });

  const base = (topic: string, more: Record<string, string> = {}) => ({
    'mqtt.connection.factory': 'meadowFactory',
    'mqtt.server.host.name': '127.0.0.1',
    'mqtt.server.port': String(broker.port),
    'mqtt.topic.name': topic,
    'mqtt.subscription.qos': '0',
    'mqtt.session.clean': 'true',
    'mqtt.ssl.enable': 'false',
    ...more,
  });
  const messages = () => rt!.logs.map((l) => l.message);
  const connected = (name: string) =>
    until(`${name} connected`, () =>
      messages().includes(`MQTT inbound endpoint ${name} connected to the broker`),
    );

  it('subscribes, logs "<name> connected to the broker", and injects an application/xml message into its sequence with mqtt.topic.name set (MI MQTTInboundMessagePollingTestCase)', async () => {
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="meadowSeq"><log level="full"><property name="topic" expression="get-property('mqtt.topic.name')"/></log></sequence>`,
      'in.xml': inbound('MeadowIn', 'meadowSeq', base('meadow/xml', { 'content.type': 'application/xml' })),
    });
    await connected('MeadowIn');
    assert.ok(messages().includes('MQTT inbound endpoint MeadowIn initializing ...'), messages().join('\n'));
    assert.ok(messages().includes('Successfully created MQTT client'));
    assert.ok(
      messages().includes(
        'Starting the inbound endpoint MeadowIn, with coordination true. Type : MQTT--SYNAPSE_INBOUND_ENDPOINT',
      ),
    );
    await broker.publish('meadow/xml', '<hive><bees>412</bees></hive>');
    await until('the message is logged', () =>
      messages().some((m) => m.includes('<hive><bees>412</bees></hive>')),
    );
    const line = messages().find((m) => m.includes('<bees>412</bees>'))!;
    assert.match(line, /topic = meadow\/xml/);
  });

  it('builds an application/json payload with the JSON builder (MI MQTTInboundMessagePollingTestCase)', async () => {
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="jsonSeq"><log><property name="temp" expression="json-eval($.sensor.temp)"/></log></sequence>`,
      'in.xml': inbound('JsonIn', 'jsonSeq', base('meadow/json', { 'content.type': 'application/json' })),
    });
    await connected('JsonIn');
    await broker.publish('meadow/json', '{"sensor":{"temp":21.5}}');
    await until('the value is logged', () => messages().some((m) => m.includes('temp = 21.5')));
  });

  it('uses the SOAP builder without content.type and warns of each parameter it defaults, as MqttConnectionFactory does (MI MQTTInboundMessagePollingTestCase)', async () => {
    const params: Record<string, string> = base('meadow/soap');
    delete params['mqtt.session.clean'];
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="soapSeq"><log><property name="crop" expression="//crop"/></log></sequence>`,
      'in.xml': inbound('SoapIn', 'soapSeq', params),
    });
    await connected('SoapIn');
    const warned = rt.logs
      .filter((l) => l.level === 'WARN' && l.message.startsWith('Default value is used'))
      .map((l) => l.message.replace('Default value is used for the parameter : ', ''));
    assert.deepEqual(warned, [
      'content.type',
      'mqtt.temporary.store.directory',
      'mqtt.session.clean',
      'mqtt.client.id',
      'mqtt.reconnection.interval',
    ]);
    // the SOAP builder takes an envelope only: a plain XML document is not built
    await broker.publish('meadow/soap', '<crop>oats</crop>');
    await until('the refusal', () => messages().includes('Error while processing the MQTT Message'));
    await broker.publish(
      'meadow/soap',
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><crop>barley</crop></soapenv:Body></soapenv:Envelope>',
    );
    await until('the crop is logged', () => messages().some((m) => m.includes('crop = barley')));
    assert.ok(!messages().some((m) => m.includes('crop = oats')));
  });

  it('builds a content.type MI has no builder for (text/html) with the SOAP builder (MqttInjectHandler: getBuilderFromSelector finds none in axis2.xml.j2) (MI MQTTInboundMessagePollingTestCase)', async () => {
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="pageSeq"><log><property name="row" expression="//row"/></log></sequence>`,
      'in.xml': inbound('PageIn', 'pageSeq', base('meadow/page', { 'content.type': 'text/html' })),
    });
    await connected('PageIn');
    await broker.publish('meadow/page', '<row>hedge</row>');
    await until('the refusal', () => messages().includes('Error while processing the MQTT Message'));
    await broker.publish(
      'meadow/page',
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><row>ditch</row></soapenv:Body></soapenv:Envelope>',
    );
    await until('the row is logged', () => messages().some((m) => m.includes('row = ditch')));
    assert.ok(!messages().some((m) => m.includes('row = hedge')));
  });

  it('logs "Error while processing the MQTT Message" for a payload its builder refuses and runs neither sequence; a fault in the sequence runs onError (MI MqttInjectHandler)', async () => {
    const down = await closedPort();
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="strictSeq"><log><property name="got" expression="//plot"/></log><call><endpoint><address uri="http://127.0.0.1:${down}/plots"/></endpoint></call></sequence>`,
      'err.xml': `<sequence ${NS} name="plotErr"><log><property name="handled" expression="$ctx:ERROR_MESSAGE"/></log></sequence>`,
      'in.xml': inbound(
        'StrictIn',
        'strictSeq',
        base('meadow/strict', { 'content.type': 'application/xml' }),
        'onError="plotErr"',
      ),
    });
    await connected('StrictIn');
    await broker.publish('meadow/strict', '<plot>unclosed');
    await until('the build failure', () => messages().includes('Error while processing the MQTT Message'));
    await broker.publish('meadow/strict', '<plot>north</plot>');
    await until('onError runs', () =>
      messages().some((m) => m.endsWith('handled = Error connecting to the back end')),
    );
    assert.deepEqual(
      messages()
        .filter((m) => m.includes('got = '))
        .map((m) => m.replace(/.*got = /, '')),
      ['north'],
    );
  });

  it("runs the inbound's onError in place of the sequence's own (MqttInjectHandler: seq.setErrorHandler(onErrorSeq)) (MI MQTTInboundMessagePollingTestCase)", async () => {
    const down = await closedPort();
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="gateSeq" onError="gateOwnErr"><call><endpoint><address uri="http://127.0.0.1:${down}/gate"/></endpoint></call></sequence>`,
      'own.xml': `<sequence ${NS} name="gateOwnErr"><log><property name="by" value="sequence"/></log></sequence>`,
      'ib.xml': `<sequence ${NS} name="gateInErr"><log><property name="by" value="inbound"/></log></sequence>`,
      'a.xml': inbound(
        'GateIn',
        'gateSeq',
        base('meadow/gate', { 'content.type': 'application/json' }),
        'onError="gateInErr"',
      ),
    });
    await connected('GateIn');
    await broker.publish('meadow/gate', '{"open":true}');
    await until('the inbound onError', () => messages().some((m) => m.endsWith('by = inbound')));
    assert.ok(!messages().some((m) => m.endsWith('by = sequence')));
  });

  it('connects but never subscribes without mqtt.subscription.qos (the consumer parses the raw parameter: Integer.parseInt(null)) (MI MqttConnectionConsumer)', async () => {
    const params: Record<string, string> = base('meadow/noqos');
    delete params['mqtt.subscription.qos'];
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="noQosSeq"><log><property name="never" value="x"/></log></sequence>`,
      'in.xml': inbound('NoQosIn', 'noQosSeq', params),
    });
    await until('the runner error', () =>
      messages().some((m) => m.startsWith('Error executing the Inbound Endpoint once time execution')),
    );
    assert.ok(messages().includes('Default value is used for the parameter : mqtt.subscription.qos'));
    assert.ok(!messages().some((m) => m.includes('connected to the broker')));
    await broker.publish('meadow/noqos', 'hello');
    await sleep(200);
    assert.ok(!messages().includes('never = x'));
  });

  it("refuses to start without a host name, topic or port, or with a port out of bounds, logging MqttConnectionFactory's error (MI MqttConnectionFactory)", async () => {
    const noTopic: Record<string, string> = base('x');
    delete noTopic['mqtt.topic.name'];
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="sinkSeq"><log/></sequence>`,
      'a.xml': inbound('NoTopicIn', 'sinkSeq', noTopic),
      'b.xml': inbound('BadPortIn', 'sinkSeq', base('y', { 'mqtt.server.port': '70000' })),
      'c.xml': inbound('TextPortIn', 'sinkSeq', base('z', { 'mqtt.server.port': '18 83' })),
    });
    await until(
      'three failures',
      () => messages().filter((m) => m.includes('failed to initialize')).length === 3,
    );
    const errors = rt.logs.filter((l) => l.level === 'ERROR').map((l) => l.message);
    assert.ok(
      errors.includes('MQTT inbound listener Subscription Topic Name cannot be empty'),
      errors.join('\n'),
    );
    assert.ok(
      errors.includes(
        'Server Port number should be bounded to min integer value: 0 and max integer value: 65535',
      ),
    );
    assert.ok(errors.includes('Server Port number should not contain any special characters'));
    assert.ok(
      errors.includes(
        'MQTT connection factory : meadowFactory failed to initialize the MQTT Inbound configuration properties MQTT inbound listener Subscription Topic Name cannot be empty',
      ),
    );
    assert.ok(!messages().some((m) => m.includes('initializing ...')));
  });

  it('writes no paho persistence files at QoS 0 and disconnects when the runtime stops (MI MQTTInboundTempFileCreationTestCase)', async () => {
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="tempSeq"><log/></sequence>`,
      'in.xml': inbound('TempIn', 'tempSeq', base('meadow/temp', { 'content.type': 'application/json' })),
    });
    await connected('TempIn');
    assert.ok(!readdirSync(process.cwd()).some((n) => n.includes('paho')));
    await rt.close();
    const logs = messages();
    rt = undefined;
    assert.ok(logs.includes('Mqtt Inbound endpoint: TempIn Started destroying context.'), logs.join('\n'));
    assert.deepEqual(logs.slice(-3), [
      'Mqtt Inbound endpoint: TempIn Started destroying context.',
      'Disconnected from the remote MQTT server.',
      'Inbound endpoint TempIn stopping.',
    ]);
  });
});

describe('oracle-s15-M: MQTT inbound endpoint at load (MI MqttConnectionFactory, MqttConnectionConsumer)', () => {
  it('deploys it (no RT_UNSUPPORTED) and warns RT_MQTT of a missing topic, a port that is no number, no mqtt.subscription.qos and SSL; none for a complete one (MI MQTTInboundMessagePollingTestCase)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const ps = (o: Record<string, string>) =>
      Object.entries(o)
        .map(([k, v]) => `<parameter name="${k}">${v}</parameter>`)
        .join('');
    const res = rt.deploy([
      { name: 's.xml', text: `<sequence ${NS} name="s"><log/></sequence>` },
      {
        name: 'ok.xml',
        text: inbound('OkIn', 's', {
          'mqtt.server.host.name': 'broker.local',
          'mqtt.server.port': '1883',
          'mqtt.topic.name': 'farm/#',
          'mqtt.subscription.qos': '1',
        }),
      },
      {
        name: 'bad.xml',
        text: `<inboundEndpoint ${NS} name="BadIn" protocol="mqtt" sequence="s" suspend="false"><parameters>${ps(
          {
            'mqtt.server.host.name': 'broker.local',
            'mqtt.server.port': 'port',
            'mqtt.ssl.enable': 'true',
          },
        )}</parameters></inboundEndpoint>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.warnings.map((w) => `${w.file} ${w.code} ${w.message.split(':')[0]}`),
      [
        'bad.xml RT_MQTT Inbound endpoint BadIn has no mqtt.topic.name',
        'bad.xml RT_MQTT Inbound endpoint BadIn',
        'bad.xml RT_MQTT Inbound endpoint BadIn has no mqtt.subscription.qos',
        'bad.xml RT_MQTT Inbound endpoint BadIn',
      ],
    );
    assert.match(res.warnings[1].message, /mqtt\.server\.port 'port' is not a number/);
    assert.match(res.warnings[3].message, /mqtt\.ssl\.enable is true/);
  });

  it("offers MI's MQTT parameters where an mqtt inbound endpoint names one (MI MQTTInboundMessagePollingTestCase)", () => {
    const doc = parseXml(`<inboundEndpoint ${NS} name="A" protocol="mqtt"><parameters/></inboundEndpoint>`);
    const names = knownParameters(doc.root!).map((k) => k.name);
    for (const n of [
      'mqtt.server.host.name',
      'mqtt.server.port',
      'mqtt.topic.name',
      'mqtt.subscription.qos',
      'content.type',
    ])
      assert.ok(names.includes(n), n);
  });
});

describe('oracle-s15-M: MQTT inbound endpoint and a broker that goes away (MI MqttAsyncCallback, MqttConnectionListener)', function () {
  this.timeout(30_000);
  let rt: TestRuntime | undefined;
  let broker: Mosquitto | undefined;
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
    await broker?.stop();
    broker = undefined;
  });
  const messages = () => rt!.logs.map((l) => l.message);
  const params = (port: number, topic: string) => ({
    'mqtt.server.host.name': '127.0.0.1',
    'mqtt.server.port': String(port),
    'mqtt.topic.name': topic,
    'mqtt.subscription.qos': '1',
    'mqtt.session.clean': 'true',
    'mqtt.reconnection.interval': '100',
    'content.type': 'text/plain',
  });

  it('logs "Connection lost occurred to the remote server.", retries while the broker is away and says when it is back (the loop of MqttConnectionListener, which does not subscribe again) (MI MQTTInboundMessagePollingTestCase)', async () => {
    broker = await startMosquitto();
    const port = broker.port;
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="barnSeq"><log><property name="text" expression="$body/text()"/></log></sequence>`,
      'in.xml': inbound('BarnIn', 'barnSeq', params(port, 'barn/door')),
    });
    await until('connected', () =>
      messages().includes('MQTT inbound endpoint BarnIn connected to the broker'),
    );
    await broker.stop();
    broker = undefined;
    await until('lost', () => messages().includes('Connection lost occurred to the remote server.'));
    await until('a failed attempt', () =>
      messages().includes('MQTT inbound endpoint BarnIn error while reconnecting to the broker attempt 1'),
    );
    broker = await startMosquitto(port);
    await until('back', () => messages().includes('Successfully reconnected MQTT inbound endpoint: BarnIn'));
  });

  it('retries a broker that is not there every mqtt.reconnection.interval, counting attempts, and says when it connects (MI MqttConnectionListener)', async () => {
    const port = await closedPort();
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="siloSeq"><log/></sequence>`,
      'in.xml': inbound('SiloIn', 'siloSeq', params(port, 'silo/level')),
    });
    await until('two attempts', () =>
      messages().includes('MQTT inbound endpoint SiloIn error while reconnecting to the broker attempt 2'),
    );
    assert.ok(messages().some((m) => m.startsWith('Error while trying to subscribe to the remote')));
    broker = await startMosquitto(port);
    await until('connected', () =>
      messages().includes('Successfully reconnected MQTT inbound endpoint: SiloIn'),
    );
    assert.ok(!messages().includes('MQTT inbound endpoint SiloIn connected to the broker'));
  });
});

describe("oracle-s15-M: an mqtt: address without MI's MQTT transport sender (MI MQTTInboundTempFileCreationTestCase)", () => {
  it('fails the send with "The system cannot infer the transport information from the mqtt:... URL." (ClientUtils.inferOutTransport: axis2.xml.j2 writes MqttSender only for [transport.mqtt] sender.enable) (MI MQTTInboundTempFileCreationTestCase)', async () => {
    const to =
      'mqtt:/orchard/out?mqtt.server.host.name=127.0.0.1&amp;mqtt.server.port=1883&amp;mqtt.topic.name=orchard/apples';
    const rt = await startRuntime({
      'api.xml': `<api ${NS} name="OrchardApi" context="/orchard"><resource methods="POST"><inSequence>
        <header name="To" value="${to}"/><send><endpoint><default/></endpoint></send></inSequence>
        <faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args>
        <arg evaluator="xml" expression="$ctx:ERROR_CODE"/><arg evaluator="xml" expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
    });
    try {
      const r = await fetch(`${rt.base}/orchard`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"apples":3}',
      });
      assert.deepEqual(await r.json(), {
        code: '0',
        message: `Unexpected error during sending message out. The system cannot infer the transport information from the ${to.replace(/&amp;/g, '&')} URL.`,
      });
    } finally {
      await rt.close();
    }
  });
});

describe("oracle-s15-M: mqtt: addresses with MI's MQTT transport sender enabled (MI MQTTInboundTempFileCreationTestCase)", function () {
  this.timeout(30_000);
  let broker: Mosquitto;
  before(async () => {
    broker = await startMosquitto();
  });
  after(async () => {
    await broker?.stop();
  });

  it('publishes the formatted body to mqtt.topic.name of the address when deployment.toml has [transport.mqtt] sender.enable = true (axis2 MqttSender) (MI MQTTInboundTempFileCreationTestCase)', async () => {
    const sub = await connectAsync({ host: '127.0.0.1', port: broker.port, reconnectPeriod: 0 });
    const got = new Promise<{ topic: string; body: string; retain: boolean }>((resolve) =>
      sub.on('message', (topic, body, packet) =>
        resolve({ topic, body: body.toString(), retain: packet.retain }),
      ),
    );
    await sub.subscribeAsync('orchard/pears', { qos: 1 });
    const to = `mqtt:/orchard?mqtt.server.host.name=127.0.0.1&amp;mqtt.server.port=${broker.port}&amp;mqtt.client.id=picker&amp;mqtt.topic.name=orchard/pears&amp;mqtt.subscription.qos=1`;
    const rt = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        'deployment/deployment.toml': '[transport.mqtt]\nsender.enable = true\n',
        'src/main/wso2mi/artifacts/apis/Pears.xml': `<api ${NS} name="PearsApi" context="/pears"><resource methods="POST"><inSequence>
          <property name="OUT_ONLY" value="true"/><property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>
          <header name="To" value="${to}"/><send><endpoint><default/></endpoint></send></inSequence></resource></api>`,
      },
      'mqtt-send',
    );
    try {
      const r = await fetch(`${rt.base}/pears`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"pears":7}',
      });
      assert.equal(r.status, 202);
      const m = await got;
      assert.deepEqual(m, { topic: 'orchard/pears', body: '{"pears":7}', retain: false });
    } finally {
      await rt.close();
      await sub.endAsync(true);
    }
  });
});

describe('oracle-s15-M: MQTT inbound endpoint on a broker that asks for credentials (MI MqttListener)', function () {
  this.timeout(30_000);
  let broker: Mosquitto;
  let rt: TestRuntime | undefined;
  before(async () => {
    broker = await startMosquitto(undefined, { name: 'farmer', password: 'hay-bale' });
  });
  after(async () => {
    await broker?.stop();
  });
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
  });
  const messages = () => rt!.logs.map((l) => l.message);
  const params = (more: Record<string, string>) => ({
    'mqtt.server.host.name': '127.0.0.1',
    'mqtt.server.port': String(broker.port),
    'mqtt.topic.name': 'field/wheat',
    'mqtt.subscription.qos': '0',
    'mqtt.session.clean': 'true',
    'mqtt.reconnection.interval': '60000',
    'content.type': 'text/plain',
    ...more,
  });

  it('connects with mqtt.subscription.username and password, and sends neither when only one is given (MqttListener.initAsyncClient) (MI MQTTInboundMessagePollingTestCase)', async () => {
    rt = await startRuntime({
      'seq.xml': `<sequence ${NS} name="wheatSeq"><log><property name="t" expression="$body/*/text()"/></log></sequence>`,
      'a.xml': inbound(
        'WheatIn',
        'wheatSeq',
        params({ 'mqtt.subscription.username': 'farmer', 'mqtt.subscription.password': 'hay-bale' }),
      ),
      'b.xml': inbound('HalfIn', 'wheatSeq', params({ 'mqtt.subscription.username': 'farmer' })),
    });
    await until('WheatIn connected', () =>
      messages().includes('MQTT inbound endpoint WheatIn connected to the broker'),
    );
    await until('HalfIn refused', () =>
      rt!.logs.some(
        (l) =>
          l.artifact === 'inbound:HalfIn' &&
          l.message === 'Error while trying to subscribe to the remote  Not authorized to connect',
      ),
    );
    await broker.publish('field/wheat', 'golden');
    await until('the message', () => messages().some((m) => m.endsWith('t = golden')));
    assert.equal(messages().filter((m) => m.endsWith('t = golden')).length, 1);
  });
});
