/**
 * `synapse serve` with expose.versioned.services (MI VersionedDeploymentTestCase): a project whose pom turns
 * versionedDeployment on is packaged with descriptor.xml by `synapse deploy`, and the server deploys it versioned.
 */
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCar, loadProject } from '../../core/car';
import { runCli, startServeProcess, type ServeProcess } from './helpers/cli';
import { MgmtCaller } from './mgmt-fidelity-helpers';
import { adminClient, serve, tempDir } from './helpers/servers';
import { until } from '../support';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse serve: versioned CARs with expose.versioned.services (MI VersionedDeploymentTestCase)', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof tempDir>;
  let s: ServeProcess | undefined;

  before(() => {
    tmp = tempDir('w5-serve-');
  });
  after(async () => {
    await s?.stop();
    tmp.cleanup();
  });

  it('serves the deployed API under /groupId/artifactId/version and names the CApp by its id', async () => {
    const config = join(tmp.dir, 'serve.json');
    writeFileSync(
      config,
      JSON.stringify({
        adminUser: 'w5-admin',
        adminPassword: 'w5-Secret!',
        synapseProperties: { 'expose.versioned.services': true },
      }),
    );
    s = await startServeProcess({ SYNAPSE_CONFIG_DIR: tmp.dir }, ['--config', config]);
    const project = join(tmp.dir, 'till');
    const apis = join(project, 'src', 'main', 'wso2mi', 'artifacts', 'apis');
    mkdirSync(apis, { recursive: true });
    writeFileSync(
      join(project, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>net.harbor</groupId><artifactId>till</artifactId><version>0.3.0</version><packaging>pom</packaging><properties><versionedDeployment>true</versionedDeployment></properties></project>`,
    );
    writeFileSync(
      join(apis, 'TillAPI.xml'),
      `<api ${NS} name="TillAPI" context="/till"><resource methods="GET"><inSequence><payloadFactory media-type="json"><format>{"till":"v030"}</format><args/></payloadFactory><respond/></inSequence></resource></api>`,
    );
    const r = await runCli(['deploy', project, '--server', s.serverUrl, '--fingerprint', s.fingerprint], {
      SYNAPSE_CONFIG_DIR: tmp.dir,
      SYNAPSE_USER: 'w5-admin',
      SYNAPSE_PASSWORD: 'w5-Secret!',
    });
    assert.equal(r.code, 0, r.stderr);
    const res = await fetch(`http://127.0.0.1:${s.httpPort}/net.harbor/till/0.3.0/till`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { till: 'v030' });
    assert.match(
      s.output(),
      /Successfully Deployed Carbon Application : net\.harbor__till__0\.3\.0\{super-tenant\}/,
    );
  });

  it("CappDeployer lines frame the deployers' undeployment lines of a versioned application (MI VersionedDeploymentTestCase)", async () => {
    const dir = tempDir('w5-undeploy-');
    const srv = await serve(dir.dir, { engine: true });
    try {
      const project = join(dir.dir, 'till');
      const seqs = join(project, 'src', 'main', 'wso2mi', 'artifacts', 'sequences');
      mkdirSync(seqs, { recursive: true });
      writeFileSync(
        join(project, 'pom.xml'),
        `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>net.harbor</groupId><artifactId>till</artifactId><version>0.3.1</version><packaging>pom</packaging><properties><versionedDeployment>true</versionedDeployment></properties></project>`,
      );
      writeFileSync(join(seqs, 'till_seq.xml'), `<sequence ${NS} name="till_seq"><log/></sequence>`);
      const c = adminClient(srv);
      await c.upload('till_0.3.1.car', await buildCar(loadProject(project)));
      await c.undeploy('till_0.3.1');
      c.close();
      const m = new MgmtCaller(srv);
      await m.login();
      const carbon = (await m.get('logs?file=wso2carbon.log')).text;
      const at = (line: string) => {
        const i = carbon.indexOf(line);
        assert.ok(i >= 0, `${line} in\n${carbon}`);
        return i;
      };
      const a = at('Successfully Deployed Carbon Application : net.harbor__till__0.3.1{super-tenant}');
      const b = at('Undeploying Carbon Application : net.harbor__till__0.3.1...');
      const d = at("Sequence named 'net.harbor__till__0.3.1__till_seq' has been undeployed");
      const e = at('Successfully undeployed Carbon Application : net.harbor__till__0.3.1{super-tenant}');
      assert.ok(a < b && b < d && d < e);
    } finally {
      await srv.close();
      dir.cleanup();
    }
  });
  it("a CAR uploaded again: CarbonAppResource's \"Successfully added\" line, then the old application's undeployment, then the new one's deployment (MI VersionedDeploymentTestCase)", async () => {
    const dir = tempDir('r4-replace-');
    const srv = await serve(dir.dir, { engine: true });
    try {
      const project = join(dir.dir, 'ledger');
      const seqs = join(project, 'src', 'main', 'wso2mi', 'artifacts', 'sequences');
      mkdirSync(seqs, { recursive: true });
      writeFileSync(
        join(project, 'pom.xml'),
        `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>org.quay</groupId><artifactId>ledger</artifactId><version>1.2.0</version><packaging>pom</packaging></project>`,
      );
      writeFileSync(join(seqs, 'ledger_seq.xml'), `<sequence ${NS} name="ledger_seq"><log/></sequence>`);
      writeFileSync(join(seqs, 'ledger_tally.xml'), `<sequence ${NS} name="ledger_tally"><log/></sequence>`);
      const apis = join(project, 'src', 'main', 'wso2mi', 'artifacts', 'apis');
      mkdirSync(apis, { recursive: true });
      writeFileSync(
        join(apis, 'LedgerAPI.xml'),
        `<api ${NS} name="LedgerAPI" context="/ledger"><resource methods="GET"><inSequence><sequence key="ledger_seq"/><respond/></inSequence></resource></api>`,
      );
      const c = adminClient(srv);
      const car = await buildCar(loadProject(project));
      await c.upload('ledger_1.2.0.car', car);
      const m = new MgmtCaller(srv);
      await m.login();
      const first = (await m.get('logs?file=wso2carbon.log')).text.length;
      await c.upload('ledger_1.2.0.car', car);
      c.close();
      const carbon = (await m.get('logs?file=wso2carbon.log')).text.slice(first);
      const at = (line: string) => {
        const i = carbon.indexOf(line);
        assert.ok(i >= 0, `${line} in\n${carbon}`);
        return i;
      };
      const order = [
        at('Successfully added Carbon Application : ledger_1.2.0.car'),
        at('Undeploying Carbon Application : ledger_1.2.0...'),
        // SynapseAppDeployer.undeployArtifacts: the types in reverse order, a type's artifacts in their order
        at("API named 'LedgerAPI' has been undeployed"),
        at("Sequence named 'ledger_seq' has been undeployed"),
        at("Sequence named 'ledger_tally' has been undeployed"),
        at('Successfully undeployed Carbon Application : ledger_1.2.0{super-tenant}'),
        at('Successfully Deployed Carbon Application : ledger_1.2.0{super-tenant}'),
      ];
      assert.deepEqual(
        order,
        [...order].sort((a, b) => a - b),
      );
    } finally {
      await srv.close();
      dir.cleanup();
    }
  });
  it('a restart deploys the applications afresh: no undeployment lines for the old instance (MI MetaDataResourceTestCase)', async () => {
    const dir = tempDir('r4-restart-');
    const srv = await serve(dir.dir, { engine: true });
    try {
      const project = join(dir.dir, 'ledger');
      const seqs = join(project, 'src', 'main', 'wso2mi', 'artifacts', 'sequences');
      mkdirSync(seqs, { recursive: true });
      writeFileSync(
        join(project, 'pom.xml'),
        `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>org.quay</groupId><artifactId>ledger</artifactId><version>1.2.0</version><packaging>pom</packaging></project>`,
      );
      writeFileSync(join(seqs, 'ledger_seq.xml'), `<sequence ${NS} name="ledger_seq"><log/></sequence>`);
      const c = adminClient(srv);
      await c.upload('ledger_1.2.0.car', await buildCar(loadProject(project)));
      c.close();
      const m = new MgmtCaller(srv);
      await m.login();
      const r = await m.send('PATCH', 'server', { status: 'restartGracefully' });
      assert.equal(r.status, 200);
      // the restart redeploys every application before it drops the tokens
      await until('the tokens dropped', async () => (await m.get('sequences')).status === 401);
      await m.login();
      const carbon = (await m.get('logs?file=wso2carbon.log')).text;
      const restarted = carbon.slice(carbon.indexOf('Gracefully restarting WSO2 Micro Integrator...'));
      assert.match(restarted, /WSO2 Micro Integrator started in/);
      assert.match(restarted, /Successfully Deployed Carbon Application : ledger_1\.2\.0\{super-tenant\}/);
      assert.doesNotMatch(restarted, /has been undeployed|Undeploying Carbon Application/);
    } finally {
      await srv.close();
      dir.cleanup();
    }
  });
});
