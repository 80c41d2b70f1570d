/**
 * aggregate as MI's EIPUtils.enrichEnvelope and MessageHelper.cloneMessageContext build the result: the matching
 * elements of every response directly in the SOAP body (the element that held them in the first response is gone),
 * in a fresh `soapenv:` envelope that keeps the first response's namespace declarations. Real HTTP, SOAP backends
 * that write their own `SOAP-ENV:` prefix (as MI's unit-test mock services and many .NET services do).
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SOAP = (inner: string) =>
  `<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><SOAP-ENV:Body>${inner}</SOAP-ENV:Body></SOAP-ENV:Envelope>`;

describe('runtime: aggregate builds its message as MI does', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((req, res) => {
      const shelf = req.url!.slice(1);
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(SOAP(`<Stock xmlns="urn:shop"><Count>${shelf.length}</Count><Shelf>${shelf}</Shelf></Stock>`));
    });
    const target = (path: string) =>
      `<target><sequence><call><endpoint><address uri="${backend.url}/${path}" format="soap11"/></endpoint></call></sequence></target>`;
    t = await startRuntime({
      'Stock.xml': `<api ${NS} name="Stock" context="/stock"><resource methods="POST"><inSequence>
          <clone id="st">${target('a')}${target('bb')}${target('ccc')}</clone>
          <aggregate id="st"><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
            <onComplete xmlns:s="urn:shop" expression="//s:Count"><respond/></onComplete></aggregate>
        </inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('puts the matching elements of all responses in the body of a soapenv: envelope', async () => {
    const r = await send(`${t.base}/stock`, {
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><q/></soapenv:Body></soapenv:Envelope>',
      type: 'text/xml',
    });
    assert.equal(r.status, 200, r.text);
    const env =
      /^(?:<\?xml[^>]*\?>)?<soapenv:Envelope([^>]*)><soapenv:Body>([\s\S]*)<\/soapenv:Body><\/soapenv:Envelope>$/.exec(
        r.text,
      );
    assert.ok(env, r.text);
    // the first response's declarations stay on the new envelope
    assert.match(env[1]!, /xmlns:SOAP-ENV="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"/);
    assert.match(env[1]!, /xmlns:xsd="http:\/\/www\.w3\.org\/2001\/XMLSchema"/);
    // three <Count> elements straight in the body (no <Stock>, no <Shelf>), in any order of arrival
    const counts = [...env[2]!.matchAll(/<Count xmlns="urn:shop">(\d)<\/Count>/g)].map((m) => m[1]).sort();
    assert.deepEqual(counts, ['1', '2', '3']);
    assert.equal(env[2]!.replace(/<Count xmlns="urn:shop">\d<\/Count>/g, ''), '');
  });
});
