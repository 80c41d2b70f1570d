/**
 * Session 12, review R2 (our own fixtures and values): fixes found while reviewing a3cd5fb..d751fe1.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS, rawRequest, startProjectRuntime, startRuntime, type TestRuntime } from './helpers';
import { until } from '../support';

/** A request with exactly the headers given (fetch would add a Content-Type to a body). */
const raw = (url: string, method: string, body?: string, headers: Record<string, string> = {}) =>
  rawRequest(url, method, {
    headers: body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers,
    body,
  });

describe('oracle S12 (review R2)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Crates.xml': `<api ${NS} name="Crates" context="/crates">
        <resource methods="GET POST PUT DELETE HEAD" uri-template="/type"><inSequence>
          <property name="mt" expression="get-property('axis2','messageType')"/>
          <log level="custom"><property name="crateType" expression="$ctx:mt"/></log>
          <payloadFactory media-type="text"><format>[$1]</format><args><arg expression="$ctx:mt"/></args></payloadFactory>
          <respond/></inSequence></resource></api>`,
      'Bins.xml': `<api ${NS} name="Bins" context="/bins">
        <resource methods="GET" uri-template="/empty"><inSequence>
          <payloadFactory media-type="json"><format>{"bin":1}</format><args/></payloadFactory>
          <property name="NO_ENTITY_BODY" value="true" type="BOOLEAN" scope="axis2"/>
          <filter source="$url:flat" regex="yes"><then><property name="DISABLE_CHUNKING" value="true" scope="axis2"/></then></filter>
          <respond/></inSequence></resource></api>`,
      'Dice.xml': `<api ${NS} name="Dice" context="/dice">
        <resource methods="GET" uri-template="/roll"><inSequence>
          <script language="js"><![CDATA[
            try { java.lang.Math.max = function () { return 42; }; } catch (e) {}
            try { java.util.UUID = null; } catch (e) {}
            mc.setProperty('top', String(java.lang.Math.max(3, 5)) + ' ' + typeof java.util.UUID.randomUUID);
            java = undefined;
          ]]></script>
          <payloadFactory media-type="text"><format>$1</format><args><arg expression="$ctx:top"/></args></payloadFactory>
          <respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('a request without Content-Type has messageType application/xml whatever its method (ServerWorker.handleRESTUrlPost)', async () => {
    const url = `${t.base}/crates/type`;
    assert.equal((await raw(url, 'POST', '<crate/>')).text, '[application/xml]');
    assert.equal((await raw(url, 'PUT')).text, '[application/xml]');
    assert.equal((await raw(url, 'DELETE')).text, '[application/xml]');
    const head = await raw(url, 'HEAD');
    assert.equal(head.status, 200);
    const lines = t.logs.map((l) => l.message).filter((m) => m.includes('crateType = '));
    assert.match(lines[lines.length - 1], /crateType = application\/xml$/);
    // with a Content-Type: its base type, except for a REST invocation (GET, HEAD, OPTIONS), which gets none
    const typed = { 'content-type': 'application/json; charset=UTF-8' };
    assert.equal((await raw(url, 'POST', '{"crate":1}', typed)).text, '[application/json]');
    assert.equal((await raw(url, 'HEAD', undefined, typed)).status, 200);
    const last = t.logs.map((l) => l.message).filter((m) => m.includes('crateType = '));
    assert.match(last[last.length - 1], /crateType = $/);
  });

  it('the Java classes of the shim (javaShim.ts) are there at every run of a script, and no script changes them', async () => {
    const first = await raw(`${t.base}/dice/roll`, 'GET');
    assert.equal(first.text, '5 function');
    assert.equal(Math.max(3, 5), 5);
    assert.equal((await raw(`${t.base}/dice/roll`, 'GET')).text, '5 function');
  });

  it("an inbound parameter by registry key: a text resource's lines without the final newline; an XML one is refused (MicroIntegratorRegistry.lookup)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'r2-inreg-'));
    const inbound = (name: string, key: string) =>
      `<inboundEndpoint ${NS} name="${name}" sequence="Polled" onError="fault" protocol="file" suspend="false"><parameters>
        <parameter name="interval">50</parameter><parameter name="transport.vfs.FileURI" key="${key}"/>
        <parameter name="transport.vfs.FileNamePattern">.*\\.txt</parameter><parameter name="transport.vfs.ContentType">text/plain</parameter>
        <parameter name="transport.vfs.ActionAfterProcess">DELETE</parameter></parameters></inboundEndpoint>`;
    const p = await startProjectRuntime(
      {
        'pom.xml': '<project><artifactId>RegR2</artifactId><version>1.0.0</version></project>',
        // as an editor saves it: a final newline
        'src/main/wso2mi/resources/registry/gov/r2/dir.txt': `file://${dir}\n`,
        'src/main/wso2mi/resources/registry/gov/r2/dir.xml': `<dir>file://${dir}</dir>`,
        'src/main/wso2mi/artifacts/inbound-endpoints/Shelf.xml': inbound('Shelf', 'gov:/r2/dir.txt'),
        'src/main/wso2mi/artifacts/inbound-endpoints/Drawer.xml': inbound('Drawer', 'gov:/r2/dir.xml'),
        'src/main/wso2mi/artifacts/sequences/Polled.xml': `<sequence ${NS} name="Polled"><log level="custom"><property name="polled" expression="$body/*"/></log></sequence>`,
      },
      'r2-inreg',
    );
    try {
      writeFileSync(join(dir, 'crate.txt'), 'apples');
      // (the file is deleted after its message is mediated)
      await until(
        'the file mediated and deleted',
        () => p.logs.some((l) => l.message === 'polled = apples') && readdirSync(dir).length === 0,
      );
      assert.equal(p.logs.find((l) => l.message === 'polled = apples')?.artifact, 'inbound:Shelf');
      assert.deepEqual(readdirSync(dir), []);
      assert.ok(
        p.logs.some(
          (l) =>
            l.level === 'ERROR' &&
            l.message ===
              'Error while deploying inbound endpoint Drawer.Registry entry defined with key: gov:/r2/dir.xml not found.',
        ),
      );
    } finally {
      await p.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an answer with NO_ENTITY_BODY and DISABLE_CHUNKING: no length and no Content-Type (checkResponseChunkDisable)', async () => {
    const plain = await raw(`${t.base}/bins/empty`, 'GET');
    assert.equal(plain.headers['transfer-encoding'], 'chunked');
    assert.equal(plain.headers['content-type'], 'application/json');
    const flat = await raw(`${t.base}/bins/empty?flat=yes`, 'GET');
    assert.equal(flat.status, 200);
    assert.equal(flat.text, '');
    assert.equal(flat.headers['content-length'], undefined);
    assert.equal(flat.headers['transfer-encoding'], 'chunked');
    assert.equal(flat.headers['content-type'], undefined);
  });
});
