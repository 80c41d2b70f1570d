/**
 * Session 13 (L): the charset a formatter writes a body in when its type names none (own fixtures). It is the
 * message's CHARACTER_SET_ENCODING, the request's charset (ServerWorker), which stays when a mediator replaces the body
 * or its type: JsonStreamFormatter/PlainTextFormatter write in OMOutputFormat's charset (JsonUtil.writeJsonStream turns a
 * JSON stream's bytes into it, '?' for what it cannot hold) and PassThroughHttpSender.setContentType names it.
 * No MI test (sources).
 */
import assert from 'node:assert/strict';
import { NS, startRuntime, type TestRuntime } from './helpers';

describe('oracle S13 L: a new body or type keeps the request charset (OMOutputFormat CHARACTER_SET_ENCODING, JsonUtil.writeJsonStream)', () => {
  let t: TestRuntime;
  before(async () => {
    const r = (uri: string, body: string): string =>
      `<resource methods="POST" uri-template="/${uri}"><inSequence>${body}<respond/></inSequence></resource>`;
    t = await startRuntime({
      'Mugs.xml': `<api ${NS} name="Mugs" context="/mugs">
        ${r('json', '<payloadFactory media-type="json"><format>{"mug":"Tée €"}</format><args/></payloadFactory>')}
        ${r('text', '<payloadFactory media-type="text"><format>Tée €</format><args/></payloadFactory>')}
        ${r('type', '<property name="messageType" value="application/json" scope="axis2"/>')}
      </api>`,
    });
  });
  after(() => t?.close());

  const post = async (uri: string, type: string, body: string): Promise<[string | null, string]> => {
    const r = await fetch(`${t.base}/mugs/${uri}`, {
      method: 'POST',
      headers: { 'content-type': type },
      body: Buffer.from(body, 'latin1'),
    });
    return [r.headers.get('content-type'), Buffer.from(await r.arrayBuffer()).toString('latin1')];
  };

  it('payloadFactory JSON and text answer an ISO-8859-1 request in ISO-8859-1 ("?" for €)', async () => {
    const latin1 = 'application/xml; charset=ISO-8859-1';
    assert.deepEqual(await post('json', latin1, '<m/>'), [
      'application/json; charset=ISO-8859-1',
      '{"mug":"Tée ?"}',
    ]);
    assert.deepEqual(await post('text', latin1, '<m/>'), ['text/plain; charset=ISO-8859-1', 'Tée ?']);
    // a request without a charset: UTF-8
    const [type, body] = await post('json', 'application/xml', '<m/>');
    assert.equal(type, 'application/json; charset=UTF-8');
    assert.equal(Buffer.from(body, 'latin1').toString('utf8'), '{"mug":"Tée €"}');
  });

  it('messageType application/json on an ISO-8859-1 XML request: JSON in ISO-8859-1', async () => {
    assert.deepEqual(await post('type', 'application/xml; charset=ISO-8859-1', '<m>Tée</m>'), [
      'application/json; charset=ISO-8859-1',
      '{"m":"Tée"}',
    ]);
  });
});
