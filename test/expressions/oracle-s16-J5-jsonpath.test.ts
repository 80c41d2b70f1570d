/**
 * json-eval(...) as Micro Integrator 4.4 evaluates it: SynapseJsonPath over Jayway json-path with the configuration
 * EIPUtils.setJsonPathConfiguration installs (GsonJsonProvider with serializeNulls, GsonMappingProvider, no Option: so
 * no SUPPRESS_EXCEPTIONS), its stringValueOf (any exception of the read answers "") and formatJsonPathResponse (a
 * Number as Java prints it, a JSON primitive as its text, an object as Gson writes it; a function's string, boolean
 * or null is no value), a filter's Boolean.parseBoolean of that string.
 *
 * How the expected values were produced (session 16, helper J5): a differential oracle. A small Java driver of our
 * own ran Jayway json-path 2.10.0 (what wso2-synapse ships as 2.10.0.wso2v1; 2.9.0..2.10.0 changed no source under
 * json-path/src/main) and Gson 2.13.2 (product-micro-integrator's version) configured as above, restating
 * SynapseJsonPath's stringValueOf on each document/path pair of our own; our runtime answered the same pairs through
 * the engine's message context. 2,119 hand pairs (163 paths against each of the first 13 documents below) and 6,000 seeded
 * random pairs were compared; the rows here are a selection, their expected values the driver's output written as
 * literals (CI runs no Java).
 * Jayway's quirks with `..[*]` (ScanPathToken walking arrays) and a few compile-time differences are not followed.
 */
import { strict as assert } from 'node:assert';
import { Headers, MessageContext } from '../../runtime-debug/engine/context';
import { Payload } from '../../runtime-debug/engine/payload';
import { compileExpression } from '../../runtime-debug/engine/expr';

const DOCS: Record<string, string> = {
  store:
    '{"store":{"book":[{"category":"reference","author":"Ann Lee","title":"Atlas","price":8.95},{"category":"fiction","author":"Bo Kim","title":"Breeze","price":12.99,"isbn":"0-553"},{"category":"fiction","author":"Cy Park","title":"Cinder","isbn":"0-395","price":8.99},{"category":"fiction","author":"Di Roe","title":"Dune","isbn":"0-395-19395-8","price":22.99}],"bicycle":{"color":"red","price":19.95}},"expensive":10}',
  nums: '{"i":1,"f":1.0,"e":1e10,"E":1.0E10,"neg":-0.0,"big":12345678901234567890,"long":9007199254740993,"d":0.1,"x":1.50,"arr":[1,1.0,2.5,1e2],"z":0,"m":-5,"ex":2.5e-3,"int":2147483648}',
  strs: '{"q":"he said \\"hi\\"","u":"caf\\u00e9 \u2615","eq":"a=b<c>&\'","nl":"a\\nb","tab":"\\t","sl":"a\\/b","empty":"","uesc":"\\u003d","obj":{"h":"<b>&amp;</b>","q":"\'=\'"},"arr":["a","b=c","<"]}',
  spec: '{"n":null,"t":true,"f":false,"o":{},"a":[],"nested":{"members":1,"x":2},"el":{"elements":[1,2]},"k with space":1,"k.dot":2,"k\'q":3,"0":"zero","-":"dash","T":"TRUE","arrn":[null,1,null],"on":{"x":null}}',
  items:
    '{"a":[{"x":1,"s":"x"},{"x":2,"s":"y"},{"x":3,"s":"xx"},{"s":"z"},{"x":null},{"x":"2","s":"Xy"}],"arr":[3,1,2]}',
  top: '[1,2,3]',
  topobj: '[{"a":1,"x":5},{"a":2,"b":[1,2]},{"c":{"a":3}}]',
  pretty: '{\n  "a" : { "b" : 1, "c" : [ 1, 2 ] },\n  "d" : "x"\n}',
  str: '"just a string"',
  num: '42',
  bool: 'true',
  nul: 'null',
  deep: '{"a":{"b":{"c":{"d":[{"e":1},{"e":[2,3]}]}}},"x":{"a":{"b":9}}}',
  objs: '{"a":[{"o":{"k":1},"l":[1,2],"s":"x"},{"o":{},"l":[],"s":"y"},{"s":"z"}],"n":[[1.5E3,2],[3]]}',
};

function message(body: string): MessageContext {
  const headers = new Headers();
  headers.set('Content-Type', 'application/json');
  return new MessageContext(
    new Payload('application/json', Buffer.from(body), { maxBytes: 1 << 20, maxDepth: 1000 }),
    headers,
    { config: () => undefined, env: () => undefined },
  );
}

describe('json-eval JSONPath as Jayway 2.10 with Gson answers it in SynapseJsonPath (oracle s16 J5)', () => {
  // [document, path, MI's string value, MI's boolean value when true]
  const cases: Array<[string, string, string, true?]> = [
    ['items', '$.missing[*]', ''],
    ['store', '$.a[*].x', ''],
    ['top', '$.a[*]', ''],
    ['store', '$[1:]', ''],
    ['pretty', '$.a[0,2]', ''],
    ['str', '$[?(@ > 1)]', ''],
    ['store', '$.missing.length()', ''],
    ['store', '$.store.book[*].author', '["Ann Lee","Bo Kim","Cy Park","Di Roe"]'],
    ['items', '$.a[*].x', '[1,2,3,null,"2"]'],
    ['store', '$..missing', '[]'],
    ['store', '$.missing', ''],
    ['items', '$.a[10]', ''],
    ['spec', '$.a[*]', '[]'],
    ['nums', '$.x', '1.5'],
    ['nums', '$.e', '10000000000'],
    ['nums', '$.E', '10000000000'],
    ['nums', '$.ex', '0.0025'],
    ['nums', '$.f', '1.0'],
    ['nums', '$.i', '1'],
    ['nums', '$.d', '0.1'],
    ['nums', '$.big', '12345678901234567890'],
    ['nums', '$.long', '9007199254740993'],
    ['nums', '$.int', '2147483648'],
    ['nums', '$.neg', '0.0'],
    ['nums', '$..x', '[1.5]'],
    ['nums', '$.arr', '[1,1.0,2.5,1e2]'],
    ['nums', '$.arr[3]', '1e2'],
    ['nums', '$.arr[*]', '[1,1.0,2.5,1e2]'],
    [
      'nums',
      '$.*',
      '[1,1.0,10000000000,10000000000,0.0,12345678901234567890,9007199254740993,0.1,1.5,[1,1.0,2.5,1e2],0,-5,0.0025,2147483648]',
    ],
    [
      'items',
      '$.a[?(@.x)]',
      '[{"x":1,"s":"x"},{"x":2,"s":"y"},{"x":3,"s":"xx"},{"x":null},{"x":"2","s":"Xy"}]',
    ],
    ['items', '$.a[?(!@.x)]', '[{"s":"z"}]'],
    ['items', '$.a[?(@.x == null)]', '[{"x":null}]'],
    ['items', '$.a[?(@.x empty false)]', '[{"x":"2","s":"Xy"}]'],
    ['items', "$.a[?(@.x == '2')]", '[{"x":2,"s":"y"},{"x":"2","s":"Xy"}]'],
    ['items', '$.a[?(@.x == 2)].s', '["y","Xy"]'],
    [
      'items',
      '$.a[?(@.x != 1)]',
      '[{"x":2,"s":"y"},{"x":3,"s":"xx"},{"s":"z"},{"x":null},{"x":"2","s":"Xy"}]',
    ],
    ['items', '$.a[?(@.x > 1)]', '[{"x":2,"s":"y"},{"x":3,"s":"xx"}]'],
    ['items', '$.a[?(@.s =~ /x.*/)]', '[{"x":1,"s":"x"},{"x":3,"s":"xx"}]'],
    ['items', '$.a[?(@.s =~ /X.*/i)]', '[{"x":1,"s":"x"},{"x":3,"s":"xx"},{"x":"2","s":"Xy"}]'],
    ['items', '$.a[?(@.x in [1,3])]', '[{"x":1,"s":"x"},{"x":3,"s":"xx"}]'],
    ['items', '$.a[?(@.x nin [1,3])]', '[{"x":2,"s":"y"},{"s":"z"},{"x":null},{"x":"2","s":"Xy"}]'],
    ['items', "$.a[?(@.x == 1 || @.s == 'z')]", '[{"x":1,"s":"x"},{"s":"z"}]'],
    ['items', '$.a[?(@.s size 2)]', '[{"x":3,"s":"xx"},{"x":"2","s":"Xy"}]'],
    ['store', '$..book[?(@.price < $.expensive)].title', '["Atlas","Cinder"]'],
    ['store', '$..book[?(@.isbn)].title', '["Breeze","Cinder","Dune"]'],
    ['store', "$.store.book[0]['title','author']", '{"title":"Atlas","author":"Ann Lee"}'],
    ['items', '$.a[-1:]', '[{"x":"2","s":"Xy"}]'],
    ['items', '$.a[1:3]', '[{"x":2,"s":"y"},{"x":3,"s":"xx"}]'],
    ['items', '$.a[0,2]', '[{"x":1,"s":"x"},{"x":3,"s":"xx"}]'],
    [
      'store',
      '$..book[-1:]',
      '[{"category":"fiction","author":"Di Roe","title":"Dune","isbn":"0-395-19395-8","price":22.99}]',
    ],
    ['store', '$.store..price', '[8.95,12.99,8.99,22.99,19.95]'],
    ['spec', "$['k with space']", '1'],
    ['spec', "$['0']", 'zero'],
    [
      'spec',
      '$.*',
      '[null,true,false,{},[],{"members":1,"x":2},{"elements":[1,2]},1,2,3,"zero","dash","TRUE",[null,1,null],{"x":null}]',
    ],
    [
      'spec',
      '$.keys()',
      '["n","t","f","o","a","nested","el","k with space","k.dot","k\'q","0","-","T","arrn","on"]',
    ],
    ['store', '$..book.length()', '4'],
    ['store', '$.store.book[*].price.max()', ''],
    ['store', '$..price.sum()', '73.87'],
    ['top', '$..price.sum()', '6.0'],
    ['items', '$.a[?(@.x > 1)].length()', '[2,2]'],
    ['spec', '$.a[?(@.x > 1)].length()', '[]'],
    ['items', '$..x.length()', '0'],
    ['strs', '$.q.length()', ''],
    ['strs', '$.arr.first()', ''],
    ['nums', '$.arr.last()', '100'],
    ['items', '$.arr.stddev()', '0.8164965809277263'],
    ['items', '$.arr.avg()', '2.0'],
    ['items', '$.arr.min()', '1.0'],
    ['spec', '$.a.concat("x")', ''],
    ['objs', '$.a[?(@.o size 1)].s', '[]'],
    ['objs', '$.a[?(@.l size 2)].s', '["x"]'],
    ['objs', '$.n[*].max()', '[1500.0,3.0]'],
    ['objs', '$.n[*].sum()', '[1502.0,3.0]'],
    ['objs', '$.n[0].avg()', '751.0'],
    ['objs', '$.a[*].l.length()', '[2,0]'],
    ['nums', '$.arr.append(4)', '[1,1.0,2.5,1e2,4]'],
    ['store', '$.store.book.length()', '4'],
    ['strs', '$.q', 'he said "hi"'],
    ['strs', '$.u', 'café ☕'],
    ['strs', '$.eq', "a=b<c>&'"],
    ['strs', '$.obj', '{"h":"<b>&amp;</b>","q":"\'=\'"}'],
    ['strs', '$.arr', '["a","b=c","<"]'],
    ['strs', '$.uesc', '='],
    ['strs', '$.empty', ''],
    ['spec', '$.n', 'null'],
    ['spec', '$.t', 'true', true],
    ['spec', '$.T', 'TRUE', true],
    ['spec', '$.f', 'false'],
    ['spec', '$.o', '{}'],
    ['spec', '$.arrn', '[null,1,null]'],
    ['spec', '$.on', '{"x":null}'],
    ['spec', '$.nested', '1'],
    ['spec', '$.el', '[1,2]'],
    ['str', '$', '"just a string"'],
    ['num', '$.', '42'],
    ['bool', '$', 'true', true],
    ['pretty', '$', '{\n  "a" : { "b" : 1, "c" : [ 1, 2 ] },\n  "d" : "x"\n}'],
    ['pretty', '$.a', '{"b":1,"c":[1,2]}'],
    ['topobj', '$[*].a', '[1,2]'],
    ['topobj', '$..a', '[1,2,3]'],
  ];
  for (const [doc, path, want, truth] of cases) {
    it(`${doc}: json-eval(${path}) → ${want.length > 50 ? `${want.slice(0, 50)}…` : JSON.stringify(want)}`, () => {
      const e = compileExpression(`json-eval(${path})`);
      assert.equal(e.evaluateString(message(DOCS[doc]!)), want);
      assert.equal(e.evaluateBoolean(message(DOCS[doc]!)), truth === true);
    });
  }
});

describe('${payload...} filters are Jayway filters too (FilterExpressionNode hands their text to Jayway; oracle s16 J5)', () => {
  // the same Jayway read as json-eval: the driver's answers for the json-eval form of each path
  const cases: Array<[string, string]> = [
    ['a[?(@.x)]', '[{"x":1,"s":"x"},{"x":2,"s":"y"},{"x":3,"s":"xx"},{"x":null},{"x":"2","s":"Xy"}]'],
    ['a[?(!@.x)]', '[{"s":"z"}]'],
    ['a[?(@.x == null)]', '[{"x":null}]'],
    ['a[?(@.x empty false)]', '[{"x":"2","s":"Xy"}]'],
    ["a[?(@.x == '2')]", '[{"x":2,"s":"y"},{"x":"2","s":"Xy"}]'],
    ['a[?(@.x == 2)].s', '["y","Xy"]'],
    ['a[?(@.x < 2)]', '[{"x":1,"s":"x"}]'],
  ];
  for (const [path, want] of cases) {
    it(`\${payload.${path}} → ${want.length > 50 ? `${want.slice(0, 50)}…` : want}`, () => {
      assert.equal(compileExpression(`\${payload.${path}}`).evaluateString(message(DOCS.items!)), want);
    });
  }
});

describe("Jayway's errors as a mediator that lets them through sees them (listValueOf: iterate; oracle s16 J5)", () => {
  // [document, path, the exception's message (AbstractListMediator's ERROR_MESSAGE)]
  const cases: Array<[string, string, string]> = [
    ['{"x":1}', '$.order.items[*]', "Missing property in path $['order']"],
    ['{"order":{"x":1}}', '$.order.items[*]', "Missing property in path $['order']['items']"],
    ['{"order":{"x":1}}', '$.order.items', "No results for path: $['order']['items']"],
    [
      '{"order":{"items":5}}',
      '$.order.items[0]',
      'Filter: [0] can only be applied to arrays. Current context is: 5',
    ],
    [
      '{"order":{"items":[1]}}',
      '$.order.items.a',
      "Expected to find an object with property ['a'] in path $['order']['items'] but found 'com.google.gson.JsonArray'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.GsonJsonProvider'.",
    ],
    [
      '{"order":{"items":[1]}}',
      '$.order[1:]',
      'Filter: [1:] can only be applied to arrays. Current context is: {"items":[1]}',
    ],
    ['{"order":{"n":null}}', '$.order.n[0]', "The path $['order']['n'] is null"],
    [
      '{"order":{"n":5}}',
      '$.order.n[?(@.a)]',
      'Filter: [?] can not be applied to primitives. Current context is: 5',
    ],
    [
      '{"order":{"n":"s"}}',
      '$.order.n.x',
      "Expected to find an object with property ['x'] in path $['order']['n'] but found 'java.lang.String'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.GsonJsonProvider'.",
    ],
    [
      '{"order":{"n":2.5}}',
      '$.order.n.x',
      "Expected to find an object with property ['x'] in path $['order']['n'] but found 'java.lang.Double'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.GsonJsonProvider'.",
    ],
    [
      '{"order":{"n":[7]}}',
      '$.order.n[0].x',
      "Expected to find an object with property ['x'] in path $['order']['n'][0] but found 'com.google.gson.JsonPrimitive'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.GsonJsonProvider'.",
    ],
  ];
  for (const [doc, path, want] of cases) {
    it(`json-eval(${path}) on ${doc} fails: ${want.length > 60 ? `${want.slice(0, 60)}…` : want}`, () => {
      const e = compileExpression(`json-eval(${path})`);
      assert.throws(
        () => e.evaluateJayway!(message(doc)),
        (err: Error) => err.message === want,
      );
      assert.equal(e.evaluateString(message(doc)), ''); // stringValueOf catches them
    });
  }
});

describe('${payload...} paths are read by Jayway as json-eval paths are (PayloadAccessNode; oracle s16 J5)', () => {
  const doc = '{"a":[{"x":1,"p":2.50},{"x":2}],"o":{"k":1},"n":5}';
  // [expression, MI's value: Jayway's read (JsonPath.parse(payload).read) as ExpressionResult prints it; an
  // exception of the read (PathNotFoundException) is an EvaluationException: no value]
  const cases: Array<[string, string]> = [
    ['${payload.items[*].id}', ''],
    ['${payload.n[0]}', ''],
    ["${payload.o['k','z']}", '{"k":1}'],
    ['${payload.a[*].x.length()}', '[null,null]'],
    ['${payload.a[*].p}', '[2.5]'],
    ['${payload.a[0].p}', '2.5'],
    ['${payload..x.sum()}', '3.0'],
  ];
  for (const [expr, want] of cases) {
    it(`${expr} → ${JSON.stringify(want)}`, () => {
      assert.equal(compileExpression(expr).evaluateString(message(doc)), want);
    });
  }
});
