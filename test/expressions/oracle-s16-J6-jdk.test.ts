/**
 * Session 16 (J6): the JDK behaviours MI's output comes from, checked against the JDK itself. How the expected
 * values were made: a Java driver of our own (OpenJDK 17.0.15, default locale en_US, time zone UTC) calls the JDK
 * as Synapse's code does (PredefinedFunctionNode's string, math, conversion, URL and base64 functions, each on
 * Synapse's ExpressionResult types; PropertyMediator.convertValue for the typed property values;
 * DateTimeFormatter.ofPattern and SimpleDateFormat for dates) and printed each answer for our own inputs; the
 * answers are written here as literals (CI runs no Java). Where JDK 17 and JDK 19+ print a double or float
 * differently (FloatingDecimal against the shortest-decimal algorithm), the JDK 19+ answer is kept, as the project
 * decided before (MI 4.4 runs on 17 or 21): those cases are not here. Likewise java.time's F (the aligned week of
 * the month since JDK 19) follows JDK 19+: its cases were checked on Temurin 25 (R5 review).
 */
import { strict as assert } from 'node:assert';
import { compileExpression } from '../../runtime-debug/engine/expr';
import { synapseValueString, javaDoubleToString, JavaFloat } from '../../runtime-debug/engine/expr/values';
import { formatJavaDate } from '../../runtime-debug/engine/expr/dates';
import { convertType } from '../../runtime-debug/engine/mediators/util';
import { stringOf } from '../../runtime-debug/engine/context';
import { TestContext } from './helpers';
import { javaSplit } from '../../runtime-debug/engine/expr/synapse';
import { javaGlobals } from '../../runtime-debug/engine/mediators/javaShim';

/** What MI prints for an XPath expression (SynapseXPath.stringValueOf), or undefined when it fails. */
const xpath = (expr: string): string | undefined => {
  try {
    return compileExpression(expr, {}).evaluateString(new TestContext({ json: {} }));
  } catch {
    return undefined;
  }
};

/**
 * What MI prints for `${expr}` (ExpressionResult.asString), or undefined when MI fails: no value, or an exception
 * of the JDK that fails the mediator (URLDecoder's, Base64's IllegalArgumentException).
 */
const show = (expr: string): string | undefined => {
  try {
    const v = compileExpression('${' + expr + '}').evaluateTyped(new TestContext({ json: {} }));
    return v === undefined ? undefined : synapseValueString(v);
  } catch {
    return undefined;
  }
};

/** What a property of this type holds, as printed (String.valueOf), or undefined where MI throws. */
const typed = (value: string, type: string, expression = false): string | undefined => {
  try {
    return stringOf(convertType(value, type, { expression, mediator: 'property' }));
  } catch {
    return undefined;
  }
};

describe('JDK behaviours of Synapse expression functions (oracle s16, J6: JDK 17)', () => {
  const cases: Array<[string, string | undefined]> = [
    // String.replace with an empty target inserts the replacement before every char and at the end
    ['replace("hello", "", "-")', '-h-e-l-l-o-'],
    ['replace("", "", "-")', '-'],
    ['replace("aaa", "a", "")', ''],
    // String.split(regex): trailing empty strings dropped, even all of them; no match gives the text
    ['split("a.b.c", ".")', '[]'],
    ['split("xx", "x")', '[]'],
    ['split("", ",")', '[""]'],
    ['split("a,b,,c,,", ",")', '["a","b","","c"]'],
    [`split(",a,b", ",")`, '["","a","b"]'],
    ['split("abc", "")', '["a","b","c"]'],
    ['split("a1b2c", "([0-9])")', '["a","b","c"]'],
    ['split("boo:and:foo", "o")', '["b","",":and:f"]'],
    ['split("abc", "(?=b)")', '["a","bc"]'],
    // (int) Math.round(d): the long keeps its low 32 bits; round of an int is the int
    ['round(3000000000.5)', '-1294967295'],
    ['round(-3000000000.5)', '1294967296'],
    ['round(-2.5)', '-2'],
    ['round(0.49999999999999994)', '0'],
    ['round(2147483647)', '2147483647'],
    // Math.abs(int) of Integer.MIN_VALUE overflows to itself (R5 review)
    ['abs(-2147483648)', '-2147483648'],
    ['abs(-2147483647 - 1) + 0', '-2147483648'],
    ['round(1.005, 2)', '1.01'],
    ['round(2.675, 2)', '2.68'],
    // Integer.parseInt reads the digits of any script
    ['integer("٣٤")', '34'],
    ['integer("１２")', '12'],
    ['integer("+5")', '5'],
    ['integer(" 12")', undefined],
    ['integer("1_000")', undefined],
    ['integer("0x10")', undefined],
    ['integer("1.5")', undefined],
    ['integer("2147483648")', undefined],
    // Double.parseDouble: Java's trim (not a no-break space), hexadecimal, a d/f suffix, NaN and Infinity
    ['float("0x1p3")', '8.0'],
    ['float("\u00a01.5")', undefined],
    ['float(" 1.5\t")', '1.5'],
    ['float("1d")', '1.0'],
    ['float("1e400")', 'Infinity'],
    ['float("-Infinity")', '-Infinity'],
    ['float(".5")', '0.5'],
    ['float("1_000")', undefined],
    ['boolean("tRuE")', 'true'],
    ['boolean(" true")', 'false'],
    // URLDecoder keeps characters that are not escapes as they are (a surrogate pair too)
    ['urlDecode("𝒳y%20%F0%9D%92%B3")', '𝒳y 𝒳'],
    ['urlDecode("a+b%2Bc")', 'a b+c'],
    ['urlDecode("100%")', undefined],
    ['urlDecode("%zz")', undefined],
    ['urlEncode("a*b c~d!e\'f(g)h")', 'a%2Ab%20c%7Ed%21e%27f%28g%29h'],
    ['urlEncode("ÄÖü straße", "ISO-8859-1")', '%C4%D6%FC+stra%DFe'],
    // "".getBytes("UTF-16") has no byte-order mark
    ['base64encode("", "UTF-16")', ''],
    ['base64encode("€", "UTF-16")', '/v8grA=='],
    ['base64decode("YWJj")', 'abc'],
    ['base64decode("YW Jj")', undefined],
    ['toUpper("ÄÖü straße")', 'ÄÖÜ STRASSE'],
    ['toLower("ΟΔΟΣ")', 'οδος'],
    ['toLower("İstanbul")', 'i̇stanbul'],
    ['trim("\u00a0x\u00a0")', '\u00a0x\u00a0'],
    ['length("𝒳y𝒳")', '5'],
    ['charAt("𝒳y", 2)', 'y'],
    ['indexOf("hello", "", 9)', '5'],
    ['indexOf("aaa", "a", -1)', '0'],
    ['subString("hello", 5)', ''],
    ['subString("hello", 6)', undefined],
    ['subString("hello", 2, 1)', undefined],
    // Math on ints and doubles
    ['abs(-2147483647)', '2147483647'],
    ['ceil(-0.5)', '-0.0'],
    ['floor(-0.0)', '-0.0'],
    ['sqrt(2)', '1.4142135623730951'],
    ['log(1000)', '3.0'],
    ['log(8, 0)', '-0.0'],
    ['pow(2, -1)', '0.5'],
    ['pow(0.0, 0)', '1.0'],
    ['string(0.000123)', '1.23E-4'],
    ['string(12345.6789)', '12345.6789'],
  ];
  for (const [expr, want] of cases)
    it(`${expr} → ${want ?? '(fails)'}`, () => assert.equal(show(expr), want));
});

describe('JDK behaviours of the property mediator typed values (oracle s16, J6: JDK 17)', () => {
  const cases: Array<[string, string, boolean, string | undefined]> = [
    // (short) (int) Double.parseDouble(value) for an XPath value with a '.': the int's low 16 bits
    ['40000.5', 'SHORT', true, '-25536'],
    ['-40000.5', 'SHORT', true, '25536'],
    ['65536.5', 'SHORT', true, '0'],
    ['1.0E10', 'SHORT', true, '-1'],
    ['1.0E10', 'INTEGER', true, '2147483647'],
    ['NaN.', 'INTEGER', true, undefined],
    ['3.9', 'INTEGER', true, '3'],
    ['-3.9', 'SHORT', true, '-3'],
    ['32768', 'SHORT', false, undefined],
    ['3.9', 'INTEGER', false, undefined],
    // Integer/Long/Short.parseXxx: a sign and digits of any script
    ['٣٤', 'INTEGER', false, '34'],
    ['１２', 'LONG', false, '12'],
    ['+5', 'SHORT', false, '5'],
    ['9223372036854775807', 'LONG', false, '9223372036854775807'],
    ['9223372036854775808', 'LONG', false, undefined],
    ['-0', 'LONG', false, '0'],
    // Float.parseFloat rounds the decimal once; Float/Double.toString take two digits where one would do
    ['1.00000017881393432617187499', 'FLOAT', false, '1.0000001'],
    ['1.4E-45', 'FLOAT', false, '1.4E-45'],
    ['7.0E-46', 'FLOAT', false, '0.0'],
    ['3.4028236E38', 'FLOAT', false, 'Infinity'],
    ['16777217', 'FLOAT', false, '1.6777216E7'],
    ['4.9e-324', 'DOUBLE', false, '4.9E-324'],
    ['0x1p3', 'DOUBLE', false, '8.0'],
    ['0x1p3', 'FLOAT', false, '8.0'],
    ['\u00a01.5', 'DOUBLE', false, undefined],
    ['1.0E7', 'DOUBLE', false, '1.0E7'],
    ['9999999.0', 'DOUBLE', false, '9999999.0'],
    ['0.001', 'DOUBLE', false, '0.001'],
    ['0.00099', 'DOUBLE', false, '9.9E-4'],
    ['yes', 'BOOLEAN', false, 'true'],
    ['TRUE', 'BOOLEAN', false, 'true'],
    [' true', 'BOOLEAN', false, 'false'],
  ];
  for (const [value, type, expression, want] of cases)
    it(`${type} '${value}'${expression ? ' (XPath value)' : ''} → ${want ?? '(fails)'}`, () =>
      assert.equal(typed(value, type, expression), want));

  it('Double.toString and Float.toString of the smallest values (JDK 17 and 19+ agree)', () => {
    assert.equal(javaDoubleToString(Number.MIN_VALUE), '4.9E-324');
    assert.equal(javaDoubleToString(-Number.MIN_VALUE), '-4.9E-324');
    assert.equal(new JavaFloat(1.401298464324817e-45).toString(), '1.4E-45');
    assert.equal(javaDoubleToString(1e21), '1.0E21');
  });
});

describe('formatDateTime(text, from, to) as java.time reads and prints it (oracle s16, J6: JDK 17)', () => {
  // LocalDateTime.parse, else LocalDate.parse, else LocalTime.parse with DateTimeFormatter.ofPattern(from), then
  // format(DateTimeFormatter.ofPattern(to)): no time zone takes part, so these hold in any zone
  const cases: Array<[string, string, string, string | undefined]> = [
    ['2024-1-5', 'yyyy-MM-dd', 'yyyy-MM-dd', undefined],
    ['99-01-05', 'yy-MM-dd', 'yyyy-MM-dd', '2099-01-05'],
    ['2024-01-05 01:45:10 pm', 'yyyy-MM-dd hh:mm:ss a', 'HH:mm', undefined],
    ['2024-01-05 01:45:10 PM', 'yyyy-MM-dd hh:mm:ss a', 'HH:mm', '13:45'],
    ['Mon, 05 Jan 2024 13:45:10', 'EEE, dd MMM yyyy HH:mm:ss', 'yyyy-MM-dd', undefined],
    ['Fri, 05 Jan 2024 13:45:10', 'EEE, dd MMM yyyy HH:mm:ss', 'yyyy-MM-dd', '2024-01-05'],
    ['05 JAN 2024', 'dd MMM yyyy', 'yyyy-MM-dd', undefined],
    ['2024-01-05 24:00:00', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', '2024-01-06 00:00'],
    ['2024-01-05 24:00:01', 'yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd', undefined],
    ['2024-031', 'yyyy-DDD', 'yyyy-MM-dd', '2024-01-31'],
    ['2023-366', 'yyyy-DDD', 'yyyy-MM-dd', undefined],
    ['+2024-01-05', 'yyyy-MM-dd', 'yyyy-MM-dd', undefined],
    ['12024-01-05', 'yyyy-MM-dd', 'yyyy-MM-dd', undefined],
    ['12024-01-05', 'yyyyy-MM-dd', 'yyyy-MM-dd', '+12024-01-05'],
    ['2024-01-05 13:45:10.5', 'yyyy-MM-dd HH:mm:ss.S', 'SSS', '500'],
    ['2024-01-05 13:45:10.12345', 'yyyy-MM-dd HH:mm:ss.SSSSS', 'SSS', '123'],
    ['2024-01-05 13:45:10.123456789', 'yyyy-MM-dd HH:mm:ss.SSSSSSSSS', 'n', '123456789'],
    ['2024-01-05 13:45:10.12', 'yyyy-MM-dd HH:mm:ss.SSS', 'SSS', undefined],
    ['20240105', 'yyyyMMdd', 'yyyy-MM-dd', '2024-01-05'],
    ['202401051345', 'yyyyMMddHHmm', 'dd/MM/yyyy HH:mm', '05/01/2024 13:45'],
    ['2024-01-05T13:45:10+05:30', "yyyy-MM-dd'T'HH:mm:ssXXX", 'HH:mm', '13:45'],
    ['2024-01-05T13:45:10+0530', "yyyy-MM-dd'T'HH:mm:ssXXX", 'HH:mm', undefined],
    ['2024-01-05T13:45:10Z', "yyyy-MM-dd'T'HH:mm:ssX", 'HH:mm', '13:45'],
    ['2024-01-05T13:45:10Z', "yyyy-MM-dd'T'HH:mm:ssxxx", 'HH:mm', undefined],
    ['2024-02-30', 'yyyy-MM-dd', 'dd/MM/yyyy', '29/02/2024'],
    ['2023-04-31', 'yyyy-MM-dd', 'dd/MM/yyyy', '30/04/2023'],
    ['2024-13-01', 'yyyy-MM-dd', 'dd/MM/yyyy', undefined],
    ['10:15', 'HH:mm', 'HH:mm:ss', '10:15:00'],
    ['13:45:10', 'HH:mm:ss', 'yyyy', undefined],
    ['2024-01-05', 'yyyy-MM-dd', 'HH:mm', undefined],
    ['10:15', 'hh:mm', 'HH:mm', undefined],
    ['2024-01-05 13', 'yyyy-MM-dd HH', 'yyyy-MM-dd HH:mm', '2024-01-05 13:00'],
    ['2024-1-5 7:3', 'yyyy-M-d H:m', 'yyyy-MM-dd HH:mm', '2024-01-05 07:03'],
    ['2024-01-05 12:30 AM', 'yyyy-MM-dd hh:mm a', 'HH:mm', '00:30'],
    ['2024-01-05 00:30', 'yyyy-MM-dd kk:mm', 'HH:mm', '00:30'],
    ['2024-01-05 24:30', 'yyyy-MM-dd kk:mm', 'HH:mm', '00:30'],
    ['January 5, 2024', 'MMMM d, yyyy', 'yyyy-MM-dd', '2024-01-05'],
    ['Jan 5, 2024', 'MMMM d, yyyy', 'yyyy-MM-dd', undefined],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'MMMMM', 'D'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'EEEEE', 'M'],
    // F: the aligned week of the month since JDK 19 (JDK-8282081; MI 4.4 on JDK 21; checked on Temurin 25): JDK 17 said 2
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'F', '5'],
    ['2024-01-08 09:05', 'yyyy-MM-dd HH:mm', 'F', '2'],
    ['2024-01-15 3', 'yyyy-MM-dd F', 'yyyy-MM-dd', '2024-01-15'],
    ['2024-01-15 1', 'yyyy-MM-dd F', 'yyyy-MM-dd', undefined],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'QQQQQ', '4'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', '[yyyy]', '2024'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'yyyy[-MM]', '2024-12'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', '#', undefined],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'ddd', undefined],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'SSSSSSSSSS', undefined],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', "'open", undefined],
    [
      '2024-12-30 09:05:07.123',
      'yyyy-MM-dd HH:mm:ss.SSS',
      "yyyy-MM-dd'T'HH:mm:ss.SSSSSS",
      '2024-12-30T09:05:07.123000',
    ],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'G GGGG GGGGG', 'AD Anno Domini A'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'e c eeee', '2 2 Monday'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'w W YYYY', '1 5 2025'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'EEEEEE', undefined],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'aa', undefined],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'hh a', '09 AM'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'K k', '9 9'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'D DD DDD', '365 365 365'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'uuuu-MM', '2024-12'],
    ['2024-12-30 09:05:07.123', 'yyyy-MM-dd HH:mm:ss.SSS', 'L LLL LLLL', '12 Dec December'],
  ];
  for (const [text, from, to, want] of cases)
    it(`formatDateTime('${text}', '${from}', '${to}') → ${want ?? '(fails)'}`, () =>
      assert.equal(show(`formatDateTime("${text}", "${from}", "${to}")`), want));
});

describe("get-property('SYSTEM_DATE', format): SimpleDateFormat's letters (oracle s16, J6: JDK 17)", () => {
  // the same local date-time in the zone of the process (Java: the JVM's default zone, here UTC)
  const at = { dec30: new Date(2024, 11, 30, 9, 5, 7, 123), jan25: new Date(2024, 0, 25, 9, 5, 7, 7) };
  const cases: Array<[string, 'dec30' | 'jan25', string | undefined]> = [
    ['YYYY-ww', 'dec30', '2025-01'],
    ['YYYY-ww', 'jan25', '2024-04'],
    ['L LLL LLLL', 'dec30', '12 Dec December'],
    ['L LLL LLLL', 'jan25', '1 Jan January'],
    ['G GGGG', 'dec30', 'AD AD'],
    ['G GGGG', 'jan25', 'AD AD'],
    ['w W F u', 'dec30', '1 5 5 1'],
    ['w W F u', 'jan25', '4 4 4 4'],
    ['uu', 'dec30', '01'],
    ['uu', 'jan25', '04'],
    ["'open", 'dec30', undefined],
    ["'open", 'jan25', undefined],
    ["yyyy'", 'dec30', undefined],
    ["yyyy'", 'jan25', undefined],
    ['EEEEE MMMMM', 'dec30', 'Monday December'],
    ['EEEEE MMMMM', 'jan25', 'Thursday January'],
    ['D DDD', 'dec30', '365 365'],
    ['D DDD', 'jan25', '25 025'],
    ['YY Y', 'dec30', '25 2025'],
    ['YY Y', 'jan25', '24 2024'],
    ['k K h H', 'dec30', '9 9 9 9'],
    ['k K h H', 'jan25', '9 9 9 9'],
    ['SSSS S', 'dec30', '0123 123'],
    ['SSSS S', 'jan25', '0007 7'],
    ['E EEEE', 'dec30', 'Mon Monday'],
    ['E EEEE', 'jan25', 'Thu Thursday'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSS", 'dec30', '2024-12-30T09:05:07.123'],
    ["yyyy-MM-dd'T'HH:mm:ss.SSS", 'jan25', '2024-01-25T09:05:07.007'],
    ['Q', 'dec30', undefined],
    ['Q', 'jan25', undefined],
    ['e', 'dec30', undefined],
    ['e', 'jan25', undefined],
    ['c', 'dec30', undefined],
    ['c', 'jan25', undefined],
    ['n', 'dec30', undefined],
    ['n', 'jan25', undefined],
  ];
  const format = (d: Date, p: string): string | undefined => {
    try {
      return formatJavaDate(d, p);
    } catch {
      return undefined;
    }
  };
  for (const [pattern, day, want] of cases)
    it(`'${pattern}' on ${day} → ${want ?? '(fails)'}`, () => assert.equal(format(at[day], pattern), want));

  it("refuses what the JDK refuses: SimpleDateFormat's XXXX, java.time's cc (7,000 random patterns agree)", () => {
    assert.equal(format(at.jan25, 'HH XXXX'), undefined);
    assert.equal(format(at.jan25, 'ss XXX'), '07 ' + formatJavaDate(at.jan25, 'XXX'));
    assert.equal(show('formatDateTime("2024-01-25 09:05:07", "yyyy-MM-dd HH:mm:ss", "cc")'), undefined);
    assert.equal(
      show('formatDateTime("2024-01-25 09:05:07", "yyyy-MM-dd HH:mm:ss", "c ccc cccc ccccc")'),
      '5 Thu Thursday T',
    );
  });
});

describe('Synapse XPath functions over the JDK and commons-codec (oracle s16, J6: JDK 17, commons-codec 1.17)', () => {
  const cases: Array<[string, string | undefined]> = [
    // Base64DecodeFunction: new String(Base64.decode(bytes), charset).trim()
    ["base64Decode('IGhpIA==')", 'hi'],
    ["base64Decode('CQ==')", ''],
    ["base64Decode('aGVs bG8=IGJ5ZQ==')", 'hello'],
    // Java's UTF-8 decoder: the bytes of a surrogate (ED A0 80) are one U+FFFD
    ["base64Decode('7aCA')", '\ufffd'],
    // Base64EncodeFunction: new String(encoded bytes, charset): in UTF-16 two base64 letters make one char
    [
      "base64Encode('hello world', 'UTF-16')",
      '\u2f76\u3841\u6141\u426c\u4147\u7741\u6241\u4276\u4143\u4141\u6477\u4276\u4148\u4941\u6241\u426b',
    ],
    ["base64Encode('€', 'UTF-16')", '\u2f76\u3867\u7241\u3d3d'],
    ["base64Encode('hi', 'UTF-16LE')", '\u4161\u7042\u4141\u3d3d'],
    // HMACGenerateFunction: Mac.getInstance takes the name in any case and every JDK Mac; an empty key is refused
    [
      "hmac-generate('The quick brown fox', 'key', 'hmacsha256')",
      '203d1e5cedd2d18f8c5a3beff0bd9c1ebcb97097dfcb288c46b00c9227fde2c0',
    ],
    [
      "hmac-generate('The quick brown fox', 'key', 'HmacSHA224')",
      'aca35715b8cae3bcf41f49c9a5f88a174a2f38d4c78892a38061ed56',
    ],
    [
      "hmac-generate('The quick brown fox', 'key', 'HmacSHA3-256')",
      'f7005cd351f68062dae84960737be699fae731135019ae6455f44ad4b874fe67',
    ],
    ["hmac-generate('x', '', 'HmacSHA256')", undefined],
  ];
  for (const [expr, want] of cases)
    it(`${expr} → ${want ?? '(fails)'}`, () => assert.equal(xpath(expr), want));

  it("${base64decode()} and ${urlDecode()} decode UTF-8 as Java does (a surrogate's bytes are one U+FFFD)", () => {
    assert.equal(show('base64decode("TvftA0bttw==")'), 'N\ufffd\ufffd\u0003F\ufffd');
    assert.equal(show('urlDecode("%ED%A0%80x%ED%BF")'), '\ufffdx\ufffd');
  });
});

describe('${...} arithmetic: a Long stays a Long whatever its value (oracle s16, J6: JDK 17, BinaryOperationNode)', () => {
  // evaluated left to right as written (parenthesised): int, long and double operations as BinaryOperationNode
  // makes them (Math.addExact/multiplyExact overflowing into a long, a long division (double) a / b, BigDecimal)
  const cases: Array<[string, string]> = [
    ['(10000000000 - 9999999990) / 2', '5.0'],
    ['(2147483648 - 2147483640) * 2', '16'],
    ['2147483647 + 1', '2147483648'],
    ['((2147483647 + 1) - 1) / 1', '2.147483647E9'],
    ['(4294967296 % 10) / 3', '2.0'],
    ['46341 * 46341', '2147488281'],
    ['(46341 * 46341) / 3', '7.15829427E8'],
    ['(0 - 2147483647) - 2', '2147483647'],
    ['7 / 2', '3.5'],
    ['8 / 2', '4'],
    ['2147483648 / 2', '1.073741824E9'],
    ['(10 % 3) / 2', '0.5'],
    ['1 / 3.0', '0.3'],
    ['2.5 % 1', '0.5'],
    ['9223372036854775807 + 1', '-9223372036854775808'],
  ];
  for (const [expr, want] of cases) it(`\${${expr}} → ${want}`, () => assert.equal(show(expr), want));
});

describe('charset names as the JDK resolves them (oracle s16, J6: JDK 17, Charset.forName aliases)', () => {
  const cases: Array<[string, string]> = [
    // (only "UTF-8" written so turns '+' into %20: PredefinedFunctionNode compares the argument itself)
    ['urlEncode("ÄÖü €x", "UTF8")', '%C3%84%C3%96%C3%BC+%E2%82%ACx'],
    ['urlEncode("ÄÖü €x", "L1")', '%C4%D6%FC+%3Fx'],
    ['base64encode("ÄÖü €x", "IBM819")', 'xNb8ID94'],
    ['urlEncode("ÄÖü €x", "default")', '%3F%3F%3F+%3Fx'],
    ['urlEncode("ÄÖü €x", "UnicodeBigUnmarked")', '%00%C4%00%D6%00%FC+%20%ACx'],
    ['base64encode("ÄÖü €x", "X-UTF-16LE")', 'xADWAPwAIACsIHgA'],
  ];
  for (const [expr, want] of cases) it(`${expr} → ${want}`, () => assert.equal(show(expr), want));

  it('windows-1252 (Cp1252) and ISO-8859-15 (Latin-9) have their own bytes; a character they lack is ?', () => {
    assert.equal(show('urlEncode("ÄÖü €x", "Cp1252")'), '%C4%D6%FC+%80x');
    assert.equal(show('urlEncode("Šš Žž Œœ Ÿ", "windows-1252")'), '%8A%9A+%8E%9E+%8C%9C+%9F');
    assert.equal(show('base64encode("€‚ƒ„…†‡ˆ‰‹", "windows-1252")'), 'gIKDhIWGh4iJiw==');
    assert.equal(show('urlEncode("\u0081\u008d 𝒳 é", "windows-1252")'), '%3F%3F+%3F+%E9');
    assert.equal(show('urlEncode("\u0081\u008d 𝒳 é", "ISO-8859-15")'), '%81%8D+%3F+%E9');
    assert.equal(show('base64encode("€‚ƒ„…†‡ˆ‰‹", "8859_15")'), 'pD8/Pz8/Pz8/Pw==');
  });

  it("base64Decode(text, 'ASCII'): a byte above 0x7F is U+FFFD (Java's US-ASCII decoder)", () => {
    assert.equal(xpath("base64Decode('w4TDlg==', 'ASCII')"), '\ufffd\ufffd\ufffd\ufffd');
    assert.equal(xpath("base64Decode('w4TDlg==', 'L1')"), '\u00c3\u0084\u00c3\u0096');
  });
});

describe("the script mediator's java.lang number parsers (oracle s16, J6: JDK 17 Integer/Long/Double/Float)", () => {
  type Lang = Record<string, Record<string, (...a: unknown[]) => number>>;
  const lang = (javaGlobals(1000).java as { lang: Lang }).lang;
  const parse = (f: () => number): number | 'NumberFormatException' => {
    try {
      return f();
    } catch {
      return 'NumberFormatException';
    }
  };
  const cases: Array<[string, () => number, number | 'NumberFormatException']> = [
    ['Integer.parseInt("12abc")', () => lang.Integer!.parseInt!('12abc'), 'NumberFormatException'],
    ['Integer.parseInt("fg", 16)', () => lang.Integer!.parseInt!('fg', 16), 'NumberFormatException'],
    ['Integer.parseInt("FF", 16)', () => lang.Integer!.parseInt!('FF', 16), 255],
    ['Integer.parseInt("3000000000")', () => lang.Integer!.parseInt!('3000000000'), 'NumberFormatException'],
    ['Integer.parseInt("8", 8)', () => lang.Integer!.parseInt!('8', 8), 'NumberFormatException'],
    ['Integer.parseInt("z", 36)', () => lang.Integer!.parseInt!('z', 36), 35],
    ['Integer.parseInt("٣٤")', () => lang.Integer!.parseInt!('٣٤'), 34],
    ['Integer.parseInt(" 5")', () => lang.Integer!.parseInt!(' 5'), 'NumberFormatException'],
    [
      'Long.parseLong("9223372036854775808")',
      () => lang.Long!.parseLong!('9223372036854775808'),
      'NumberFormatException',
    ],
    ['Double.parseDouble("0x10")', () => lang.Double!.parseDouble!('0x10'), 'NumberFormatException'],
    ['Double.parseDouble("0b101")', () => lang.Double!.parseDouble!('0b101'), 'NumberFormatException'],
    ['Double.parseDouble("1d")', () => lang.Double!.parseDouble!('1d'), 1],
    [
      'Float.parseFloat("1.00000017881393432617187499")',
      () => lang.Float!.parseFloat!('1.00000017881393432617187499'),
      Math.fround(1.0000001),
    ],
  ];
  for (const [what, f, want] of cases) it(`${what} → ${want}`, () => assert.equal(parse(f), want));
});

describe('split() around surrogate pairs and JSON arrays as Gson prints them (oracle s16, J6: JDK 17, Gson)', () => {
  it('an empty match is found between the halves of a surrogate pair, as Matcher.find does (no loop)', () => {
    assert.deepEqual(javaSplit('a😀b', ''), ['a', '\ud83d', '\ude00', 'b']);
    assert.deepEqual(javaSplit('_𝒳)a', 'x*'), ['_', '\ud835', '\udcb3', ')', 'a']);
    assert.deepEqual(javaSplit('a😀b', 'b'), ['a😀']);
  });

  it('a JSON array result prints U+2028 escaped (Gson JsonWriter)', () => {
    assert.equal(show('split("x\u2028y", ",")'), '["x\\u2028y"]');
  });
});

describe('formatDateTime: the rarer letters java.time reads (oracle s16, J6: JDK 17, 4,096 random patterns)', () => {
  // fields that must agree with the date (week-based year, quarter, day of week), LL, GGG, milli-of-day,
  // the offset forms of Z/O, AM or PM alone (06:00 / 18:00), seconds without minutes (no time)
  const cases: Array<[string, string, string, string | undefined]> = [
    ['AM', 'a', 'HH:mm', '06:00'],
    [
      '2036/01:21-05.+0530/48T40',
      "yyyy/MM:dd-HH.ZZZ/mm'T'ss",
      "yyyy-MM-dd'T'HH:mm:ss",
      '2036-01-21T05:48:40',
    ],
    ['75.+0530 1975.04 13/17 06.12/17', 'YY.xxxx yyyy.MM dd/HH mm.ss/H', 'HH:mm', undefined],
    ['1988-12.12T09:18 26.42', "yyyy-LL.MM'T'dd:HH mm.ss", 'yyyy-MM-dd HH:mm:ss', '1988-12-09 18:26:42'],
    ['1964/4th quarter T12/22:04T57-59', "yyyy/qqqq 'T'MM/dd:HH'T'mm-ss", 'yyyy-MM-dd', '1964-12-22'],
    ['1964/1st quarter T12/22:04T57-59', "yyyy/qqqq 'T'MM/dd:HH'T'mm-ss", 'yyyy-MM-dd', undefined],
    ['25156123.+0000', 'AAAAAAA.ZZZ', 'HH:mm:ss.SSS', '06:59:16.123'],
    ['2009-09-14 Mon 03:26', 'yyyy-MM-dd eee HH:mm', 'yyyy-MM-dd HH:mm', '2009-09-14 03:26'],
    ['AD 2024-01-05', 'GGG yyyy-MM-dd', 'yyyy-MM-dd', '2024-01-05'],
    ['2024-01-05 13:45:10 GMT', 'yyyy-MM-dd HH:mm:ss ZZZZ', 'HH:mm', '13:45'],
    ['2024-01-05 13:45:10 GMT+05:30', 'yyyy-MM-dd HH:mm:ss OOOO', 'HH:mm', '13:45'],
    ['2024-01-05 16.49', 'yyyy-MM-dd kk.ss', 'yyyy-MM-dd', '2024-01-05'],
    ['16.49', 'kk.ss', 'HH:mm', undefined],
    ['2024-W01', "YYYY-'W'ww", 'yyyy-MM-dd', undefined],
  ];
  for (const [text, from, to, want] of cases)
    it(`formatDateTime('${text}', '${from}', '${to}') → ${want ?? '(fails)'}`, () =>
      assert.equal(show(`formatDateTime("${text}", "${from}", "${to}")`), want));
});

describe('props/headers read as HeadersAndPropertiesAccessNode.tryParseNumber does (R5 review of J6)', () => {
  // Integer.parseInt, then Long.parseLong of the value's text: decimal digits of any script are a number
  const ctx = new TestContext({ json: {}, props: { ar: '٣٤', fw: '１２', big: '٣٠٠٠٠٠٠٠٠٠٠', mix: '٣a' } });
  const cases: Array<[string, string]> = [
    ['props.ar', '34'],
    ['props.fw + 1', '13'],
    ['props.big + 1', '30000000001'],
    ['props.mix', '٣a'],
  ];
  for (const [expr, want] of cases)
    it(`${expr} → ${want}`, () =>
      assert.equal(synapseValueString(compileExpression('${' + expr + '}').evaluateTyped(ctx)), want));
});
