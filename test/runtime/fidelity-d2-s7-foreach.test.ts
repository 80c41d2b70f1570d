/**
 * foreach (MI 4.4, collection form) as MI's documentation shows it and Synapse's ForEachMediatorV2 runs it (helper
 * D2, session 7), over real HTTP with our own fixtures:
 * - the documented migration from the classic foreach (update-original="false" with continue-without-aggregation
 *   and no target-variable) deploys: ForEachMediatorFactory reads no target when nothing is gathered; sequential
 *   iterations run one after the other before the flow goes on (ours had run them in the background);
 * - an empty collection leaves the message untouched with MI's INFO "No elements found for the expression : EXPR",
 *   and sets no variable (ours had set an empty array);
 * - a collection that is not an array fails "Expression EXPR did not resolve to a valid array" (ours looped once);
 * - the documented XML example: each selected element is replaced by its iteration's answer from a backend.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime fidelity (D2, s7): foreach (collection) as documented', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(`<stamped>${req.body}</stamped>`);
    });
    t = await startRuntime({
      'Detached.xml': api(
        'Detached',
        '/d2fe/detached',
        `<foreach collection="\${payload}" parallel-execution="false" update-original="false" continue-without-aggregation="true">
           <sequence><log category="INFO"><message>row \${payload.code}</message></log>
             <payloadFactory media-type="json" template-type="default"><format>{"code": "\${payload.code}!"}</format></payloadFactory>
           </sequence></foreach>
         <log category="INFO"><message>after the rows</message></log><respond/>`,
      ),
      'Empty.xml': api(
        'Empty',
        '/d2fe/empty',
        `<foreach collection="\${payload.rows}" parallel-execution="false" update-original="false" target-variable="done" result-content-type="JSON">
           <sequence><payloadFactory media-type="json"><format>{"x": 1}</format></payloadFactory></sequence></foreach>
         <filter xpath="\${exists(vars.done)}"><then><payloadFactory media-type="json"><format>{"variable": "set"}</format></payloadFactory></then></filter>
         <respond/>`,
      ),
      'Wrap.xml': api(
        'Wrap',
        '/d2fe/object',
        `<foreach collection="\${payload.rows}"><sequence><log/></sequence></foreach><respond/>`,
      ),
      'Stamp.xml': api(
        'Stamp',
        '/d2fe/xml',
        `<foreach collection="\${xpath('//shelf/box')}" parallel-execution="true">
           <sequence><payloadFactory media-type="xml"><format><parcel xmlns=""><tag>\${xpath('//box/label/text()')}</tag></parcel></format></payloadFactory>
             <call><endpoint><http method="post" uri-template="${be.url}/stamp"/></endpoint></call></sequence>
         </foreach><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  it('the documented migration (update-original="false", continue-without-aggregation): rows in turn, then the flow', async () => {
    const r = await send(`${t.base}/d2fe/detached`, {
      body: '[{"code": "a1"}, {"code": "b2"}]',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), [{ code: 'a1' }, { code: 'b2' }]);
    const seen = t.logs.map((l) => l.message).filter((m) => /^row |^after the rows/.test(m));
    assert.deepEqual(seen, ['row a1', 'row b2', 'after the rows']);
  });

  it('an empty collection: the message goes on untouched, MI s INFO, no variable set', async () => {
    const r = await send(`${t.base}/d2fe/empty`, { body: '{"rows": []}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { rows: [] });
    assert.ok(
      t.logs.some(
        (l) => l.level === 'INFO' && l.message === 'No elements found for the expression : payload.rows',
      ),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('a collection that is not an array fails the mediator', async () => {
    const r = await send(`${t.base}/d2fe/object`, { body: '{"rows": {"one": 1}}', type: 'application/json' });
    // the default fault sequence drops the message: MI's listener then answers 202 with no body
    assert.equal(r.status, 202);
    assert.ok(
      t.logs.some((l) =>
        l.message.includes('ERROR_MESSAGE = Expression payload.rows did not resolve to a valid array'),
      ),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('the documented XML example: each selected element replaced by its iteration s answer', async () => {
    const r = await send(`${t.base}/d2fe/xml`, {
      body: '<shelf><box><label>pear</label></box><box><label>plum</label></box></shelf>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(
      r.text,
      '<shelf><stamped><parcel><tag>pear</tag></parcel></stamped><stamped><parcel><tag>plum</tag></parcel></stamped></shelf>',
    );
  });
});
