/**
 * Java regular expressions (java.util.regex.Pattern, what Synapse compiles for filter/switch regexes, rewrite and
 * conditional-router `match` conditions, a property's `pattern`) written for JavaScript's RegExp.
 *
 * Most of Pattern's syntax is JavaScript's too; what is not is rewritten here so a configuration Micro Integrator
 * deploys is not refused by the runtime:
 *   - possessive quantifiers (`X*+`, `X++`, `X?+`, `X{n,m}+`) and atomic groups `(?>X)`: JavaScript has neither; they
 *     become the greedy quantifier and a plain group (the same matches except where the possessive form refuses to
 *     give back what a later part needs, which configurations do not rely on). MI VS Code's switch form proposes
 *     `.*+` for a case;
 *   - `\Q...\E` quoting: the text in between is escaped;
 *   - `\A`, `\z`, `\Z`, `\h`, `\H`: input start, input end, end before a final line terminator, horizontal space;
 *   - the POSIX classes `\p{Lower}`, `\p{Upper}`, `\p{Alpha}`, `\p{Digit}`, `\p{Alnum}`, `\p{Punct}`, `\p{Graph}`,
 *     `\p{Print}`, `\p{Blank}`, `\p{Cntrl}`, `\p{XDigit}`, `\p{Space}`, `\p{ASCII}` (US-ASCII only, as in Pattern)
 *     and their `\P{..}` complements (in a character class, the complement's ranges); scripts, binary properties
 *     and categories (`\p{IsLatin}`, `\p{IsAlphabetic}`, `\p{Lu}`, `\pL`, `\p{sc=Greek}`) become JavaScript's
 *     Unicode property escapes (the `u` flag is then set); blocks (`\p{InGreek}`) and `\p{javaLowerCase}` have none
 *     (refused);
 *   - an escaped symbol JavaScript refuses to see escaped under the `u` flag (`\@`, `\_`, `\"`…) and `\e`;
 *   - inline flags at the very start (`(?i)`, `(?s)`, `(?m)`, `(?is)`…), or right after a leading `^` or `\A`,
 *     become RegExp flags (`u` and `x` are dropped; JavaScript 20 has no flags for part of a pattern: those stay, and
 *     the pattern is refused as before).
 */

const POSIX: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};
const complements = new Map<string, string>();

/**
 * The ranges (\uHHHH escapes, BMP) of every character not in a POSIX class's ranges: `[\P{Digit}x]` in a Java
 * class, which JavaScript can only write as the complement's ranges.
 */
function complementOf(ranges: string): string {
  let out = complements.get(ranges);
  if (out !== undefined) return out;
  const inClass = new RegExp(`[${ranges}]`);
  const esc = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;
  out = '';
  let start = -1;
  for (let c = 0; c <= 0x10000; c++) {
    const outside = c < 0x10000 && !inClass.test(String.fromCharCode(c));
    if (outside && start < 0) start = c;
    else if (!outside && start >= 0) {
      out += start === c - 1 ? esc(start) : `${esc(start)}-${esc(c - 1)}`;
      start = -1;
    }
  }
  complements.set(ranges, out);
  return out;
}

const HSPACE = ' \\t\\xA0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000';
const LINE_END = '(?=(?:\\r\\n|[\\n\\r\\u0085\\u2028\\u2029])?$)';

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
    new RegExp(`\\p{${body}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

/**
 * A Java \p{..} name that is no POSIX class as a JavaScript property escape's body: `sc=`/`script=` and
 * `gc=`/`general_category=` forms, `IsX` as Pattern reads it (a script, a binary property or a category), a
 * category (`L`, `Lu`). Undefined when JavaScript has no such property (blocks `InX`, `javaX` methods): the
 * pattern is then refused.
 */
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

/** A character as a \\uHHHH escape (valid with and without the `u` flag, unlike Java's escapes of any symbol). */
function hex(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

function escapeLiteral(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

/** The JavaScript source and flags for a Java pattern (flags: the caller's, plus any leading inline flags). */
export function javaRegexSource(src: string, flags = ''): { source: string; flags: string } {
  let s = src;
  const set = new Set(flags.split(''));
  const lead = /^\(\?([idmsuxU]+)\)/.exec(s);
  if (lead) {
    for (const f of lead[1]) if (f === 'i' || f === 'm' || f === 's') set.add(f);
    s = s.slice(lead[0].length);
  } else {
    // `^(?i)...` / `\A(?i)...`: the flags follow only an input-start anchor, which no flag but m changes; with m the
    // anchor stays an input start (a lookbehind), as Pattern reads a `^` met before the flag was set
    const anchored = /^(\^|\\A)\(\?([idmsuxU]+)\)/.exec(s);
    if (anchored) {
      for (const f of anchored[2]) if (f === 'i' || f === 'm' || f === 's') set.add(f);
      s = (set.has('m') ? '(?<![\\s\\S])' : anchored[1]) + s.slice(anchored[0].length);
    }
  }
  let out = '';
  let inClass = 0;
  let unicode = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1];
      if (n === 'Q') {
        const end = s.indexOf('\\E', i + 2);
        const lit = end < 0 ? s.slice(i + 2) : s.slice(i + 2, end);
        out += escapeLiteral(lit);
        i = end < 0 ? s.length : end + 2;
        continue;
      }
      if ((n === 'p' || n === 'P') && s[i + 2] === '{') {
        const close = s.indexOf('}', i + 3);
        const raw = close < 0 ? '' : s.slice(i + 3, close);
        const name = raw.replace(/^Is(?=[A-Z])/, '');
        // (Pattern reads IsX as a Unicode property first: \p{IsDigit} is any decimal digit, \p{Digit} 0-9)
        const unicodeFirst = name !== raw && Object.hasOwn(JAVA_PROPERTY, name.toUpperCase());
        const ranges = Object.hasOwn(POSIX, name) && !unicodeFirst ? POSIX[name] : undefined;
        if (ranges !== undefined) {
          if (inClass) out += n === 'p' ? ranges : complementOf(ranges);
          else out += n === 'p' ? `[${ranges}]` : `[^${ranges}]`;
          i = close + 1;
          continue;
        }
        unicode = true;
        const prop = close < 0 ? undefined : unicodeProperty(s.slice(i + 3, close));
        if (prop !== undefined) {
          out += `\\${n}{${prop}}`;
          i = close + 1;
          continue;
        }
      }
      // \pL: a one-letter category without braces
      if ((n === 'p' || n === 'P') && /[A-Z]/.test(s[i + 2] ?? '')) {
        unicode = true;
        out += `\\${n}{${s[i + 2]}}`;
        i += 3;
        continue;
      }
      if (!inClass && n === 'A') out += '^';
      else if (!inClass && n === 'z') out += '$';
      else if (!inClass && n === 'Z') out += LINE_END;
      else if (n === 'h') out += inClass ? HSPACE : `[${HSPACE}]`;
      else if (n === 'H' && !inClass) out += `[^${HSPACE}]`;
      else if (n === 'e') out += '\\x1B';
      else if (!/[A-Za-z0-9^$\\.*+?()[\]{}|/]/.test(n) && !(inClass && n === '-')) out += hex(n);
      else out += c + n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[') inClass++;
      else if (c === ']') inClass--;
      out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = 1;
      out += c;
      // a ']' right after '[' or '[^' is a literal in Java
      if (s[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (s[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      i++;
      continue;
    }
    if (c === '(' && s.startsWith('(?>', i)) {
      out += '(?:';
      i += 3;
      continue;
    }
    out += c;
    i++;
    // a quantifier followed by '+' is possessive in Java: the greedy quantifier here
    if (c === '*' || c === '+' || c === '?' || (c === '}' && /\{\d+(?:,\d*)?$/.test(out.slice(0, -1)))) {
      if (s[i] === '+' && !(c === '?' && out.endsWith('(?'))) i++;
    }
  }
  if (unicode) set.add('u');
  return { source: out, flags: [...set].join('') };
}

/** A RegExp for a Java pattern; `whole` anchors it as Matcher.matches() does. Throws as RegExp does. */
export function javaRegExp(src: string, options: { whole?: boolean; flags?: string } = {}): RegExp {
  const { source, flags } = javaRegexSource(src, options.flags);
  return new RegExp(options.whole ? `^(?:${source})$` : source, flags);
}
