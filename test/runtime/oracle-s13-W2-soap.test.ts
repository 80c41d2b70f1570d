/**
 * Session 13, helper W2: the WS-Addressing headers MI writes on a SOAP answer (Axis2 AddressingOutHandler, the
 * addressing module engaged globally; Synapse Axis2Sender.sendBack, SynapseCallbackReceiver). Our own proxies and
 * payloads.
 */
import assert from 'node:assert/strict';
import { generateCertificate } from '../../runtime-debug/management/cert';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSA = 'http://www.w3.org/2005/08/addressing';

function envelope(headers: string): string {
  return `<s:Envelope xmlns:s="${S11}" xmlns:wsa="${WSA}"><s:Header>${headers}</s:Header><s:Body><p:plant xmlns:p="urn:example:garden"><p:name>fern</p:name></p:plant></s:Body></s:Envelope>`;
}
const GARDEN_WSDL = `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
  xmlns:g="http://example.org/garden" xmlns:wsam="http://www.w3.org/2007/05/addressing/metadata" targetNamespace="http://example.org/garden">
  <wsdl:message name="plantIn"><wsdl:part name="p" element="g:plant"/></wsdl:message>
  <wsdl:message name="plantOut"><wsdl:part name="p" element="g:planted"/></wsdl:message>
  <wsdl:message name="frost"><wsdl:part name="p" element="g:frost"/></wsdl:message>
  <wsdl:portType name="GardenPort">
    <wsdl:operation name="plant"><wsdl:input message="g:plantIn"/><wsdl:output message="g:plantOut"/></wsdl:operation>
    <wsdl:operation name="prune"><wsdl:input name="cut" message="g:plantIn"/><wsdl:output message="g:plantOut" wsam:Action="http://example.org/garden/pruned"/><wsdl:fault name="TooLate" message="g:frost"/></wsdl:operation>
    <wsdl:operation name="notify"><wsdl:input message="g:plantIn"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="GardenSoap" type="g:GardenPort"><soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>
    <wsdl:operation name="plant"><soap:operation soapAction="urn:plant"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="prune"><soap:operation/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="notify"><soap:operation soapAction=""/><wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation></wsdl:binding>
  <wsdl:service name="Garden"><wsdl:port name="GardenPort" binding="g:GardenSoap"><soap:address location="http://garden.example.org/ws"/></wsdl:port></wsdl:service>
</wsdl:definitions>`;
const PLAIN = `<s:Envelope xmlns:s="${S11}"><s:Body><p:plant xmlns:p="urn:example:garden"><p:name>fern</p:name></p:plant></s:Body></s:Envelope>`;

describe('oracle s13 (W2): WS-Addressing on SOAP answers (Axis2 AddressingOutHandler)', function () {
  this.timeout(20000);
  let t: TestRuntime;
  let be: Backend;
  let replies: Backend;
  before(async () => {
    replies = await startBackend((req, res) => {
      res.writeHead(202);
      res.end();
    });
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=UTF-8' });
      res.end(
        `<s:Envelope xmlns:s="${S11}"><s:Body><p:water xmlns:p="urn:example:garden"><p:litres>2</p:litres></p:water></s:Body></s:Envelope>`,
      );
    });
    t = await startRuntime({
      'GardenRelay.xml': `<proxy ${NS} name="GardenRelay"><target><inSequence><log level="full"/><send><endpoint><address uri="${be.url}/water"/></endpoint></send></inSequence>
        <outSequence><log level="full"/><send/></outSequence></target></proxy>`,
      'GardenOn.xml': `<proxy ${NS} name="GardenOn"><target><inSequence><property name="disableAddressingForOutMessages" value="false" scope="axis2"/><log level="full"/><send><endpoint><address uri="${be.url}/water"/></endpoint></send></inSequence>
        <outSequence><log level="full"/><send/></outSequence></target></proxy>`,
      'GardenOff.xml': `<proxy ${NS} name="GardenOff"><target><inSequence><log level="full"/><send><endpoint><address uri="${be.url}/water"/></endpoint></send></inSequence>
        <outSequence><property name="disableAddressingForOutMessages" value="true" scope="axis2"/><log level="full"/><send/></outSequence></target></proxy>`,
      'GardenWsdl.xml': `<localEntry ${NS} key="GardenWsdl">${GARDEN_WSDL}</localEntry>`,
      'GardenDesk.xml': `<proxy ${NS} name="GardenDesk"><target><inSequence><respond/></inSequence></target><publishWSDL key="GardenWsdl"/></proxy>`,
      'GardenFault.xml': `<proxy ${NS} name="GardenFault"><target><inSequence><log level="full"/><makefault version="soap11"><code value="soapenv:Client" xmlns:soapenv="${S11}"/><reason value="no ferns today"/></makefault>
        <log level="custom"><property name="rel" expression="get-property('RelatesTo')"/></log><respond/></inSequence></target></proxy>`,
      'GardenEcho.xml': `<proxy ${NS} name="GardenEcho"><target><inSequence><log level="full"/><respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
    await replies?.close();
  });

  async function post(proxy: string, body: string): Promise<string> {
    const r = await send(`${t.base}/services/${proxy}`, {
      body,
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:water"' },
    });
    assert.equal(r.status, 200, r.text);
    return r.text;
  }
  function header(text: string): string {
    return /<(\w+):Header[^>]*>(.*)<\/\1:Header>/.exec(text)?.[2] ?? '';
  }
  const UUID = 'urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

  it('the back end answer to a request that had wsa headers carries a new MessageID, the operation output Action and RelatesTo the request MessageID; no To, no anonymous ReplyTo (AddressingOutHandler; MI PropertyIntegrationDisableAddressingForOutMessagesTestCase)', async () => {
    const text = await post(
      'GardenRelay',
      envelope(
        '<wsa:To>http://example.org/garden</wsa:To><wsa:Action>urn:water</wsa:Action><wsa:MessageID>urn:uuid:garden-1</wsa:MessageID>',
      ),
    );
    assert.match(
      header(text),
      new RegExp(
        `^<wsa:MessageID>${UUID}</wsa:MessageID><wsa:Action>urn:mediateResponse</wsa:Action><wsa:RelatesTo>urn:uuid:garden-1</wsa:RelatesTo>$`,
      ),
      text,
    );
    assert.match(text, /<s:Header xmlns:wsa="http:\/\/www\.w3\.org\/2005\/08\/addressing">/);
  });

  it('a request with no wsa headers gets none on its answer; the axis2 property disableAddressingForOutMessages "false" turns them on, "true" in the outSequence off (AddressingInHandler.shouldInvoke, AddressingOutHandler.shouldInvoke; MI PropertyIntegrationDisableAddressingForOutMessagesTestCase)', async () => {
    assert.doesNotMatch(await post('GardenRelay', PLAIN), /Header|wsa:/);
    const on = await post('GardenOn', PLAIN);
    assert.match(
      header(on),
      new RegExp(
        `^<wsa:MessageID>${UUID}</wsa:MessageID><wsa:Action>urn:mediateResponse</wsa:Action><wsa:RelatesTo>${UUID}</wsa:RelatesTo>$`,
      ),
      on,
    );
    const off = await post(
      'GardenOff',
      envelope('<wsa:Action>urn:water</wsa:Action><wsa:MessageID>urn:uuid:garden-2</wsa:MessageID>'),
    );
    assert.doesNotMatch(off, /wsa:/, off);
  });

  it('a request sent back by respond loses its own wsa headers and gets new ones: its Action, its RelatesTo, a new MessageID, no To (Axis2Sender.sendBack removeAddressingHeaders, RespondMediator setTo(null); MI PropertyIntegrationDisableAddressingForOutMessagesTestCase)', async () => {
    const text = await post(
      'GardenEcho',
      envelope(
        '<wsa:To>http://example.org/garden</wsa:To><wsa:Action>urn:water</wsa:Action><wsa:MessageID>urn:uuid:garden-3</wsa:MessageID><wsa:RelatesTo>urn:uuid:earlier-3</wsa:RelatesTo>',
      ),
    );
    assert.match(
      header(text),
      new RegExp(
        `^<wsa:MessageID>${UUID}</wsa:MessageID><wsa:Action>urn:water</wsa:Action><wsa:RelatesTo>urn:uuid:earlier-3</wsa:RelatesTo>$`,
      ),
      text,
    );
  });

  it('a makefault answer relates to the request it replaces (FaultMediator.makeSOAPFault setRelatesTo: the message id), and carries the request action (AddressingOutHandler; MI PropertyIntegrationDisableAddressingForOutMessagesTestCase)', async () => {
    const before = t.logs.length;
    const r = await send(`${t.base}/services/GardenFault`, {
      body: envelope('<wsa:Action>urn:water</wsa:Action><wsa:MessageID>urn:uuid:garden-5</wsa:MessageID>'),
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:water"' },
    });
    assert.equal(r.status, 500);
    assert.match(
      header(r.text),
      new RegExp(
        `^<wsa:MessageID>${UUID}</wsa:MessageID><wsa:Action>urn:water</wsa:Action><wsa:RelatesTo>urn:uuid:garden-5</wsa:RelatesTo>$`,
      ),
      r.text,
    );
    assert.ok(
      t.logs.slice(before).some((l) => l.message.includes('rel = urn:uuid:garden-5')),
      t.logs.map((l) => l.message).join('\n'),
    );
  });

  it('the reply POSTed to a ReplyTo address carries To (that address), a new MessageID, Action urn:mediateResponse and RelatesTo the request MessageID (Axis2Sender.sendBack: DISABLE_ADDRESSING_FOR_OUT_MESSAGES false; MI sample 155 area, PropertyIntegrationDisableAddressingForOutMessagesTestCase)', async () => {
    const r = await send(`${t.base}/services/GardenRelay`, {
      body: envelope(
        `<wsa:Action>urn:water</wsa:Action><wsa:MessageID>urn:uuid:garden-4</wsa:MessageID><wsa:ReplyTo><wsa:Address>${replies.url}/later</wsa:Address></wsa:ReplyTo>`,
      ),
      type: 'text/xml; charset=UTF-8',
      headers: { SOAPAction: '"urn:water"' },
    });
    assert.equal(r.status, 202);
    await until('the reply at the ReplyTo address', () => replies.requests.length !== 0);
    const got = replies.requests[0]?.body ?? '';
    assert.match(
      header(got),
      new RegExp(
        `^<wsa:To>${replies.url}/later</wsa:To><wsa:MessageID>${UUID}</wsa:MessageID><wsa:Action>urn:mediateResponse</wsa:Action><wsa:RelatesTo>urn:uuid:garden-4</wsa:RelatesTo>$`,
      ),
      got,
    );
  });

  it('?wsdl of a proxy publishing a WSDL: each port type operation carries wsaw:Action on its input (the soapAction, else the default pattern), output and faults (AxisService2WSDL11.generatePortType, WSDL11DefaultActionPatternHelper; the proxy kind of MI WSDLOptionsSpecifiedInlineTestCase)', async () => {
    const r = await send(`${t.base}/services/GardenDesk?wsdl`);
    assert.equal(r.status, 200);
    // (without the indentation MI's XMLPrettyPrinter gives it: see oracle-s15-A-wsdl-layout.test.ts)
    const w = r.text.replace(/>\s+</g, '><');
    const portType = /<wsdl:portType name="GardenDeskPortType">(.*?)<\/wsdl:portType>/s.exec(w)?.[1] ?? w;
    assert.equal(
      portType,
      '<wsdl:operation name="plant"><wsdl:input message="g:plantIn" wsaw:Action="urn:plant"/><wsdl:output message="g:plantOut" wsaw:Action="http://example.org/garden/GardenPort/plantResponse"/></wsdl:operation>' +
        '<wsdl:operation name="prune"><wsdl:input message="g:plantIn" wsaw:Action="http://example.org/garden/GardenPort/cut"/><wsdl:output message="g:plantOut" wsaw:Action="http://example.org/garden/pruned"/><wsdl:fault message="g:TooLate" name="TooLate" wsaw:Action="http://example.org/garden/GardenPort/prune/Fault/TooLate"/></wsdl:operation>' +
        '<wsdl:operation name="notify"><wsdl:input message="g:plantIn"/></wsdl:operation>',
    );
  });
});

describe('oracle s13 (W2): ?wsdl ports of a proxy when the runtime serves https (AxisService2WSDL11.generateService)', function () {
  this.timeout(20000);
  const { cert, key } = generateCertificate(['localhost', '127.0.0.1']);
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime(
      {
        'Greenhouse.xml': `<proxy ${NS} name="Greenhouse"><target><inSequence><respond/></inSequence></target></proxy>`,
        'Shed.xml': `<proxy ${NS} name="Shed" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
      },
      { https: { port: 0, key, cert } },
    );
  });
  after(async () => {
    await t?.close();
  });

  it('a proxy on every transport has an https port per binding too, at the HTTPS listener, in the order the endpoint HashMap iterates (SOAP 1.1 ports, SOAP 1.2 ports, HTTP ports); transports="http" has none', async () => {
    const w = (await send(`${t.base}/services/Greenhouse?wsdl`)).text.replace(/>\s+</g, '><');
    const httpsPort = t.rt.httpsAddress()!.port;
    const http = t.base;
    const https = `https://127.0.0.1:${httpsPort}`;
    const ports = [...w.matchAll(/<wsdl:port name="([^"]+)"[^>]*><[\w:]+ location="([^"]+)"/g)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    assert.deepEqual(ports, [
      `GreenhouseHttpSoap11Endpoint ${http}/services/Greenhouse.GreenhouseHttpSoap11Endpoint`,
      `GreenhouseHttpsSoap11Endpoint ${https}/services/Greenhouse.GreenhouseHttpsSoap11Endpoint`,
      `GreenhouseHttpsSoap12Endpoint ${https}/services/Greenhouse.GreenhouseHttpsSoap12Endpoint`,
      `GreenhouseHttpSoap12Endpoint ${http}/services/Greenhouse.GreenhouseHttpSoap12Endpoint`,
      `GreenhouseHttpEndpoint ${http}/services/Greenhouse.GreenhouseHttpEndpoint`,
      `GreenhouseHttpsEndpoint ${https}/services/Greenhouse.GreenhouseHttpsEndpoint`,
    ]);
    const shed = (await send(`${t.base}/services/Shed?wsdl`)).text;
    assert.doesNotMatch(shed, /https:|Https/);
  });
});
