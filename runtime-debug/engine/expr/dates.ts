/**
 * Java SimpleDateFormat patterns (the letters configurations use: y M d H h m s S E a z Z X and quoted text),
 * formatting and parsing. Local time zone of the process, as a Java runtime would use its default zone.
 */

const MONTHS = [
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
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Token = { letter: string; count: number } | { text: string };

function tokenize(pattern: string): Token[] {
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
      while (j < pattern.length) {
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
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
    out.push({ text: ch });
    i++;
  }
  return out;
}

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
      if ('GyuYMLdDEQqwWe'.includes(t.letter)) f.date = true;
      else if ('HhkKmsSaAnN'.includes(t.letter)) f.time = true;
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
export function formatJavaDate(d: Date, pattern: string, dateTimeFormatter = false): string {
  let out = '';
  const off = -d.getTimezoneOffset();
  for (const t of tokenize(pattern)) {
    if ('text' in t) {
      out += t.text;
      continue;
    }
    const n = t.count;
    if (!dateTimeFormatter && 'GQqLecwWYnNA'.includes(t.letter))
      throw new Error(`unsupported date pattern letter '${t.letter}'`);
    switch (t.letter) {
      case 'y':
      case 'u':
        out += n === 2 ? pad(d.getFullYear() % 100, 2) : pad(d.getFullYear(), n);
        break;
      case 'M':
      case 'L': // (the stand-alone month: the same text in English)
        out +=
          n >= 4
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
          ? `${pad(d.getMilliseconds(), 3)}000000`.slice(0, n).padEnd(n, '0')
          : pad(d.getMilliseconds(), n);
        break;
      case 'n':
        out += pad(d.getMilliseconds() * 1e6, n);
        break;
      case 'A':
      case 'N': {
        const ms = ((d.getHours() * 60 + d.getMinutes()) * 60 + d.getSeconds()) * 1000 + d.getMilliseconds();
        out += t.letter === 'A' ? pad(ms, n) : `${ms}000000`.replace(/^0+(?=\d)/, '').padStart(n, '0');
        break;
      }
      case 'G':
        out += n === 4 ? 'Anno Domini' : n === 5 ? 'A' : 'AD';
        break;
      case 'Q':
      case 'q': {
        const q = Math.floor(d.getMonth() / 3) + 1;
        out += n === 3 ? `Q${q}` : n === 4 ? `${['1st', '2nd', '3rd', '4th'][q - 1]} quarter` : pad(q, n);
        break;
      }
      case 'e':
      case 'c':
        // the localized day of week of the default (US) locale: Sunday is 1
        out += n >= 4 ? DAYS[d.getDay()] : n === 3 ? DAYS[d.getDay()]!.slice(0, 3) : pad(d.getDay() + 1, n);
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
        out += n >= 4 ? DAYS[d.getDay()] : DAYS[d.getDay()]!.slice(0, 3);
        break;
      case 'a':
        out += d.getHours() < 12 ? 'AM' : 'PM';
        break;
      case 'z':
        out += off === 0 ? 'UTC' : `GMT${zone(off, 'X3')}`;
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
