/**
 * Oracle sweep of MI's artifact reference (helper H3, session 12; docs-mi reference/synapse-properties pages), our own
 * fixtures:
 * - scheduled tasks: a cron trigger (`<trigger cron="0 30 1 * * ?"/>` on the page) fires at the times its Quartz
 *   expression names (MI's task scheduler runs it on a Quartz CronTrigger); ours had refused to run it;
 * - message processors: `cronExpression` schedules the processor's runs instead of `interval`
 *   (ScheduledMessageProcessor: taskDescription.setCronExpression); ours ran on the interval only.
 */
import assert from 'node:assert/strict';
import { nextFire, parseCron, cronProblem } from '../../core/cron';
import { api, NS, send, startBackend, startRuntime } from './helpers';

const at = (s: string) => new Date(s); // local time, as the scheduler's time zone
const next = (expr: string, after: string) => {
  const d = nextFire(parseCron(expr), at(after));
  if (!d) return undefined;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
};

describe('oracle s12 (H3): Quartz cron expressions as MI schedules them', () => {
  it('fields, ranges, lists, increments and names', () => {
    assert.equal(next('0 30 1 * * ?', '2026-03-10T12:00:00'), '2026-03-11T01:30:00');
    assert.equal(next('0/15 * * * * ?', '2026-03-10T12:00:14'), '2026-03-10T12:00:15');
    assert.equal(next('5/20 * * * * ?', '2026-03-10T12:00:46'), '2026-03-10T12:01:05');
    assert.equal(next('0 0 12 ? * MON-FRI', '2026-03-13T12:00:00'), '2026-03-16T12:00:00'); // Friday -> Monday
    assert.equal(next('0 0 8,17 ? * SUN', '2026-03-10T09:00:00'), '2026-03-15T08:00:00');
    assert.equal(next('0 15 10 ? * * 2027', '2026-03-10T09:00:00'), '2027-01-01T10:15:00');
    assert.equal(next('0 0 0 1 JAN,jul ?', '2026-03-10T09:00:00'), '2026-07-01T00:00:00');
  });

  it('L, W and # of the day fields', () => {
    assert.equal(next('0 0 0 L * ?', '2026-02-03T00:00:00'), '2026-02-28T00:00:00');
    assert.equal(next('0 0 0 L-2 * ?', '2026-02-03T00:00:00'), '2026-02-26T00:00:00');
    assert.equal(next('0 0 0 15W * ?', '2026-08-01T00:00:00'), '2026-08-14T00:00:00'); // the 15th is a Saturday
    assert.equal(next('0 0 0 1W * ?', '2026-07-31T00:00:00'), '2026-08-03T00:00:00'); // the 1st is a Saturday
    assert.equal(next('0 0 0 LW * ?', '2026-05-01T00:00:00'), '2026-05-29T00:00:00'); // the 31st is a Sunday
    assert.equal(next('0 0 0 ? * 6L', '2026-03-01T00:00:00'), '2026-03-27T00:00:00'); // last Friday
    assert.equal(next('0 0 0 ? * 2#1', '2026-03-01T00:00:00'), '2026-03-02T00:00:00'); // first Monday
    assert.equal(next('0 0 0 ? * 6#5', '2026-03-01T00:00:00'), '2026-05-29T00:00:00'); // a fifth Friday
    assert.equal(next('0 0 0 29 2 ?', '2026-03-01T00:00:00'), '2028-02-29T00:00:00');
  });

  it('what Quartz refuses', () => {
    assert.match(cronProblem('0 0 12 * * *') ?? '', /both a day-of-week AND a day-of-month/);
    assert.match(cronProblem('0 0 12 ? * ?') ?? '', /'\?' can only be specified/);
    assert.match(cronProblem('0 0 12 * *') ?? '', /6 or 7 fields/);
    assert.match(cronProblem('0 61 12 * * ?') ?? '', /out of range/);
    assert.equal(cronProblem('0 0/5 14,18 * * ?'), undefined);
  });
});

describe('oracle s12 (H3): cron-scheduled tasks and message processors', () => {
  it('a task with a cron trigger injects its message at each time the expression names', async () => {
    const t = await startRuntime({
      'tasks/Tick.xml': `<task ${NS} name="Tick" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz">
          <trigger cron="* * * * * ?"/>
          <property name="message"><tick xmlns="">go</tick></property>
          <property name="injectTo" value="sequence"/><property name="sequenceName" value="TickSeq"/></task>`,
      'sequences/TickSeq.xml': `<sequence ${NS} name="TickSeq"><log level="custom"><property name="tick" expression="//tick"/></log><drop/></sequence>`,
      'tasks/Bad.xml': `<task ${NS} name="Bad" class="org.apache.synapse.startup.tasks.MessageInjector"><trigger cron="0 0 12 * * *"/><property name="message"><x/></property></task>`,
    });
    try {
      const ticks = () => t.logs.filter((l) => l.message === 'tick = go');
      for (let i = 0; i < 120 && ticks().length < 2; i++) await new Promise((r) => setTimeout(r, 25));
      assert.equal(ticks().length, 2);
      assert.ok(
        t.logs.some((l) => /Invalid cron expression '0 0 12 \* \* \*' of task Bad/.test(l.message)),
        t.logs.map((l) => l.message).join('\n'),
      );
    } finally {
      await t.close();
    }
  });

  it('a forwarding processor with a cronExpression runs on it, not on its interval', async () => {
    const be = await startBackend();
    const t = await startRuntime({
      'Shelf.xml': `<messageStore ${NS} name="Shelf"/>`,
      'Dest.xml': `<endpoint ${NS} name="Dest"><http method="post" uri-template="${be.url}/dest"/></endpoint>`,
      'Relay.xml': `<messageProcessor ${NS} name="Relay" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="Shelf" targetEndpoint="Dest">
          <parameter name="interval">3600000</parameter><parameter name="cronExpression">* * * * * ?</parameter>
          <parameter name="message.processor.reply.sequence">Done</parameter></messageProcessor>`,
      'Done.xml': `<sequence ${NS} name="Done"><drop/></sequence>`,
      'In.xml': api(
        'Put',
        '/h3/put',
        `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><store messageStore="Shelf"/>`,
      ),
    });
    try {
      const r = await send(`${t.base}/h3/put`, { body: '{"parcel": 1}', type: 'application/json' });
      assert.equal(r.status, 202);
      for (let i = 0; i < 120 && be.requests.length < 1; i++) await new Promise((res) => setTimeout(res, 25));
      assert.equal(be.requests.length, 1);
      assert.equal(be.requests[0].body, '{"parcel": 1}');
    } finally {
      await t.close();
      await be.close();
    }
  });
});
