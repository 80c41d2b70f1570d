/**
 * Session 13, S8: the properties MI's documentation lists (docs-mi reference/mediators/property-reference: generic,
 * HTTP transport, axis2, message context properties), checked against what MI's sources do with them. Our own API
 * names and payloads; each case names the page and the MI/Synapse source (and MI test class, where there is one).
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('oracle S13 S8: HTTP_ETAG (axis2-properties page; PassThroughHttpSender.submitResponse, DOMHASHGenerator; MI CacheControlHeadersTestCase back end)', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<tally><n>8</n></tally>');
    });
    t = await startRuntime({
      'TagEcho.xml': api(
        'TagEcho',
        '/tag-echo',
        `<property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/><respond/>`,
      ),
      'TagMade.xml': api(
        'TagMade',
        '/tag-made',
        `<payloadFactory media-type="xml"><format><tally xmlns=""><n>$1</n></tally></format>
           <args><arg expression="get-property('uri.var.n')"/></args></payloadFactory>
         <property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/>
         <respond/>`,
        'methods="POST" uri-template="/{n}"',
      ),
      'TagAfterCall.xml': api(
        'TagAfterCall',
        '/tag-after-call',
        `<call><endpoint><address uri="${backend.url}/tally"/></endpoint></call>
         <property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/>
         <respond/>`,
      ),
      'TagBeforeCall.xml': api(
        'TagBeforeCall',
        '/tag-before-call',
        `<property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/>
         <call><endpoint><address uri="${backend.url}/tally"/></endpoint></call>
         <respond/>`,
      ),
      'TagJson.xml': api(
        'TagJson',
        '/tag-json',
        `<property name="HTTP_ETAG" value="true" scope="axis2" type="BOOLEAN"/><respond/>`,
      ),
      'NoTag.xml': api('NoTag', '/no-tag', `<respond/>`),
    });
  });
  after(async () => {
    await t?.close();
    await backend?.close();
  });

  it('the SOAP Body of a relayed envelope (its white space text counted, a comment not) is hashed into a quoted ETag', async () => {
    const envelope =
      `<s:Envelope xmlns:s="${SOAP11}">\n  <s:Body>\n` +
      '    <q:stock xmlns:q="urn:quotes" market="X"><q:sym>ACME</q:sym><!-- note --></q:stock>\n' +
      '  </s:Body>\n</s:Envelope>';
    const r = await send(`${t.base}/tag-echo`, {
      body: envelope,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:stock' },
    });
    assert.equal(r.status, 200, r.text);
    // MD5 DOMHASH of the Body element, each byte printed as a signed decimal (DOMHASHGenerator.getStringRepresentation)
    assert.equal(r.headers.get('etag'), '"125107-4019-29-10107-50-11124-6-79-63-30103-96"');
    assert.ok(r.text.includes('<q:sym>ACME</q:sym>'), r.text);
  });

  it('a payload the flow made: the same body gives the same ETag, another body another one', async () => {
    const seven = await send(`${t.base}/tag-made/7`, { body: '<x/>', type: 'application/xml' });
    const again = await send(`${t.base}/tag-made/7`, { body: '<y/>', type: 'application/xml' });
    const eight = await send(`${t.base}/tag-made/8`, { body: '<x/>', type: 'application/xml' });
    assert.equal(seven.headers.get('etag'), '"6026-11711841-1238-63-51-41-1-67-126-31-104-20"');
    assert.equal(again.headers.get('etag'), seven.headers.get('etag'));
    assert.equal(eight.headers.get('etag'), '"-6067-48-68-106-375138-18-23-423167-32-50-87"');
  });

  it("set on the back end's answer it tags that answer; set before the call it is lost with the request's axis2 scope", async () => {
    const after = await send(`${t.base}/tag-after-call`);
    assert.equal(after.status, 200, after.text);
    // the back end's <tally><n>8</n></tally>, built into a SOAP 1.1 body
    assert.equal(after.headers.get('etag'), '"-6067-48-68-106-375138-18-23-423167-32-50-87"');
    const before = await send(`${t.base}/tag-before-call`);
    assert.equal(before.status, 200, before.text);
    assert.equal(before.headers.get('etag'), null);
  });

  it('a JSON payload is hashed through its XML form; without the property no ETag', async () => {
    const a = await send(`${t.base}/tag-json`, { body: '{"k":1}', type: 'application/json' });
    const b = await send(`${t.base}/tag-json`, { body: '{"k":2}', type: 'application/json' });
    assert.match(a.headers.get('etag') ?? '', /^"[-0-9]+"$/);
    assert.notEqual(a.headers.get('etag'), b.headers.get('etag'));
    assert.deepEqual(a.json(), { k: 1 });
    const none = await send(`${t.base}/no-tag`, { body: '{"k":1}', type: 'application/json' });
    assert.equal(none.headers.get('etag'), null);
  });
});
