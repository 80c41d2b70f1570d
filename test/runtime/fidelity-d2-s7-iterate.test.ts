/**
 * iterate with preservePayload and attachPath, as MI's documentation shows it (reference/mediators/iterate-mediator)
 * and Synapse's IterateMediator builds each part (helper D2, session 7), over real HTTP with our own fixtures:
 * - XML: the template is the message with every split element taken out (EIPUtils.getDetachedMatchingElements);
 *   each part is a copy of it with its element added as the last child of the attachPath node, whose other children
 *   stay (ours had emptied the attachPath node);
 * - JSON: the iterated array is emptied and the item set at the attachPath; an attachPath that is not in the
 *   payload fails "Unable to get the attach path specified by the expression $.x" (SynapseJsonPath.replace; ours
 *   had created the key).
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity (D2, s7): iterate preservePayload/attachPath as documented', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Lines.xml': api(
        'Lines',
        '/d2it/xml',
        `<iterate expression="//s:order/s:line" preservePayload="true" attachPath="//s:order" sequential="true" xmlns:s="urn:d2:shop">
           <target><sequence><log level="custom"><property name="part" expression="$body/*"/></log><drop/></sequence></target></iterate>`,
      ),
      'Pupils.xml': api(
        'Pupils',
        '/d2it/json',
        `<iterate id="pupils" preservePayload="true" attachPath="json-eval($.slot)" expression="json-eval($.pupils.list)" sequential="true">
           <target><sequence><log category="INFO"><message>part \${payload}</message></log><drop/></sequence></target></iterate>`,
      ),
    });
  });
  after(() => t.close());
  const parts = () => t.logs.map((l) => l.message).filter((m) => m.startsWith('part'));

  it('XML: each part is the message without the split elements, its element appended under the attachPath', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/d2it/xml`, {
      body: '<s:order xmlns:s="urn:d2:shop"><s:id>9</s:id><s:line>A</s:line><s:note>n</s:note><s:line>B</s:line></s:order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 202);
    assert.deepEqual(parts(), [
      'part = <s:order xmlns:s="urn:d2:shop"><s:id>9</s:id><s:note>n</s:note><s:line>A</s:line></s:order>',
      'part = <s:order xmlns:s="urn:d2:shop"><s:id>9</s:id><s:note>n</s:note><s:line>B</s:line></s:order>',
    ]);
  });

  it('JSON: the array emptied and the item set at the attachPath; a missing attachPath fails', async () => {
    t.logs.length = 0;
    await send(`${t.base}/d2it/json`, {
      body: '{"pupils": {"list": [{"n": "a"}, {"n": "b"}]}, "slot": {}}',
      type: 'application/json',
    });
    assert.deepEqual(parts(), [
      'part {"pupils":{"list":[]},"slot":{"n":"a"}}',
      'part {"pupils":{"list":[]},"slot":{"n":"b"}}',
    ]);
    t.logs.length = 0;
    await send(`${t.base}/d2it/json`, { body: '{"pupils": {"list": [{"n": "a"}]}}', type: 'application/json' });
    assert.deepEqual(parts(), []);
    assert.ok(
      t.logs.some((l) =>
        l.message.includes('ERROR_MESSAGE = Unable to get the attach path specified by the expression $.slot'),
      ),
      t.logs.map((l) => l.message).join('\n'),
    );
  });
});
