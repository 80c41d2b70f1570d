/**
 * Configurations written by others (G, session 15: a third sweep of public repositories not swept before). Our own
 * minimal fixtures reproducing each pattern; the MI/Synapse/Woodstox source that proves the case is named in its
 * title. Where MI refuses, the finding stays and `synapse run` refuses too.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { send, startRuntime } from '../runtime/helpers';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: configurations of others (G, session 15)', () => {
  let fx: ScratchProject;
  const put = (kind: string, name: string, text: string) => {
    const rel = `Quay/src/main/wso2mi/artifacts/${kind}/${name}.xml`;
    fx.put(rel, text);
    return rel;
  };

  before(() => {
    fx = scratchProject('g-s15-', 'Quay');
  });
  after(() => fx?.dispose());

  it("'--' in a comment before or inside the root element is refused as Woodstox refuses it (BasicStreamReader.readComment/skipCommentOrCData: String '--' not allowed in comment); after the root a warning", () => {
    const banner = put(
      'apis',
      'Pier',
      `<!--\n  ==== pier ====\n  -------------\n-->\n<api ${S} name="Pier" context="/pier">\n  <resource methods="GET"><inSequence><respond/></inSequence></resource>\n</api>`,
    );
    assert.deepEqual(fx.findings(banner), ['1 error XML_BAD_COMMENT']);
    const inside = put(
      'sequences',
      'Jetty',
      `<sequence ${S} name="Jetty">\n  <log/>\n  <!-- old: <log level="full"/> --->\n</sequence>`,
    );
    assert.deepEqual(fx.findings(inside), ['3 error XML_BAD_COMMENT']);
    const after = put(
      'sequences',
      'Mole',
      `<sequence ${S} name="Mole"><log/></sequence>\n<!-- -- end -- -->`,
    );
    assert.deepEqual(fx.findings(after), ['2 warning XML_BAD_COMMENT']);
    const fine = put(
      'sequences',
      'Wharf',
      `<sequence ${S} name="Wharf"><!-- a - b --><!----><log/></sequence>`,
    );
    assert.deepEqual(fx.findings(fine), []);
  });
  it('a filter/switch regex or property pattern that Pattern.compile refuses is an error, as their factories compile it at deploy (FilterMediatorFactory, SwitchMediatorFactory, PropertyMediatorFactory); a rewrite replace regex is not judged (RewriteAction compiles it when it runs)', () => {
    const bad = put(
      'sequences',
      'Lockgate',
      `<sequence ${S} name="Lockgate">
  <filter source="$ctx:to" regex="*/orders.*"><then><drop/></then></filter>
  <switch source="$ctx:to"><case regex="(open|shut"><drop/></case></switch>
  <property name="p" expression="$ctx:to" pattern="[a-z"/>
  <rewrite inProperty="to" outProperty="o"><rewriterule><action type="replace" fragment="path" regex="*.x" value="/y"/></rewriterule></rewrite>
</sequence>`,
    );
    assert.deepEqual(fx.findings(bad), ['2 error SYN104', '3 error SYN104', '4 error SYN104']);
    const javaOnly = put(
      'sequences',
      'Weir',
      `<sequence ${S} name="Weir">
  <filter source="$ctx:to" regex="(?i)/ORDERS/.*+"><then><drop/></then></filter>
  <switch source="$ctx:to"><case regex="\\Q*.x\\E|\\p{Alpha}+"><drop/></case><case regex="a(?i)b"><drop/></case></switch>
  <property name="p" expression="$ctx:to" pattern="\\p{InGreek}+"/>
</sequence>`,
    );
    assert.deepEqual(fx.findings(javaOnly), []);
  });
  it('data service: disableStreaming on a <resource> is read as on an <operation> (MI ResourceFactory.createResource, DBSFields.DISABLE_STREAMING), inputNamespace on a <query> (QueryFactory.extractQueryInputNamespace)', () => {
    const rel = 'Quay/src/main/wso2mi/artifacts/data-services/Tide.dbs';
    fx.put(
      rel,
      `<data name="Tide" transports="http https">
  <config id="tides"><property name="driverClassName">org.h2.Driver</property><property name="url">jdbc:h2:mem:tide</property><property name="username">u</property><property name="password">p</property></config>
  <query id="levels" useConfig="tides" inputNamespace="urn:tide:in"><sql>SELECT 1</sql></query>
  <operation name="levelsOp" disableStreaming="true"><call-query href="levels"/></operation>
  <resource method="GET" path="/levels" disableStreaming="true"><call-query href="levels"/></resource>
</data>`,
    );
    assert.deepEqual(fx.findings(rel), []);
  });
  it('a workspace folder (no pom.xml) holding two Integration Studio projects side by side validates them as separate projects: the same endpoint name in each is no duplicate', () => {
    const ep = (name: string) =>
      `<endpoint ${S} name="${name}"><address uri="http://localhost:9000/harbour"/></endpoint>`;
    for (const p of ['Ebb', 'Flow']) {
      fx.put(
        `Moorings/${p}/pom.xml`,
        `<project><artifactId>${p}</artifactId><version>1.0.0</version></project>`,
      );
      fx.put(`Moorings/${p}/src/main/synapse-config/endpoints/Buoy.xml`, ep('Buoy'));
    }
    assert.deepEqual(
      fx.validate('Moorings').map((f) => f.code),
      [],
    );
    // with a parent pom the folders are modules of one project: then the names clash (SYN201)
    fx.put('Berths/pom.xml', '<project><artifactId>Berths</artifactId><version>1.0.0</version></project>');
    for (const p of ['BerthsConfigs', 'BerthsMoreConfigs'])
      fx.put(`Berths/${p}/src/main/synapse-config/endpoints/Buoy.xml`, ep('Buoy'));
    assert.deepEqual(
      fx.validate('Berths').map((f) => f.code),
      ['SYN201', 'SYN201'],
    );
  });
  it('a JSONPath calling a function Jayway does not have, or with extra arguments, is a warning: Jayway looks functions up when it evaluates (FunctionPathToken.evaluate, PathFunctionFactory.newFunction); in a Synapse expression it stays an error', () => {
    const rel = put(
      'sequences',
      'Sextant',
      `<sequence ${S} name="Sextant">
  <property name="a" expression="json-eval($.legs.total())"/>
  <payloadFactory media-type="json"><format>{"b": "$1", "c": "$2"}</format><args><arg evaluator="json" expression="get-property('leg')"/><arg evaluator="json" expression="$.legs.length(2)"/></args></payloadFactory>
  <property name="d" expression="\${payload.legs.total()}"/>
</sequence>`,
    );
    assert.deepEqual(fx.findings(rel), [
      '2 warning EXPR_UNKNOWN_FUNCTION',
      '3 warning EXPR_UNKNOWN_FUNCTION',
      '3 warning EXPR_BAD_ARITY',
      '4 error EXPR_UNKNOWN_FUNCTION',
    ]);
  });
});

describe('synapse run: configurations of others (G, session 15)', () => {
  it("a configuration file with '--' in a comment inside its root element fails the load (Woodstox), one with it after the root deploys", () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      { name: 'Dock.xml', text: `<sequence ${S} name="Dock"><!-- ---- --><log/></sequence>` },
      { name: 'Berth.xml', text: `<sequence ${S} name="Berth"><log/></sequence><!-- ---- -->` },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.file} ${p.code}`),
      ['Dock.xml XML_BAD_COMMENT'],
    );
  });
  it('rewrite: a replace action whose regex does not compile deploys, and fails when it runs (URLRewriteMediatorFactory keeps the string; RewriteAction calls String.replaceAll at mediation)', async () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Lock.xml',
        text: `<sequence ${S} name="Lock"><rewrite inProperty="u" outProperty="o"><rewriterule><action type="replace" fragment="path" regex="*.json" value="/x"/></rewriterule></rewrite></sequence>`,
      },
    ]);
    assert.deepEqual(res.problems, []);
    const t = await startRuntime({
      'Sluice.xml': `<api ${S} name="Sluice" context="/sluice"><resource methods="GET"><inSequence>
         <property name="u" value="http://example.org/a/b.json"/>
         <rewrite inProperty="u" outProperty="o"><rewriterule><action type="replace" fragment="path" regex="*.json" value="/x"/></rewriterule></rewrite>
         <payloadFactory media-type="json"><format>{"o": "$1"}</format><args><arg expression="$ctx:o"/></args></payloadFactory>
         <respond/>
       </inSequence><faultSequence><payloadFactory media-type="json"><format>{"failed": true}</format><args/></payloadFactory><respond/></faultSequence></resource></api>`,
    });
    try {
      const r = await send(`${t.base}/sluice`);
      assert.deepEqual(r.json(), { failed: true });
    } finally {
      await t.close();
    }
  });
  it('a payloadFactory JSON argument calling a function Jayway does not have deploys and gives an empty value (SynapseJsonPath.stringValueOf returns "" when evaluating throws)', async () => {
    const t = await startRuntime({
      'Astrolabe.xml': `<api ${S} name="Astrolabe" context="/astrolabe"><resource methods="POST"><inSequence>
         <payloadFactory media-type="json"><format>{"b": "$1", "n": "$2"}</format><args><arg evaluator="json" expression="get-property('leg')"/><arg evaluator="json" expression="$.legs.length()"/></args></payloadFactory>
         <respond/>
       </inSequence></resource></api>`,
    });
    try {
      const r = await send(`${t.base}/astrolabe`, { body: '{"legs":[1,2,3]}', type: 'application/json' });
      assert.deepEqual(r.json(), { b: '', n: '3' });
    } finally {
      await t.close();
    }
  });
  it('a switch case regex with its inline flags after a leading ^ (^(?i)(true|false)$) deploys and matches as Pattern does', async () => {
    const t = await startRuntime({
      'Pilot.xml': `<api ${S} name="Pilot" context="/pilot"><resource methods="GET" uri-template="/{flag}"><inSequence>
         <switch source="$ctx:uri.var.flag">
           <case regex="^(?i)(true|false)$"><payloadFactory media-type="json"><format>{"flag": "boolean"}</format><args/></payloadFactory></case>
           <default><payloadFactory media-type="json"><format>{"flag": "other"}</format><args/></payloadFactory></default>
         </switch>
         <respond/>
       </inSequence></resource></api>`,
    });
    try {
      assert.deepEqual((await send(`${t.base}/pilot/TRUE`)).json(), { flag: 'boolean' });
      assert.deepEqual((await send(`${t.base}/pilot/maybe`)).json(), { flag: 'other' });
    } finally {
      await t.close();
    }
  });
});
