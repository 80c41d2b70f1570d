/**
 * JSON numbers keep their text (1.50, 2.0) wherever MI's Gson keeps it: a property holding a JSON object printed by
 * the log mediator, and the items iterate sends on. Real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('runtime: JSON numbers keep their text through properties and iterate', () => {
  let t: TestRuntime;
  let backend: Backend;
  const seen: string[] = [];
  before(async () => {
    backend = await startBackend((req, res) => {
      seen.push(req.body);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    t = await startRuntime({
      'Prop.xml': api(
        'Prop',
        '/jn/prop',
        `<property name="held" expression="json-eval($.o)"/>
         <log level="custom"><property name="held" expression="$ctx:held"/></log>
         <respond/>`,
      ),
      'Each.xml': api(
        'Each',
        '/jn/each',
        `<iterate expression="json-eval($.items)" sequential="true"><target><sequence>
           <call><endpoint><http method="post" uri-template="${backend.url}/item"/></endpoint></call>
         </sequence></target></iterate>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('a property holding a JSON object prints its numbers as they came', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/jn/prop`, { body: '{"o":{"w":1.50,"n":2.0}}', type: 'application/json' });
    assert.equal(r.status, 200);
    const line = t.logs.find((l) => /held = /.test(l.message));
    assert.ok(line, JSON.stringify(t.logs));
    assert.match(line.message, /held = \{"w":1\.50,"n":2\.0\}/);
  });

  it('iterate sends each JSON item with its numbers as they came', async () => {
    seen.length = 0;
    const r = await send(`${t.base}/jn/each`, {
      body: '{"items":[{"p":1.50},{"p":2.0},{"p":3}]}',
      type: 'application/json',
    });
    assert.ok(r.status === 200 || r.status === 202, String(r.status));
    await until('three log lines', () => seen.length >= 3);
    assert.deepEqual(seen, ['{"p":1.50}', '{"p":2.0}', '{"p":3}']);
  });
});
