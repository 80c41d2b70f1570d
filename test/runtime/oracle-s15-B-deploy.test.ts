/**
 * Session 15 (B): deployment lines. An HTTP connection (`<http.init>`) whose endpoint MI cannot build:
 * LocalEntryDeployer.deploySynapseArtifact adds the entry and logs it deployed, then deployEndpointsForHTTPConnection
 * fails (the factory's error, the deployer's two "Failed." lines); a call through it finds no endpoint
 * (ResolvingEndpoint.sendMessage). `synapse run`'s summary counts what MI's deployers log as deployed (not a refused
 * proxy, not a local entry whose src could not be read). No MI test (sources named in each case); own names.
 */
import assert from 'node:assert/strict';
import { Runtime, type LogRecord } from '../../runtime-debug/engine';
import { NS, closedPort } from './helpers';

const connection = (key: string, fields: string): string =>
  `<localEntry ${NS} key="${key}"><http.init><connectionType>HTTP</connectionType><name>${key}Conn</name>
    <baseUrl>http://127.0.0.1:9</baseUrl>${fields}</http.init></localEntry>`;

function deployed(files: Record<string, string>): { rt: Runtime; logs: LogRecord[] } {
  const rt = new Runtime({ httpPort: 0 });
  const logs: LogRecord[] = [];
  rt.on('log', (r: LogRecord) => logs.push(r));
  rt.deploy(Object.entries(files).map(([name, text]) => ({ name, text })));
  return { rt, logs };
}

describe('oracle S15 B: deployment lines and counts (LocalEntryDeployer, ProxyServiceDeployer)', () => {
  it('a connection whose authentication lacks its values: the entry logged deployed, then the endpoint factory and the deployer fail (LocalEntryDeployer.deployEndpointsForHTTPConnection)', () => {
    const { logs } = deployed({
      'Ledger.xml': connection('Ledger', '<authType>Basic Auth</authType><username>clerk</username>'),
    });
    const lines = logs
      .filter((l) => l.category !== 'Deployer')
      .map((l) => `${l.level} {${l.category}} ${l.message.split('\n').join(' | ')}`);
    assert.deepEqual(lines, [
      "INFO {LocalEntryDeployer} LocalEntry named 'Ledger' has been deployed from file : Ledger.xml",
      'ERROR {EndpointFactory} Invalid authentication configuration for endpoint LedgerConn_INTERNAL_ENDPOINT_REFERENCE | org.apache.synapse.endpoints.auth.AuthException: Authentication configuration is invalid',
      'ERROR {LocalEntryDeployer} Endpoint Deployment from the http connection file : Ledger.xml : Failed. | org.apache.synapse.SynapseException: Invalid authentication configuration for endpoint LedgerConn_INTERNAL_ENDPOINT_REFERENCE',
      'ERROR {LocalEntryDeployer} LocalEntry Deployment from the file : Ledger.xml : Failed. | org.apache.synapse.deployers.SynapseArtifactDeploymentException: Endpoint Deployment from the http connection file : Ledger.xml : Failed.',
    ]);
  });

  it('a timeout action MI does not know: EndpointDefinitionFactory logs its own message (no exception) before the deployer', () => {
    const { logs } = deployed({
      'Tally.xml': connection(
        'Tally',
        '<timeoutDuration>500</timeoutDuration><timeoutAction>Later</timeoutAction>',
      ),
    });
    const factory = logs.filter((l) => l.category === 'EndpointDefinitionFactory');
    assert.deepEqual(
      factory.map((l) => `${l.level} ${l.message}`),
      ['ERROR Invalid timeout action, action : Later is not supported'],
    );
    assert.ok(logs.some((l) => l.message.startsWith("LocalEntry named 'Tally' has been deployed")));
  });

  it("the summary counts what was logged deployed: not a proxy refused for its WSDL nor one pinned elsewhere, nor a file's artifacts with problems", async () => {
    const dead = await closedPort();
    const { rt } = deployed({
      'Shelf.xml': `<sequence ${NS} name="Shelf"><log/></sequence>`,
      'Crate.xml': `<localEntry ${NS} key="Crate">crate</localEntry>`,
      'Ghost.xml': `<proxy ${NS} name="Ghost"><target><inSequence><drop/></inSequence></target>
        <publishWSDL uri="file:///no/such/folder/ghost.wsdl"/></proxy>`,
      'Remote.xml': `<proxy ${NS} name="Remote"><target><inSequence><drop/></inSequence></target>
        <publishWSDL uri="http://127.0.0.1:${dead}/remote?wsdl"/></proxy>`,
      'Elsewhere.xml': `<proxy ${NS} name="Elsewhere" pinnedServers="faraway"><target><inSequence><drop/></inSequence></target></proxy>`,
      'Broken.xml': connection('Broken', '<timeoutDuration>soon</timeoutDuration>'),
      'Fine.xml': `<proxy ${NS} name="Fine"><target><inSequence><drop/></inSequence></target></proxy>`,
    });
    await rt.start();
    try {
      // Shelf, Crate and Fine; the proxy whose URL did not answer is taken away once read (start waits for it)
      assert.equal(rt.deployedCount(), 3);
    } finally {
      await rt.stop(0);
    }
  });
});

describe('oracle S15 B: data sources carried in a CAR (DataSourceCappDeployer before the data services)', () => {
  const dataSource = `<?xml version="1.0" encoding="UTF-8"?>
<datasource><name>LedgerDS</name><jndiConfig><name>jdbc/LedgerDS</name></jndiConfig>
  <definition type="RDBMS"><configuration><driverClassName>org.postgresql.Driver</driverClassName>
  <url>jdbc:postgresql://127.0.0.1:9/ledger</url><username>clerk</username><password>pw</password>
  </configuration></definition></datasource>`;
  const service = `<data name="LedgerService" transports="http">
  <config id="books"><property name="carbon_datasource_name">LedgerDS</property></config>
  <query id="all" useConfig="books"><sql>SELECT 1</sql></query>
  <resource method="GET" path="all"><call-query href="all"/></resource></data>`;
  const unknownSource = (r: { warnings: { message: string }[] }) =>
    r.warnings.some((w) => w.message.includes("the Carbon data source 'LedgerDS'"));

  it("a data service's carbon_datasource_name finds the data source of the same deployment, and no longer once it is undeployed", () => {
    const rt = new Runtime({ httpPort: 0 });
    const logs: LogRecord[] = [];
    rt.on('log', (r: LogRecord) => logs.push(r));
    // (the data source listed after the service: it still deploys first)
    const first = rt.deploy([
      { name: 'LedgerService.dbs', text: service },
      { name: 'LedgerDS.xml', text: dataSource },
    ]);
    assert.deepEqual(first.problems, []);
    assert.ok(!unknownSource(first), JSON.stringify(first.warnings));
    // the data source is no Synapse artifact: no deployment line, nothing listed as one
    assert.ok(!logs.some((l) => l.message.includes('LedgerDS.xml')));
    assert.ok(!rt.list().some((a) => a.file === 'LedgerDS.xml'));
    assert.equal(rt.undeploy('LedgerDS.xml'), true);
    const again = rt.deploy([{ name: 'LedgerService.dbs', text: service }]);
    assert.ok(unknownSource(again), JSON.stringify(again.warnings));
  });

  it('every config of a data service finds the deployed data source, not only the first that looks (review R1)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const twoConfigs = service.replace(
      '<query id="all"',
      '<config id="audit"><property name="carbon_datasource_name">LedgerDS</property></config><query id="all"',
    );
    const r = rt.deploy([
      { name: 'LedgerDS.xml', text: dataSource },
      { name: 'LedgerService.dbs', text: twoConfigs },
    ]);
    assert.deepEqual(r.problems, []);
    assert.ok(!unknownSource(r), JSON.stringify(r.warnings));
  });
});
