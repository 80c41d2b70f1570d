/**
 * Session 13 (L): writers other than the answer write a built form or untyped request as MI's formatter for its
 * messageType does (own fixtures). ServerWorker.handleRESTUrlPost gives such a request the messageType
 * application/xml (its ContentType stays the form type, or application/octet-stream): a message store keeps that
 * built context (MessageStoreMediator clones it), so a forwarding processor sends `<xformValues>…` named by the form
 * type (ApplicationXMLFormatter.getContentType); the File connector's write goes through the same formatter.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('oracle S13 L: stored and written form requests go by messageType application/xml (ServerWorker.handleRESTUrlPost, ApplicationXMLFormatter)', () => {
  let t: TestRuntime;
  let backend: Backend;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 's13-l-writers-'));
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
    t = await startRuntime({
      'Kiln.xml': api(
        'Kiln',
        '/kiln',
        `<log level="full"/><property name="FORCE_SC_ACCEPTED" value="true" scope="axis2"/><store messageStore="KilnStore"/>`,
      ),
      'KilnStore.xml': `<messageStore ${NS} name="KilnStore"/>`,
      'KilnEP.xml': `<endpoint ${NS} name="KilnEP"><http method="post" uri-template="${backend.url}/fired"/></endpoint>`,
      'KilnMP.xml': `<messageProcessor ${NS} name="KilnMP" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="KilnStore" targetEndpoint="KilnEP">
          <parameter name="interval">30</parameter><parameter name="message.processor.reply.sequence">KilnReply</parameter></messageProcessor>`,
      'KilnReply.xml': `<sequence ${NS} name="KilnReply"><drop/></sequence>`,
      'Shelf.xml': `<localEntry ${NS} key="Shelf"><file.init><connectionType>LOCAL</connectionType><name>Shelf</name>
        <workingDir>${dir}</workingDir><fileLockScheme>Local</fileLockScheme></file.init></localEntry>`,
      'Glaze.xml': api(
        'Glaze',
        '/glaze',
        `<log level="full"/><file.write configKey="Shelf"><filePath>/glaze.xml</filePath><writeMode>Overwrite</writeMode>
           <responseVariable>w</responseVariable><overwriteBody>false</overwriteBody></file.write><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a built form request stored and forwarded goes as <xformValues> named application/x-www-form-urlencoded', async () => {
    const r = await send(`${t.base}/kiln`, {
      body: 'pot=vase&temp=1200',
      type: 'application/x-www-form-urlencoded',
    });
    assert.equal(r.status, 202);
    await until('the forwarded request', () => backend.requests.length >= 1);
    const got = backend.requests[0];
    assert.equal(got.headers['content-type'], 'application/x-www-form-urlencoded; charset=UTF-8');
    assert.equal(got.body, '<xformValues><pot>vase</pot><temp>1200</temp></xformValues>');
  });

  it('the File connector writes a built form request as <xformValues> (WriteFile: the message formatter of its messageType)', async () => {
    const r = await send(`${t.base}/glaze`, { body: 'tone=blue', type: 'application/x-www-form-urlencoded' });
    assert.equal(r.status, 200);
    assert.equal(
      readFileSync(join(dir, 'glaze.xml'), 'utf8'),
      '<xformValues><tone>blue</tone></xformValues>',
    );
  });
});
