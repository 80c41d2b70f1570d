/**
 * What `synapse validate DIR` and `synapse run DIR` read of a folder (G2, session 15): data services inside a
 * project, projects and Synapse files deep in real repository layouts, and a `synapse-configs` folder as MI deploys
 * it (only `default`).
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';
const seq = (name: string, body = '<log/>') => `<sequence ${S} name="${name}">${body}</sequence>`;

describe('synapse validate DIR: data services and deep layouts (G2, session 15)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('g2p-s15-', 'Keel');
  });
  after(() => fx?.dispose());

  it('a .dbs inside an MI project is validated with the project, with the findings a loose .dbs gets', () => {
    const ds = `<data name="Hull" transports="http https" colour="red">
  <config id="h"><property name="driverClassName">org.h2.Driver</property><property name="url">jdbc:h2:mem:hull</property></config>
  <query id="q" useConfig="h"><sql>SELECT 1</sql></query>
  <operation name="op"><call-query href="q"/></operation>
</data>`;
    fx.put('Keel/src/main/wso2mi/artifacts/data-services/Hull.dbs', ds);
    fx.put('Loose/Hull.dbs', ds);
    const codes = (rel: string) => fx.validate(rel).map((f) => `${f.file} ${f.line} ${f.code}`);
    assert.deepEqual(codes('Keel'), ['Keel/src/main/wso2mi/artifacts/data-services/Hull.dbs 1 SYN101']);
    assert.deepEqual(codes('Loose/Hull.dbs'), ['Loose/Hull.dbs 1 SYN101']);
  });

  it('projects and Synapse files deep in a repository are found (MI VS Code project 6 levels down, an APIM feature synapse-configs); node_modules, target and build are not entered', () => {
    const bad = (name: string) => seq(name, '<log level="loud"/>');
    fx.put(
      'Repo/integrations/retail/orders/v2/team-a/Stern/pom.xml',
      '<project><artifactId>Stern</artifactId></project>',
    );
    fx.put(
      'Repo/integrations/retail/orders/v2/team-a/Stern/src/main/wso2mi/artifacts/sequences/Wake.xml',
      bad('Wake'),
    );
    fx.put('Repo/node_modules/pkg/fixtures/src/main/wso2mi/artifacts/sequences/Junk.xml', bad('Junk'));
    assert.deepEqual(
      fx.validate('Repo').map((f) => `${f.file} ${f.code}`),
      ['Repo/integrations/retail/orders/v2/team-a/Stern/src/main/wso2mi/artifacts/sequences/Wake.xml SYN103'],
    );
    fx.put('Feature/components/gw/src/main/resources/synapse-configs/default/sequences/Bow.xml', bad('Bow'));
    fx.put('Feature/components/gw/target/classes/synapse-configs/default/sequences/Bow.xml', bad('Bow'));
    fx.put('Feature/components/gw/build/synapse-configs/default/sequences/Bow.xml', bad('Bow'));
    assert.deepEqual(
      fx.validate('Feature').map((f) => `${f.file} ${f.code}`),
      ['Feature/components/gw/src/main/resources/synapse-configs/default/sequences/Bow.xml SYN103'],
    );
  });

  it('a synapse-configs folder is read as MI deploys it: only its default tree (MultiXMLConfigurationBuilder), not the backups beside it', () => {
    fx.put('Server/synapse-configs/default/sequences/Mast.xml', seq('Mast'));
    fx.put('Server/synapse-configs/default.bak/sequences/Mast.xml', seq('Mast', '<log level="loud"/>'));
    fx.put('Server/synapse-configs/old/sequences/Mast.xml', seq('Mast'));
    assert.deepEqual(fx.validate('Server/synapse-configs'), []);
    assert.deepEqual(fx.validate('Server'), []);
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.loadProject(`${fx.root}/Server/synapse-configs`);
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.artifacts.filter((a) => a.name === 'Mast').map((a) => a.file.replace(/.*synapse-configs\//, '')),
      ['default/sequences/Mast.xml'],
    );
  });
});
