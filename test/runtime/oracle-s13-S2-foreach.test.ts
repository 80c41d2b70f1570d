/**
 * Oracle sweep (session 13, S2): MI's classic foreach integration tests (mediator/test/foreach). Our own names and
 * values; the MI test class each case mirrors is named in its title.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const M = 'urn:example:shelf';

describe('oracle (MI integration tests, s13 S2): classic foreach', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      // ForEachPropertyMediatorTestCase.testNestedForEachPropertiesWithID: properties set in (nested) foreach
      // sequences are on the message after them
      'Shelves.xml': `<proxy ${NS} name="Shelves" transports="http"><target><inSequence>
          <property name="before" value="set before"/>
          <foreach xmlns:m="${M}" id="outer" expression="//m:shelf/m:box">
            <sequence>
              <property name="inOuter" value="set in outer"/>
              <payloadFactory media-type="xml"><format><m:pair><m:tag>$1-a</m:tag><m:tag>$1-b</m:tag></m:pair></format>
                <args><arg evaluator="xml" expression="//m:box/m:label"/></args></payloadFactory>
              <foreach xmlns:m="${M}" id="inner" expression="//m:tag">
                <sequence>
                  <property name="inInner" value="set in inner"/>
                  <log level="custom"><property name="innerSees" expression="concat(get-property('before'), '|', get-property('inOuter'))"/></log>
                  <payloadFactory media-type="xml"><format><m:label>$1</m:label></format><args><arg evaluator="xml" expression="//m:tag"/></args></payloadFactory>
                </sequence>
              </foreach>
              <log level="custom"><property name="outerSees" expression="get-property('inInner')"/></log>
            </sequence>
          </foreach>
          <log level="custom"><property name="afterSees" expression="concat(get-property('before'), '|', get-property('inOuter'), '|', get-property('inInner'), '|', get-property('outer_FOREACH_COUNTER'))"/></log>
          <respond/></inSequence></target></proxy>`,
      // ForEachMediator.getIteratedMessage: each item in a new default envelope, on the message itself
      'Crates.xml': `<proxy ${NS} name="Crates" transports="http"><target><inSequence>
          <log/><foreach xmlns:m="${M}" expression="//m:shelf/m:box"><sequence><log level="full"/></sequence></foreach><respond/>
        </inSequence></target></proxy>`,
      // ForEachJSONPayloadTestCase: a JSON request, an XML payloadFactory per item, logged as <jsonObject>
      'JsonShelf.xml': `<proxy ${NS} name="JsonShelf" transports="http"><target><inSequence>
          <foreach expression="//shelf/box"><sequence>
            <payloadFactory media-type="xml"><format><checked><label>$1</label></checked></format><args><arg evaluator="xml" expression="//box/label"/></args></payloadFactory>
          </sequence></foreach>
          <log level="full"><property name="STATE" value="END"/></log><respond/></inSequence></target></proxy>`,
      // testInfiniteLoopingWithCallMediatorTestCase / ForEachWithIterateTestCase: a call made in a template, then a
      // foreach whose sequence is a named one (sequence="key") over the answer
      'Roster.xml': `<api ${NS} name="Roster" context="/roster"><resource methods="POST GET"><inSequence>
          <payloadFactory media-type="xml"><format><team xmlns=""><player><no>7</no><club>north</club></player><player><no>9</no><club>south</club></player></team></format><args/></payloadFactory>
          <respond/></inSequence></resource></api>`,
      'FetchRoster.xml': `<template ${NS} name="fetchRoster"><sequence><call><endpoint><http uri-template="{uri.var.rosterBase}/roster"/></endpoint></call></sequence></template>`,
      'PerPlayer.xml': `<sequence ${NS} name="perPlayer"><property name="no" expression="//no"/><log level="custom"><property name="player" expression="get-property('no')"/></log></sequence>`,
      'Lineup.xml': `<proxy ${NS} name="Lineup" transports="http"><target><inSequence>
          <property name="uri.var.rosterBase" expression="$trp:X-Roster-Base"/>
          <call-template target="fetchRoster"/>
          <foreach expression="//team/player" sequence="perPlayer"/>
          <respond/></inSequence><outSequence/><faultSequence/></target></proxy>`,
    });
  });
  after(() => t?.close());

  it('a call in a template, then a foreach with a named sequence over the answer, then respond (MI testInfiniteLoopingWithCallMediatorTestCase, ForEachWithIterateTestCase)', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/services/Lineup`, {
      body: `<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Header/><e:Body/></e:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:mediate', 'X-Roster-Base': t.base },
    });
    assert.equal(r.status, 200);
    assert.match(
      r.text,
      /<team><player><no>7<\/no><club>north<\/club><\/player><player><no>9<\/no><club>south<\/club><\/player><\/team>/,
    );
    assert.deepEqual(
      messages(from).filter((m) => m.startsWith('player')),
      ['player = 7', 'player = 9'],
    );
  });

  const messages = (from: number) =>
    t.logs
      .slice(from)
      .filter((l) => l.category === 'LogMediator')
      .map((l) => l.message);

  it('properties set in nested foreach sequences stay on the message: ForEachMediator runs its sequence on the message itself (MI ForEachPropertyMediatorTestCase)', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/services/Shelves`, {
      body: `<s:Envelope xmlns:s="${S12}"><s:Body><m:shelf xmlns:m="${M}"><m:box><m:label>B1</m:label></m:box><m:box><m:label>B2</m:label></m:box></m:shelf></s:Body></s:Envelope>`,
      type: 'application/xml;charset=UTF-8',
    });
    assert.equal(r.status, 200);
    assert.match(
      r.text,
      /<m:shelf xmlns:m="[^"]+"><m:pair><m:label>B1-a<\/m:label><m:label>B1-b<\/m:label><\/m:pair><m:pair><m:label>B2-a<\/m:label><m:label>B2-b<\/m:label><\/m:pair><\/m:shelf>/,
    );
    const logged = messages(from);
    assert.deepEqual(
      logged.filter((m) => m.startsWith('innerSees')),
      Array(4).fill('innerSees = set before|set in outer'),
    );
    assert.deepEqual(
      logged.filter((m) => m.startsWith('outerSees')),
      Array(2).fill('outerSees = set in inner'),
    );
    assert.deepEqual(
      logged.filter((m) => m.startsWith('afterSees')),
      ['afterSees = set before|set in outer|set in inner|2'],
    );
  });

  it('a JSON request: each item replaced by the XML payloadFactory result, in the synapse namespace; the message is XML after (MI ForEachJSONPayloadTestCase)', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/services/JsonShelf`, {
      body: '{"shelf":{"box":[{"label":"J1"},{"label":"J2"}]}}',
      type: 'application/json;charset=UTF-8',
    });
    assert.equal(r.status, 200);
    // the payloadFactory (media-type xml) ran on the message itself and set its messageType application/xml
    // (PayloadFactoryMediator.setContentType): the XML view of the JSON request goes back as XML
    assert.match(r.headers.get('content-type') ?? '', /^application\/xml/);
    assert.equal(
      r.text,
      '<jsonObject><shelf><checked xmlns="http://ws.apache.org/ns/synapse"><label>J1</label></checked><checked xmlns="http://ws.apache.org/ns/synapse"><label>J2</label></checked></shelf></jsonObject>',
    );
    const end = messages(from).find((m) => m.includes('STATE = END')) ?? '';
    assert.match(
      end,
      /Payload: <jsonObject><shelf><checked xmlns="http:\/\/ws.apache.org\/ns\/synapse"><label>J1<\/label><\/checked><checked xmlns="http:\/\/ws.apache.org\/ns\/synapse"><label>J2<\/label><\/checked><\/shelf><\/jsonObject>/,
    );
  });

  it('each item is mediated in a new default envelope of the SOAP version (no header, soapenv prefix) with the message id of the message (ForEachMediator.getIteratedMessage, createNewSoapEnvelope; MI NestedForEachTestCase logs)', async () => {
    const from = t.logs.length;
    const r = await send(`${t.base}/services/Crates`, {
      body: `<s:Envelope xmlns:s="${S12}"><s:Header><k:ticket xmlns:k="urn:k">7</k:ticket></s:Header><s:Body><m:shelf xmlns:m="${M}"><m:box>A</m:box></m:shelf></s:Body></s:Envelope>`,
      type: 'application/soap+xml',
    });
    assert.equal(r.status, 200);
    // the message after the foreach is the original one, header included
    assert.match(r.text, /<s:Header><k:ticket xmlns:k="urn:k">7<\/k:ticket><\/s:Header>/);
    const [outer, inner] = messages(from);
    const id = (m: string | undefined) => /MessageID: ([^,]+),/.exec(m ?? '')?.[1];
    assert.ok(id(outer));
    assert.equal(id(inner), id(outer));
    assert.match(
      inner ?? '',
      new RegExp(
        `Envelope: <\\?xml version='1.0' encoding='utf-8'\\?><soapenv:Envelope xmlns:soapenv="${S12}"><soapenv:Body><m:box xmlns:m="${M}">A</m:box></soapenv:Body></soapenv:Envelope>$`,
      ),
    );
  });
});
