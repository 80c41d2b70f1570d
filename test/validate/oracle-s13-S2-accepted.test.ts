/**
 * Oracle sweep (session 13, S2): what `synapse validate` says of configurations from MI's iterate/foreach/fault
 * integration tests. Our own minimal fixtures; the MI test class and the Synapse source each case follows are named
 * in its title.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';
const SEQ = 'Yard/src/main/wso2mi/artifacts/sequences';

describe('synapse validate: MI iterate and fault test configurations (s13 S2)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('s13-s2-', 'Yard');
  });
  after(() => fx?.dispose());

  it('an iterate target with sequence="anon" beside its inline sequence: no reference to check, Target.mediate runs the inline one (MI IterateAttachPathTest)', () => {
    fx.put(
      `${SEQ}/Split.xml`,
      `<sequence ${S} name="Split">
  <iterate xmlns:m="urn:yard" id="parts" preservePayload="true" attachPath="//m:crate" expression="//m:crate/m:part">
    <target sequence="anon"><sequence><log/><send/></sequence></target>
  </iterate>
</sequence>`,
    );
    assert.deepEqual(fx.findings(`${SEQ}/Split.xml`), []);
  });

  it('without an inline sequence the name is still looked up (Target.mediate: "Couldn\'t find the sequence named")', () => {
    fx.put(
      `${SEQ}/SplitByName.xml`,
      `<sequence ${S} name="SplitByName">
  <iterate xmlns:m="urn:yard" id="parts" expression="//m:crate/m:part"><target sequence="anon"/></iterate>
</sequence>`,
    );
    assert.deepEqual(fx.findings(`${SEQ}/SplitByName.xml`), ['2 warning SYN200']);
  });

  it('an iterate expression that is blank is an error: IterateMediatorFactory cannot build it (MI IterateExpressionLessTestCase)', () => {
    fx.put(
      `${SEQ}/Blank.xml`,
      `<sequence ${S} name="Blank">
  <iterate id="i1" expression=" " preservePayload="true" attachPath="//m:crate" xmlns:m="urn:yard">
    <target><sequence><drop/></sequence></target>
  </iterate>
</sequence>`,
    );
    assert.ok(fx.findings(`${SEQ}/Blank.xml`).some((f) => / error /.test(f)));
  });
});
