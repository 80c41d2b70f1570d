import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { validatePaths } from '../../core/validate/paths';
import { validateFile, CODES } from '../../core/validate';
import { ProjectIndex } from '../../core/project';

const ROOT = resolve(__dirname, '../..');
const BROKEN = join(ROOT, 'test/fixtures/validate/broken-project');

function codesAt(text: string, file = '/tmp/Snippet.xml') {
  const index = new ProjectIndex();
  const model = index.setFile(file, text);
  return validateFile(model, index, { layout: 'bare' }).map((f) => {
    const p = model.lines.positionAt(f.span.start);
    return { code: f.code, line: p.line + 1, column: p.character + 1, message: f.message, data: f.data };
  });
}

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

/** Small documents, each producing one code: [document, code, the text the finding starts at (first occurrence)]. */
const SNIPPETS: [string, string, string][] = [
  [
    `<api ${S} name="V" context="/v/{version}"><resource><inSequence><respond/></inSequence></resource></api>`,
    'SYN403',
    '/v/{version}',
  ],
  [
    `<sequence ${S} name="s"><validate source="//a"><schema key="{$ctx:k}"/><on-fail> <!-- none --> </on-fail></validate></sequence>`,
    'SYN106',
    'on-fail>',
  ],
  [
    `<sequence ${S} name="s"><payloadFactory media-type="json" template-type="freemarker"><format>{"id": "\${var.id}"}</format></payloadFactory></sequence>`,
    'SYN505',
    'var.id',
  ],
  [`<sequence ${S} name="s"><log level="full"></sequence>`, 'XML_MISSING_END_TAG', 'log level'],
  [`<sequence ${S} name="s"><log a="1" a="2"/></sequence>`, 'XML_DUPLICATE_ATTRIBUTE', 'a="2"'],
  [`<sequence ${S} name="s"><log/></log></sequence>`, 'XML_UNEXPECTED_END_TAG', '</log>'],
  [`<sequence ${S} name="s"><log level="full"<drop/></sequence>`, 'XML_UNCLOSED_START_TAG', 'log level'],
  [`<sequence ${S} name="s"><log level/></sequence>`, 'XML_ATTRIBUTE_WITHOUT_VALUE', 'level/'],
  [`<sequence ${S} name="s"><log level=full/></sequence>`, 'XML_UNQUOTED_ATTRIBUTE', 'full/'],
  [
    `<sequence ${S} name="s"><filter xpath="1 < 2"><then/></filter></sequence>`,
    'XML_LT_IN_ATTRIBUTE',
    '1 < 2',
  ],
  [`<sequence ${S} name="s"><log description="a & b"/></sequence>`, 'XML_BAD_ENTITY', '& b'],
  [`<sequence ${S} name="s"><log description="&nope;"/></sequence>`, 'XML_UNDEFINED_ENTITY', '&nope;'],
  [`<!DOCTYPE sequence><sequence ${S} name="s"/>`, 'XML_DOCTYPE', '<!DOCTYPE'],
  [`<!ELEMENT x ANY><sequence ${S} name="s"/>`, 'XML_BAD_DECLARATION', '<!ELEMENT'],
  [`<!-- c --><?xml version="1.0"?><sequence ${S} name="s"/>`, 'XML_DECLARATION_NOT_FIRST', '<?xml'],
  [`<sequence ${S} name="s"/> trailing`, 'XML_TEXT_OUTSIDE_ROOT', ' trailing'],
  [`<sequence ${S} name="s"><log/></sequence><sequence/>`, 'XML_MULTIPLE_ROOTS', 'sequence/>'],
  [`just text`, 'XML_TEXT_OUTSIDE_ROOT', 'just'],
  [`<!-- only a comment -->`, 'XML_NO_ROOT', '<!--'],
  [`<sequence ${S} name="s"><1log/></sequence>`, 'XML_BAD_NAME', '1log'],
  [`<sequence ${S} name="s"><!-- a -- b --></sequence>`, 'XML_BAD_COMMENT', '<!-- a'],
  [`<sequence ${S} name="s"/><!-- never closed`, 'XML_UNTERMINATED', '<!-- never'],
  [`<sequence ${S} name="s"><q:log/></sequence>`, 'XML_UNDECLARED_PREFIX', 'q:log'],
  [
    `<sequence ${S} name="s"><filter xpath="foo(1)"><then/></filter></sequence>`,
    'EXPR_UNKNOWN_FUNCTION',
    'foo',
  ],
  [
    `<sequence ${S} name="s"><filter xpath="concat('a')"><then/></filter></sequence>`,
    'EXPR_BAD_ARITY',
    'concat',
  ],
  [`<sequence ${S} name="s"><property name="a" expression="  "/></sequence>`, 'EXPR_EMPTY', '  "/>'],
  [
    `<sequence ${S} name="s"><property name="a" expression="concat('a, 'b')"/></sequence>`,
    'EXPR_UNTERMINATED_STRING',
    '\')"/>',
  ],
  [
    // (upper-case, lower-case and ends-with are Jaxen's own functions: MI evaluates them without the failover)
    `<sequence ${S} name="s"><property name="a" expression="tokenize('a b', ' ')"/></sequence>`,
    'EXPR_XPATH2_FUNCTION',
    'tokenize',
  ],
  [
    `<sequence ${S} name="s"><property name="a" expression="$nothing"/></sequence>`,
    'EXPR_UNKNOWN_VARIABLE',
    '$nothing',
  ],
  [
    `<sequence ${S} name="s"><property name="a" expression="\${params.bodyParams.x}"/></sequence>`,
    'EXPR_UNKNOWN_SCOPE',
    '.bodyParams',
  ],
  [
    `<sequence ${S} name="s"><property name="a" expression="\${var.x}"/></sequence>`,
    'EXPR_LEGACY_SPELLING',
    'var.x',
  ],
  [
    `<sequence ${S} name="s"><log><message>Hello \${payload.name</message></log></sequence>`,
    'EXPR_UNTERMINATED_TEMPLATE',
    '\${payload',
  ],
  [
    `<sequence ${S} name="s"><enrich><source type="property"/><target type="body"/></enrich></sequence>`,
    'SYN112',
    'type="property"',
  ],
  [
    `<sequence ${S} name="s">\n<property name="a" value="b" scope="default" type="STRING" pattern="x" group="1"/>\n<lgo/></sequence>`,
    'SYN100',
    'lgo',
  ],
  [
    `<proxy ${S} name="p"><target><inSequence><respond/></inSequence></target><enableRM/></proxy>`,
    'SYN110',
    'enableRM',
  ],
  [`<sequence ${S} name="s"><http.fetch/></sequence>`, 'SYN600', 'http.fetch'],
  [
    `<sequence ${S} name="s"><http.get><timeoutMillis>5</timeoutMillis></http.get></sequence>`,
    'SYN601',
    'timeoutMillis>5',
  ],
  [
    `<localEntry ${S} key="c"><http.init><name>c</name></http.init></localEntry>`,
    'SYN602',
    'http.init><name>',
  ],
  [
    `<localEntry ${S} key="c"><http.init><name>c</name><timeoutDuration>soon</timeoutDuration></http.init></localEntry>`,
    'RT_BAD_CONNECTION',
    'timeoutDuration>soon',
  ],
  [
    `<localEntry ${S} key="c"><http.init><name>c</name><timeoutAction>Retry</timeoutAction></http.init></localEntry>`,
    'RT_BAD_TIMEOUT_ACTION',
    'timeoutAction>Retry',
  ],
  [
    `<sequence ${S} name="s"><script language="js">var enum = 1;</script></sequence>`,
    'RT_SCRIPT_SYNTAX',
    'script language',
  ],
  [
    `<sequence ${S} name="s"><payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[<#if payload.a>]]></format></payloadFactory></sequence>`,
    'RT_FREEMARKER_SYNTAX',
    'format><![CDATA',
  ],
  [
    `<sequence ${S} name="s"><makefault version="pox"><code xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" value="e:Server"/></makefault></sequence>`,
    'RT_MAKEFAULT',
    'code xmlns:e',
  ],
  [
    `<sequence ${S} name="s"><iterate expression="//item" attachPath="//order"><target><sequence><log/></sequence></target></iterate></sequence>`,
    'RT_ITERATE_ATTACH',
    'iterate expression',
  ],
];

describe('validator', () => {
  it('reports each finding of the broken project with its code at the exact line and column', () => {
    const { findings } = validatePaths([BROKEN], ROOT);
    const got = findings.map((f) => [f.file.split('/artifacts/')[1], f.line, f.column, f.code]);
    assert.deepEqual(got, [
      ['apis/OrdersAPI.xml', 2, 72, 'SYN402'],
      ['apis/OrdersAPI.xml', 2, 80, 'SYN503'],
      ['apis/OrdersAPI.xml', 3, 28, 'SYN405'],
      ['apis/OrdersAPI.xml', 3, 54, 'SYN400'],
      ['apis/OrdersAPI.xml', 5, 14, 'SYN100'],
      ['apis/OrdersAPI.xml', 6, 42, 'SYN108'],
      ['apis/OrdersAPI.xml', 7, 39, 'SYN103'],
      ['apis/OrdersAPI.xml', 8, 28, 'SYN200'],
      ['apis/OrdersAPI.xml', 10, 14, 'SYN300'],
      ['apis/OrdersAPI.xml', 13, 43, 'SYN401'],
      ['apis/OrdersAPI.xml', 15, 36, 'EXPR_XPATH_SYNTAX'],
      ['apis/OrdersAPI.xml', 19, 43, 'SYN500'],
      ['apis/OrdersAPI.xml', 24, 14, 'SYN102'],
      ['apis/OrdersAPI.xml', 25, 18, 'SYN101'],
      ['apis/OrdersAPI.xml', 26, 14, 'SYN105'],
      ['apis/OrdersAPI.xml', 29, 43, 'SYN401'],
      ['apis/OrdersAPI.xml', 29, 43, 'SYN404'],
      // both uri-template and url-mapping: ResourceFactory.configureURLMappings uses url-mapping and ignores
      // uri-template, which the warning now points at (R2, s8)
      ['apis/TwoPaths.xml', 3, 29, 'SYN108'],
      ['endpoints/BadEP.xml', 3, 19, 'SYN103'],
      // <duration>soon</duration>: EndpointDefinitionFactory (Long.parseLong) refuses the endpoint (R2, s8)
      ['endpoints/BadEP.xml', 5, 14, 'SYN104'],
      ['local-entries/NotSynapse.xml', 2, 2, 'SYN002'],
      ['proxy-services/ProxyNoTarget.xml', 2, 2, 'SYN106'],
      ['proxy-services/ProxyNoTarget.xml', 2, 82, 'SYN104'],
      ['sequences/Broken.xml', 3, 6, 'XML_MISSING_END_TAG'],
      ['sequences/DupSeq.xml', 2, 57, 'SYN201'],
      ['sequences/Hostile.xml', 2, 1, 'XML_DOCTYPE'],
      ['sequences/Hostile.xml', 4, 51, 'XML_UNDEFINED_ENTITY'],
      ['sequences/Hostile.xml', 4, 56, 'XML_UNDEFINED_ENTITY'],
      ['sequences/MoreRules.xml', 3, 6, 'SYN109'],
      ['sequences/MoreRules.xml', 5, 35, 'SYN503'],
      ['sequences/MoreRules.xml', 6, 19, 'SYN502'],
      ['sequences/MoreRules.xml', 7, 19, 'SYN502'],
      ['sequences/MoreRules.xml', 8, 6, 'SYN504'],
      ['sequences/MoreRules.xml', 9, 27, 'SYN504'],
      ['sequences/MoreRules.xml', 11, 22, 'EXPR_UNDECLARED_PREFIX'],
      ['sequences/MoreRules.xml', 12, 15, 'SYN111'],
      ['sequences/MoreRules.xml', 19, 14, 'SYN501'],
      ['sequences/MoreRules.xml', 22, 6, 'SYN003'],
      ['sequences/MoreRules.xml', 26, 10, 'SYN107'],
      ['sequences/NoNamespace.xml', 2, 2, 'SYN001'],
      ['sequences/Registry.xml', 4, 16, 'SYN203'],
      ['sequences/WrongFileName.xml', 2, 57, 'SYN201'],
      ['sequences/WrongFileName.xml', 2, 57, 'SYN202'],
      ['sequences/WrongFileName.xml', 4, 54, 'EXPR_JSONPATH_SYNTAX'],
      ['sequences/WrongFileName.xml', 5, 53, 'EXPR_SYNAPSE_SYNTAX'],
    ]);
  });

  it('says what it expected: did-you-mean for elements, attributes, values and keys', () => {
    const { findings } = validatePaths([BROKEN], ROOT);
    const msg = (code: string, file: string) =>
      findings.find((f) => f.code === code && f.file.endsWith(file))!.message;
    assert.match(msg('SYN100', 'OrdersAPI.xml'), /Unknown element <lgo> .*did you mean <log>\?/);
    assert.match(msg('SYN101', 'OrdersAPI.xml'), /did you mean 'level'\?/);
    assert.match(msg('SYN504', 'MoreRules.xml'), /mandatory parameter 'who'/);
    assert.match(msg('SYN002', 'NotSynapse.xml'), /did you mean <sequence>\?$/);
    assert.match(msg('SYN103', 'OrdersAPI.xml'), /'galaxy' is not a valid value of 'scope'/);
  });

  it('covers the remaining codes with small documents', () => {
    // [document, code, the text the finding must start at (its first occurrence)]
    for (const [text, code, marker] of SNIPPETS) {
      const all = codesAt(text);
      const found = all.filter((f) => f.code === code);
      assert.ok(found.length, `${code} expected in ${text}, got ${JSON.stringify(all.map((f) => f.code))}`);
      assert.ok(text.indexOf(marker) >= 0);
      const before = text.slice(0, text.indexOf(marker));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      assert.deepEqual([found[0].line, found[0].column], [line, column], `${code} position`);
    }
  });

  it('reports nesting past 2,000 levels once, at the first element too deep', () => {
    const head = `<sequence ${S} name="s">`;
    const pair = '<filter xpath="1"><then>';
    const text = head + pair.repeat(1100) + '</sequence>';
    const deep = codesAt(text).filter((f) => f.code === 'XML_TOO_DEEP');
    assert.equal(deep.length, 1);
    // the root is level 1, <filter> number k is level 2k and its <then> level 2k+1: level 2,001 is the 1,000th <then>
    assert.equal(deep[0].column, head.length + pair.length * 999 + '<filter xpath="1">'.length + 1);
  });

  it('has a test for every documented code', () => {
    const produced = new Set<string>([
      ...validatePaths([BROKEN], ROOT).findings.map((f) => f.code),
      ...SNIPPETS.map((c) => c[1]),
      'XML_TOO_DEEP',
      // need a project (an index of local entries, a connector zip): test/validate/connectors.test.ts
      'SYN603',
      'SYN604',
    ]);
    const missing = Object.keys(CODES).filter((c) => !produced.has(c));
    assert.deepEqual(missing, []);
  });

  it('lists every code in docs/diagnostics.md with its severity', () => {
    const doc = readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8');
    for (const [code, info] of Object.entries(CODES)) {
      assert.ok(
        doc.includes(`| \`${code}\` | ${info.severity} |`),
        `docs/diagnostics.md lacks ${code} (${info.severity})`,
      );
    }
  });

  it('accepts a local entry without a namespace whose inline value is plain XML', () => {
    const text = `<localEntry key="cfg"><config xmlns=""><a>1</a></config></localEntry>`;
    assert.deepEqual(
      codesAt(text).map((f) => f.code),
      [],
    );
    // but a sequence whose mediators lost the namespace is reported once, at the root
    assert.deepEqual(
      codesAt(`<sequence name="s"><log/></sequence>`).map((f) => f.code),
      ['SYN001'],
    );
  });

  it('takes <?xml-multiple?> in a payloadFactory format for the processing instruction it is, not a declaration', () => {
    const text = `<sequence ${S} name="s"><payloadFactory media-type="xml"><format><items xmlns=""><?xml-multiple item?><item>$1</item></items></format><args><arg expression="//id"/></args></payloadFactory></sequence>`;
    assert.deepEqual(
      codesAt(text).map((f) => f.code),
      [],
    );
    // a real declaration out of place is still reported
    assert.deepEqual(
      codesAt(`<sequence ${S} name="s"><?xml version="1.0"?></sequence>`).map((f) => f.code),
      ['XML_DECLARATION_NOT_FIRST'],
    );
  });

  it('finds nothing to report in the example project', () => {
    const { findings, fileCount } = validatePaths([join(ROOT, 'examples/hello-world')], ROOT);
    assert.deepEqual(findings, []);
    assert.equal(fileCount, 7);
  });

  it('gives unresolved references the data a quick fix needs', () => {
    const { findings } = validatePaths([BROKEN], ROOT);
    const f = findings.find((x) => x.code === 'SYN200')!;
    assert.match(f.message, /No sequence named 'MissingSeq'/);
    const index = new ProjectIndex();
    const m = index.setFile('/x/A.xml', `<sequence ${S} name="A"><sequence key="B"/></sequence>`);
    const [finding] = validateFile(m, index, {}).filter((x) => x.code === 'SYN200');
    assert.deepEqual(finding.data, { refKind: 'sequence', key: 'B', suggestions: ['A'] });
    index.setFile('/x/B.xml', `<sequence ${S} name="B"/>`);
    assert.deepEqual(
      validateFile(index.getFile('/x/A.xml')!, index, {}).filter((x) => x.code === 'SYN200'),
      [],
    );
  });
});

describe('validate: FreeMarker payload templates', () => {
  const fm = (attrs: string) =>
    `<sequence ${S} name="s"><payloadFactory media-type="json"${attrs}><format><![CDATA[{"host": "\${trp.Host}", "id": "\${var.customer_id}", "names": [<#list payload.items as c>"\${c?node_name}"<#sep>,</#list>]}]]></format><args/></payloadFactory><respond/></sequence>`;
  it('a template-type="freemarker" format is FreeMarker: its ${...} are not checked as Synapse expressions', () => {
    // only SYN505: MI 4.4 binds the variables as `vars` (the next case)
    assert.deepEqual(
      codesAt(fm(' template-type="freemarker"')).map((f) => f.code),
      ['SYN505'],
    );
    assert.deepEqual(
      codesAt(fm(' template-type="FreeMarker"').replace('var.', 'vars.')).map((f) => f.code),
      [],
    );
  });
  it("SYN505: a FreeMarker template's var.x is undefined in MI 4.4 (Synapse 4.0.0-wso2v215 Constants.VARIABLE_INJECTING_NAME is vars): a warning at var", () => {
    const [f, ...rest] = codesAt(fm(' template-type="freemarker"'));
    assert.deepEqual(rest, []);
    assert.deepEqual([f.code, f.line, f.column, f.data], ['SYN505', 1, 171, { replacement: 'vars' }]);
    const tpl = (body: string) =>
      `<sequence ${S} name="s"><payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[${body}]]></format><args/></payloadFactory></sequence>`;
    const codes = (body: string) => codesAt(tpl(body)).map((x) => x.code);
    assert.deepEqual(codes('<#if var["k"]??>1</#if>${(var.a)!"-"}'), ['SYN505', 'SYN505']);
    // not a read of the binding: text outside FreeMarker's parts, a string literal, a member, the template's own var
    assert.deepEqual(codes('{"var.a": "${"var.a"}", "b": "${payload.var.b}"}'), []);
    assert.deepEqual(codes('<#list payload.items as var>${var.id}</#list>'), []);
  });
  it('the same text in a default template is checked (trp is no Synapse expression name); its var.x is a Synapse expression, not SYN505', () => {
    const codes = codesAt(fm('')).map((f) => f.code);
    assert.ok(codes.includes('EXPR_UNKNOWN_VARIABLE'), codes.join());
    assert.ok(!codes.includes('SYN505'), codes.join());
  });
});
