/**
 * Review of session 16's real-configuration checks (R2): no false error where MI deploys. Our own fixtures; what MI
 * does is read from its sources (cited per case).
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: session 16 review (R2)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('r2-s16-', 'Inn');
  });
  after(() => fx?.dispose());

  it("two versions of one API (same name and context, other version) both deploy: SynapseConfiguration.addAPI keys an API by API.getName(), its name + ':v' + version; the same name and version is still SYN201, and the same context and version under another hostname SYN402 (addAPI compares context and version only)", () => {
    const api = (name: string, attrs: string) =>
      `<api ${S} name="${name}" ${attrs}><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`;
    const dir = 'Inn/src/main/wso2mi/artifacts/apis';
    fx.put(`${dir}/Rooms_v1.xml`, api('Rooms', 'context="/rooms" version="1" version-type="url"'));
    fx.put(`${dir}/Rooms_v2.xml`, api('Rooms', 'context="/rooms" version="2" version-type="url"'));
    fx.put(`${dir}/Rooms.xml`, api('Rooms', 'context="/rooms"'));
    fx.put(
      `${dir}/Suites.xml`,
      api('Suites', 'context="/suites/{version}" version="3" version-type="context"'),
    );
    fx.put(
      `${dir}/Suites_3.xml`,
      api('Suites', 'context="/suites/{version}" version="3" version-type="context"'),
    );
    fx.put(`${dir}/Lobby.xml`, api('Lobby', 'context="/lobby" hostname="north.example"'));
    fx.put(`${dir}/Foyer.xml`, api('Foyer', 'context="/lobby" hostname="south.example"'));
    assert.deepEqual(
      fx.validate('Inn').map((f) => `${f.file.replace(/.*\//, '')} ${f.code}`),
      ['Foyer.xml SYN402', 'Lobby.xml SYN402', 'Suites_3.xml SYN201', 'Suites.xml SYN201'],
    );
  });

  it("a proxy's publishWSDL uri beside an endpoint or key attribute is not read (ProxyServiceFactory: endpoint, else key, else uri), so a registry key there is no SYN104; alone it is (ProxyService: new URI(uri).toURL())", () => {
    const proxy = (name: string, publish: string) =>
      `<proxy ${S} name="${name}" transports="http"><target><inSequence><respond/></inSequence></target>${publish}</proxy>`;
    const dir = 'Inn/src/main/wso2mi/artifacts/proxy-services';
    fx.put(
      `${dir}/Porter.xml`,
      proxy('Porter', '<publishWSDL key="gov:/wsdl/porter.wsdl" uri="gov:/wsdl/porter.wsdl"/>'),
    );
    fx.put(`${dir}/Bellhop.xml`, proxy('Bellhop', '<publishWSDL endpoint="BellhopEp" uri="bellhop.wsdl"/>'));
    fx.put(`${dir}/Valet.xml`, proxy('Valet', '<publishWSDL uri="gov:/wsdl/valet.wsdl"/>'));
    assert.deepEqual(
      fx
        .validate(dir)
        .filter((f) => f.code === 'SYN104')
        .map((f) => f.file.replace(/.*\//, '')),
      ['Valet.xml'],
    );
  });
});
