/**
 * Session 15 (B): MI 4.5 versioned deployment at run time. A resolving endpoint (`<endpoint key-expression>`) of a
 * versioned application keeps the application's identifier (ResolvingEndpointFactory: SYNAPSE_ARTIFACT_IDENTIFIER)
 * and, when the message's APPEND_ARTIFACT_IDENTIFIER property is Boolean true, looks its key up as `<id>__<key>`
 * (ResolvingEndpoint.sendMessage); without it the key is looked up as it is. A dynamic sequence key
 * (`<sequence key="{…}"/>`) is looked up as it evaluates (SequenceMediator: synCtx.getSequence(key)). Own project.
 * (MI VersionedDeploymentTestCase for the naming.)
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildCar, loadProject } from '../../core/car';
import { EngineHost, ServeRuntime } from '../../runtime-debug/management/engineHost';
import { DeploymentRegistry } from '../../runtime-debug/management/registry';
import { send, startProjectRuntime, type Backend, startBackend, type TestRuntime } from './helpers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const ID = 'org.quay__dock__1.2.0';

/** The test project's files (path relative to the project folder -> text). */
function dockProject(backend: string): Record<string, string> {
  const art = 'src/main/wso2mi/artifacts';
  const fault = `<faultSequence><payloadFactory media-type="json"><format>{"code":"$1","error":"$2"}</format><args><arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>`;
  return {
    'pom.xml': `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>org.quay</groupId><artifactId>dock</artifactId><version>1.2.0</version><packaging>pom</packaging><properties><versionedDeployment>true</versionedDeployment></properties></project>`,
    [`${art}/endpoints/crane_ep.xml`]: `<endpoint ${NS} name="crane_ep"><address uri="${backend}/crane"/></endpoint>`,
    [`${art}/apis/DockAPI.xml`]: `<api ${NS} name="DockAPI" context="/dock">
      <resource methods="GET" uri-template="/qualified"><inSequence>
        <property name="which" value="crane_ep"/>
        <property name="APPEND_ARTIFACT_IDENTIFIER" value="true" type="BOOLEAN"/>
        <call><endpoint key-expression="$ctx:which"/></call><respond/></inSequence>${fault}</resource>
      <resource methods="GET" uri-template="/plain"><inSequence>
        <property name="which" value="crane_ep"/>
        <call><endpoint key-expression="$ctx:which"/></call><respond/></inSequence>${fault}</resource></api>`,
  };
}

describe('oracle S15 B: versioned deployment, runtime keys (ResolvingEndpoint, SequenceMediator; MI VersionedDeploymentTestCase)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ reached: req.url }));
    });
    const art = 'src/main/wso2mi/artifacts';
    const fault = `<faultSequence><payloadFactory media-type="json"><format>{"code":"$1","error":"$2"}</format><args><arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>`;
    t = await startProjectRuntime(
      {
        'pom.xml': `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>org.quay</groupId><artifactId>dock</artifactId><version>1.2.0</version><packaging>pom</packaging><properties><versionedDeployment>true</versionedDeployment></properties></project>`,
        [`${art}/endpoints/crane_ep.xml`]: `<endpoint ${NS} name="crane_ep"><address uri="${be.url}/crane"/></endpoint>`,
        [`${art}/local-entries/Pier.xml`]: `<localEntry ${NS} key="Pier"><http.init><connectionType>HTTP</connectionType><name>Pier</name><baseUrl>${be.url}/pier</baseUrl></http.init></localEntry>`,
        [`${art}/sequences/berth_seq.xml`]: `<sequence ${NS} name="berth_seq"><payloadFactory media-type="json"><format>{"berth":"ok"}</format><args/></payloadFactory></sequence>`,
        [`${art}/apis/DockAPI.xml`]: `<api ${NS} name="DockAPI" context="/dock">
          <resource methods="GET" uri-template="/qualified"><inSequence>
            <property name="which" value="crane_ep"/>
            <property name="APPEND_ARTIFACT_IDENTIFIER" value="true" type="BOOLEAN"/>
            <call><endpoint key-expression="$ctx:which"/></call><respond/></inSequence>${fault}</resource>
          <resource methods="GET" uri-template="/plain"><inSequence>
            <property name="which" value="crane_ep"/>
            <call><endpoint key-expression="$ctx:which"/></call><respond/></inSequence>${fault}</resource>
          <resource methods="GET" uri-template="/full"><inSequence>
            <property name="which" value="${ID}__crane_ep"/>
            <call><endpoint key-expression="$ctx:which"/></call><respond/></inSequence>${fault}</resource>
          <resource methods="GET" uri-template="/connection"><inSequence>
            <property name="uri.var.base" expression="fn:concat('${be.url}', '/pier/direct')"/>
            <call><endpoint key="Pier_INTERNAL_ENDPOINT_REFERENCE"/></call><respond/></inSequence>${fault}</resource>
          <resource methods="GET" uri-template="/operation"><inSequence>
            <http.get configKey="Pier"><relativePath>/op</relativePath></http.get><respond/></inSequence>${fault}</resource>
          <resource methods="GET" uri-template="/seq/{name}"><inSequence>
            <sequence key="{$ctx:uri.var.name}"/><respond/></inSequence>${fault}</resource>
        </api>`,
      },
      's15-b-versioned',
    );
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('APPEND_ARTIFACT_IDENTIFIER true: the key is looked up under the application identifier', async () => {
    const r = await send(`${t.base}/dock/qualified`);
    // (the address with the resource's REST postfix, as MI sends it)
    assert.deepEqual(r.json(), { reached: '/crane/qualified' });
  });

  it('without it: the key as it evaluates (the bare name is no endpoint of a versioned application, the full one is)', async () => {
    const plain = await send(`${t.base}/dock/plain`);
    assert.deepEqual(plain.json(), {
      code: '305100',
      error: "Couldn't find the endpoint with the key : crane_ep",
    });
    const full = await send(`${t.base}/dock/full`);
    assert.deepEqual(full.json(), { reached: '/crane/full' });
  });

  it('a dynamic sequence key is looked up as it evaluates (not qualified)', async () => {
    const bare = await send(`${t.base}/dock/seq/berth_seq`);
    assert.notDeepEqual(bare.json(), { berth: 'ok' });
    const full = await send(`${t.base}/dock/seq/${ID}__berth_seq`);
    assert.deepEqual(full.json(), { berth: 'ok' });
  });

  it("a connection's endpoint is deployed under the application identifier: a static key to it is qualified and found; its operations still reach it", async () => {
    const ep = await send(`${t.base}/dock/connection`);
    assert.match(String((ep.json() as { reached?: string }).reached), /^\/pier\/direct/);
    const op = await send(`${t.base}/dock/operation`);
    assert.deepEqual(op.json(), { reached: '/pier/op' });
  });
});

describe('oracle S15 B: a versioned CAR on synapse serve keeps its identifier for its resolving endpoints (ResolvingEndpointFactory)', function () {
  this.timeout(20000);
  it("APPEND_ARTIFACT_IDENTIFIER true finds the CAR's own endpoint; without it the bare key is none", async () => {
    const be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ reached: req.url }));
    });
    const dir = mkdtempSync(join(tmpdir(), 's15-b-vcar-'));
    const rt = new ServeRuntime({ httpPort: 0 });
    try {
      for (const [p, text] of Object.entries(dockProject(be.url))) {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), text);
      }
      const reg = new DeploymentRegistry(new EngineHost(rt));
      const { port } = await rt.start();
      const out = await reg.deployCar('dock_1.2.0.car', await buildCar(loadProject(dir)));
      assert.ok(out.deployed, JSON.stringify(out.faulty));
      const q = await send(`http://127.0.0.1:${port}/dock/qualified`);
      assert.deepEqual(q.json(), { reached: '/crane/qualified' });
      const plain = await send(`http://127.0.0.1:${port}/dock/plain`);
      assert.deepEqual(plain.json(), {
        code: '305100',
        error: "Couldn't find the endpoint with the key : crane_ep",
      });
    } finally {
      await rt.stop(0);
      await be.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
