/**
 * New syntax the embedded runtime does not run says so (H9, session 12): an API's validateSchema (APIFactory reads it
 * with publishSwagger; Synapse's SchemaValidationUtils then validates requests and answers against the OpenAPI
 * definition) deploys with an RT_SIMULATED warning, and the API still answers.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS } from './helpers';

describe('runtime: new syntax it leaves out is named (H9, session 12)', () => {
  it('an API with publishSwagger and validateSchema="true" deploys with an RT_SIMULATED warning; without publishSwagger, none', async () => {
    const api = (name: string, attrs: string) =>
      `<api ${NS} name="${name}" context="/${name.toLowerCase()}" ${attrs}><resource methods="GET"><inSequence><payloadFactory media-type="json"><format>{"kiln":"hot"}</format></payloadFactory><respond/></inSequence></resource></api>`;
    const rt = new Runtime({ httpPort: 0 });
    try {
      const res = rt.deploy([
        {
          name: 'Checked.xml',
          text: api('Checked', 'publishSwagger="gov:/kiln.yaml" validateSchema="True"'),
        },
        { name: 'Unread.xml', text: api('Unread', 'validateSchema="true"') },
      ]);
      assert.deepEqual(res.problems, []);
      const sim = res.warnings.filter((w) => w.code === 'RT_SIMULATED');
      assert.deepEqual(
        sim.map((w) => [w.file, w.message]),
        [
          [
            'Checked.xml',
            'API Checked: validateSchema (OpenAPI validation of requests and answers) is not performed by the embedded runtime',
          ],
        ],
      );
      const { port } = await rt.start();
      const r = await fetch(`http://127.0.0.1:${port}/checked`);
      assert.equal(r.status, 200);
      assert.deepEqual(await r.json(), { kiln: 'hot' });
    } finally {
      await rt.stop(1000);
    }
  });
});
