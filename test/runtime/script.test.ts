/** The script mediator (JavaScript in a bounded vm context with MI's mc API). */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

describe('runtime: script mediator', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Inline.xml': api(
        'Inline',
        '/inline',
        `<script language="js"><![CDATA[
          var p = mc.getPayloadJSON();
          var total = 0;
          for (var i = 0; i < p.items.length; i++) total += p.items[i].price * p.items[i].qty;
          mc.setProperty('total', String(total));
          mc.setVariable('count', p.items.length);
          mc.setPayloadJSON({ total: total, who: mc.getProperty('X-Who', 'transport') });
        ]]></script>
        <log level="custom"><property name="total" expression="$ctx:total"/></log>
        <respond/>`,
      ),
      'Lib.xml': `<localEntry ${NS} key="pricing.js"><![CDATA[function discount(mc) { var x = mc.getPayloadXML(); mc.setPayloadXML('<discounted>' + (x.indexOf('gold') >= 0 ? 20 : 5) + '</discounted>'); }]]></localEntry>`,
      'Keyed.xml': api(
        'Keyed',
        '/keyed',
        `<script language="js" key="pricing.js" function="discount"/><respond/>`,
      ),
      'Header.xml': api(
        'Header',
        '/soap-header',
        `<script language="js"><![CDATA[mc.addHeader(false, '<h:Trace xmlns:h="urn:h">t-9</h:Trace>');]]></script>
        <property name="messageType" value="text/xml" scope="axis2"/>
        <respond/>`,
      ),
      'Loop.xml': api(
        'Loop',
        '/loop',
        `<script language="js"><![CDATA[while (true) {}]]></script><respond/>`,
      ),
      'Java.xml': api(
        'Java',
        '/java',
        `<script language="js"><![CDATA[new java.io.File('/tmp/x').exists();]]></script><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('inline: reads and writes the JSON payload, properties, variables and headers', async () => {
    const r = await send(`${t.base}/inline`, {
      body: '{"items":[{"price":2,"qty":3},{"price":1.5,"qty":2}]}',
      type: 'application/json',
      headers: { 'X-Who': 'zoe' },
    });
    assert.deepEqual(r.json(), { total: 9, who: 'zoe' });
    assert.ok(t.logs.some((l) => l.message === 'total = 9'));
  });
  it('keyed script from a local entry with a function name, over XML', async () => {
    const r = await send(`${t.base}/keyed`, {
      body: '<customer><tier>gold</tier></customer>',
      type: 'application/xml',
    });
    assert.equal(r.text, '<discounted>20</discounted>');
  });
  it('mc.addHeader puts the element into a SOAP Header made first in the envelope, with soapenv:mustUnderstand', async () => {
    // a SOAP client, which gets the envelope back (a REST client would get the body element alone, as in MI)
    const r = await send(`${t.base}/soap-header`, {
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><order><id>1</id></order></soapenv:Body></soapenv:Envelope>',
      type: 'text/xml',
    });
    assert.match(
      r.text,
      /^<\?xml version='1\.0' encoding='UTF-8'\?><soapenv:Envelope [^>]*><soapenv:Header><h:Trace xmlns:h="urn:h" soapenv:mustUnderstand="0">t-9<\/h:Trace><\/soapenv:Header><soapenv:Body><order><id>1<\/id><\/order><\/soapenv:Body><\/soapenv:Envelope>$/,
    );
  });
  it('an endless script is stopped and faults; the runtime goes on', async () => {
    const started = Date.now();
    const n = t.logs.length;
    const r = await send(`${t.base}/loop`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 202);
    assert.match(loggedSince(t.logs, n), /script failed.*timed out/);
    assert.ok(Date.now() - started < 5000);
    assert.equal(
      (await send(`${t.base}/keyed`, { body: '<c/>', type: 'application/xml' })).text,
      '<discounted>5</discounted>',
    );
  });
  // (only the few standard classes of javaShim.ts are there: java.util.UUID, java.lang.Thread.sleep, ...)
  it('a Java class the runtime does not have: a clear fault', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/java`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 202);
    assert.match(loggedSince(t.logs, n), /script failed \(Java\.xml:1\): .*reading 'File'/);
  });
});
