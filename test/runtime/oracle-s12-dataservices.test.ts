/**
 * Session 12 oracle sweep of data services against MI's dataservice-hosting-tests and the MI documentation, on a
 * private PostgreSQL (dataservicePg.ts). Our own tables, services and values.
 * - the dataServiceCall mediator (MI DataServiceCallMediator; MI InlineConfigTestCase, SourceTypeBodyTestCase,
 *   JsonPayloadTestCase, TargetTypePropertyTestCase): inline single/batch/request-box operations, the body as the
 *   request (XML and JSON, batch and request box), the result into the body or a property, no result.
 */
import assert from 'node:assert/strict';
import { startPostgres, type PgCluster } from './dataservicePg';
import { NS, send, startRuntime, type TestRuntime } from './helpers';
import { Runtime } from '../../runtime-debug/engine';

const SEED = `
CREATE TABLE crew (code varchar(10) PRIMARY KEY, given varchar(40), family varchar(40), rank_no integer);
CREATE TABLE nobody (label varchar(20));
CREATE TABLE events (label varchar(20), at timestamp);
INSERT INTO crew VALUES ('c1', 'Orla', 'Brandt', 3);
`;

const dbs = (
  port: number,
) => `<data name="Crew" enableBatchRequests="true" enableBoxcarring="true" transports="http https">
  <config id="pg">
    <property name="driverClassName">org.postgresql.Driver</property>
    <property name="url">jdbc:postgresql://127.0.0.1:${port}/ship</property>
    <property name="username">postgres</property>
    <property name="password">x</property>
  </config>
  <query id="oneQ" useConfig="pg">
    <sql>SELECT code, given, family, rank_no FROM crew WHERE code = :code</sql>
    <param name="code" sqlType="STRING"/>
    <result element="Members" rowName="Member">
      <element column="code" name="Code"/>
      <element column="given" name="Given"/>
      <element column="family" name="Family"/>
      <element column="rank_no" name="Rank" xsdType="integer"/>
    </result>
  </query>
  <query id="noneQ" useConfig="pg">
    <sql>SELECT label FROM nobody</sql>
    <result element="Labels" rowName="Label"><element column="label" name="Text"/></result>
  </query>
  <query id="addQ" useConfig="pg">
    <sql>INSERT INTO crew (code, given, family, rank_no) VALUES (:code, :given, :family, :rank)</sql>
    <param name="code" sqlType="STRING"/>
    <param name="given" sqlType="STRING"/>
    <param name="family" sqlType="STRING"/>
    <param name="rank" sqlType="INTEGER"/>
  </query>
  <query id="dropQ" useConfig="pg">
    <sql>DELETE FROM crew WHERE code = :code</sql>
    <param name="code" sqlType="STRING"/>
  </query>
  <operation name="enlist" returnRequestStatus="true">
    <call-query href="addQ">
      <with-param name="code" query-param="code"/>
      <with-param name="given" query-param="given"/>
      <with-param name="family" query-param="family"/>
      <with-param name="rank" query-param="rank"/>
    </call-query>
  </operation>
  <operation name="discharge">
    <call-query href="dropQ"><with-param name="code" query-param="code"/></call-query>
  </operation>
  <operation name="member">
    <call-query href="oneQ"><with-param name="code" query-param="code"/></call-query>
  </operation>
  <query id="typedQ" useConfig="pg">
    <sql>SELECT code, rank_no, rank_no * 1.5 AS half, rank_no &gt; 2 AS senior, NULL AS note, '0042' AS tag FROM crew WHERE code = :code</sql>
    <param name="code" sqlType="STRING"/>
    <result element="Typed" rowName="Row">
      <attribute column="code" name="code"/>
      <element column="rank_no" name="AsString"/>
      <element column="rank_no" name="AsInt" xsdType="xs:int"/>
      <element column="half" name="AsDouble" xsdType="double"/>
      <element column="half" name="AsDecimal" xsdType="xs:decimal"/>
      <element column="senior" name="AsBool" xsdType="boolean"/>
      <element column="note" name="Nothing" xsdType="integer"/>
      <element column="tag" name="Tag" xsdType="long"/>
      <element name="Group"><element column="code" name="Inner"/></element>
      <call-query href="noneQ"/>
    </result>
  </query>
  <query id="mappedQ" useConfig="pg">
    <sql>SELECT code, rank_no FROM crew WHERE code = :code</sql>
    <param name="code" sqlType="STRING"/>
    <result outputType="json">{"Roster": {"Entry": [{"code": "$code", "rank": "$rank_no(type:integer)", "plain": "$rank_no"}]}}</result>
  </query>
  <query id="spacedQ" useConfig="pg">
    <sql>SELECT given FROM crew WHERE code = ?</sql>
    <param name="   code  " ordinal="1" sqlType="STRING"/>
    <result element="Names" rowName=""><element column="given" name="Given"/></result>
  </query>
  <operation name="spaced">
    <call-query href="spacedQ"><with-param name=" code " query-param="  code "/></call-query>
  </operation>
  <query id="dynQ" useConfig="pg">
    <sql>SELECT :cols FROM crew WHERE code = :code AND family &lt;&gt; '?'</sql>
    <param name="cols" sqlType="QUERY_STRING"/>
    <param name="code" sqlType="STRING"/>
    <result element="Picked" rowName=""><element column="family" name="Family"/><element column="rank_no" name="Rank"/></result>
  </query>
  <resource method="GET" path="pick">
    <call-query href="dynQ"><with-param name="cols" query-param="cols"/><with-param name="code" query-param="code"/></call-query>
  </resource>
  <query id="eventQ" useConfig="pg">
    <sql>INSERT INTO events (label, at) VALUES (:label, :at)</sql>
    <param name="label" sqlType="STRING"/>
    <param name="at" sqlType="TIMESTAMP"/>
  </query>
  <operation name="event" returnRequestStatus="true">
    <call-query href="eventQ"><with-param name="label" query-param="label"/><with-param name="at" query-param="at"/></call-query>
  </operation>
  <operation name="byCode">
    <call-query href="oneQ"><with-param name="code" query-param="MemberCode"/></call-query>
  </operation>
  <query id="ctrlQ" useConfig="pg">
    <sql>SELECT 'a' || chr(1) || 'b' || chr(8) AS raw</sql>
    <result element="Ctrl" rowName="" escapeNonPrintableChar="TRUE"><element column="raw" name="Raw"/></result>
  </query>
  <operation name="ctrl"><call-query href="ctrlQ"/></operation>
  <query id="firstTwoQ" useConfig="pg">
    <sql>SELECT g AS code FROM generate_series(1, 5) g</sql>
    <properties><property name="maxRows">2</property><property name="queryTimeout">30</property></properties>
    <result element="Codes" rowName=""><element column="code" name="Code"/></result>
  </query>
  <operation name="firstTwo"><call-query href="firstTwoQ"/></operation>
  <query id="someQ" useConfig="pg">
    <sql>SELECT g FROM generate_series(1, 9) g WHERE g::text IN (:picks) ORDER BY g</sql>
    <param name="picks" sqlType="STRING" paramType="ARRAY" defaultValue="2,'7',\\9"/>
    <result element="Picks" rowName=""><element column="g" name="G"/></result>
  </query>
  <resource method="GET" path="picks">
    <call-query href="someQ"><with-param name="picks" query-param="picks"/></call-query>
  </resource>
  <query id="openQuoteQ" useConfig="pg">
    <sql>SELECT g FROM generate_series(1, 9) g WHERE g::text IN (:picks) ORDER BY g</sql>
    <param name="picks" sqlType="STRING" paramType="ARRAY" defaultValue="3,'8"/>
    <result element="Picks" rowName=""><element column="g" name="G"/></result>
  </query>
  <resource method="GET" path="openQuote">
    <call-query href="openQuoteQ"><with-param name="picks" query-param="picks"/></call-query>
  </resource>
  <query id="nsQ" useConfig="pg">
    <sql>SELECT code, given FROM crew WHERE code = 'c1'</sql>
    <result element="Ns" rowName="Row" defaultNamespace="urn:rows">
      <element column="code" name="Code" namespace="urn:own"/>
      <element name="Group" namespace="urn:group"><element column="given" name="Given"/><element column="given" name="Again" namespace="urn:inner"/></element>
    </result>
  </query>
  <operation name="ns"><call-query href="nsQ"/></operation>
  <query id="nextRankQ" useConfig="pg">
    <sql>SELECT 40 + count(*) AS next FROM crew WHERE code = 'c1'</sql>
    <result element="Next" rowName=""><element column="next" name="Rank" export="rank"/></result>
  </query>
  <query id="rankedQ" useConfig="pg">
    <sql>INSERT INTO crew (code, given, family, rank_no) VALUES (:code, 'Exported', 'Rank', :rank)</sql>
    <param name="code" sqlType="STRING"/>
    <param name="rank" sqlType="INTEGER"/>
  </query>
  <operation name="nextRank"><call-query href="nextRankQ"/></operation>
  <operation name="enlistRanked"><call-query href="rankedQ"><with-param name="code" query-param="code"/></call-query></operation>
  <query id="defQ" useConfig="pg">
    <sql>SELECT :word AS w</sql>
    <param name="word" sqlType="STRING" defaultValue="fallback" forceDefault="true"/>
    <result element="Words" rowName=""><element column="w" name="W"/></result>
  </query>
  <operation name="word"><call-query href="defQ"><with-param name="word" query-param="word"/></call-query></operation>
  <operation name="labels"><call-query href="noneQ"/></operation>
  <resource method="GET" path="typed/{code}">
    <call-query href="typedQ"><with-param name="code" query-param="code"/></call-query>
  </resource>
  <resource method="GET" path="mapped/{code}">
    <call-query href="mappedQ"><with-param name="code" query-param="code"/></call-query>
  </resource>
  <resource method="GET" path="member/{code}">
    <call-query href="oneQ"><with-param name="code" query-param="code"/></call-query>
  </resource>
</data>`;

const api = (name: string, context: string, inSeq: string, method = 'GET', fault = '') =>
  `<api ${NS} name="${name}" context="${context}"><resource methods="${method}" uri-template="/*"><inSequence>${inSeq}</inSequence>${fault}</resource></api>`;

const ERROR_TO_BODY =
  '<faultSequence><payloadFactory media-type="xml"><format><F xmlns=""><M>$1</M></F></format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>';

describe('oracle s12: data services (MI dataservice-hosting-tests)', function () {
  this.timeout(60000);
  let pg: PgCluster;
  let t: TestRuntime;
  const rows = (where: string) =>
    pg.sql(`SELECT code, given, family, rank_no FROM crew WHERE ${where} ORDER BY code`, 'ship').trim();

  before(async () => {
    pg = await startPostgres();
    pg.sql('CREATE DATABASE ship');
    pg.sql(SEED, 'ship');
    t = await startRuntime({
      'dataservices/Crew.dbs': dbs(pg.port),
      'apis/InlineOne.xml': api(
        'InlineOne',
        '/inl1',
        `<dataServiceCall serviceName="Crew"><source type="inline"/>
          <operations type="single"><operation name="enlist">
            <param name="code" value="c2"/><param name="Given" expression="$url:given"/>
            <param name="family" value="Okafor"/><param name="rank" value="5"/>
          </operation></operations><target type="body"/></dataServiceCall><respond/>`,
      ),
      'apis/InlineBatch.xml': api(
        'InlineBatch',
        '/inlb',
        `<dataServiceCall serviceName="Crew"><source type="inline"/>
          <operations type="batch">
            <operation name="enlist"><param name="code" value="c3"/><param name="given" value="Ines"/><param name="family" value="Lund"/><param name="rank" value="1"/></operation>
            <operation name="enlist"><param name="code" value="c4"/><param name="given" value="Ravi"/><param name="family" value="Sato"/><param name="rank" value="2"/></operation>
          </operations><target type="body"/></dataServiceCall><respond/>`,
      ),
      'apis/InlineBox.xml': api(
        'InlineBox',
        '/inlx',
        `<dataServiceCall serviceName="Crew"><source type="inline"/>
          <operations type="request-box">
            <operation name="enlist"><param name="code" value="c5"/><param name="given" value="Mira"/><param name="family" value="Holm"/><param name="rank" value="4"/></operation>
            <operation name="member"><param name="code" value="c5"/></operation>
          </operations><target type="body"/></dataServiceCall><respond/>`,
      ),
      'apis/InlineEmpty.xml': api(
        'InlineEmpty',
        '/inle',
        `<dataServiceCall serviceName="Crew"><source type="inline"/>
          <operations type="single"><operation name="labels"></operation></operations>
          <target type="body"/></dataServiceCall><respond/>`,
      ),
      'apis/ToProp.xml': api(
        'ToProp',
        '/prop',
        `<dataServiceCall serviceName="Crew"><source type="inline"/>
          <operations type="single"><operation name="member"><param name="code" value="c1"/></operation></operations>
          <target type="property" name="found"/></dataServiceCall>
          <payloadFactory media-type="xml"><format><Out xmlns=""><Family>$1</Family><Keep>$2</Keep></Out></format>
          <args><arg expression="$ctx:found//*[local-name()='Family']"/><arg expression="//probe"/></args></payloadFactory><respond/>`,
      ),
      'apis/FromBody.xml': api(
        'FromBody',
        '/body',
        `<dataServiceCall serviceName="Crew"><source type="body"/><target type="body"/></dataServiceCall><respond/>`,
        'POST',
      ),
      'apis/NoResult.xml': api(
        'NoResult',
        '/none',
        `<dataServiceCall serviceName="Crew"><source type="body"/><target type="body"/></dataServiceCall>
         <log level="custom"><property name="mt" expression="$axis2:messageType"/></log><respond/>`,
        'POST',
      ),
      'apis/Missing.xml': api(
        'Missing',
        '/missing',
        `<dataServiceCall serviceName="NoSuchService"><source type="body"/><target type="body"/></dataServiceCall><respond/>`,
        'POST',
        ERROR_TO_BODY,
      ),
      'apis/DsFault.xml': api(
        'DsFault',
        '/dsfault',
        `<dataServiceCall serviceName="Crew"><source type="inline"/>
          <operations type="single"><operation name="enlist"><param name="code" value="c1"/><param name="rank" value="x"/></operation></operations>
          </dataServiceCall><respond/>`,
        'GET',
        ERROR_TO_BODY,
      ),
    });
  });
  after(async () => {
    await t?.close();
    pg?.stop();
  });

  describe('JSON answers: Axis2 Gson JsonFormatter over the answer schema (MI JsonStreamFormatter for .dbs services)', () => {
    it('one row is an array; values typed by xsdType (string by default); nil is null; an empty wrapper is {}; no attributes', async () => {
      const r = await send(`${t.base}/services/Crew/typed/c1`, { headers: { Accept: 'application/json' } });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('content-type'), 'application/json; charset=UTF-8');
      assert.equal(
        r.text,
        '{"Typed":{"Row":[{"AsString":"3","AsInt":3,"AsDouble":4.5,"AsDecimal":"4.5","AsBool":true,"Nothing":null,' +
          '"Tag":42,"Group":{"Inner":"c1"},"Labels":{}}]}}',
      );
      // the JSON mapping: (type:integer) is a number, no type a string
      const m = await send(`${t.base}/services/Crew/mapped/c1`, { headers: { Accept: 'application/json' } });
      assert.deepEqual(JSON.parse(m.text), { Roster: { Entry: [{ code: 'c1', rank: 3, plain: '3' }] } });
      // no row: the empty wrapper
      const none = await send(`${t.base}/services/Crew/typed/zz`, {
        headers: { Accept: 'application/json' },
      });
      assert.equal(none.text, '{"Typed":{}}');
    });
  });

  it('trims the names of params and with-params (MI WhiteSpaceWithQueryParamsTest)', async () => {
    const r = await send(`${t.base}/services/Crew/spaced`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<spaced><code>c1</code></spaced>',
    });
    assert.equal(r.text, '<Names xmlns="http://ws.wso2.org/dataservice"><Given>Orla</Given></Names>');
  });

  it('writes a QUERY_STRING param into the SQL in place of its ? (ExpressionQuery.processDynamicQuery; MI RegexTestCase)', async () => {
    const r = await send(`${t.base}/services/Crew/pick?cols=family,rank_no&code=c1`);
    assert.equal(
      r.text,
      '<Picked xmlns="http://ws.wso2.org/dataservice"><Family>Brandt</Family><Rank>3</Rank></Picked>',
    );
  });

  it('reads a TIMESTAMP param as ConverterUtil.convertToDateTime does and binds the local time (SQLQuery.setTimestampValue)', async () => {
    const ev = (label: string, at: string) =>
      send(`${t.base}/services/Crew/event`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml' },
        body: `<event><label>${label}</label><at>${at}</at></event>`,
      });
    assert.match((await ev('zoned', '2026-03-04T05:06:07.250Z')).text, />SUCCESSFUL</);
    const d = new Date(Date.UTC(2026, 2, 4, 5, 6, 7, 250));
    const p2 = (n: number) => String(n).padStart(2, '0');
    const local = `2026-${p2(d.getMonth() + 1)}-${p2(d.getDate())} ${p2(d.getHours())}:${p2(d.getMinutes())}:07.25`;
    assert.equal(pg.sql("SELECT at FROM events WHERE label = 'zoned'", 'ship').trim(), local);
    // a space instead of the T: ConverterUtil's RuntimeException, a DATABASE_ERROR
    const bad = await ev('spaced', '2026-03-04 05:06:07');
    assert.equal(bad.status, 500);
    assert.match(
      bad.text,
      /<axis2ns1:nested_exception>java.lang.RuntimeException: invalid date format \(2026-03-04 05:06:07\) with out - s at correct place <\/axis2ns1:nested_exception>/,
    );
    assert.match(bad.text, /<axis2ns1:ds_code>DATABASE_ERROR<\/axis2ns1:ds_code>/);
    // too short: ConverterUtil's NumberFormatException, which processPreNormalQuery makes INCOMPATIBLE_PARAMETERS_ERROR
    const short = await ev('short', '2026-03-04');
    assert.equal(short.status, 500);
    assert.match(
      short.text,
      /java.lang.NumberFormatException: date string can not be less than 19 characters/,
    );
    assert.match(short.text, /<axis2ns1:ds_code>INCOMPATIBLE_PARAMETERS_ERROR<\/axis2ns1:ds_code>/);
    // a zone without its colon: ConverterUtil's RuntimeException, a DATABASE_ERROR
    const colonless = await ev('colonless', '2026-03-04T05:06:07+0530');
    assert.match(
      colonless.text,
      /invalid time zone format \(2026-03-04T05:06:07\+0530\) without : at correct place/,
    );
    assert.match(colonless.text, /<axis2ns1:ds_code>DATABASE_ERROR<\/axis2ns1:ds_code>/);
    assert.match((await ev('offset', '2026-03-04T05:06:07.5-02:30')).text, />SUCCESSFUL</);
  });

  it('a missing with-param faults naming it as written (CallQuery.extractParams: getOriginalName)', async () => {
    // a SOAP request: the fault's reason is the full message
    const r = await send(`${t.base}/services/Crew/byCode`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/xml', SOAPAction: 'urn:byCode' },
      body: '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><byCode><other>c1</other></byCode></soapenv:Body></soapenv:Envelope>',
    });
    assert.equal(r.status, 500);
    assert.match(
      r.text,
      /<faultstring>DS Fault Message: Error in 'CallQuery.extractParams', cannot find parameter with type:query-param name:MemberCode\n/,
    );
  });

  it("answers a form request through the form formatter: the result's children as name=own text", async () => {
    const form = (path: string, body: string) =>
      send(`${t.base}/services/Crew/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    const r = await form('member', 'code=c1');
    assert.equal(r.headers.get('content-type'), 'application/x-www-form-urlencoded; charset=UTF-8');
    assert.equal(r.text, 'Member=');
    const s = await form('enlist', 'code=f1&given=Ann%20Lee&family=Roe&rank=2');
    assert.equal(s.status, 200);
    assert.equal(s.text, '');
    // Accept: application/json still wins (DBInOutMessageReceiver)
    const j = await send(`${t.base}/services/Crew/member`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: 'code=c1',
    });
    assert.equal(JSON.parse(j.text).Members.Member[0].Given, 'Orla');
  });

  it('escapeNonPrintableChar writes characters XML cannot hold as ? (StaticOutputElement; MI DS1090 test)', async () => {
    const r = await send(`${t.base}/services/Crew/ctrl`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<ctrl/>',
    });
    assert.equal(r.text, '<Ctrl xmlns="http://ws.wso2.org/dataservice"><Raw>a?b?</Raw></Ctrl>');
  });

  it('reads at most maxRows rows (the query properties; SQLQuery setMaxRows)', async () => {
    const r = await send(`${t.base}/services/Crew/firstTwo`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<firstTwo/>',
    });
    assert.equal(
      r.text,
      '<Codes xmlns="http://ws.wso2.org/dataservice"><Code>1</Code><Code>2</Code></Codes>',
    );
  });

  it("an ARRAY param's default value is split at its commas (CallQuery.getParamValueListFromString)", async () => {
    const r = await send(`${t.base}/services/Crew/picks`);
    assert.equal(r.text, '<Picks xmlns="http://ws.wso2.org/dataservice"><G>2</G><G>7</G><G>9</G></Picks>');
    const given = await send(`${t.base}/services/Crew/picks?picks=4&picks=5`);
    assert.equal(given.text, '<Picks xmlns="http://ws.wso2.org/dataservice"><G>4</G><G>5</G></Picks>');
    // a default that ends inside its quote is refused when it is evaluated, not split
    const open = await send(`${t.base}/services/Crew/openQuote`);
    assert.equal(open.status, 500);
    assert.match(open.text, /<axis2ns1:ds_code>UNKNOWN_ERROR<\/axis2ns1:ds_code>/);
  });

  it("an output element's own namespace attribute overrides the row's (QueryFactory.createStaticOutputElement)", async () => {
    const r = await send(`${t.base}/services/Crew/ns`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<ns/>',
    });
    assert.equal(
      r.text,
      '<Ns xmlns="urn:rows"><Row><Code xmlns="urn:own">c1</Code><Group xmlns="urn:group"><Given>Orla</Given><Again xmlns="urn:inner">Orla</Again></Group></Row></Ns>',
    );
  });

  it('a request box hands an exported result value to the later requests (StaticOutputElement export, TLParamStore)', async () => {
    const r = await send(`${t.base}/services/Crew/request_box`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<request_box><nextRank/><enlistRanked><code>x1</code></enlistRanked></request_box>',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(rows("code = 'x1'"), 'x1|Exported|Rank|41');
    // outside a request box nothing is exported: the param is missing
    const alone = await send(`${t.base}/services/Crew/enlistRanked`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/xml' },
      body: '<enlistRanked><code>x2</code></enlistRanked>',
    });
    assert.equal(alone.status, 500);
    assert.match(alone.text, /INCOMPATIBLE_PARAMETERS_ERROR/);
  });

  it('forceDefault: a NULL given for a param with a default takes the default (CallQuery.extractParams)', async () => {
    const word = (inner: string) =>
      send(`${t.base}/services/Crew/word`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml' },
        body: `<word xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${inner}</word>`,
      });
    assert.match((await word('<word xsi:nil="true"/>')).text, /<W>fallback<\/W>/);
    assert.match((await word('<word>given</word>')).text, /<W>given<\/W>/);
  });

  it('a second file with the name of a deployed data service is refused; the first stays (MI DS1103DuplicateDataServiceTestCase)', async () => {
    const twin = (label: string) =>
      `<data name="Twin"><config id="pg"><property name="driverClassName">org.postgresql.Driver</property>
<property name="url">jdbc:postgresql://127.0.0.1:${pg.port}/ship</property><property name="username">postgres</property>
<property name="password">x</property></config>
<query id="q" useConfig="pg"><sql>SELECT '${label}' AS l</sql><result element="Which" rowName=""><element column="l" name="L"/></result></query>
<operation name="which"><call-query href="q"/></operation></data>`;
    const rt = new Runtime({ httpPort: 0, runTasks: false });
    try {
      const r = rt.deploy([
        { name: 'TwinA.dbs', text: twin('first') },
        { name: 'TwinB.dbs', text: twin('second') },
      ]);
      assert.deepEqual(
        r.problems.map((p) => [p.file, p.code, p.message]),
        [
          [
            'TwinB.dbs',
            'RT_DS_INVALID',
            'Two services cannot have same name.  A service with the Twin name already exists in the system.',
          ],
        ],
      );
      const { port } = await rt.start();
      const w = await send(`http://127.0.0.1:${port}/services/Twin/which`);
      assert.match(w.text, /<L>first<\/L>/);
    } finally {
      await rt.stop(1000);
    }
  });

  describe('JSON requests: Axis2 GsonXMLStreamReader against the input schema (JSONMessageHandler)', () => {
    const post = (body: string) =>
      send(`${t.base}/services/Crew/enlist`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body,
      });
    it('refuses a JSON value of the wrong type before the request runs; reads a number as the param type', async () => {
      const num = await post('{"enlist": {"code": 9, "given": "Nils", "family": "Aho", "rank": 1}}');
      assert.equal(num.status, 500);
      assert.equal(num.headers.get('content-type'), 'application/json; charset=UTF-8');
      assert.equal(
        num.text,
        '{"Fault":{"faultcode":"soapenv:Server","faultstring":"Value type miss match, Expected value type - \'string\', but found - \'NUMBER\'","detail":""}}',
      );
      const str = await post('{"enlist": {"code": "c9", "given": "Nils", "family": "Aho", "rank": "1"}}');
      assert.equal(
        JSON.parse(str.text).Fault.faultstring,
        "Value type miss match, Expected value type - 'int', but found - 'STRING'",
      );
      assert.equal(rows("code = 'c9'"), '');
      // a member the input schema does not name (names are exact) is read against the request element's type ('')
      const extra = await post('{"enlist": {"code": "c9", "Given": "Nils", "family": "Aho", "rank": 1}}');
      assert.equal(
        JSON.parse(extra.text).Fault.faultstring,
        "Value type miss match, Expected value type - '', but found - 'STRING'",
      );
      // 4.0 for an INTEGER param reads as 4 (nextInt); null fits any type
      const ok = await post('{"enlist": {"code": "c9", "given": null, "family": "Aho", "rank": 4.0}}');
      assert.equal(ok.text, '{"REQUEST_STATUS":"SUCCESSFUL"}');
      assert.equal(rows("code = 'c9'"), 'c9||Aho|4');
    });

    it('a fault answers a JSON request as the Gson formatter writes a fault (the SOAP fault: code, reason, empty detail)', async () => {
      const dup = await post('{"enlist": {"code": "c1", "given": "Again", "family": "Brandt", "rank": 3}}');
      assert.equal(dup.status, 500);
      const f = JSON.parse(dup.text);
      assert.deepEqual(Object.keys(f.Fault), ['faultcode', 'faultstring', 'detail']);
      assert.equal(f.Fault.faultcode, 'axis2ns1:DATABASE_ERROR');
      assert.match(f.Fault.faultstring, /^DS Fault Message: Error in 'SQLQuery.processPostNormalQuery'/);
      const bad = await send(`${t.base}/services/Crew/nosuch`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{"nosuch": {}}',
      });
      assert.equal(bad.status, 500);
      assert.equal(JSON.parse(bad.text).Fault.faultcode, 'soapenv:Client');
    });
  });

  describe('dataServiceCall mediator (MI DataServiceCallMediator)', () => {
    it('inline single operation: params from values and expressions (any case), REQUEST_STATUS into the body', async () => {
      const r = await send(`${t.base}/inl1/x?given=Ada`, { headers: { Accept: 'application/xml' } });
      assert.equal(r.status, 200);
      assert.equal(
        r.text,
        '<axis2ns1:REQUEST_STATUS xmlns:axis2ns1="http://ws.wso2.org/dataservice">SUCCESSFUL</axis2ns1:REQUEST_STATUS>',
      );
      assert.equal(rows("code = 'c2'"), 'c2|Ada|Okafor|5');
    });

    it('inline batch (<op>_batch_req) and request box (request_box: the last request answers)', async () => {
      const b = await send(`${t.base}/inlb/x`);
      assert.match(b.text, />SUCCESSFUL</);
      assert.equal(rows("code IN ('c3','c4')"), 'c3|Ines|Lund|1\nc4|Ravi|Sato|2');
      const x = await send(`${t.base}/inlx/x`);
      assert.equal(
        x.text,
        '<axis2ns1:DATA_SERVICE_REQUEST_BOX_RESPONSE xmlns:axis2ns1="http://ws.wso2.org/dataservice"><Members xmlns="http://ws.wso2.org/dataservice">' +
          '<Member><Code>c5</Code><Given>Mira</Given><Family>Holm</Family><Rank>4</Rank></Member></Members></axis2ns1:DATA_SERVICE_REQUEST_BOX_RESPONSE>',
      );
    });

    it('an empty result is the empty wrapper; target property holds the result element and keeps the body', async () => {
      const e = await send(`${t.base}/inle/x`);
      assert.equal(e.text, '<Labels xmlns="http://ws.wso2.org/dataservice"/>');
      const p = await send(`${t.base}/prop/x`);
      assert.equal(p.text, '<Out><Family>Brandt</Family><Keep/></Out>');
    });

    it('source body: the body element names the request (XML, JSON, a batch, a request box)', async () => {
      const x = await send(`${t.base}/body/x`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml' },
        body: '<member><code>c1</code></member>',
      });
      assert.equal(
        x.text,
        '<Members xmlns="http://ws.wso2.org/dataservice"><Member><Code>c1</Code><Given>Orla</Given><Family>Brandt</Family><Rank>3</Rank></Member></Members>',
      );
      const j = await send(`${t.base}/body/x`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ member: { code: 'c1' } }),
      });
      assert.equal(j.headers.get('content-type'), 'application/json; charset=UTF-8');
      assert.deepEqual(JSON.parse(j.text), {
        Members: { Member: { Code: 'c1', Given: 'Orla', Family: 'Brandt', Rank: 3 } },
      });
      const batch = await send(`${t.base}/body/x`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          enlist_batch_req: {
            enlist: [
              { code: 'c6', given: 'Tove', family: 'Berg', rank: 6 },
              { code: 'c7', given: 'Kofi', family: 'Mensah', rank: 7 },
            ],
          },
        }),
      });
      assert.deepEqual(JSON.parse(batch.text), { REQUEST_STATUS: 'SUCCESSFUL' });
      assert.equal(rows("code IN ('c6','c7')"), 'c6|Tove|Berg|6\nc7|Kofi|Mensah|7');
      const box = await send(`${t.base}/body/x`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml' },
        body: '<request_box><enlist><code>c8</code><given>Lia</given><family>Moreau</family><rank>8</rank></enlist><member><code>c8</code></member></request_box>',
      });
      assert.match(box.text, /<Given>Lia<\/Given>/);
    });

    it('no result and no status: an empty envelope as application/xml (an empty answer)', async () => {
      const n = t.logs.length;
      const r = await send(`${t.base}/none/x`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ discharge: { code: 'c8' } }),
      });
      assert.equal(r.status, 200);
      assert.equal(r.text, '');
      assert.equal(rows("code = 'c8'"), '');
      assert.ok(t.logs.slice(n).some((l) => l.message.includes('mt = application/xml')));
    });

    it('faults: an unknown service, a DataServiceFault', async () => {
      const m = await send(`${t.base}/missing/x`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/xml' },
        body: '<member><code>c1</code></member>',
      });
      assert.equal(m.text, "<F><M>The data service,  named 'NoSuchService' does not exist. </M></F>");
      const f = await send(`${t.base}/dsfault/x`);
      assert.equal(
        f.text,
        '<F><M>DataService exception occurred while accessing the dataservice to do the operation</M></F>',
      );
    });
  });
});
