/**
 * payloadFactory `template-type="freemarker"` against FreeMarker itself (session 16, J4 differential oracle).
 *
 * How the expectations were produced: our own templates and payloads (hand-written corner cases, then seeded
 * random templates over random JSON and XML payloads) were rendered by FreeMarker 2.3.31 (Debian's jar; MI's
 * Synapse pins 2.3.30, and Synapse runs it with `new Configuration(VERSION_2_3_30)`, so the 2.3.31 jar behaves as
 * 2.3.30) inside a small Java driver that builds MI's data model as Synapse FreeMarkerTemplateProcessor does: a
 * JSON object/array through Gson 2.13.2 (`fromJson(..., Map<String, Object>)`: Doubles, member order kept), a JSON
 * primitive as its JSON text, XML through `freemarker.ext.dom.NodeModel.parse`, a text payload XML-escaped
 * (escapeXml11); the rethrow handler, en_US, an XML template wrapped in `<pfPadding>` (compileFreeMarkerTemplate).
 * It printed the rendered text (padding removed, trimmed as PayloadFactoryMediator does) or, for a failing
 * template, MI's message (generateTemplateErrorMessage: the blamed expression, line and column). The Java ran on
 * JDK 25 (the project models JDK 19+'s Double.toString). The values below are that oracle's answers; the cases are
 * the ones where the runtime's earlier FreeMarker subset answered differently (10,000 of 18,374 compared), and
 * `perr` marks a template FreeMarker refuses to compile (MI: the artifact does not deploy).
 */
import assert from 'node:assert/strict';
import { parseJsonText } from '../../runtime-debug/engine/expr/jsonNumber';
import { compileFreeMarker, FreeMarkerError } from '../../runtime-debug/engine/mediators/freemarker';
import { freeMarkerPayload } from '../../runtime-debug/engine/mediators/transform';
import { parseXmlElement } from '../../runtime-debug/engine/payloadXml';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const J =
  '{"name": "Ann Lee", "age": 42, "price": 1234567.891, "small": 0.0005, "neg": -12.5, "big": 12345678901234567890, "int": 10, "dec": 10.0, "half": 2.5, "half2": 0.0025, "flag": true, "off": false, "nil": null, "tags": ["a", "b", "c"], "nums": [1, 2.5, 3000], "empty": [], "obj": {"x": 1, "y": "two"}, "s": "  Hello World  ", "q": "say \\"hi\\" <b>&\'x\'</b>\\n\\ttab", "numstr": "42.50", "k1": "1,234", "date": "2024-03-05", "csv": "a,b,,c"}';
const X =
  '<order id="7" xmlns:x="urn:x"><item sku="A1"><name>Pen</name><qty>2</qty><price>1.50</price></item><item sku="B2"><name>Ink &amp; Quill</name><qty>10</qty><price>12345.678</price></item><note><![CDATA[a<b]]> tail</note><!-- c --><x:extra>ns</x:extra><empty/></order>';

interface Expect {
  out?: string;
  err?: string;
  perr?: boolean;
  args?: string[];
  ctx?: Record<string, string>;
  axis2?: Record<string, string>;
  trp?: Record<string, string>;
  vars?: Record<string, string>;
}

// [template, payload, payload type, media-type, FreeMarker's answer]
const CASES: [string, string, 'json' | 'xml' | 'text' | 'none', 'json' | 'xml' | 'text', Expect][] = [
  ['${payload.small}', J, 'json', 'json', { out: '0.001' }],
  ['${payload.big}', J, 'json', 'json', { out: '12,345,678,901,234,567,000' }],
  ['${payload.half2}', J, 'json', 'json', { out: '0.003' }],
  [
    '${payload.flag}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 1',
    },
  ],
  [
    '${payload.off}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 1',
    },
  ],
  [
    '${payload.name?c}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.name At line: 1 column: 3',
    },
  ],
  ['${payload.price?string("0.00")}', J, 'json', 'json', { out: '1234567.89' }],
  ['${payload.price?string("#,##0.00")}', J, 'json', 'json', { out: '1,234,567.89' }],
  ['${payload.half?string("0")}', J, 'json', 'json', { out: '2' }],
  ['${payload.small?string("0.00")}', J, 'json', 'json', { out: '0.00' }],
  ['${payload.age?string("000")}', J, 'json', 'json', { out: '042' }],
  ['${payload.price?string.number}', J, 'json', 'json', { out: '1,234,567.891' }],
  ['${payload.price?string.computer}', J, 'json', 'json', { out: '1234567.891' }],
  ['${payload.price?string.currency}', J, 'json', 'json', { out: '$1,234,567.89' }],
  ['${payload.price?string.percent}', J, 'json', 'json', { out: '123,456,789%' }],
  ['${payload.half2?string("0.000")}', J, 'json', 'json', { out: '0.003' }],
  ['${payload.price?string("0.#")}', J, 'json', 'json', { out: '1234567.9' }],
  ['${1.5?string("0")}', J, 'json', 'json', { out: '2' }],
  ['${0.125?string("0.00")}', J, 'json', 'json', { out: '0.12' }],
  ['${payload.obj?is_hash_ex?c}', J, 'json', 'json', { out: 'true' }],
  ['${payload.name?replace("","-")}', J, 'json', 'json', { out: '-A-n-n- -L-e-e-' }],
  ['${payload.csv?split(",")?size}', J, 'json', 'json', { out: '4' }],
  ['${payload.csv?split(",")?join("/")}', J, 'json', 'json', { out: 'a/b//c' }],
  [
    '${payload.k1?number}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 1',
    },
  ],
  ['${payload.q?json_string}', J, 'json', 'json', { out: 'say \\"hi\\" <b>&\'x\'<\\/b>\\n\\ttab' }],
  ['${payload.q?js_string}', J, 'json', 'json', { out: 'say \\"hi\\" <b>&\\\'x\\\'<\\/b>\\n\\ttab' }],
  [
    '${payload.q?html}',
    J,
    'json',
    'json',
    { out: 'say &quot;hi&quot; &lt;b&gt;&amp;&#39;x&#39;&lt;/b&gt;\n\ttab' },
  ],
  [
    '${payload.q?xhtml}',
    J,
    'json',
    'json',
    { out: 'say &quot;hi&quot; &lt;b&gt;&amp;&#39;x&#39;&lt;/b&gt;\n\ttab' },
  ],
  [
    '${payload.q?url}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 1',
    },
  ],
  [
    '${payload.q?url("UTF-8")}',
    J,
    'json',
    'json',
    { out: "say%20%22hi%22%20%3Cb%3E%26'x'%3C%2Fb%3E%0A%09tab" },
  ],
  ['${payload.name?index_of("n")}', J, 'json', 'json', { out: '1' }],
  ['${payload.name?last_index_of("n")}', J, 'json', 'json', { out: '2' }],
  ['${payload.name?substring(1,3)}', J, 'json', 'json', { out: 'nn' }],
  ['${payload.name[0]}', J, 'json', 'json', { out: 'A' }],
  ['${payload.name[1..3]}', J, 'json', 'json', { out: 'nn' }],
  ['${payload.name[2..]}', J, 'json', 'json', { out: 'n Lee' }],
  ['${payload.tags[1..]?join(",")}', J, 'json', 'json', { out: 'b,c' }],
  ['${payload.tags?reverse?join(",")}', J, 'json', 'json', { out: 'c,b,a' }],
  ['${payload.nums?seq_contains(3000)?c}', J, 'json', 'json', { out: 'true' }],
  ['${payload.tags?seq_index_of("b")}', J, 'json', 'json', { out: '1' }],
  ['${payload.nums?sort?join(",")}', J, 'json', 'json', { out: '1,2.5,3,000' }],
  ['${payload.tags?sort?join(",")}', J, 'json', 'json', { out: 'a,b,c' }],
  ['${payload.nums?min}', J, 'json', 'json', { out: '1' }],
  ['${payload.nums?max}', J, 'json', 'json', { out: '3,000' }],
  ['${payload.neg?abs}', J, 'json', 'json', { out: '12.5' }],
  ['${payload.price?int}', J, 'json', 'json', { out: '1,234,567' }],
  ['${payload.neg?int}', J, 'json', 'json', { out: '-12' }],
  ['${payload.name?word_list?size}', J, 'json', 'json', { out: '2' }],
  ['${payload.name?left_pad(10)}', J, 'json', 'json', { out: 'Ann Lee' }],
  ['${payload.name?right_pad(10,".")}', J, 'json', 'json', { out: 'Ann Lee...' }],
  ['${payload.name?chop_linebreak}', J, 'json', 'json', { out: 'Ann Lee' }],
  ['${payload.name?ensure_starts_with("X")}', J, 'json', 'json', { out: 'XAnn Lee' }],
  ['${payload.name?ensure_ends_with("!")}', J, 'json', 'json', { out: 'Ann Lee!' }],
  ['${payload.name?remove_beginning("Ann ")}', J, 'json', 'json', { out: 'Lee' }],
  ['${payload.name?keep_after(" ")}', J, 'json', 'json', { out: 'Lee' }],
  ['${payload.name?keep_before(" ")}', J, 'json', 'json', { out: 'Ann' }],
  ['${payload.name?matches("A.*")?c}', J, 'json', 'json', { out: 'true' }],
  ['${payload.name?replace("[aeiou]","_","r")}', J, 'json', 'json', { out: 'Ann L__' }],
  [
    '${payload.name?boolean?c}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.name?boolean At line: 1 column: 3',
    },
  ],
  ['${"true"?boolean?c}', J, 'json', 'json', { out: 'true' }],
  ['${payload.nums?size?string("0.0")}', J, 'json', 'json', { out: '3.0' }],
  [
    '${payload.price?string.@@?c}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.price?string.@@ At line: 1 column: 3',
    },
  ],
  [
    '${payload.missing.deep!"d"}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.missing At line: 1 column: 3',
    },
  ],
  ['${payload.flag?then("Y","N")}', J, 'json', 'json', { out: 'Y' }],
  [
    '${payload.age?then(1,2)}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.age At line: 1 column: 3',
    },
  ],
  ['${payload.neg % 5}', J, 'json', 'json', { out: '-2' }],
  ['${payload.big + 1}', J, 'json', 'json', { out: '12,345,678,901,234,567,001' }],
  [
    '${"x" + payload.flag}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 1',
    },
  ],
  [
    '${payload.tags + ["d"]}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.tags + ["d"] At line: 1 column: 3',
    },
  ],
  ['${(payload.tags + ["d"])?join(",")}', J, 'json', 'json', { out: 'a,b,c,d' }],
  [
    '${payload.obj + {"z": 3}}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.obj + {"z": 3} At line: 1 column: 3',
    },
  ],
  ['${(payload.obj + {"z": 3})?keys?join(",")}', J, 'json', 'json', { out: 'x,y,z' }],
  [
    '${1 / 0}',
    J,
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 1',
    },
  ],
  ['${"abc" < "abd"}', J, 'json', 'json', { perr: true }],
  [
    '[<#list payload.tags as t>${t_index}:${t?index}:${t?counter}:${t?has_next?c}:${t?is_first?c}:${t?is_last?c}:${t?item_parity} </#list>]',
    J,
    'json',
    'json',
    { out: '[0:0:1:true:true:false:odd 1:1:2:true:false:false:even 2:2:3:false:false:true:odd ]' },
  ],
  ['<#list payload.empty as t>${t}<#else>nothing</#list>', J, 'json', 'json', { out: 'nothing' }],
  ['<#list payload.tags>[<#items as t>${t}<#sep>;</#items>]</#list>', J, 'json', 'json', { out: '[a;b;c]' }],
  ['<#list payload.obj as k, v>${k}=${v}<#sep>&</#list>', J, 'json', 'json', { out: 'x=1&y=two' }],
  [
    '<#list payload.obj?keys as k>${k}=${payload.obj[k]}<#sep>&</#sep></#list>',
    J,
    'json',
    'json',
    { out: 'x=1&y=two' },
  ],
  ['<#list 1..3 as i>${i}</#list>', J, 'json', 'json', { out: '123' }],
  ['<#list 1..<3 as i>${i}</#list>', J, 'json', 'json', { out: '12' }],
  ['<#list payload.nums as n>${n}<#if n?is_last>.</#if></#list>', J, 'json', 'json', { out: '12.53,000.' }],
  [
    '<#assign total = 0><#list payload.nums as n><#assign total = total + n></#list>${total}',
    J,
    'json',
    'json',
    { out: '3,003.5' },
  ],
  ['<#assign x = payload.age * 2, y = "z">${x}${y}', J, 'json', 'json', { out: '84z' }],
  ['<#assign s>captured ${payload.age}</#assign>${s}', J, 'json', 'json', { out: 'captured 42' }],
  ['<#global g = 5>${g}', J, 'json', 'json', { out: '5' }],
  [
    '<#switch payload.name><#case "Ann Lee">ann<#break><#default>other</#switch>',
    J,
    'json',
    'json',
    { out: 'ann' },
  ],
  ['<#attempt>${payload.missing}<#recover>recovered</#attempt>', J, 'json', 'json', { out: 'recovered' }],
  [
    '<#macro greet who>Hi ${who}</#macro><@greet who=payload.name/>',
    J,
    'json',
    'json',
    { out: 'Hi Ann Lee' },
  ],
  ['<#function dbl n><#return n * 2></#function>${dbl(payload.age)}', J, 'json', 'json', { out: '84' }],
  ['<#compress>  a   b  \n\n c </#compress>', J, 'json', 'json', { out: 'a b\nc' }],
  ['${"a"}<#t>\n  b<#lt>', J, 'json', 'json', { out: 'ab' }],
  ['<#noparse>${x}</#noparse>', J, 'json', 'json', { out: '${x}' }],
  ['<#setting number_format="0.##">${payload.price}', J, 'json', 'json', { out: '1234567.89' }],
  ['<#stop "halted">', J, 'json', 'json', { err: 'halted' }],
  ['<#list payload.tags as t><#if t == "b"><#break></#if>${t}</#list>', J, 'json', 'json', { out: 'a' }],
  ['<#list payload.tags as t><#if t == "b"><#continue></#if>${t}</#list>', J, 'json', 'json', { out: 'ac' }],
  ['#{payload.price}', J, 'json', 'json', { out: '1234567.891' }],
  ['${"${payload.age} years"}', J, 'json', 'json', { out: '42 years' }],
  ['${payload.obj?keys?seq_contains("x")?c}', J, 'json', 'json', { out: 'true' }],
  [
    '{\n  <#if payload.flag>\n  "a": 1,\n  </#if>\n  "b": 2\n}',
    J,
    'json',
    'json',
    { out: '{\n    "a": 1,\n  "b": 2\n}' },
  ],
  [
    '{\n<#list payload.tags as t>\n  "${t}": ${t_index}<#sep>,</#sep>\n</#list>\n}',
    J,
    'json',
    'json',
    { out: '{\n  "a": 0,\n  "b": 1,\n  "c": 2\n}' },
  ],
  ['{\n  <#assign x = 1>  \n  "x": ${x}\n}', J, 'json', 'json', { out: '{\n    "x": 1\n}' }],
  ['{\n  <#-- a comment -->\n  "x": 1\n}', J, 'json', 'json', { out: '{\n    "x": 1\n}' }],
  [
    '{"a":[\n  <#list payload.nums as n>\n    ${n?c}<#if n?has_next>,</#if>\n  </#list>\n]}',
    J,
    'json',
    'json',
    { out: '{"a":[\n      1,\n    2.5,\n    3000\n]}' },
  ],
  [
    '{"name": "${payload.q?json_string}", "raw": "${payload.q}"}',
    J,
    'json',
    'json',
    { out: '{"name": "say \\"hi\\" <b>&\'x\'<\\/b>\\n\\ttab", "raw": "say "hi" <b>&\'x\'</b>\n\ttab"}' },
  ],
  ['${payload}', '"just a string"', 'json', 'json', { out: '"just a string"' }],
  ['${payload}', '12.50', 'json', 'json', { out: '12.50' }],
  ['${payload.a?c}', '{"a": 1E-7}', 'json', 'json', { out: '0.0000001' }],
  ['${payload.a?c}', '{"a": 1.0E21}', 'json', 'json', { out: '1000000000000000000000' }],
  ['${payload.a?c}', '{"a": -0}', 'json', 'json', { out: '-0' }],
  ['${payload.a}', '{"a": 0.0005}', 'json', 'json', { out: '0.001' }],
  [
    '<#list payload?keys as k>${k}<#sep>,</#list>',
    '{"b":1,"a":2,"10":3,"2":4}',
    'json',
    'json',
    { out: 'b,a,10,2' },
  ],
  [
    '${payload.order.missing!"m"}',
    X,
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.order.missing!"m" At line: 1 column: 14',
    },
  ],
  ['${payload.order.@@text}', X, 'xml', 'xml', { out: 'Pen21.50Ink & Quill1012345.678a<b tailns' }],
  ['${payload.order.item[0].@@text}', X, 'xml', 'xml', { out: 'Pen21.50' }],
  [
    '${payload.order.item[0].@@markup}',
    X,
    'xml',
    'xml',
    { out: '<item sku="A1"><name>Pen</name><qty>2</qty><price>1.50</price></item>' },
  ],
  [
    '${payload.order.item[0].@@nested_markup}',
    X,
    'xml',
    'xml',
    { out: '<name>Pen</name><qty>2</qty><price>1.50</price>' },
  ],
  ['${payload.order.@@start_tag}', X, 'xml', 'xml', { out: '<order xmlns:a="urn:x" id="7">' }],
  ['${payload.order.item[0].@@qname}', X, 'xml', 'xml', { out: 'item' }],
  ['${payload.order.*?size}', X, 'xml', 'xml', { out: '5' }],
  [
    '${payload.order["x:extra"]}',
    X,
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.order["x:extra"] At line: 1 column: 14',
    },
  ],
  ['${payload.order.item[0]?parent?node_name}', X, 'xml', 'xml', { out: 'order' }],
  ['${payload.order.item[0].@sku[0]}', X, 'xml', 'xml', { out: 'A1' }],
  [
    '${payload.order.@nope!"none"}',
    X,
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.order.@nope!"none" At line: 1 column: 14',
    },
  ],
  ['${payload.order?root?node_name}', X, 'xml', 'xml', { out: '@document' }],
  ['${payload.order.@@attributes_markup}', X, 'xml', 'xml', { out: 'id="7"' }],
  ['${payload.order.item[0].@@local_name}', X, 'xml', 'xml', { out: 'item' }],
  [
    '${payload.order.@@namespace}',
    X,
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.order.@@namespace At line: 1 column: 14',
    },
  ],
  ['${payload.order.item[0].name?is_string?c}', X, 'xml', 'xml', { out: 'true' }],
  ['${payload.order.item[0].name?is_node?c}', X, 'xml', 'xml', { out: 'true' }],
  ['${payload.order.item[0].name?is_sequence?c}', X, 'xml', 'xml', { out: 'true' }],
  [
    '<r><#list payload.order.item as i><line n="${i?index}">${i.name}:${i.qty?number * i.price?number}</line></#list></r>',
    X,
    'xml',
    'xml',
    { out: '<r><line n="0">Pen:3</line><line n="1">Ink & Quill:123,456.78</line></r>' },
  ],
  [
    '<r>${payload.root.child}</r>',
    '<root xmlns="urn:d"><child>dv</child></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.root.child At line: 1 column: 17',
    },
  ],
  [
    '<r><#if payload.root.child??>has</#if><#if payload.root.none??>none</#if></r>',
    '<root><child>one</child></root>',
    'xml',
    'xml',
    { out: '<r>hasnone</r>' },
  ],
  [
    '<r>${payload.root}</r>',
    '<root><a>1</a><a>2</a></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 15',
    },
  ],
  ['${payload}', 'plain a<b & "c"', 'text', 'text', { out: 'plain a&lt;b &amp; &quot;c&quot;' }],
  // a JSON string body is its Gson JsonPrimitive.toString(): U+2028 escaped, U+007F and < & > as they are (s16 R3)
  [
    '[${payload}]',
    '"a\\u2028b\\u0001c\\u007f<&>\\u00e9"',
    'json',
    'text',
    { out: '["a\\u2028b\\u0001c\u007f<&>\u00e9"]' },
  ],
  // escapeXml11 (commons-text 1.10, checked with the jar): XML 1.1's restricted controls as references, U+0000,
  // U+FFFF and an unpaired surrogate dropped (s16 R3)
  [
    '${payload}',
    'a\u0001b\u000bc\u001fd\u0085\u0086e\u0000f\uffff\ud800g',
    'text',
    'text',
    { out: 'a&#1;b&#11;c&#31;d\u0085&#134;efg' },
  ],
  ['<r>${payload}</r>', "x'y", 'text', 'xml', { out: '<r>x&apos;y</r>' }],
  [
    '\n<#list payload.mixed as x>\n\n${x?c}<#sep>,</#sep></#list>\n  <#list payload.o as k, v>${k}=${v?is_string?c}<#sep>;</#list>',
    '{"n": 66647165974775963840, "m": 21602.0, "i": -76, "s": "\\\\back", "t": "Hello", "b": true, "z": null, "nums": [], "strs": [], "o": {"k": 10328.8034, "v": "  pad  ", "n": -175.4606}, "mixed": []}',
    'json',
    'json',
    { out: 'k=false;v=true;n=false' },
  ],
  [
    '${(0.5.deeper)!"dflt"}',
    '{"n": -3, "m": 94597.78, "i": -69, "s": "123", "t": "false", "b": false, "z": null, "nums": [], "strs": ["", "a", "a/b</c>"], "o": {"k": [[null, 53853240991655531254], {"list": false}, "say \\"hi\\"", []], "v": {"10": 0.43, "s": "\\u00dcn\\u00efc\\u00f6d\\u00e9"}, "n": 91432126058856216237}, "mixed": [38424.0]}',
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : 0.5 At line: 1 column: 4',
    },
  ],
  [
    '${payload.t!"x" + payload.s}',
    '{"n": 0.7682, "m": 36773.4, "i": 7, "s": "  pad  ", "t": "hello world", "b": true, "z": null, "nums": [91569009113069553302, 64981803733, 6526.8, 4], "strs": ["\\u00c4\\u00d6\\u00fc \\u00df", "null", "12.50"], "o": {"k": {}, "v": false, "n": 0.8}, "mixed": [[{"list": 69987.27, "b": 0.2, "2": 136.7}, 93183183770731630603, 123456789.123456]]}',
    'json',
    'json',
    { out: 'hello world' },
  ],
  [
    '${payload.n?string.computer}',
    '{"n": 73479.15, "m": 0.3, "i": -2, "s": "123", "t": "tab\\there", "b": true, "z": null, "nums": [10646579124292647341, -680.7195, 25855.83, 0.44], "strs": ["\\\\back", "true", ""], "o": {"k": 0.0025, "v": "a", "n": 1.0005}, "mixed": ["", null]}',
    'json',
    'json',
    { out: '73479.15' },
  ],
  [
    '\n<#list payload.o as k, v>${k}=${v?is_string?c}<#sep>;</#list>text0\r\ntext2',
    '{"n": 0.00049, "m": 0.43, "i": 51, "s": "x,y,,z", "t": "Hello", "b": true, "z": null, "nums": [56931.71, 5.3], "strs": ["tab\\there", "tab\\there", "false"], "o": {"k": {"c": null}, "v": 42972886959211969458, "n": 0.00081}, "mixed": ["<tag>&amp;", "tab\\there", 3]}',
    'json',
    'json',
    { out: 'k=false;v=false;n=falsetext0\r\ntext2' },
  ],
  [
    '\r\n<#list payload.o as k, v>${k}=${v?is_string?c}<#sep>;</#list>',
    '{"n": 67634.461, "m": 918, "i": 35, "s": "\\\\back", "t": "say \\"hi\\"", "b": false, "z": null, "nums": [6356436447, 78995.5, 40860.1], "strs": ["a/b</c>", "say \\"hi\\"", "false"], "o": {"k": 60111.0426, "v": 89664634443210607366, "n": 43856853445671486229}, "mixed": [0, 53732295155443325050]}',
    'json',
    'json',
    { out: 'k=false;v=false;n=false' },
  ],
  [
    '${(payload.n)???then("y","n")}',
    '{"n": 71779.18, "m": 4, "i": 99, "s": "<tag>&amp;", "t": "<tag>&amp;", "b": true, "z": null, "nums": [], "strs": ["true", "a"], "o": {"k": 31989.0, "v": {"10": -1}, "n": -3}, "mixed": []}',
    'json',
    'json',
    { out: 'y' },
  ],
  [
    '\n  ${v0!"unset"} \n<#list payload.o as k, v>${k}=${v?is_string?c}<#sep>;</#list>\r\n<#list payload.nums as x>\t${x?is_string?c}<#sep>, \n</#list>',
    '{"n": 94347.0, "m": 4, "i": -38, "s": "a", "t": "line1\\nline2", "b": true, "z": null, "nums": [-616.857109], "strs": ["a", "true", "\\u00dcn\\u00efc\\u00f6d\\u00e9", "\\u00dcn\\u00efc\\u00f6d\\u00e9"], "o": {"k": "", "v": null, "n": 78013.0}, "mixed": ["\\u00c4\\u00d6\\u00fc \\u00df"]}',
    'json',
    'json',
    { err: 'Error parsing FreeMarker template, Syntax error or invalid reference : v At line: 3 column: 33' },
  ],
  [
    '${"lit"?index_of("l")}',
    '{"n": 0.1, "m": 27765.4, "i": 91, "s": "a", "t": "it\'s", "b": false, "z": null, "nums": [73392.0, 45188.89, 66740.0, 0.2, -466.154053], "strs": ["a/b</c>", "A-b_c", "Hello"], "o": {"k": 0.2, "v": "A-b_c", "n": 9.2e-05}, "mixed": [{"s": ["say \\"hi\\"", "null", "false"]}, ["x,y,,z"]]}',
    'json',
    'json',
    { out: '0' },
  ],
  [
    '${(payload.nums?first.deeper)!"dflt"}',
    '{"n": -1, "m": 1.0005, "i": 81, "s": "123", "t": "\\\\back", "b": false, "z": null, "nums": [1.5e-05, 14462.0, 24859.846], "strs": [], "o": {"k": ["Hello"], "v": null, "n": 1000000000000000.0}, "mixed": []}',
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.nums?first At line: 1 column: 4',
    },
  ],
  [
    '\n  <#-- c -->  \ttext1  ${v0!"unset"}\r\n"${(payload.s?trim)???then("y","n")}"',
    '{"n": 1.0, "m": 26673.3417, "i": 33, "s": "false", "t": "A-b_c", "b": true, "z": null, "nums": [], "strs": ["1,234"], "o": {"k": 5, "v": null, "n": 0.5}, "mixed": [{}]}',
    'json',
    'json',
    { out: 'text1  unset\r\n"y"' },
  ],
  [
    '${(3 % payload.n)?string("0.0;(0.0)")}',
    '{"n": -717.531, "m": 5942101, "i": 76, "s": "line1\\nline2", "t": "tab\\there", "b": true, "z": null, "nums": [], "strs": ["a", "1,234", "x,y,,z"], "o": {"k": {"c": {"x1": 49239.0}, "10": [], "x1": 5}, "v": null, "n": 61743.0}, "mixed": []}',
    'json',
    'json',
    { out: '3.0' },
  ],
  [
    '  "${(payload.strs)???then("y","n")}" \n"${payload.strs!0}"',
    '{"n": 98384, "m": 9158806, "i": 43, "s": "hello world", "t": "a", "b": true, "z": null, "nums": [46634.3781, 74815.5, 97131.597], "strs": ["say \\"hi\\"", "<tag>&amp;", "a"], "o": {"k": 0.00098, "v": null, "n": 29025.95}, "mixed": ["\\u00c4\\u00d6\\u00fc \\u00df", "false", null]}',
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.strs!0 At line: 2 column: 4',
    },
  ],
  [
    '\n\n"${(payload.o.n >= 0.5)?c}"\n\n${v1!"unset"}\t"${100!0}""${payload.o?values?max}"',
    '{"n": 0.125, "m": 0.53, "i": -97, "s": "1,234", "t": "a", "b": true, "z": null, "nums": [0.5646, 0.37, 0], "strs": ["\\u00dcn\\u00efc\\u00f6d\\u00e9", "123", "it\'s"], "o": {"k": 3, "v": {"10": 0.8265, "n": []}, "n": 0.0025}, "mixed": [[null, 216.5329, ["line1\\nline2", "12.50"]], []]}',
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.o?values?max At line: 5 column: 30',
    },
  ],
  [
    '<#list payload.o as k, v>${k}=${v?is_string?c}<#sep>;</#list>',
    '{"n": 0.67, "m": 32743.03, "i": 64, "s": "it\'s", "t": "123", "b": true, "z": null, "nums": [89195.67], "strs": ["", "hello world"], "o": {"k": [null, [1e+16, -869.838581, "12.50"], 0.913, false], "v": 2781.5, "n": 19634.0}, "mixed": [null, 72686.0]}',
    'json',
    'json',
    { out: 'k=false;v=false;n=false' },
  ],
  [
    '${(3.deeper)!"dflt"}',
    '{"n": 269.469, "m": 0.3, "i": -92, "s": "null", "t": "1,234", "b": true, "z": null, "nums": [72949105512004350836, 3, 2, 27306526994498105282, 8420140096758660753], "strs": ["A-b_c"], "o": {"k": 0.164, "v": "x,y,,z", "n": 81293.96}, "mixed": ["false"]}',
    'json',
    'json',
    { err: 'Error parsing FreeMarker template, Syntax error or invalid reference : 3 At line: 1 column: 4' },
  ],
  [
    '${payload.s?substring(0,1)}',
    '{"n": 81.427, "m": -4, "i": -100, "s": "it\'s", "t": "1,234", "b": false, "z": null, "nums": [86268.937, 795.865], "strs": ["tab\\there", "tab\\there"], "o": {"k": {"s": "123", "a": 51703.9701, "b": {"n": "12.50"}, "10": "say \\"hi\\""}, "v": 52888.0, "n": 0.2}, "mixed": ["false", "a/b</c>"]}',
    'json',
    'json',
    { out: 'i' },
  ],
  [
    ' \n<#list payload.o as k, v>${k}=${v?is_string?c}<#sep>;</#list><#-- c -->\r\n\n\n"${(3 * payload.m * payload.nums?size)?ceiling}"',
    '{"n": 54638.2618, "m": -5, "i": -65, "s": "null", "t": "<tag>&amp;", "b": false, "z": null, "nums": [], "strs": ["false", "tab\\there", ""], "o": {"k": {}, "v": false, "n": 107035393}, "mixed": ["it\'s", 8647]}',
    'json',
    'json',
    { out: 'k=false;v=false;n=false\r\n\n\n"0"' },
  ],
  [
    '${(payload.strs)???then("y","n")}',
    '{"n": 0.0042, "m": 0.5077, "i": -69, "s": "Hello", "t": "<tag>&amp;", "b": false, "z": null, "nums": [47875.0, -325.1, 0.1, 1.0, 4.8e-07], "strs": [], "o": {"k": 6421.7, "v": 0.325, "n": 63365.0}, "mixed": []}',
    'json',
    'json',
    { out: 'y' },
  ],
  [
    '${payload.b?then(1,2)}',
    '{"n": 0.0005, "m": 390126621, "i": -27, "s": "", "t": "false", "b": true, "z": null, "nums": [0.039, 4e-06, 0.0305, 6.8e-06, -253.044], "strs": [], "o": {"k": 69573.0, "v": [{"s": "12.50"}, {}, 20931624517399374773], "n": 0.72}, "mixed": []}',
    'json',
    'json',
    { out: '1' },
  ],
  [
    '${1.25!"x" + payload.s}',
    '{"n": 6615, "m": 429.426, "i": 58, "s": "true", "t": "  pad  ", "b": false, "z": null, "nums": [], "strs": ["tab\\there", "line1\\nline2", "\\u00c4\\u00d6\\u00fc \\u00df", ""], "o": {"k": {"list": {}}, "v": "line1\\nline2", "n": 20592667261435489724}, "mixed": [0.0006]}',
    'json',
    'json',
    { out: '1.25' },
  ],
  [
    ' \n"${payload.t!"x" + payload.s}"\r\ntext4',
    '{"n": 58149.9, "m": 0.2, "i": -34, "s": "false", "t": "A-b_c", "b": false, "z": null, "nums": [25166.2], "strs": ["\\\\back", "12.50", "a", "1,234"], "o": {"k": "  pad  ", "v": true, "n": 398.6575}, "mixed": ["false", "1,234", 0.0046]}',
    'json',
    'json',
    { out: '"A-b_c"\r\ntext4' },
  ],
  [
    '${0.5 * -payload.o.n?int}',
    '{"n": 0.081, "m": -1, "i": 86, "s": "1,234", "t": "<tag>&amp;", "b": false, "z": null, "nums": [86235506115979357106, 0.55, 883.05, 0.2, -41.5617], "strs": ["Hello", "line1\\nline2"], "o": {"k": 47772.6757, "v": false, "n": 16672697659664820876}, "mixed": ["x,y,,z", "a", 82540875790389532008]}',
    'json',
    'json',
    { out: '-1,073,741,823.5' },
  ],
  [
    '"${(0.5 - payload.nums?size)?string.percent}"\r\ntext1\n\n"${payload.strs[0] + 1.25}"',
    '{"n": 5221060458423882762, "m": 0.7764, "i": 10, "s": "12.50", "t": "  pad  ", "b": true, "z": null, "nums": [74684.037, 35.8], "strs": ["true"], "o": {"k": {}, "v": "x,y,,z", "n": 5}, "mixed": [false, null, 33057.2]}',
    'json',
    'json',
    { out: '"-150%"\r\ntext1\n\n"true1.25"' },
  ],
  [
    ' \n<#list payload.o as k, v>${k}=${v?is_string?c}<#sep>;</#list>\t<#assign v0 = payload.nums[0]>',
    '{"n": 0.5, "m": 2, "i": 8, "s": "true", "t": "false", "b": true, "z": null, "nums": [90917.38, 42381.7467, 37396.34], "strs": ["a/b</c>"], "o": {"k": ["<tag>&amp;", 86861.9657], "v": null, "n": 95107383235412722804}, "mixed": []}',
    'json',
    'json',
    { err: 'Error parsing FreeMarker template, Syntax error or invalid reference : v At line: 2 column: 33' },
  ],
  [
    '<#ftl ns_prefixes={"D":"urn:d","p":"urn:p"}>\n<r>${payload.root.qty.@@markup}</r>',
    '<root><b xmlns:p="urn:p"><b id="49">t&lt;u</b><qty>ünï</qty><a>\n  <price>1234.5<!-- c -->42</price>\n  <a id="52">42</a>\n  <a>1.50</a>\n  <qty>a &amp; b</qty></a></b><b>\n  <note>12</note><item><name>ünï</name><a id="99">a &amp; b</a><name id="72">a &amp; b</name></item><note>\n  <item k="v">x</item></note><b></b></b><qty id="37">t&lt;u</qty><note></note></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<r><#list payload.root.item[0] as x>[${x?node_type}:${x?node_name}:${(x?node_type == "element")?then(x.@@text, x)}]<#sep>,</#list></r>',
    '<root><qty xmlns:p="urn:p">a &amp; b</qty></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.root.item[0] At line: 1 column: 22',
    },
  ],
  [
    '<r>${payload.root.note.@@nested_markup}</r>',
    '<root><name><![CDATA[a&b]]>  sp  </name><qty xmlns:p="urn:p"></qty></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<r>${payload.root.item[0].@id!"dflt"}</r>',
    '<root xmlns="urn:d"><a id="28">1.50</a><item>t&lt;u</item></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.root.item[0] At line: 1 column: 17',
    },
  ],
  [
    '<r>${payload.root.a.@id?join(",")}</r>',
    '<root><item xmlns:p="urn:p"><note id="2"><note id="12">Pen</note>\n  <item>1234.5</item>\n  <a>1.50</a></note></item><note>true</note><name k="1.5" xmlns:p="urn:p"><qty id="42">\n  <note>12</note><a>  sp  </a><qty>a &amp; b</qty>\n  <item k="1.5">1.50</item></qty></name><a>\n  <price>42</price><item>ünï<!-- c --></item><price id="71">a &amp; b</price><p:x xmlns:p="urn:p">px</p:x></a></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<r>${payload.root.a.@@text.@@nested_markup}</r>',
    '<root><item id="58" xmlns:p="urn:p"><name>\n  <b id="51">ünï</b>\n  <qty id="56" k="1.5">42</qty></name><name><qty>t&lt;u</qty><qty><![CDATA[plain]]>t&lt;u</qty><name id="6">ünï</name></name><a k="w&amp;x">\n  <item>12</item></a><p:x xmlns:p="urn:p">px</p:x></item><note id="75">Pen</note></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.root.a.@@text At line: 1 column: 17',
    },
  ],
  [
    '<r>${payload.root.item!"dflt"}</r>',
    '<root><price k="v"><qty>ünï</qty><p:x xmlns:p="urn:p">px</p:x></price></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.root.item!"dflt" At line: 1 column: 17',
    },
  ],
  [
    '<r><#list payload.root.item as x>[${x?node_type}:${x?node_name}:${(x?node_type == "element")?then(x.@@text, x)}]<#sep>,</#list></r>',
    '<root><price k="w&amp;x">\n  <price><![CDATA[<raw>]]>t&lt;u<!-- c -->Pen</price><a><p:x xmlns:p="urn:p">px</p:x></a></price><item>\n  <b><price><!-- c -->t&lt;u</price></b>\n  <a id="44">\n  <qty>a &amp; b</qty>\n  <qty id="84" k="1.5">a &amp; b</qty></a>\n  <b>ünï<!-- c -->t&lt;u</b><b id="49" k="v"></b><p:x xmlns:p="urn:p">px</p:x></item><qty></qty></root>',
    'xml',
    'xml',
    { out: '<r>[element:item:\n  t<u\n  \n  a & b\n  a & b\n  ünït<upx]</r>' },
  ],
  [
    '<r><#list payload.root.a.b as x>[${x?node_type}:${x?node_name}:${(x?node_type == "element")?then(x.@@text, x)}]<#sep>,</#list></r>',
    '<root><note id="8" k="v" xmlns:p="urn:p"><item><![CDATA[<raw>]]>a &amp; b</item></note></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<r>${payload.root.**?node_type}</r>',
    '<root xmlns="urn:d"><price id="76">ünï</price><price><p:x xmlns:p="urn:p">px</p:x></price></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.root.** At line: 1 column: 17',
    },
  ],
  [
    '<r><#if (payload.root.item.name)??>has<#else>none</#if><#if payload.root.a.b?has_content>c</#if></r>',
    '<root><a><a>  sp  </a></a><name>  sp  </name></root>',
    'xml',
    'xml',
    { out: '<r>has</r>' },
  ],
  [
    '<r>${payload.root.item.name?join(",")}</r>',
    '<root><item id="35">42</item><price><a><![CDATA[<raw>]]>true</a><name>\n  <price id="88" k="1.5"></price><note>1234.5</note></name><item></item><p:x xmlns:p="urn:p">px</p:x></price></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<r>${payload.root.@@text.@@qname}</r>',
    '<root><a>\n  <price><qty id="15"><![CDATA[plain]]>Pen</qty><p:x xmlns:p="urn:p">px</p:x></price><note id="73">42</note><note k="v">true</note><a k="w&amp;x">a &amp; b</a><p:x xmlns:p="urn:p">px</p:x></a><price>ünï</price><b id="54"><![CDATA[<raw>]]>x</b></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.root.@@text At line: 1 column: 17',
    },
  ],
  [
    '<r><#list payload.root.qty as x>[${x?node_type}:${x?node_name}:${(x?node_type == "element")?then(x.@@text, x)}]<#sep>,</#list></r>',
    '<root><name id="20" xmlns:p="urn:p"></name><item xmlns:p="urn:p">\n  <item k="v"><item id="37">t&lt;u</item></item>\n  <qty id="35"><![CDATA[a&b]]>x<!-- c -->1234.5</qty>\n  <note>a &amp; b</note></item><name k="w&amp;x"><name>a &amp; b</name><p:x xmlns:p="urn:p">px</p:x></name></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<r>${payload.root.a.@id.@@text}</r>',
    '<root><b id="94"></b><note></note><note id="78"></note></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<r>${(payload.root.**??)?c}</r>',
    '<root><b><name><price>1234.5</price>\n  <b>1.50</b></name>\n  <name k="w&amp;x">1234.5</name><b id="41" k="w&amp;x">\n  <b id="84"><![CDATA[a&b]]>ünï</b><b id="72"></b><b id="16">x</b></b><b id="58">\n  <qty id="14">42</qty></b></b><name>a &amp; b<!-- c -->12</name><item></item></root>',
    'xml',
    'xml',
    { out: '<r>true</r>' },
  ],
  [
    '<r>${payload.root.*?map(x -> x?node_name)?join(",")}</r>',
    '<root><qty id="44" xmlns:p="urn:p"><p:x xmlns:p="urn:p">px</p:x></qty><qty>1.50</qty></root>',
    'xml',
    'xml',
    { out: '<r>qty,qty</r>' },
  ],
  [
    '<r><#if (payload.root.item)??>has<#else>none</#if><#if payload.root.@@text?has_content>c</#if></r>',
    '<root><price id="3" xmlns:p="urn:p"></price></root>',
    'xml',
    'xml',
    { out: '<r>has</r>' },
  ],
  [
    '<r>${payload.root.item.name?join(",")}</r>',
    '<root><a></a><name>\n  <qty>\n  <item><![CDATA[plain]]>12<!-- c -->true</item></qty></name><price id="96" xmlns:p="urn:p">\n  <qty></qty></price><item id="52">Pen</item></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<r><#if (payload.root.qty)??>has<#else>none</#if><#if payload.root.a[1]?has_content>c</#if></r>',
    '<root xmlns="urn:d"><a>\n  <item></item></a><price>42</price><b>\n  <note>true<!-- c -->1.50</note><a><a k="v">a &amp; b</a>\n  <item>42</item></a></b></root>',
    'xml',
    'xml',
    { out: '<r>has</r>' },
  ],
  [
    '<r><#if (payload.root.a.@@text)??>has<#else>none</#if><#if payload.root?has_content>c</#if></r>',
    '<root><name id="77" xmlns:p="urn:p"><b id="25">a &amp; b</b>\n  <item></item><qty>1.50</qty></name><price></price></root>',
    'xml',
    'xml',
    { out: '<r>hasc</r>' },
  ],
  [
    '<r><#if (payload.root.a)??>has<#else>none</#if><#if payload.root.a?has_content>c</#if></r>',
    '<root><note id="61" xmlns:p="urn:p">t&lt;u</note><item>t&lt;u</item></root>',
    'xml',
    'xml',
    { out: '<r>has</r>' },
  ],
  [
    '<r>${payload.root.note.@@text}</r>',
    '<root><name k="w&amp;x">ünï</name><item k="1.5">\n  <item id="19"><name>12</name><qty id="58">1234.5</qty></item>\n  <name><name id="11">x</name><qty id="30" k="w&amp;x">  sp  </qty></name></item><item xmlns:p="urn:p"></item><b id="84">1.50</b></root>',
    'xml',
    'xml',
    { out: '<r></r>' },
  ],
  [
    '<#ftl ns_prefixes={"D":"urn:d","p":"urn:p"}>\n<r>${payload["D:root"].a?size}</r>',
    '<root><qty id="72"><![CDATA[<raw>]]>x<!-- c -->t&lt;u</qty><b>ünï</b><note id="85" k="v"><item>a &amp; b</item>\n  <b><a id="64" k="w&amp;x">a &amp; b</a>\n  <a><![CDATA[<raw>]]>Pen</a></b><p:x xmlns:p="urn:p">px</p:x></note><qty id="78"><![CDATA[<raw>]]>1234.5</qty></root>',
    'xml',
    'xml',
    { out: '<r>0</r>' },
  ],
  [
    '<r>${payload.root.item.@@qname}</r>',
    '<root><qty id="58" k="1.5"><a id="98">\n  <note>a &amp; b</note>\n  <qty>  sp  </qty>\n  <name>a &amp; b</name></a>\n  <qty>\n  <price id="77" k="w&amp;x">t&lt;u</price></qty><price k="1.5">\n  <note><![CDATA[<raw>]]>true</note>\n  <price k="w&amp;x">1234.5</price></price></qty><note id="48">ünï</note></root>',
    'xml',
    'xml',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 15',
    },
  ],
  // dates (en_US, JDK 20+ styles; the host time zone as the JVM default), directives, documentation-like uses
  [
    '${payload.on?date("yyyy-MM-dd")}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: 'Nov 7, 2023' },
  ],
  [
    '${payload.at?time("HH:mm:ss")}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: '8:15:30\u202fAM' },
  ],
  [
    '${payload.ts?datetime("yyyy-MM-dd HH:mm:ss")}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: 'Nov 7, 2023, 8:15:30\u202fPM' },
  ],
  [
    '${payload.ts?datetime("yyyy-MM-dd HH:mm:ss")?string("dd.MM.yyyy HH:mm")}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: '07.11.2023 20:15' },
  ],
  [
    '${payload.on?date("yyyy-MM-dd")?string.short}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: '11/7/23' },
  ],
  [
    '${payload.on?date("yyyy-MM-dd")?string.long}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: 'November 7, 2023' },
  ],
  [
    '${payload.on?date("yyyy-MM-dd")?string.full}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: 'Tuesday, November 7, 2023' },
  ],
  [
    '${payload.ts?datetime("yyyy-MM-dd HH:mm:ss")?string.short}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: '11/7/23, 8:15\u202fPM' },
  ],
  [
    '${payload.ts?datetime("yyyy-MM-dd HH:mm:ss")?long?c}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: '1699388130000' },
  ],
  [
    '${payload.ms?number_to_date?string("yyyyMMdd")}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: '20231107' },
  ],
  [
    '${payload.ts?datetime("yyyy-MM-dd HH:mm:ss")?iso_utc}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: '2023-11-07T20:15:30Z' },
  ],
  [
    '${payload.on?date("yyyy-MM-dd")?string.iso}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: '2023-11-07' },
  ],
  [
    '${payload.on?date("dd/MM/yyyy")}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 1',
    },
  ],
  [
    '${(payload.on?date("yyyy-MM-dd") < payload.ts?datetime("yyyy-MM-dd HH:mm:ss"))?c}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    {
      err: 'Error parsing FreeMarker template, Syntax error or invalid reference : payload.on?date("yyyy-MM-dd") < payload.ts?datetime("yyyy-MM-dd HH:mm:ss") At line: 1 column: 4',
    },
  ],
  [
    '${.now?is_date?c}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: 'true' },
  ],
  [
    '${"at " + payload.on?date("yyyy-MM-dd")}',
    '{"on": "2023-11-07", "at": "08:15:30", "ts": "2023-11-07 20:15:30", "ms": 1699388130000}',
    'json',
    'json',
    { out: 'at Nov 7, 2023' },
  ],
  ['<#compress>\r\n  a  \r\n\n  b \t c\n\n</#compress>', '{}', 'json', 'json', { out: 'a\r\nb c' }],
  [
    '<#macro tag v>[${v}]</#macro><@tag v=1/><#macro tag v>(${v})</#macro><@tag v=2/>',
    '{}',
    'json',
    'json',
    { out: '[1](2)' },
  ],
  [
    '<#function half n><#return n / 2></#function>${half(payload.n)}|${half(3)?c}',
    '{"n":7}',
    'json',
    'json',
    { out: '3.5|1.5' },
  ],
  [
    '<#macro row cells><tr><#list cells as c><td>${c}</td></#list></tr><#nested></#macro><@row cells=payload.r>!</@row>',
    '{"r":["x",2,0.5]}',
    'json',
    'json',
    { out: '<tr><td>x</td><td>2</td><td>0.5</td></tr>!' },
  ],
  [
    '<#switch payload.k><#case "a"><#case "b">ab<#break><#case "c">c<#default>d</#switch>',
    '{"k":"b"}',
    'json',
    'json',
    { out: 'ab' },
  ],
  [
    '<#switch payload.k><#case "a">a<#break><#case "c">c<#default>d</#switch>',
    '{"k":"c"}',
    'json',
    'json',
    { out: 'cd' },
  ],
  [
    '<#attempt>${payload.no.such}<#recover>fallback</#attempt>|${payload.no!"-"}',
    '{}',
    'json',
    'json',
    { out: 'fallback|-' },
  ],
  [
    'Name,Qty\n<#list payload.shelf.book as b>\n${b.title},${b.qty}\n</#list>',
    '<shelf><book><title>Moby</title><qty>3</qty></book><book><title>Dune</title><qty>12</qty></book></shelf>',
    'xml',
    'text',
    { out: 'Name,Qty\nMoby,3\nDune,12' },
  ],
  [
    '<#list payload.shelf.book[0]?children?filter(n -> n?node_type == "element") as c>${c?node_name}<#sep>;</#list>',
    '<shelf><book><title>Moby</title><!-- x --><qty>3</qty></book></shelf>',
    'xml',
    'text',
    { out: 'title;qty' },
  ],
  [
    '<#assign sep = "|">\n<#list payload.rows as r>\n  <#assign line = "L${sep}${r.a}${sep}${r.b!\'\'}">\n${line}\n</#list>',
    '{"rows":[{"a":1,"b":"x"},{"a":2}]}',
    'json',
    'text',
    { out: 'L|1|x\nL|2|' },
  ],
  [
    '<inv><#list payload as p>\n  <p n="${p?counter}">${p.sku}</p>\n</#list></inv>',
    '[{"sku":"K-1"},{"sku":"K-2"}]',
    'json',
    'xml',
    { out: '<inv>\n  <p n="1">K-1</p>\n\n  <p n="2">K-2</p>\n</inv>' },
  ],
  [
    '${payload.s?keep_after("-")?upper_case}|${payload.s?split("-")?last}|${payload.s?left_pad(9, "0")}',
    '{"s":"ab-cd"}',
    'json',
    'json',
    { out: 'CD|cd|0000ab-cd' },
  ],
  [
    '${payload.x?string("0.00")}|${payload.x?string("#,##0.##")}|${(payload.x * 100)?round}|${payload.x?c}',
    '{"x":1234.5678}',
    'json',
    'json',
    { out: '1234.57|1,234.57|123,457|1234.5678' },
  ],
  ['${payload}', '"quoted"', 'json', 'json', { out: '"quoted"' }],
  ['${payload}', '10.50', 'json', 'json', { out: '10.50' }],
  [
    '<a>${payload.r.@@markup}</a>',
    '<r xmlns:q="urn:q" k="1"><q:c>t</q:c><d/></r>',
    'xml',
    'xml',
    { out: '<a><r xmlns:a="urn:q" k="1"><a:c>t</a:c><d /></r></a>' },
  ],
  [
    '<a>${payload.r.*?size}|${payload.r.d?size}|${(payload.r.e)???c}|${payload.r.e?has_content?c}</a>',
    '<r><c>t</c><d/></r>',
    'xml',
    'xml',
    { out: '<a>2|1|true|false</a>' },
  ],
  // <#rt>/<#t> (TextBlock.deliberateRightTrim: the rest of a line kept when an interpolation follows; one trim per line)
  [
    '<root><#rt>    [${x_index!0}]  \n\t<#global g = "G">${g}\t</root>',
    '{"a":2}',
    'json',
    'xml',
    { out: '<root>    [0]\tG\t</root>' },
  ],
  [
    '<root> \n<#-- note -->\r\n \n<#t>\t\t<#rt>\n\n \nplain  </root>',
    '{"a":2}',
    'json',
    'xml',
    { out: '<root> \n \n\t\t\n \nplain  </root>' },
  ],
  [
    'txt \n\t<#rt>\t\n  <#setting number_format="0.00">\n${payload.a}',
    '{"a":2}',
    'json',
    'json',
    { out: 'txt \n\t2.00' },
  ],
  // templates FreeMarker refuses to compile (MI does not deploy them; the runtime loads them with a warning)
  ['<#sep>x', '{}', 'json', 'json', { perr: true }],
  ['a<#nested>', '{}', 'json', 'json', { perr: true }],
  ['<#return>', '{}', 'json', 'json', { perr: true }],
  ['<#attempt>x</#attempt>', '{}', 'json', 'json', { perr: true }],
  ['<#list payload.l>1</#list>', '{}', 'json', 'json', { perr: true }],
  ['<#switch payload.a>text<#case 1>one</#switch>', '{}', 'json', 'json', { perr: true }],
  ['-<#-->', '{}', 'json', 'json', { perr: true }],
  ['<#assign >', '{}', 'json', 'json', { perr: true }],
  ['<#macro m>x</#function>', '{}', 'json', 'json', { perr: true }],
  ['${"a" < "b"}', '{}', 'json', 'json', { perr: true }],
];

/** What payloadFactory renders: the template compiled as FreeMarkerTemplateProcessor does, MI's data model. */
function render(
  tpl: string,
  payload: string,
  ptype: string,
  media: string,
  x: Expect,
): { out?: string; err?: string } {
  const source =
    media === 'xml' && tpl !== '' && !tpl.startsWith('<#ftl') ? `<pfPadding>${tpl}</pfPadding>` : tpl;
  const t = compileFreeMarker(source);
  const p =
    ptype === 'json'
      ? freeMarkerPayload('json', parseJsonText(payload), payload)
      : ptype === 'xml'
        ? freeMarkerPayload('xml', parseXmlElement(payload))
        : ptype === 'text'
          ? freeMarkerPayload('text', payload)
          : '';
  const args: Record<string, string> = {};
  (x.args ?? []).forEach((a, i) => (args[`arg${i + 1}`] = a));
  try {
    let out = t
      .render({
        payload: p,
        args,
        ctx: x.ctx ?? {},
        axis2: x.axis2 ?? {},
        trp: x.trp ?? {},
        vars: x.vars ?? {},
      })
      .trim();
    if (media === 'xml' && out.startsWith('<pfPadding>') && out.endsWith('</pfPadding>'))
      out = out.slice('<pfPadding>'.length, -'</pfPadding>'.length).trim();
    return { out };
  } catch (e) {
    if (e instanceof FreeMarkerError) return { err: e.miMessage.split('\n')[0] };
    throw e;
  }
}

describe('oracle S16 J4: payloadFactory FreeMarker templates answer as FreeMarker does (Synapse FreeMarkerTemplateProcessor)', () => {
  it(`${CASES.length} templates: numbers, booleans, missing values, built-ins, directives, white-space, XML nodes`, () => {
    const wrong: string[] = [];
    // the date cases were answered in UTC, the JVM's default time zone there; here the engine reads the process's
    // zone (as MI reads the JVM's), which Node takes from TZ when it is set at run time
    const tz = process.env.TZ;
    process.env.TZ = 'UTC';
    try {
      check(wrong);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    assert.equal(wrong.length, 0, wrong.join('\n'));
  });
});

// [the JVM's default zone, template, JSON payload, FreeMarker's answer] (the oracle run with -Duser.timezone)
const ZONED: [string, string, string, string][] = [
  [
    'UTC',
    '${payload.ms?number_to_datetime?string.iso}|${payload.ms2?number_to_datetime?string.iso}|${payload.ms?number_to_datetime?iso_utc}',
    '{"ms": 1700000000500, "ms2": 1700000000120}',
    '2023-11-14T22:13:20.5Z|2023-11-14T22:13:20.12Z|2023-11-14T22:13:20Z',
  ],
  [
    'Asia/Kolkata',
    '${payload.ms?number_to_datetime?iso_utc}|${payload.ms?number_to_datetime?string.iso}|${payload.ms?number_to_datetime?iso_local}',
    '{"ms": 1700000000500}',
    '2023-11-14T22:13:20Z|2023-11-15T03:43:20.5+05:30|2023-11-15T03:43:20+05:30',
  ],
  [
    'Asia/Kolkata',
    '${payload.d?date("yyyy-MM-dd")?iso_utc}|${payload.d?date("yyyy-MM-dd")?string.iso}|${payload.ts?datetime("yyyy-MM-dd HH:mm:ss")?iso_utc}',
    '{"d": "2024-07-01", "ts": "2024-07-01 02:30:00"}',
    '2024-06-30|2024-07-01|2024-06-30T21:00:00Z',
  ],
  [
    'Asia/Kolkata',
    '${payload.t?time("HH:mm:ss")?iso_utc}|${payload.t?time("HH:mm:ss")?string.iso}|${payload.ms?number_to_time?string.iso}',
    '{"t": "13:02:03", "ms": 1700000000500}',
    '07:32:03Z|13:02:03+05:30|03:43:20.5+05:30',
  ],
  [
    'America/New_York',
    '${payload.ms?number_to_datetime?string("yyyy-MM-dd HH:mm Z")}|${payload.ts?datetime("yyyy-MM-dd HH:mm:ss")?iso_utc}|${payload.ts?datetime("yyyy-MM-dd HH:mm:ss")?long?c}',
    '{"ms": 1700000000000, "ts": "2024-07-01 23:30:00"}',
    '2023-11-14 17:13 -0500|2024-07-02T03:30:00Z|1719891000000',
  ],
];

describe("oracle S16 J4: FreeMarker dates in the default time zone (the JVM's in MI, the process's here)", () => {
  it('?iso_utc is UTC, ?iso_local and ?string.iso the zone with its offset; ?string.iso keeps milliseconds (.5), ?iso_* drop them (DateUtil.dateToISO8601String)', () => {
    const tz = process.env.TZ;
    const wrong: string[] = [];
    try {
      for (const [zone, tpl, payload, out] of ZONED) {
        process.env.TZ = zone;
        const got = render(tpl, payload, 'json', 'json', {});
        if (got.out !== out) wrong.push(`${zone} ${tpl}\n   want ${out}\n   got  ${JSON.stringify(got)}`);
      }
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    assert.equal(wrong.length, 0, wrong.join('\n'));
  });
});

function check(wrong: string[]): void {
  for (const [tpl, payload, ptype, media, x] of CASES) {
    if (x.perr) {
      try {
        compileFreeMarker(tpl);
        wrong.push(`${JSON.stringify(tpl)}: compiled, FreeMarker refuses it`);
      } catch (e) {
        if (!(e instanceof FreeMarkerError)) throw e;
      }
      continue;
    }
    let got: { out?: string; err?: string };
    try {
      got = render(tpl, payload, ptype, media, x);
    } catch (e) {
      got = { err: `refused: ${(e as Error).message}` };
    }
    const want = x.out !== undefined ? { out: x.out } : { err: x.err };
    if (JSON.stringify(got) !== JSON.stringify(want))
      wrong.push(`${JSON.stringify(tpl)}\n   want ${JSON.stringify(want)}\n   got  ${JSON.stringify(got)}`);
  }
}

const FM_TOTAL = `<#assign total = 0>
<#list payload.lines as l>
  <#assign total = total + l.qty * l.price>
</#list>
{"total": "\${total?string("0.00")}", "count": \${payload.lines?size}, "avg": \${(total / payload.lines?size)?c}, "big": "\${payload.ref}"}`;

const FM_ORDER = `<order>
  <#if payload.order.coupon??><coupon>present</coupon></#if>
  <first>\${payload.order.item[0].@@markup}</first>
  <n>\${payload.order.item?size}</n>
</order>`;

const FAULT = `<faultSequence><payloadFactory media-type="text"><format>$1</format><args>
  <arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence>`;

function fm(media: string, tpl: string): string {
  return `<payloadFactory media-type="${media}" template-type="freemarker"><format><![CDATA[${tpl}]]></format></payloadFactory><respond/>`;
}

describe('oracle S16 J4: FreeMarker payloadFactory end to end (answers of FreeMarker 2.3.30 with MI data model)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'J4Total.xml': api('J4Total', '/j4/total', fm('json', FM_TOTAL)),
      'J4Vip.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="J4Vip" context="/j4/vip"><resource methods="POST"><inSequence>${fm('json', '{"vip": "${payload.vip}"}')}</inSequence>${FAULT}</resource></api>`,
      'J4Order.xml': api('J4Order', '/j4/order', fm('xml', FM_ORDER)),
      'J4Text.xml': api('J4Text', '/j4/text', fm('text', '${payload?upper_case}')),
      'J4NoPayload.xml': api(
        'J4NoPayload',
        '/j4/nopayload',
        fm('json', '{"ok": "${vars.x!"none"}"}').replace(
          '</payloadFactory>',
          '<args><arg evaluator="json" expression="$.a"/></args></payloadFactory>',
        ),
      ),
      'J4Args.xml': api(
        'J4Args',
        '/j4/args',
        fm('json', '{"m": "${args.arg1}"}').replace(
          '</payloadFactory>',
          '<args><arg evaluator="json" expression="$.m"/></args></payloadFactory>',
        ),
      ),
      'J4Var.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="J4Var" context="/j4/var"><resource methods="POST"><inSequence><variable name="n" value="4" type="INTEGER"/>${fm('json', '{"v": "${vars.n}", "w": ${var.n}}')}</inSequence>${FAULT}</resource></api>`,
    });
  });
  after(() => t.close());

  it('<#assign> inside <#list> adds up (BigDecimal: 3 * 0.1 + ... is exact), ?string("0.00"), / keeps 12 digits, a long id as a Double', async () => {
    const r = await send(`${t.base}/j4/total`, {
      body: '{"lines":[{"qty":3,"price":0.1},{"qty":2,"price":19.99},{"qty":1,"price":0.2}],"ref":1234567890123456789}',
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(
      r.text,
      '{"total": "40.48", "count": 3, "avg": 13.493333333333, "big": "1,234,567,890,123,456,770"}',
    );
  });

  it("${boolean} fails: the fault sequence reads MI's message (blamed expression, line, column)", async () => {
    const r = await send(`${t.base}/j4/vip`, { body: '{"vip": true}', type: 'application/json' });
    assert.equal(
      r.text,
      'Error parsing FreeMarker template, Syntax error or invalid reference : null At line: 1 column: 10',
    );
  });

  it('XML: a missing child is an empty node list (?? is true); @@markup writes the element; ?size counts items', async () => {
    const r = await send(`${t.base}/j4/order`, {
      body: '<order><item sku="A1"><name>Pen &amp; Ink</name></item><item sku="B2"><name>Pad</name></item></order>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(
      r.text,
      '<order>\n  <coupon>present</coupon>\n  <first><item sku="A1"><name>Pen &amp; Ink</name></item></first>\n  <n>2</n>\n</order>',
    );
  });

  it('variables are bound as vars only (Synapse Constants.VARIABLE_INJECTING_NAME in MI 4.4): var.x is missing', async () => {
    const r = await send(`${t.base}/j4/var`, { body: '{}', type: 'application/json' });
    assert.equal(
      r.text,
      'Error parsing FreeMarker template, Syntax error or invalid reference : var At line: 1 column: 27',
    );
  });

  it('args are bound as the default template hands them to Matcher.appendReplacement, quoted: \\$ and \\\\ stay (TemplateProcessor.getArgValues, escapeSpecialChars; s16 R3)', async () => {
    // the expected text was computed with Java's Matcher.quoteReplacement and Synapse's escapeSpecialChars replaceAll
    // chain on the same value
    const r = await send(`${t.base}/j4/args`, {
      body: JSON.stringify({ m: 'say "hi" a\\b $1' }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"m": "say \\\\"hi\\\\" a\\\\\\\\b \\$1"}');
  });

  it('a template that never names payload or args reads neither: a body that is no JSON does not fail it (FreeMarkerTemplateProcessor.findRequiredInjections; s16 R3)', async () => {
    const r = await send(`${t.base}/j4/nopayload`, { body: '{"a": [1, 2', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"ok": "none"}');
  });

  it('a text payload reaches the template XML-escaped (getTextValue: escapeXml11)', async () => {
    const r = await send(`${t.base}/j4/text`, { body: 'fish & chips <hot>', type: 'text/plain' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, 'FISH &AMP; CHIPS &LT;HOT&GT;');
  });
});
