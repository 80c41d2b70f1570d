/**
 * MI's mediator reference (wso2/docs-mi en/docs/reference/mediators) checked against Synapse's sources, with our own
 * fixtures over real HTTP (helper H2, session 12):
 * - scatter-gather: each branch is a clone of the message with its fault stack and its way back to the client
 *   (ScatterGather.mediate, MessageHelper.cloneMessageContext): a branch whose call fails runs the fault sequence
 *   with the branch's message (its <respond/> answers the client); a branch that stops (drop, respond) is not
 *   collected (only a branch sequence that ends true is aggregated), and a <respond/> in a branch answers the client;
 * - call <target type>: CallMediatorFactory.populateTarget takes every enrich type and refuses others ("Un-expected
 *   type"), and a variable target without a name; envelope, custom and inline leave the target unavailable, so the
 *   response replaces the body;
 * - call <target type="property|variable">: the response is stored by the source's message type (the <source
 *   contentType>, else the request's messageType), not by its own (CallMediator.postMediate / Axis2SynapseEnvironment
 *   callMediatorPostMediate -> MediatorEnrichUtil.doEnrich): a JSON request keeps an XML answer as {} (no JSON
 *   stream: JsonUtil.jsonPayloadToString), an XML request keeps a JSON answer as XML (<jsonObject>); the type is
 *   the first message's, kept by the mediator (CallMediator.sourceMessageType); call-mediator.md's source examples
 *   (a JSON request sent as XML from a property, an expression or inline content; the original body answered);
 * - callout from a REST message: the copy keeps doingREST, messageType and REST_URL_POSTFIX
 *   (MessageHelper.cloneMessageContext, BlockingMsgSenderUtils.fillMessageContext/setProperties; the wrapping
 *   endpoint has no format): the source goes out as POX with the postfix appended and no SOAPAction (Axis2
 *   HTTPSender sends none for REST);
 * - generic-properties.md SERVER_IP / SERVER_HOST: local entries Synapse defines at start
 *   (Axis2SynapseController.addServerIPAndHostEntries), which get-property reads (GetPropertyFunction).
 */
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { Runtime } from '../../runtime-debug/engine/runtime';
import { NS, closedPort, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle (H2, s12): the mediator reference against the sources', () => {
  let t: TestRuntime;
  let be: Backend;
  const seen: string[] = [];
  const seenXml: string[] = [];
  const seenPox: string[] = [];
  before(async () => {
    be = await startBackend((req, res) => {
      if (req.url === '/as-xml') {
        seen.push(`${req.headers['content-type']} ${req.body}`);
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<filed><count>1</count></filed>');
        return;
      }
      if (req.url === '/xml-answer') {
        seenXml.push(`${req.headers['content-type']?.split(';')[0]} ${req.body}`);
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<stock><count>7</count></stock>');
        return;
      }
      if (req.url?.startsWith('/pox-shelf')) {
        seenPox.push(
          `${req.method} ${req.url} ${req.headers['content-type']?.split(';')[0]} ${req.headers.soapaction} ${req.body}`,
        );
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('<placed><shelf>3</shelf></placed>');
        return;
      }
      if (req.url === '/traced') {
        res.writeHead(201, { 'X-Zone': 'b', 'Content-Type': 'application/json', 'a-tag': 'first' });
        res.end('{"made": true}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ shelf: req.url }));
    });
    const dead = await closedPort();
    const resource = (name: string, body: string, fault = '') =>
      `<api ${NS} name="${name}" context="/h2s12/${name}"><resource methods="POST"><inSequence>${body}</inSequence>${fault}</resource></api>`;
    const call = (url: string) =>
      `<call><endpoint><http method="post" uri-template="${url}"/></endpoint></call>`;
    const gather = (agg: string, branches: string[]) =>
      `<scatter-gather parallel-execution="false" target="body" result-content-type="JSON">
         <aggregation expression="\${payload.shelf}" ${agg}/>${branches.map((b) => `<sequence>${b}</sequence>`).join('')}
       </scatter-gather><respond/>`;
    t = await startRuntime({
      'SgFault.xml': resource(
        'SgFault',
        gather('', [call(`${be.url}/left`), call(`http://127.0.0.1:${dead}/gone`)]),
        `<faultSequence><payloadFactory media-type="json"><format>{"failed": $1, "why": "$2"}</format><args>
           <arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/>
         </args></payloadFactory><respond/></faultSequence>`,
      ),
      'SgFaultTimeout.xml': resource(
        'SgFaultTimeout',
        gather('timeout="300"', [call(`${be.url}/left`), call(`http://127.0.0.1:${dead}/gone`)]),
        `<faultSequence><log level="custom"><property name="branchFault" expression="get-property('ERROR_CODE')"/></log></faultSequence>`,
      ),
      'CallCustomTarget.xml': resource(
        'CallCustomTarget',
        `<call><endpoint><http method="post" uri-template="${be.url}/as-body"/></endpoint><target type="custom">//x</target></call><respond/>`,
      ),
      ...Object.fromEntries(
        ['Json', 'Xml', 'Sticky'].flatMap((kind) => [
          [
            `CallKindsProp${kind}.xml`,
            resource(
              `CallKindsProp${kind}`,
              `<call><endpoint><http method="post" uri-template="${be.url}/xml-answer"/></endpoint><target type="property">kept</target></call>
               <log level="custom"><property name="kept" expression="$ctx:kept"/></log><respond/>`,
            ),
          ],
          [
            `CallKindsVar${kind}.xml`,
            resource(
              `CallKindsVar${kind}`,
              `<call><endpoint><http method="post" uri-template="${be.url}/json-answer"/></endpoint><target type="variable">kept</target></call>
               <log level="custom"><property name="kept" expression="\${vars.kept.payload}"/></log><respond/>`,
            ),
          ],
        ]),
      ),
      'CallKindsBlocking.xml': resource(
        'CallKindsBlocking',
        `<call blocking="true"><endpoint><http method="post" uri-template="${be.url}/xml-answer"/></endpoint><target type="property">kept</target></call>
         <log level="custom"><property name="kept" expression="$ctx:kept"/></log><respond/>`,
      ),
      'CallSourceXml.xml': resource(
        'CallSourceXml',
        `<property name="part" expression="$body//inner" type="OM"/>
         <call><endpoint><http method="post" uri-template="${be.url}/as-xml"/></endpoint>
           <source contentType="application/xml" type="property">part</source><target type="property">answer</target></call>
         <call><endpoint><http method="post" uri-template="${be.url}/as-xml"/></endpoint>
           <source contentType="application/xml" type="custom">$body//leaf</source><target type="property">answer</target></call>
         <log level="custom"><property name="answer" expression="$ctx:answer"/></log><respond/>`,
      ),
      'CallHeaders.xml': resource(
        'CallHeaders',
        `<call><endpoint><http method="post" uri-template="${be.url}/traced"/></endpoint><target type="variable">got</target></call>
         <payloadFactory media-type="json"><format>{"names": "\${vars.got.headers}", "status": \${vars.got.attributes.statusCode}}</format></payloadFactory><respond/>`,
      ),
      'CalloutRest.xml': `<api ${NS} name="CalloutRest" context="/h2s12/CalloutRest"><resource methods="POST" url-mapping="/*">
        <inSequence><callout serviceURL="${be.url}/pox-shelf" action="urn:shelf"><source xpath="//item"/><target key="answer"/></callout>
        <log level="custom"><property name="calloutAnswer" expression="$ctx:answer"/></log><respond/></inSequence></resource></api>`,
      'CalloutPut.xml': resource(
        'CalloutPut',
        `<property name="HTTP_METHOD" value="PUT" scope="axis2"/>
         <callout serviceURL="${be.url}/pox-shelf"><source xpath="//item"/><target key="answer"/></callout><respond/>`,
      ),
      // callout-mediator.md example 2: enableREST and HTTP_METHOD in the client options, the envelope as source
      'CalloutEnableRest.xml': `<proxy ${NS} name="H2CalloutEnableRest" transports="http" startOnLoad="true"><target><inSequence>
         <property name="enableREST" scope="axis2-client" type="BOOLEAN" value="true"/>
         <property name="HTTP_METHOD" expression="$axis2:HTTP_METHOD" scope="axis2-client"/>
         <callout initAxis2ClientOptions="false" serviceURL="${be.url}/pox-shelf"><source type="envelope"/><target key="answer"/></callout>
         <property name="res" expression="$ctx:answer" type="OM"/>
         <payloadFactory media-type="xml"><format><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>$1</soapenv:Body></soapenv:Envelope></format>
           <args><arg evaluator="xml" expression="$ctx:res"/></args></payloadFactory><respond/></inSequence></target></proxy>`,
      'OperationLog.xml': resource(
        'OperationLog',
        `<log level="custom"><property name="opName" expression="get-property('OperationName')"/>
           <property name="opNs" expression="get-property('OperationNamespace')"/></log><respond/>`,
      ),
      'ServerEntries.xml': resource(
        'ServerEntries',
        `<payloadFactory media-type="json"><format>{"ip": "$1", "host": "$2"}</format><args>
           <arg expression="get-property('SERVER_IP')"/><arg expression="get-property('SERVER_HOST')"/></args></payloadFactory><respond/>`,
      ),
      'SgDrop.xml': resource(
        'SgDrop',
        gather('', [call(`${be.url}/kept`), `${call(`${be.url}/dropped`)}<drop/>`]),
      ),
      'SgRespond.xml': resource(
        'SgRespond',
        gather('timeout="200"', [call(`${be.url}/slow-one`), `${call(`${be.url}/answered`)}<respond/>`]),
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });
  const post = (name: string) =>
    send(`${t.base}/h2s12/${name}`, { body: '{"q": 1}', type: 'application/json' });

  it('scatter-gather: a failing branch runs the fault sequence with its own message, whose respond answers', async () => {
    const r = await post('SgFault');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { failed: 101503, why: 'Error connecting to the back end' });
  });

  it('scatter-gather: after a branch s fault sequence, the timeout completes the group with the others', async () => {
    const r = await post('SgFaultTimeout');
    assert.deepEqual(r.json(), ['/left']);
    assert.ok(t.logs.some((l) => l.message.includes('branchFault = 101503')));
  });

  it('scatter-gather: a branch that drops is not collected; a respond in a branch answers the client', async () => {
    assert.deepEqual((await post('SgDrop')).json(), ['/kept']);
    assert.deepEqual((await post('SgRespond')).json(), { shelf: '/answered' });
  });

  it('call <target type>: custom acts as body; an unknown type or a nameless variable is not deployed', async () => {
    assert.deepEqual((await post('CallCustomTarget')).json(), { shelf: '/as-body' });
    for (const [target, why] of [
      ['<target type="shelf">x</target>', 'Un-expected type : shelf'],
      ['<target type="variable"/>', 'Variable name is required for VARIABLE type'],
    ]) {
      const rt = new Runtime({ httpPort: 0 });
      const res = rt.deploy([
        {
          name: 'Bad.xml',
          text: `<sequence ${NS} name="Bad"><call><endpoint><http method="get" uri-template="${be.url}/x"/></endpoint>${target}</call></sequence>`,
        },
      ]);
      assert.deepEqual(
        res.problems.map((p) => `${p.code} ${p.message}`),
        [`RT_BAD_TARGET ${why}`],
      );
    }
  });

  it('call target: the response is kept by the request s type (JSON request: an XML answer is {}; XML request: a JSON answer as XML)', async () => {
    const kept = async (name: string, body: string, type: string) => {
      const r = await send(`${t.base}/h2s12/${name}`, { body, type });
      assert.equal(r.text, body);
      return t.logs.filter((l) => l.message.startsWith('kept = ')).pop()?.message;
    };
    assert.equal(await kept('CallKindsPropJson', '{"q":1}', 'application/json'), 'kept = {}');
    assert.equal(t.logs.at(-2)?.message, 'JSON payload not found in message context');
    assert.equal(
      await kept('CallKindsPropXml', '<q>1</q>', 'application/xml'),
      'kept = <stock><count>7</count></stock>',
    );
    assert.equal(
      await kept('CallKindsVarJson', '{"q":1}', 'application/json'),
      'kept = {"shelf":"/json-answer"}',
    );
    assert.equal(
      await kept('CallKindsVarXml', '<q>1</q>', 'application/xml'),
      'kept = <jsonObject><shelf>/json-answer</shelf></jsonObject>',
    );
  });

  it('call blocking target: an XML answer to a JSON message reads the JSON that went out (the stream BlockingMsgSender leaves)', async () => {
    const r = await send(`${t.base}/h2s12/CallKindsBlocking`, { body: '{"q":2}', type: 'application/json' });
    assert.deepEqual(r.json(), { q: 2 });
    assert.equal(t.logs.filter((l) => l.message.startsWith('kept = ')).pop()?.message, 'kept = {"q":2}');
  });

  it('call target: the first message s type stays the mediator s (CallMediator.sourceMessageType is set once)', async () => {
    const first = await send(`${t.base}/h2s12/CallKindsPropSticky`, {
      body: '{"q":1}',
      type: 'application/json',
    });
    assert.deepEqual(first.json(), { q: 1 });
    seenXml.length = 0;
    const later = await send(`${t.base}/h2s12/CallKindsPropSticky`, {
      body: '<q>1</q>',
      type: 'application/xml',
    });
    // the XML request went out as JSON, its XML answer read as JSON ({}); the client gets its own body back
    assert.deepEqual(seenXml, ['application/json {"q":1}']);
    assert.equal(later.text, '<q>1</q>');
    assert.equal(t.logs.filter((l) => l.message.startsWith('kept = ')).pop()?.message, 'kept = {}');
  });

  it('call source contentType="application/xml" from a property or an expression: XML goes out, the JSON body comes back (call-mediator.md)', async () => {
    const r = await send(`${t.base}/h2s12/CallSourceXml`, {
      body: '{"outer": {"inner": {"leaf": "v"}}}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { outer: { inner: { leaf: 'v' } } });
    assert.match(r.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(seen, [
      'application/xml <inner><leaf>v</leaf></inner>',
      'application/xml <leaf>v</leaf>',
    ]);
    assert.ok(t.logs.some((l) => l.message === 'answer = <filed><count>1</count></filed>'));
  });

  it('get-property SERVER_IP and SERVER_HOST: the server s address and host name (generic-properties.md)', async () => {
    const r = (await post('ServerEntries')).json() as { ip: string; host: string };
    assert.match(r.ip, /^\d+\.\d+\.\d+\.\d+$/);
    assert.equal(r.host, hostname());
  });

  it('call target variable: the headers in the TreeMap order of MI s transport headers, the status as attributes', async () => {
    const r = (await post('CallHeaders')).json() as { names: string; status: number };
    assert.equal(r.status, 201);
    const names = Object.keys(JSON.parse(r.names) as object).filter(
      (n) => !/^(date|connection|keep-alive|transfer-encoding|content-length)$/i.test(n),
    );
    assert.deepEqual(names, ['a-tag', 'Content-Type', 'X-Zone']);
  });

  it('get-property OperationName / OperationNamespace: "mediate" and "" (Synapse s operation QName has no namespace)', async () => {
    await post('OperationLog');
    assert.ok(t.logs.some((l) => l.message === 'opName = mediate, opNs = '));
  });

  it('callout from a REST (POX) message: POX goes out to serviceURL + REST_URL_POSTFIX, without SOAPAction, by the message s HTTP_METHOD', async () => {
    const r = await send(`${t.base}/h2s12/CalloutRest/aisle/3?lit=1`, {
      body: '<order><item>lamp</item></order>',
      type: 'application/xml',
    });
    assert.equal(r.text, '<order><item>lamp</item></order>');
    assert.deepEqual(seenPox, ['POST /pox-shelf/aisle/3?lit=1 application/xml undefined <item>lamp</item>']);
    // the method is the message's HTTP_METHOD (BlockingMsgSenderUtils.setProperties, Axis2 HTTPSender.send)
    seenPox.length = 0;
    await send(`${t.base}/h2s12/CalloutPut`, {
      body: '<order><item>desk</item></order>',
      type: 'application/xml',
    });
    assert.deepEqual(seenPox, ['PUT /pox-shelf application/xml undefined <item>desk</item>']);
    assert.ok(t.logs.some((l) => l.message === 'calloutAnswer = <placed><shelf>3</shelf></placed>'));
  });

  it('callout with enableREST (callout-mediator.md example 2): a SOAP message s envelope goes out as POX, the client s SOAPAction header with it', async () => {
    seenPox.length = 0;
    const r = await send(`${t.base}/services/H2CalloutEnableRest`, {
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ask><lamp>1</lamp></ask></soapenv:Body></soapenv:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: 'urn:ask' },
    });
    assert.equal(r.status, 200);
    assert.match(r.text, /<soapenv:Body><placed><shelf>3<\/shelf><\/placed><\/soapenv:Body>/);
    // REST with text/xml: the application/xml formatter under the text/xml content type (MessageProcessorSelector)
    // (no SOAPAction of Axis2's own for REST, but the client's transport header goes: AbstractHTTPSender.addCustomHeaders)
    assert.deepEqual(seenPox, ['POST /pox-shelf text/xml urn:ask <ask><lamp>1</lamp></ask>']);
  });
});
