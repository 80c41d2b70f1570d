/**
 * Java regular expressions as java.util.regex.Pattern reads them (G2, session 15): what `synapse run` refused and MI
 * deploys (mid-pattern and scoped inline flags, comments mode, Unicode blocks, java.lang.Character classes,
 * possessive quantifiers and atomic groups with Java's group numbers, nested and intersected classes...). The
 * expectations were recorded with JDK 17's Pattern (Matcher.matches(), then find(): the match and its last group),
 * \b's with JDK 19+'s (Temurin 25), as MI 4.4 runs on JDK 21; core/javaRegex.ts is the one translation the runtime
 * and the validator use.
 */
import assert from 'node:assert/strict';
import { JavaRegexUnsupported, JavaSyntaxError, javaRegExp } from '../../core/javaRegex';
import { send, startRuntime } from '../runtime/helpers';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

/** [pattern, input, matches() or 'error' (Pattern.compile refuses it), find(): match '/' last group, or '-'] */
const JDK17: [string, string, boolean | 'error', string][] = [
  ['(?i)\\p{Lower}', 'A', true, 'A'],
  ['[^a[b]]', 'b', false, '-'],
  ['[^a[b]]', 'c', true, 'c'],
  ['(?x)[a b]', ' ', false, '-'],
  ['(a)\\2', 'aa', false, '-'],
  ['(?i)\u00e9', '\u00c9', false, '-'],
  ['(?iu)\u00e9', '\u00c9', true, '\u00c9'],
  ['(?m)^', '', false, '-'],
  ['a(?i)b|c', 'C', true, 'C'],
  ['[a-z&&[^c]]', 'c', false, '-'],
  ['[a-z&&[^c]]', 'd', true, 'd'],
  ['\\p{javaLowerCase}+', 'a\u00e9', true, 'a\u00e9'],
  ['(?i)[^a]', 'A', false, '-'],
  ['(?i)\\p{IsLowercase}', 'A', true, 'A'],
  ['(?i)[k]', '\u212a', false, '-'],
  ['(?iu)k', '\u212a', true, '\u212a'],
  ['a{', 'a{', 'error', ''],
  ['x{,2}', 'x', 'error', ''],
  ['(?x)a # c', 'a', true, 'a'],
  ['(?x)a\\ b', 'a b', true, 'a b'],
  ['[a&&]', 'a', true, 'a'],
  ['[&&a]', 'a', true, 'a'],
  ['\\Qa.b', 'a.b', true, 'a.b'],
  ['(?>a|ab)c', 'abc', false, '-'],
  ['a++a', 'aa', false, '-'],
  ['\\v', '\u0085', true, '\u0085'],
  ['\\s', '\u00a0', false, '-'],
  ['.', '\u0085', false, '-'],
  ['(?i)\\w', '\u017f', false, '-'],
  // (\b between ASCII word characters and others since JDK 19, JDK-8264160: JDK 17 said true; MI 4.4 runs on JDK 21)
  ['\\b\u00e9', '\u00e9', false, '-'],
  ['caf\\b\u00e9', 'caf\u00e9', true, 'caf\u00e9'],
  ['\\B\u00e9', '\u00e9', true, '\u00e9'],
  ['a$', 'a\r\n', false, 'a'],
  ['a$', 'a\r', false, 'a'],
  ['(?-i)a', 'A', false, '-'],
  ['[a-[b]]', '-', true, '-'],
  ['\\R', '\r\n', true, '\r\n'],
  ['\\h', '\u00a0', true, '\u00a0'],
  ['(?U)\\w', '\u00e9', true, '\u00e9'],
  ['(?U)\\s', '\u00a0', true, '\u00a0'],
  ['(?U)\\p{Lower}', '\u00e9', true, '\u00e9'],
  ['(?i)\\p{javaLowerCase}', 'A', true, 'A'],
  ['(?i)[a-c]', 'B', true, 'B'],
  ['(?i)\\p{L}', 'A', true, 'A'],
  ['[\\w&&\\d]', '5', true, '5'],
  ['a$', 'a\n', false, 'a'],
  ['a$', 'a\n\n', false, '-'],
  ['a\\Z', 'a\r\n', false, 'a'],
  ['a\\Z', 'a\n', false, 'a'],
  ['a\\Z', 'a\u0085', false, 'a'],
  ['(?m)a$', 'a\r\nb', false, 'a'],
  ['(?m)^b', 'a\r\nb', false, 'b'],
  ['(?m)^b', 'a\rb', false, 'b'],
  ['(?m)$', '', true, ''],
  ['\\R', '\n', true, '\n'],
  ['a\\R', 'a\r\n', true, 'a\r\n'],
  ['\\R\\R', '\r\n', true, '\r\n'],
  ['\\Ra', '\r\na', true, '\r\na'],
  ['(?d).', '\r', true, '\r'],
  ['(?d)a$', 'a\r', false, '-'],
  ['(?s).', '\n', true, '\n'],
  ['x*+', 'xxx', true, 'xxx'],
  ['(?:ab|a)++b', 'abab', false, '-'],
  ['(?i)[^\\p{Lower}]', 'A', false, '-'],
  ['\\p{IsGreek}', '\u03b1', true, '\u03b1'],
  ['\\p{InGreek}', '\u03b1', true, '\u03b1'],
  ['\\p{block=GreekandCoptic}', '\u03b1', true, '\u03b1'],
  ['\\p{blk=Greek}', '\u03b1', true, '\u03b1'],
  ['\\p{InGREEK_AND_COPTIC}', '\u03b1', 'error', ''],
  ['\\p{Ingreek and coptic}', '\u03b1', true, '\u03b1'],
  ['\\p{IsLatin}+', 'a\u00e9', true, 'a\u00e9'],
  ['\\p{Lu}', 'A', true, 'A'],
  ['\\p{IsL}', 'a', true, 'a'],
  ['\\p{InFoo}', 'a', 'error', ''],
  ['[\\p{InGreek}&&\\p{Ll}]+', '\u03b1\u0391', false, '\u03b1'],
  ['(?i:a)b', 'AB', false, '-'],
  ['(?i:a)b', 'Ab', true, 'Ab'],
  ['(?s-i:a.)b', 'a\nB', false, '-'],
  ['a(?i)b', 'aB', true, 'aB'],
  ['(?i)a(?-i)b', 'AB', false, '-'],
  ['((?i)a)b', 'AB', false, '-'],
  ['((?i)a)b', 'Ab', true, 'Ab/A'],
  ['(?x) a b # hello', 'ab', true, 'ab'],
  ['(?x)[ ^ a ]', 'b', false, '-'],
  ['(?x)[^ a ]', ' ', true, ' '],
  ['(?<n>a)\\k<n>', 'aa', true, 'aa/a'],
  ['(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)\\10', 'abcdefghija', false, '-'],
  ['(a)\\11', 'aa1', true, 'aa1/a'],
  ['\\0101', 'A', true, 'A'],
  ['\\x{41}', 'A', true, 'A'],
  ['\\cA', '\u0001', true, '\u0001'],
  ['[a-c&&b-d&&c]', 'c', true, 'c'],
  ['[^a-c&&b]', 'b', false, '-'],
  ['[^a-c&&b]', 'd', true, 'd'],
  ['[[a]&&[b]]', 'a', false, '-'],
  ['[]a]', ']', true, ']'],
  ['[^]a]', 'b', true, 'b'],
  ['[a-]', '-', true, '-'],
  ['[\\Q]\\E]', ']', true, ']'],
  ['(?U)\\d', '\u0663', true, '\u0663'],
  ['(?U)\\b', '\u00e9', false, ''],
  ['.', '\ud83d\ude00', true, '\ud83d\ude00'],
  ['[^a]', '\ud83d\ude00', true, '\ud83d\ude00'],
  ['\\uD83D\\uDE00', '\ud83d\ude00', true, '\ud83d\ude00'],
  ['(?u)(?i)[\u00e9]', '\u00c9', true, '\u00c9'],
  ['(?i)[\u00e0-\u00fe]', '\u00c0', false, '-'],
  ['(?iu)[\u00e0-\u00fe]', '\u00c0', true, '\u00c0'],
  ['(?iu)\\x{1D400}', 'a', false, '-'],
  ['(?i)\\p{Lu}', 'a', true, 'a'],
  ['(?i)\\p{Ll}', 'A', true, 'A'],
  ['(?i)\\p{IsLu}', 'a', true, 'a'],
  ['(?i)\\p{Lt}', 'a', true, 'a'],
  ['(?i)\\p{IsUppercase}', 'a', true, 'a'],
  ['(?i)\\p{javaUpperCase}', 'a', true, 'a'],
  ['(?i)\\p{Upper}', 'a', true, 'a'],
  ['(?i)\\p{L}', 'a', true, 'a'],
  ['(?i)\\p{IsTitlecase}', 'a', true, 'a'],
  ['(?i)\\P{Lower}', 'A', false, '-'],
  ['(?i)[\\P{Lower}]', 'A', false, '-'],
  ['\\p{Greek}', '\u03b1', 'error', ''],
  ['\\1(a)', 'a', false, '-'],
  ['(?i)\\p{InBasicLatin}', 'a', true, 'a'],
  ['(?i)(?u)\\p{Lower}', '\u00c9', false, '-'],
  ['(a*+)(b)', 'aab', true, 'aab/b'],
  ['(?>(a)|ab)(c)', 'abc', false, '-'],
  ['(?>x|xy)z|(q)', 'xyz', false, '-'],
  ['(\\d++)(\\w)', '123a', true, '123a/a'],
  ['(?:a|ab)++(c)', 'ababc', false, '-'],
  ['a{1,2}+(a)', 'aaa', true, 'aaa/a'],
  ['a{1,2}+(a)', 'aaaa', false, 'aaa/a'],
  ['(?i)(ABC)', 'aBc', true, 'aBc/aBc'],
  ['(?i:x)y(?-i)Z(?i)w', 'XyZW', true, 'XyZW'],
  ['(?i:x)y(?-i)Z(?i)w', 'Xyzw', false, '-'],
  ['(?s:.)(?-s:.)', '\n\n', false, '-'],
  ['(?is)a.', 'A\n', true, 'A\n'],
  ['(?i)[^a-c]', 'B', false, '-'],
  ['(?i)[x-z]+', 'XyZ', true, 'XyZ'],
  ['(?i)(?:Hello|bye)', 'HELLO', true, 'HELLO'],
  ['^(?i)abc(?-i)D$', 'ABCD', true, 'ABCD'],
  ['^(?i)abc(?-i)D$', 'ABCd', false, '-'],
  ['(?x) \\d{3} - \\d{4} # phone', '555-1234', true, '555-1234'],
  ['(?x:a b)c d', 'abc d', true, 'abc d'],
  ['(?x)a[ ]b', 'ab', 'error', ''],
  ['(?i)\\Qa.B\\E', 'A.b', true, 'A.b'],
  ['\\p{InCyrillic}+', '\u043f\u0440\u0438\u0432\u0435\u0442', true, '\u043f\u0440\u0438\u0432\u0435\u0442'],
  ['[\\p{InBasicLatin}&&\\p{Alpha}]+', 'abc1', false, 'abc'],
  ['[\\p{InGreek}\\p{InCyrillic}]+', '\u03b1\u0431', true, '\u03b1\u0431'],
  ['\\P{InGreek}', '\u03b1', false, '-'],
  ['\\p{InGreek}', '\u1f00', false, '-'],
  ['\\p{javaUpperCase}\\p{javaLowerCase}+', '\u00c9lan', true, '\u00c9lan'],
  ['\\p{javaWhitespace}', '\u00a0', false, '-'],
  ['\\p{javaWhitespace}', '\u2003', true, '\u2003'],
  ['\\p{javaLetterOrDigit}+', 'a1\u00e9', true, 'a1\u00e9'],
  ['(?m)^\\w+$', 'ab\ncd', false, 'ab'],
  ['(?m)^c', 'ab\ncd', false, 'c'],
  ['(?m)b$', 'ab\ncd', false, 'b'],
  ['(?i)stra\u00dfe', 'STRASSE', false, '-'],
  ['(?iu)\u03c3', '\u03c2', true, '\u03c2'],
  ['(?iu)[\u03b1-\u03c9]', '\u03a3', true, '\u03a3'],
  ['(?U)[\\w]+', '\u00e9a_1', true, '\u00e9a_1'],
  ['(?U)\\p{Alpha}+', '\u00e9a', true, '\u00e9a'],
  ['\\s+', ' \t', true, ' \t'],
  ['(a)|b', 'b', true, 'b/null'],
  ['(?<year>\\d{4})-(\\d\\d)', '2024-05', true, '2024-05/05'],
  ['a*+a', 'aaa', false, '-'],
  ['.*+x', 'abx', false, '-'],
  ['[a-z&&[^aeiou]]+', 'xyz', true, 'xyz'],
  ['[a-z&&[^aeiou]]+', 'xyaz', false, 'xy'],
  ['[\\w&&[^_]]+', 'a_b', false, 'a'],
  ['\\Z', '', true, ''],
  ['ab\\z', 'ab', true, 'ab'],
  ['ab\\Z', 'ab\r\n', false, 'ab'],
  ['\\Aab', 'ab', true, 'ab'],
  ['a\\h+b', 'a\u00a0\u2003b', true, 'a\u00a0\u2003b'],
  ['\\R', '\u2028', true, '\u2028'],
  ['x\\R?y', 'x\r\ny', true, 'x\r\ny'],
  ['\\e\\a', '\u001b\u0007', true, '\u001b\u0007'],
  ['\\0101\\x41\\x{1F600}', 'AA\ud83d\ude00', true, 'AA\ud83d\ude00'],
  ['\\cJ', '\n', true, '\n'],
  ['\\bfoo\\b', 'a foo b', false, 'foo'],
  ['\\Bfoo', 'afoo', false, 'foo'],
  ['(?:a|b)+?c', 'abc', true, 'abc'],
  ['a{2}+', 'aa', true, 'aa'],
  ['\\p{IsLatin}\\p{IsCyrillic}', 'a\u0431', true, 'a\u0431'],
  ['\\p{sc=Latin}', 'a', true, 'a'],
  ['\\p{gc=Lu}', 'A', true, 'A'],
  ['\\p{IsAlphabetic}', '\u00e9', true, '\u00e9'],
  ['\\p{IsLu}', 'a', false, '-'],
  ['[^\\p{L}]', '1', true, '1'],
  ['[\\p{L}&&[^\\p{Lu}]]', 'a', true, 'a'],
  ['(?i)[\\p{Lu}]', 'a', true, 'a'],
  ['(?d)^a$', 'a\r', false, '-'],
  ['(?d).', '\u0085', true, '\u0085'],
  ['(?md)^b', 'a\rb', false, '-'],
  ['[a\\-z]', '-', true, '-'],
  ['[\\[\\]]+', '[]', true, '[]'],
  ['[a-c[x-z]]+', 'bx', true, 'bx'],
  ['[^a-c[x-z]]', 'y', false, '-'],
  ['(?i)[^[a-c]]', 'B', false, '-'],
  ['\\Q(a)\\E+', '(a)))', true, '(a)))'],
  ['a|', '', true, ''],
  ['(|a)', 'a', true, '/'],
  ['()', '', true, '/'],
  ['(?i)\\u00e9', '\u00c9', false, '-'],
  ['(?<a>x)\\k<a>', 'xx', true, 'xx/x'],
  ['x++', 'xx', true, 'xx'],
  ['(?=(\\d))\\w', '5', true, '5/5'],
  ['(?=a)*a', 'a', true, 'a'],
  ['^*a', 'a', true, 'a'],
  ['\\b+a', 'a', true, 'a'],
  ['a{2}{3}', 'aaaaaa', false, 'aa'],
  ['x**', 'x', 'error', ''],
  ['\\p{Alphabetic}', 'a', 'error', ''],
  ['\\p{IsAlpha}', 'a', true, 'a'],
  ['\\p{isLatin}', 'a', 'error', ''],
  ['\\p{IsLATIN}', 'a', true, 'a'],
  ['\\p{IsLatin_1_Supplement}', 'a', 'error', ''],
  ['[a-\\d]', 'a', 'error', ''],
  ['[\\d-z]', '-', true, '-'],
  ['[z-a]', 'a', 'error', ''],
  ['(?<=a+)b', 'ab', false, 'b'],
  ['a{3,2}', 'a', 'error', ''],
  ['\\8', '8', false, '-'],
  ['[\\1]', '1', 'error', ''],
  ['\\y', 'y', 'error', ''],
  ['\\_', '_', true, '_'],
  ['\\ ', ' ', true, ' '],
  ['(?<1a>x)', 'x', 'error', ''],
  ['(?#c)a', 'a', 'error', ''],
  ['(?c)a', 'a', true, 'a'],
  ['(?)a', 'a', true, 'a'],
  ['(?-)a', 'a', true, 'a'],
  ['[\\Q]-\\E]', '-', true, '-'],
  ['a{b', 'a{b', 'error', ''],
  ['a}b', 'a}b', true, 'a}b'],
  ['a]b', 'a]b', true, 'a]b'],
  ['(?<=a|bc)d', 'bcd', false, 'd'],
  ['\\p{IsL&}', 'a', 'error', ''],
  ['\\p{LC}', 'a', true, 'a'],
  ['\\p{L&}', 'a', 'error', ''],
  ['\\p{IsWhiteSpace}', ' ', true, ' '],
  ['\\p{IsPunctuation}', '.', true, '.'],
  ['\\p{IsHex_Digit}', 'a', true, 'a'],
  ['\\p{InLatin-1 Supplement}', '\u00e9', true, '\u00e9'],
  ['\\p{InLatin_1_Supplement}', '\u00e9', true, '\u00e9'],
  ['\\p{Latin}', 'a', 'error', ''],
  ['\\p{IsPrint}', 'a', true, 'a'],
  ['\\p{Is Latin}', 'a', 'error', ''],
  ['(?u)a', 'a', true, 'a'],
  ['\\Q\\Ea', 'a', true, 'a'],
  ['\\Qab', 'ab', true, 'ab'],
  ['\\p{Zs}', ' ', true, ' '],
  ['(?i)\\p{InBasicLatin}', '\u00e9', false, '-'],
  ['\\k<x>', 'x', 'error', ''],
  ['(?<x>a)\\k<y>', 'a', 'error', ''],
  ['[\\w-a]', '-', true, '-'],
  ['[a-]+', 'a-', true, 'a-'],
  ['\\x{110000}', 'a', 'error', ''],
  ['\\u12', 'a', 'error', ''],
  ['\\p{all}', 'a', true, 'a'],
  ['\\p{IsAll}', 'a', 'error', ''],
  ['\\p{Cn}', '\u0378', true, '\u0378'],
  // found by fuzzing against JDK 17: a {n} with nothing before it, a stray \E, \b then a quantifier
  ['{1,2}$', 'ab', false, ''],
  ['\\.\\E', 'ab', 'error', ''],
  ['\\b{1,2}', 'ab', false, ''],
  ['(?i)!?\\1', 'ab', false, '-'],
  ['{2}(?-i){2}?^++', 'ab', false, ''],
  ['(?m)^$', 'a\n\nb', false, ''],
  ['(?s)a.b|(?x) c d', 'cd', true, 'cd'],
  // review (R4): the POSIX Punct class (its '{' unescaped was a v-flag syntax error: a false refusal), \p{IsX} of the
  // POSIX names in their Unicode sense (CharPredicates.getPosixPredicate), a bound past Integer.MAX_VALUE
  ['\\p{Punct}+', '!{~', true, '!{~'],
  ['[^\\p{Punct}]', 'a', true, 'a'],
  ['\\p{Punct}', '\u00a1', false, '-'],
  ['\\p{IsPunct}', '\u00a1', true, '\u00a1'],
  ['\\p{IsSpace}', '\u00a0', true, '\u00a0'],
  ['\\p{IsXDigit}', '\uff10', true, '\uff10'],
  ['\\p{IsCntrl}', '\u0085', true, '\u0085'],
  ['\\p{IsALPHA}', '\u00e9', true, '\u00e9'],
  ['(?i)\\p{IsUpper}', '\u00e9', true, '\u00e9'],
  ['(?i)\\p{IsTitlecase}', '\u00aa', true, '\u00aa'],
  ['(?i)\\p{IsLt}', '\u00aa', false, '-'],
  ['\\p{isalpha}', 'a', 'error', ''],
  ['a{2147483648}', 'a', 'error', ''],
  ['a{1,2147483648}', 'a', 'error', ''],
  // review (R4): UNICODE_CASE folds as Pattern.single does: U+0130's simple lowercase is i (JavaScript's full one is
  // two code points), and a letter whose upper case lowers to itself (\u00df) matches itself alone, not \u1e9e
  ['(?iu)i', '\u0130', true, '\u0130'],
  ['(?iu)\u0130', 'i', true, 'i'],
  ['(?iu)\u00df', '\u1e9e', false, '-'],
  ['(?iu)\u1e9e', '\u00df', true, '\u00df'],
  // review (R4): comments mode between a quantifier's parts (Pattern.closure reads them with next()/read())
  ['(?x)a{1, 2}', 'aa', true, 'aa'],
  ['(?x)a{1 ,2 }', 'aa', true, 'aa'],
  ['(?x)a* +a', 'aa', false, '-'],
  ['(?x)a+ ?', 'aa', true, 'a'],
  ['a{1', 'a', 'error', ''],
];

describe('Java regex syntax as java.util.regex.Pattern reads it (G2, session 15)', () => {
  it(`${JDK17.length} patterns match, or are refused, as JDK 17's Pattern does`, () => {
    const wrong: string[] = [];
    for (const [p, input, whole, found] of JDK17) {
      let got: string;
      try {
        const w = javaRegExp(p, { whole: true }).test(input);
        const m = javaRegExp(p).exec(input);
        const last = m && m.length > 1 ? `/${m[m.length - 1] ?? 'null'}` : '';
        got = `${w} ${m ? m[0] + last : '-'}`;
      } catch (e) {
        got = e instanceof JavaSyntaxError ? 'error ' : `threw ${(e as Error).message}`;
      }
      const want = whole === 'error' ? 'error ' : `${whole} ${found}`;
      if (got !== want) wrong.push(`${JSON.stringify(p)} on ${JSON.stringify(input)}: ${got}, Java ${want}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('what Pattern accepts and JavaScript cannot express stays refused, with a message saying so', () => {
    for (const p of [
      '(?i)(a)\\1',
      '(?<w>x)(?i)\\k<w>',
      'a\\Gb',
      '\\X',
      '\\N{LATIN SMALL LETTER A}',
      '\\b{g}',
    ])
      assert.throws(
        () => javaRegExp(p),
        (e: Error) => e instanceof JavaRegexUnsupported && /no equivalent/.test(e.message),
        p,
      );
  });

  it('helper groups of possessive quantifiers and atomic groups are hidden: replace and exec see Java group numbers', () => {
    const r = javaRegExp('(\\w++)=(?>(\\d+)|x)', { flags: 'g' });
    assert.equal('a=1 bb=22'.replace(r, '$2:$1'), '1:a 22:bb');
    assert.deepEqual(
      [...'k=7'.matchAll(r)].map((m) => [...m]),
      [['k=7', 'k', '7']],
    );
  });
});

describe('synapse validate and run: Java regex syntax MI deploys (G2, session 15)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('g2-s15-', 'Sluice');
  });
  after(() => fx?.dispose());

  it("a pattern Pattern.compile refuses is SYN104 with Pattern's reason; Java syntax JavaScript lacks is no finding (FilterMediatorFactory, SwitchMediatorFactory, PropertyMediatorFactory compile at deploy)", () => {
    const rel = 'Sluice/src/main/wso2mi/artifacts/sequences/Sieve.xml';
    fx.put(
      rel,
      `<sequence ${S} name="Sieve">
  <filter source="$ctx:to" regex="\\p{InNowhere}+"><then><drop/></then></filter>
  <switch source="$ctx:to"><case regex="[z-a]"><drop/></case><case regex="x{,3}"><drop/></case></switch>
  <filter source="$ctx:to" regex="a(?i)b(?-i:C)\\p{InGreek}\\p{javaLowerCase}*+(?>x|y)[a-z&amp;&amp;[^q]]"><then><drop/></then></filter>
  <property name="p" expression="$ctx:to" pattern="(?x) \\d{3} # area&#10; - \\d{4}"/>
  <filter source="$ctx:to" regex="(?i)(ab)\\1"><then><drop/></then></filter>
</sequence>`,
    );
    assert.deepEqual(fx.findings(rel), ['2 error SYN104', '3 error SYN104', '3 error SYN104']);
  });

  it('switch, filter and property pattern with scoped flags, blocks, possessive groups deploy and match as Pattern does', async () => {
    const t = await startRuntime({
      'Weir.xml': `<api ${S} name="Weir" context="/weir"><resource methods="GET" uri-template="/{w}"><inSequence>
         <property name="code" expression="$ctx:uri.var.w" pattern="(?i:id)-(\\d++)-(\\p{InGreek}+)" group="2"/>
         <switch source="$ctx:uri.var.w">
           <case regex="(?i:id)-\\d++-\\p{InGreek}+"><property name="kind" value="greek"/></case>
           <case regex="ID(?i)-[a-c&amp;&amp;[^b]]++x"><property name="kind" value="ac"/></case>
           <default><property name="kind" value="other"/></default>
         </switch>
         <payloadFactory media-type="json"><format>{"kind": "$1", "code": "$2"}</format>
           <args><arg expression="$ctx:kind"/><arg expression="$ctx:code"/></args></payloadFactory>
         <respond/>
       </inSequence></resource></api>`,
    });
    try {
      const get = async (w: string) => (await send(`${t.base}/weir/${encodeURIComponent(w)}`)).json();
      assert.deepEqual(await get('iD-42-αβγ'), { kind: 'greek', code: 'αβγ' });
      assert.deepEqual(await get('ID-aCaX'), { kind: 'ac', code: '' });
      assert.deepEqual(await get('id-aCaX'), { kind: 'other', code: '' });
      assert.deepEqual(await get('ID-abX'), { kind: 'other', code: '' });
    } finally {
      await t.close();
    }
  });
});
