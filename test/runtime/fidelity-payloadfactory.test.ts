/**
 * payloadFactory as Micro Integrator's regex template processor does it (facts from wso2-synapse
 * TemplateProcessor/RegexTemplateProcessor): each argument becomes a string, then is converted by what it holds and
 * escaped for the template's language; inline `${...}` follows the quoted/unquoted rules. Real HTTP, our fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity: payloadFactory arguments and inline expressions', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'JsonArgs.xml': api(
        'JsonArgs',
        '/pf/json-args',
        `<property name="asXml" expression="//box"/><property name="asJson" value='{"k":[1]}'/>
         <payloadFactory media-type="json"><format>{"el":$1,"first":"$2","val":"$3","fromXmlProp":$4,"quoted":"$5","fromJsonProp":$6,"lit":"$7","num":$8}</format>
           <args><arg expression="//box"/><arg expression="//who[1]"/><arg value="a&amp;&quot;b"/><arg expression="$ctx:asXml"/>
             <arg expression="//say"/><arg expression="$ctx:asJson"/><arg expression="//box" literal="true"/><arg expression="count(//who)"/></args></payloadFactory>
         <respond/>`,
      ),
      'Inline.xml': api(
        'Inline',
        '/pf/inline',
        `<payloadFactory media-type="json"><format>{"q":"\${payload.n}","u":\${payload.n},"s":"\${payload.s}","o":\${payload.o},"qo":"\${payload.o}","t":"price \${payload.p} for $1"}</format>
           <args><arg expression="json-eval($.s)"/></args></payloadFactory><respond/>`,
      ),
      'Quote.xml': api(
        'Quote',
        '/pf/quote',
        `<property name="QUOTE_STRING_IN_PAYLOAD_FACTORY_JSON" value="true"/>
         <payloadFactory media-type="json"><format>{"s":$1,"n":$2,"b":$3,"o":$4}</format>
           <args><arg expression="json-eval($.s)"/><arg expression="json-eval($.n)"/><arg expression="json-eval($.b)"/><arg expression="json-eval($.o)"/></args></payloadFactory><respond/>`,
      ),
      'XmlArgs.xml': api(
        'XmlArgs',
        '/pf/xml-args',
        `<payloadFactory media-type="xml"><format><out xmlns=""><obj>$1</obj><str>$2</str><val>$3</val><price>\${payload.p}</price></out></format>
           <args><arg expression="json-eval($.o)"/><arg expression="json-eval($.s)"/><arg value="&lt;v&gt;1&lt;/v&gt;"/></args></payloadFactory><respond/>`,
      ),
      'Text.xml': api(
        'Text',
        '/pf/text',
        `<payloadFactory media-type="text"><format>value=$1 expr=$2</format><args><arg value="a&lt;b"/><arg expression="json-eval($.s)"/></args></payloadFactory><respond/>`,
      ),
      'ToXml.xml': api(
        'ToXml',
        '/pf/to-xml',
        `<variable name="plain" value="a\\nb&lt;c"/>
         <payloadFactory media-type="xml"><format>
             <result xmlns="">
               <fromJson>\${payload.note}</fromJson>
               <fromVar>\${vars.plain}</fromVar>
               <obj>\${payload.item}</obj>
             </result></format></payloadFactory><respond/>`,
      ),
      'ToJson2.xml': api(
        'ToJson2',
        '/pf/to-json',
        `<variable name="plain" value="x\\ny"/>
         <payloadFactory media-type="json"><format>{"asText":"\${xpath('//box')}","asObject":\${xpath('//box')},"fromVar":"\${vars.plain}","name":"\${xpath('//who/text()')}"}</format></payloadFactory><respond/>`,
      ),
      'Doubles.xml': api(
        'Doubles',
        '/pf/doubles',
        `<payloadFactory media-type="xml"><format><r xmlns=""><t>\${payload.price * payload.qty}</t><q>"\${payload.price * payload.qty}"</q></r></format></payloadFactory><respond/>`,
      ),
      'KeepType.xml': api(
        'KeepType',
        '/pf/keep-type',
        `<property name="messageType" value="text/xml" scope="axis2"/>
         <payloadFactory media-type="xml"><format><m:ping xmlns:m="urn:ping">$1</m:ping></format><args><arg value="x"/></args></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('JSON template: an element argument keeps its name, a value is XML-escaped, strings are JSON-escaped', async () => {
    const r = await send(`${t.base}/pf/json-args`, {
      body: '<r><who>Ann</who><who>Bob</who><box><n>1</n><n>2</n></box><say>he said "hi"</say></r>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      el: { box: { n: [1, 2] } },
      first: 'Ann',
      val: 'a&amp;&quot;b',
      fromXmlProp: { box: { n: [1, 2] } },
      quoted: 'he said "hi"',
      fromJsonProp: { k: [1] },
      lit: '<box><n>1</n><n>2</n></box>',
      num: 2,
    });
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
  });

  it('inline ${}: quoted values are JSON strings, unquoted ones keep their type, $n is not read inside values', async () => {
    const r = await send(`${t.base}/pf/inline`, {
      body: '{"n":5,"s":"x\\"y","o":{"a":[1,true,null]},"p":"$1"}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      q: '5',
      u: 5,
      s: 'x"y',
      o: { a: [1, true, null] },
      qo: '{"a":[1,true,null]}',
      t: 'price $1 for x"y',
    });
  });

  it('QUOTE_STRING_IN_PAYLOAD_FACTORY_JSON quotes strings but not numbers, booleans or objects', async () => {
    const r = await send(`${t.base}/pf/quote`, {
      body: '{"s":"str","n":7,"b":false,"o":{"x":1}}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { s: 'str', n: 7, b: false, o: { x: 1 } });
  });

  it('XML template: a JSON object argument becomes elements, strings are escaped, an XML value is inserted as XML', async () => {
    const r = await send(`${t.base}/pf/xml-args`, {
      body: '{"o":{"x":[1,2],"y":"z"},"s":"a<b","p":"$2.50"}',
      type: 'application/json',
    });
    assert.equal(
      r.text,
      '<out><obj><x>1</x><x>2</x><y>z</y></obj><str>a&lt;b</str><val><v>1</v></val><price>$2.50</price></out>',
    );
    assert.match(r.headers.get('content-type') ?? '', /^application\/xml/);
  });

  it('text template: a value argument is XML-escaped as MI does, an expression is not', async () => {
    const r = await send(`${t.base}/pf/text`, { body: '{"s":"c<d"}', type: 'application/json' });
    assert.equal(r.text, 'value=a&lt;b expr=c<d');
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
  });

  it('JSON values into XML: indentation of the format dropped, JSON strings escaped as JSON, plain strings not', async () => {
    const r = await send(`${t.base}/pf/to-xml`, {
      body: JSON.stringify({ note: 'p\\q"r', item: { k: 'v\\n', n: 1 } }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    // MI writes a JSON string with its JSON escapes (p\\q\"r); a variable's text only XML-escaped
    assert.equal(
      r.text,
      '<result><fromJson>p\\\\q\\"r</fromJson><fromVar>a\\nb&lt;c</fromVar><obj><k>v\\\\n</k><n>1</n></obj></result>',
    );
  });

  it('XML values into JSON: xpath() text quoted as a string, as an object when unquoted; a variable keeps its escapes', async () => {
    const r = await send(`${t.base}/pf/to-json`, {
      body: '<r><who>Kim&lt;</who><box><a>1</a><b>t\\\\nu</b></box></r>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      asText: '<box><a>1</a><b>t\\\\nu</b></box>',
      asObject: { box: { a: 1, b: 't\\nu' } },
      fromVar: 'x\ny',
      name: 'Kim<',
    });
  });

  it('a computed double is inserted as its Java text (10.0)', async () => {
    const r = await send(`${t.base}/pf/doubles`, { body: '{"price":2.5,"qty":4}', type: 'application/json' });
    assert.equal(r.text, '<r><t>10.0</t><q>"10.0"</q></r>');
  });

  it('XML template keeps a text/xml message type (a REST client gets the body element, as MI POX formatter)', async () => {
    const r = await send(`${t.base}/pf/keep-type`, { body: '{}', type: 'application/json' });
    assert.match(r.headers.get('content-type') ?? '', /^text\/xml/);
    assert.equal(r.text, '<m:ping xmlns:m="urn:ping">x</m:ping>');
  });
  it('XML template keeps a text/xml message type (a SOAP client gets the SOAP 1.1 envelope)', async () => {
    const r = await send(`${t.base}/pf/keep-type`, {
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><go/></soapenv:Body></soapenv:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: 'urn:go' },
    });
    assert.match(r.headers.get('content-type') ?? '', /^text\/xml/);
    assert.match(r.text, /<soapenv:Body><m:ping xmlns:m="urn:ping">x<\/m:ping><\/soapenv:Body>/);
  });
});
