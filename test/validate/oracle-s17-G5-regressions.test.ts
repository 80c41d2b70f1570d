/**
 * No new false error (session 17, helper G5). `synapse validate` of the session's start (13b0c115) and of its HEAD
 * were run over every Synapse/.dbs tree on the machine (the shared corpus, the fixtures, 302 GitHub repositories'
 * HEAD trees and 1,211 blobs of their history, MI's own integration tests: ~33,000 files) and the findings diffed.
 * Every new error was one MI's factories raise too (read in the MI 4.4 Synapse sources named below); none was false.
 * These cases keep the shapes those real configurations use on both sides of this session's new rules: our own
 * artifacts, MI's verdict (deployed: no error; refused: at least one error) from the factory code cited.
 */
import assert from 'node:assert/strict';
import { ProjectIndex } from '../../core/project';
import { validateFile } from '../../core/validate/index';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';
const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';

function findings(xml: string, severity: 'error' | 'warning'): string[] {
  const path = '/g5/Probe.xml';
  const index = new ProjectIndex();
  index.setFile(path, xml);
  return validateFile(index.getFile(path)!, index, { layout: 'file', checkReferences: false })
    .filter((f) => f.severity === severity)
    .map((f) => `${f.code}: ${f.message}`);
}
const seq = (body: string, rootAttrs = '') => `<sequence ${S} name="G5Probe"${rootAttrs}>${body}</sequence>`;
const deployed = (xml: string) => assert.deepEqual(findings(xml, 'error'), [], xml);
const refused = (xml: string, code: string) =>
  assert.ok(
    findings(xml, 'error').some((f) => f.startsWith(`${code}:`)),
    `${xml}\n${findings(xml, 'error').join('\n')}`,
  );

describe('synapse validate: no new false error on real configuration shapes (session 17 G5)', () => {
  it('makefault codes MI accepts: a prefix bound on an ancestor, SOAP 1.1 Client by default, SOAP 1.2 DataEncodingUnknown, pox without code or with a SOAP 1.2 code (FaultMediatorFactory, OMElementUtils.getNameSpaceWithPrefix walks the ancestors, FaultMediator.setFaultCodeValue)', () => {
    deployed(
      seq(
        '<makefault version="soap11"><code value="e:Server"/><reason value="r"/></makefault>',
        ` xmlns:e="${S11}"`,
      ),
    );
    deployed(
      seq(
        `<makefault><code xmlns:e="${S11}" value="e:Client"/><reason expression="$ctx:ERROR_MESSAGE"/></makefault>`,
      ),
    );
    deployed(
      seq(
        `<makefault version="soap12"><code xmlns:f="${S12}" value="f:DataEncodingUnknown"/><reason value="r"/></makefault>`,
      ),
    );
    deployed(seq('<makefault version="pox"><reason value="r"/></makefault>'));
    deployed(
      seq(
        `<makefault version="pox"><code xmlns:f="${S12}" value="f:Receiver"/><reason value="r"/></makefault>`,
      ),
    );
    deployed(
      seq('<makefault response="true"><code expression="$ctx:faultCode"/><reason value="r"/></makefault>'),
    );
  });

  it('makefault codes MI refuses, as old ESB samples and editor output write them (FaultMediatorFactory: soap11 is the default version)', () => {
    // the Synapse samples' SOAP 1.2 Receiver under the default version: 'Invalid namespace in fault code for soap11 version'
    refused(
      seq(
        `<makefault response="true"><code xmlns:f="${S12}" value="f:Receiver"/><reason value="r"/></makefault>`,
      ),
      'RT_MAKEFAULT',
    );
    // Receiver is no SOAP 1.1 code (Client, Server, ...): 'Invalid code value for soap11 version'
    refused(
      seq(
        `<makefault version="soap11"><code xmlns:e="${S11}" value="e:Receiver"/><reason value="r"/></makefault>`,
      ),
      'RT_MAKEFAULT',
    );
    // a prefix bound nowhere: "Invalid namespace prefix 'e' in code attribute"
    refused(seq('<makefault><code value="e:Server"/><reason value="r"/></makefault>'), 'RT_MAKEFAULT');
    // a prefix with no local name
    refused(
      seq(`<makefault version="soap12"><code xmlns:f="${S12}" value="f:"/><reason value="r"/></makefault>`),
      'RT_MAKEFAULT',
    );
  });

  it('a proxy target with an endpoint attribute, an inline endpoint or an inSequence attribute deploys (ProxyServiceFactory)', () => {
    const proxy = (target: string) =>
      `<proxy ${S} name="G5Proxy" transports="http"><target${target}</target></proxy>`;
    deployed(proxy(' endpoint="BackEndEP">'));
    deployed(proxy('><endpoint><address uri="http://localhost:9000/x"/></endpoint>'));
    deployed(proxy(' inSequence="InSeq">'));
    refused(proxy('><outSequence><send/></outSequence>'), 'SYN106');
  });

  it('an empty uri-template is read as absent: a warning, no error (ResourceFactory.configureURLMappings)', () => {
    const api = `<api ${S} name="G5Api" context="/g5"><resource methods="GET" uri-template=""><inSequence><respond/></inSequence></resource></api>`;
    deployed(api);
    assert.ok(findings(api, 'warning').some((f) => f.startsWith('SYN400:')));
  });

  it('payloadFactory formats with nested braces, ${...} in XML attributes and FreeMarker directives deploy (RegexTemplateProcessor.init, FreeMarkerTemplateProcessor)', () => {
    deployed(
      seq(
        '<payloadFactory media-type="json"><format>{"a": ${payload.a}, "b": "${vars.b}", "c": {"d": ${payload.c}}}</format><args/></payloadFactory>',
      ),
    );
    deployed(
      seq(
        '<payloadFactory media-type="xml"><format><r xmlns=""><a>${payload.a}</a><b x="${vars.x}">$1</b></r></format><args><arg evaluator="xml" expression="//a"/></args></payloadFactory>',
      ),
    );
    deployed(
      seq(
        '<payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[{"n": "${payload.name!"none"}", "c": ${payload.items?size}, <#if payload.f??>"f": true,</#if> "i": [<#list payload.items as it>"${it.id}"<#sep>,</#sep></#list>], "h": "${headers["Content-Type"]!""}", "d": "${"$"}{x}"<#-- note -->}]]></format><args/></payloadFactory>',
      ),
    );
  });

  it('${...} in a payloadFactory arg read as XPath is refused, as docs-mi quick-start writes it with evaluator="xml" (PayloadFactoryMediatorFactory -> SynapseXPathFactory -> Jaxen)', () => {
    refused(
      seq(
        '<payloadFactory media-type="json"><format>{"t": "$1"}</format><args><arg evaluator="xml" expression="${params.uriParams.kind}"/></args></payloadFactory>',
      ),
      'EXPR_XPATH_SYNTAX',
    );
  });

  it('an XML format is compiled as MI serializes it: & or < in a ${...} of the element (text, CDATA, attribute) is refused, > or a string literal is not, a json/text format is read as written (PayloadFactoryMediatorFactory getFirstElement().toString(), RegexTemplateProcessor.init; mi-run harness)', () => {
    const pf = (mt: string, fmt: string) =>
      seq(`<payloadFactory media-type="${mt}"><format>${fmt}</format><args/></payloadFactory>`);
    // MI: 'Invalid Payload format : Parse error: leftover input after parsing expression in payload.a &amp;&amp; payload.b'
    refused(pf('xml', '<r xmlns=""><a>${payload.a &amp;&amp; payload.b}</a></r>'), 'EXPR_SYNAPSE_SYNTAX');
    refused(pf('xml', '<r xmlns=""><a><![CDATA[${payload.a && payload.b}]]></a></r>'), 'EXPR_SYNAPSE_SYNTAX');
    refused(pf('xml', '<r xmlns=""><a x="${payload.n &lt; 5}"/></r>'), 'EXPR_SYNAPSE_SYNTAX');
    deployed(pf('xml', '<r xmlns=""><a>${payload.n &gt; 5}</a><b>${payload["a"]}</b></r>'));
    deployed(pf('xml', '<r xmlns=""><a>${payload.s == "x&amp;y"}</a></r>'));
    deployed(pf('json', '{"a": ${payload.a &amp;&amp; payload.b}}'));
  });
});
