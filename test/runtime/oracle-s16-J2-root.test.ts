/**
 * XPath's root (`/`) of a message as MI's Jaxen finds it (Axiom 1.2.11-wso2v36 DocumentNavigator.getDocumentNode:
 * the OMDocument above the envelope, or the topmost element when there is none). Only an envelope parsed from a SOAP
 * message (StAXSOAPModelBuilder) hangs below a document; a REST message's envelope is Axiom's default envelope
 * (SOAPFactory.getDefaultEnvelope, filled by TransportUtils.createSOAPEnvelope), so there `/` is the envelope:
 * `/soapenv:Envelope/soapenv:Body/x` finds nothing and `/soapenv:Body/x` finds x. Synapse's own test builder adds an
 * OMDocument by hand for its absolute paths (TestMessageContextBuilder: "without it some unit tests fail").
 *
 * Expected values: the J2 differential oracle (session 16): Jaxen 2.0.0 + Axiom 1.2.11-wso2v36 compiled from their
 * sources, the same body evaluated in a default envelope (REST) and in a parsed SOAP envelope, printed as
 * SynapseXPath.stringValueOf does. Our own API names and payloads.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const SE = 'http://schemas.xmlsoap.org/soap/envelope/';
// $header of a default envelope: the empty Header getDefaultEnvelope makes (an envelope parsed without one has none)
const HEADER = `<soapenv:Header xmlns:soapenv="${SE}"/>`;
const EXPRS = [
  '/soapenv:Envelope/soapenv:Body/order/id',
  '/soapenv:Body/order/id',
  'count(//soapenv:Envelope)',
  '//order/id',
  'local-name(/)',
  '/soapenv:Body/jsonObject/id',
  'boolean($header)',
  '$header',
];

describe('XPath root of REST and SOAP messages as MI evaluates it (J2 oracle: Axiom DocumentNavigator.getDocumentNode)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'RootProbe.xml': api(
        'RootProbe',
        '/j2-root',
        `<payloadFactory media-type="xml"><format><r xmlns="">${EXPRS.map((_, i) => `<v${i}>$${i + 1}</v${i}>`).join('')}</r></format>
           <args>${EXPRS.map((e) => `<arg xmlns:soapenv="${SE}" expression="${e}"/>`).join('')}</args></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(() => t?.close());

  const values = (text: string): string[] =>
    EXPRS.map((_, i) => new RegExp(`<v${i}>(.*?)</v${i}>|<v${i}/>`).exec(text)?.[1] ?? '');

  it('a REST XML request: / is the envelope (an absolute /soapenv:Envelope path finds nothing)', async () => {
    const r = await send(`${t.base}/j2-root`, {
      body: '<order><id>7</id></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(values(r.text), ['', '7', '0.0', '7', 'Envelope', '', 'true', HEADER]);
  });

  it('a JSON request: the same default envelope', async () => {
    const r = await send(`${t.base}/j2-root`, {
      body: '{"id": 7}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(values(r.text), ['', '', '0.0', '', 'Envelope', '7', 'true', HEADER]);
  });

  it('a SOAP request: / is the document above the parsed envelope', async () => {
    const r = await send(`${t.base}/j2-root`, {
      body: `<soapenv:Envelope xmlns:soapenv="${SE}"><soapenv:Body><order><id>7</id></order></soapenv:Body></soapenv:Envelope>`,
      type: 'text/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(values(r.text), ['7', '', '1.0', '7', '', '', 'false', '']);
  });
});

describe('filters on properties as MI evaluates them (J2 oracle: Jaxen booleans and null)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'FlagProbe.xml': api(
        'FlagProbe',
        '/j2-flag',
        `<property name="flag" value="false" type="BOOLEAN"/>
         <filter xpath="$ctx:flag"><then><property name="a" value="then"/></then><else><property name="a" value="else"/></else></filter>
         <filter xpath="$ctx:flag = 'false'"><then><property name="b" value="then"/></then><else><property name="b" value="else"/></else></filter>
         <filter xpath="$ctx:unset = ''"><then><property name="c" value="then"/></then><else><property name="c" value="else"/></else></filter>
         <filter xpath="get-property('unset') != ''"><then><property name="d" value="then"/></then><else><property name="d" value="else"/></else></filter>
         <payloadFactory media-type="xml"><format><r xmlns=""><a>$1</a><b>$2</b><c>$3</c><d>$4</d></r></format>
           <args><arg expression="$ctx:a"/><arg expression="$ctx:b"/><arg expression="$ctx:c"/><arg expression="$ctx:d"/></args></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(() => t?.close());

  it('a BOOLEAN false is false, compared with a string as booleans; an unset property equals nothing', async () => {
    const r = await send(`${t.base}/j2-flag`, { body: '<x/>', type: 'application/xml' });
    assert.equal(r.text, '<r><a>else</a><b>else</b><c>else</c><d>else</d></r>');
  });
});
