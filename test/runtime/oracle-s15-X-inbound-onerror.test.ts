/**
 * The onError of an inbound endpoint against the onError of the sequence it injects into. MI's polling and consuming
 * inbound endpoints (FileInjectHandler, RabbitMQInjectHandler, MqttInjectHandler...) call
 * `seq.setErrorHandler(onErrorSeq)` before injecting, so the inbound's onError takes the place of the sequence's own
 * and the sequence's handler never runs for their messages; the HTTP inbound endpoint (InboundHttpServerWorker)
 * pushes its onError as a fault handler under the sequence instead, so there the sequence's own onError runs first.
 * (MQTT: oracle-s15-M-mqtt.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, closedPort, send, startRuntime, type TestRuntime } from './helpers';
import { startBroker, type Broker } from './rabbitmqBroker';
import { sleep, until } from '../support';

const logged = (rt: TestRuntime, by: string) => rt.logs.some((l) => l.message.endsWith(`by = ${by}`));

/** A sequence whose call fails (nothing listens on the port), with its own onError, and the two handlers. */
async function failing(name: string): Promise<Record<string, string>> {
  const down = await closedPort();
  return {
    [`${name}.xml`]: `<sequence ${NS} name="${name}" onError="${name}Own"><call><endpoint><address uri="http://127.0.0.1:${down}/nowhere"/></endpoint></call></sequence>`,
    [`${name}Own.xml`]: `<sequence ${NS} name="${name}Own"><log level="custom"><property name="by" value="sequence"/></log><drop/></sequence>`,
    [`${name}Inbound.xml`]: `<sequence ${NS} name="${name}Inbound"><log level="custom"><property name="by" value="inbound"/></log><drop/></sequence>`,
  };
}

describe('oracle-s15-X: inbound onError in place of the sequence onError', function () {
  this.timeout(30_000);
  let rt: TestRuntime | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await rt?.close();
    rt = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("file inbound: the inbound's onError runs, the sequence's own does not (FileInjectHandler: seq.setErrorHandler(onErrorSeq)) (MI InboundTransportTest)", async () => {
    dir = mkdtempSync(join(tmpdir(), 's15x-'));
    mkdirSync(join(dir, 'in'));
    writeFileSync(join(dir, 'in', 'parcel.json'), '{"parcel":4}');
    rt = await startRuntime({
      ...(await failing('parcelSeq')),
      'ib.xml': `<inboundEndpoint ${NS} name="ParcelIn" protocol="file" sequence="parcelSeq" onError="parcelSeqInbound" suspend="false"><parameters>
        <parameter name="interval">50</parameter>
        <parameter name="transport.vfs.FileURI">file://${join(dir, 'in')}</parameter>
        <parameter name="transport.vfs.ContentType">application/json</parameter>
        <parameter name="transport.vfs.ActionAfterProcess">DELETE</parameter>
      </parameters></inboundEndpoint>`,
    });
    await until('the inbound onError', () => logged(rt!, 'inbound'));
    await sleep(100);
    assert.ok(!logged(rt, 'sequence'));
  });

  it("HTTP inbound: the sequence's own onError still runs first (InboundHttpServerWorker pushes the onError as a fault handler) (MI HttpInboundTransportTestCase)", async () => {
    const port = await closedPort();
    rt = await startRuntime({
      ...(await failing('doorSeq')),
      'ib.xml': `<inboundEndpoint ${NS} name="DoorIn" protocol="http" sequence="doorSeq" onError="doorSeqInbound" suspend="false"><parameters>
        <parameter name="inbound.http.port">${port}</parameter></parameters></inboundEndpoint>`,
    });
    await until('the inbound listener', async () => {
      try {
        await send(`http://127.0.0.1:${port}/door`, { body: '{"knock":1}', type: 'application/json' });
        return true;
      } catch {
        return false;
      }
    });
    await until('the sequence onError', () => logged(rt!, 'sequence'));
    assert.ok(!logged(rt, 'inbound'));
  });

  describe('RabbitMQ inbound (real broker)', () => {
    let broker: Broker;
    before(async function () {
      this.timeout(90_000);
      broker = await startBroker();
    });
    after(async function () {
      this.timeout(30_000);
      await broker?.stop();
    });

    it("the inbound's onError runs, the sequence's own does not (RabbitMQInjectHandler.onMessage: seq.setErrorHandler(onErrorSeq)) (MI RabbitMQInboundTestCase)", async () => {
      rt = await startRuntime({
        ...(await failing('burrowSeq')),
        'ib.xml': `<inboundEndpoint ${NS} name="BurrowIn" protocol="rabbitmq" sequence="burrowSeq" onError="burrowSeqInbound" suspend="false"><parameters>
          <parameter name="rabbitmq.server.host.name">127.0.0.1</parameter>
          <parameter name="rabbitmq.server.port">${broker.port}</parameter>
          <parameter name="rabbitmq.server.user.name">synapse</parameter>
          <parameter name="rabbitmq.server.password">rabbit-secret</parameter>
          <parameter name="rabbitmq.queue.name">burrow.q</parameter>
        </parameters></inboundEndpoint>`,
      });
      await until('a consumer on burrow.q', async () => (await broker.consumers('burrow.q')) === 1);
      broker.ch.sendToQueue('burrow.q', Buffer.from('{"carrot":2}'), { contentType: 'application/json' });
      await until('the inbound onError', () => logged(rt!, 'inbound'));
      await sleep(100);
      assert.ok(!logged(rt, 'sequence'));
    });
  });
});
