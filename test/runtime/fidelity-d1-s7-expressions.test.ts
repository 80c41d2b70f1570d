/**
 * The examples of MI 4.4's Synapse-expressions reference and of its comparison with JSONPath, rebuilt with our own
 * names and payloads and run over real HTTP. Expected values are the documented results, or where the page shows
 * none, what Synapse's code gives (PredefinedFunctionNode, BinaryOperationNode): floor/ceil/sqrt/pow give doubles
 * (3.0), log is log10 (the page says natural log; the code wins), urlEncode writes %20, 7/2 is 3.5.
 */
import assert from 'node:assert/strict';
import { send, startRuntime, NS, type TestRuntime } from './helpers';

const CASES: [string, string, string][] = [
  ['greet', "${'Hello ' + payload.student.name}", 'Hello Ada'],
  ['bracket', '${payload.user["first name"]}', 'Lin'],
  ['len', '${length("text")}', '4'],
  ['lenArr', '${length(payload.array)}', '3'],
  ['up', '${toUpper(payload.word)}', 'PINEAPPLE'],
  ['sub2', '${subString(payload.word, 2)}', 'neapple'],
  ['sub3', '${subString("text", 0, 2)}', 'te'],
  ['sw', '${startsWith("text", "te")}', 'true'],
  ['trim', '${trim(payload.spaced)}', 'Mixed Text'],
  ['rep', '${replace("text", "t", "r")}', 'rexr'],
  ['split', '${split(payload.csv, ";")}', '["x","y","z"]'],
  ['charAt', '${charAt("text", 1)}', 'e'],
  ['indexOf', '${indexOf("text", "e")}', '1'],
  ['abs', '${abs(-5)}', '5'],
  ['floor', '${floor(3.7)}', '3.0'],
  ['ceil', '${ceil(3.2)}', '4.0'],
  ['sqrt', '${sqrt(16)}', '4.0'],
  ['log', '${log(100)}', '2.0'],
  ['pow', '${pow(payload.base, payload.exponent)}', '1024.0'],
  ['round1', '${round(2.7543)}', '3'],
  ['round2', '${round(payload.num, payload.places)}', '2.75'],
  ['b64e', '${base64encode("text")}', 'dGV4dA=='],
  ['b64d', '${base64decode(payload.encoded)}', 'mango'],
  ['ue', '${urlEncode("text with spaces")}', 'text%20with%20spaces'],
  ['ud', '${urlDecode("text%20with%20spaces")}', 'text with spaces'],
  ['isN', '${isNumber(payload.base)}', 'true'],
  ['isA', '${isArray(payload.array)}', 'true'],
  ['isO', '${isObject(payload.user)}', 'true'],
  ['int', '${integer("42")}', '42'],
  ['str', '${string(5)}', '5'],
  ['obj', '${object(payload.jsonText).students..*}', '[1]'],
  ['arr', '${array(payload.arrText)[3].name}', 's'],
  ['fdt', '${formatDateTime("29-09-1988", "dd-MM-yyyy", "yyyy MMM dd")}', '1988 Sep 29'],
  ['exists', '${exists(payload.student.lastName)}', 'true'],
  ['not', '${not(payload.flag)}', 'false'],
  ['tern', '${payload.base > 18 ? "Adult" : "Child"}', 'Child'],
  ['filter', '${payload.users[?(@.age >= payload.minAge)]}', '[{"n":"b","age":30}]'],
  ['and', '${payload.flag and true}', 'true'],
  ['div', '${7 / 2}', '3.5'],
  [
    'hello',
    '${"Hello " + ( exists($.student.lastName) ? $.student.firstName + " " + $.student.lastName : $.student.firstName )}',
    'Hello Ada Byron',
  ],
  ['nullEq', '${payload.nothing == null ? payload.base : 0}', '2'],
  ['qp', '${integer(params.queryParams.age)}', '3'],
  ['pp', '${params.pathParams.name}', 'john'],
];

const BODY = JSON.stringify({
  student: { name: 'Ada', firstName: 'Ada', lastName: 'Byron' },
  user: { 'first name': 'Lin' },
  array: [1, 2, 3],
  word: 'pineapple',
  spaced: '  Mixed Text  ',
  csv: 'x;y;z',
  base: 2,
  exponent: 10,
  num: 2.7543,
  places: 2,
  encoded: 'bWFuZ28=',
  flag: true,
  jsonText: '{"students":{"a":1}}',
  arrText: '[{"name":"p"},{"name":"q"},{"name":"r"},{"name":"s"}]',
  users: [
    { n: 'a', age: 17 },
    { n: 'b', age: 30 },
  ],
  minAge: 18,
  nothing: null,
});

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const ORDERS = JSON.stringify({
  orders: [
    { orderId: 'R1', customerID: 'C7', total: 150.0 },
    { orderId: 'R2', customerID: 'C7', total: 250.0 },
    { orderId: 'R3', customerID: 'C9', total: 300.0 },
    { orderId: 'R4', customerID: 'C7', total: 80.0 },
    { orderId: 'R5', customerID: 'C7', total: 120.0 },
  ],
});

describe('fidelity D1 s7: Synapse expression examples of the documentation', () => {
  let t: TestRuntime;
  before(async () => {
    const logs = CASES.map(([n, e]) => `<property name="${n}" expression="${esc(e)}"/>`).join('');
    t = await startRuntime(
      {
        'ExprDoc.xml': `<api ${NS} name="ExprDoc" context="/d1s7/expr"><resource methods="POST" uri-template="/{name}?age={age}"><inSequence><log level="custom" separator="|">${logs}</log><respond/></inSequence></resource></api>`,
        'Books.xml': `<api ${NS} context="/d1s7/books" name="Books"><resource methods="POST" uri-template="/{name}?age={age}&amp;category={category}"><inSequence>
            <variable name="name" expression="\${params.pathParams.name}" type="STRING"/>
            <variable name="age" expression="\${integer(params.queryParams.age)}" type="INTEGER"/>
            <variable name="category" expression="\${params.queryParams.category}" type="STRING"/>
            <variable name="onShelf" expression="\${payload..book[?(@.category==vars.category)]}}"/>
            <variable name="pricey" expression="\${payload..book[?(@.category==vars.category &amp;&amp; @.price > payload.expensive)].title}"/>
            <log><message>
Hello "\${vars.name}", you are \${vars.age > 18 ? "eligible" : "not eligible"} to vote.
We found \${length(vars.onShelf)} book(s) on your favourite category "\${vars.category}".
\${vars.onShelf[*].title}
\${length(vars.pricey) > 0 ? "We found " + string(length(vars.pricey)) + " expensive book(s)" : "none"}
\${length(vars.pricey) > 0 ? vars.pricey : ""}
</message></log><respond/></inSequence></resource></api>`,
        'Promo.xml': `<api ${NS} context="/d1s7/promo" name="Promo">
          <resource methods="POST" uri-template="/new?minimumBillAmount={minimumBillAmount}"><inSequence>
            <variable name="customerId" type="STRING" value="C7"/>
            <variable name="isEligible" type="STRING" expression="\${length($.orders[?(@.customerID==vars.customerId &amp;&amp; @.total &gt; params.queryParams.minimumBillAmount)]) &gt; configs.promo_bill_count ? 'eligible' : 'not eligible'}"/>
            <log><message>promo \${vars.isEligible}</message></log><respond/></inSequence></resource>
          <resource methods="POST" uri-template="/old?minimumBillAmount={minimumBillAmount}&amp;promoBillCount={promoBillCount}"><inSequence>
            <property name="customerId" type="STRING" value="C7"/>
            <property name="billCount" type="STRING" expression="get-property('query.param.promoBillCount')"/>
            <property name="billAmount" type="INTEGER" expression="get-property('query.param.minimumBillAmount')"/>
            <property name="filterResult" type="JSON" expression="json-eval($.orders[?(@.customerID=='{$ctx:customerId}' &amp;&amp; @.total &gt; {$ctx:billAmount})])"/>
            <property name="filterLength" type="STRING" expression="json-eval($ctx:filterResult.length())"/>
            <filter source="$ctx:filterLength &gt; $ctx:billCount" regex="true"><then><log level="custom"><property name="promo" value="eligible"/></log></then>
            <else><log level="custom"><property name="promo" value="not eligible"/></log></else></filter><respond/></inSequence></resource></api>`,
      },
      { configs: { promo_bill_count: '2' } },
    );
  });
  after(() => t.close());

  it('every documented function, access form and operator gives the documented (or Synapse-computed) result', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/d1s7/expr/john?age=3`, { body: BODY, type: 'application/json' });
    assert.equal(r.status, 200);
    const line = t.logs.find((l) => l.category === 'LogMediator')?.message ?? '';
    const got = Object.fromEntries(
      line.split('|').map((p) => [p.slice(0, p.indexOf(' = ')), p.slice(p.indexOf(' = ') + 3)]),
    );
    for (const [name, expr, want] of CASES) assert.equal(got[name], want, `${name}: ${expr}`);
  });

  it("the page's complete example, with its stray } after ${...} (MI's lexer drops it): the documented log", async () => {
    t.logs.length = 0;
    const books = JSON.stringify({
      store: {
        book: [
          { category: 'manual', title: 'Knots', price: 4.5 },
          { category: 'novel', title: 'Salt Harbour', price: 9.25 },
          { category: 'novel', title: 'The Long Tide', price: 31.0 },
          { category: 'novel', title: 'Quiet Fields', price: 14.75 },
          { category: 'memoir', title: 'Inland', price: 5.5 },
        ],
      },
      expensive: 12,
    });
    const r = await send(`${t.base}/d1s7/books/mara?age=3&category=novel`, {
      body: books,
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      [
        [
          '',
          'Hello "mara", you are not eligible to vote.',
          'We found 3 book(s) on your favourite category "novel".',
          '["Salt Harbour","The Long Tide","Quiet Fields"]',
          'We found 2 expensive book(s)',
          '["The Long Tide","Quiet Fields"]',
          '',
        ].join('\n'),
      ],
    );
  });

  it('the promotion check: one Synapse expression and the JSONPath + filter version agree', async () => {
    t.logs.length = 0;
    for (const path of [
      'new?minimumBillAmount=100',
      'old?minimumBillAmount=100&promoBillCount=2',
      'old?minimumBillAmount=100&promoBillCount=3',
    ]) {
      const r = await send(`${t.base}/d1s7/promo/${path}`, { body: ORDERS, type: 'application/json' });
      assert.equal(r.status, 200);
    }
    assert.deepEqual(
      t.logs.filter((l) => l.category === 'LogMediator').map((l) => l.message),
      ['promo eligible', 'promo = eligible', 'promo = not eligible'],
    );
  });
});
