/**
 * Java SimpleDateFormat patterns (the letters configurations use: y M d H h m s S E a z Z X and quoted text),
 * formatting and parsing. Local time zone of the process, as a Java runtime would use its default zone.
 */

/** Month and day names in English (Java's default locale's, and XPath 2.0 format-date's). */
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Token = { letter: string; count: number } | { text: string } | { mark: string };

/**
 * The tokens of a pattern: letters (runs of one letter), quoted or other literal text, and (`marks`) the characters
 * java.time reads as syntax: '[' ']' of an optional section and the reserved '#' '{' '}'. A quote left open is an
 * error in both pattern languages (SimpleDateFormat: "Unterminated quote"; DateTimeFormatter: "Pattern ends with
 * an incomplete string literal").
 */
function tokenize(pattern: string, marks = false): readonly Token[] {
  const key = (marks ? '1' : '0') + pattern;
  let toks = tokenCache.get(key);
  if (!toks) {
    toks = tokenizeNow(pattern, marks);
    if (tokenCache.size >= 256) tokenCache.clear();
    tokenCache.set(key, toks);
  }
  return toks;
}

/** The tokens of each pattern read so far (a flow formats with the same few patterns on every message). */
const tokenCache = new Map<string, readonly Token[]>();

function tokenizeNow(pattern: string, marks: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i]!;
    if (ch === "'") {
      if (pattern[i + 1] === "'") {
        out.push({ text: "'" });
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = '';
      let closed = false;
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        text += pattern[j];
        j++;
      }
      if (!closed) throw new Error(`Unterminated quote in the date pattern '${pattern}'`);
      out.push({ text });
      i = j + 1;
      continue;
    }
    if (/[A-Za-z]/.test(ch)) {
      let n = 1;
      while (pattern[i + n] === ch) n++;
      out.push({ letter: ch, count: n });
      i += n;
      continue;
    }
    out.push(marks && '[]#{}'.includes(ch) ? { mark: ch } : { text: ch });
    i++;
  }
  return out;
}

/** The most letters DateTimeFormatter.ofPattern accepts in a run of each letter ("Too many pattern letters"). */
const JAVA_TIME_MAX: Record<string, number> = {
  G: 5,
  u: 19,
  y: 19,
  Y: 19,
  Q: 5,
  q: 5,
  M: 5,
  L: 5,
  w: 2,
  W: 1,
  d: 2,
  D: 3,
  F: 1,
  E: 5,
  e: 5,
  c: 5,
  a: 1,
  h: 2,
  K: 2,
  k: 2,
  H: 2,
  m: 2,
  s: 2,
  S: 9,
  A: 19,
  n: 19,
  N: 19,
  V: 2,
  z: 4,
  O: 4,
  X: 5,
  x: 5,
  Z: 5,
};

/** The letters SimpleDateFormat knows (any other letter is "Illegal pattern character"). */
const SDF_LETTERS = 'GyMdkHmsSEDFwWahKzZYuXL';

function pad(n: number, w: number): string {
  const s = String(Math.abs(n)).padStart(w, '0');
  return n < 0 ? `-${s}` : s;
}

function zone(offsetMin: number, style: 'Z' | 'X1' | 'X2' | 'X3'): string {
  if (offsetMin === 0 && style !== 'Z') return 'Z';
  const sign = offsetMin >= 0 ? '+' : '-';
  const a = Math.abs(offsetMin);
  const hh = pad(Math.floor(a / 60), 2);
  const mm = pad(a % 60, 2);
  if (style === 'X1') return `${sign}${hh}`;
  if (style === 'X3') return `${sign}${hh}:${mm}`;
  return `${sign}${hh}${mm}`;
}

/** The long name of the process's time zone at a date, as Java names it in English ("Coordinated Universal Time"). */
function longZoneName(d: Date): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZoneName: 'long' })
    .formatToParts(d)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? 'Coordinated Universal Time';
}

export interface PatternFields {
  date: boolean;
  time: boolean;
  zone: boolean;
}

const fieldCache = new Map<string, PatternFields>();

/** Which kinds of fields a pattern has (java.time refuses to print a time field of a LocalDate, a zone of a Local*). */
export function patternFields(pattern: string): PatternFields {
  let f = fieldCache.get(pattern);
  if (!f) {
    f = { date: false, time: false, zone: false };
    for (const t of tokenize(pattern)) {
      if (!('letter' in t)) continue;
      if ('GyuYMLdDEQqwWecFg'.includes(t.letter)) f.date = true;
      else if ('HhkKmsSaAnNB'.includes(t.letter)) f.time = true;
      else if ('zZXxOV'.includes(t.letter)) f.zone = true;
    }
    if (fieldCache.size > 256) fieldCache.clear();
    fieldCache.set(pattern, f);
  }
  return f;
}

/**
 * Formats a date with a Java SimpleDateFormat pattern, or (dateTimeFormatter) a java.time DateTimeFormatter
 * pattern as Synapse expressions' formatDateTime uses: S is then the fraction of the second, and G Q q L e c w W Y n
 * N A are read too.
 */
export function formatJavaDate(d: Date, pattern: string, dateTimeFormatter = false, nanos?: number): string {
  let out = '';
  const off = -d.getTimezoneOffset();
  for (const t of tokenize(pattern, dateTimeFormatter)) {
    if ('text' in t) {
      out += t.text;
      continue;
    }
    if ('mark' in t) {
      // an optional section prints when its fields are there (all are, for a date-time); '#' '{' '}' are reserved
      if (t.mark === '[' || t.mark === ']') continue;
      throw new Error(`Pattern includes reserved character: '${t.mark}'`);
    }
    const n = t.count;
    // (java.time: "cc" is no pattern, one c or three to five; SimpleDateFormat: X is one to three letters)
    if (dateTimeFormatter && t.letter === 'c' && n === 2) throw new Error('Invalid pattern "cc"');
    if (!dateTimeFormatter && t.letter === 'X' && n > 3)
      throw new Error(`invalid ISO 8601 format: length=${n}`);
    if (dateTimeFormatter ? n > (JAVA_TIME_MAX[t.letter] ?? 0) : !SDF_LETTERS.includes(t.letter))
      throw new Error(
        dateTimeFormatter && t.letter in JAVA_TIME_MAX
          ? `Too many pattern letters: ${t.letter}`
          : `unsupported date pattern letter '${t.letter}'`,
      );
    switch (t.letter) {
      case 'u':
      case 'y':
        // SimpleDateFormat's u: the day number of the week (Monday 1 ... Sunday 7); java.time's u: the year
        if (t.letter === 'u' && !dateTimeFormatter) {
          out += pad(d.getDay() || 7, n);
          break;
        }
        out += n === 2 ? pad(d.getFullYear() % 100, 2) : pad(d.getFullYear(), n);
        // (java.time, four letters or more: a year wider than the letters gets its sign, +12024)
        if (dateTimeFormatter && n >= 4 && d.getFullYear() >= 10 ** n) out = out.replace(/(\d+)$/, '+$1');
        break;
      case 'M':
      case 'L': // (the stand-alone month: the same text in English)
        out +=
          n === 5 && dateTimeFormatter
            ? MONTHS[d.getMonth()]![0]
            : n >= 4
              ? MONTHS[d.getMonth()]
              : n === 3
                ? MONTHS[d.getMonth()]!.slice(0, 3)
                : pad(d.getMonth() + 1, n);
        break;
      case 'd':
        out += pad(d.getDate(), n);
        break;
      case 'D': {
        const start = new Date(d.getFullYear(), 0, 1);
        out += pad(Math.floor((d.getTime() - start.getTime()) / 86400000) + 1, n);
        break;
      }
      case 'H':
        out += pad(d.getHours(), n);
        break;
      case 'k':
        out += pad(d.getHours() || 24, n);
        break;
      case 'K':
        out += pad(d.getHours() % 12, n);
        break;
      case 'h':
        out += pad(d.getHours() % 12 || 12, n);
        break;
      case 'm':
        out += pad(d.getMinutes(), n);
        break;
      case 's':
        out += pad(d.getSeconds(), n);
        break;
      case 'S':
        // DateTimeFormatter: the fraction of the second, its first n digits; SimpleDateFormat: the milliseconds
        out += dateTimeFormatter
          ? pad(nanos ?? d.getMilliseconds() * 1e6, 9).slice(0, n)
          : pad(d.getMilliseconds(), n);
        break;
      case 'n':
        out += pad(nanos ?? d.getMilliseconds() * 1e6, n);
        break;
      case 'A':
      case 'N': {
        const ms = ((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 + d.getMilliseconds();
        out += t.letter === 'A' ? pad(ms, n) : `${ms}000000`.replace(/^0+(?=\d)/, '').padStart(n, '0');
        break;
      }
      case 'G':
        // (SimpleDateFormat: "AD" whatever the count)
        out += !dateTimeFormatter ? 'AD' : n === 4 ? 'Anno Domini' : n === 5 ? 'A' : 'AD';
        break;
      case 'Q':
      case 'q': {
        const q = Math.floor(d.getMonth() / 3) + 1;
        out +=
          n === 3
            ? `Q${q}`
            : n === 4
              ? `${['1st', '2nd', '3rd', '4th'][q - 1]} quarter`
              : n === 5
                ? `${q}`
                : pad(q, n);
        break;
      }
      case 'e':
      case 'c':
        // the localized day of week of the default (US) locale: Sunday is 1
        out +=
          n === 5
            ? DAYS[d.getDay()]![0]
            : n === 4
              ? DAYS[d.getDay()]
              : n === 3
                ? DAYS[d.getDay()]!.slice(0, 3)
                : pad(d.getDay() + 1, n);
        break;
      case 'F':
        // SimpleDateFormat: the day-of-week in month; java.time since JDK 19 (JDK-8282081) the same number, the
        // aligned week of the month (JDK 17 read F as the aligned day of the week in the month: the 8th was 1)
        out += pad(Math.floor((d.getDate() - 1) / 7) + 1, n);
        break;
      case 'W': {
        const first = new Date(d.getFullYear(), d.getMonth(), 1).getDay();
        out += pad(Math.floor((d.getDate() - 1 + first) / 7) + 1, n);
        break;
      }
      case 'w':
      case 'Y': {
        // the week-based year of the US locale: weeks start on Sunday, week 1 holds January 1st
        const day = new Date(d.getFullYear(), d.getMonth(), d.getDate());
        const sunday = new Date(day.getFullYear(), day.getMonth(), day.getDate() - day.getDay());
        const saturday = new Date(sunday.getFullYear(), sunday.getMonth(), sunday.getDate() + 6);
        const wy = saturday.getFullYear();
        if (t.letter === 'Y') {
          out += n === 2 ? pad(wy % 100, 2) : pad(wy, n);
          break;
        }
        const jan1 = new Date(wy, 0, 1);
        const week1 = new Date(wy, 0, 1 - jan1.getDay());
        out += pad(Math.round((sunday.getTime() - week1.getTime()) / (7 * 86400000)) + 1, n);
        break;
      }
      case 'E':
        // (java.time: five letters are the narrow form, the first letter; SimpleDateFormat: the full name)
        out +=
          n === 5 && dateTimeFormatter
            ? DAYS[d.getDay()]![0]
            : n >= 4
              ? DAYS[d.getDay()]
              : DAYS[d.getDay()]!.slice(0, 3);
        break;
      case 'a':
        out += d.getHours() < 12 ? 'AM' : 'PM';
        break;
      case 'z':
        // (SimpleDateFormat's four letters: the long name, "Coordinated Universal Time" in UTC)
        out += n >= 4 && !dateTimeFormatter ? longZoneName(d) : off === 0 ? 'UTC' : `GMT${zone(off, 'X3')}`;
        break;
      case 'Z':
        out += zone(off, 'Z');
        break;
      case 'X':
        out += zone(off, n === 1 ? 'X1' : n === 2 ? 'X2' : 'X3');
        break;
      default:
        throw new Error(`unsupported date pattern letter '${t.letter}'`);
    }
  }
  return out;
}

/** Parses a date written with a Java SimpleDateFormat pattern (strict about separators). */
export function parseJavaDate(text: string, pattern: string, local = false): Date {
  const f = {
    y: 1970,
    M: 1,
    d: 1,
    H: 0,
    m: 0,
    s: 0,
    S: 0,
    pm: undefined as boolean | undefined,
    h12: false,
    off: undefined as number | undefined,
  };
  let i = 0;
  const toks = tokenize(pattern);
  const fail = (): never => {
    throw new Error(`'${text}' does not match the date pattern '${pattern}'`);
  };
  const inRange = (v: number, min: number, max: number): number => (v < min || v > max ? fail() : v);
  const readNum = (max: number): number => {
    const m = /^[+-]?\d+/.exec(text.slice(i, i + max + 1));
    if (!m) fail();
    const s = m![0].slice(0, max);
    i += s.length;
    return Number(s);
  };
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if ('mark' in t) continue;
    if ('text' in t) {
      if (!text.startsWith(t.text, i)) fail();
      i += t.text.length;
      continue;
    }
    // a numeric field directly followed by another letter field is fixed-width
    const next = toks[k + 1];
    const width = next && 'letter' in next ? t.count : 10;
    switch (t.letter) {
      case 'y':
      case 'u': {
        const v = readNum(t.count === 2 && next && 'letter' in next ? 2 : width);
        f.y = t.count === 2 && v < 100 ? 2000 + v - (v > 50 ? 100 : 0) : v;
        break;
      }
      case 'M':
        if (t.count >= 3) {
          const idx = MONTHS.findIndex((m) =>
            text
              .slice(i)
              .toLowerCase()
              .startsWith((t.count === 3 ? m.slice(0, 3) : m).toLowerCase()),
          );
          if (idx < 0) fail();
          i += t.count === 3 ? 3 : MONTHS[idx]!.length;
          f.M = idx + 1;
        } else f.M = inRange(readNum(width), 1, 12);
        break;
      case 'd':
        f.d = inRange(readNum(width), 1, 31);
        break;
      // field ranges as java.time checks them: an hour of 50 is an error, not the next days
      case 'H':
        f.H = inRange(readNum(width), 0, 23);
        break;
      case 'k':
        f.H = inRange(readNum(width), 1, 24) % 24;
        break;
      case 'h':
        f.H = inRange(readNum(width), 1, 12) % 12;
        f.h12 = true;
        break;
      case 'K':
        f.H = inRange(readNum(width), 0, 11);
        f.h12 = true;
        break;
      case 'm':
        f.m = inRange(readNum(width), 0, 59);
        break;
      case 's':
        f.s = inRange(readNum(width), 0, 59);
        break;
      case 'S':
        f.S = readNum(width);
        break;
      case 'E': {
        const idx = DAYS.findIndex((d) =>
          text.slice(i).toLowerCase().startsWith(d.slice(0, 3).toLowerCase()),
        );
        if (idx < 0) fail();
        i += text.slice(i).toLowerCase().startsWith(DAYS[idx]!.toLowerCase()) ? DAYS[idx]!.length : 3;
        break;
      }
      case 'a': {
        const v = text.slice(i, i + 2).toUpperCase();
        if (v !== 'AM' && v !== 'PM') fail();
        f.pm = v === 'PM';
        i += 2;
        break;
      }
      case 'X':
      case 'Z':
      case 'z': {
        const rest = text.slice(i);
        if (/^Z/.test(rest)) {
          f.off = 0;
          i += 1;
          break;
        }
        const m = /^(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})?/.exec(rest);
        if (m) {
          f.off = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
          i += m[0].length;
        } else if (/^(UTC|GMT)/.test(rest)) {
          f.off = 0;
          i += 3;
        } else fail();
        break;
      }
      default:
        throw new Error(`unsupported date pattern letter '${t.letter}'`);
    }
  }
  if (i !== text.length) fail();
  if (f.h12 && f.pm) f.H += 12;
  // a day past the end of its month is moved back to the last day (java.time's SMART resolver)
  f.d = Math.min(f.d, new Date(Date.UTC(f.y, f.M, 0)).getUTCDate());
  // `local`: java.time's LocalDateTime reads an offset and drops it
  if (f.off !== undefined && !local)
    return new Date(Date.UTC(f.y, f.M - 1, f.d, f.H, f.m, f.s, f.S) - f.off * 60000);
  return new Date(f.y, f.M - 1, f.d, f.H, f.m, f.s, f.S);
}

/**
 * The offsets a pattern letter reads (DateTimeFormatterBuilder.appendOffset patterns): X and x of one letter
 * +HH[mm], two +HHMM, three +HH:MM, four +HHMM[ss], five +HH:MM[:ss]; Z of one to three +HHMM, of five +HH:MM[:ss];
 * O and ZZZZ the localized GMT forms (GMT alone is zero; GMT followed by a sign must be an offset).
 */
function offsetPattern(letter: string, count: number): RegExp {
  if (letter === 'O' && count === 1) return /^GMT(?:(?![+-])|([+-])(\d{1,2})(?::(\d{2})(?::\d{2})?)?)/;
  if (letter === 'O' || (letter === 'Z' && count === 4))
    return /^GMT(?:(?![+-])|([+-])(\d{2}):(\d{2})(?::\d{2})?)/;
  const n = letter === 'Z' ? (count === 5 ? 5 : 2) : count;
  const colon = n === 3 || n === 5 ? ':' : '';
  const mins = n === 1 ? '?' : '';
  const secs = n >= 4 ? `(?:${colon}\\d{2})?` : '';
  return new RegExp(`^(?:([+-])(\\d{2})(?:${colon}(\\d{2}))${mins}${secs}|Z)`);
}

/** A date, a time or both read with a java.time pattern, and its nanoseconds (the Date holds milliseconds). */
export interface JavaTimeValue {
  date: Date;
  nanos: number;
  kind: 'datetime' | 'date' | 'time';
}

const SHORT_MONTHS = MONTHS.map((m) => m.slice(0, 3));
const SHORT_DAYS = DAYS.map((d) => d.slice(0, 3));

/** A numeric field's digits (minimum, maximum) as DateTimeFormatter.ofPattern builds it; undefined: a text field. */
function javaTimeWidth(letter: string, count: number): [number, number] | undefined {
  switch (letter) {
    case 'y':
    case 'u':
      return count === 2 ? [2, 2] : [count, 19];
    case 'M':
    case 'L':
    case 'Q':
    case 'q':
    case 'e':
    case 'c':
      return count <= 2 ? (count === 1 ? [1, 19] : [2, 2]) : undefined;
    case 'Y':
      return count === 2 ? [2, 2] : [count, 19];
    case 'w':
      return count === 1 ? [1, 19] : [2, 2];
    case 'W':
    case 'F':
      return [1, 19];
    case 'A':
    case 'N':
      return [count, 19];
    case 'D':
      return count === 1 ? [1, 19] : count === 2 ? [2, 3] : [3, 3];
    case 'd':
    case 'H':
    case 'k':
    case 'h':
    case 'K':
    case 'm':
    case 's':
      return count === 1 ? [1, 19] : [2, 2];
    case 'S':
      return [count, count];
    case 'n':
      return [count, 19];
    default:
      return undefined;
  }
}

/**
 * Reads a text with a DateTimeFormatter.ofPattern pattern as MI's formatDateTime does (LocalDateTime.parse, else
 * LocalDate.parse, else LocalTime.parse): strict widths (MM is two digits, M one or more), yy is 2000-2099, S
 * digits are a fraction of the second, text fields in their exact case (Jan, Monday, PM), a day-of-week that must
 * agree with the date, and java.time's SMART resolver: a day past the month's end is its last day, 24:00:00 is the
 * next day's midnight, a day of the year (D) gives the date. An offset or zone is read and dropped.
 */
export function parseJavaTime(text: string, pattern: string): JavaTimeValue {
  const fail = (): never => {
    throw new Error(`Text '${text}' could not be parsed with the pattern '${pattern}'`);
  };
  const toks = tokenize(pattern, true);
  const f: Record<string, number> = {};
  // fields that do not make the date but must agree with it (java.time's cross-check): a week, a quarter...
  const checks: { letter: string; count: number; value: number }[] = [];
  const set = (k: string, v: number): void => {
    if (k in f && f[k] !== v) fail();
    f[k] = v;
  };
  let i = 0;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    if ('mark' in t) throw new Error(`unsupported date pattern syntax '${t.mark}'`);
    if ('text' in t) {
      if (!text.startsWith(t.text, i)) fail();
      i += t.text.length;
      continue;
    }
    if (t.count > (JAVA_TIME_MAX[t.letter] ?? 0) || (t.letter === 'c' && t.count === 2))
      throw new Error(`Too many pattern letters: ${t.letter}`);
    const width = javaTimeWidth(t.letter, t.count);
    if (width) {
      // adjacent value parsing: the fixed-width numeric fields that follow directly keep their digits
      let reserved = 0;
      for (let j = k + 1; j < toks.length; j++) {
        const u = toks[j]!;
        if (!('letter' in u)) break;
        const w = javaTimeWidth(u.letter, u.count);
        if (!w || w[0] !== w[1]) break;
        reserved += w[0];
      }
      let plus = false;
      let at = i;
      if ((t.letter === 'y' || t.letter === 'u') && t.count >= 3 && text[at] === '+') {
        plus = true;
        at++;
      }
      let run = 0;
      while (at + run < text.length && text.charCodeAt(at + run) >= 48 && text.charCodeAt(at + run) <= 57)
        run++;
      const take = Math.min(width[1], reserved ? run - reserved : run);
      if (take < width[0]) fail();
      // (a year wider than its letters needs its sign, one as wide must not have it)
      if ((t.letter === 'y' || t.letter === 'u') && t.count >= 4 && plus !== take > t.count) fail();
      const digits = text.slice(at, at + take);
      i = at + take;
      const v = Number(digits);
      switch (t.letter) {
        case 'y':
        case 'u':
          set('y', t.count === 2 ? 2000 + v : v);
          break;
        case 'S':
          set('nanos', Number(digits.padEnd(9, '0')));
          break;
        case 'n':
          set('nanos', v);
          break;
        // (the SMART resolver lets a clock hour be 0 too)
        case 'k':
          if (v > 24) fail();
          set('H', v === 24 ? 0 : v);
          break;
        case 'h':
          if (v > 12) fail();
          set('h', v % 12);
          break;
        case 'K':
          if (v > 11) fail();
          set('h', v);
          break;
        case 'L':
          set('M', v);
          break;
        case 'Y':
        case 'w':
        case 'W':
        case 'F':
        case 'Q':
        case 'q':
        case 'e':
        case 'c':
          // (YY is a week-based year of 2000-2099, as yy is)
          checks.push({
            letter: t.letter,
            count: t.count,
            value: t.letter === 'Y' && t.count === 2 ? 2000 + v : v,
          });
          break;
        default:
          set(t.letter, v);
      }
      continue;
    }
    const rest = text.slice(i);
    const pick = (names: string[]): number => {
      // the longest name that the text starts with, in its exact case
      let best = -1;
      names.forEach((nm, idx) => {
        if (rest.startsWith(nm) && (best < 0 || nm.length > names[best]!.length)) best = idx;
      });
      if (best < 0) fail();
      i += names[best]!.length;
      return best;
    };
    switch (t.letter) {
      case 'M':
      case 'L':
        if (t.count === 5) throw new Error('unsupported narrow month in a date pattern to read');
        set('M', pick(t.count === 3 ? SHORT_MONTHS : MONTHS) + 1);
        break;
      case 'E':
      case 'e':
      case 'c':
        if (t.count === 5) throw new Error('unsupported narrow day in a date pattern to read');
        set('E', pick(t.count === 4 ? DAYS : SHORT_DAYS));
        break;
      case 'Q':
      case 'q':
        if (t.count === 5) throw new Error('unsupported narrow quarter in a date pattern to read');
        checks.push({
          letter: 'Q',
          count: 1,
          value:
            pick(
              t.count === 3
                ? ['Q1', 'Q2', 'Q3', 'Q4']
                : ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'],
            ) + 1,
        });
        break;
      case 'G':
        // (the years read here are of the current era)
        pick([t.count === 4 ? 'Anno Domini' : t.count === 5 ? 'A' : 'AD']);
        break;
      case 'a':
        set('a', pick(['AM', 'PM']));
        break;
      case 'X':
      case 'x':
      case 'Z':
      case 'z':
      case 'O':
      case 'V': {
        // an offset (+05:30; X reads Z for zero), or for z and V a zone name; at most 18 hours
        const m =
          t.letter === 'z' || t.letter === 'V'
            ? /^(?:(?:GMT|UTC)?[+-]\d{2}(?::?\d{2})?|[A-Z][A-Za-z]*(?:\/[A-Za-z_]+)*)/.exec(rest)
            : offsetPattern(t.letter, t.count).exec(rest);
        // ('Z' for zero: X, and Z of five letters)
        if (
          !m ||
          (m[0] === 'Z' && t.letter !== 'X' && !(t.letter === 'Z' && t.count === 5)) ||
          Number(m[2] ?? 0) > 18
        )
          fail();
        i += m![0].length;
        break;
      }
      default:
        throw new Error(`unsupported date pattern letter '${t.letter}' to read`);
    }
  }
  if (i !== text.length) fail();
  // a milli- or nano-of-day (A, N) gives the time, agreeing with any hour, minute, second written too
  if (f.A !== undefined || f.N !== undefined) {
    const nod = f.N ?? f.A! * 1e6;
    if (f.A !== undefined && f.N !== undefined && f.N !== f.A * 1e6) fail();
    if (nod >= 86400e9) fail();
    set('H', Math.floor(nod / 3600e9));
    set('m', Math.floor(nod / 60e9) % 60);
    set('s', Math.floor(nod / 1e9) % 60);
    // (a milli-of-day gives the milliseconds; nanoseconds written too keep their part below a millisecond)
    if (f.N === undefined && f.nanos !== undefined) f.nanos = (nod % 1e9) + (f.nanos % 1e6);
    else set('nanos', nod % 1e9);
  }
  // the time: an hour of the day (H, k, or h/K with AM/PM), minutes and seconds 0-59, 24:00 the next midnight
  let hour = f.H;
  if (hour === undefined && f.h !== undefined && f.a !== undefined) hour = f.h + 12 * f.a;
  // (AM or PM alone is the middle of its half of the day, 06:00 or 18:00, as java.time's resolver makes it)
  if (hour === undefined && f.h === undefined && f.a !== undefined && f.m === undefined && f.s === undefined)
    hour = 6 + 12 * f.a;
  let time = hour !== undefined;
  const m = f.m ?? 0;
  const sec = f.s ?? 0;
  const nanos = f.nanos ?? 0;
  if (m > 59 || sec > 59) fail();
  // (java.time resolves no time from seconds without minutes, or a fraction without seconds)
  if (
    hour === undefined ||
    (f.m === undefined && f.s !== undefined) ||
    (f.s === undefined && f.nanos !== undefined)
  )
    time = false;
  let extraDay = 0;
  if (hour === 24) {
    if (m || sec || nanos) fail();
    hour = 0;
    extraDay = 1;
  } else if (hour !== undefined && hour > 23) fail();
  // the date: year, month and day, or year and day of the year
  let date: Date | undefined;
  if (f.y !== undefined && f.M !== undefined && f.d !== undefined) {
    if (f.M < 1 || f.M > 12 || f.d < 1 || f.d > 31) fail();
    const last = new Date(Date.UTC(f.y, f.M, 0)).getUTCDate();
    date = new Date(0);
    date.setFullYear(f.y, f.M - 1, Math.min(f.d, last));
  } else if (f.y !== undefined && f.D !== undefined) {
    const leap = new Date(Date.UTC(f.y, 1, 29)).getUTCDate() === 29;
    if (f.D < 1 || f.D > (leap ? 366 : 365)) fail();
    date = new Date(0);
    date.setFullYear(f.y, 0, f.D);
  }
  if (date && f.E !== undefined && date.getDay() !== f.E) fail();
  if (date)
    for (const c of checks) {
      // (as the date prints that field)
      const printed = Number(formatJavaDate(date, c.letter.repeat(c.letter === 'Y' ? 4 : c.count), true));
      if (printed !== c.value) fail();
    }
  if (!date && !time) fail();
  const out = date ?? new Date(1970, 0, 1);
  out.setHours(time ? hour! : 0, time ? m : 0, time ? sec : 0, time ? Math.floor(nanos / 1e6) : 0);
  if (date && extraDay) out.setDate(out.getDate() + 1);
  return { date: out, nanos: time ? nanos : 0, kind: date && time ? 'datetime' : date ? 'date' : 'time' };
}
