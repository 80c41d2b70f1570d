/**
 * The editor accepts what MI 4.4's documentation shows (helper D1, session 7): every function and access form of the
 * Synapse expressions reference (synapse-expressions-syntax.md), the log mediator's message template with category
 * and separator, the variable mediator's types, header type="OM" (HeaderMediatorFactory reads `type`), and the
 * XPath extension functions. What MI itself refuses stays flagged: `$.x` as a property expression (read as XPath,
 * SynapsePathFactory) and the pre-GA spellings (warnings).
 */
import assert from 'node:assert/strict';
import { validateFile } from '../../core/validate';
import { ProjectIndex } from '../../core/project';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function findings(body: string, uriTemplate = '/{name}?age={age}') {
  const index = new ProjectIndex();
  const text = `<api ${S} name="Doc" context="/doc"><resource methods="POST" uri-template="${uriTemplate.replace(/&/g, '&amp;')}"><inSequence>${body}<respond/></inSequence></resource></api>`;
  const model = index.setFile('/tmp/d1s7/Doc.xml', text);
  return validateFile(model, index, { layout: 'bare' }).map((f) => `${f.severity} ${f.code} ${f.message}`);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const variable = (e: string, i: number) => `<variable name="v${i}" expression="${esc(e)}"/>`;

const DOCUMENTED = [
  "${'Hello ' + payload.student.name}",
  '${$.orders}',
  '${payload.user["first name"]}',
  '${vars.name}',
  '${vars["last name"]}',
  '${headers.Host}',
  '${headers["Content-Type"]}',
  '${props.synapse.propertyName}',
  '${properties.axis2.propertyName}',
  '${params.queryParams.age}',
  '${params.pathParams.name}',
  '${params.functionParams.paramName}',
  '${configs.configName}',
  '${(vars.num1 + vars.num2) * vars.num3}',
  '${vars.num1 % vars.num2}',
  '${vars.boolValue1 and vars.boolValue2}',
  '${vars.boolValue1 or vars.boolValue2}',
  '${vars.boolValue1 && (vars.boolValue2 || vars.boolValue3)}',
  '${vars.age > 18 ? "Adult" : "Child"}',
  '${payload.users[?(@.age >= 18)]}',
  '${payload.users[?(@.age >= vars.minAge)]}',
  '${length("text")}',
  '${toUpper(payload.value)}',
  '${toLower("TEXT")}',
  '${subString(payload.value, 2)}',
  '${subString("text", 0, 2)}',
  '${startsWith("text", "te")}',
  '${endsWith(payload.value, "end")}',
  '${contains("text", "e")}',
  '${trim("  text  ")}',
  '${replace(payload.value, "old", "new")}',
  '${split("a,b,c", ",")}',
  '${charAt("text", 1)}',
  '${indexOf(payload.value, "text", 5)}',
  '${abs(-5)}',
  '${floor(3.7)}',
  '${ceil(payload.value)}',
  '${sqrt(16)}',
  '${log(10)}',
  '${pow(payload.base, payload.exponent)}',
  '${round(2.7543)}',
  '${round(payload.value, payload.decimalPlaces)}',
  '${base64encode(payload.value, "ISO-8859-1")}',
  '${base64decode("dGV4dA==")}',
  '${urlEncode("text with spaces")}',
  '${urlDecode(payload.value)}',
  '${isNumber(payload.value)}',
  '${isString(payload.value)}',
  '${isArray(payload.array)}',
  '${isObject(payload.object)}',
  '${integer(params.queryParams.age)}',
  '${float(payload.value)}',
  '${string(payload.value)}',
  '${boolean(payload.value)}',
  '${object(payload.value).students..*}',
  '${array(payload.value)[3].name}',
  '${registry("gov:/config/service")}',
  '${registry("gov:/config/service").property("key")}',
  '${registry(payload.path).student.name}',
  '${now()}',
  '${formatDateTime("29-09-1988", "dd-MM-yyyy", "yyyy MMM dd")}',
  '${formatDateTime(now(), "yyyy-MM-dd")}',
  "${hashicorp-vault('pathName','fieldName')}",
  "${hashicorp-vault('namespace', 'pathname','fieldname')}",
  "${wso2-vault('mysqlpassword')}",
  "${exists('vars.notMandatoryProperty') ? vars.notMandatoryProperty : 'default' }",
  '${not(payload.booleanValue)}',
  "${xpath('//student/text()')}",
  "${xpath('//student/text()', 'Students')}",
  '${vars.num1 == null ? vars.num2 : vars.num1}',
  '${"Hello " +  ( exists($.student.lastName) ? $.student.firstName + " " +  $.student.lastName : $.student.firstName )}',
  '${isNumber(vars.num1) ? vars.num1 * 2 : 0}',
  '${payload..book[?(@.category==vars.category && @.price > payload.expensive)].title}',
  '${length(vars.expensive) > 0 ? "We found " + string(length(vars.expensive)) + " book(s)" : "none"}',
];

describe('expressions (D1, s7): the documentation examples pass the editor', () => {
  it('every documented Synapse expression form validates without a finding', () => {
    for (const [i, e] of DOCUMENTED.entries()) assert.deepEqual(findings(variable(e, i)), [], e);
  });

  it('xpath() with namespaces declared on the mediator, and the XPath extension functions', () => {
    assert.deepEqual(
      findings(
        `<variable name="w" expression="\${xpath('//a:parent/b:child/a:value/text()')}" xmlns:a="http://a.example" xmlns:b="http://b.example"/>
         <log level="custom"><property name="e" expression="base64Encode('x', 'UTF-8')"/><property name="d" expression="base64Decode('eA==')"/>
         <property name="u" expression="url-encode('a b', 'UTF-8')"/><property name="p" expression="get-property('registry', 'gov:/a/b@k')"/>
         <property name="s" expression="sum(//ns:item/ns:price)" xmlns:ns="http://ws.apache.org/ns/synapse"/><property name="t" expression="$trp:Content-Type"/>
         <property name="q" expression="$url:a"/><property name="env" expression="$env/*[local-name()='Body']"/></log>`,
      ),
      [],
    );
  });

  it('the log message template with category and separator, and the variable types', () => {
    assert.deepEqual(
      findings(`<log category="INFO" separator=" | "><message>Processing user : \${payload.user} with data : \${vars.purchaseDetails}</message>
        <property name="endpoint" expression="\${vars.endpointName}"/></log>
        <variable name="userDataObject" action="set" expression="\${payload.user.data}" type="JSON"/>
        <variable name="userId" action="set" expression="\${payload.user.id}" type="INTEGER"/>
        <variable name="x" value="1.5" type="DOUBLE"/><variable name="om" expression="\${xpath('//a')}" type="OM"/>
        <variable name="sessionToken" action="remove"/>`),
      // OM was a variable type of the MI 4.4 previews: Synapse 0c9766202 (in MI 4.4.0) left it out of
      // VARIABLE_DATA_TYPES, so it is flagged as deprecated (session 8, R2), not refused
      [
        "warning SYN110 'OM' is deprecated for 'type' on <variable>: MI 4.4.0 has no OM variable type (its types end with JSON and XML): write XML; MI 4.4.0 refuses OM with a value and fails it with an expression.",
      ],
    );
  });

  it('header type="OM" (a SOAP header built from an OM property) is accepted', () => {
    assert.deepEqual(
      findings(`<property name="RH" scope="default" type="OM"><p2:Top xmlns:p2="http://abc.example/XSD"><p2:Hi>x</p2:Hi></p2:Top></property>
        <header name="p2:Top" xmlns:p2="http://abc.example/XSD" action="set" scope="default" type="OM" expression="$ctx:RH"/>`),
      [],
    );
  });

  it("a stray } after the expression (the reference page's own example) is a warning: MI's lexer drops it", () => {
    const stray = findings(variable('${payload..book[?(@.category==vars.category)]}}', 0));
    assert.deepEqual(
      stray.map((f) => f.split(' ').slice(0, 2).join(' ')),
      ['warning EXPR_SYNAPSE_SYNTAX'],
      stray.join('\n'),
    );
    assert.match(stray[0]!, /ignores '\}'/);
    // a character MI's lexer reads (here a second expression) is still an error
    assert.ok(
      findings(variable('${vars.a vars.b}', 0)).some((f) => f.startsWith('error EXPR_SYNAPSE_SYNTAX')),
    );
  });

  it('what MI refuses stays flagged: $.x read as XPath by a property, pre-GA spellings warned', () => {
    const bare = findings('<property name="s" expression="$.student" type="JSON"/>');
    assert.ok(
      bare.some((f) => f.startsWith('error EXPR_XPATH_SYNTAX')),
      bare.join('\n'),
    );
    const legacy = findings(
      `${variable('${var.name}', 0)}${variable('${params.uriParams.name}', 1)}${variable("${secret('p')}", 2)}`,
    );
    assert.equal(
      legacy.filter((f) => f.startsWith('warning EXPR_LEGACY_SPELLING')).length,
      3,
      legacy.join('\n'),
    );
  });
});
