/**
 * Scheduled-task control (POST /management/tasks {"name","status"}: active, inactive, trigger, as Micro Integrator
 * 4.6 has it) end to end: the ManagementClient over real HTTPS to a real `synapse serve` process, whose engine runs
 * the tasks; the effect is observed on a real HTTP backend on 127.0.0.1 that the task's sequence calls.
 */
import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ManagementClient, ManagementError } from '../../core/management';
import { buildProjectCar, deployTo } from '../../client/deploy/deploy-core';
import { artifactNode, KINDS, loadKind } from '../../client/explorer/tree-core';
import { startServe, tempDir } from './serverHelpers';
import { writeTaskProject } from './taskProject';
import { sleep, until } from '../support';

describe('client: scheduled task control (trigger, pause, resume)', function () {
  this.timeout(60_000);
  let backend: Server;
  const hits: string[] = [];
  let s: Awaited<ReturnType<typeof startServe>>;
  let c: ManagementClient;
  const count = (from: string) => hits.filter((h) => h.includes(`from="${from}"`)).length;

  before(async () => {
    backend = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (d: Buffer) => chunks.push(d));
      req.on('end', () => {
        if (hits.length < 1000) hits.push(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'Content-Type': 'application/xml' }).end('<ok/>');
      });
    });
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', r));
    const dir = tempDir('tasks-project');
    writeTaskProject(dir, `http://127.0.0.1:${(backend.address() as AddressInfo).port}`);
    s = await startServe('tasks');
    c = new ManagementClient({ url: s.url, user: s.user, password: s.password, fingerprint: s.fingerprint });
    const out = await deployTo(c, 'dev', await buildProjectCar(dir));
    assert.equal(out.status, 'deployed', out.message);
  });
  after(async () => {
    c?.close();
    await s?.dispose();
    await new Promise((r) => backend?.close(r));
  });

  it('a trigger runs a task once, now, even one whose own schedule would not run it', async () => {
    await until('the interval task to run', () => count('second') >= 1);
    assert.equal(count('demand'), 0, 'the cron task does not run by itself in the embedded engine');
    const msg = await c.triggerTask('OnDemandTask');
    assert.match(msg, /OnDemandTask/);
    await until('the triggered task to reach the backend', () => count('demand') === 1);
    await sleep(300);
    assert.equal(count('demand'), 1, 'one trigger, one run');
  });

  it('deactivating a task stops its schedule; activating it again resumes it', async () => {
    await until('the interval task to run again', () => count('second') >= 2);
    assert.match(await c.taskControl('EverySecondTask', 'inactive'), /deactivated/);
    // one run already in flight may still land, however late a busy machine brings it; a schedule still running
    // (every second) would add at least two in the next 2.5 s
    const deactivated = count('second');
    await sleep(2500);
    const paused = count('second');
    assert.ok(paused - deactivated <= 1, `${paused - deactivated} runs while the task is inactive`);
    assert.match(await c.taskControl('EverySecondTask', 'active'), /activated/);
    await until('the resumed task to run', () => count('second') > paused, 5000);
  });

  it('refuses an unknown task and an unknown state with HTTP 400 and the reason', async () => {
    await assert.rejects(
      c.triggerTask('NoSuchTask'),
      (e: unknown) =>
        e instanceof ManagementError &&
        e.details.status === 400 &&
        /NoSuchTask/.test(e.message) &&
        /not found/.test(e.message),
    );
    await assert.rejects(
      c.taskControl('OnDemandTask', 'restart' as never),
      (e: unknown) => e instanceof ManagementError && e.details.status === 400 && /not valid/.test(e.message),
    );
  });

  it('the explorer offers Trigger, Activate and Deactivate on a task (its list carries no state)', async () => {
    const info = KINDS.find((k) => k.kind === 'tasks')!;
    const items = (await loadKind(c, info)).items;
    assert.deepEqual(items.map((i) => i.name).sort(), ['EverySecondTask', 'OnDemandTask']);
    for (const t of items) {
      assert.match(t.contextValue, /;canTrigger;/);
      assert.match(t.contextValue, /;canActivate;/);
      assert.match(t.contextValue, /;canDeactivate;/);
    }
    assert.doesNotMatch(artifactNode('apis', { name: 'A', context: '/a' }).contextValue, /canTrigger/);
  });
});

describe('client: task control against a server without it (Micro Integrator before 4.6)', function () {
  this.timeout(20_000);
  let older: Server;
  let url = '';
  before(async () => {
    // an HTTP management API that lists tasks but answers POST /tasks as a GET-only resource does (405)
    older = createServer((req, res) => {
      if (req.url === '/management/login')
        return void res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"AccessToken":"t"}');
      if (req.url === '/management/tasks' && req.method === 'POST')
        return void res
          .writeHead(405, { 'Content-Type': 'application/json' })
          .end('{"Error":"Method not allowed"}');
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => older.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(older.address() as AddressInfo).port}`;
  });
  after(() => new Promise((r) => older.close(r)));

  it('says that the server cannot trigger tasks and since which version MI can', async () => {
    const c = new ManagementClient({ url, user: 'admin', password: 'admin' });
    try {
      await assert.rejects(
        c.triggerTask('AnyTask'),
        (e: unknown) =>
          e instanceof ManagementError &&
          e.details.status === 405 &&
          /cannot trigger tasks/.test(e.message) &&
          /4\.6/.test(e.message),
      );
    } finally {
      c.close();
    }
  });
});
