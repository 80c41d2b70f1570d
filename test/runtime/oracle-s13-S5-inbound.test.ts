/**
 * Session 13, helper S5: inbound endpoints and tasks whose sequence is a registry key (MI tests-transport
 * FileInboundWithDynamicSequenceTestCase): the injecting sequence is looked up as SynapseConfiguration.getSequence
 * does, a deployed sequence or a conf:/gov: registry resource. Our own project, names and payloads.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, until } from '../support';
import { send, startBackend, startProjectRuntime, type Backend, type TestRuntime } from './helpers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('oracle s13 (S5): registry sequences injected by inbound endpoints and tasks', () => {
  let t: TestRuntime;
  let be: Backend;
  let inDir: string;
  let inboundPort: number;
  before(async () => {
    be = await startBackend();
    inDir = mkdtempSync(join(tmpdir(), 's5-inbound-'));
    inboundPort = await freePort();
    const A = 'src/main/wso2mi/artifacts';
    const R = 'src/main/wso2mi/resources/registry';
    t = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        // a stray text node before <parameters>, as the MI test's configuration has one
        [`${A}/inbound-endpoints/DropFolder.xml`]: `<inboundEndpoint name="DropFolder" onError="dropFault" protocol="file" sequence="gov:/flows/fromFolder.xml" suspend="false" ${NS}>"
          <parameters><parameter name="interval">50</parameter><parameter name="transport.vfs.ActionAfterErrors">DELETE</parameter>
          <parameter name="transport.vfs.Locking">enable</parameter><parameter name="transport.vfs.ContentType">application/xml</parameter>
          <parameter name="transport.vfs.ActionAfterFailure">DELETE</parameter><parameter name="transport.vfs.ActionAfterProcess">DELETE</parameter>
          <parameter name="transport.vfs.FileURI">file://${inDir}</parameter></parameters></inboundEndpoint>`,
        [`${A}/inbound-endpoints/WebDoor.xml`]: `<inboundEndpoint name="WebDoor" protocol="http" sequence="conf:/flows/fromWeb.xml" suspend="false" ${NS}>
          <parameters><parameter name="inbound.http.port">${inboundPort}</parameter></parameters></inboundEndpoint>`,
        [`${A}/tasks/Ticker.xml`]: `<task ${NS} name="Ticker" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz">
          <trigger count="1" interval="1"/><property name="injectTo" value="sequence"/><property name="sequenceName" value="gov:/flows/fromTask.xml"/>
          <property name="message"><tick xmlns=""><n>1</n></tick></property></task>`,
        [`${R}/gov/flows/fromFolder.xml`]: `<sequence ${NS} name="fromFolder"><send><endpoint><address uri="${be.url}/from-folder"/></endpoint></send></sequence>`,
        [`${R}/conf/flows/fromWeb.xml`]: `<sequence ${NS} name="fromWeb"><payloadFactory media-type="json"><format>{"via":"registry"}</format><args/></payloadFactory><respond/></sequence>`,
        [`${R}/gov/flows/fromTask.xml`]: `<sequence ${NS} name="fromTask"><log level="custom"><property name="ticked" expression="//n"/></log></sequence>`,
      },
      's5inbound',
    );
  });
  after(async () => {
    await t?.close();
    await be?.close();
    rmSync(inDir, { recursive: true, force: true });
  });

  it('a file inbound endpoint runs its gov: sequence (MI FileInboundWithDynamicSequenceTestCase)', async () => {
    writeFileSync(join(inDir, 'parcel.xml'), '<parcel><id>77</id></parcel>');
    await until('forwarded', () => be.requests.some((r) => r.url === '/from-folder'));
    assert.match(be.requests.find((r) => r.url === '/from-folder')!.body, /<parcel><id>77<\/id><\/parcel>/);
    await until('deleted', () => !existsSync(join(inDir, 'parcel.xml')));
  });

  it('an HTTP inbound endpoint runs its conf: sequence', async () => {
    const r = await send(`http://127.0.0.1:${inboundPort}/anything`, {
      body: '<x/>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { via: 'registry' });
  });

  it('a MessageInjector task injects into a gov: sequence', async () => {
    await until('ticked', () => t.logs.some((l) => l.message === 'ticked = 1'));
  });
});
