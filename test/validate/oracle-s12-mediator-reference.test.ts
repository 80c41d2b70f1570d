/**
 * The validator against MI's mediator reference and Synapse's factories (H2, session 12): our own minimal fixtures;
 * the factory that proves each case is named in its title.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: the mediator reference (H2, session 12)', () => {
  let fx: ScratchProject;
  const seq = (name: string, body: string) => {
    const rel = `Shelf/src/main/wso2mi/artifacts/sequences/${name}.xml`;
    fx.put(rel, `<sequence ${S} name="${name}">\n${body}\n</sequence>`);
    return fx.findings(rel);
  };

  before(() => {
    fx = scratchProject('h2-s12-', 'Shelf');
  });
  after(() => fx?.dispose());

  it('call <target type>: envelope/custom/inline deploy as body (a warning); another type and a nameless variable are refused (CallMediatorFactory.populateTarget)', () => {
    const call = (target: string) =>
      `<call><endpoint><http method="get" uri-template="http://127.0.0.1:9/books"/></endpoint>${target}</call>`;
    assert.deepEqual(seq('Custom', call('<target type="custom">//book</target>')), ['2 warning SYN110']);
    assert.deepEqual(seq('Other', call('<target type="shelf">x</target>')), ['2 error SYN103']);
    assert.deepEqual(seq('Nameless', call('<target type="variable"/>')), ['2 error SYN112']);
    assert.deepEqual(seq('Named', call('<target type="variable">shelf</target>')), []);
    // OMElement.getText() includes CDATA: a name in a CDATA section is a name
    assert.deepEqual(seq('Cdata', call('<target type="variable"><![CDATA[shelf]]></target>')), []);
  });
});
