/**
 * Session 16 (J8): the bytes MI writes for a SOAP or POX message after a content-changing mediator.
 *
 * How the expectations were made: read from the sources MI 4.4 runs, not from its tests. A message no content-aware
 * mediator touched goes out as its bytes (pass-through: PassThroughHttpSender streams the pipe). A built message goes
 * through the formatter of its type: SOAPMessageFormatter.writeTo serializes the Axiom envelope
 * (axiom-impl SOAPEnvelopeImpl.internalSerialize: the XML declaration first unless OMOutputFormat
 * isIgnoreXMLDeclaration, which the axis2 property WRITE_XML_DECLARATION="false" sets; then only the Header, when it
 * has a child node, and the Body: the empty `<soapenv:Header/>` and the white space between the envelope's children
 * are not written); the declaration is Woodstox's writeStartDocument (single quotes; checked with woodstox-core 6.5.1,
 * MI ships 4.4.1: same writer). ApplicationXMLFormatter writes the body's first element only, after its own
 * double-quoted declaration when WRITE_XML_DECLARATION is "true" (XML_DECLARATION_ENCODING, which ApplicationXMLBuilder
 * sets from the request's declaration when it differs from the charset, XML_DECLARATION_STANDALONE). The mediators
 * place their result as their Java code does (setPayloadXML: insertSiblingAfter + detach; payloadFactory:
 * removeJsonPayload empties the body). Our own API names and payloads.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const DECL = "<?xml version='1.0' encoding='UTF-8'?>";
const soapRequest = (ns: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<se:Envelope xmlns:se="${ns}" xmlns:q="urn:quote">\n   <se:Header/>\n   <se:Body>\n      <q:ask>\n         <q:sym>ACME</q:sym>\n      </q:ask>\n   </se:Body>\n</se:Envelope>`;
const env = (ns: string, body: string, header = '') =>
  `<se:Envelope xmlns:se="${ns}" xmlns:q="urn:quote">${header}<se:Body>${body}</se:Body></se:Envelope>`;
// the envelope as MI's builder parsed it, not read to its end: SOAPEnvelopeImpl.internalSerialize's
// serializeByPullStream keeps the empty Header and the white space between the envelope's children (session 17 A1,
// Axiom 1.2.11-wso2 oracle; see oracle-s17-A1-envelope.test.ts)
const asParsed = (ns: string, body: string, header = '<se:Header/>') =>
  `<se:Envelope xmlns:se="${ns}" xmlns:q="urn:quote">\n   ${header}\n   <se:Body>${body}</se:Body>\n</se:Envelope>`;
const ASK = '\n      <q:ask>\n         <q:sym>ACME</q:sym>\n      </q:ask>\n   ';
const XSL = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:q="urn:quote"><xsl:template match="/"><r:got xmlns:r="urn:r"><xsl:value-of select="//q:sym"/></r:got></xsl:template></xsl:stylesheet>`;
const POX = `<?xml version="1.0" encoding="utf-8"?>\n<!-- note -->\n<a xmlns="urn:a">\n <b>1</b>\n</a>\n`;
const DECLARE = `<property name="WRITE_XML_DECLARATION" value="true" scope="axis2"/>`;

describe('oracle s16 J8: the SOAP envelope and XML declaration MI writes after a mediator', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'tx.xml': `<localEntry xmlns="http://ws.apache.org/ns/synapse" key="j8-tx">${XSL}</localEntry>`,
      'p.xml': api('J8Prop', '/j8/prop', `<property name="seen" value="1"/><respond/>`),
      'x.xml': api('J8Xslt', '/j8/xslt', `<xslt key="j8-tx"/><respond/>`),
      'pf.xml': api(
        'J8Pf',
        '/j8/pf',
        `<payloadFactory media-type="xml"><format><r:n xmlns:r="urn:r">$1</r:n></format><args><arg expression="//q:sym" xmlns:q="urn:quote"/></args></payloadFactory><respond/>`,
      ),
      's.xml': api(
        'J8Script',
        '/j8/script',
        `<script language="js">mc.setPayloadXML('&lt;r:s xmlns:r="urn:r"&gt;1&lt;/r:s&gt;');</script><respond/>`,
      ),
      'h.xml': api('J8Header', '/j8/header', `<header name="h:k" xmlns:h="urn:h" value="v"/><respond/>`),
      'nd.xml': api(
        'J8NoDecl',
        '/j8/nodecl',
        `<log level="full"/><property name="WRITE_XML_DECLARATION" value="false" scope="axis2"/><respond/>`,
      ),
      'pd.xml': api('J8PoxDecl', '/j8/poxdecl', `<log level="full"/>${DECLARE}<respond/>`),
      'pdo.xml': api('J8PoxDeclOnly', '/j8/poxdecl-only', `${DECLARE}<respond/>`),
      'pds.xml': api(
        'J8PoxDeclSa',
        '/j8/poxdecl-sa',
        `${DECLARE}<property name="XML_DECLARATION_STANDALONE" value="yes" scope="axis2"/><property name="XML_DECLARATION_ENCODING" value="ISO-8859-1" scope="axis2"/><payloadFactory media-type="xml"><format><r xmlns="">1</r></format></payloadFactory><respond/>`,
      ),
      'cl.xml': api(
        'J8Clone',
        '/j8/clone',
        `<clone><target><sequence><log level="full"/><respond/></sequence></target></clone>`,
      ),
      'lf.xml': api('J8LogFull', '/j8/logfull', `<log level="full"/><respond/>`),
      'pdr.xml': api(
        'J8PoxDeclRm',
        '/j8/poxdecl-rm',
        `${DECLARE}<property name="WRITE_XML_DECLARATION" action="remove" scope="axis2"/><log level="full"/><respond/>`,
      ),
    });
  });
  after(() => t.close());

  const soap = (path: string, ns: string) =>
    send(`${t.base}${path}`, {
      body: soapRequest(ns),
      type: ns === S11 ? 'text/xml' : 'application/soap+xml',
      headers: ns === S11 ? { SOAPAction: 'urn:ask' } : {},
    });

  it('no content-aware mediator: the request bytes go back as they came, declaration and empty Header kept (PassThroughHttpSender)', async () => {
    for (const ns of [S11, S12]) assert.equal((await soap('/j8/prop', ns)).text, soapRequest(ns));
  });

  it('after xslt: single-quoted declaration; the envelope, read no further than its first body element, keeps the empty Header and the white space between its children (SOAPEnvelopeImpl.internalSerialize: serializeByPullStream)', async () => {
    for (const ns of [S11, S12])
      assert.equal(
        (await soap('/j8/xslt', ns)).text,
        DECL + asParsed(ns, '\n      <r:got xmlns:r="urn:r">ACME</r:got>\n   '),
      );
  });

  it('after payloadFactory: the body holds only the result (JsonUtil.removeJsonPayload detaches every body child)', async () => {
    for (const ns of [S11, S12])
      assert.equal((await soap('/j8/pf', ns)).text, DECL + env(ns, '<r:n xmlns:r="urn:r">ACME</r:n>'));
  });

  it("after a script setPayloadXML: the new element takes the first element's place, the white space around it stays (CommonScriptMessageContext.setPayloadXML)", async () => {
    for (const ns of [S11, S12])
      assert.equal(
        (await soap('/j8/script', ns)).text,
        DECL + asParsed(ns, '\n      <r:s xmlns:r="urn:r">1</r:s>\n   '),
      );
  });

  it('after a header mediator: the Header now has a child; the unfinished envelope keeps its white space', async () => {
    for (const ns of [S11, S12])
      assert.equal(
        (await soap('/j8/header', ns)).text,
        DECL + asParsed(ns, ASK, '<se:Header><h:k xmlns:h="urn:h">v</h:k></se:Header>'),
      );
  });

  it('WRITE_XML_DECLARATION "false" (axis2): the envelope goes without its declaration (SOAPMessageFormatter.writeTo)', async () => {
    // (a full log serializes the envelope with caching but does not finish it: serializeByPullStream still writes it)
    for (const ns of [S11, S12]) assert.equal((await soap('/j8/nodecl', ns)).text, asParsed(ns, ASK));
  });

  it("a clone's envelope is the new one MessageHelper.cloneSOAPEnvelope makes: the factory's soapenv prefix, the original envelope's namespaces declared on it, the Header's elements only, the Body's nodes; written without the empty Header nor white space between its parts (MI CloneMediator, SOAPEnvelopeImpl.internalSerialize)", async () => {
    for (const ns of [S11, S12]) {
      const text = (await soap('/j8/clone', ns)).text;
      const start = text.slice(0, text.indexOf('>', DECL.length) + 1);
      // its own namespace first, then the declared ones in the HashMap's order (q before se)
      assert.equal(
        start,
        `${DECL}<soapenv:Envelope xmlns:soapenv="${ns}" xmlns:q="urn:quote" xmlns:se="${ns}">`,
      );
      assert.equal(text.slice(start.length), `<soapenv:Body>${ASK}</soapenv:Body></soapenv:Envelope>`);
    }
    // a Header holding only white space: the copy takes its elements only, so it is empty and not written; its
    // elements come over into the factory's Header
    const body = (hdr: string) =>
      send(`${t.base}/j8/clone`, { body: soapRequest(S11).replace('<se:Header/>', hdr), type: 'text/xml' });
    assert.ok(!/Header/.test((await body('<se:Header>\n   </se:Header>')).text));
    assert.ok(
      (await body('<se:Header> <q:tag>1</q:tag> </se:Header>')).text.includes(
        '<soapenv:Header><q:tag>1</q:tag></soapenv:Header><soapenv:Body>',
      ),
    );
  });

  it('namespace declarations as Axiom writes a built element: its own namespace first, then those declared on it in the order of its HashMap of prefixes (OMElementImpl.namespaces, OMSerializerUtil.serializeStartpart), then the attributes', async () => {
    const request = `<soapenv:Envelope xmlns:soapenv="${S11}" xmlns:ser="urn:service" xmlns:xsd="urn:types"><soapenv:Body><ser:order id="7" xmlns:z="urn:z" xmlns:a="urn:a"><xsd:n>1</xsd:n></ser:order></soapenv:Body></soapenv:Envelope>`;
    const r = await send(`${t.base}/j8/logfull`, {
      body: request,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:o' },
    });
    assert.equal(
      r.text,
      `${DECL}<soapenv:Envelope xmlns:soapenv="${S11}" xmlns:xsd="urn:types" xmlns:ser="urn:service"><soapenv:Body><ser:order xmlns:a="urn:a" xmlns:z="urn:z" id="7"><xsd:n>1</xsd:n></ser:order></soapenv:Body></soapenv:Envelope>`,
    );
    // nothing built: the bytes as they came
    assert.equal(
      (await send(`${t.base}/j8/prop`, { body: request, type: 'text/xml', headers: { SOAPAction: 'urn:o' } }))
        .text,
      request,
    );
  });

  const pox = (path: string, type = 'application/xml') => send(`${t.base}${path}`, { body: POX, type });

  it('POX, built: the root element only, no declaration, no comment before it (ApplicationXMLFormatter)', async () => {
    assert.equal((await pox('/j8/poxdecl-rm')).text, '<a xmlns="urn:a">\n <b>1</b>\n</a>');
  });

  it('POX with WRITE_XML_DECLARATION "true": ApplicationXMLFormatter\'s double-quoted declaration, naming the request\'s declared encoding when it differs from the charset (ApplicationXMLBuilder XML_DECLARATION_ENCODING)', async () => {
    assert.equal(
      (await pox('/j8/poxdecl')).text,
      '<?xml version="1.0" encoding="utf-8" ?><a xmlns="urn:a">\n <b>1</b>\n</a>',
    );
    // (Java's equals: "utf-8" is not the charset "UTF-8", so the declared one is still named)
    assert.equal(
      (await pox('/j8/poxdecl', 'application/xml; charset=UTF-8')).text,
      '<?xml version="1.0" encoding="utf-8" ?><a xmlns="urn:a">\n <b>1</b>\n</a>',
    );
    // a declaration without encoding: the format's charset
    const plain = await send(`${t.base}/j8/poxdecl`, {
      body: POX.replace(' encoding="utf-8"', ''),
      type: 'application/xml; charset=ISO-8859-1',
    });
    assert.equal(
      plain.text,
      '<?xml version="1.0" encoding="ISO-8859-1" ?><a xmlns="urn:a">\n <b>1</b>\n</a>',
    );
    // XML_DECLARATION_ENCODING and XML_DECLARATION_STANDALONE as set
    assert.equal(
      (await pox('/j8/poxdecl-sa')).text,
      '<?xml version="1.0" encoding="ISO-8859-1" standalone="yes" ?><r>1</r>',
    );
    // not built: the bytes as they came, no formatter runs
    assert.equal((await pox('/j8/poxdecl-only')).text, POX);
  });
});

describe('oracle s16 J8: what a recipient list sends each child, and call answers', () => {
  let t: TestRuntime;
  let b: Backend;
  before(async () => {
    b = await startBackend((_r, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<e:Envelope xmlns:e="${S11}"><e:Body><done/></e:Body></e:Envelope>`);
    });
    t = await startRuntime({
      'bl.xml': api(
        'J8Blocking',
        '/j8/blocking',
        `<call blocking="true"><endpoint><address uri="${b.url}/b"/></endpoint></call><respond/>`,
      ),
      'nb.xml': api(
        'J8NonBlocking',
        '/j8/nonblocking',
        `<call><endpoint><address uri="${b.url}/n"/></endpoint></call><respond/>`,
      ),
      'rl.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="J8Recipients" context="/j8/recipients"><resource methods="POST"><inSequence><call><endpoint><recipientlist><endpoint><address uri="${b.url}/one"/></endpoint><endpoint><address uri="${b.url}/two"/></endpoint></recipientlist></endpoint></call><respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    await b.close();
  });

  it('the message built first and each child sent the copy MessageHelper.cloneSOAPEnvelope makes, written by the SOAP formatter (RecipientListEndpoint.sendToEndpointList)', async () => {
    const r = await send(`${t.base}/j8/recipients`, {
      body: soapRequest(S11),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask' },
    });
    assert.equal(r.status, 200);
    const children = () => b.requests.filter((q) => q.url === '/one' || q.url === '/two');
    await until('both children at the back end', () => children().length >= 2);
    assert.equal(children().length, 2);
    for (const q of children())
      assert.equal(
        q.body,
        `${DECL}<soapenv:Envelope xmlns:soapenv="${S11}" xmlns:q="urn:quote" xmlns:se="${S11}"><soapenv:Body>${ASK}</soapenv:Body></soapenv:Envelope>`,
      );
  });

  it("a blocking call's SOAP answer is a copy (BlockingMsgSender.sendReceive: MessageHelper.cloneSOAPEnvelope) written by the SOAP formatter; a non-blocking call's answer goes back as its bytes", async () => {
    const answer = `<e:Envelope xmlns:e="${S11}"><e:Body><done/></e:Body></e:Envelope>`;
    const opts = { body: soapRequest(S11), type: 'text/xml', headers: { SOAPAction: 'urn:ask' } };
    assert.equal(
      (await send(`${t.base}/j8/blocking`, opts)).text,
      `${DECL}<soapenv:Envelope xmlns:soapenv="${S11}" xmlns:e="${S11}"><soapenv:Body><done/></soapenv:Body></soapenv:Envelope>`,
    );
    assert.equal((await send(`${t.base}/j8/nonblocking`, opts)).text, answer);
  });
});
