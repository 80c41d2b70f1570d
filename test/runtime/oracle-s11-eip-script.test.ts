/**
 * Oracle sweep (helper H5, session 11): MI's mediator integration tests for scatter-gather, foreach (v2), aggregate
 * and script, replayed with our own API names, payloads and values. The MI test each case mirrors is in its title.
 * Script differences fixed here (Synapse bsf GraalVM/Nashorn message contexts, Axiom):
 * - mc.getProperty / mc.getVariable of a name that is not set give Java's null (typeof "object"), not undefined;
 * - mc.addHeader adds a SOAP header block (SOAPHeader.addHeaderBlock + setMustUnderstand): soapenv:mustUnderstand
 *   "0"/"1" (SOAP 1.1) or "false"/"true" (SOAP 1.2), and an element without a namespace is refused;
 * - a script that throws: ERROR_MESSAGE is ScriptMediator.invokeScript's sentence ("The script engine returned an
 *   error executing the inlined js script function mediate"), a keyed script's names its key Value and function, a
 *   missing function is a NoSuchMethodException.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle (MI integration tests, s11): scatter-gather, foreach v2, aggregate, script', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      if (req.url?.includes('xml')) {
        res.writeHead(200, { 'content-type': 'application/xml' });
        const label = /<label>([^<]*)<\/label>/.exec(req.body)?.[1] ?? '?';
        res.end(`<crate xmlns=""><tag>${label}</tag><size>4</size></crate>`);
        return;
      }
      if (req.url?.includes('empty')) {
        res.writeHead(204);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      const body = JSON.parse(req.body || '{}') as { ticket?: number };
      res.end(JSON.stringify({ kennel: { id: 'remote', ticket: body.ticket ?? null } }));
    });
    const B = be.url;
    t = await startRuntime({
      // ScatterGatherTestCase.testScatterGatherJSONBodyReplace: a branch with an XML payload is read as JSON too
      'SgMixed.xml': api(
        'SgMixed',
        '/s11sg/mixed',
        `<scatter-gather parallel-execution="false" result-target="body" content-type="JSON">
           <aggregation expression="\${payload.kennel}"/>
           <sequence><payloadFactory media-type="json"><format>{"kennel": {"id": "json", "ticket": \${payload.ticket}}}</format></payloadFactory></sequence>
           <sequence><payloadFactory media-type="xml"><format>
               <kennel xmlns="">
                   <id>xml</id>
                   <ticket>\${payload.ticket}</ticket>
               </kennel></format></payloadFactory></sequence>
           <sequence><call><endpoint><http method="post" uri-template="${B}/json"/></endpoint></call></sequence>
         </scatter-gather><respond/>`,
      ),
      // ScatterGatherTestCase.testScatterGatherJSONCondition: only results meeting the condition are gathered
      'SgCond.xml': api(
        'SgCond',
        '/s11sg/cond',
        `<scatter-gather parallel-execution="true" result-target="body" content-type="JSON">
           <aggregation expression="\${payload.kennel}" condition="\${payload.kennel.kind == 'big'}" timeout="1000"/>
           <sequence><payloadFactory media-type="json"><format>{"kennel": {"n": 1, "kind": "big"}}</format></payloadFactory></sequence>
           <sequence><payloadFactory media-type="json"><format>{"kennel": {"n": 2, "kind": "small"}}</format></payloadFactory></sequence>
           <sequence><payloadFactory media-type="json"><format>{"kennel": {"n": 3, "kind": "big"}}</format></payloadFactory></sequence>
         </scatter-gather><respond/>`,
      ),
      // v2 ForEachMediatorTestCase.testForEachXMLListFromVariable_VariableOutput: the collection read from an OM
      // variable with xpath(expr, variable), results enclosed in an element named after the target variable
      'FeVarXml.xml': api(
        'FeVarXml',
        '/s11fe/var-xml',
        `<variable name="shelf" expression="\${xpath('//shelf')}" type="OM"/>
         <foreach collection="\${xpath('//box', 'shelf')}" parallel-execution="false" result-target="packed" result-type="XML">
           <sequence><call><endpoint><http method="post" uri-template="${B}/xml"/></endpoint></call></sequence>
         </foreach>
         <log category="INFO"><message>shelf : \${var.shelf}</message></log>
         <log category="INFO"><message>packed : \${var.packed}</message></log><respond/>`,
      ),
      // AggregateEmptyJsonPayloadTestCase: empty JSON answers aggregated under an enclosing element from a property
      'AggEmpty.xml': `<proxy ${NS} name="S11AggEmpty" transports="http"><target><inSequence>
            <property name="WRAP" scope="default"><Everything/></property>
            <iterate xmlns:q="urn:s11:q" id="s11agg" expression="//q:order/q:line"><target><sequence>
              <send><endpoint><address uri="${B}/empty"/></endpoint></send></sequence></target></iterate>
          </inSequence><outSequence>
            <payloadFactory media-type="json"><format>{}</format><args/></payloadFactory>
            <aggregate id="s11agg"><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
              <onComplete expression="$body/*" enclosingElementProperty="WRAP"><log level="full"/><respond/></onComplete></aggregate>
          </outSequence></target></proxy>`,
      // SetPropertyWithScopeInScriptMediatorTestCase / NativeJsonSupportByNashornJsTestCase: scopes, and Java's null
      'ScNull.xml': api(
        'ScNull',
        '/s11sc/null',
        `<property name="rate" value="2.5" type="DOUBLE"/>
         <script language="nashornJs"><![CDATA[
           mc.setProperty("rateType", typeof mc.getProperty("rate") + "/" + (mc.getProperty("rate") * 2));
           mc.setProperty("scoped", "S-1", "axis2");
           var missing = mc.getProperty("never-set");
           mc.setProperty("seen", typeof missing + "/" + (missing === null) + "/" + missing + "/" + (mc.getVariable("noVar") === null));
         ]]></script>
         <log level="custom"><property name="SEEN" expression="get-property('seen')"/><property name="SCOPED" expression="get-property('axis2', 'scoped')"/><property name="RATE" expression="get-property('rateType')"/></log>
         <respond/>`,
      ),
      // AddHeadersUsingNashornJsTestCase (its Java.type stream is Java interop, left out): header blocks
      'ScHead.xml': api(
        'ScHead',
        '/s11sc/header',
        `<script language="nashornJs"><![CDATA[
           mc.addHeader(false, '<tr:Trace xmlns:tr="urn:s11:trace"><tr:hop>7</tr:hop></tr:Trace>');
           mc.addHeader(true, '<au:Auth xmlns:au="urn:s11:auth" mode="k">z</au:Auth>');
         ]]></script>
         <property name="messageType" value="text/xml" scope="axis2"/><respond/>`,
      ),
      'ScHeadBare.xml': api(
        'ScHeadBare',
        '/s11sc/header-bare',
        `<script language="js"><![CDATA[ mc.addHeader(false, '<bare>1</bare>'); ]]></script><respond/>`,
      ),
      // InvalidFunctionTestCase / InvokingInvalidFunctionInNashornJsTestCase and a script that throws: the fault
      // sequence reads MI's ERROR_MESSAGE
      'ScErrFault.xml': `<sequence ${NS} name="S11ScriptFault">
          <payloadFactory media-type="json"><format>{"code": \${props.synapse.ERROR_CODE}, "message": "\${props.synapse.ERROR_MESSAGE}"}</format></payloadFactory>
          <respond/></sequence>`,
      'ScLib.xml': `<localEntry ${NS} key="s11lib.js"><![CDATA[function stamp(mc) { throw new Error("no stamp"); }]]></localEntry>`,
      'ScErr.xml': `<api ${NS} name="ScErr" context="/s11sc/err">
          <resource methods="POST" uri-template="/inline" faultSequence="S11ScriptFault"><inSequence>
            <script language="js"><![CDATA[ throw new Error("bad input"); ]]></script><respond/></inSequence></resource>
          <resource methods="POST" uri-template="/keyed" faultSequence="S11ScriptFault"><inSequence>
            <script language="nashornJs" key="s11lib.js" function="stamp"/><respond/></inSequence></resource>
          <resource methods="POST" uri-template="/nofn" faultSequence="S11ScriptFault"><inSequence>
            <script language="js" key="s11lib.js" function="absent"/><respond/></inSequence></resource></api>`,
      // JavaScriptMediatorTest.testInlineMediator: the inline script's last value false stops the flow
      'ScLast.xml': api(
        'ScLast',
        '/s11sc/last',
        `<script language="js"><![CDATA[
           var note;
           if (mc.getPayloadJSON().go == 'yes') note = 'went';
           mc.setProperty("note", String(note));
           mc.getPayloadJSON().go != false;
         ]]></script>
         <payloadFactory media-type="json"><format>{"note": "\${props.synapse.note}"}</format></payloadFactory><respond/>`,
      ),
      // GraalVMJavaScriptMediatorTest.testExternalScriptWithCommentsOnGraalVMEngine, with a top-level const and state:
      // the keyed text runs again for each message with its globals cleared (ScriptMediator.prepareExternalScript)
      'ScOnceLib.xml': `<localEntry ${NS} key="s11once.js"><![CDATA[
          const FACTOR = 3;
          var runs = (typeof runs === 'number' ? runs : 0) + 1;
          function shape(mc) {
            mc.setProperty("runs", String(runs));
            payload = mc.getPayloadJSON();
            // a comment in the loop
            var out = new Array();
            for (i = 0; i < payload.rows.length; ++i) { out[i] = { id: "ID:" + payload.rows[i].id, w: payload.rows[i].w * FACTOR }; }
            mc.setPayloadJSON(out);
          }]]></localEntry>`,
      'ScOnce.xml': api(
        'ScOnce',
        '/s11sc/once',
        `<script language="js" key="s11once.js" function="shape"/><header name="X-Runs" scope="transport" expression="get-property('runs')"/><respond/>`,
      ),
      // ScriptMediatorTest.testThreadSafety: the body's first element through the Axiom envelope
      'ScEnv.xml': api(
        'ScEnv',
        '/s11sc/envelope',
        `<script language="js"><![CDATA[
           var first = mc.getEnvelope().getBody().getFirstElement();
           first.setText(first.getText() * 2);
         ]]></script><respond/>`,
      ),
      // XSLTonEmptySoapBodyWithSourceXPath: source="/" on a GET transforms the envelope and replaces it
      'XsEnv.xml': `<localEntry ${NS} key="s11envelope.xsl"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">
          <xsl:template match="/"><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/>
            <soapenv:Body><Badge xmlns="urn:s11:badge"><Line>Ahoy</Line></Badge></soapenv:Body></soapenv:Envelope></xsl:template>
        </xsl:stylesheet></localEntry>`,
      'XsRoot.xml': api(
        'XsRoot',
        '/s11xs/root',
        `<xslt key="s11envelope.xsl" source="/"/><property name="NO_ENTITY_BODY" scope="axis2" action="remove"/><respond/>`,
        'methods="GET"',
      ),
      // XSLTMediator.performXSLT isSoapBody: source $body, the body's children become the result root's children
      'XsBodyXsl.xml': `<localEntry ${NS} key="s11body.xsl"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">
          <xsl:template match="/"><holder xmlns=""><picked><xsl:value-of select="//pick"/></picked></holder></xsl:template>
        </xsl:stylesheet></localEntry>`,
      'XsBody.xml': api('XsBody', '/s11xs/body', `<xslt key="s11body.xsl" source="$body"/><respond/>`),
      // XSLTMediator.mediate: an empty body and no source, the transformation is skipped, the flow goes on
      'XsEmpty.xml': api(
        'XsEmpty',
        '/s11xs/empty',
        `<xslt key="s11body.xsl"/><log level="custom"><property name="went" value="on"/></log><respond/>`,
        'methods="GET"',
      ),
      // GraalVMJavaScriptMessageContext / CommonScriptMessageContext: getPayloadJSON of a message without a JSON
      // payload is {}; setPayloadJSON writes JSON.stringify of its argument (GraalJS, Nashorn), a string's text (Rhino)
      'ScJsonOfXml.xml': api(
        'ScJsonOfXml',
        '/s11sc/json-of-xml',
        `<script language="js"><![CDATA[ var o = mc.getPayloadJSON(); o.mark = 1;
           mc.setProperty("seen", JSON.stringify(mc.getPayloadJSON()) + "/" + (o === mc.getPayloadJSON())); ]]></script>
         <log level="custom"><property name="SEEN" expression="get-property('seen')"/></log><respond/>`,
      ),
      'ScSetText.xml': api(
        'ScSetText',
        '/s11sc/set-text',
        `<script language="js"><![CDATA[ mc.setPayloadJSON('{"made": true}'); ]]></script><respond/>`,
      ),
      'ScSetTextRhino.xml': api(
        'ScSetTextRhino',
        '/s11sc/set-text-rhino',
        `<script language="rhinoJs"><![CDATA[ mc.setPayloadJSON('{"made": true}'); ]]></script><respond/>`,
      ),
      // getPayloadText of a non-JSON message and getEnvelopeXML: the envelope as Axiom prints it; getPayloadXML of
      // an empty body: null
      'ScTexts.xml': api(
        'ScTexts',
        '/s11sc/texts',
        `<script language="js"><![CDATA[
           mc.setProperty("same", String(mc.getPayloadText() === mc.getEnvelopeXML()));
           mc.setProperty("head", mc.getEnvelopeXML().substring(0, 38));
           mc.setProperty("none", String(mc.getPayloadXML()));
         ]]></script>
         <log level="custom"><property name="SAME" expression="get-property('same')"/><property name="HEAD" expression="get-property('head')"/><property name="NONE" expression="get-property('none')"/></log><respond/>`,
      ),
      // ForEachMediatorV2: ${xpath()} read with objectValueOf (a node list, text-only elements too); a JSON result
      // is each iteration's payload as JSON; the XML collection updated in place is taken out and the results added
      // as the last children of the first node's parent (updateXMLCollection)
      'FeTextRows.xml': api(
        'FeTextRows',
        '/s11fe/text-rows',
        `<foreach collection="\${xpath('//tag')}" parallel-execution="false" result-target="tags" result-type="JSON"><sequence>
           <payloadFactory media-type="json"><format>{"tag": "\${xpath('//tag/text()')}"}</format></payloadFactory>
         </sequence></foreach>
         <payloadFactory media-type="json"><format>{"tags": \${var.tags}}</format></payloadFactory><respond/>`,
      ),
      'FeSiblings.xml': api(
        'FeSiblings',
        '/s11fe/siblings',
        `<foreach collection="\${xpath('//cart/item')}" parallel-execution="false"><sequence>
           <payloadFactory media-type="xml"><format><done xmlns="">\${xpath('//item/text()')}</done></format></payloadFactory>
         </sequence></foreach><respond/>`,
      ),
      // InvalidNamespaceTestCase / NullNameSpaceFor*TestCase: an iterate XPath with a prefix not declared fails as
      // SynapseXPath.evaluate reports it; an attachPath selecting nothing as IterateMediator.getIteratedMessage does
      'ItErrFault.xml': `<sequence ${NS} name="S11IterateFault">
          <payloadFactory media-type="json"><format>{"message": "\${props.synapse.ERROR_MESSAGE}"}</format></payloadFactory>
          <respond/></sequence>`,
      'ItErr.xml': `<api ${NS} name="ItErr" context="/s11it">
          <resource methods="POST" uri-template="/expr" faultSequence="S11IterateFault"><inSequence>
            <iterate xmlns:p0="urn:s11:p" expression="//p9:batch/p9:unit"><target><sequence><drop/></sequence></target></iterate>
          </inSequence></resource>
          <resource methods="POST" uri-template="/attach" faultSequence="S11IterateFault"><inSequence>
            <iterate xmlns:p0="urn:s11:p" expression="//p0:batch/p0:unit" preservePayload="true" attachPath="//p7:batch"><target><sequence><drop/></sequence></target></iterate>
          </inSequence></resource>
          <resource methods="POST" uri-template="/nothing" faultSequence="S11IterateFault"><inSequence>
            <iterate xmlns:p0="urn:s11:p" expression="//p0:batch/p0:unit" preservePayload="true" attachPath="/p0:batch"><target><sequence><drop/></sequence></target></iterate>
          </inSequence></resource></api>`,
      // XSLT (Xalan in MI): from the document node, select="x" reads children of the document only
      'XsRootXsl.xml': `<localEntry ${NS} key="s11root.xsl"><xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0">
          <xsl:template match="/"><seen xmlns="">[<xsl:value-of select="code"/>][<xsl:value-of select="pack/code"/>]</seen></xsl:template>
        </xsl:stylesheet></localEntry>`,
      'XsRootSel.xml': api('XsRootSel', '/s11xs/root-select', `<xslt key="s11root.xsl"/><respond/>`),
      // GraalVMJavaScriptMessageContext accessors: getMessageID, getSoapAction, getTo (an EndpointReference), isSOAP11
      'ScAccess.xml': api(
        'ScAccess',
        '/s11sc/access',
        `<script language="js"><![CDATA[
           var to = mc.getTo();
           mc.setProperty("acc", [mc.getMessageID().indexOf("urn:uuid:") == 0, mc.getSoapAction(), to == null ? "none" : to.getAddress(), mc.isSOAP11()].join(","));
         ]]></script><log level="custom"><property name="ACC" expression="get-property('acc')"/></log><respond/>`,
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });
  const since = (n: number) =>
    t.logs
      .slice(n)
      .map((l) => l.message)
      .join('\n');

  it('scatter-gather JSON: an XML branch is gathered as JSON (ScatterGatherTestCase.testScatterGatherJSONBodyReplace)', async () => {
    const r = await send(`${t.base}/s11sg/mixed`, { body: '{"ticket": 5512}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), [
      { id: 'json', ticket: 5512 },
      { id: 'xml', ticket: 5512 },
      { id: 'remote', ticket: 5512 },
    ]);
  });

  it('scatter-gather condition: only the results meeting it, at the timeout (ScatterGatherTestCase.testScatterGatherJSONCondition)', async () => {
    const r = await send(`${t.base}/s11sg/cond`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    const got = (r.json() as { n: number }[]).map((k) => k.n).sort();
    assert.deepEqual(got, [1, 3]);
  });

  it('foreach v2 over xpath(expr, variable) into a variable (ForEachMediatorTestCase.testForEachXMLListFromVariable_VariableOutput)', async () => {
    const n = t.logs.length;
    const req = '<shelf><box><label>nails</label></box><box><label>screws</label></box></shelf>';
    const r = await send(`${t.base}/s11fe/var-xml`, { body: req, type: 'application/xml' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, req);
    const logged = since(n);
    assert.match(logged, new RegExp(`shelf : ${req.replace(/[/]/g, '\\/')}`));
    assert.match(
      logged,
      /packed : <packed><crate><tag>nails<\/tag><size>4<\/size><\/crate><crate><tag>screws<\/tag><size>4<\/size><\/crate><\/packed>/,
    );
  });

  it('aggregate of empty JSON answers under a property element (AggregateEmptyJsonPayloadTestCase)', async () => {
    const n = t.logs.length;
    await send(`${t.base}/services/S11AggEmpty`, {
      body: `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><q:order xmlns:q="urn:s11:q"><q:line>a</q:line><q:line>b</q:line></q:order></soapenv:Body></soapenv:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:mediate', Accept: 'application/json' },
    });
    assert.match(
      since(n),
      /<Everything xmlns="http:\/\/ws\.apache\.org\/ns\/synapse"><jsonObject xmlns=""\/><jsonObject xmlns=""\/><\/Everything>/,
    );
  });

  it('script: a property or variable never set is null; a DOUBLE property is a number; scoped properties (SetPropertyWithScopeInScriptMediatorTestCase)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s11sc/null`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.match(since(n), /SEEN = object\/true\/null\/true, SCOPED = S-1, RATE = number\/5/);
  });

  it('script: mc.addHeader adds header blocks with soapenv:mustUnderstand (AddHeadersUsingNashornJsTestCase)', async () => {
    const r = await send(`${t.base}/s11sc/header`, {
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ping/></soapenv:Body></soapenv:Envelope>',
      type: 'text/xml',
    });
    assert.match(
      r.text,
      /<soapenv:Header><tr:Trace xmlns:tr="urn:s11:trace" soapenv:mustUnderstand="0"><tr:hop>7<\/tr:hop><\/tr:Trace><au:Auth xmlns:au="urn:s11:auth" mode="k" soapenv:mustUnderstand="1">z<\/au:Auth><\/soapenv:Header>/,
    );
    const s12 = await send(`${t.base}/s11sc/header`, {
      body: '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><ping/></env:Body></env:Envelope>',
      type: 'application/soap+xml',
    });
    assert.match(s12.text, /soapenv:mustUnderstand="false"/);
    assert.match(s12.text, /soapenv:mustUnderstand="true"/);
    const n = t.logs.length;
    const bare = await send(`${t.base}/s11sc/header-bare`, { body: '<ping/>', type: 'application/xml' });
    assert.equal(bare.status, 202);
    assert.match(since(n), /All the SOAP Header blocks should be namespace qualified/);
  });

  it('script errors: ERROR_MESSAGE as ScriptMediator.invokeScript words it (InvalidFunctionTestCase)', async () => {
    const post = (p: string) => send(`${t.base}/s11sc/err/${p}`, { body: '{}', type: 'application/json' });
    assert.deepEqual((await post('inline')).json(), {
      code: 0,
      message: 'The script engine returned an error executing the inlined js script function mediate',
    });
    assert.deepEqual((await post('keyed')).json(), {
      code: 0,
      message:
        "The script engine returned an error executing the external nashornJs script : Value {name ='null', keyValue ='s11lib.js'} function stamp",
    });
    const n = t.logs.length;
    assert.deepEqual((await post('nofn')).json(), {
      code: 0,
      message:
        "The script engine returned a NoSuchMethodException executing the external js script : Value {name ='null', keyValue ='s11lib.js'} function absent",
    });
    // ours logs where and why
    assert.match(since(n), /script failed \(ScErr\.xml:\d+\): No such function: absent/);
  });

  it('script: an inline script whose last value is false stops the flow; its var starts undefined each run (JavaScriptMediatorTest.testInlineMediator)', async () => {
    const post = (go: unknown) =>
      send(`${t.base}/s11sc/last`, { body: JSON.stringify({ go }), type: 'application/json' });
    assert.deepEqual((await post('yes')).json(), { note: 'went' });
    assert.deepEqual((await post('no')).json(), { note: 'undefined' });
    assert.equal((await post(false)).status, 202);
  });

  it('script: a keyed text runs again per message, globals cleared, a top-level const each time (GraalVMJavaScriptMediatorTest)', async () => {
    for (const w of [2, 5]) {
      const r = await send(`${t.base}/s11sc/once`, {
        body: JSON.stringify({
          rows: [
            { id: 'a1', w },
            { id: 'b2', w: 1 },
          ],
        }),
        type: 'application/json',
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.headers.get('x-runs'), '1');
      assert.deepEqual(r.json(), [
        { id: 'ID:a1', w: w * 3 },
        { id: 'ID:b2', w: 3 },
      ]);
    }
  });

  it('script: mc.getEnvelope().getBody().getFirstElement() reads and sets the text (ScriptMediatorTest.testThreadSafety)', async () => {
    const r = await send(`${t.base}/s11sc/envelope`, { body: '<lucky>21</lucky>', type: 'application/xml' });
    assert.equal(r.text, '<lucky>42</lucky>');
  });

  it('xslt source="/" on a GET: the envelope is transformed and replaced (XSLTonEmptySoapBodyWithSourceXPath)', async () => {
    const r = await send(`${t.base}/s11xs/root`, { headers: { Accept: 'text/xml' } });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<Badge xmlns="urn:s11:badge"><Line>Ahoy</Line></Badge>');
  });

  it('xslt source="$body": the body children are the result root element s children (XSLTMediator isSoapBody)', async () => {
    const r = await send(`${t.base}/s11xs/body`, {
      body: '<order><pick>p-7</pick></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<picked>p-7</picked>');
  });

  it('xslt without source over an empty body: skipped with MI s warning, the flow goes on (XSLTMediator.mediate)', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s11xs/empty`);
    assert.equal(r.status, 200, r.text);
    assert.match(
      since(n),
      /Found empty soap body, skipping XSLT transformation and continuing the mediation/,
    );
    assert.match(since(n), /went = on/);
  });

  it('script: getPayloadJSON of an XML message is {}, the same object at each call; setPayloadJSON of a string per engine (GraalVMJavaScriptMessageContext)', async () => {
    const n = t.logs.length;
    await send(`${t.base}/s11sc/json-of-xml`, { body: '<bag><n>1</n></bag>', type: 'application/xml' });
    await send(`${t.base}/s11sc/json-of-xml`, { body: '{"bag": {"n": 1}}', type: 'application/json' });
    // (one object for the run, MI's JSON_OBJECT or emptyJsonObject: a change through one call is seen by the next)
    assert.match(since(n), /SEEN = \{"mark":1\}\/true[\s\S]*SEEN = \{"bag":\{"n":1\},"mark":1\}\/true/);
    const graal = await send(`${t.base}/s11sc/set-text`, { body: '{}', type: 'application/json' });
    assert.equal(graal.text, '"{\\"made\\": true}"');
    const rhino = await send(`${t.base}/s11sc/set-text-rhino`, { body: '{}', type: 'application/json' });
    assert.deepEqual(rhino.json(), { made: true });
  });

  it('script: getPayloadText of an XML message is the envelope text, as getEnvelopeXML; getPayloadXML of no body is null', async () => {
    const n = t.logs.length;
    await send(`${t.base}/s11sc/texts`);
    assert.match(since(n), /SAME = true, HEAD = <\?xml version='1\.0' encoding='utf-8'\?>, NONE = null/);
  });

  it('foreach v2 over ${xpath()} of text-only elements, one or many; JSON results from XML items (ForEachMediatorV2)', async () => {
    const many = await send(`${t.base}/s11fe/text-rows`, {
      body: '<tags><tag>red</tag><tag>blue</tag></tags>',
      type: 'application/xml',
    });
    assert.equal(many.status, 200, many.text);
    assert.deepEqual(many.json(), { tags: [{ tag: 'red' }, { tag: 'blue' }] });
    const one = await send(`${t.base}/s11fe/text-rows`, {
      body: '<tags><tag>green</tag></tags>',
      type: 'application/xml',
    });
    assert.deepEqual(one.json(), { tags: [{ tag: 'green' }] });
  });

  it('foreach v2 updating an XML collection: results added after the parent s other children (updateXMLCollection)', async () => {
    const r = await send(`${t.base}/s11fe/siblings`, {
      body: '<cart><head/><item>a</item><mid/><item>b</item><tail/></cart>',
      type: 'application/xml',
    });
    assert.equal(r.text, '<cart><head/><mid/><tail/><done>a</done><done>b</done></cart>');
  });

  it('iterate: an XPath with an undeclared prefix, or an attachPath selecting nothing, fails with MI s words (InvalidNamespaceTestCase)', async () => {
    const post = (p: string) =>
      send(`${t.base}/s11it/${p}`, {
        body: '<p0:batch xmlns:p0="urn:s11:p"><p0:unit>1</p0:unit><p0:unit>2</p0:unit></p0:batch>',
        type: 'application/xml',
      });
    assert.deepEqual((await post('expr')).json(), {
      message: 'Evaluation of the XPath expression //p9:batch/p9:unit resulted in an error',
    });
    assert.deepEqual((await post('attach')).json(), {
      message: 'Evaluation of the XPath expression //p7:batch resulted in an error',
    });
    assert.deepEqual((await post('nothing')).json(), {
      message:
        'Error in attaching the splitted elements :: Unable to get the attach path specified by the expression /p0:batch',
    });
  });

  it('xslt value-of from the document node reads its children only, not the root element s (XSLT; xslt-processor retried)', async () => {
    const r = await send(`${t.base}/s11xs/root-select`, {
      body: '<pack><code>Z9</code></pack>',
      type: 'application/xml',
    });
    assert.equal(r.text, '<seen>[][Z9]</seen>');
  });

  it('script: getMessageID, getSoapAction, getTo, isSOAP11 (GraalVMJavaScriptMessageContext)', async () => {
    const n = t.logs.length;
    await send(`${t.base}/s11sc/access`, {
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><a/></soapenv:Body></soapenv:Envelope>',
      type: 'text/xml',
      headers: { SOAPAction: '"urn:s11:op"' },
    });
    assert.match(since(n), /ACC = true,urn:s11:op,/);
    assert.match(since(n), /,true\n?/);
  });
});
