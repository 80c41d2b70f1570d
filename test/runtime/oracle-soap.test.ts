/**
 * Oracle regressions (SOAP proxies, property scopes, enrich on XML, call inside filter/switch/clone): behaviours MI's own
 * integration tests assert (with the Axis2 sample stock service as backend) and our runtime already answers the same
 * way. Our own proxy names, a small stock-quote stand-in of our own and our own payloads.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const Q = 'urn:example:quotes';
const request = (ticker: string) =>
  `<e:Envelope xmlns:e="${S11}"><e:Body><q:price xmlns:q="${Q}"><q:ask><q:ticker>${ticker}</q:ticker></q:ask></q:price></e:Body></e:Envelope>`;

const proxy = (name: string, inSeq: string, outSeq = '') =>
  `<proxy ${NS} name="${name}" transports="http"><target><inSequence>${inSeq}</inSequence>${outSeq ? `<outSequence>${outSeq}</outSequence>` : ''}</target></proxy>`;

describe('oracle (MI integration tests): SOAP proxies, property scopes, XML enrich', () => {
  let t: TestRuntime;
  let quotes: Backend;
  before(async () => {
    // our stand-in for a SOAP quote service: answers <priceResponse><result><ticker/><title>T Inc</title></result>
    quotes = await startBackend((req, res) => {
      const ticker = /<(?:\w+:)?ticker>([^<]*)</.exec(req.body)?.[1] ?? 'NONE';
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<e:Envelope xmlns:e="${S11}"><e:Body><q:priceResponse xmlns:q="${Q}"><q:result><q:ticker>${ticker}</q:ticker><q:title>${ticker} Inc</q:title></q:result></q:priceResponse></e:Body></e:Envelope>`,
      );
    });
    const EP = `<endpoint><address uri="${quotes.url}/quotes"/></endpoint>`;
    const typed = (scope: string, read: (n: string) => string) =>
      `<property name="d" value="2468.1357" scope="${scope}" type="DOUBLE"/>
       <property name="i" value="321" scope="${scope}" type="INTEGER"/>
       <property name="s" value="Quote Desk" scope="${scope}" type="STRING"/>
       <property name="b" value="true" scope="${scope}" type="BOOLEAN"/>
       <property name="f" value="32.5" scope="${scope}" type="FLOAT"/>
       <property name="h" value="21" scope="${scope}" type="SHORT"/>
       <property name="l" value="4321987654" scope="${scope}" type="LONG"/>
       <payloadFactory media-type="xml"><format><v xmlns=""><d>$1</d><i>$2</i><s>$3</s><b>$4</b><f>$5</f><h>$6</h><l>$7</l></v></format>
         <args>${['d', 'i', 's', 'b', 'f', 'h', 'l'].map((n) => `<arg expression="${read(n)}"/>`).join('')}</args></payloadFactory>
       <respond/>`;
    t = await startRuntime({
      // PropertyIntegration{Default,Transport,Axis2,Operation}ScopeTestCase: typed values read back
      'TypedDefault.xml': proxy(
        'TypedDefault',
        typed('default', (n) => `$ctx:${n}`),
      ),
      'TypedTransport.xml': proxy(
        'TypedTransport',
        typed('transport', (n) => `$trp:${n}`),
      ),
      'TypedAxis2.xml': proxy(
        'TypedAxis2',
        typed('axis2', (n) => `$axis2:${n}`),
      ),
      'TypedOperation.xml': proxy(
        'TypedOperation',
        typed('operation', (n) => `get-property('operation','${n}')`),
      ),
      // *RemovePropertiesTestCase (the payload side: a removed property gives an empty argument)
      'Removed.xml': proxy(
        'Removed',
        `<property name="gone" value="here" scope="default"/><property name="gone2" value="here" scope="transport"/>
         <property name="gone" action="remove" scope="default"/><property name="gone2" action="remove" scope="transport"/>
         <payloadFactory media-type="xml"><format><v xmlns=""><a>$1</a><b>$2</b></v></format><args><arg expression="$ctx:gone"/><arg expression="$trp:gone2"/></args></payloadFactory>
         <respond/>`,
      ),
      // EnrichIntegrationAddPropertyAsChildTest: inline XML into a property, then as a child of the backend answer
      'EnrichChild.xml': proxy(
        'EnrichChild',
        `<send>${EP}</send>`,
        `<enrich><source type="inline" clone="true"><q:extra xmlns:q="${Q}">added</q:extra></source><target type="property" property="bit"/></enrich>
         <enrich><source type="property" property="bit"/><target xmlns:q="${Q}" action="child" xpath="//q:priceResponse/q:result"/></enrich>
         <send/>`,
      ),
      // EnrichIntegrationAddSourceAsSiblingInBodyTest: a sibling of the body's first element, then a text replace in it
      'EnrichSibling.xml': proxy(
        'EnrichSibling',
        `<enrich><source type="custom" xmlns:q="${Q}" xpath="//q:price/q:ask/q:ticker/text()"/><target type="property" property="tick"/></enrich>
         <send>${EP}</send>`,
        `<enrich><source type="inline" clone="true"><q:note xmlns:q="${Q}"><q:about>placeholder</q:about></q:note></source><target type="property" property="nb"/></enrich>
         <enrich><source type="property" property="nb"/><target type="body" action="sibling"/></enrich>
         <enrich><source type="property" property="tick"/><target xmlns:q="${Q}" action="replace" xpath="//q:note/q:about/text()"/></enrich>
         <send/>`,
      ),
      // FilterMediatorTest: xpath and source+regex
      'Filtered.xml': proxy(
        'Filtered',
        `<filter xmlns:q="${Q}" source="//q:ticker" regex="AC.*"><then><call>${EP}</call><respond/></then>
           <else><payloadFactory media-type="xml"><format><refused xmlns=""/></format><args/></payloadFactory><respond/></else></filter>`,
      ),
      // CallMediatorIn{Switch,Clone}TestCase: call inside switch and clone targets
      'Switched.xml': proxy(
        'Switched',
        `<switch xmlns:q="${Q}" source="//q:ticker"><case regex="ZZ"><drop/></case><default><call>${EP}</call><respond/></default></switch>`,
      ),
      'Cloned.xml': proxy(
        'Cloned',
        `<clone><target><sequence><call>${EP}</call><respond/></sequence></target></clone>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await quotes.close();
  });

  const post = (name: string, ticker = 'ACME') =>
    send(`${t.base}/services/${name}`, {
      body: request(ticker),
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: 'urn:price' },
    });

  for (const name of ['TypedDefault', 'TypedTransport', 'TypedAxis2', 'TypedOperation']) {
    it(`typed property values read back in ${name.slice(5).toLowerCase()} scope (PropertyIntegration*ScopeTestCase)`, async () => {
      const r = await post(name);
      assert.equal(r.status, 200);
      for (const v of [
        '<d>2468.1357</d>',
        '<i>321</i>',
        '<s>Quote Desk</s>',
        '<b>true</b>',
        '<f>32.5</f>',
        '<h>21</h>',
        '<l>4321987654</l>',
      ])
        assert.ok(r.text.includes(v), `${v} in ${r.text}`);
    });
  }

  it('a removed property gives an empty argument (Property*ScopeRemovePropertiesTestCase, payload side)', async () => {
    const r = await post('Removed');
    assert.ok(r.text.includes('<v><a/><b/></v>'), r.text);
  });

  it('inline XML through a property becomes a child of the answer (EnrichIntegrationAddPropertyAsChildTest)', async () => {
    const r = await post('EnrichChild', 'KLM');
    assert.equal(r.status, 200);
    // (a repeated xmlns:q on the added element is allowed: both serialisations are the same XML)
    assert.match(
      r.text,
      /<q:ticker>KLM<\/q:ticker><q:title>KLM Inc<\/q:title><q:extra( xmlns:q="urn:example:quotes")?>added<\/q:extra><\/q:result>/,
    );
  });

  it('a sibling of the body element, text replaced from a saved property (EnrichIntegrationAddSourceAsSiblingInBodyTest)', async () => {
    const r = await post('EnrichSibling', 'NOP');
    assert.equal(r.status, 200);
    const resp = r.text.indexOf('priceResponse>');
    const note = r.text.indexOf(':note');
    assert.ok(resp > 0 && note > resp, r.text);
    assert.ok(/<q:about>NOP<\/q:about>/.test(r.text), r.text);
  });

  it('filter by source and regex (FilterMediatorTest)', async () => {
    const ok = await post('Filtered', 'ACX');
    assert.ok(ok.text.includes('ACX Inc'), ok.text);
    const no = await post('Filtered', 'BBB');
    assert.ok(no.text.includes('<refused'), no.text);
  });

  it('call inside switch default and inside a clone target (CallMediatorInSwitchTestCase, CallMediatorInCloneTestCase)', async () => {
    const s = await post('Switched', 'QRS');
    assert.ok(s.text.includes('QRS Inc'), s.text);
    const c = await post('Cloned', 'TUV');
    assert.ok(c.text.includes('TUV Inc'), c.text);
  });
});
