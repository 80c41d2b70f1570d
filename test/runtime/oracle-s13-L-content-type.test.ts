/**
 * Session 13 (L): an axis2 ContentType the flow sets without a messageType (own fixtures). The message keeps its
 * formatter (its own type), and the Content-Type names the property: PassThroughHttpSender.setContentType for the
 * answer (the property, `; charset=` of the message appended when it has none), JsonStreamFormatter /
 * ApplicationXMLFormatter / PlainTextFormatter.getContentType for a call; relayed unbuilt, the property as it is
 * (SourceResponseFactory). No MI test sets ContentType alone: the sources prove it.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S13 L: ContentType set without messageType names the message (PassThroughHttpSender.setContentType, formatters getContentType)', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ type: req.headers['content-type'] ?? null, body: req.body }));
    });
    const named = (v: string): string => `<property name="ContentType" value="${v}" scope="axis2"/>`;
    const built = '<log level="full"/>';
    const r = (uri: string, body: string): string =>
      `<resource methods="POST" uri-template="/${uri}"><inSequence>${body}</inSequence></resource>`;
    t = await startRuntime({
      'Labels.xml': `<api ${NS} name="Labels" context="/labels">
        ${r('vendor', `${built}${named('application/vnd.label+json')}<respond/>`)}
        ${r('csv', `${built}${named('text/csv')}<respond/>`)}
        ${r('relayed', `${named('application/vnd.label+json')}<respond/>`)}
        ${r('bare', `${built}${named('application/vnd.label+json')}<property name="setCharacterEncoding" value="false" scope="axis2"/><respond/>`)}
        ${r('out', `${built}${named('application/vnd.label+json')}<call><endpoint><http method="post" uri-template="${backend.url}/o"/></endpoint></call><respond/>`)}
        ${r('outsoap', `${built}${named('text/xml')}<call><endpoint><http method="post" uri-template="${backend.url}/s"/></endpoint></call><respond/>`)}
        ${r('outraw', `${named('application/vnd.label+json')}<call><endpoint><http method="post" uri-template="${backend.url}/r"/></endpoint></call><respond/>`)}
      </api>`,
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('a built answer is named by the property with the charset, its body as its own type wrote it', async () => {
    const json = await send(`${t.base}/labels/vendor`, { body: '{"tag":7}', type: 'application/json' });
    assert.equal(json.headers.get('content-type'), 'application/vnd.label+json; charset=UTF-8');
    assert.equal(json.text, '{"tag":7}');
    // the XML formatter keeps writing XML (messageType is still application/xml)
    const xml = await send(`${t.base}/labels/vendor`, { body: '<tag>7</tag>', type: 'application/xml' });
    assert.equal(xml.headers.get('content-type'), 'application/vnd.label+json; charset=UTF-8');
    assert.equal(xml.text, '<tag>7</tag>');
    const text = await send(`${t.base}/labels/csv`, { body: 'a,b', type: 'text/plain' });
    assert.equal(text.headers.get('content-type'), 'text/csv; charset=UTF-8');
    assert.equal(text.text, 'a,b');
    // setCharacterEncoding false: no charset appended
    const bare = await send(`${t.base}/labels/bare`, { body: '{"tag":7}', type: 'application/json' });
    assert.equal(bare.headers.get('content-type'), 'application/vnd.label+json');
  });

  it('an answer relayed unbuilt carries the property as it is (SourceResponseFactory)', async () => {
    const r = await send(`${t.base}/labels/relayed`, { body: '{"tag":7}', type: 'application/json' });
    assert.equal(r.headers.get('content-type'), 'application/vnd.label+json');
    assert.equal(r.text, '{"tag":7}');
  });

  it('a call names the back-end request by the property as it is, built or not: MI preserves Content-Type towards back ends by default (http.headers.preserve=Content-Type: TargetRequestFactory.getContentType takes the axis2 CONTENT_TYPE, not the formatter; MI ESBJAVA4631PreserveContentTypeHeaderTestCase)', async () => {
    const out = (
      await send(`${t.base}/labels/out`, { body: '{"tag":7}', type: 'application/json' })
    ).json() as {
      type: string;
      body: string;
    };
    assert.equal(out.type, 'application/vnd.label+json');
    assert.equal(out.body, '{"tag":7}');
    // a SOAP type in the property goes as it is too (the body is the messageType's, application/xml)
    const soap = (
      await send(`${t.base}/labels/outsoap`, { body: '<tag>7</tag>', type: 'application/xml' })
    ).json() as {
      type: string;
      body: string;
    };
    assert.equal(soap.type, 'text/xml');
    assert.equal(soap.body, '<tag>7</tag>');
    const raw = (
      await send(`${t.base}/labels/outraw`, { body: '{"tag":7}', type: 'application/json' })
    ).json() as {
      type: string;
    };
    assert.equal(raw.type, 'application/vnd.label+json');
  });
});
