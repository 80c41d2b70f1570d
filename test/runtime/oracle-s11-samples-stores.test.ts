/**
 * Oracle sweep (helper H9, session 11): message stores and processors, tasks, local entries, inbound endpoints and
 * file transports as MI's integration tests and the Synapse sources show them. Our own fixtures over real HTTP.
 *
 * Forwarding processor (Synapse ForwardingService.tryToDispatchToEndpoint / validateResponse / sendThroughReplySeq /
 * checkAndDeactivateProcessor; MI tests-patches ESBJAVA4279_MPRetryUponResponseSC_500_withNonRetryStatusCodes_200_and_202):
 * only a 2xx answer, or one of non.retry.status.codes, is a delivery; an in-out message is delivered only when the
 * reply sequence mediates to its end; with no reply sequence the processor deactivates and keeps the message; after
 * max.delivery.attempts a message.processor.failMessagesStore receives the message and the processor goes on.
 */
import { strict as assert } from 'node:assert';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { freePort, until } from '../support';

const FWD = 'org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor';
const mp = (name: string, store: string, target: string, params: Record<string, string>) =>
  `<messageProcessor ${NS} name="${name}" class="${FWD}" messageStore="${store}" targetEndpoint="${target}">
     ${Object.entries({ interval: '40', 'client.retry.interval': '40', ...params })
       .map(([k, v]) => `<parameter name="${k}">${v}</parameter>`)
       .join('')}</messageProcessor>`;
const storeApi = (name: string, store: string, extra = '') =>
  api(
    name,
    `/${name.toLowerCase()}`,
    `<property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/>${extra}<store messageStore="${store}"/>`,
  );

describe('oracle s11 (H9): forwarding processor delivery rules', () => {
  let t: TestRuntime;
  let be: Backend;
  const hits = (path: string) => be.requests.filter((r) => r.url === path);
  const state = (name: string) => t.rt.list().find((a) => a.name === name)?.state;
  before(async () => {
    be = await startBackend((req, res) => {
      const code = Number(/\/code\/(\d+)/.exec(req.url ?? '')?.[1] ?? 200);
      res.writeHead(code, { 'content-type': 'application/xml' });
      res.end(`<answer code="${code}"/>`);
    });
    const ep = (name: string, path: string) =>
      `<endpoint ${NS} name="${name}"><address uri="${be.url}${path}"/></endpoint>`;
    t = await startRuntime({
      'Missing.xml': ep('MissingEP', '/code/404'),
      'Gone.xml': ep('GoneEP', '/code/410'),
      'Fine.xml': ep('FineEP', '/code/200'),
      'Dropper.xml': ep('DropperEP', '/code/201'),
      'Broken.xml': ep('BrokenEP', '/code/500'),
      'Spare.xml': ep('SpareEP', '/code/202'),
      'Quiet.xml': ep('QuietEP', '/code/503'),
      ...Object.fromEntries(
        ['BinA', 'BinB', 'BinC', 'BinD', 'BinE', 'BinF', 'BinG', 'BinH'].map((n) => [
          `${n}.xml`,
          `<messageStore ${NS} name="${n}"/>`,
        ]),
      ),
      ...Object.fromEntries(
        [
          mp('MissA', 'BinA', 'MissingEP', {
            'max.delivery.attempts': '2',
            'message.processor.fault.sequence': 'CountFault',
            'message.processor.reply.sequence': 'Replied',
          }),
          mp('GoneB', 'BinB', 'GoneEP', {
            'non.retry.status.codes': '404, 410',
            'message.processor.reply.sequence': 'Replied',
          }),
          mp('NoReplyC', 'BinC', 'FineEP', {}),
          mp('DropD', 'BinD', 'DropperEP', {
            'max.delivery.attempts': '3',
            'message.processor.reply.sequence': 'ReplyDrops',
          }),
          mp('BrokenE', 'BinE', 'BrokenEP', {
            'max.delivery.attempts': '2',
            'message.processor.failMessagesStore': 'BinF',
          }),
          mp('SpareF', 'BinF', 'SpareEP', { 'message.processor.reply.sequence': 'Replied' }),
          mp('QuietG', 'BinG', 'QuietEP', {
            'max.delivery.attempts': '2',
            'message.processor.fault.sequence': 'CountFault',
          }),
          mp('SkipH', 'BinH', 'BrokenEP', { 'max.delivery.attempts': '1', 'max.delivery.drop': 'Enabled' }),
        ].map((x, i) => [`MP${i}.xml`, x]),
      ),
      'CountFault.xml': `<sequence ${NS} name="CountFault"><log level="custom"><property name="mp fault" expression="//answer/@code"/></log></sequence>`,
      'Replied.xml': `<sequence ${NS} name="Replied"><log level="custom"><property name="replied" expression="//answer/@code"/></log></sequence>`,
      'ReplyDrops.xml': `<sequence ${NS} name="ReplyDrops"><log level="custom"><property name="reply then drop" expression="//answer/@code"/></log><drop/></sequence>`,
      'A.xml': storeApi('ToA', 'BinA'),
      'B.xml': storeApi('ToB', 'BinB'),
      'C.xml': storeApi('ToC', 'BinC'),
      'D.xml': storeApi('ToD', 'BinD'),
      'E.xml': storeApi('ToE', 'BinE'),
      'G.xml': storeApi('ToG', 'BinG', '<property name="OUT_ONLY" value="true"/>'),
      'H.xml': storeApi('ToH', 'BinH'),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });
  const post = async (path: string, item: string) =>
    (await send(`${t.base}${path}`, { body: `<item>${item}</item>`, type: 'application/xml' })).status;

  it('a 4xx answer is a failed delivery: fault sequence each time, then the processor deactivates and keeps it', async () => {
    assert.equal(await post('/toa', 'a1'), 202);
    await until('MissA inactive', () => state('MissA') === 'inactive');
    assert.equal(hits('/code/404').length, 2);
    assert.equal(t.logs.filter((l) => l.message === 'mp fault = 404').length, 2);
    assert.ok(!t.logs.some((l) => l.message === 'replied = 404'));
    assert.equal(t.rt.messageStores.size('BinA'), 1);
    assert.ok(
      t.logs.some(
        (l) =>
          l.message ===
          'Message processor [MissA] received a response with HTTP_SC: 404 from backend MissingEP. Message forwarding failed.',
      ),
    );
    assert.ok(t.logs.some((l) => l.message === 'Successfully deactivated the message processor [MissA]'));
  });

  it('an answer listed in non.retry.status.codes is a delivery: the reply sequence gets it', async () => {
    await post('/tob', 'b1');
    await until('replied = 410', () => t.logs.some((l) => l.message === 'replied = 410'));
    await until('BinB empty', () => t.rt.messageStores.size('BinB') === 0);
    assert.equal(hits('/code/410').length, 1);
    assert.equal(state('GoneB'), 'active');
  });

  it('an in-out message with no reply sequence deactivates the processor and stays in the store', async () => {
    await post('/toc', 'c1');
    await post('/toc', 'c2');
    await until('NoReplyC inactive', () => state('NoReplyC') === 'inactive');
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(hits('/code/200').length, 1);
    assert.equal(t.rt.messageStores.size('BinC'), 2);
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'ERROR' &&
          l.message ===
            'Failed to send the out message. Reply sequence does not Exist. Deactivated the message processor.',
      ),
    );
  });

  it('a reply sequence that drops the message does not complete the delivery: it is sent again', async () => {
    await post('/tod', 'd1');
    await until('DropD inactive', () => state('DropD') === 'inactive');
    assert.equal(hits('/code/201').length, 3);
    assert.equal(t.logs.filter((l) => l.message === 'reply then drop = 201').length, 3);
    assert.equal(t.rt.messageStores.size('BinD'), 1);
  });

  it('after max.delivery.attempts the message moves to the fail-messages store, whose processor forwards it', async () => {
    await post('/toe', 'e1');
    await until('replied = 202', () => t.logs.some((l) => l.message === 'replied = 202'));
    assert.equal(hits('/code/500').filter((r) => r.body.includes('e1')).length, 2);
    assert.match(hits('/code/202')[0]?.body ?? '', /<item>e1<\/item>/);
    assert.equal(state('BrokenE'), 'active');
    assert.equal(t.rt.messageStores.size('BinE'), 0);
    assert.ok(
      t.logs.some(
        (l) =>
          l.message ===
          'Message processor [BrokenE] failed to forward message 2 times. Moved failed message to fail-messages-store and continue',
      ),
    );
  });

  it('an OUT_ONLY message refused by the back end is retried without the fault sequence', async () => {
    await post('/tog', 'g1');
    await until('QuietG inactive', () => state('QuietG') === 'inactive');
    assert.equal(hits('/code/503').length, 2);
    assert.ok(!t.logs.some((l) => l.message === 'mp fault = 503'));
  });

  it('max.delivery.drop Enabled drops the message and goes on with the next one', async () => {
    await post('/toh', 'h1');
    await post('/toh', 'h2');
    await until('h2 at the back end', () => hits('/code/500').some((r) => r.body.includes('h2')));
    await until('BinH empty', () => t.rt.messageStores.size('BinH') === 0);
    assert.equal(state('SkipH'), 'active');
    assert.equal(hits('/code/500').filter((r) => r.body.includes('h1')).length, 1);
  });
});

/**
 * MessageInjector (Synapse MessageInjector.execute; MI tests-service scheduledtask InjectToSequenceTestCase,
 * InjectToProxyTestCase, TaskWithLargeIntervalValueTestCase): the message goes in the SOAP 1.2 envelope of a new
 * message context unless the format says soap11 (SOAP 1.1) or pox (plain XML); a message for a sequence carries the
 * task's name in task.name; a registryKey names the message; an interval of months still fires the first run.
 */
describe('oracle s11 (H9): MessageInjector tasks', () => {
  it('formats, task.name, registryKey and a very long interval', async () => {
    const be = await startBackend();
    const task = (name: string, props: string, trigger = '<trigger count="1" interval="1"/>') =>
      `<task ${NS} name="${name}" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz">${trigger}${props}</task>`;
    const msg = (n: string) =>
      `<property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="message"><w:beat xmlns:w="urn:h9:beat"><w:n>${n}</w:n></w:beat></property>`;
    const toSeq = '<property name="injectTo" value="sequence"/><property name="sequenceName" value="Beat"/>';
    const t = await startRuntime({
      'T1.xml': task('BeatPlain', msg('plain') + toSeq),
      'T2.xml': task('BeatSoap11', msg('s11') + toSeq + '<property name="format" value="soap11"/>'),
      'T3.xml': task('BeatPox', msg('pox') + toSeq + '<property name="format" value="pox"/>'),
      'T4.xml': task(
        'BeatProxy',
        msg('proxy') +
          '<property name="injectTo" value="proxy"/><property name="proxyName" value="BeatProxy"/>',
      ),
      'T5.xml': task(
        'BeatKeyed',
        '<property name="registryKey" value="BeatEntry"/><property name="format" value="pox"/>' + toSeq,
      ),
      'T6.xml': task('BeatLong', msg('long') + toSeq, '<trigger count="2" interval="25920000"/>'),
      'BeatEntry.xml': `<localEntry ${NS} key="BeatEntry"><w:beat xmlns:w="urn:h9:beat"><w:n>keyed</w:n></w:beat></localEntry>`,
      'Beat.xml': `<sequence ${NS} name="Beat"><log level="custom"><property name="beat" expression="//*[local-name()='n']"/><property name="task" expression="get-property('task.name')"/></log>
        <call><endpoint><address uri="${be.url}/beat"/></endpoint></call><drop/></sequence>`,
      'BeatProxy.xml': `<proxy ${NS} name="BeatProxy"><target><inSequence><call><endpoint><address uri="${be.url}/beat-proxy"/></endpoint></call><drop/></inSequence></target></proxy>`,
    });
    try {
      await until('6 requests at the back end', () => be.requests.length >= 6);
      await new Promise((r) => setTimeout(r, 100));
      const at = (n: string) => be.requests.find((r) => r.body.includes(`<w:n>${n}</w:n>`));
      const soap12 = (n: string) =>
        `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><w:beat xmlns:w="urn:h9:beat"><w:n>${n}</w:n></w:beat></soapenv:Body></soapenv:Envelope>`;
      assert.equal(at('plain')?.body, soap12('plain'));
      assert.match(at('plain')?.headers['content-type'] ?? '', /^application\/soap\+xml/);
      assert.equal(at('proxy')?.body, soap12('proxy'));
      assert.equal(at('proxy')?.url, '/beat-proxy');
      assert.match(
        at('s11')?.body ?? '',
        /^<\?xml[^>]*><soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"><soapenv:Body><w:beat/,
      );
      assert.match(at('s11')?.headers['content-type'] ?? '', /^text\/xml/);
      assert.equal(at('pox')?.body, '<w:beat xmlns:w="urn:h9:beat"><w:n>pox</w:n></w:beat>');
      assert.match(at('pox')?.headers['content-type'] ?? '', /^application\/xml/);
      assert.equal(at('keyed')?.body, '<w:beat xmlns:w="urn:h9:beat"><w:n>keyed</w:n></w:beat>');
      assert.ok(t.logs.some((l) => l.message === 'beat = plain, task = BeatPlain'));
      // the interval of 300 days is not a timer that fires at once: one run only so far
      assert.equal(be.requests.filter((r) => r.body.includes('<w:n>long</w:n>')).length, 1);
    } finally {
      await t.close();
      await be.close();
    }
  });
});

/**
 * HTTP inbound endpoints (MI InboundHttpServerWorker.processRequest; tests-transport HttpInboundDispatchTestCase):
 * with a dispatch.filter.pattern the whole request URI must match it, then the message goes to an API or a proxy, or
 * to main when none takes it; a URI that does not match goes to main; without a pattern the endpoint's sequence
 * gets it, or main when that sequence is not deployed.
 */
describe('oracle s11 (H9): HTTP inbound endpoint dispatch', () => {
  let t: TestRuntime;
  let ports: number[];
  before(async () => {
    ports = [await freePort(), await freePort(), await freePort()];
    const inbound = (name: string, port: number, params: string, attrs = '') =>
      `<inboundEndpoint ${NS} name="${name}" protocol="http" suspend="false"${attrs}><parameters><parameter name="inbound.http.port">${port}</parameter>${params}</parameters></inboundEndpoint>`;
    const answer = (who: string) =>
      `<payloadFactory media-type="text"><format>${who}</format></payloadFactory><property name="messageType" value="text/plain" scope="axis2"/><respond/>`;
    t = await startRuntime({
      'GateA.xml': inbound(
        'GateA',
        ports[0],
        '<parameter name="dispatch.filter.pattern">/(shelf|services)/.*</parameter>',
        ' sequence="GateSeq"',
      ),
      'GateB.xml': inbound('GateB', ports[1], '', ' sequence="NoSuchSeq"'),
      'GateC.xml': inbound('GateC', ports[2], '', ' sequence="GateSeq"'),
      'GateSeq.xml': `<sequence ${NS} name="GateSeq">${answer('gate sequence')}</sequence>`,
      'main.xml': `<sequence ${NS} name="main">${answer('main')}</sequence>`,
      'Shelf.xml': api('Shelf', '/shelf', answer('shelf api')),
      'Bin.xml': `<proxy ${NS} name="BinProxy"><target><inSequence>${answer('bin proxy')}</inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
  });
  const get = async (port: number, path: string) =>
    (await send(`http://127.0.0.1:${port}${path}`, { body: '<q/>', type: 'application/xml' })).text;

  it('a matching URI goes to its API or proxy, or to main', async () => {
    assert.equal(await get(ports[0], '/shelf/top'), 'shelf api');
    assert.equal(await get(ports[0], '/services/BinProxy'), 'bin proxy');
    assert.equal(await get(ports[0], '/shelf-not/x'), 'main');
  });
  it('a URI the pattern does not match as a whole goes to main, not to the endpoint sequence', async () => {
    assert.equal(await get(ports[0], '/other/shelf/x'), 'main');
    assert.equal(await get(ports[0], '/'), 'main');
  });
  it('without a pattern: the endpoint sequence, or main when it is not deployed', async () => {
    assert.equal(await get(ports[2], '/shelf/top'), 'gate sequence');
    assert.equal(await get(ports[1], '/anything'), 'main');
  });
});

/**
 * VFS sender and listener (Synapse VFSTransportSender.sendMessage / populateResponseFile, VFSTransportListener.scanFileOrDirectory;
 * MI tests-transport VFSTransportTestCase proxies 25-27 and testVFSProxyInvalidURI): transport.vfs.CreateFolder=true on
 * the address makes a missing folder and writes the file in it, without it the address is the file; the file written
 * takes the polled file's LAST_MODIFIED time unless transport.vfs.UpdateLastModified=false; a FileURI that does not
 * exist is reported once.
 */
describe('oracle s11 (H9): VFS sender folders and times', () => {
  it('CreateFolder, UpdateLastModified and a missing FileURI', async () => {
    const root = mkdtempSync(join(tmpdir(), 'h9-vfs-'));
    const names = ['Made', 'Fresh', 'Plain'];
    for (const n of names) mkdirSync(join(root, n, 'in'), { recursive: true });
    const proxy = (n: string, out: string) =>
      `<proxy ${NS} name="${n}" transports="vfs"><parameter name="transport.vfs.FileURI">vfs:file://${root}/${n}/in</parameter>
         <parameter name="transport.vfs.ContentType">text/xml</parameter><parameter name="transport.vfs.FileNamePattern">.*\\.xml</parameter>
         <parameter name="transport.PollInterval">50ms</parameter><target><inSequence><property name="OUT_ONLY" value="true"/>
         <property name="transport.vfs.ReplyFileName" expression="$trp:FILE_NAME" scope="transport"/>
         <send><endpoint><address uri="vfs:file://${root}/${n}/${out}"/></endpoint></send></inSequence></target></proxy>`;
    const t = await startRuntime({
      'Made.xml': proxy('Made', 'made-out?transport.vfs.CreateFolder=true'),
      'Fresh.xml': proxy(
        'Fresh',
        'fresh-out?transport.vfs.UpdateLastModified=false&amp;transport.vfs.CreateFolder=true',
      ),
      'Plain.xml': proxy('Plain', 'plain_out'),
      'Nowhere.xml': `<proxy ${NS} name="Nowhere" transports="vfs"><parameter name="transport.vfs.FileURI">file://${root}/absent</parameter>
         <parameter name="transport.vfs.ContentType">text/xml</parameter><parameter name="transport.PollInterval">50ms</parameter>
         <target><inSequence><drop/></inSequence></target></proxy>`,
    });
    try {
      const then = new Date('2021-03-04T05:06:07Z');
      for (const n of names) {
        writeFileSync(join(root, n, 'in', 'card.xml'), `<card>${n}</card>`);
        utimesSync(join(root, n, 'in', 'card.xml'), then, then);
      }
      const made = join(root, 'Made', 'made-out', 'card.xml');
      const fresh = join(root, 'Fresh', 'fresh-out', 'card.xml');
      const plain = join(root, 'Plain', 'plain_out');
      // (written, then their time set: waited for, not a fixed 100 ms)
      await until(
        'the three files written and the kept times set',
        () =>
          [made, fresh, plain].every((f) => existsSync(f)) &&
          statSync(made).mtimeMs === then.getTime() &&
          statSync(plain).mtimeMs === then.getTime(),
      );
      assert.equal(readFileSync(made, 'utf8'), '<card>Made</card>');
      assert.equal(statSync(made).mtimeMs, then.getTime());
      assert.notEqual(statSync(fresh).mtimeMs, then.getTime());
      assert.ok(statSync(plain).isFile());
      assert.equal(statSync(plain).mtimeMs, then.getTime());
      await until('the missing FileURI warning', () =>
        t.logs.some((l) => l.message.includes('/absent is invalid. File does not exists')),
      );
      await new Promise((r) => setTimeout(r, 150));
      assert.equal(t.logs.filter((l) => l.message.includes('/absent is invalid')).length, 1);
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * ActionAfterProcess NONE (MI tests-transport InboundEndpointContentTypePlainTest): a VFS proxy leaves the file
 * (PollTableEntry NONE), a file inbound endpoint knows only MOVE and deletes it (FilePollingConsumer
 * moveOrDeleteAfterProcessing); the text/plain file reaches the sequence as text.
 */
describe('oracle s11 (H9): ActionAfterProcess NONE', () => {
  it('a file inbound endpoint deletes the file, a VFS proxy leaves it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'h9-none-'));
    for (const d of ['ib', 'px']) mkdirSync(join(root, d));
    const params = (dir: string) =>
      `<parameter name="transport.vfs.FileURI">file://${root}/${dir}</parameter><parameter name="transport.vfs.ContentType">text/plain</parameter>
       <parameter name="transport.vfs.ActionAfterProcess">NONE</parameter><parameter name="transport.vfs.ActionAfterFailure">NONE</parameter>`;
    const t = await startRuntime({
      'Ib.xml': `<inboundEndpoint ${NS} name="NoneIb" protocol="file" sequence="NoneSeq" suspend="false"><parameters>
          <parameter name="interval">50</parameter>${params('ib')}</parameters></inboundEndpoint>`,
      'Px.xml': `<proxy ${NS} name="NonePx" transports="vfs">${params('px')}<parameter name="transport.PollInterval">50ms</parameter>
          <parameter name="transport.vfs.FileNamePattern">.*\\.txt</parameter>
          <target inSequence="NoneSeq"/></proxy>`,
      'NoneSeq.xml': `<sequence ${NS} name="NoneSeq"><log level="custom"><property name="read" expression="//*[local-name()='text']"/></log><drop/></sequence>`,
    });
    try {
      writeFileSync(join(root, 'ib', 'note.txt'), 'inbound note');
      writeFileSync(join(root, 'px', 'note.txt'), 'proxy note');
      await until('both files read', () =>
        ['read = inbound note', 'read = proxy note'].every((m) => t.logs.some((l) => l.message === m)),
      );
      await until('the inbound file deleted', () => !existsSync(join(root, 'ib', 'note.txt')));
      assert.ok(existsSync(join(root, 'px', 'note.txt')));
    } finally {
      await t.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

/**
 * An in-memory store keeps a clone of the message context (MessageStoreMediator.mediate clones it, InMemoryProducer
 * queues the clone) and marks RESPONSE_WRITTEN=SKIP, so without FORCE_SC_ACCEPTED the client gets no 202 and a
 * respond in the processor's reply sequence answers it with the back end's answer (MI tests-mediator-1
 * message/store/test DynamicMessageRoutingTestCase: a store named by an expression, target.endpoint on the message).
 * The respond makes the reply sequence answer false, so the forwarding is tried again (ForwardingService).
 */
describe('oracle s11 (H9): a stored message answers its client', () => {
  it('the reply sequence of an in-memory store processor responds to the waiting client', async () => {
    const be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(`<echoed>${req.body}</echoed>`);
    });
    const t = await startRuntime({
      'Route.xml': `<proxy ${NS} name="RouteByName" transports="http,https"><target><inSequence>
          <property name="target.endpoint" value="EchoEp"/><store messageStore="{//bin}"/></inSequence></target></proxy>`,
      'EchoEp.xml': `<endpoint ${NS} name="EchoEp"><address uri="${be.url}/echo"/></endpoint>`,
      'Tray7.xml': `<messageStore ${NS} name="tray7"/>`,
      'Tray7MP.xml': mp('Tray7MP', 'tray7', 'EchoEp', {
        'max.delivery.attempts': '2',
        'message.processor.reply.sequence': 'AnswerBack',
      }).replace(' targetEndpoint="EchoEp"', ''),
      'AnswerBack.xml': `<sequence ${NS} name="AnswerBack"><respond/></sequence>`,
    });
    try {
      const r = await send(`${t.base}/services/RouteByName`, {
        body: '<order><bin>tray7</bin></order>',
        type: 'application/xml',
      });
      assert.equal(r.status, 200);
      assert.equal(r.text, '<echoed><order><bin>tray7</bin></order></echoed>');
      await until(
        'Tray7MP inactive',
        () => t.rt.list().find((a) => a.name === 'Tray7MP')?.state === 'inactive',
      );
      assert.equal(be.requests.length, 2);
    } finally {
      await t.close();
      await be.close();
    }
  });
});

/**
 * APIs bound to inbound endpoints (Synapse InboundApiUtils / InboundApiHandler / RestRequestHandler / ApiUtils.isBound,
 * MI InboundHttpServerWorker; MI tests-transport HttpInboundTransportTestCase): an API with binds-to is served by the
 * named HTTP inbound endpoints (`default`: the HTTP listener), a resource with its own binds-to only there; an API
 * without binds-to is the listener's, and an inbound endpoint reaches it only through its dispatch.filter.pattern.
 */
describe('oracle s11 (H9): binds-to', () => {
  it('serves each API and resource on the listeners it is bound to', async () => {
    const port = await freePort();
    const text = (v: string) =>
      `<payloadFactory media-type="text"><format>${v}</format></payloadFactory><property name="messageType" value="text/plain" scope="axis2"/><respond/>`;
    const t = await startRuntime({
      'Dock.xml': `<inboundEndpoint ${NS} name="DockIn" protocol="http" sequence="DockSeq" suspend="false"><parameters>
          <parameter name="inbound.http.port">${port}</parameter></parameters></inboundEndpoint>`,
      'DockSeq.xml': `<sequence ${NS} name="DockSeq">${text('dock sequence')}</sequence>`,
      'Bound.xml': `<api ${NS} name="BoundApi" context="/bound" binds-to="DockIn, default">
          <resource methods="GET" uri-template="/both"><inSequence>${text('both')}</inSequence></resource>
          <resource methods="GET" uri-template="/dock" binds-to="DockIn"><inSequence>${text('dock only')}</inSequence></resource></api>`,
      'Only.xml': `<api ${NS} name="OnlyDock" context="/only" binds-to="DockIn"><resource methods="GET"><inSequence>${text('only dock')}</inSequence></resource></api>`,
      'Plain.xml': api('PlainApi', '/plain', text('plain'), 'methods="GET"'),
    });
    try {
      const on = async (base: string, path: string) => {
        const r = await send(`${base}${path}`);
        return `${r.status} ${r.text}`;
      };
      const dock = `http://127.0.0.1:${port}`;
      assert.equal(await on(dock, '/bound/both'), '200 both');
      assert.equal(await on(dock, '/bound/dock'), '200 dock only');
      assert.equal(await on(dock, '/only'), '200 only dock');
      assert.equal(await on(dock, '/plain'), '200 dock sequence');
      assert.equal(await on(t.base, '/bound/both'), '200 both');
      assert.equal((await on(t.base, '/bound/dock')).slice(0, 3), '404');
      assert.equal((await on(t.base, '/only')).slice(0, 3), '404');
      assert.equal(await on(t.base, '/plain'), '200 plain');
    } finally {
      await t.close();
    }
  });
});

describe('oracle s11 (H9): is.active', () => {
  it('only "true" (any case) deploys a processor active (ScheduledMessageProcessor: Boolean.valueOf)', async () => {
    const t = await startRuntime({
      'Bin.xml': `<messageStore ${NS} name="IdleBin"/>`,
      ...Object.fromEntries(
        ['TRUE', 'no', 'False'].map((v, i) => [
          `Idle${i}.xml`,
          mp(`Idle${i}`, 'IdleBin', 'IdleEp', { 'is.active': v }),
        ]),
      ),
      'IdleEp.xml': `<endpoint ${NS} name="IdleEp"><address uri="http://127.0.0.1:9/idle"/></endpoint>`,
    });
    try {
      const state = (n: string) => t.rt.list().find((a) => a.name === n)?.state;
      assert.deepEqual([state('Idle0'), state('Idle1'), state('Idle2')], ['active', 'inactive', 'inactive']);
    } finally {
      await t.close();
    }
  });
});

/**
 * FailoverScheduledMessageForwardingProcessor (Synapse FailoverForwardingService.dispatch; MI tests-mediator-2
 * message/processor/test/failover/FailoverForwardingProcessorTestCase): it moves the messages of its store to the store
 * named by message.target.store.name, where another processor forwards them.
 */
describe('oracle s11 (H9): failover forwarding processor', () => {
  it('moves each stored message to the target store', async () => {
    const be = await startBackend((_req, res) => {
      res.writeHead(202);
      res.end();
    });
    const t = await startRuntime({
      'First.xml': `<messageStore ${NS} name="FirstBin"/>`,
      'Backup.xml': `<messageStore ${NS} name="BackupBin"/>`,
      'Mover.xml': `<messageProcessor ${NS} name="Mover" class="org.apache.synapse.message.processor.impl.failover.FailoverScheduledMessageForwardingProcessor" messageStore="FirstBin">
          <parameter name="interval">40</parameter><parameter name="message.target.store.name">BackupBin</parameter></messageProcessor>`,
      'Courier.xml': mp('Courier', 'BackupBin', 'CourierEp', {}),
      'CourierEp.xml': `<endpoint ${NS} name="CourierEp"><address uri="${be.url}/courier"/></endpoint>`,
      'In.xml': storeApi('ToFirst', 'FirstBin', '<property name="OUT_ONLY" value="true"/>'),
    });
    try {
      assert.equal(
        await send(`${t.base}/tofirst`, { body: '<parcel>p1</parcel>', type: 'application/xml' }).then(
          (r) => r.status,
        ),
        202,
      );
      await until('the parcel at the back end', () => be.requests.length === 1);
      assert.equal(be.requests[0].body, '<parcel>p1</parcel>');
      assert.equal(t.rt.messageStores.size('FirstBin'), 0);
      assert.equal(t.rt.messageStores.size('BackupBin'), 0);
    } finally {
      await t.close();
      await be.close();
    }
  });
});
