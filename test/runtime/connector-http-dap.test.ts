/**
 * The HTTP connector under the debug adapter (real DAP over stdio, dist/debugAdapter.js): a breakpoint on the
 * operation stops there with its frame, stepping over it is one step, and the response variable shows in the
 * Variables scope afterwards.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { launch, lineOf, request, scopeValues, stopped, topFrame, type Session } from '../dap/helpers';
import { startBackend, type Backend } from './helpers';

const PROJECT = join(__dirname, '..', 'fixtures', 'connectors-http', 'warehouse');
const API = join(PROJECT, 'src/main/wso2mi/artifacts/apis/WarehouseAPI.xml');

describe('debug adapter: HTTP connector operation', function () {
  this.timeout(20_000);
  let s: Session | undefined;
  let backend: Backend | undefined;
  after(async () => {
    await s?.stop().catch(() => undefined);
    await backend?.close();
  });

  it('stops on the operation, steps over it in one step, and shows the response variable', async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"count":5}');
    });
    const opLine = lineOf(API, '<http.get');
    s = await launch(
      { [API]: [{ line: opLine }] },
      { project: PROJECT, env: { stockServiceUrl: backend.url } },
    );
    const answer = request(`${s.base}/warehouse/bins/C3`);
    const e = await stopped(s.dc);
    const tid = e.body.threadId!;
    const f = await topFrame(s.dc, tid);
    assert.equal(f.line, opLine);
    assert.match(f.name, /http\.get/);
    await s.dc.nextRequest({ threadId: tid });
    await stopped(s.dc);
    const after = await topFrame(s.dc, tid);
    assert.equal(after.line, lineOf(API, '<payloadFactory'));
    const vars = await scopeValues(s.dc, tid, 'Variables');
    assert.ok('level' in vars.values, JSON.stringify(vars.values));
    await s.dc.continueRequest({ threadId: tid });
    const r = await answer;
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.body), { bin: 'C3', onHand: 5, status: 200 });
  });
});
