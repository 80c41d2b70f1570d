/**
 * `synapse validate` on clone configurations (helper S1, session 13): what CloneMediatorFactory refuses and what it
 * deploys. Our own minimal fixtures.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: clone iterations (MI CloneMediatorFactory)', () => {
  let fx: ScratchProject;

  before(() => {
    fx = scratchProject('s13-s1-', 'Copies');
  });
  after(() => fx?.dispose());

  it('iterations with two targets is refused; with one target, or a dynamic count, it deploys', () => {
    const rel = 'Copies/src/main/wso2mi/artifacts/sequences/Copies.xml';
    fx.put(
      rel,
      `<sequence ${S} name="Copies">
  <clone iterations="2"><target><sequence><log/></sequence></target><target><sequence><log/></sequence></target></clone>
  <clone iterations="{get-property('n')}"><target><sequence><log/></sequence></target></clone>
  <clone><target><sequence><log/></sequence></target><target><sequence><log/></sequence></target></clone>
</sequence>`,
    );
    assert.deepEqual(fx.findings(rel), ['2 error SYN112']);
  });
});
