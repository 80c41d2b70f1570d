/**
 * Session 17 (W3): messages built from one content type and written as another, compared with MI's own builders and
 * formatters.
 *
 * How the expectations were made: expected values produced by Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc /
 * 8ffe5865) compiled and driven by a harness (session 17 S1): the request is set up as the pass-through ServerWorker
 * does, built lazily through RelayUtils/DeferredMessageBuilder with the builders of MI's axis2.xml when a
 * content-aware mediator (here a full log) asks, and written as PassThroughHttpSender does (the formatter of the
 * messageType, Content-Type from the ContentType property or the formatter). The same cases ran through our runtime
 * (an API whose resource runs the flow, then <respond/>); each case here is one the two answered differently (now
 * fixed) or a representative agreeing one. Inputs are our own; expected values are the harness's output, as literals.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const PAYLOAD_NS = 'http://ws.apache.org/commons/ns/payload';
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

interface Case {
  /** what the case shows, with the Synapse/Axis2 source that decides it */
  title: string;
  seq: string;
  type: string;
  body: string;
  /** MI's answer body (exact bytes as text) */
  out: string;
  contentType?: string;
  /** the Envelope part of the full log line MI writes */
  envelope?: string;
}

const LOG = '<log level="full"/>';
const asType = (t: string) => `${LOG}<property name="messageType" value="${t}" scope="axis2"/>`;

const CASES: Case[] = [
  {
    title:
      'a text/plain body is wrapped in <text> of the payload namespace as its default namespace (PlainTextBuilder: OMSourcedElement of DEFAULT_TEXT_WRAPPER, no prefix)',
    seq: LOG,
    type: 'text/plain',
    body: 'hello',
    out: 'hello',
    contentType: 'text/plain; charset=UTF-8',
    envelope: `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><text xmlns="${PAYLOAD_NS}">hello</text></soapenv:Body></soapenv:Envelope>`,
  },
  {
    title: 'an empty text/plain body is the empty wrapper <text xmlns="…"/> (PlainTextBuilder)',
    seq: LOG,
    type: 'text/plain',
    body: '',
    out: '',
    envelope: `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><text xmlns="${PAYLOAD_NS}"/></soapenv:Body></soapenv:Envelope>`,
  },
  {
    title: 'text written as application/xml is the wrapper element (ApplicationXMLFormatter)',
    seq: asType('application/xml'),
    type: 'text/plain',
    body: 'hi <there> & more',
    out: `<text xmlns="${PAYLOAD_NS}">hi &lt;there> &amp; more</text>`,
    contentType: 'application/xml; charset=UTF-8',
  },
  {
    title:
      'a CDATA section of an XML body is built as text, merged with the text around it and written escaped (Axiom StAXUtils: coalescing parsers)',
    seq: LOG,
    type: 'application/xml',
    body: '<a>pre<![CDATA[ <mid> ]]>post</a>',
    out: '<a>pre &lt;mid> post</a>',
    contentType: 'application/xml; charset=UTF-8',
  },
  {
    title: 'a CDATA section in a SOAP body is text too (SOAPBuilder, same parser)',
    seq: LOG,
    type: 'text/xml',
    body: '<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body><a><![CDATA[<x>&]]></a></e:Body></e:Envelope>',
    out: `<?xml version='1.0' encoding='UTF-8'?><e:Envelope xmlns:e="${SOAP11}"><e:Body><a>&lt;x>&amp;</a></e:Body></e:Envelope>`,
    contentType: 'text/xml; charset=UTF-8',
  },
  {
    title:
      'the answer is named by the axis2 ContentType property as set, its own charset kept (PassThroughHttpSender.setContentType)',
    seq: `${LOG}<property name="messageType" value="application/json" scope="axis2"/><property name="ContentType" value="application/json; charset=ISO-8859-1" scope="axis2"/>`,
    type: 'application/json',
    body: '{"m":4}',
    out: '{"m":4}',
    contentType: 'application/json; charset=ISO-8859-1',
  },
  {
    title:
      'a ContentType of another type names a text/plain answer, the message charset appended (PassThroughHttpSender.setContentType)',
    seq: `${LOG}<property name="messageType" value="text/plain" scope="axis2"/><property name="ContentType" value="application/vnd.x+json" scope="axis2"/>`,
    type: 'application/xml',
    body: '<m>3</m>',
    out: '',
    contentType: 'application/vnd.x+json; charset=UTF-8',
  },
  {
    title:
      'a SOAP 1.1 answer of a SOAP 1.1 client (no version conversion) goes by its ContentType, not the SOAP formatter type',
    seq: `${LOG}<property name="messageType" value="text/xml" scope="axis2"/><property name="ContentType" value="application/xml" scope="axis2"/>`,
    type: 'text/xml',
    body: `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><m>1</m></soapenv:Body></soapenv:Envelope>`,
    out: `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><m>1</m></soapenv:Body></soapenv:Envelope>`,
    contentType: 'application/xml; charset=UTF-8',
  },
  {
    title:
      'an empty XML body built by a full log goes through ApplicationXMLFormatter: the charset is named (PassThroughHttpSender.setContentType)',
    seq: LOG,
    type: 'application/xml',
    body: '',
    out: '',
    contentType: 'application/xml; charset=UTF-8',
  },
  {
    title:
      'an empty JSON body: JsonStreamBuilder keeps no JSON and gives the SOAP 1.2 default envelope, which a full log shows',
    seq: LOG,
    type: 'application/json',
    body: '',
    out: '',
    envelope:
      '<soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body/></soapenv:Envelope>',
  },
  {
    title:
      'what follows the root element of an XML body is never read (Axiom builds no further): it is left out, not refused',
    seq: `${LOG}<property name="messageType" value="application/json" scope="axis2"/>`,
    type: 'application/xml',
    body: '<a><b>2</b></a><b>3</b> and more',
    out: '{"a":{"b":2}}',
    contentType: 'application/json; charset=UTF-8',
  },
  {
    title:
      'a JSON "@name" member holding an empty object gives the element no attribute and no child (staxon consumeName)',
    seq: `${LOG}<property name="messageType" value="application/xml" scope="axis2"/>`,
    type: 'application/json',
    body: '{"a":{"b":[1],"@x":{}}}',
    out: '<jsonObject><a><b>1</b></a></jsonObject>',
    contentType: 'application/xml; charset=UTF-8',
  },
];

describe('oracle s17 W3: builders and formatters of MI (mi-run harness)', () => {
  let t: TestRuntime;
  before(async () => {
    const files: Record<string, string> = {};
    CASES.forEach((c, i) => {
      files[`W3c${i}.xml`] = api(`W3c${i}`, `/s17w3/c${i}`, `${c.seq}<respond/>`);
    });
    t = await startRuntime(files);
  });
  after(() => t.close());

  CASES.forEach((c, i) => {
    it(c.title, async () => {
      const from = t.logs.length;
      const r = await send(`${t.base}/s17w3/c${i}`, { body: c.body, type: c.type });
      assert.equal(r.status, 200);
      assert.equal(r.text, c.out);
      if (c.contentType) assert.equal(r.headers.get('content-type'), c.contentType);
      if (c.envelope !== undefined) {
        const line = t.logs.slice(from).find((l) => l.message.includes('Envelope: '));
        assert.equal(
          line?.message.split('Envelope: ')[1],
          `<?xml version='1.0' encoding='utf-8'?>${c.envelope}`,
        );
      }
    });
  });
});

/** A body a builder refuses: what the fault sequence sees (ERROR_CODE, ERROR_MESSAGE, the envelope left). */
interface Refused {
  title: string;
  type: string;
  body: string;
  /** the mediator that builds the message */
  seq: string;
  code: string;
  /** the body goes as ISO-8859-1 bytes */
  latin1?: boolean;
}

const BUILD_FAILED = 'Error while building message. Error while building Passthrough stream';
const EMPTY_SOAP11 = `<?xml version='1.0' encoding='utf-8'?><soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body/></soapenv:Envelope>`;
const FAULT = `<faultSequence><log level="custom"><property name="c" expression="get-property('ERROR_CODE')"/><property name="m" expression="get-property('ERROR_MESSAGE')"/></log><log level="full"/><drop/></faultSequence>`;

const REFUSED: Refused[] = [
  {
    title:
      'JSON that is no JSON value: the JSON builder fails before the log runs (ERROR_CODE 0, no JSON payload left)',
    type: 'application/json',
    body: 'hello',
    seq: LOG,
    code: '0',
  },
  {
    title: 'a form field without "=": the form builder fails (StringIndexOutOfBounds: ERROR_CODE 0)',
    type: 'application/x-www-form-urlencoded',
    body: 'a&b',
    seq: '<property name="p" expression="//a"/>',
    code: '0',
  },
  {
    title: 'a DTD: refused while building (ERROR_CODE 0)',
    type: 'application/xml',
    body: '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>',
    seq: LOG,
    code: '0',
  },
  {
    title: 'XML with no root element: Woodstox fails the build (MESSAGE_PARSING_ERROR 601000)',
    type: 'application/xml',
    body: 'not xml',
    seq: LOG,
    code: '601000',
  },
  {
    title:
      'ISO-8859-1 bytes sent without a charset: read as UTF-8 whatever the XML declaration says, Woodstox fails (601000)',
    type: 'application/xml',
    body: '<?xml version="1.0" encoding="ISO-8859-1"?><a>\u00e9</a>',
    seq: LOG,
    code: '601000',
    latin1: true,
  },
];

describe('oracle s17 W3: bodies MI builders refuse (mi-run harness)', () => {
  let t: TestRuntime;
  before(async () => {
    const files: Record<string, string> = {};
    REFUSED.forEach((c, i) => {
      files[`W3f${i}.xml`] =
        `<api xmlns="http://ws.apache.org/ns/synapse" name="W3f${i}" context="/s17w3/f${i}"><resource methods="POST">` +
        `<inSequence>${c.seq}<respond/></inSequence>${FAULT}</resource></api>`;
    });
    files['W3d.xml'] = api('W3d', '/s17w3/d', `${LOG}<respond/>`);
    t = await startRuntime(files);
  });
  after(() => t.close());

  REFUSED.forEach((c, i) => {
    it(c.title, async () => {
      const from = t.logs.length;
      if (c.latin1)
        await fetch(`${t.base}/s17w3/f${i}`, {
          method: 'POST',
          body: Buffer.from(c.body, 'latin1'),
          headers: { 'content-type': c.type },
        }).then((r) => r.arrayBuffer());
      else await send(`${t.base}/s17w3/f${i}`, { body: c.body, type: c.type });
      const lines = t.logs.slice(from).map((l) => l.message);
      assert.ok(lines.includes(`c = ${c.code}, m = ${BUILD_FAILED}`), lines.join('\n'));
      // (the mediator never ran: no "Could not build full log message" line)
      assert.ok(!lines.some((l) => l.startsWith('Could not build')), lines.join('\n'));
      assert.ok(
        lines.some((l) => l.endsWith(`Envelope: ${EMPTY_SOAP11}`)),
        lines.join('\n'),
      );
    });
  });

  it('no fault sequence: MI default one logs the error and the empty envelope; the client gets 202', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/s17w3/d`, { body: '1e+21', type: 'application/json' });
    assert.equal(r.status, 202);
    const line = t.logs
      .slice(from)
      .map((l) => l.message)
      .find((m) => m.includes("Executing default 'fault' sequence"));
    assert.ok(
      line?.endsWith(
        `MESSAGE = Executing default 'fault' sequence, ERROR_CODE = 0, ERROR_MESSAGE = ${BUILD_FAILED}, Envelope: ${EMPTY_SOAP11}`,
      ),
      line,
    );
  });
});
