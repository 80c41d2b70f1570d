/**
 * The xquery mediator (MI's tests-mediator-2 .../mediator/test/xquery, Synapse XQueryMediator), with our own
 * queries and payloads over real HTTP: the query comes from a local entry (an element's CDATA text), external
 * variables are bound from values, properties and the payload, the first item of the result replaces the first
 * element of the body (or becomes its text when atomic), and any failure is "Unable to execute the query ".
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const soap = (body: string) => `<s:Envelope xmlns:s="${S11}"><s:Body>${body}</s:Body></s:Envelope>`;

describe('oracle s13 S3: xquery mediator (MI XQuery test cases)', () => {
  let be: Backend;
  let t: TestRuntime;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(req.body);
    });
    const fault = `<faultSequence><payloadFactory media-type="json"><format>{"error":"$1"}</format>
      <args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>
      <property name="HTTP_SC" value="500" scope="axis2"/><respond/></faultSequence>`;
    t = await startRuntime({
      'toLookup.xml': `<localEntry ${NS} key="toLookup"><q><![CDATA[
declare namespace s="urn:shop";
declare variable $payload as document-node() external;
declare variable $who as xs:string external;
declare variable $qty as xs:integer external;
<l:lookup xmlns:l="urn:lookup">
  <l:sku>{$payload//s:order/s:sku/text()}</l:sku>
  <l:by>{$who}</l:by>
  <l:twice>{$qty * 2}</l:twice>
</l:lookup>]]></q></localEntry>`,
      'emptyBody.xml': `<localEntry ${NS} key="emptyBody"><q><![CDATA[
declare variable $item as xs:string external;
<c:check xmlns:c="urn:check"><c:item>{$item}</c:item></c:check>]]></q></localEntry>`,
      'atomic.xml': `<localEntry ${NS} key="atomic"><q><![CDATA[
declare variable $price as xs:double external;
$price * 3]]></q></localEntry>`,
      'typed.xml': `<localEntry ${NS} key="typed"><q xmlns="">
declare variable $d as xs:double external;
declare variable $f as xs:float external;
declare variable $l as xs:long external;
declare variable $b as xs:boolean external;
declare variable $n as xs:int external;
&lt;t:vals xmlns:t="urn:typed"&gt;&lt;t:d&gt;{$d}&lt;/t:d&gt;&lt;t:f&gt;{$f}&lt;/t:f&gt;&lt;t:l&gt;{$l}&lt;/t:l&gt;&lt;t:b&gt;{$b}&lt;/t:b&gt;&lt;t:n&gt;{$n + 1}&lt;/t:n&gt;&lt;t:half&gt;{$d div 2}&lt;/t:half&gt;&lt;t:tiny at="{$f div 1e12}"/&gt;&lt;/t:vals&gt;</q></localEntry>`,
      'Typed.xml': `<proxy ${NS} name="Typed" transports="http"><target><inSequence>
        <xquery key="typed" target="//s:item/s:slot" xmlns:s="urn:shop">
          <variable name="d" type="DOUBLE" value="2500000000"/>
          <variable name="f" type="FLOAT" value="271828.5"/>
          <variable name="l" type="LONG" value="9123456789012345678"/>
          <variable name="b" type="BOOLEAN" value="TRUE"/>
          <variable name="n" type="INT" value="41"/>
        </xquery>
        <respond/></inSequence>${fault}</target></proxy>`,
      'Lookup.xml': `<proxy ${NS} name="Lookup" transports="http"><target><inSequence>
        <property name="caller" value="desk-7"/>
        <xquery key="toLookup">
          <variable name="payload" type="ELEMENT"/>
          <variable name="who" type="STRING" expression="get-property('caller')"/>
          <variable name="qty" type="INTEGER" expression="//s:qty" xmlns:s="urn:shop"/>
        </xquery>
        <respond/></inSequence>${fault}</target></proxy>`,
      'Empty.xml': `<proxy ${NS} name="Empty" transports="http"><target><inSequence>
        <xquery key="emptyBody"><variable name="item" type="STRING" value="plum"/></xquery>
        <send><endpoint><address uri="${be.url}/check"/></endpoint></send></inSequence>
        <outSequence><send/></outSequence>${fault}</target></proxy>`,
      'Atomic.xml': `<proxy ${NS} name="Atomic" transports="http"><target><inSequence>
        <xquery key="atomic" target="//s:price" xmlns:s="urn:shop"><variable name="price" type="DOUBLE" expression="self::node()//s:price/child::text()" xmlns:s="urn:shop"/></xquery>
        <respond/></inSequence>${fault}</target></proxy>`,
      'NoQuery.xml': `<proxy ${NS} name="NoQuery" transports="http"><target><inSequence>
        <xquery key="noSuchQuery"><variable name="payload" type="ELEMENT"/></xquery>
        <respond/></inSequence>${fault}</target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const post = (proxy: string, body: string) =>
    send(`${t.base}/services/${proxy}`, { body, type: 'text/xml', headers: { SOAPAction: 'urn:mediate' } });

  it('binds the payload, a property and a typed node value; the element result replaces the body element (MI XQueryIntegrationTestCase)', async () => {
    const r = await post(
      'Lookup',
      soap('<s:order xmlns:s="urn:shop"><s:sku>K-9</s:sku><s:qty>21</s:qty></s:order>'),
    );
    assert.equal(r.status, 200, r.text);
    assert.match(
      r.text,
      /<s:Body><l:lookup xmlns:l="urn:lookup"><l:sku>K-9<\/l:sku><l:by>desk-7<\/l:by><l:twice>42<\/l:twice><\/l:lookup><\/s:Body>/,
    );
  });

  it('an empty SOAP body gets the result as its element (MI XQueryEmptyEmptySoapRequestTestCase)', async () => {
    const r = await post('Empty', soap(''));
    assert.equal(r.status, 200, r.text);
    assert.match(
      be.requests.at(-1)!.body,
      /<s:Body><c:check xmlns:c="urn:check"><c:item>plum<\/c:item><\/c:check><\/s:Body>/,
    );
  });

  it('an atomic double result becomes the target element text, printed as Java prints a double', async () => {
    const r = await post(
      'Atomic',
      soap('<s:item xmlns:s="urn:shop"><s:price>2.5</s:price><s:price>9</s:price></s:item>'),
    );
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /<s:price>7\.5<\/s:price><s:price>9<\/s:price>/);
  });

  it('value variables of each type, and doubles the query computes, printed in element content as Saxon prints them (MI XQueryCustomVariableAsDouble, XQueryCustomVariableAsFloat, XQueryCustomVariableAsLong, XQueryCustomVariableAsBoolean, XQueryCustomVariableAsInt)', async () => {
    const r = await post('Typed', soap('<s:item xmlns:s="urn:shop"><s:slot>x</s:slot></s:item>'));
    assert.equal(r.status, 200, r.text);
    assert.match(
      r.text,
      /<s:item xmlns:s="urn:shop"><t:vals xmlns:t="urn:typed"><t:d>2\.5E9<\/t:d><t:f>271828\.5<\/t:f><t:l>9123456789012345678<\/t:l><t:b>true<\/t:b><t:n>42<\/t:n><t:half>1\.25E9<\/t:half><t:tiny at="2\.718285E-7"\/><\/t:vals><\/s:item>/,
    );
  });

  it('a key with no query fails as "Unable to execute the query " (MI XquaryInvaluedKeyTestCase)', async () => {
    const r = await post('NoQuery', soap('<a/>'));
    assert.equal(r.status, 500);
    assert.deepEqual(r.json(), { error: 'Unable to execute the query ' });
  });
});
