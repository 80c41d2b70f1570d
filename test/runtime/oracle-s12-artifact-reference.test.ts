/**
 * Oracle sweep of MI's artifact reference (helper H3, session 12; docs-mi reference/synapse-properties pages), our own
 * fixtures:
 * - scheduled tasks: a cron trigger (`<trigger cron="0 30 1 * * ?"/>` on the page) fires at the times its Quartz
 *   expression names (MI's task scheduler runs it on a Quartz CronTrigger); ours had refused to run it;
 * - MessageInjector (execute): without injectTo "sequence" or "proxy" the message goes to the main sequence even with
 *   a sequenceName; without message or registryKey the task fails ("message or registry-key not set"); ours took
 *   the named sequence and injected an empty message;
 * - a task's pinnedServers: one that does not name this server (localhost) is not started
 *   (StartUpController.processPinnedServers: "Server name not in pinned servers list. Not starting Task : X");
 *   ours ran it;
 * - http endpoints with `<authentication>` (endpoint page "Basic Auth Properties", "OAuth Properties"): Basic
 *   credentials go into the request's Authorization header, an OAuth grant fetches a bearer token from tokenUrl (client
 *   credentials in the Authorization header by default, requestParameters in the body), caches it and renews it after
 *   a 401 (BasicAuthConfiguredHTTPEndpoint, OAuthConfiguredHTTPEndpoint, OAuthUtils); ours sent neither;
 * - APIs bound to a port (rest-api-properties "Port"): a Host header without a port is port 80 over HTTP and 443
 *   over HTTPS (API.canProcess / extractPortNumber); ours took 80 for both;
 * - message processors: `cronExpression` schedules the processor's runs instead of `interval`
 *   (ScheduledMessageProcessor: taskDescription.setCronExpression); ours ran on the interval only;
 * - file inbound endpoints ("Processing Sub Directories"): a FileURI ending with `/*` reads the sub-folders too, each
 *   file with its RELATIVE_PATH transport header, and a MoveAfterProcess ending with `/*` keeps the sub-folder
 *   (FilePollingConsumer.extractFileUri / directoryHandler / resolveActualOutUrl); ours polled a folder named `*`;
 *   FileProcessCount bounds a poll only without a FileProcessInterval (directoryHandler: the interval's sleep, else the
 *   count's break; VFSTransportListener the same); ours applied both;
 * - vfs proxies (VFSTransportListener.scanFileOrDirectory): in a folder a file is taken only when it matches a
 *   FileNamePattern (none: no file), FileSizeLimit and MinimumAge/MaximumAge leave files, FileSortAttribute takes
 *   MI's values as written (VFSConstants: Name, Size, Lastmodifiedtimestamp) and FileSortAscending is
 *   Boolean.parseBoolean (PollTableEntry); ours took every file, ignored the limits and read `lastmodified`; one
 *   without transport.vfs.ContentType (a required parameter) is marked faulty on the transport and not polled
 *   (AbstractTransportListenerEx.internalStartListeningForService); ours read its files as text/plain;
 *   SubFolderTimestampFormat appends a date text to the move location (moveOrDeleteAfterProcessing); ours had none; a
 *   transport.PollInterval Integer.parseInt refuses is the default 300 s with an error (AbstractPollTableEntry);
 * - file inbound endpoints (MI InboundTransportTest): an interval that is not a whole number fails the endpoint
 *   ("Invalid numeric value for interval.", VFSProcessor); without a ContentType a file is read by its extension
 *   (xml: text/xml, txt: text/plain) and a type with no message builder by the SOAPBuilder (FileInjectHandler); ours
 *   polled every 10 ms and read both as text/plain or as plain XML; an HTTP inbound endpoint whose inbound.http.port
 *   Integer.parseInt refuses is not started (InboundHttpListener); ours listened on a random port for an empty one.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nextFire, parseCron, cronProblem } from '../../core/cron';
import { selectApi } from '../../runtime-debug/engine/dispatch';
import type { ApiDef } from '../../runtime-debug/engine/model';
import { api, NS, send, startBackend, startRuntime } from './helpers';
import { until } from '../support';

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
      await until('two ticks', () => ticks().length >= 2);
      assert.equal(ticks().length, 2);
      assert.ok(
        t.logs.some((l) => /Invalid cron expression '0 0 12 \* \* \*' of task Bad/.test(l.message)),
        t.logs.map((l) => l.message).join('\n'),
      );
    } finally {
      await t.close();
    }
  });

  it('a task pinned to other servers does not start; one pinned to this server (localhost) does', async () => {
    const task = (name: string, pinned: string) =>
      `<task ${NS} name="${name}" class="org.apache.synapse.startup.tasks.MessageInjector" pinnedServers="${pinned}">
          <trigger once="true"/><property name="message"><pin xmlns="">${name}</pin></property>
          <property name="injectTo" value="sequence"/><property name="sequenceName" value="PinSeq"/></task>`;
    const t = await startRuntime({
      'Away.xml': task('Away', 'worker1, worker2'),
      'Home.xml': task('Home', 'worker1 localhost'),
      'PinSeq.xml': `<sequence ${NS} name="PinSeq"><log level="custom"><property name="pin" expression="//pin"/></log><drop/></sequence>`,
    });
    try {
      await until('pin = Home', () => t.logs.some((l) => l.message === 'pin = Home'));
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(
        t.logs.filter((l) => l.message.startsWith('pin = ')).map((l) => l.message),
        ['pin = Home'],
      );
      assert.ok(
        t.logs.some(
          (l) =>
            l.level === 'INFO' &&
            l.message === 'Server name not in pinned servers list. Not starting Task : Away',
        ),
      );
    } finally {
      await t.close();
    }
  });

  it('without injectTo a MessageInjector task goes to the main sequence, sequenceName or not; without a message it fails', async () => {
    const t = await startRuntime({
      'Stray.xml': `<task ${NS} name="Stray" class="org.apache.synapse.startup.tasks.MessageInjector"><trigger once="true"/>
          <property name="message"><stray xmlns="">lost</stray></property><property name="sequenceName" value="Side"/></task>`,
      'Empty.xml': `<task ${NS} name="Empty" class="org.apache.synapse.startup.tasks.MessageInjector"><trigger once="true"/>
          <property name="injectTo" value="sequence"/><property name="sequenceName" value="Side"/></task>`,
      'main.xml': `<sequence ${NS} name="main"><log level="custom"><property name="main" expression="//stray"/></log><drop/></sequence>`,
      'Side.xml': `<sequence ${NS} name="Side"><log level="custom"><property name="side" value="reached"/></log><drop/></sequence>`,
    });
    try {
      await until('main = lost', () => t.logs.some((l) => l.message === 'main = lost'));
      await new Promise((r) => setTimeout(r, 100));
      assert.ok(t.logs.some((l) => l.message === 'main = lost'));
      assert.ok(!t.logs.some((l) => l.message === 'side = reached'));
      assert.ok(t.logs.some((l) => l.level === 'ERROR' && l.message === 'message or registry-key not set'));
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
      await until('a request at the back end', () => be.requests.length >= 1);
      assert.equal(be.requests.length, 1);
      assert.equal(be.requests[0].body, '{"parcel": 1}');
    } finally {
      await t.close();
      await be.close();
    }
  });
});

describe('oracle s12 (H3): a file inbound endpoint reading sub-folders', () => {
  it('takes the files of the sub-folders with their RELATIVE_PATH and moves each under the same sub-folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'h3-subdirs-'));
    const d = (...p: string[]) => join(root, ...p);
    mkdirSync(d('in', 'north', 'bay'), { recursive: true });
    mkdirSync(d('in', 'south'), { recursive: true });
    writeFileSync(d('in', 'top.txt'), 'one');
    writeFileSync(d('in', 'north', 'bay', 'deep.txt'), 'two');
    writeFileSync(d('in', 'south', 'side.txt'), 'three');
    writeFileSync(d('in', 'south', 'skip.bin'), 'not matched');
    const t = await startRuntime({
      'Sweep.xml': `<inboundEndpoint ${NS} name="Sweep" protocol="file" sequence="Seen" onError="Seen" suspend="false"><parameters>
          <parameter name="interval">50</parameter>
          <parameter name="transport.vfs.FileURI">file://${d('in')}/*</parameter>
          <parameter name="transport.vfs.FileNamePattern">.*\\.txt</parameter>
          <parameter name="transport.vfs.ContentType">text/plain</parameter>
          <parameter name="transport.vfs.ActionAfterProcess">MOVE</parameter>
          <parameter name="transport.vfs.MoveAfterProcess">file://${d('done')}/*</parameter></parameters></inboundEndpoint>`,
      'Seen.xml': `<sequence ${NS} name="Seen"><log level="custom"><property name="file" expression="$trp:FILE_NAME"/>
          <property name="rel" expression="$trp:RELATIVE_PATH"/></log><drop/></sequence>`,
    });
    try {
      const moved = [
        d('done', 'top.txt'),
        d('done', 'north', 'bay', 'deep.txt'),
        d('done', 'south', 'side.txt'),
      ];
      await until('the moved files', () => moved.every((f) => existsSync(f)));
      assert.deepEqual(
        moved.filter((f) => !existsSync(f)),
        [],
      );
      const seen = t.logs.filter((l) => l.message.startsWith('file = ')).map((l) => l.message);
      assert.deepEqual(seen.sort(), [
        'file = deep.txt, rel = /north/bay',
        'file = side.txt, rel = /south',
        'file = top.txt, rel = ',
      ]);
      assert.ok(existsSync(d('in', 'south', 'skip.bin')));
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('oracle s12 (H3): FileProcessCount and FileProcessInterval', () => {
  it('the count ends a poll only when no interval between files is set', async () => {
    const root = mkdtempSync(join(tmpdir(), 'h3-count-'));
    const d = (...p: string[]) => join(root, ...p);
    for (const box of ['paced', 'counted']) {
      mkdirSync(d(box), { recursive: true });
      for (const n of ['a', 'b', 'c']) writeFileSync(d(box, `${n}.txt`), n);
    }
    const inbound = (name: string, box: string, extra: string) =>
      `<inboundEndpoint ${NS} name="${name}" protocol="file" sequence="Count" onError="Count" suspend="false"><parameters>
          <parameter name="interval">600000</parameter>
          <parameter name="transport.vfs.FileURI">file://${d(box)}</parameter>
          <parameter name="transport.vfs.ContentType">text/plain</parameter>
          <parameter name="transport.vfs.FileProcessCount">1</parameter>${extra}</parameters></inboundEndpoint>`;
    const t = await startRuntime({
      'Paced.xml': inbound(
        'Paced',
        'paced',
        '<parameter name="transport.vfs.FileProcessInterval">10</parameter>',
      ),
      'Counted.xml': inbound('Counted', 'counted', ''),
      'Count.xml': `<sequence ${NS} name="Count"><log level="custom"><property name="took" expression="$trp:FILE_PATH"/></log><drop/></sequence>`,
    });
    try {
      const took = (box: string) =>
        t.logs.filter((l) => l.message.startsWith('took = ') && l.message.includes(d(box))).length;
      await until('three paced and one counted', () => took('paced') >= 3 && took('counted') >= 1);
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(took('paced'), 3);
      assert.equal(took('counted'), 1);
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('oracle s12 (H3): what a vfs proxy takes from its folder', () => {
  it('no file without a FileNamePattern or a ContentType; the size limit and the ages leave files; the sort as MI names it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'h3-vfs-'));
    const d = (...p: string[]) => join(root, ...p);
    for (const box of ['bare', 'kept', 'sorted', 'untyped', 'dated']) mkdirSync(d(box), { recursive: true });
    writeFileSync(d('dated', 'log.txt'), 'x');
    writeFileSync(d('bare', 'lonely.txt'), 'x');
    writeFileSync(d('untyped', 'plain.txt'), 'x');
    writeFileSync(d('kept', 'small.txt'), 'ok');
    writeFileSync(d('kept', 'large.txt'), 'far too large');
    writeFileSync(d('kept', 'fresh.txt'), 'new');
    writeFileSync(d('kept', 'stale.txt'), 'old');
    const ago = (s: number) => new Date(Date.now() - s * 1000);
    utimesSync(d('kept', 'small.txt'), ago(120), ago(120));
    utimesSync(d('kept', 'large.txt'), ago(120), ago(120));
    utimesSync(d('kept', 'stale.txt'), ago(7200), ago(7200));
    // sorted by last modified time, newest first (FileSortAscending "FALSE": parseBoolean)
    for (const [n, age] of [
      ['m.txt', 300],
      ['k.txt', 100],
      ['z.txt', 200],
    ] as const) {
      writeFileSync(d('sorted', n), n);
      utimesSync(d('sorted', n), ago(age), ago(age));
    }
    const proxy = (name: string, box: string, params: string, type = 'text/plain') =>
      `<proxy ${NS} name="${name}" transports="vfs" startOnLoad="true"><target><inSequence>
          <log level="custom"><property name="took" expression="$trp:FILE_NAME"/></log><drop/></inSequence></target>
          <parameter name="transport.PollInterval">40ms</parameter>
          <parameter name="transport.vfs.FileURI">file://${d(box)}</parameter>${
            type ? `<parameter name="transport.vfs.ContentType">${type}</parameter>` : ''
          }${params}</proxy>`;
    const t = await startRuntime({
      'Bare.xml': proxy('Bare', 'bare', ''),
      'Lazy.xml': proxy('Lazy', 'bare', '<parameter name="transport.PollInterval">1.5</parameter>'),
      'Dated.xml': proxy(
        'Dated',
        'dated',
        `<parameter name="transport.vfs.FileNamePattern">.*</parameter>
         <parameter name="transport.vfs.ActionAfterProcess">MOVE</parameter>
         <parameter name="transport.vfs.MoveAfterProcess">file://${d('archive')}</parameter>
         <parameter name="transport.vfs.SubFolderTimestampFormat">'/year-'yyyy</parameter>`,
      ),
      'Untyped.xml': proxy(
        'Untyped',
        'untyped',
        '<parameter name="transport.vfs.FileNamePattern">.*</parameter>',
        '',
      ),
      'Kept.xml': proxy(
        'Kept',
        'kept',
        `<parameter name="transport.vfs.FileNamePattern">.*\\.txt</parameter>
         <parameter name="transport.vfs.FileSizeLimit">5</parameter>
         <parameter name="transport.vfs.MinimumAge">60</parameter>
         <parameter name="transport.vfs.MaximumAge">3600</parameter>`,
      ),
      'Sorted.xml': proxy(
        'Sorted',
        'sorted',
        `<parameter name="transport.vfs.FileNamePattern">.*</parameter>
         <parameter name="transport.vfs.FileSortAttribute">Lastmodifiedtimestamp</parameter>
         <parameter name="transport.vfs.FileSortAscending">FALSE</parameter>`,
      ),
    });
    try {
      const took = () => t.logs.filter((l) => l.message.startsWith('took = ')).map((l) => l.message.slice(7));
      // the year the file is archived in: this one, or the next when the run crosses New Year
      const year = new Date().getFullYear();
      const archived = () => [year, year + 1].some((y) => existsSync(d('archive', `year-${y}`, 'log.txt')));
      await until(
        'five files taken, log.txt archived and small.txt deleted',
        () => took().length >= 5 && archived() && !existsSync(d('kept', 'small.txt')),
      );
      await new Promise((r) => setTimeout(r, 200));
      assert.deepEqual([...took()].sort(), ['k.txt', 'log.txt', 'm.txt', 'small.txt', 'z.txt']);
      assert.ok(archived());
      assert.deepEqual(
        took().filter((n) => n !== 'small.txt' && n !== 'log.txt'),
        ['k.txt', 'z.txt', 'm.txt'],
      );
      assert.deepEqual(readdirSync(d('bare')), ['lonely.txt']);
      assert.deepEqual(readdirSync(d('untyped')), ['plain.txt']);
      // AbstractPollTableEntry: Integer.parseInt("1.5") fails, the default 300 s is taken
      assert.ok(t.logs.some((l) => l.message === 'Invalid poll interval : 1.5,  default to : 300sec'));
      assert.ok(
        t.logs.some(
          (l) =>
            l.level === 'WARN' &&
            l.message ===
              "Unable to configure the service Untyped for the VFS transport: Cannot find parameter 'transport.vfs.ContentType' for service 'Untyped'. This service is being marked as faulty and will not be available over the VFS transport.",
        ),
        t.logs.map((l) => l.message).join('\n'),
      );
      assert.deepEqual(readdirSync(d('kept')).sort(), ['fresh.txt', 'large.txt', 'stale.txt']);
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('oracle s12 (H3): a file inbound endpoint as VFSProcessor and FileInjectHandler read it', () => {
  it('an interval that is not a whole number fails it; the content type comes from the extension, or SOAP', async () => {
    const root = mkdtempSync(join(tmpdir(), 'h3-inbound-'));
    const d = (...p: string[]) => join(root, ...p);
    for (const box of ['odd', 'plain', 'unknown']) mkdirSync(d(box), { recursive: true });
    writeFileSync(d('odd', 'a.xml'), '<a/>');
    const envelope =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ticker>ACME</ticker></soapenv:Body></soapenv:Envelope>';
    writeFileSync(d('plain', 'quote.xml'), envelope);
    writeFileSync(d('plain', 'note.txt'), 'just words');
    writeFileSync(d('unknown', 'quote.dat'), envelope);
    const inbound = (name: string, box: string, interval: string, type?: string) =>
      `<inboundEndpoint ${NS} name="${name}" protocol="file" sequence="Read" onError="Read" suspend="false"><parameters>
          <parameter name="interval">${interval}</parameter>
          <parameter name="transport.vfs.FileURI">file://${d(box)}</parameter>${
            type ? `<parameter name="transport.vfs.ContentType">${type}</parameter>` : ''
          }</parameters></inboundEndpoint>`;
    const t = await startRuntime({
      'Odd.xml': inbound('Odd', 'odd', '1.1', 'application/xml'),
      'Portless.xml': `<inboundEndpoint ${NS} name="Portless" protocol="http" sequence="Read" suspend="false"><parameters>
          <parameter name="inbound.http.port"></parameter></parameters></inboundEndpoint>`,
      'Plain.xml': inbound('Plain', 'plain', '50'),
      'Unknown.xml': inbound('Unknown', 'unknown', '50', 'text/csv'),
      'Read.xml': `<sequence ${NS} name="Read"><log level="custom"><property name="file" expression="$trp:FILE_NAME"/>
          <property name="ticker" expression="//ticker"/><property name="first" expression="local-name(/*/*/*[1])"/></log><drop/></sequence>`,
    });
    try {
      const seen = () => t.logs.filter((l) => l.message.startsWith('file = ')).map((l) => l.message);
      await until('three seen', () => seen().length >= 3);
      await new Promise((r) => setTimeout(r, 100));
      // a .txt file is built by PlainTextBuilder into Axiom's default envelope (TransportUtils.createSOAPEnvelope), no
      // document above it: / is the envelope, so /*/*/*[1] is a child of the text wrapper (none); the SOAP files are
      // parsed by StAXSOAPModelBuilder below a document (s16 R1, after f8f77d53)
      assert.deepEqual(seen().sort(), [
        'file = note.txt, ticker = , first = ',
        'file = quote.dat, ticker = ACME, first = ticker',
        'file = quote.xml, ticker = ACME, first = ticker',
      ]);
      assert.ok(existsSync(d('odd', 'a.xml')));
      assert.ok(
        t.logs.some((l) => l.level === 'ERROR' && l.message === 'Invalid numeric value for interval.'),
        t.logs.map((l) => l.message).join('\n'),
      );
      // InboundHttpListener: an empty port is not an integer (ours had listened on a random port)
      assert.ok(
        t.logs.some((l) => l.message === 'Please provide port number as integer  instead of  port  '),
        t.logs.map((l) => l.message).join('\n'),
      );
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('oracle s12 (H3): http endpoints with <authentication>', () => {
  it('Basic credentials and OAuth bearer tokens (cached, renewed after a 401) go with each request', async () => {
    let issued = 0;
    const tokenRequests: { auth?: string; body: string; tenant?: string }[] = [];
    const be = await startBackend((req, res) => {
      if (req.url === '/token') {
        tokenRequests.push({
          auth: req.headers.authorization,
          body: req.body,
          tenant: req.headers['x-tenant'] as string | undefined,
        });
        issued++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: `tok-${issued}`, token_type: 'Bearer', expires_in: 3600 }));
        return;
      }
      // the protected resource refuses the first token once
      const auth = req.headers.authorization ?? '';
      if (req.url === '/menu' && auth === 'Bearer tok-1' && !(be as { refused?: boolean }).refused) {
        (be as { refused?: boolean }).refused = true;
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":"expired"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url, auth }));
    });
    const t = await startRuntime({
      'Pantry.xml': `<endpoint ${NS} name="Pantry"><http method="get" uri-template="${be.url}/pantry">
          <authentication><basicAuth><username>cook</username><password>{$ctx:secret}</password></basicAuth></authentication>
        </http></endpoint>`,
      'Menu.xml': `<endpoint ${NS} name="Menu"><http method="get" uri-template="${be.url}/menu">
          <authentication><oauth><clientCredentials>
            <clientId>app</clientId><clientSecret>s3cret</clientSecret><tokenUrl>${be.url}/token</tokenUrl>
            <requestParameters><parameter name="scope">read_only</parameter></requestParameters>
            <customHeaders><header name="X-Tenant">{$ctx:tenant}</header></customHeaders>
          </clientCredentials></oauth></authentication>
        </http></endpoint>`,
      'Kitchen.xml': api(
        'Kitchen',
        '/h3/kitchen',
        `<property name="secret" value="p@ss"/><property name="tenant" value="north"/><call><endpoint key="Pantry"/></call>
         <property name="pantry" expression="json-eval($.auth)"/>
         <call><endpoint key="Menu"/></call><property name="menu1" expression="json-eval($.auth)"/>
         <call><endpoint key="Menu"/></call>
         <payloadFactory media-type="json"><format>{"pantry":"$1","menu1":"$2","menu2":"$3"}</format>
           <args><arg expression="$ctx:pantry"/><arg expression="$ctx:menu1"/><arg evaluator="json" expression="$.auth"/></args>
         </payloadFactory><respond/>`,
      ),
    });
    try {
      const r = await send(`${t.base}/h3/kitchen`, { method: 'GET' });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json(), {
        pantry: `Basic ${Buffer.from('cook:p@ss').toString('base64')}`,
        menu1: 'Bearer tok-2',
        menu2: 'Bearer tok-2',
      });
      // the first token was refused once and renewed; the second call took the cached one
      assert.equal(tokenRequests.length, 2);
      assert.equal(tokenRequests[0].auth, `Basic ${Buffer.from('app:s3cret').toString('base64')}`);
      assert.equal(tokenRequests[0].body, 'grant_type=client_credentials&scope=read_only');
      assert.equal(tokenRequests[0].tenant, 'north');
    } finally {
      await t.close();
      await be.close();
    }
  });

  it('an <authentication> AuthUtils cannot read refuses the endpoint', async () => {
    await assert.rejects(
      startRuntime({
        'Half.xml': `<endpoint ${NS} name="Half"><http method="get" uri-template="http://127.0.0.1:9/x">
            <authentication><basicAuth><username>cook</username></basicAuth></authentication></http></endpoint>`,
      }),
      /RT_BAD_ENDPOINT_AUTH Invalid authentication configuration for endpoint Half: Authentication configuration is invalid/,
    );
    // OAuthUtils.getProxyConfigs: a <proxyConfigs> with children but no proxyProtocol
    await assert.rejects(
      startRuntime({
        'Gated.xml': `<endpoint ${NS} name="Gated"><http method="get" uri-template="http://127.0.0.1:9/x">
            <authentication><oauth><clientCredentials><clientId>a</clientId><clientSecret>s</clientSecret>
            <tokenUrl>http://127.0.0.1:9/token</tokenUrl><proxyConfigs><proxyHost>gate</proxyHost><proxyPort>3128</proxyPort>
            </proxyConfigs></clientCredentials></oauth></authentication></http></endpoint>`,
      }),
      /RT_BAD_ENDPOINT_AUTH Invalid authentication configuration for endpoint Gated/,
    );
  });
});

describe('oracle s12 (H3): an API bound to a port', () => {
  it('a Host header without a port is 80 over HTTP and 443 over HTTPS (API.extractPortNumber)', () => {
    const secure = { name: 'Vault', context: '/vault', port: '443', resources: [] } as unknown as ApiDef;
    assert.equal(selectApi([secure], '/vault/x', 'bank.example', true)?.api.name, 'Vault');
    assert.equal(selectApi([secure], '/vault/x', 'bank.example', false), undefined);
    assert.equal(selectApi([secure], '/vault/x', 'bank.example:443', false)?.api.name, 'Vault');
  });
});
