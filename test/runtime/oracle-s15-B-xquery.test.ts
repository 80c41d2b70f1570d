/**
 * Session 15 (B): the xquery mediator's decimals and variables. Saxon (MI's engine) keeps an xs:decimal exact
 * (BigDecimal: Calculator's decimal +, -, *, mod; div to at least 18 places, truncated) and writes it plainly without
 * trailing zeros; the variables are set on one compiled query (XQueryMediator.setVariable on its cached evaluator).
 * Own queries and payloads (MI XQueryCustomVariableAsDouble for the shape of a typed variable).
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const soap = (body: string) => `<s:Envelope xmlns:s="${S11}"><s:Body>${body}</s:Body></s:Envelope>`;
const query = (key: string, text: string) =>
  `<localEntry ${NS} key="${key}"><q><![CDATA[${text}]]></q></localEntry>`;
const proxy = (name: string, xquery: string) =>
  `<proxy ${NS} name="${name}" transports="http"><target><inSequence>${xquery}<respond/></inSequence>
    <faultSequence><payloadFactory media-type="json"><format>{"error":"$1"}</format>
      <args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence></target></proxy>`;

describe('oracle S15 B: xquery decimals as Saxon keeps them, variables bound to one compiled query (XQueryMediator)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'sums.xml': query(
        'sums',
        `declare variable $payload as document-node() external;
<r:sums xmlns:r="urn:sums">
  <r:add>{0.1 + 0.2}</r:add>
  <r:mul>{1.1 * 3}</r:mul>
  <r:sub>{10.25 - 0.05}</r:sub>
  <r:third>{1 div 3}</r:third>
  <r:quarter>{10 div 4}</r:quarter>
  <r:mod>{5.5 mod 2}</r:mod>
  <r:chain>{(0.1 + 0.2) * 3 - 0.9}</r:chain>
  <r:equal>{0.1 + 0.2 = 0.3}</r:equal>
  <r:trailing>{1.50}</r:trailing>
  <r:whole>{2.5 * 2}</r:whole>
  <r:big>{xs:decimal(1e21)}</r:big>
  <r:small>{xs:decimal("0.0000001")}</r:small>
  <r:summed>{sum((1.1, 2.2))}</r:summed>
  <r:twice>{sum((1.1, 2.2)) * 2}</r:twice>
  <r:rounded>{round(2.345, 2), round(-2.345, 2), round(1.005, 2), round(2.5), round(-2.5), round(1234.5, -2)}</r:rounded>
  <r:even>{round-half-to-even(2.345, 2), round-half-to-even(2.355, 2), round-half-to-even(0.5), round-half-to-even(1.5), round-half-to-even(2.5e0)}</r:even>
  <r:priced>{xs:decimal($payload//price) * 1.1}</r:priced>
  <r:ints>{7 * 6, 7 - 10}</r:ints>
  <r:dbl>{0.1e0 + 0.2e0}</r:dbl>
  <r:neg>{-0.1 - 0.2, 5.5 mod -2, -5.5 mod 2, -(1.25 * 2)}</r:neg>
  <r:text>{concat("third=", 1 div 3, ";", xs:decimal("0.0000001"), ";", 1.0e7)}</r:text>
  <r:str>{string(0.1 + 0.2)}</r:str>
  <r:joined>{string-join((0.1 + 0.2, 1.50, 'x'), ',')}</r:joined>
  <r:attr at="{0.7 + 0.1}"/>
</r:sums>`,
      ),
      'Sums.xml': proxy('Sums', `<xquery key="sums"><variable name="payload" type="ELEMENT"/></xquery>`),
      'rated.xml': query(
        'rated',
        `declare variable $rate as xs:int external;
declare variable $who as xs:string external;
<r:rated xmlns:r="urn:rated"><r:n>{$rate * 2}</r:n><r:int>{$rate instance of xs:int}</r:int><r:who>{$who}</r:who></r:rated>`,
      ),
      'again.xml': query(
        'again',
        `declare variable $step as xs:short external;
<r:again xmlns:r="urn:again"><r:steps>{for $step in (1, 2) return $step * 10}</r:steps><r:short>{$step instance of xs:short, $step + 0.5}</r:short></r:again>`,
      ),
      'param.xml': query(
        'param',
        `declare variable $step as xs:short external;
declare function local:tenfold($step) { $step * 10 };
<r:param xmlns:r="urn:param"><r:ten>{local:tenfold(2)}</r:ten><r:own>{$step}</r:own></r:param>`,
      ),
      'Param.xml': proxy(
        'Param',
        `<xquery key="param"><variable name="step" type="SHORT" expression="//n"/></xquery>`,
      ),
      'derived.xml': query(
        'derived',
        `declare variable $payload as document-node() external;
declare variable $total := sum($payload//price);
declare variable $count := count($payload//price);
<r:derived xmlns:r="urn:derived"><r:total>{$total}</r:total><r:count>{$count}</r:count></r:derived>`,
      ),
      'Derived.xml': proxy(
        'Derived',
        `<xquery key="derived"><variable name="payload" type="ELEMENT"/></xquery>`,
      ),
      'Again.xml': proxy(
        'Again',
        `<xquery key="again"><variable name="step" type="SHORT" expression="//n"/></xquery>`,
      ),
      'Rated.xml': proxy(
        'Rated',
        `<xquery key="rated"><variable name="rate" type="INT" expression="//n"/>
          <variable name="who" type="STRING" expression="//who"/></xquery>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
  });

  const post = (name: string, body: string) =>
    send(`${t.base}/services/${name}`, {
      body: soap(body),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:mediate' },
    });
  const field = (text: string, name: string) => new RegExp(`<r:${name}>([^<]*)</r:${name}>`).exec(text)?.[1];

  it('decimal arithmetic is exact (BigDecimal), div to 18 places truncated, written plainly without trailing zeros (Saxon Calculator, BigDecimalValue; MI XQueryCustomVariableAsDouble)', async () => {
    const r = await post('Sums', '<order><price>19.99</price></order>');
    assert.equal(r.status, 200, r.text);
    const got = Object.fromEntries(
      [
        'add',
        'mul',
        'sub',
        'third',
        'quarter',
        'mod',
        'chain',
        'equal',
        'trailing',
        'whole',
        'big',
        'small',
        'summed',
        'twice',
        'rounded',
        'even',
        'priced',
        'ints',
        'dbl',
        'neg',
        'text',
        'str',
        'joined',
      ].map((n) => [n, field(r.text, n)]),
    );
    assert.deepEqual(got, {
      add: '0.3',
      mul: '3.3',
      sub: '10.2',
      third: '0.333333333333333333',
      quarter: '2.5',
      mod: '1.5',
      chain: '0',
      equal: 'true',
      trailing: '1.5',
      whole: '5',
      big: '1000000000000000000000',
      small: '0.0000001',
      summed: '3.3',
      twice: '6.6',
      // BigDecimal rounding (round: a half towards positive infinity; round-half-to-even: to the even digit)
      rounded: '2.35 -2.34 1.01 3 -2 1200',
      even: '2.34 2.36 0 2 2',
      priced: '21.989',
      ints: '42 -3',
      // doubles stay doubles (Saxon prints the double's own digits)
      dbl: '0.30000000000000004',
      neg: '-0.3 1.5 -1.5 -2.5',
      // fn:concat, fn:string and fn:string-join write decimals and doubles as Saxon casts them to xs:string
      text: 'third=0.333333333333333333;0.0000001;1.0E7',
      str: '0.3',
      joined: '0.3,1.5,x',
    });
    assert.match(r.text, /at="0.8"/);
  });

  it('a variable takes each message its own value on the same compiled query (XQueryMediator.setVariable), typed as declared', async () => {
    for (const [n, who] of [
      ['4', 'ann'],
      ['21', 'bo & co'],
      ['-7', 'cy "q"'],
    ] as const) {
      const r = await post('Rated', `<in><n>${n}</n><who>${who.replace('&', '&amp;')}</who></in>`);
      assert.equal(r.status, 200, r.text);
      assert.equal(field(r.text, 'n'), String(Number(n) * 2));
      assert.equal(field(r.text, 'int'), 'true');
      assert.equal(field(r.text, 'who'), who.replace('&', '&amp;'));
    }
  });

  it('a query that binds the variable name again itself (for $x in ..., a function parameter): the bound value in the outer scope only', async () => {
    for (const n of ['3', '8']) {
      const r = await post('Again', `<in><n>${n}</n></in>`);
      assert.equal(field(r.text, 'steps'), '10 20');
      assert.equal(field(r.text, 'short'), `true ${n}.5`);
      // (a function parameter of the same name is its own)
      const p = await post('Param', `<in><n>${n}</n></in>`);
      assert.equal(field(p.text, 'ten'), '20');
      assert.equal(field(p.text, 'own'), n);
    }
  });

  it('a prolog variable computed from a bound one is computed again for each message (Saxon evaluates the prolog per run)', async () => {
    const one = await post('Derived', '<in><price>2</price><price>3</price></in>');
    assert.equal(field(one.text, 'total'), '5');
    assert.equal(field(one.text, 'count'), '2');
    const two = await post('Derived', '<in><price>10</price></in>');
    assert.equal(field(two.text, 'total'), '10');
    assert.equal(field(two.text, 'count'), '1');
  });
});
