/**
 * Configurations written by others that Micro Integrator deploys (H6, session 12: a sweep of public projects, connector
 * templates and samples not swept before). Our own minimal fixtures reproducing each pattern; the MI/Synapse source
 * that proves the case is named in its title. Where MI refuses, the finding stays.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { compileExpression } from '../../runtime-debug/engine/expr';
import { findE4x } from '../../core/jsScript';
import { TestContext } from '../expressions/helpers';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: third-party configurations MI deploys (H6, session 12)', () => {
  let fx: ScratchProject;
  const put = (rel: string, text: string) => fx.put(rel, text);
  const seq = (name: string, body: string) => {
    const rel = `Quay/src/main/wso2mi/artifacts/sequences/${name}.xml`;
    put(rel, `<sequence ${S} name="${name}">\n${body}\n</sequence>`);
    return rel;
  };

  before(() => {
    fx = scratchProject('h6-s12-', 'Quay');
  });
  after(() => fx?.dispose());

  it("XPath: a comma before ')' ends the argument list (Jaxen XPathReader.arguments())", () => {
    const rel = seq(
      'Berth',
      `  <property name="dock" expression="concat('pier-', $ctx:slot,
      '-', get-property('tide'),
      )"/>
  <filter xpath="starts-with(get-property('dock'), 'pier',)"><then><drop/></then></filter>`,
    );
    assert.deepEqual(fx.findings(rel), []);
    const c = new TestContext({ props: { slot: '7', tide: 'high' } });
    assert.equal(
      compileExpression("concat('pier-', $ctx:slot, '-', get-property('tide'),)").evaluateString(c),
      'pier-7-high',
    );
  });

  it("dataServiceCall: an <operations> type MI does not know is a warning (addRootOperation's switch takes it as single)", () => {
    const rel = seq(
      'Ledger',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations type="batch_req">
      <operation name="addBook"><param name="title" value="Dune"/></operation>
      <operation name="addBook"><param name="title" value="Emma"/></operation>
    </operations>
  </dataServiceCall>`,
    );
    const rows = fx.validate(rel);
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['4 warning SYN103'],
    );
    assert.match(rows[0].message, /deploys it and builds the request as for 'single'/);
  });

  it('dataServiceCall: <operations> without an <operation> deploys (extractOperations takes none): a warning', () => {
    const rel = seq(
      'Tally',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations type="request-box"/>
  </dataServiceCall>`,
    );
    const rows = fx.validate(rel);
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['4 warning SYN106'],
    );
    assert.match(
      rows[0].message,
      /deploys it; unless a nested <operations> holds one, the call faults when it runs/,
    );
    // a nested <operations> is an Operations item of its parent (extractOperations), not an unknown element
    const nested = seq(
      'Tally2',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations type="request-box">
      <operations type="batch"><operation name="addBook"/><operation name="addBook"/></operations>
      <operation name="listBooks"/>
    </operations>
  </dataServiceCall>`,
    );
    assert.deepEqual(fx.findings(nested), []);
    // an <operation> without a name is passed over by extractOperations: a warning, not a refusal
    const nameless = seq(
      'Tally3',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations type="batch"><operation name="addBook"/><operation/></operations>
  </dataServiceCall>`,
    );
    assert.deepEqual(fx.findings(nameless), ['4 warning SYN102']);
    // configureTargetElement refuses a property target with an empty name
    const emptyTarget = seq(
      'Tally4',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations type="single"><operation name="listBooks"/></operations>
    <target type="property" name=""/>
  </dataServiceCall>`,
    );
    assert.deepEqual(fx.findings(emptyTarget), ['5 error SYN112']);
    // configureInlineSource: the top <operations> needs a type; a nested one does not
    const untyped = seq(
      'Tally5',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations><operations><operation name="a"/></operations><operation name="b"/></operations>
  </dataServiceCall>`,
    );
    assert.deepEqual(fx.findings(untyped), ['4 error SYN102']);
    // configureSourceElement: <operations> only with an inline source, which needs them
    const bodySource = seq(
      'Tally6',
      `  <dataServiceCall serviceName="Shelf">
    <operations type="single"><operation name="a"/></operations>
  </dataServiceCall>`,
    );
    assert.deepEqual(fx.findings(bodySource), ['3 error SYN112']);
    const noOps = seq(
      'Tally7',
      '  <dataServiceCall serviceName="Shelf"><source type="INLINE"/></dataServiceCall>',
    );
    assert.deepEqual(fx.findings(noOps), ['2 error SYN106']);
    const twoSingles = seq(
      'Tally8',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations type="single"><operation name="a"/><operation name="b"/></operations>
  </dataServiceCall>`,
    );
    assert.deepEqual(fx.findings(twoSingles), ['4 error SYN112']);
    // extractOperations refuses any other element among the operations
    const stray = seq(
      'Tally9',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations type="batch"><operation name="a"/><opertion name="b"/></operations>
  </dataServiceCall>`,
    );
    assert.deepEqual(fx.findings(stray), ['4 error SYN100']);
  });

  it('dataServiceCall: a param evaluator other than json is a warning (extractParams: only "json" is a JSONPath)', () => {
    const rel = seq(
      'Till',
      `  <dataServiceCall serviceName="Shelf">
    <source type="inline"/>
    <operations type="single">
      <operation name="findBook"><param name="id" evaluator="JSON" expression="//book/id"/></operation>
    </operations>
  </dataServiceCall>`,
    );
    const rows = fx.validate(rel);
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['5 warning SYN103'],
    );
    assert.match(rows[0].message, /deploys it and reads the expression as XPath/);
  });

  it('payloadFactory: the ${...} of an XML format are read like those of a JSON one (RegexTemplateProcessor.init)', () => {
    const rel = seq(
      'Crate',
      `  <payloadFactory media-type="xml">
    <format>
      <box xmlns="" width="\${vars.width}" tag="\${parcel.tag}">
        <label>\${payload.label}</label>
        <weight>\${args.weight}</weight>
      </box>
    </format>
    <args/>
  </payloadFactory>
  <payloadFactory media-type="xml" template-type="freemarker">
    <format><box xmlns="">\${args.weight}</box></format>
    <args/>
  </payloadFactory>`,
    );
    assert.deepEqual(fx.findings(rel), ['4 error EXPR_UNKNOWN_VARIABLE', '6 error EXPR_UNKNOWN_VARIABLE']);
  });

  it('http endpoint OAuth: customHeaders and proxyConfigs are read (OAuthUtils.getCustomHeaders, getProxyConfigs)', () => {
    const rel = 'Quay/src/main/wso2mi/artifacts/endpoints/Harbour.xml';
    put(
      rel,
      `<endpoint ${S} name="Harbour">
  <http method="get" uri-template="https://harbour.example.org/berths">
    <authentication>
      <oauth>
        <clientCredentials>
          <clientId>quay</clientId>
          <clientSecret>tide</clientSecret>
          <tokenUrl>https://harbour.example.org/token</tokenUrl>
          <customHeaders><header name="X-Pier">north</header></customHeaders>
          <proxyConfigs><proxyHost>gate.example.org</proxyHost><proxyPort>3128</proxyPort><proxyProtocol>http</proxyProtocol></proxyConfigs>
        </clientCredentials>
      </oauth>
    </authentication>
  </http>
</endpoint>`,
    );
    assert.deepEqual(fx.findings(rel), []);
  });

  it('header: an unprefixed MessageID or a {...} name in the default scope is refused (HeaderMediatorFactory)', () => {
    const rel = seq(
      'Stamp',
      `  <header name="MessageID" value="urn:uuid:1"/>
  <header name="{$ctx:hname}" value="1"/>
  <header name="ReplyTo" value="http://reply.example.org"/>`,
    );
    assert.deepEqual(fx.findings(rel), ['2 error SYN502', '3 error SYN502']);
  });

  it('dblookup/dbreport <pool>: what AbstractDBMediatorFactory needs to build the data source', () => {
    const sql = '<statement><sql>select 1</sql></statement>';
    const rel = seq(
      'Ledger2',
      `  <dblookup><connection><pool><url>jdbc:mysql://db.example.org/shop</url><user>u</user><password>p</password></pool></connection>${sql}</dblookup>
  <dblookup><connection><pool><driver>org.mariadb.jdbc.Driver</driver><url>jdbc:mariadb://db.example.org/shop</url></pool></connection>${sql}</dblookup>
  <dbreport><connection><pool><dsName>jdbc/Shop</dsName><icClass>org.example.Ctx</icClass></pool></connection>${sql}</dbreport>
  <dbreport><connection><pool><dsName>jdbc/Shop</dsName></pool></connection>${sql}</dbreport>
  <dblookup><connection><pool><driver>d</driver><url>u</url><user>u</user><password>p</password></pool></connection>${sql}</dblookup>`,
    );
    const rows = fx.validate(rel);
    assert.deepEqual(
      rows.map((f) => `${f.line} ${f.severity} ${f.code}`),
      ['2 error SYN106', '3 error SYN106', '4 error SYN106'],
    );
    assert.match(rows[1].message, /needs <user>, <password>/);
  });

  it('XPath: an empty argument is still refused (Jaxen expr() finds no expression at a comma)', () => {
    const rel = seq(
      'Anchor',
      `  <property name="a" expression="concat('x',,'y')"/>
  <property name="b" expression="concat(,'y')"/>`,
    );
    assert.deepEqual(fx.findings(rel), ['2 error EXPR_XPATH_SYNTAX', '3 error EXPR_XPATH_SYNTAX']);
  });
});

describe('synapse run: third-party configurations MI deploys (H6, session 12)', () => {
  it("property scope 'synapse' is refused as PropertyMediatorFactory refuses it (validate already said so)", () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Scope.xml',
        text: `<sequence ${S} name="Scope"><property name="p" scope="synapse" value="x"/></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.code),
      ['RT_BAD_SCOPE'],
    );
  });

  it('dblookup: a JNDI lookup with an initial context class needs url, user and password (readLookupConfig)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Jndi.xml',
        text: `<sequence ${S} name="Jndi"><dblookup><connection><pool><dsName>jdbc/Shop</dsName><icClass>org.example.Ctx</icClass><url>ldap://ctx.example.org</url></pool></connection><statement><sql>select 1</sql></statement></dblookup></sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => p.message),
      ['Unable to read configuration value for : user', 'Unable to read configuration value for : password'],
    );
  });

  it('header: what HeaderMediatorFactory refuses is refused at load (no prefix, undeclared prefix, other scope)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Hdr.xml',
        text: `<sequence ${S} name="Hdr">
  <header name="Trace" action="remove"/>
  <header name="q:Trace" value="1"/>
  <header name="Trace" scope="soap" value="1"/>
  <header xmlns:q="urn:q" name="q:Trace" value="1"/>
  <header name="Trace" scope="transport" value="1"/>
  <header name="ReplyTo" value="http://reply.example.org"/>
</sequence>`,
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.line} ${p.code}`),
      ['2 RT_BAD_MEDIATOR', '3 RT_BAD_MEDIATOR', '4 RT_BAD_MEDIATOR'],
    );
  });

  it('script: an E4X literal with a computed name deploys with the E4X warning, not as a syntax error', () => {
    assert.equal(findE4x('row[c] += <gsx:{c} xmlns:gsx="urn:s">{v}</gsx:{c}>;')?.at, 10);
    assert.equal(findE4x('x = <{n}>1</{n}>;')?.what, 'an XML literal');
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Sheet.xml',
        text: `<sequence ${S} name="Sheet"><script language="js"><![CDATA[
var row = mc.getPayloadXML();
var col = 'price';
row[col] += <gsx:{col} xmlns:gsx="urn:sheet">{mc.getProperty('v')}</gsx:{col}>;
mc.setPayloadXML(row);
]]></script></sequence>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
    assert.deepEqual(
      res.warnings.map((w) => w.code),
      ['RT_UNSUPPORTED'],
    );
    assert.match(res.warnings[0]!.message, /E4X \(an XML literal at Sheet\.xml:4\)/);
  });
});
