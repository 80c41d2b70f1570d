/**
 * Session 16 (R8, review of J8): a log mediator of the simple (default) or headers level builds the message.
 *
 * How the expectations were made: from the sources MI 4.4 runs. LogMediator.processProperties (synapse 4.0.0-wso2v165
 * and 4.1.0) sets isContentAware to true for every level but custom and template (those only when a property's
 * expression reads the message); AbstractListMediator.mediate builds the message before a content-aware mediator
 * (RelayUtils.buildMessage). A built SOAP message is written by SOAPMessageFormatter (axiom SOAPEnvelopeImpl: the
 * Woodstox declaration in single quotes, an empty Header and the white space between the envelope's children not
 * written, the declarations in the order of the element's HashMap); a custom log of literals keeps the bytes. Only the
 * declaration and the envelope's start tag are asserted: an envelope the builder has not finished is written by
 * serializeByPullStream (empty Header and white space kept), which our runtime does not model (see report R8).
 * (java.util.HashMap(5) of soapenv, web, xsd lists xsd, soapenv, web: the own prefix first, then xsd, web.) Our own API
 * names and payloads.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const REQUEST = `<?xml version="1.0" encoding="UTF-8"?>\n<soapenv:Envelope xmlns:soapenv="${S11}" xmlns:web="urn:web" xmlns:xsd="urn:xsd">\n   <soapenv:Header/>\n   <soapenv:Body>\n      <web:ping>1</web:ping>\n   </soapenv:Body>\n</soapenv:Envelope>`;
const BUILT_START = `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S11}" xmlns:xsd="urn:xsd" xmlns:web="urn:web">`;

describe('oracle s16 R8: a simple log builds the message (MI LogMediator.isContentAware)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'a.xml': api('R8LogSimple', '/r8/simple', `<log/><respond/>`),
      'b.xml': api('R8LogHeaders', '/r8/headers', `<log level="headers"/><respond/>`),
      'c.xml': api(
        'R8LogCustom',
        '/r8/custom',
        `<log level="custom"><property name="k" value="v"/></log><respond/>`,
      ),
    });
  });
  after(() => t.close());

  const ask = (path: string) =>
    send(`${t.base}${path}`, {
      method: 'POST',
      body: REQUEST,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ping' },
    });

  it('<log/> (simple) builds the message as <log level="headers"/> does: the same answer, the envelope the SOAP formatter writes', async () => {
    const simple = await ask('/r8/simple');
    assert.equal(simple.status, 200);
    assert.equal(simple.text, (await ask('/r8/headers')).text);
    // SOAPEnvelopeImpl.internalSerialize writes the Woodstox declaration first, then the envelope's start tag with
    // its declarations in the map's order (serializeStartpart, or the OMStAXWrapper of a built element)
    assert.ok(simple.text.startsWith(BUILT_START), simple.text);
  });
  it('<log level="custom"> with a literal property: the request bytes', async () => {
    assert.equal((await ask('/r8/custom')).text, REQUEST);
  });
});
