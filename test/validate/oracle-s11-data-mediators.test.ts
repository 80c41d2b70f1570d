/**
 * `synapse validate` on data-mediator configurations Micro Integrator refuses at deploy (H3, session 11). Our own
 * minimal fixtures; the Synapse factory that proves each case is named in its title.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { validatePaths } from '../../core/validate/paths';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: data mediators MI refuses (H3, session 11)', () => {
  let dir: string;
  const put = (rel: string, text: string) => {
    const p = join(dir, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, text);
  };
  const findings = (rel: string) =>
    validatePaths([join(dir, rel)], dir).findings.map((f) => `${f.line} ${f.severity} ${f.code}`);

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'h3-s11-'));
    put('Shelf/pom.xml', '<project><artifactId>Shelf</artifactId><version>1.0.0</version></project>');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

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
