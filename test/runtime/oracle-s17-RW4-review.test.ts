/**
 * Session 17 review RW4 of W4 (foreach v2, makefault): what MI's sources decide where the mi-run harness could not
 * (it reads HTTP_SC only and never runs the pass-through listener's ServerWorker.sendAck).
 *
 * How the expectations were made: read from the Synapse sources MI 4.4 runs (wso2-synapse HEAD f30492dc):
 * ForEachMediatorV2.mediate sets RESPONSE_WRITTEN=SKIP on the request's operation context once it has looped (unless
 * continue-without-aggregation), and ServerWorker.sendAck writes its 202 only when RESPONSE_WRITTEN is neither "true"
 * nor "SKIP"; the client of a flow that then ends unanswered waits for the listener's socket timeout
 * (SourceHandler.timeout closes the connection having written nothing). The makefault cases: FaultMediatorFactory's
 * handleException texts (with FaultMediator.setFaultCodeValue), which MI's deployer meets before the artifact runs.
 * Inputs are our own.
 */
import assert from 'node:assert/strict';
import { NS, rawRequest, startRuntime, type TestRuntime } from './helpers';
import { Runtime } from '../../runtime-debug/engine/runtime';
import { ProjectIndex } from '../../core/project';
import { validateFile } from '../../core/validate/index';

const SOCKET_TIMEOUT = 700;

describe('oracle s17 RW4: foreach v2 leaves no 202 (MI ForEachMediatorV2 RESPONSE_WRITTEN=SKIP, ServerWorker.sendAck)', () => {
  let t: TestRuntime;
  before(async () => {
    const api = (name: string, body: string) =>
      `<api ${NS} name="${name}" context="/rw4/${name}"><resource methods="POST"><inSequence>${body}</inSequence></resource></api>`;
    t = await startRuntime(
      {
        // an iteration drops: it is not aggregated, the original goes no further
        'RW4Drop.xml': api(
          'RW4Drop',
          '<foreach collection="${payload.lines}" parallel-execution="false"><sequence>' +
            '<filter xpath="${payload.q == 0}"><then><drop/></then></filter></sequence></foreach>' +
            '<log level="custom"><property name="after" value="went on"/></log><respond/>',
        ),
        // the aggregation completes and the flow ends without answering
        'RW4Done.xml': api(
          'RW4Done',
          '<foreach collection="${payload.lines}" parallel-execution="false"><sequence>' +
            '<payloadFactory media-type="json"><format>{"q":${payload.q + 1}}</format></payloadFactory></sequence></foreach>' +
            '<log level="custom"><property name="done" expression="${payload.lines[1].q}"/></log>',
        ),
        // continue-without-aggregation sets nothing: the flow's end is the usual 202
        'RW4NoAgg.xml': api(
          'RW4NoAgg',
          '<foreach collection="${payload.lines}" parallel-execution="false" continue-without-aggregation="true">' +
            '<sequence><log level="custom"><property name="q" expression="${payload.q}"/></log></sequence></foreach>',
        ),
      },
      { socketTimeoutMs: SOCKET_TIMEOUT },
    );
  });
  after(() => t.close());

  const unanswered = async (name: string) => {
    const started = Date.now();
    const err = await rawRequest(`${t.base}/rw4/${name}`, 'POST', {
      headers: { 'content-type': 'application/json' },
      body: '{"lines":[{"q":0},{"q":5}]}',
      agent: false,
    }).then(
      (r) => assert.fail(`answered ${r.status} ${r.text}`),
      (e: Error) => e,
    );
    assert.match(err.message, /socket hang up|ECONNRESET/);
    assert.ok(Date.now() - started >= SOCKET_TIMEOUT - 100, 'closed before the socket timeout');
  };

  it('an iteration that drops is not aggregated: nothing goes on and no 202 is written; the connection closes at the socket timeout (MI ForEachMediatorV2, ServerWorker.sendAck)', async () => {
    const from = t.logs.length;
    await unanswered('RW4Drop');
    assert.ok(!t.logs.slice(from).some((l) => l.message.includes('went on')));
  });

  it('an aggregation that completes, then a flow that ends without answering: no 202 either (MI ForEachMediatorV2)', async () => {
    const from = t.logs.length;
    await unanswered('RW4Done');
    assert.ok(t.logs.slice(from).some((l) => l.message === 'done = 6'));
  });

  it('continue-without-aggregation does not mark the response: the unanswered flow gets the 202 (MI ForEachMediatorV2)', async () => {
    const r = await rawRequest(`${t.base}/rw4/RW4NoAgg`, 'POST', {
      headers: { 'content-type': 'application/json' },
      body: '{"lines":[{"q":0}]}',
    });
    assert.equal(r.status, 202);
    assert.equal(r.text, '');
  });
});

describe('oracle s17 RW4: makefault configurations MI refuses at deploy (FaultMediatorFactory), in synapse run and synapse validate', () => {
  const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
  const S12 = 'http://www.w3.org/2003/05/soap-envelope';
  const seq = (mf: string) => `<sequence ${NS} name="RW4Fault">${mf}<respond/></sequence>`;
  const run = (mf: string) =>
    new Runtime({ httpPort: 0 })
      .deploy([{ name: 'RW4Fault.xml', text: seq(mf) }])
      .problems.map((p) => `${p.code} ${p.message}`);
  const validate = (mf: string) => {
    const index = new ProjectIndex();
    index.setFile('/rw4/RW4Fault.xml', seq(mf));
    return validateFile(index.getFile('/rw4/RW4Fault.xml')!, index, {
      layout: 'file',
      checkReferences: false,
    })
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.code} ${f.message}`);
  };
  const REFUSED: [string, string][] = [
    // FaultMediator.setFaultCodeValue: a version other than soap11 (pox too) takes a SOAP 1.2 code only
    [
      `<makefault version="pox"><code xmlns:q="${S11}" value="q:Server"/><reason value="r"/></makefault>`,
      `Invalid Fault code value for a SOAP 1.2 fault : {${S11}}Server`,
    ],
    // no version is SOAP 1.1: a SOAP 1.2 code's namespace is refused
    [
      `<makefault><code xmlns:q="${S12}" value="q:Receiver"/><reason value="r"/></makefault>`,
      `Invalid namespace in fault code for soap11 version. Namespace should be corrected as ${S11}.`,
    ],
    [
      `<makefault version="soap11"><code xmlns:q="${S11}" value="q:Sender"/><reason value="r"/></makefault>`,
      'Invalid code value for soap11 version. Code value has to be one of the following : VersionMismatch, MustUnderstand, Client, Server',
    ],
    [
      `<makefault version="soap12"><code xmlns:q="${S11}" value="q:Client"/><reason value="r"/></makefault>`,
      `Invalid namespace in fault code for soap12 version. Namespace should be corrected as ${S12}.`,
    ],
    [
      `<makefault version="soap12"><code xmlns:q="${S12}" value="q:Server"/><reason value="r"/></makefault>`,
      'Invalid code value for soap12 version. Code value has to be one of the following : VersionMismatch, MustUnderstand, DataEncodingUnknown, Sender, Receiver',
    ],
    [
      '<makefault version="soap11"><code value="Server"/><reason value="r"/></makefault>',
      'A QName is expected for fault code as prefix:name',
    ],
    [
      '<makefault version="soap11"><code value="soapenv:Server"/><reason value="r"/></makefault>',
      "Invalid namespace prefix 'soapenv' in code attribute",
    ],
    [
      `<makefault version="soap12"><reason value="r"/></makefault>`,
      'The fault code is a required attribute for the makefault mediator unless it is a pox fault',
    ],
    [
      `<makefault version="soap11"><code xmlns:q="${S11}" value="q:Server"/></makefault>`,
      'The fault reason is a required attribute for the makefault mediator unless it is a pox fault',
    ],
    [
      `<makefault version="soap12"><code xmlns:q="${S12}" value="q:Sender"/><reason value="r"/><node>http://a b</node></makefault>`,
      'Invalid URI specified for fault node : http://a b',
    ],
    [
      `<makefault version="soap11"><code xmlns:q="${S11}" value="q:Server"/><reason value="r"/><role> urn:x </role></makefault>`,
      'Invalid URI specified for fault role :  urn:x ',
    ],
  ];
  for (const [mf, message] of REFUSED)
    it(`refused: ${message} (MI FaultMediatorFactory)`, () => {
      assert.deepEqual(run(mf), [`RT_MAKEFAULT ${message}`]);
      assert.deepEqual(validate(mf), [`RT_MAKEFAULT ${message}: Micro Integrator refuses the artifact.`]);
    });

  it('a json-eval or ${} expression in code, reason or detail is refused by synapse run as validate refuses it (EXPR_XPATH_SYNTAX): FaultMediatorFactory compiles them with SynapseXPathFactory, Jaxen fails (MI FaultMediatorFactory)', () => {
    const code = `<code xmlns:q="${S11}" value="q:Server"/>`;
    for (const [mf, message] of [
      [
        '<makefault version="soap11"><code expression="${vars.c}"/><reason value="r"/></makefault>',
        'Invalid fault code expression : ${vars.c}',
      ],
      [
        `<makefault version="soap11">${code}<reason expression="json-eval($.why)"/></makefault>`,
        'Invalid fault reason expression : json-eval($.why)',
      ],
      [
        `<makefault version="soap11">${code}<reason value="r"/><detail expression="\${payload.why}"/></makefault>`,
        'Unable to build the XPath for fault detail from the expression : ${payload.why}',
      ],
    ]) {
      assert.deepEqual(run(mf), [`RT_MAKEFAULT ${message}`], mf);
      assert.deepEqual(
        validate(mf).map((f) => f.split(' ')[0]),
        ['EXPR_XPATH_SYNTAX'],
        mf,
      );
    }
  });

  it('deployed: pox with a SOAP 1.2 code or none, a code expression, a soap11 <node> that is no URI (FaultMediatorFactory reads it only for soap12/pox)', () => {
    for (const mf of [
      `<makefault version="pox"><code xmlns:q="${S12}" value="q:Receiver"/><reason value="r"/></makefault>`,
      '<makefault version="pox"/>',
      '<makefault version="pox"><detail>d</detail></makefault>',
      `<makefault><code expression="'anything'"/><reason value="r"/></makefault>`,
      `<makefault version="soap11"><code xmlns:q="${S11}" value="q:Client"/><reason value="r"/><node>not a uri</node></makefault>`,
      `<makefault version="soap12"><code xmlns:q="${S12}" value="q:DataEncodingUnknown"/><reason value="r"/><node>http://n</node><role>urn:r</role></makefault>`,
    ]) {
      assert.deepEqual(run(mf), [], mf);
      assert.deepEqual(validate(mf), [], mf);
    }
  });
});

describe('oracle s17 RW4: an iterate attachPath MI refuses at deploy (IterateMediatorFactory), in synapse run and synapse validate', () => {
  const seq = (it: string) =>
    `<sequence ${NS} name="RW4It">${it.replace('/>', '><target><sequence><log/></sequence></target></iterate>')}</sequence>`;
  const run = (it: string) =>
    new Runtime({ httpPort: 0 })
      .deploy([{ name: 'RW4It.xml', text: seq(it) }])
      .problems.map((p) => `${p.code} ${p.message}`);
  const validate = (it: string) => {
    const index = new ProjectIndex();
    index.setFile('/rw4/RW4It.xml', seq(it));
    return validateFile(index.getFile('/rw4/RW4It.xml')!, index, { layout: 'file', checkReferences: false })
      .filter((f) => f.severity === 'error')
      .map((f) => `${f.code} ${f.message}`);
  };
  const KIND =
    'Wrong configuraton for the iterate mediator :: both expression and attachPath should be either jsonpath or xpath';
  it("an attachPath of another kind than the expression is refused, with MI's spelling (MI IterateMediatorFactory)", () => {
    for (const it of [
      '<iterate expression="json-eval($.lines)" preservePayload="true" attachPath="//lines"/>',
      '<iterate expression="${payload.lines}" preservePayload="true" attachPath="json-eval($.lines)"/>',
      '<iterate expression="//line" preservePayload="TRUE" attachPath="${payload.lines}"/>',
    ]) {
      assert.deepEqual(run(it), [`RT_ITERATE_ATTACH ${KIND}`], it);
      assert.deepEqual(
        validate(it),
        [`RT_ITERATE_ATTACH ${KIND}: Micro Integrator refuses the artifact.`],
        it,
      );
    }
  });
  it('an attachPath of the same kind with preservePayload deploys; without preservePayload it is refused (MI IterateMediatorFactory)', () => {
    for (const it of [
      '<iterate expression="json-eval($.lines)" preservePayload="true" attachPath="json-eval($.lines)"/>',
      '<iterate expression="//line" preservePayload="True" attachPath="//lines"/>',
    ]) {
      assert.deepEqual(run(it), [], it);
      assert.deepEqual(validate(it), [], it);
    }
    const refused = '<iterate expression="//line" preservePayload="false" attachPath="//lines"/>';
    assert.equal(validate(refused).length, 1);
    assert.match(
      validate(refused)[0]!,
      /^RT_ITERATE_ATTACH Wrong configuration for the iterate mediator :: if the iterator should not preserve payload/,
    );
  });
});
