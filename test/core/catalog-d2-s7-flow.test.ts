/**
 * The editor accepts the flow configurations MI 4.4's documentation shows (helper D2, session 7):
 * - scatter-gather target="Body" (the migration guide's spelling): MI reads body/variable ignoring case;
 * - foreach with update-original="false" and continue-without-aggregation="true" and no target-variable (the
 *   documented migration from the classic foreach): MI reads no target when nothing is gathered.
 * Without continue-without-aggregation the missing target-variable is still an error, as MI refuses it.
 */
import assert from 'node:assert/strict';
import { validateFile } from '../../core/validate';
import { ProjectIndex } from '../../core/project';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function findings(body: string) {
  const index = new ProjectIndex();
  const text = `<api ${S} name="Doc" context="/doc"><resource methods="POST"><inSequence>${body}<respond/></inSequence></resource></api>`;
  const model = index.setFile('/tmp/d2s7/Doc.xml', text);
  return validateFile(model, index, { layout: 'bare' }).map((f) => `${f.severity} ${f.code} ${f.message}`);
}

describe('catalog (D2, s7): documented flow configurations', () => {
  it('scatter-gather target="Body" is accepted (any case), a wrong value is still refused', () => {
    const sg = (target: string) =>
      `<scatter-gather parallel-execution="false" target="${target}" result-content-type="JSON">
         <aggregation expression="\${payload}"/><sequence><log/></sequence><sequence><log/></sequence></scatter-gather>`;
    assert.deepEqual(findings(sg('Body')), []);
    assert.deepEqual(findings(sg('body')), []);
    assert.ok(findings(sg('payload')).some((f) => f.startsWith('error SYN103')));
  });

  it('foreach update-original="false" with continue-without-aggregation needs no target-variable', () => {
    const fe = (extra: string) =>
      `<foreach collection="\${payload}" parallel-execution="false" update-original="false"${extra}>
         <sequence><payloadFactory media-type="json" template-type="default"><format>{"id": "\${payload.id}"}</format></payloadFactory></sequence></foreach>`;
    assert.deepEqual(findings(fe(' continue-without-aggregation="true"')), []);
    const without = findings(fe(''));
    assert.ok(
      without.some((f) => f.startsWith('error SYN112') && f.includes("'target-variable'")),
      without.join('\n'),
    );
  });
});
