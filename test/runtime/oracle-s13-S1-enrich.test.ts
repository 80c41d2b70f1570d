/**
 * Session 13 oracle sweep (helper S1): MI's XML enrich integration tests (tests-mediator-1 enrich/*) that no test of
 * ours named yet, where the behaviour was not covered: inline sources kept by key (a registry resource, a local entry
 * of text, a local entry taken with clone="false" more than once) and a whole envelope replaced by an inline one.
 * Our own project, names and payloads; each case names the MI test class.
 */
import assert from 'node:assert/strict';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const K = 'urn:example:s13:kiosk';
const A = 'src/main/wso2mi/artifacts';
const proxy = (name: string, inSeq: string) =>
  `<proxy ${NS} name="${name}" transports="http"><target><inSequence>${inSeq}<respond/></inSequence></target></proxy>`;

describe('oracle S13 S1 (MI enrich tests): inline sources by key, envelope replace', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        [`${A}/proxy-services/FromRegistry.xml`]: proxy(
          'FromRegistry',
          `<enrich><source type="inline" clone="true" key="conf:/kiosk/ticket.xml"/><target xmlns:k="${K}" xpath="//k:order"/></enrich>`,
        ),
        [`${A}/proxy-services/TextEntry.xml`]: proxy(
          'TextEntry',
          `<enrich><source type="inline" key="shelfCode"/><target xmlns:k="${K}" xpath="//k:order/k:item/text()"/></enrich>`,
        ),
        [`${A}/proxy-services/MovedEntry.xml`]: proxy(
          'MovedEntry',
          `<enrich><source type="inline" clone="false" key="cartTemplate"/><target type="body"/></enrich>`,
        ),
        [`${A}/proxy-services/NewEnvelope.xml`]: proxy(
          'NewEnvelope',
          `<enrich><source type="inline" clone="true"><e:Envelope xmlns:e="${S11}"><e:Header><stamp>kiosk-7</stamp></e:Header>
             <e:Body><k:receipt xmlns:k="${K}"><k:total>12</k:total></k:receipt></e:Body></e:Envelope></source><target type="envelope"/></enrich>`,
        ),
        [`${A}/local-entries/shelfCode.xml`]: `<localEntry ${NS} key="shelfCode">B-12</localEntry>`,
        [`${A}/local-entries/cartTemplate.xml`]: `<localEntry ${NS} key="cartTemplate"><k:cart xmlns:k="${K}"><k:slot>empty</k:slot></k:cart></localEntry>`,
        'src/main/wso2mi/resources/registry/conf/kiosk/ticket.xml': `<k:ticket xmlns:k="${K}"><k:seat>14C</k:seat></k:ticket>`,
      },
      's13s1enrich',
    );
  });
  after(() => t.close());

  const post = (name: string) =>
    send(`${t.base}/services/${name}`, {
      body: `<e:Envelope xmlns:e="${S11}"><e:Body><k:order xmlns:k="${K}"><k:item>pencil</k:item></k:order></e:Body></e:Envelope>`,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:order' },
    });

  it('an inline source key="conf:/..." takes the registry resource (MI EnrichIntegrationReplaceInlineContentFromConfigRegistryTestCase)', async () => {
    const r = await post('FromRegistry');
    assert.equal(r.status, 200);
    assert.match(
      r.text,
      /<e:Body><k:ticket xmlns:k="urn:example:s13:kiosk"><k:seat>14C<\/k:seat><\/k:ticket><\/e:Body>/,
    );
  });

  it('an inline key naming a local entry of text replaces a text() node (MI EnrichMediatorFollowedByEnrichIntegrationTestCase)', async () => {
    const r = await post('TextEntry');
    assert.match(r.text, /<k:order xmlns:k="urn:example:s13:kiosk"><k:item>B-12<\/k:item><\/k:order>/);
  });

  it('clone="false" on a keyed local entry still answers the same body the next time (MI EnrichIntegrationReplaceBodyWithInlineTestCase)', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await post('MovedEntry');
      assert.equal(r.status, 200);
      assert.match(
        r.text,
        /<e:Body><k:cart xmlns:k="urn:example:s13:kiosk"><k:slot>empty<\/k:slot><\/k:cart><\/e:Body>/,
      );
    }
  });

  it('an inline envelope replaces the envelope, header block included (MI EnrichIntegrationReplaceEnvelopeTestCase)', async () => {
    const r = await post('NewEnvelope');
    assert.equal(r.status, 200);
    assert.match(
      r.text,
      /<e:Header><stamp xmlns="http:\/\/ws.apache.org\/ns\/synapse">kiosk-7<\/stamp><\/e:Header>/,
    );
    assert.match(r.text, /<k:receipt xmlns:k="urn:example:s13:kiosk"><k:total>12<\/k:total><\/k:receipt>/);
  });
});
