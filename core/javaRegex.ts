/**
 * Java regular expressions (java.util.regex.Pattern, what Synapse compiles for filter/switch regexes, rewrite and
 * conditional-router `match` conditions, a property's `pattern`) written for JavaScript's RegExp.
 *
 * The pattern is parsed as Pattern parses it (JDK 17) and written again for a RegExp with the `v` flag, which reads
 * code points as Pattern does, so a configuration Micro Integrator deploys is not refused and matches the same text:
 *   - flags: `(?idmsuxU)` anywhere (to the end of the enclosing group, all alternatives after it), `(?i-s:X)` scoped,
 *     the caller's. None becomes a RegExp flag: a case-insensitive letter is written as its cases (`[aA]`; with `u`
 *     every code point Character.toUpperCase/toLowerCase folds together), `.`, `^`, `$` as the lookarounds Pattern's
 *     nodes amount to (line terminators \n \r \r\n \u0085 \u2028 \u2029, or \n alone under `d`); `x` skips blanks and
 *     `#` comments, inside classes too; `U` gives \w \d \s \b and the POSIX classes their Unicode sense;
 *   - possessive quantifiers (`X*+`, `X{n,m}+`) and atomic groups `(?>X)`: the lookahead-and-back-reference idiom
 *     `(?=(X*))\k`, the same matches; the helper groups are hidden from the match (JavaRegExp.exec), so group numbers
 *     are Java's for a property's `group`, a rewrite's `$1` and back references;
 *   - classes: nested unions `[a[b]]`, intersections `[a-z&&[^c]]`, a `]` first, `^` over the whole class (JDK 9+);
 *   - `\Q...\E`, `\A`, `\z`, `\Z`, `\G` leading the pattern (a sticky RegExp), `\R`, `\h`, `\H`, `\v` and `\V` (Java's
 *     vertical space, not JavaScript's \v), `\s` (ASCII, as Java's), `\b` (around an ASCII word character, as JDK 19+'s
 *     Bound), `\e`, `\a`, `\cX`, `\0ooo`, `\x{h..h}`, back references `\n` (as many digits as there are groups) and
 *     `\k<name>`;
 *   - `\p{..}`: POSIX classes (US-ASCII), `IsX` (binary property, category, script), `InX`/`block=`/`blk=` (Java's
 *     Unicode blocks, core/javaRegexBlocks.ts), `sc=`/`gc=`, categories, `javaLowerCase` and the other
 *     java.lang.Character methods; under `i`, the upper/lower/title case classes match any cased letter as Pattern's.
 * What JavaScript has no equivalent for is refused with a message naming it: a case-insensitive back reference,
 * `\G` after the start, `\X`, `\N{name}`, `\b{g}`. (A back reference to a group that has not matched matches the
 * empty string in JavaScript, where Pattern fails, and an optional group matching empty stays unset, where Pattern
 * records "": both checked by fuzzing against JDK 17, configurations do not rely on them.)
 */
import { JAVA_BLOCKS } from './javaRegexBlocks';

interface Flags {
  i: boolean;
  m: boolean;
  s: boolean;
  x: boolean;
  d: boolean;
  u: boolean;
  U: boolean;
}

/** A part of the output, written once the JavaScript group numbers are known (helper groups shift them). */
type Part = (e: Emit) => string;

interface Emit {
  count: number;
  /** JavaScript group number of each Java group (index 0: 0). */
  java: number[];
  /** Helper groups (possessive quantifiers, atomic groups). */
  helpers: number;
}

const TERMINATORS = '\\n\\r\\u0085\\u2028\\u2029';
const HSPACE = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';
const VSPACE = '\\n\\x0B\\f\\r\\x85\\u2028\\u2029';
const JAVA_SPACE = ' \\t\\n\\x0B\\f\\r';
const WORD_U = '[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]';
/**
 * Bound.isWord without UNICODE_CHARACTER_CLASS: an ASCII word character, as \\w, since JDK 19 (JDK-8264160; MI 4.4
 * runs on JDK 21). JDK 17 took any Character.isLetterOrDigit: \\b stood between 'caf' and 'é' only from JDK 19 on.
 */
const WORD_BOUND = '[a-zA-Z0-9_]';
const CASED_CATEGORY = '[\\p{Lu}\\p{Ll}\\p{Lt}]';
const CASED = '[\\p{Lowercase}\\p{Uppercase}\\p{Lt}]';

const POSIX: Record<string, string> = {
  Lower: '[a-z]',
  Upper: '[A-Z]',
  ASCII: '[\\x00-\\x7F]',
  Alpha: '[a-zA-Z]',
  Digit: '[0-9]',
  Alnum: '[a-zA-Z0-9]',
  Punct: '[!-\\/:-@\\[-`\\{-~]',
  Graph: '[!-~]',
  Print: '[ -~]',
  Blank: '[ \\t]',
  Cntrl: '[\\x00-\\x1F\\x7F]',
  XDigit: '[0-9a-fA-F]',
  Space: `[${JAVA_SPACE}]`,
};

/** The POSIX names under UNICODE_CHARACTER_CLASS (Pattern's UnicodeProp table). */
const POSIX_U: Record<string, string> = {
  Lower: '\\p{Lowercase}',
  Upper: '\\p{Uppercase}',
  ASCII: '[\\x00-\\x7F]',
  Alpha: '\\p{Alphabetic}',
  Digit: '\\p{Nd}',
  Alnum: '[\\p{Alphabetic}\\p{Nd}]',
  Punct: '\\p{P}',
  Graph: '[^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}]',
  Print: '[[^\\p{White_Space}\\p{Cc}\\p{Cs}\\p{Cn}]\\p{Zs}]',
  Blank: '[\\p{Zs}\\t]',
  Cntrl: '\\p{Cc}',
  XDigit: '[\\p{Nd}\\p{Hex_Digit}]',
  Space: '\\p{White_Space}',
};

/** java.lang.Character's is* methods as \p{javaX} names them. */
const JAVA_METHOD: Record<string, string> = {
  javaLowerCase: '\\p{Lowercase}',
  javaUpperCase: '\\p{Uppercase}',
  javaTitleCase: '\\p{Lt}',
  javaAlphabetic: '\\p{Alphabetic}',
  javaIdeographic: '\\p{Ideographic}',
  javaDigit: '\\p{Nd}',
  javaDefined: '\\P{Cn}',
  javaLetter: '\\p{L}',
  javaLetterOrDigit: '[\\p{L}\\p{Nd}]',
  javaSpaceChar: '\\p{Z}',
  javaWhitespace: '[[\\p{Z}--[\\xA0\\u2007\\u202F]]\\t\\n\\x0B\\f\\r\\x1C-\\x1F]',
  javaISOControl: '[\\x00-\\x1F\\x7F-\\x9F]',
  javaMirrored: '\\p{Bidi_Mirrored}',
  javaIdentifierIgnorable: '[\\x00-\\x08\\x0E-\\x1B\\x7F-\\x9F\\p{Cf}]',
  javaJavaIdentifierStart: '[\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}]',
  javaJavaIdentifierPart:
    '[\\p{L}\\p{Nl}\\p{Sc}\\p{Pc}\\p{Nd}\\p{Mn}\\p{Mc}\\x00-\\x08\\x0E-\\x1B\\x7F-\\x9F\\p{Cf}]',
  javaUnicodeIdentifierStart: '[\\p{ID_Start}]',
  javaUnicodeIdentifierPart: '[\\p{ID_Continue}\\x00-\\x08\\x0E-\\x1B\\x7F-\\x9F\\p{Cf}]',
};

/** Java's binary property names (Pattern: \p{IsX}, any case) that JavaScript spells otherwise or has as a category. */
const JAVA_PROPERTY: Record<string, string> = {
  ALPHABETIC: 'Alphabetic',
  IDEOGRAPHIC: 'Ideographic',
  LETTER: 'L',
  LOWERCASE: 'Lowercase',
  UPPERCASE: 'Uppercase',
  TITLECASE: 'Lt',
  PUNCTUATION: 'P',
  CONTROL: 'Cc',
  WHITESPACE: 'White_Space',
  WHITE_SPACE: 'White_Space',
  DIGIT: 'Nd',
  HEXDIGIT: 'Hex_Digit',
  HEX_DIGIT: 'Hex_Digit',
  JOINCONTROL: 'Join_Control',
  JOIN_CONTROL: 'Join_Control',
  NONCHARACTERCODEPOINT: 'Noncharacter_Code_Point',
  NONCHARACTER_CODE_POINT: 'Noncharacter_Code_Point',
  ASSIGNED: 'Assigned',
  EMOJI: 'Emoji',
};

function validProperty(body: string): boolean {
  try {
    new RegExp(`\\p{${body}}`, 'v');
    return true;
  } catch {
    return false;
  }
}

/** A Unicode script, binary property or category as a JavaScript property escape's body, or undefined. */
function unicodeProperty(name: string): string | undefined {
  const eq = /^(sc|script|gc|general_category)=(.+)$/i.exec(name);
  const scriptName = (v: string) =>
    v
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
      .join('_');
  const candidates = eq
    ? /^(sc|script)$/i.test(eq[1])
      ? [`Script=${eq[2]}`, `Script=${scriptName(eq[2])}`]
      : [`General_Category=${eq[2]}`]
    : name.startsWith('Is')
      ? [name.slice(2), `Script=${name.slice(2)}`, `Script=${scriptName(name.slice(2))}`]
      : [name];
  if (!eq && name.startsWith('Is')) {
    const alias = JAVA_PROPERTY[name.slice(2).toUpperCase()];
    if (alias !== undefined) candidates.unshift(alias);
  }
  return candidates.find(validProperty);
}

let blocks: Map<string, string> | undefined;

/** A Unicode block by any name UnicodeBlock.forName accepts (upper-cased as it does), as a code point range. */
function unicodeBlock(name: string): string | undefined {
  if (!blocks) {
    blocks = new Map();
    for (const line of JAVA_BLOCKS.split('\n')) {
      const m = /^(\w+) (\w+) (.*)$/.exec(line);
      if (!m) continue;
      const range = `[\\u{${m[1]}}-\\u{${m[2]}}]`;
      for (const n of m[3].split(',')) blocks.set(n, range);
    }
  }
  return blocks.get(name.toUpperCase());
}

let folds: Map<number, number[]> | undefined;

/** Character.toUpperCase / toLowerCase of one code point (a mapping to more than one is no simple mapping). */
function simple(cp: number, upper: boolean): number {
  // U+0130's full lowercase is i + U+0307 (SpecialCasing), its simple one (UnicodeData, Java's) is i
  if (cp === 0x130 && !upper) return 0x69;
  const s = String.fromCodePoint(cp);
  const t = upper ? s.toUpperCase() : s.toLowerCase();
  const c = t.codePointAt(0)!;
  return t.length === String.fromCodePoint(c).length ? c : cp;
}

/** Pattern's UNICODE_CASE key: toLowerCase(toUpperCase(c)); the code points sharing it match each other. */
function foldKey(cp: number): number {
  return simple(simple(cp, true), false);
}

function foldTable(): Map<number, number[]> {
  if (folds) return folds;
  folds = new Map();
  for (let cp = 0; cp < 0x1ff00; cp++) {
    if (cp >= 0xd800 && cp < 0xe000) continue;
    const k = foldKey(cp);
    if (k === cp && simple(cp, true) === cp) continue;
    const list = folds.get(k) ?? [k];
    if (!list.includes(cp)) list.push(cp);
    folds.set(k, list);
  }
  return folds;
}

/** The code points a literal matches under the flags (itself; its ASCII case partner under i; its folds with u). */
function caseVariants(cp: number, f: Flags): number[] {
  if (!f.i) return [cp];
  // Pattern.single: upper = toUpperCase(c), lower = toLowerCase(upper); upper == lower (ß) matches c alone, else
  // SingleU(lower) matches what folds to lower
  if (f.u || f.U) return simple(cp, true) === foldKey(cp) ? [cp] : (foldTable().get(foldKey(cp)) ?? [cp]);
  if (cp >= 0x41 && cp <= 0x5a) return [cp, cp + 32];
  if (cp >= 0x61 && cp <= 0x7a) return [cp, cp - 32];
  return [cp];
}

function esc(cp: number): string {
  return /[A-Za-z0-9_]/.test(String.fromCodePoint(cp)) ? String.fromCodePoint(cp) : `\\u{${cp.toString(16)}}`;
}

function literal(cp: number, f: Flags): string {
  const v = caseVariants(cp, f);
  return v.length === 1 ? esc(cp) : `[${v.map(esc).join('')}]`;
}

/** Extra code points a class range takes under i (Pattern's CIRange / CIRangeU). */
function rangeVariants(lo: number, hi: number, f: Flags): number[] {
  if (!f.i) return [];
  const out: number[] = [];
  if (f.u || f.U) {
    for (const list of foldTable().values())
      for (const cp of list)
        if ((cp < lo || cp > hi) && list.some((o) => o >= lo && o <= hi) && !out.includes(cp)) out.push(cp);
    return out;
  }
  for (let c = 0x41; c <= 0x7a; c++) {
    if (c > 0x5a && c < 0x61) continue;
    const other = c <= 0x5a ? c + 32 : c - 32;
    if ((c < lo || c > hi) && other >= lo && other <= hi) out.push(c);
  }
  return out;
}

/** A pattern Pattern.compile refuses (its message and index). */
export class JavaSyntaxError extends SyntaxError {}

/** A pattern Pattern.compile accepts that JavaScript's RegExp cannot express (kept refused, with this message). */
export class JavaRegexUnsupported extends Error {}

class Parser {
  i = 0;
  groups = 0;
  names = new Set<string>();
  sticky = false;
  /** Output an atom puts before itself (the quoted text before a \Q...\E's last character). */
  pending: string[] = [];
  constructor(
    readonly s: string,
    public f: Flags,
  ) {}

  fail(msg: string): never {
    throw new JavaSyntaxError(`${msg} near index ${this.i}`);
  }

  unsupported(msg: string): never {
    throw new JavaRegexUnsupported(
      `${msg} (java.util.regex accepts it; JavaScript's RegExp has no equivalent)`,
    );
  }

  /** Skips blanks and `#` comments in comments mode (Pattern's peekPastWhitespace). */
  skip(): void {
    if (!this.f.x) return;
    for (;;) {
      const c = this.s[this.i];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\x0B' || c === '\f' || c === '\r') this.i++;
      else if (c === '#') {
        while (this.i < this.s.length && !/[\n\r\u0085\u2028\u2029]/.test(this.s[this.i])) this.i++;
      } else return;
    }
  }

  alternation(): Part {
    const alts: Part[][] = [[]];
    for (;;) {
      this.skip();
      const c = this.s[this.i];
      if (c === undefined || c === ')') break;
      if (c === '|') {
        alts.push([]);
        this.i++;
        continue;
      }
      const atom = this.atom();
      if (this.pending.length) {
        const before = this.pending.join('');
        this.pending = [];
        alts[alts.length - 1].push(() => before);
      }
      if (atom === undefined) continue;
      this.skip();
      alts[alts.length - 1].push(this.quantified(atom));
    }
    return (e) => alts.map((seq) => seq.map((p) => p(e)).join('')).join('|');
  }

  quantified(atom: Part): Part {
    const s = this.s;
    let q = '';
    const c = s[this.i];
    if (c === '*' || c === '+' || c === '?') {
      q = c;
      this.i++;
    } else if (c === '{') {
      // Pattern.closure: a digit right after '{'; in comments mode blanks and comments between the rest are skipped
      if (!/[0-9]/.test(s[this.i + 1] ?? '')) this.fail('Illegal repetition');
      this.i++;
      const digits = (): string => {
        let d = '';
        while (/[0-9]/.test(s[this.i] ?? '')) {
          d += s[this.i++];
          this.skip();
        }
        return d;
      };
      const min = digits();
      let max: string | undefined;
      if (s[this.i] === ',') {
        this.i++;
        this.skip();
        max = digits();
      }
      if (s[this.i] !== '}') this.fail('Unclosed counted closure');
      this.i++;
      // Pattern.curly reads the bounds as ints (Math.addExact: a bound past Integer.MAX_VALUE is refused)
      if (Number(min) > 0x7fffffff || Number(max || 0) > 0x7fffffff || (max && Number(max) < Number(min)))
        this.fail('Illegal repetition range');
      q = max === undefined ? `{${min}}` : `{${min},${max}}`;
      // Pattern reads a further {n} right after one as repeating nothing (a{2}{3} is a{2})
      for (
        let more = /^\{\d+(,\d*)?\}/.exec(s.slice(this.i));
        more;
        more = /^\{\d+(,\d*)?\}/.exec(s.slice(this.i))
      )
        this.i += more[0].length;
    } else return atom;
    // (Pattern's next()/peek() in comments mode: the lazy or possessive mark may follow blanks)
    this.skip();
    if (s[this.i] === '?') {
      this.i++;
      return (e) => `(?:${atom(e)})${q}?`;
    }
    if (s[this.i] === '+') {
      this.i++;
      return possessive((e) => `(?:${atom(e)})${q}`);
    }
    return (e) => `(?:${atom(e)})${q}`;
  }

  atom(): Part | undefined {
    const s = this.s;
    const c = s[this.i];
    const f = this.f;
    switch (c) {
      case '(':
        return this.group();
      case '[': {
        const cls = this.classExpr();
        return () => cls;
      }
      case '.': {
        this.i++;
        const dot = f.s ? '[\\s\\S]' : f.d ? '[^\\n]' : `[^${TERMINATORS}]`;
        return () => dot;
      }
      case '^': {
        this.i++;
        const caret = !f.m
          ? '^'
          : f.d
            ? '(?=[\\s\\S])(?<![^\\n])'
            : `(?=[\\s\\S])(?:(?<![\\s\\S])|(?<=[${TERMINATORS}])(?!(?<=\\r)\\n))`;
        return () => caret;
      }
      case '$': {
        this.i++;
        const dollar = f.d
          ? f.m
            ? '(?=\\n|(?![\\s\\S]))'
            : '(?=\\n?(?![\\s\\S]))'
          : f.m
            ? `(?!(?<=\\r)\\n)(?=[${TERMINATORS}]|(?![\\s\\S]))`
            : `(?!(?<=\\r)\\n)(?=(?:\\r\\n|[${TERMINATORS}])?(?![\\s\\S]))`;
        return () => dollar;
      }
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
        this.fail(`Dangling meta character '${c}'`);
      case '{': {
        // a {n,m} with nothing before it repeats nothing (Pattern reads it as a quantifier of an empty atom)
        const m = /^\{\d+(,\d*)?\}/.exec(s.slice(this.i));
        if (!m) this.fail('Illegal repetition');
        this.i += m[0].length;
        if (s[this.i] === '?' || s[this.i] === '+') this.i++;
        return undefined;
      }
      default: {
        const cp = s.codePointAt(this.i)!;
        this.i += cp > 0xffff ? 2 : 1;
        const lit = literal(cp, f);
        return () => lit;
      }
    }
  }

  group(): Part | undefined {
    const s = this.s;
    this.i++;
    const saved = { ...this.f };
    const body = (): Part => {
      const b = this.alternation();
      if (s[this.i] !== ')') this.fail('Unclosed group');
      this.i++;
      this.f = saved;
      return b;
    };
    if (s[this.i] !== '?') {
      const n = ++this.groups;
      const b = body();
      return (e) => {
        e.java[n] = ++e.count;
        return `(${b(e)})`;
      };
    }
    const rest = s.slice(this.i + 1);
    const look = /^(=|!|<=|<!)/.exec(rest);
    if (look) {
      this.i += 1 + look[0].length;
      const b = body();
      return (e) => `(?${look[0]}${b(e)})`;
    }
    if (rest.startsWith(':')) {
      this.i += 2;
      const b = body();
      return (e) => `(?:${b(e)})`;
    }
    if (rest.startsWith('>')) {
      this.i += 2;
      const b = body();
      return possessive(b);
    }
    const named = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(rest);
    if (named) {
      if (this.names.has(named[1])) this.fail(`Named capturing group <${named[1]}> is already defined`);
      this.names.add(named[1]);
      this.i += 1 + named[0].length;
      const n = ++this.groups;
      const b = body();
      return (e) => {
        e.java[n] = ++e.count;
        return `(?<${named[1]}>${b(e)})`;
      };
    }
    const flags = /^([idmsuxcU]*)(?:-([idmsuxcU]*))?([:)])/.exec(rest);
    if (!flags) this.fail('Unknown inline modifier');
    this.i += 1 + flags[0].length;
    const apply = (to: Flags) => {
      for (const ch of flags[1]) if (ch in to) to[ch as keyof Flags] = true;
      for (const ch of flags[2] ?? '') if (ch in to) to[ch as keyof Flags] = false;
    };
    if (flags[3] === ')') {
      // to the end of the enclosing group (its alternatives after this one too): the group restores the flags
      apply(this.f);
      return undefined;
    }
    this.f = { ...saved };
    apply(this.f);
    const b = body();
    return (e) => `(?:${b(e)})`;
  }

  /** A back reference `\n`: Pattern takes a further digit while the number stays within the groups so far. */
  backReference(first: number): Part {
    let n = first;
    while (/[0-9]/.test(this.s[this.i] ?? '') && n * 10 + Number(this.s[this.i]) <= this.groups) {
      n = n * 10 + Number(this.s[this.i]);
      this.i++;
    }
    // (a group not yet opened never matches here: no case to compare)
    if (this.f.i && n <= this.groups) this.unsupported('A case-insensitive back reference');
    return (e) => (e.java[n] === undefined ? '(?!)' : `(?:\\${e.java[n]})`);
  }

  escape(): Part | undefined {
    const s = this.s;
    const n = s[this.i + 1];
    if (n === undefined) this.fail('Unexpected internal error');
    const f = this.f;
    const outside = (str: string): Part => {
      this.i += 2;
      return () => str;
    };
    switch (n) {
      case 'Q': {
        const end = s.indexOf('\\E', this.i + 2);
        const text = end < 0 ? s.slice(this.i + 2) : s.slice(this.i + 2, end);
        this.i = end < 0 ? s.length : end + 2;
        // a quantifier after \E takes the last quoted character, as it would an unquoted one
        const lits = [...text].map((ch) => literal(ch.codePointAt(0)!, f));
        const last = lits.pop();
        if (lits.length) this.pending.push(lits.join(''));
        return last === undefined ? undefined : () => last;
      }
      case 'A':
        return outside('(?<![\\s\\S])');
      case 'z':
        return outside('(?![\\s\\S])');
      case 'Z':
        return outside(
          f.d ? '(?=\\n?(?![\\s\\S]))' : `(?!(?<=\\r)\\n)(?=(?:\\r\\n|[${TERMINATORS}])?(?![\\s\\S]))`,
        );
      case 'G':
        if (this.i !== 0) this.unsupported('\\G after the start of the pattern');
        this.sticky = true;
        return outside('');
      case 'R':
        return outside(`(?:\\r\\n|[${VSPACE}])`);
      case 'X':
        this.unsupported('\\X (a grapheme cluster)');
      case 'N':
        this.unsupported('\\N{name}');
      case 'b':
      case 'B': {
        if (s.startsWith('{g}', this.i + 2)) this.unsupported('\\b{g}');
        const w = f.U ? WORD_U : WORD_BOUND;
        const bound = `(?:(?<=${w})(?!${w})|(?<!${w})(?=${w}))`;
        return outside(n === 'b' ? bound : `(?!${bound})`);
      }
      case 'k': {
        const m = /^<([a-zA-Z][a-zA-Z0-9]*)>/.exec(s.slice(this.i + 2));
        if (!m || !this.names.has(m[1]))
          this.fail("named capturing group is missing trailing '>' or undefined");
        if (f.i) this.unsupported('A case-insensitive back reference');
        this.i += 2 + m[0].length;
        return () => `\\k<${m[1]}>`;
      }
      default:
        break;
    }
    if (/[1-9]/.test(n)) {
      this.i += 2;
      return this.backReference(Number(n));
    }
    const set = this.classEscape(false);
    if (set.set !== undefined) return () => set.set!;
    const lit = literal(set.cp!, f);
    return () => lit;
  }

  /** An escape that is a set of code points or one code point (in a class or not); `this.i` at the backslash. */
  classEscape(inClass: boolean): { set?: string; cp?: number } {
    const s = this.s;
    const f = this.f;
    const n = s[this.i + 1];
    this.i += 2;
    const sets: Record<string, string> = f.U
      ? {
          d: '\\p{Nd}',
          D: '\\P{Nd}',
          w: WORD_U,
          W: `[^${WORD_U}]`,
          s: '\\p{White_Space}',
          S: '\\P{White_Space}',
        }
      : {
          d: '[0-9]',
          D: '[^0-9]',
          w: '[a-zA-Z0-9_]',
          W: '[^a-zA-Z0-9_]',
          s: `[${JAVA_SPACE}]`,
          S: `[^${JAVA_SPACE}]`,
        };
    Object.assign(sets, { h: `[${HSPACE}]`, H: `[^${HSPACE}]`, v: `[${VSPACE}]`, V: `[^${VSPACE}]` });
    if (Object.hasOwn(sets, n)) return { set: sets[n] };
    if (n === 'p' || n === 'P') {
      let name: string;
      if (s[this.i] === '{') {
        const close = s.indexOf('}', this.i);
        if (close < 0) this.fail('Unclosed character family');
        name = s.slice(this.i + 1, close);
        this.i = close + 1;
      } else {
        name = s[this.i] ?? '';
        this.i++;
      }
      const p = this.property(name);
      if (n === 'p') return { set: p };
      return { set: p.startsWith('\\p{') ? `\\P${p.slice(2)}` : `[^${p}]` };
    }
    const simpleEscapes: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, a: 7, e: 0x1b };
    if (Object.hasOwn(simpleEscapes, n)) return { cp: simpleEscapes[n] };
    if (n === '0') {
      const m = /^[0-3]?[0-7]{1,2}|^[0-7]/.exec(s.slice(this.i));
      if (!m) this.fail('Illegal octal escape sequence');
      this.i += m[0].length;
      return { cp: parseInt(m[0], 8) };
    }
    if (n === 'x') {
      const m = /^\{([0-9a-fA-F]+)\}|^[0-9a-fA-F]{2}/.exec(s.slice(this.i));
      if (!m) this.fail('Illegal hexadecimal escape sequence');
      this.i += m[0].length;
      const cp = parseInt(m[1] ?? m[0], 16);
      if (cp > 0x10ffff) this.fail('Hexadecimal codepoint is too big');
      return { cp };
    }
    if (n === 'u') {
      const m = /^[0-9a-fA-F]{4}/.exec(s.slice(this.i));
      if (!m) this.fail('Illegal Unicode escape sequence');
      this.i += 4;
      let cp = parseInt(m[0], 16);
      const low = /^\\u([dD][c-fC-F][0-9a-fA-F]{2})/.exec(s.slice(this.i));
      if (cp >= 0xd800 && cp < 0xdc00 && low) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (parseInt(low[1], 16) - 0xdc00);
        this.i += 6;
      }
      return { cp };
    }
    if (n === 'c') {
      const ch = s[this.i];
      if (ch === undefined) this.fail('Illegal control escape sequence');
      this.i++;
      return { cp: ch.charCodeAt(0) ^ 64 };
    }
    if (/[a-zA-Z]/.test(n) || (inClass && /[0-9]/.test(n)) || n === undefined)
      this.fail('Illegal/unsupported escape sequence');
    const cp = s.codePointAt(this.i - 1)!;
    if (cp > 0xffff) this.i++;
    return { cp };
  }

  /** A \p{name} as a set (a property escape or a class) as Pattern.family reads the name. */
  property(name: string): string {
    const f = this.f;
    const block = (b: string) => unicodeBlock(b) ?? this.fail(`Unknown character block name {${b}}`);
    const eq = /^(block|blk)=(.*)$/i.exec(name);
    if (eq) return block(eq[2]);
    if (name.startsWith('In')) return block(name.slice(2));
    if (name === 'all') return '[\\s\\S]';
    // \p{IsX}: CharPredicates.forUnicodeProperty tries getUnicodePredicate, then getPosixPredicate (the POSIX names
    // in their Unicode sense, any case: \p{IsPunct} is Unicode punctuation, \p{IsLower} under i any cased letter)
    const isPosix = /^(alnum|alpha|blank|cntrl|digit|graph|lower|print|punct|space|upper|word|xdigit)$/i.exec(
      name.slice(2),
    );
    if (name.startsWith('Is') && isPosix) {
      const key = isPosix[1].toLowerCase();
      if (key === 'word') return WORD_U;
      if (f.i && (key === 'lower' || key === 'upper')) return CASED;
      return POSIX_U[key === 'xdigit' ? 'XDigit' : key.charAt(0).toUpperCase() + key.slice(1)];
    }
    if (!name.includes('=') && !name.startsWith('Is')) {
      if (Object.hasOwn(POSIX, name)) {
        if (f.i && (name === 'Lower' || name === 'Upper')) return f.U ? CASED : '[a-zA-Z]';
        return (f.U ? POSIX_U : POSIX)[name];
      }
      if (Object.hasOwn(JAVA_METHOD, name)) {
        if (f.i && /^java(Lower|Upper|Title)Case$/.test(name)) return CASED;
        return JAVA_METHOD[name];
      }
    }
    const prop = unicodeProperty(name);
    if (prop === undefined || (!name.startsWith('Is') && !/=/.test(name) && !validCategory(name)))
      this.fail(`Unknown character property name {${name}}`);
    // the binary TITLECASE under i is getUnicodePredicate's TITLECASE().union(LOWERCASE(), UPPERCASE())
    if (f.i && /^IsTitlecase$/i.test(name)) return CASED;
    if (f.i && /^(Lu|Ll|Lt|General_Category=(Lu|Ll|Lt))$/.test(prop)) return CASED_CATEGORY;
    if (f.i && /^(Lowercase|Uppercase)$/.test(prop)) return CASED;
    return `\\p{${prop}}`;
  }

  /** A class `[...]` (the parser at its `[`) as a v-flag class: unions, nested classes, `&&`, `^` over it all. */
  classExpr(): string {
    const s = this.s;
    this.i++;
    let negated = false;
    // (a blank before '^' makes it a literal, even in comments mode)
    if (s[this.i] === '^') {
      negated = true;
      this.i++;
    }
    const operands: string[][] = [[]];
    let first = true;
    for (;;) {
      this.skip();
      const c = s[this.i];
      if (c === undefined) this.fail('Unclosed character class');
      if (c === ']' && !first) {
        this.i++;
        break;
      }
      first = false;
      const items = operands[operands.length - 1];
      if (c === '[') {
        items.push(this.classExpr());
        continue;
      }
      if (c === '&' && s[this.i + 1] === '&') {
        this.i += 2;
        operands.push([]);
        continue;
      }
      let lo: number;
      if (c === '\\') {
        if (s[this.i + 1] === 'Q') {
          const end = s.indexOf('\\E', this.i + 2);
          const text = end < 0 ? s.slice(this.i + 2) : s.slice(this.i + 2, end);
          this.i = end < 0 ? s.length : end + 2;
          for (const ch of text) items.push(this.classChar(ch.codePointAt(0)!));
          continue;
        }
        const e = this.classEscape(true);
        if (e.set !== undefined) {
          items.push(e.set);
          continue;
        }
        lo = e.cp!;
      } else {
        lo = s.codePointAt(this.i)!;
        this.i += lo > 0xffff ? 2 : 1;
      }
      // a range lo-hi (a '-' before ']' or '[' is a literal)
      this.skip();
      if (
        s[this.i] === '-' &&
        s[this.i + 1] !== ']' &&
        s[this.i + 1] !== '[' &&
        s[this.i + 1] !== undefined
      ) {
        this.i++;
        this.skip();
        let hi: number;
        if (s[this.i] === '\\') {
          const e = this.classEscape(true);
          if (e.cp === undefined) this.fail('Illegal character range');
          hi = e.cp;
        } else {
          hi = s.codePointAt(this.i)!;
          this.i += hi > 0xffff ? 2 : 1;
        }
        if (hi < lo) this.fail('Illegal character range');
        items.push(`${esc(lo)}-${esc(hi)}`);
        for (const v of rangeVariants(lo, hi, this.f)) items.push(esc(v));
        continue;
      }
      items.push(this.classChar(lo));
    }
    const used = operands.filter((o) => o.length > 0);
    const union = (o: string[]) => `[${o.join('')}]`;
    const body = used.length === 0 ? '' : used.length === 1 ? used[0].join('') : used.map(union).join('&&');
    if (!body) return negated ? '[\\s\\S]' : '[]';
    return `[${negated ? '^' : ''}${body}]`;
  }

  classChar(cp: number): string {
    return caseVariants(cp, this.f).map(esc).join('');
  }
}

function validCategory(name: string): boolean {
  try {
    new RegExp(`\\p{General_Category=${name}}`, 'v');
    return true;
  } catch {
    return false;
  }
}

/** X made possessive (or an atomic group): `(?=(X))\k`, which keeps the first way X matches and never gives back. */
function possessive(x: Part): Part {
  return (e) => {
    const n = ++e.count;
    e.helpers++;
    return `(?=(${x(e)}))(?:\\${n})`;
  };
}

const noFlags = (): Flags => ({ i: false, m: false, s: false, x: false, d: false, u: false, U: false });

/**
 * The JavaScript source and flags for a Java pattern, and `groups`: the JavaScript group number of each Java group
 * (index 0 is 0; helper groups are not in it). `flags`: the caller's (`g`, and `i`/`m`/`s` read as Java flags).
 */
export function javaRegexSource(
  src: string,
  flags = '',
): { source: string; flags: string; groups: number[]; helpers: number } {
  const f = noFlags();
  let js = 'v';
  for (const ch of flags) {
    if (ch === 'i' || ch === 'm' || ch === 's') f[ch] = true;
    else if (!js.includes(ch) && ch !== 'u') js += ch;
  }
  const p = new Parser(src, f);
  const body = p.alternation();
  if (p.i < src.length) p.fail("Unmatched closing ')'");
  const e: Emit = { count: 0, java: [0], helpers: 0 };
  const source = body(e);
  for (let n = 1; n <= p.groups; n++) if (e.java[n] === undefined) e.java[n] = 0;
  if (p.sticky && !js.includes('y')) js += 'y';
  return { source, flags: js, groups: e.java, helpers: e.helpers };
}

/** A RegExp whose exec hides the helper groups a possessive quantifier or atomic group adds: Java's group numbers. */
export class JavaRegExp extends RegExp {
  private readonly keep: number[] | undefined;
  constructor(source: string | RegExp, flags?: string, keep?: number[]) {
    super(source, flags);
    this.keep = keep ?? (source instanceof JavaRegExp ? source.keep : undefined);
  }
  override exec(s: string): RegExpExecArray | null {
    const m = super.exec(s);
    if (!m || !this.keep) return m;
    const out = this.keep.map((n) => m[n]) as unknown as RegExpExecArray;
    out.index = m.index;
    out.input = m.input;
    out.groups = m.groups;
    return out;
  }
}

/** A RegExp for a Java pattern; `whole` anchors it as Matcher.matches() does. Throws as Pattern.compile does. */
export function javaRegExp(src: string, options: { whole?: boolean; flags?: string } = {}): RegExp {
  const { source, flags, groups, helpers } = javaRegexSource(src, options.flags);
  const full = options.whole ? `^(?:${source})$` : source;
  return helpers ? new JavaRegExp(full, flags, groups) : new RegExp(full, flags);
}
