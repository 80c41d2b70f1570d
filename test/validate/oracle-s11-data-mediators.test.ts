/**
 * `synapse validate` on data-mediator configurations Micro Integrator refuses at deploy (H3, session 11). Our own
 * minimal fixtures; the Synapse factory that proves each case is named in its title.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: data mediators MI refuses (H3, session 11)', () => {
  let fx: ScratchProject;
  const put = (rel: string, text: string) => fx.put(rel, text);
  const findings = (rel: string) => fx.findings(rel);

  before(() => {
    fx = scratchProject('h3-s11-', 'Shelf');
  });
  after(() => fx?.dispose());

  it('enrich: a custom target replacing the JSON root is refused (EnrichMediatorFactory.populateTarget); child is not', () => {
    put(
      'Shelf/src/main/wso2mi/artifacts/sequences/Stack.xml',
      `<sequence ${S} name="Stack">
  <enrich><source type="inline">{"a":1}</source><target xpath="json-eval($.)"/></enrich>
  <enrich><source type="inline">{"a":1}</source><target type="custom" action="child" xpath="json-eval($)"/></enrich>
</sequence>`,
    );
    assert.deepEqual(findings('Shelf/src/main/wso2mi/artifacts/sequences/Stack.xml'), ['2 error SYN112']);
  });
});
