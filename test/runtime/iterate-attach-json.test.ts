/**
 * iterate over JSON with preservePayload="true" and an attachPath, as MI's IterateMediator: each branch gets the whole
 * payload with the item at the attachPath (the iterated array emptied first when the attachPath is another path).
 * Real HTTP: the branches call a backend that records what it got.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('runtime: iterate over JSON with preservePayload and attachPath', () => {
  let t: TestRuntime;
  let backend: Backend;
  const seen: unknown[] = [];
  before(async () => {
    backend = await startBackend((req, res) => {
      seen.push(JSON.parse(req.body));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    const each = (attach: string) =>
      `<iterate preservePayload="true" attachPath="json-eval(${attach})" expression="json-eval($.box.list)" sequential="true">
         <target><sequence><call><endpoint><http method="post" uri-template="${backend.url}/b"/></endpoint></call></sequence></target>
       </iterate>`;
    t = await startRuntime({
      'Same.xml': api('Same', '/it/same', each('$.box.list')),
      'Other.xml': api('Other', '/it/other', each('$.other')),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  const run = async (path: string) => {
    seen.length = 0;
    await send(`${t.base}${path}`, {
      body: '{"box":{"list":[{"n":1},{"n":2}]},"other":"x"}',
      type: 'application/json',
    });
    await until('two log lines', () => seen.length >= 2);
    return seen;
  };

  it('attaches each item in place of the iterated array', async () => {
    assert.deepEqual(await run('/it/same'), [
      { box: { list: { n: 1 } }, other: 'x' },
      { box: { list: { n: 2 } }, other: 'x' },
    ]);
  });

  it('attaches each item at another path, the iterated array emptied', async () => {
    assert.deepEqual(await run('/it/other'), [
      { box: { list: [] }, other: { n: 1 } },
      { box: { list: [] }, other: { n: 2 } },
    ]);
  });
});
