/**
 * payloadFactory `template-type="freemarker"`: a template FreeMarker 2.3.30 parses must deploy (review RF1 of s17 F1,
 * whose 8e35b0ec made a template our parser refuses fail the deployment with RT_FREEMARKER_SYNTAX).
 *
 * How the expectations were produced: our own templates were parsed by FreeMarker 2.3.31 (Debian's jar) as
 * `new Template("synapse-template", text, new Configuration(VERSION_2_3_30))`, as FreeMarkerTemplateProcessor.init
 * compiles them (an XML template wrapped in `<pfPadding>`), and the rendered ones run by F1's driver (Gson model,
 * rethrow handler, en_US, UTC); a Node driver printed whether our parser accepts each. 2.3.31's differences from
 * 2.3.30 were read in FreeMarker's sources (BuiltinVariable.SPEC_VAR_NAMES at v2.3.30 has no time_zone).
 */
import assert from 'node:assert/strict';
import { parseJsonText } from '../../runtime-debug/engine/expr/jsonNumber';
import { compileFreeMarker, FreeMarkerError } from '../../runtime-debug/engine/mediators/freemarker';
import { freeMarkerPayload } from '../../runtime-debug/engine/mediators/transform';
import { Runtime } from '../../runtime-debug/engine/runtime';
import { NS } from './helpers';

function render(tpl: string, payload: string): string {
  const t = compileFreeMarker(tpl);
  const p = freeMarkerPayload('json', parseJsonText(payload), payload);
  try {
    return t.render({ payload: p, args: {}, ctx: {}, axis2: {}, trp: {}, vars: {} }).trim();
  } catch (e) {
    if (e instanceof FreeMarkerError) return `err:${e.miMessage}`;
    throw e;
  }
}

const P =
  '{"n": 5, "first-name": "Ann", "a.b": "dot", "a:b": "colon", "név": "hu", "items": ["x", "", "yy"], "s": "abc"}';

describe('oracle S17 RF1: FreeMarker syntax the parser refused though FreeMarker 2.3.30 reads it (FTL.jj)', () => {
  it('&gt; &gt;= &lt; &lt;= and \\gt \\gte \\lt \\lte compare; names with \\- \\. \\: and any letter; comments inside tags; (x) -> lambdas; </#recover>; camel-case special variables', () => {
    const cases: [string, string][] = [
      ['<#if payload.n &gt; 3>big<#else>small</#if>', 'big'],
      [
        '<#if payload.n &gt;= 5>ge</#if><#if payload.n &lt; 6>lt</#if><#if payload.n &lt;= 4>le</#if>',
        'gelt',
      ],
      [
        '<#if payload.n \\gt 3>big</#if><#if payload.n \\lte 5>le</#if><#if payload.n \\gte 6>ge</#if>',
        'bigle',
      ],
      ['${(payload.n &gt; 3)?c}', 'true'],
      ['${payload.first\\-name}|${payload.a\\.b}|${payload.a\\:b}|${payload.név}', 'Ann|dot|colon|hu'],
      ['<#assign first\\-name = payload.s>${first\\-name}', 'abc'],
      [
        '${payload.s <#-- c -->}|<#if payload.n?? <#-- c -->>y</#if>|${payload.s [#-- c --]?upper_case}',
        'abc|y|ABC',
      ],
      ['${"<#-- not a comment -->"}', '<#-- not a comment -->'],
      [
        '${payload.items?filter((x) -> x?length > 0)?join(",")}|${payload.items?map((i) -> i?upper_case)?join(",")}',
        'x,yy|X,,YY',
      ],
      [
        '<#attempt>${payload.x.y}<#recover>failed</#recover>|<#attempt>ok<#recover>no</#recover>',
        'failed|ok',
      ],
      [
        '${.templateName}|${.mainTemplateName}|${.currentTemplateName}|${.outputFormat}|${.autoEsc?c}',
        'synapse-template|synapse-template|synapse-template|undefined|false',
      ],
    ];
    for (const [tpl, want] of cases) assert.equal(render(tpl, P), want, tpl);
  });

  it('a macro parameter default is a whole expression ([1, 2], (1 + 2), "q r"); a! with no default goes on to ?built-ins (FTL.jj DefaultTo)', () => {
    const Q = '{"a": "abc", "n": 5}';
    const cases: [string, string][] = [
      ['<#macro m a=[1, 2] b={"x": 1}>${a?size}${b.x}</#macro><@m/>', '21'],
      ['<#macro m a=(1 + 2)>${a}</#macro><@m/>', '3'],
      ['<#macro m(a, b="q r")>${a}${b}</#macro><@m a=1/>', '1q r'],
      ['<#macro m a b="d" c=["x", "y"]>${a}${b}${c?join("-")}</#macro><@m a=1/>', '1dx-y'],
      ['${payload.a!?upper_case}|${payload.zz!?upper_case}|${(payload.zz!)?has_content?c}', 'ABC||false'],
    ];
    for (const [tpl, want] of cases) assert.equal(render(tpl, Q), want, tpl);
  });

  it('<#setting> takes the camel-case names and refuses at parse a name PropertySetting.SETTING_NAMES lacks (a Configuration-only setting)', () => {
    const Q = '{"n": 5, "b": true, "loc": "de_DE", "x": 1234.5}';
    assert.equal(render('<#setting numberFormat="0.0">${payload.n}', Q), '5.0');
    assert.equal(render('<#setting booleanFormat="y,n">${payload.b}', Q), 'y');
    assert.equal(render('<#setting locale=payload.loc>${payload.x}', Q), '1.234,5');
    for (const name of ['api_builtin_enabled', 'object_wrapper', 'output_format', 'auto_flush', 'foo'])
      assert.throws(() => compileFreeMarker(`<#setting ${name}="x">`), /Unknown setting name/, name);
  });

  it('what FreeMarker reads and the embedded runtime does not run deploys with an RT_UNSUPPORTED warning; .time_zone (2.3.31) is an RT_FREEMARKER_SYNTAX problem', () => {
    const rt = new Runtime({ httpPort: 0 });
    const pfApi = (name: string, format: string) =>
      `<api ${NS} name="${name}" context="/${name.toLowerCase()}"><resource methods="POST"><inSequence><payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[${format}]]></format></payloadFactory><respond/></inSequence></resource></api>`;
    const unsupported = [
      '${.vars["payload"].a}',
      '${.data_model.payload.a}',
      '${.globals?size}',
      '${.main}',
      '<#attempt>x<#recover>${.error}</#attempt>',
      '<#macro m a others...>${a}</#macro><@m a=1 c=2/>',
      '<#function f a...><#return a?size></#function>${f(1, 2)}',
      '<#macro m a b="d">${a}${b}</#macro><@m 1 2/>',
      '<#macro m><#nested 1></#macro><@m ; n>${n}</@m>',
      '#{payload.n; m2}',
      '<#macro "quoted name">a</#macro>',
      '<#assign x = 1 in .namespace>',
      '<#setting time_zone="UTC">x',
      '<#setting classicCompatible=true>x',
    ];
    const res = rt.deploy([
      ...unsupported.map((f, i) => ({ name: `FmU${i}.xml`, text: pfApi(`FmU${i}`, f) })),
      { name: 'FmTz.xml', text: pfApi('FmTz', '{"tz": "${.time_zone}"}') },
      { name: 'FmSet.xml', text: pfApi('FmSet', '<#setting api_builtin_enabled=true>{}') },
      { name: 'FmCall.xml', text: pfApi('FmCall', '{"a": "<@>", "b": "<@<#if payload.a>x</#if>"}') },
      { name: 'FmDir.xml', text: pfApi('FmDir', '{"colour": "<#ff0000>"}') },
    ]);
    assert.deepEqual(
      res.problems.map((p) => [p.file, p.code]),
      [
        ['FmTz.xml', 'RT_FREEMARKER_SYNTAX'],
        ['FmSet.xml', 'RT_FREEMARKER_SYNTAX'],
        ['FmCall.xml', 'RT_FREEMARKER_SYNTAX'],
        ['FmDir.xml', 'RT_FREEMARKER_SYNTAX'],
      ],
    );
    assert.deepEqual(
      res.warnings.map((w) => [w.file, w.code]),
      unsupported.map((_, i) => [`FmU${i}.xml`, 'RT_UNSUPPORTED']),
    );
  });
});
