/**
 * Configurations written by others (S7, session 13: a sweep of connector repositories, MI 4.x projects and their git
 * history not swept before). Our own minimal fixtures reproducing each pattern; the MI/Synapse/Jaxen source that
 * proves the case is named in its title. Where MI refuses, the finding stays and `synapse run` refuses too.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { compileExpression } from '../../runtime-debug/engine/expr';
import { TestContext } from '../expressions/helpers';
import { api, send, startRuntime } from '../runtime/helpers';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: configurations of others (S7, session 13)', () => {
  let fx: ScratchProject;
  const seq = (name: string, body: string) => {
    const rel = `Kiln/src/main/wso2mi/artifacts/sequences/${name}.xml`;
    fx.put(rel, `<sequence ${S} name="${name}">\n${body}\n</sequence>`);
    return rel;
  };

  before(() => {
    fx = scratchProject('s7-s13-', 'Kiln');
    fx.put(
      'Kiln/src/main/wso2mi/artifacts/local-entries/smtp.xml',
      `<localEntry ${S} key="smtp"><mailer.init><host>mail.example.org</host></mailer.init></localEntry>`,
    );
  });
  after(() => fx?.dispose());

  it("XPath: whitespace around a variable's '$' and ':' and a QName's ':' is skipped (Jaxen XPathLexer.nextToken SKIP, XPathReader.variableReference/nameTest)", () => {
    const rel = seq(
      'Glaze',
      `  <property name="a" expression="$ctx: tint"/>
  <property name="b" expression="$ ctx:tint"/>
  <property name="c" expression="concat($ctx :tint, '-', $trp: Shade)"/>
  <property xmlns:k="urn:kiln" name="d" expression="//k : pot/k:* "/>
  <filter xpath="$ctx: tint = 'blue'"><then><drop/></then></filter>`,
    );
    assert.deepEqual(fx.findings(rel), []);
    const c = new TestContext({ props: { tint: 'blue' } });
    assert.equal(compileExpression('$ctx: tint').evaluateString(c), 'blue');
    assert.equal(compileExpression("concat($ ctx:tint, '!')").evaluateString(c), 'blue!');
  });

  it("XPath: a variable's prefix with no name after ':' stays an error (XPathReader.variableReference match(IDENTIFIER))", () => {
    const rel = seq('Ash', `  <property name="a" expression="$ctx: "/>`);
    assert.deepEqual(fx.findings(rel), ['2 error EXPR_XPATH_SYNTAX']);
  });

  it('connector operation: a {…} parameter that does not compile is refused as ValueFactory.createTextValue refuses it (MediatorFactoryFinder.createInvokeParam)', () => {
    const rel = seq(
      'Fire',
      `  <mailer.send configKey="smtp">
    <to>{//order/mail[}</to>
    <cc>{}</cc>
    <bcc>{json-eval($.[)}</bcc>
    <subject>{\${payload.}}</subject>
    <body>{text of the mail}</body>
  </mailer.send>`,
    );
    assert.deepEqual(fx.findings(rel), [
      '3 error EXPR_XPATH_SYNTAX',
      '4 error EXPR_EMPTY',
      '5 error EXPR_JSONPATH_SYNTAX',
      '6 error EXPR_SYNAPSE_SYNTAX',
      '7 error EXPR_XPATH_SYNTAX',
    ]);
  });

  it('connector operation: literals, {{…}}, padded braces and well-formed expressions deploy (ValueFactory.isEscapedExpression/isDynamicKey)', () => {
    const rel = seq(
      'Kilnful',
      `  <mailer.send configKey="smtp">
    <to>{//order/mail}</to>
    <cc>{$ctx: copy}</cc>
    <bcc>{json-eval($.order.bcc)}</bcc>
    <subject>{\${payload.subject}}</subject>
    <body>{{not an expression}}</body>
    <note> {not read as one} </note>
    <headers><header name="X-Batch" value="{$ctx:batch}"/></headers>
    <plain>kiln</plain>
  </mailer.send>`,
    );
    assert.deepEqual(fx.findings(rel), []);
  });

  it("connector operation: a nested parameter's attribute and text are compiled too (createInvokeParam recurses, createValue per attribute)", () => {
    const rel = seq(
      'Cone',
      `  <mailer.send configKey="smtp">
    <headers><header name="X-Batch" value="{//a[}"/><raw>{//b[}</raw></headers>
  </mailer.send>`,
    );
    assert.deepEqual(fx.findings(rel), ['3 error EXPR_XPATH_SYNTAX', '3 error EXPR_XPATH_SYNTAX']);
  });

  it('a blank line or spaces before the XML declaration is refused, a byte-order mark is not (Woodstox StreamBootstrapper.hasXmlDecl / BasicStreamReader.readPIPrimary; MI 2bc6e23ba removed such a line from a test API)', () => {
    const decl = '<?xml version="1.0" encoding="UTF-8"?>';
    const blank = 'Kiln/src/main/wso2mi/artifacts/local-entries/Ember.xml';
    fx.put(blank, `\n  ${decl}\n<localEntry ${S} key="Ember">ash</localEntry>`);
    assert.deepEqual(fx.findings(blank), ['2 error XML_DECLARATION_NOT_FIRST']);
    const bom = 'Kiln/src/main/wso2mi/artifacts/local-entries/Cinder.xml';
    fx.put(bom, `\uFEFF${decl}\n<localEntry ${S} key="Cinder">ash</localEntry>`);
    assert.deepEqual(fx.findings(bom), []);
  });

  it('payloadFactory: every child element of <args> is an argument, whatever its name or namespace (PayloadFactoryMediatorFactory: argumentsElem.getChildElements())', () => {
    const rel = seq(
      'Slip',
      `  <payloadFactory media-type="json">
    <format>{"kiln": "$1", "cone": "$2", "glaze": "$3"}</format>
    <args>
      <args expression="$ctx:kiln"/>
      <arg xmlns="urn:pottery" value="06"/>
      <glaze evaluator="json" expression="$.glaze"/>
    </args>
  </payloadFactory>`,
    );
    assert.deepEqual(fx.findings(rel), []);
  });
});

describe('synapse run: configurations of others (S7, session 13)', () => {
  it('a connector operation the runtime does not run still has its parameters compiled: a bad {…} fails the load as in MI (ValueFactory)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Tile.xml',
        text: `<sequence ${S} name="Tile"><mailer.send configKey="smtp"><to>{glazed tile list}</to><cc>{$ctx: copy}</cc></mailer.send></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      ['EXPR_SYNTAX'],
    );
  });

  it("a property expression '$ctx: name' loads (Jaxen skips the space)", () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Bisque.xml',
        text: `<sequence ${S} name="Bisque"><property name="tint" value="amber"/><property name="copy" expression="concat($ctx: tint, '/', $ ctx:tint)"/></sequence>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
  });

  it('payloadFactory: an <args> child of any name or namespace fills its $n (PayloadFactoryMediatorFactory getChildElements)', async () => {
    const t = await startRuntime({
      'Sherd.xml': api(
        'Sherd',
        '/sherd',
        `<property name="kiln" value="anagama"/>
         <payloadFactory media-type="json">
           <format>{"kiln": "$1", "cone": "$2", "glaze": "$3"}</format>
           <args><args expression="$ctx:kiln"/><arg xmlns="urn:pottery" value="06"/><glaze evaluator="json" expression="$.glaze"/></args>
         </payloadFactory>
         <respond/>`,
      ),
    });
    try {
      const r = await send(`${t.base}/sherd`, { body: '{"glaze":"celadon"}', type: 'application/json' });
      assert.deepEqual(r.json(), { kiln: 'anagama', cone: '06', glaze: 'celadon' });
    } finally {
      await t.close();
    }
  });

  it("payloadFactory: an argument with neither value nor expression fails the load (PayloadFactoryMediatorFactory: 'Unsupported arg type')", () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Crack.xml',
        text: `<sequence ${S} name="Crack"><payloadFactory media-type="json"><format>{"a":"$1"}</format><args><arg/></args></payloadFactory></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      ['RT_MISSING_ATTRIBUTE'],
    );
  });

  it('a connector parameter with attributes or nested parameters is compiled too: a bad {…} in them fails the load (createInvokeParam)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Saggar.xml',
        text: `<sequence ${S} name="Saggar"><mailer.send configKey="smtp"><headers><header name="X-Batch" value="{//a[}"/><raw>{//b[}</raw></headers><note lang="en">{//c[}</note><ok kind="{$ctx: k}">{//d}</ok></mailer.send></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.code} ${/in (.*?) '\{/.exec(p.message)?.[1] ?? p.message}`),
      ["EXPR_SYNTAX 'value' of <header>", 'EXPR_SYNTAX <raw>', 'EXPR_SYNTAX <note>'],
    );
  });

  it('a configuration file with a blank line before its XML declaration fails the load (Woodstox)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      { name: 'Flux.xml', text: `\n<?xml version="1.0"?>\n<sequence ${S} name="Flux"><log/></sequence>` },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      ['XML_DECLARATION_NOT_FIRST'],
    );
  });

  it('an <email.init> connection with a {…} that does not compile deploys with a warning: MI stores the local entry and builds the init only when an operation runs (LocalEntryDeployer, InvokeMediator getDefaultConfiguration)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Smtp.xml',
        text: `<localEntry ${S} key="Smtp"><email.init><connectionType>SMTP</connectionType><host>{//relay[}</host><port>25</port><name>Smtp</name></email.init></localEntry>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.warnings.filter((w) => w.code === 'RT_EMAIL_CONNECTION').map((w) => w.line),
      [1],
    );
  });
});
