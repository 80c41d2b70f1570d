import { strict as assert } from 'node:assert';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity (F2): transport properties of the answer', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Reason.xml': api(
        'Reason',
        '/reason',
        `<payloadFactory media-type="json"><format>{"queued":true}</format></payloadFactory>
         <property name="HTTP_SC" value="299" scope="axis2"/><property name="HTTP_SC_DESC" value="Queued For Later" scope="axis2"/><respond/>`,
      ),
      'Plain.xml': api('Plain', '/plain', `<property name="HTTP_SC" value="404" scope="axis2"/><respond/>`),
    });
  });
  after(() => t.close());

  it('HTTP_SC_DESC sets the reason phrase of the status line', async () => {
    const r = await fetch(`${t.base}/reason`);
    assert.equal(r.status, 299);
    assert.equal(r.statusText, 'Queued For Later');
    assert.deepEqual(await r.json(), { queued: true });
    const p = await send(`${t.base}/plain`);
    assert.equal(p.status, 404);
  });
});
