/**
 * Session 17 (W4): sequences, templates, foreach/iterate/clone into sequences, faults and the error properties,
 * compared with MI's own mediation core.
 *
 * How the expectations were made: expected values produced by Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc /
 * 8ffe5865) compiled and driven by a harness (session 17 S1, "mi-run"): it sets a request up as the pass-through
 * ServerWorker does, builds it lazily when a content-aware mediator asks, mediates the sequence (with the case's fault
 * sequence pushed as the fault handler; a named top sequence with continuation enabled, so foreach v2 continues the
 * flow after its aggregation as in an API resource) and writes the answer as PassThroughHttpSender does. The same
 * cases ran through our runtime (an API resource calling the sequence, then <respond/>). Each case here is one the two
 * answered differently (now fixed) or a representative agreeing one; inputs are our own, the bodies, content types
 * and log-mediator lines are the harness's output written as literals. (The harness does not run the transport's
 * status code choice: a SOAP fault's 500 is PassThroughTransportUtils.determineHttpStatusCode's, not checked here.)
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { Runtime } from '../../runtime-debug/engine/runtime';

interface Case {
  /** what the case shows, with the Synapse/MI source that decides it */
  title: string;
  seq: string;
  fault?: string;
  /** named sequences / templates the case refers to */
  extra?: Record<string, string>;
  type?: string;
  body: string;
  /** MI's answer body */
  out: string;
  contentType?: string;
  /** MI's status when it is not 200 */
  status?: number;
  /** the log mediator's lines, in order */
  logs?: string[];
}

const JB = '{"name":"Ann","age":31,"items":[{"id":1,"v":"a"},{"id":2,"v":"b"},{"id":3,"v":"c"}]}';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';
const XB = '<order><name>Ann</name><item><id>1</id><v>a</v></item><item><id>2</id><v>b</v></item></order>';

/** A fault sequence logging the error properties through XPath, then answering the message as it is. */
const REPORT =
  '<log level="custom"><property name="code" expression="get-property(\'ERROR_CODE\')"/>' +
  '<property name="msg" expression="get-property(\'ERROR_MESSAGE\')"/>' +
  '<property name="detail" expression="get-property(\'ERROR_DETAIL\')"/>' +
  '<property name="ex" expression="get-property(\'ERROR_EXCEPTION\')"/></log><respond/>';

const ITERATION_FAULT =
  '<log level="custom"><property name="code" expression="get-property(\'ERROR_CODE\')"/>' +
  '<property name="msg" expression="get-property(\'ERROR_MESSAGE\')"/>' +
  '<property name="p" expression="get-property(\'inIt\')"/></log><respond/>';

const PARAM_TPL = `<template ${NS} name="W4Param"><parameter name="a"/><sequence><log level="custom"><property name="f" expression="$func:a"/><property name="p" expression="\${params.functionParams.a}"/></log></sequence></template>`;

const CASES: Case[] = [
  {
    title:
      'throwError sets ERROR_CODE and ERROR_MESSAGE only: FaultHandler.handleFault, finding ERROR_CODE set, leaves ERROR_DETAIL and ERROR_EXCEPTION unset; ThrowError is content-aware, so the JSON is built and answered with a charset',
    seq: '<throwError type="ORDER_ERR" errorMessage="Order rejected"/>',
    fault: REPORT,
    body: JB,
    out: JB,
    contentType: 'application/json; charset=UTF-8',
    logs: ['code = ORDER_ERR, msg = Order rejected, detail = null, ex = null'],
  },
  {
    title:
      'throwError without attributes: type ANY, "Error occurred in the mediation flow" (ThrowErrorMediatorFactory)',
    seq: '<throwError/>',
    fault: REPORT,
    body: JB,
    out: JB,
    contentType: 'application/json; charset=UTF-8',
    logs: ['code = ANY, msg = Error occurred in the mediation flow, detail = null, ex = null'],
  },
  {
    title: 'throwError keeps an ERROR_DETAIL set before it (ThrowError.mediate does not touch it)',
    seq: '<property name="ERROR_DETAIL" value="earlier detail"/><throwError type="T1" errorMessage="m1"/>',
    fault: REPORT,
    body: JB,
    out: JB,
    logs: ['code = T1, msg = m1, detail = earlier detail, ex = null'],
  },
  {
    title:
      "throwError in a named sequence with no onError reaches the resource's fault sequence the same way",
    seq: '<sequence key="W4Thrower"/>',
    extra: {
      W4Thrower: `<sequence ${NS} name="W4Thrower"><throwError type="X_ERR" errorMessage="went wrong"/></sequence>`,
    },
    fault: REPORT,
    body: JB,
    out: JB,
    logs: ['code = X_ERR, msg = went wrong, detail = null, ex = null'],
  },
  {
    title:
      "a mediator's failure: ERROR_EXCEPTION holds the SynapseException, which an XPath reads as '' (SynapseXPath.stringValueOf skips an object it cannot read; concat adds nothing, boolean() is true) while ${props.synapse.ERROR_EXCEPTION} is its toString()",
    seq: '<variable name="n" type="INTEGER" expression="${payload.name}"/>',
    fault:
      '<log level="custom"><property name="a" expression="get-property(\'ERROR_EXCEPTION\')"/>' +
      '<property name="b" expression="$ctx:ERROR_EXCEPTION"/>' +
      '<property name="c" expression="${props.synapse.ERROR_EXCEPTION}"/>' +
      '<property name="d" expression="concat(\'x\', get-property(\'ERROR_EXCEPTION\'))"/>' +
      '<property name="e" expression="boolean(get-property(\'ERROR_EXCEPTION\'))"/></log>' +
      '<property name="copy" expression="get-property(\'ERROR_EXCEPTION\')"/>' +
      '<log level="custom"><property name="copy" expression="get-property(\'copy\')"/></log><respond/>',
    body: JB,
    out: JB,
    logs: [
      "a = , b = , c = org.apache.synapse.SynapseException: Expression '${payload.name}' result does not match the expected data type 'INTEGER', d = x, e = true",
      'copy = ',
    ],
  },
  {
    title:
      "foreach v2 over a JSON array: an iteration that leaves an XML payload gives null (SynapseExpression('payload') is the Body element, no JsonElement: ForEachMediatorV2.updateOriginalPayload)",
    seq:
      '<foreach collection="${payload.items}" parallel-execution="false"><sequence><payloadFactory media-type="xml">' +
      '<format><r xmlns="">${payload.v}</r></format></payloadFactory></sequence></foreach>',
    body: '{"items":[{"v":"a"},{"v":"b"}]}',
    out: '{"items":[null,null]}',
  },
  {
    title: 'foreach v2 over a JSON array: a text payload is JSON to ${payload} ({"text":...}) and is kept',
    seq:
      '<foreach collection="${payload.items}" parallel-execution="false"><sequence><payloadFactory media-type="text">' +
      '<format>t${payload.v}</format></payloadFactory></sequence></foreach>',
    body: '{"items":[{"v":"a"},{"v":"b"}]}',
    out: '{"items":[{"text":"ta"},{"text":"tb"}]}',
  },
  {
    title:
      'foreach v2 over something that is no array: "Expression payload.name did not resolve to a valid array", the expression as SynapsePath.toString prints it (no ${ })',
    seq: '<foreach collection="${payload.name}" parallel-execution="false"><sequence><log/></sequence></foreach>',
    fault:
      '<payloadFactory media-type="json"><format>{"code":"$1","msg":"$2"}</format><args>' +
      '<arg expression="get-property(\'ERROR_CODE\')"/><arg expression="get-property(\'ERROR_MESSAGE\')"/></args>' +
      '</payloadFactory><respond/>',
    body: JB,
    out: '{"code":"0","msg":"Expression payload.name did not resolve to a valid array"}',
  },
  {
    title: 'foreach v2 with a counter variable, then the updated array (agreeing)',
    seq:
      '<foreach collection="${payload.items}" parallel-execution="false" counter-variable="i"><sequence>' +
      '<log level="custom"><property name="i" expression="${vars.i}"/></log>' +
      '<payloadFactory media-type="json"><format>{"n":${payload.id * 10}}</format></payloadFactory></sequence></foreach>',
    body: JB,
    out: '{"name":"Ann","age":31,"items":[{"n":10},{"n":20},{"n":30}]}',
    logs: ['i = 0', 'i = 1', 'i = 2'],
  },
  {
    title: 'foreach v2 into an XML variable (agreeing)',
    seq:
      '<foreach collection="${xpath(\'//item\')}" parallel-execution="false" update-original="false" target-variable="res" result-content-type="XML" result-enclosing-element="all">' +
      '<sequence><payloadFactory media-type="xml"><format><r xmlns="">${xpath(\'//v\')}</r></format></payloadFactory></sequence></foreach>' +
      '<log level="custom"><property name="res" expression="${vars.res}"/></log>',
    type: 'application/xml',
    body: XB,
    out: XB,
    logs: ['res = <all><r>a</r><r>b</r></all>'],
  },
  {
    title:
      'makefault without a version on a SOAP 1.2 request: a SOAP 1.1 fault (FaultMediatorFactory sets SOAP11 when no version is given; the message-based choice in FaultMediator is never reached)',
    seq: `<makefault><code value="tns:Server" xmlns:tns="${S11}"/><reason value="R1"/></makefault>`,
    type: 'application/soap+xml',
    body: `<soap:Envelope xmlns:soap="${S12}"><soap:Body><order><name>Ann</name></order></soap:Body></soap:Envelope>`,
    out: `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body><soapenv:Fault><faultcode xmlns:tns="${S11}">tns:Server</faultcode><faultstring>R1</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
    contentType: 'application/soap+xml; charset=UTF-8',
  },
  {
    title:
      'makefault without a version on a JSON request: the SOAP 1.1 fault goes back as <Exception> (Axis2Sender.sendBack, POXUtils.convertSOAPFaultToPOX)',
    seq: `<makefault><code value="tns:Server" xmlns:tns="${S11}"/><reason value="R1"/></makefault>`,
    body: JB,
    out: '{"Exception":"R1"}',
    contentType: 'application/json; charset=UTF-8',
  },
  {
    title:
      'makefault pox: a detail expression is the text even when it selects nothing, the reason is not used (FaultMediator.makePOXFault)',
    seq: `<makefault version="pox"><code value="s:Receiver" xmlns:s="${S12}"/><reason expression="//name"/><detail expression="//item[1]"/></makefault>`,
    body: JB,
    out: '{"Exception":null}',
    contentType: 'application/json; charset=UTF-8',
  },
  {
    title:
      "foreach (classic) over XML: a failure in an iteration reaches the fault sequence with the message as the iteration left it (ForEachMediator mediates on the message itself: the item is the body, throwError's ERROR_CODE and the iteration's properties are there)",
    seq:
      '<foreach expression="//item"><sequence><property name="inIt" expression="//v"/>' +
      '<filter xpath="//v=\'b\'"><then><throwError type="FX" errorMessage="second"/></then></filter></sequence></foreach>',
    fault: ITERATION_FAULT,
    type: 'application/xml',
    body: '<order><item><v>a</v></item><item><v>b</v></item></order>',
    out: '<item><v>b</v></item>',
    contentType: 'application/xml; charset=UTF-8',
    logs: ['code = FX, msg = second, p = b'],
  },
  {
    title: 'foreach (classic) over JSON: the same, the failing element is the payload',
    seq:
      '<foreach expression="json-eval($.items)"><sequence><property name="inIt" expression="json-eval($.v)"/>' +
      '<throwError type="FJ" errorMessage="json iter"/></sequence></foreach>',
    fault: ITERATION_FAULT,
    body: '{"items":[{"v":"a"},{"v":"b"}],"k":1}',
    out: '{"v":"a"}',
    contentType: 'application/json; charset=UTF-8',
    logs: ['code = FJ, msg = json iter, p = a'],
  },
  {
    title:
      'a with-param XPath selecting several nodes passes the first (TemplateContext.resolveExpressionValue: Value.resolveObject, selectSingleNode), an element that an XPath reads as its text and ${params.functionParams} prints as XML',
    seq: '<call-template target="W4Param"><with-param name="a" value="{//item/v}"/></call-template>',
    extra: { W4Param: PARAM_TPL },
    type: 'application/xml',
    body: XB,
    out: XB,
    logs: ['f = a, p = <v>a</v>'],
  },
  {
    title: "a with-param XPath selecting attributes passes the first one's value",
    seq: '<call-template target="W4Param"><with-param name="a" value="{//item/@id}"/></call-template>',
    extra: { W4Param: PARAM_TPL },
    type: 'application/xml',
    body: '<order><item id="7"/><item id="8"/></order>',
    out: '<order><item id="7"/><item id="8"/></order>',
    logs: ['f = 7, p = 7'],
  },
  {
    title:
      'a with-param XPath selecting nothing leaves the parameter unset (null to $func:, empty to ${params})',
    seq: '<call-template target="W4Param"><with-param name="a" value="{//nothing}"/></call-template>',
    extra: { W4Param: PARAM_TPL },
    type: 'application/xml',
    body: XB,
    out: XB,
    logs: ['f = null, p = '],
  },
  {
    title:
      "foreach v2: a failing iteration runs the fault sequence on its own message (Target.mediate's fault handler), whose respond answers with the item",
    seq:
      '<foreach collection="${payload.items}" parallel-execution="false"><sequence>' +
      '<filter xpath="${payload.v == \'a\'}"><then><throwError type="T" errorMessage="first"/></then></filter>' +
      '</sequence></foreach>',
    fault:
      '<log level="custom"><property name="msg" expression="get-property(\'ERROR_MESSAGE\')"/>' +
      '<property name="pl" expression="json-eval($)"/></log><respond/>',
    body: '{"items":[{"v":"a"},{"v":"b b"}],"k":1}',
    out: '{"v":"a"}',
    contentType: 'application/json; charset=UTF-8',
    logs: ['msg = first, pl = {"v":"a"}'],
  },
  {
    title:
      'foreach v2 over XML nodes with continue-without-aggregation: the nodes leave the message (getIteratedMessage adds each to its new envelope)',
    seq:
      '<foreach collection="${xpath(\'//item\')}" parallel-execution="false" counter-variable="i" continue-without-aggregation="true">' +
      '<sequence><log level="custom"><property name="v" expression="//v"/><property name="i" expression="${vars.i}"/></log></sequence></foreach>',
    type: 'application/xml',
    body: '<order><name>Bob</name><item><id>1</id><v>c d</v></item></order>',
    out: '<order><name>Bob</name></order>',
    contentType: 'application/xml; charset=UTF-8',
    logs: ['v = c d, i = 0'],
  },
  {
    title:
      "foreach v2 on a SOAP message: the flow goes on with the copy saved before the loop (MessageHelper.cloneMessageContext, cloneSOAPEnvelope: soapenv prefix, the envelope's declarations kept)",
    seq:
      '<foreach collection="${xpath(\'//item\')}" parallel-execution="false" update-original="false" target-variable="res" result-content-type="JSON">' +
      '<sequence><payloadFactory media-type="xml"><format><r xmlns="">${xpath(\'//v\')}</r></format></payloadFactory></sequence></foreach>' +
      '<log level="custom"><property name="res" expression="${vars.res}"/></log>',
    type: 'text/xml',
    body: `<s:Envelope xmlns:s="${S11}"><s:Body><order><name></name><item><id>1</id><v>c d</v></item><item><id>2</id><v></v></item></order></s:Body></s:Envelope>`,
    out: `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S11}" xmlns:s="${S11}"><soapenv:Body><order><name/><item><id>1</id><v>c d</v></item><item><id>2</id><v/></item></order></soapenv:Body></soapenv:Envelope>`,
    contentType: 'text/xml; charset=UTF-8',
    logs: ['res = [{"r":"c d"},{"r":{"v":null}}]'],
  },
  {
    title:
      'a with-param ${} or json-eval is its string value (Value.evaluateValue: stringValueOf): an empty array is "[]", a failed evaluation "", a sum of integers "2.0"',
    seq:
      '<call-template target="W4Param"><with-param name="a" value="{${payload.items}}"/></call-template>' +
      '<call-template target="W4Param"><with-param name="a" value="{${payload.nope}}"/></call-template>' +
      '<call-template target="W4Param"><with-param name="a" value="{${payload.n[0] + 1}}"/></call-template>',
    extra: { W4Param: PARAM_TPL },
    body: '{"items":[],"n":[1,2]}',
    out: '{"items":[],"n":[1,2]}',
    logs: ['f = [], p = []', 'f = , p = ', 'f = 2.0, p = 2.0'],
  },
  {
    title:
      "iterate with preservePayload: each part's envelope is MessageHelper.cloneSOAPEnvelope's copy of the message (soapenv prefix), the original going on as it was",
    seq:
      '<iterate expression="//item" sequential="true" continueParent="true" preservePayload="true" attachPath="//order">' +
      '<target><sequence><log level="custom"><property name="root" expression="name(/*)"/>' +
      '<property name="n" expression="count(//item)"/></log></sequence></target></iterate>',
    type: 'text/xml',
    body: `<s:Envelope xmlns:s="${S11}"><s:Body><order><name>Ann</name><item>1</item><item>2</item></order></s:Body></s:Envelope>`,
    out: `<?xml version='1.0' encoding='UTF-8'?><s:Envelope xmlns:s="${S11}"><s:Body><order><name>Ann</name><item>1</item><item>2</item></order></s:Body></s:Envelope>`,
    logs: [
      'root = soapenv:http://schemas.xmlsoap.org/soap/envelope/, n = 1.0',
      'root = soapenv:http://schemas.xmlsoap.org/soap/envelope/, n = 1.0',
    ],
  },
  {
    title:
      'makefault soap11: a detail expression selecting no node adds nothing to the detail (<detail/>), as FaultMediator.makeSOAPFault does',
    seq: `<makefault version="soap11"><code value="e:Server" xmlns:e="${S11}"/><reason value="r"/><detail expression="//nothing"/></makefault>`,
    type: 'text/xml',
    body: `<s:Envelope xmlns:s="${S11}"><s:Body><a/></s:Body></s:Envelope>`,
    out: `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body><soapenv:Fault><faultcode xmlns:e="${S11}">e:Server</faultcode><faultstring>r</faultstring><detail/></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
  },
  {
    title:
      'makefault soap11: a detail expression with a string result, even empty, is its text (<detail></detail>)',
    seq: `<makefault version="soap11"><code value="e:Server" xmlns:e="${S11}"/><reason value="r"/><detail expression="''"/></makefault>`,
    type: 'text/xml',
    body: `<s:Envelope xmlns:s="${S11}"><s:Body><a/></s:Body></s:Envelope>`,
    out: `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${S11}"><soapenv:Body><soapenv:Fault><faultcode xmlns:e="${S11}">e:Server</faultcode><faultstring>r</faultstring><detail></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`,
  },
  {
    title: 'nested templates: the inner one gets the outer parameter through {$func:q} (agreeing)',
    seq: '<call-template target="W4Outer"><with-param name="q" value="hello"/></call-template>',
    extra: {
      W4Inner: `<template ${NS} name="W4Inner"><parameter name="p"/><sequence><log level="custom"><property name="inner" expression="$func:p"/></log></sequence></template>`,
      W4Outer: `<template ${NS} name="W4Outer"><parameter name="q"/><sequence><call-template target="W4Inner"><with-param name="p" value="{$func:q}"/></call-template><log level="custom"><property name="after" expression="\${params.functionParams.q}"/></log></sequence></template>`,
    },
    body: JB,
    out: JB,
    logs: ['inner = hello', 'after = hello'],
  },
];

describe('oracle s17 W4: sequences, templates, foreach, faults through MI mediation core (mi-run harness)', () => {
  it('iterate with an attachPath but no preservePayload is refused at deploy (IterateMediatorFactory)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'W4it.xml',
        text:
          `<api ${NS} name="W4it" context="/s17w4/it"><resource methods="POST"><inSequence>` +
          '<iterate expression="//item" attachPath="//order"><target><sequence><log/></sequence></target></iterate>' +
          '</inSequence></resource></api>',
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.code} ${p.message}`),
      [
        'RT_ITERATE_ATTACH Wrong configuration for the iterate mediator :: if the iterator should not preserve payload, then attachPath can not be present',
      ],
    );
  });

  let t: TestRuntime;
  before(async () => {
    const files: Record<string, string> = {};
    CASES.forEach((c, i) => {
      const fault = c.fault ? `<faultSequence>${c.fault}</faultSequence>` : '';
      files[`W4c${i}.xml`] =
        `<api ${NS} name="W4c${i}" context="/s17w4/c${i}"><resource methods="POST">` +
        `<inSequence>${c.seq}<respond/></inSequence>${fault}</resource></api>`;
      for (const [k, v] of Object.entries(c.extra ?? {})) files[`${k}.xml`] = v;
    });
    t = await startRuntime(files);
  });
  after(() => t.close());

  CASES.forEach((c, i) => {
    it(c.title, async () => {
      const from = t.logs.length;
      const r = await send(`${t.base}/s17w4/c${i}`, { body: c.body, type: c.type ?? 'application/json' });
      assert.equal(r.text, c.out);
      if (c.status) assert.equal(r.status, c.status);
      if (c.contentType) assert.equal(r.headers.get('content-type'), c.contentType);
      if (c.logs)
        assert.deepEqual(
          t.logs
            .slice(from)
            .filter((l) => l.category === 'LogMediator')
            .map((l) => l.message),
          c.logs,
        );
    });
  });
});
