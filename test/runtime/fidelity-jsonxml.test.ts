/**
 * JSON <-> XML and the property mediator as Micro Integrator does them (facts from wso2-synapse JsonUtil, the staxon
 * AutoPrimitiveTarget and PropertyMediator), checked over real HTTP with our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity: JSON <-> XML conversion and property values', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'ToJson.xml': api(
        'ToJson',
        '/fj/to-json',
        `<property name="messageType" value="application/json" scope="axis2"/><respond/>`,
      ),
      'Keys.xml': api(
        'Keys',
        '/fj/keys',
        `<enrich><source type="inline" clone="true"><added xmlns="">yes</added></source><target type="custom" action="child" xpath="$body/jsonObject"/></enrich><respond/>`,
      ),
      'Attr.xml': api(
        'Attr',
        '/fj/attr',
        `<enrich><source type="inline"><seen xmlns="">x</seen></source><target type="custom" action="child" xpath="//order"/></enrich>
         <enrich><source type="custom" xpath="//order/@id"/><target type="custom" xpath="//seen"/></enrich>
         <property name="messageType" value="application/xml" scope="axis2"/><respond/>`,
      ),
      'Props.xml': api(
        'Props',
        '/fj/props',
        `<property name="full" value="order-77" pattern="\\d+"/>
         <property name="grp" value="order-77" pattern="order-(\\d+)" group="1"/>
         <property name="nogrp" value="order-77" pattern="order-\\d+" group="2"/>
         <property name="yes" value="Yes" type="BOOLEAN"/><property name="one" value="1" type="BOOLEAN"/><property name="no" value="on" type="BOOLEAN"/>
         <property name="typed" value="42" type="INTEGER" pattern="4"/>
         <payloadFactory media-type="json"><format>{"full":"$1","grp":"$2","nogrp":"$3","yes":$4,"one":$5,"no":$6,"typed":$7}</format>
           <args><arg expression="$ctx:full"/><arg expression="$ctx:grp"/><arg expression="$ctx:nogrp"/><arg expression="$ctx:yes"/><arg expression="$ctx:one"/><arg expression="$ctx:no"/><arg expression="$ctx:typed"/></args></payloadFactory>
         <respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('XML to JSON: attributes stay strings, "null" becomes null, numbers and booleans typed, 007 stays text', async () => {
    const r = await send(`${t.base}/fj/to-json`, {
      body: '<p:r xmlns:p="urn:p" id="5" flag="true"><n>12</n><d>-1.5</d><b>false</b><z>null</z><s>007</s><e/><i>a</i><i>b</i><t k="v">txt</t></p:r>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), {
      r: {
        '@id': '5',
        '@flag': 'true',
        n: 12,
        d: -1.5,
        b: false,
        z: null,
        s: '007',
        e: null,
        i: ['a', 'b'],
        t: { '@k': 'v', $: 'txt' },
      },
    });
  });

  it('a SOAP response to JSON: namespaces dropped, xsi:type kept as @type', async () => {
    const r = await send(`${t.base}/fj/to-json`, {
      body:
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:quoteResponse xmlns:m="urn:q" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        '<m:return xsi:type="m:Quote"><m:last>12.5</m:last></m:return></m:quoteResponse></s:Body></s:Envelope>',
      type: 'text/xml',
    });
    assert.deepEqual(r.json(), { quoteResponse: { return: { '@type': 'm:Quote', last: 12.5 } } });
  });

  it('JSON "@name" and "$" become an attribute and the text in the XML view, as MI reads JSON', async () => {
    const r = await send(`${t.base}/fj/attr`, {
      body: '{"order":{"@id":"o-1","@rank":2,"note":{"$":"fragile","@lang":"en"}}}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    // an attribute selected as an enrich source is no OMElement, OMText or String for Source.evaluate: an empty
    // source, so <seen> keeps its text ("Cannot Enrich message from an empty source.")
    assert.equal(
      r.text,
      '<jsonObject><order id="o-1" rank="2"><note lang="en">fragile</note><seen>x</seen></order></jsonObject>',
    );
  });

  it('JSON keys an XML name cannot hold come back unchanged after an XPath change', async () => {
    const r = await send(`${t.base}/fj/keys`, {
      body: '{"first name":"Ann","año":2024,"-x":1,"e@mail":"a@b","1st":true,"$ref":"r","list":[1]}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      'first name': 'Ann',
      año: 2024,
      '-x': 1,
      'e@mail': 'a@b',
      '1st': true,
      $ref: 'r',
      // an array of one is one element in MI's XML view (no <?xml-multiple?>), so it comes back as its value
      list: 1,
      added: 'yes',
    });
  });

  it('property: the pattern must match the whole value, group picks a group, BOOLEAN takes true/yes/1', async () => {
    const r = await send(`${t.base}/fj/props`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      full: '',
      grp: '77',
      nogrp: '',
      yes: true,
      one: true,
      no: false,
      typed: 42,
    });
  });
});
