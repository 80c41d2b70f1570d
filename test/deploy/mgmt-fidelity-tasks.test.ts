/**
 * GET /management/tasks?taskName= of `synapse serve` as MI's TaskResource prints a TaskDescription built by
 * TaskDescriptionFactory: the simple trigger's interval in milliseconds, `once`, a missing trigger, a cron trigger.
 * Served without the engine (the tasks only listed, never run), our own fixture.
 */
import { strict as assert } from 'node:assert';
import type { RunningServe } from '../../runtime-debug/management';
import { carOf, MgmtCaller } from './mgmt-fidelity-helpers';
import { adminClient, serve, tempDir } from './helpers/servers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';
const task = (name: string, trigger: string) => ({
  name,
  type: 'synapse/task',
  xml: `<task ${NS} name="${name}" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz">${trigger}<property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="sequenceName" value="WaterSeq"/><property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="injectTo" value="sequence"/></task>`,
});

describe('management API fidelity: task triggers (TaskResource)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let s: RunningServe;
  let m: MgmtCaller;

  before(async () => {
    tmp = tempDir('mgmt-fid-task-');
    s = await serve(tmp.dir);
    await adminClient(s).upload(
      'Chores_1.0.0.car',
      carOf('Chores', [
        task('WaterTask', '<trigger interval="5" count="3"/>'),
        task('ForeverTask', '<trigger interval="60"/>'),
        task('OnceTask', '<trigger once="true"/>'),
        task('BareTask', ''),
        task('NightTask', '<trigger cron="0 0 2 * * ?"/>'),
      ]),
    );
    m = new MgmtCaller(s);
    await m.login();
  });
  after(async () => {
    await s?.close();
    tmp?.cleanup();
  });

  it('prints the trigger as MI builds it', async () => {
    const cases: [string, Record<string, string>][] = [
      ['WaterTask', { triggerType: 'simple', triggerCount: '3', triggerInterval: '5000' }],
      ['ForeverTask', { triggerType: 'simple', triggerCount: '-1', triggerInterval: '60000' }],
      ['OnceTask', { triggerType: 'simple', triggerCount: '1', triggerInterval: '1000' }],
      ['BareTask', { triggerType: 'simple', triggerCount: '1', triggerInterval: '1' }],
      ['NightTask', { triggerType: 'cron', cronExpression: '0 0 2 * * ?' }],
    ];
    for (const [name, want] of cases) {
      const r = await m.get(`tasks?taskName=${name}`);
      assert.equal(r.status, 200, name);
      const got = Object.fromEntries(
        ['triggerType', 'triggerCount', 'triggerInterval', 'cronExpression']
          .filter((k) => r.json[k] !== undefined)
          .map((k) => [k, r.json[k]]),
      );
      assert.deepEqual(got, want, name);
      assert.equal(r.json.implementation, 'org.apache.synapse.startup.tasks.MessageInjector');
      assert.deepEqual(r.json.properties, { sequenceName: 'WaterSeq', injectTo: 'sequence' });
    }
    assert.equal((await m.get('tasks')).json.count, 5);
    assert.equal((await m.get('tasks?searchKey=TASK')).json.count, 5);
    assert.deepEqual((await m.get('tasks?searchKey=night')).json, {
      count: 1,
      list: [{ name: 'NightTask' }],
    });
  });
});
