/** FreeMarker dates: formatting (java.text.DateFormat's en_US styles, patterns, ISO) and parsing. */
import { formatJavaDate, parseJavaDate } from '../../expr/dates';

import { FreeMarkerError } from './errors';

/** A FreeMarker date: the moment and whether it is a date, a time or both. */
export class FmDate {
  constructor(
    readonly d: Date,
    readonly kind: 'date' | 'time' | 'datetime',
  ) {}
}

/** en_US styles of java.text.DateFormat (JDK 20+: a narrow no-break space before AM/PM). */
const DATE_STYLES: Record<FmDate['kind'], Record<string, string>> = {
  date: { short: 'M/d/yy', medium: 'MMM d, y', long: 'MMMM d, y', full: 'EEEE, MMMM d, y' },
  time: { short: 'h:mm\u202fa', medium: 'h:mm:ss\u202fa', long: 'h:mm:ss\u202fa z' },
  datetime: {
    short: 'M/d/yy, h:mm\u202fa',
    medium: 'MMM d, y, h:mm:ss\u202fa',
    long: 'MMMM d, y, h:mm:ss\u202fa z',
  },
};

export function formatDate(v: FmDate, format: string): string {
  const style = format === '' ? 'medium' : format;
  if (style === 'iso' || style === 'iso_utc' || style === 'iso_local') return isoDate(v, style);
  const pattern =
    DATE_STYLES[v.kind][style] ?? (/^(short|medium|long|full)$/.test(style) ? undefined : style);
  if (pattern === undefined)
    throw new FreeMarkerError(`the date format "${style}" is not supported by the embedded runtime`);
  try {
    return formatJavaDate(v.d, pattern);
  } catch (e) {
    throw new FreeMarkerError((e as Error).message);
  }
}

/**
 * ISO 8601 as FreeMarker writes it (DateUtil.dateToISO8601String): `?iso_utc` in UTC, `?iso_local` and
 * `?string.iso` in the default zone (the JVM's, the process's here); `?iso_*` to the second, `?string.iso` to the
 * millisecond when there are some, trailing zeros dropped (`.5`); the offset `Z` when it is 0, else `+05:30`; a
 * date has none.
 */
function isoDate(v: FmDate, style: string): string {
  const off = style === 'iso_utc' ? 0 : -v.d.getTimezoneOffset();
  const t = new Date(v.d.getTime() + off * 60000); // its UTC fields are the wall clock in that zone
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(t.getUTCFullYear(), 4)}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}`;
  if (v.kind === 'date') return date;
  let time = `${p(t.getUTCHours())}:${p(t.getUTCMinutes())}:${p(t.getUTCSeconds())}`;
  if (style === 'iso' && t.getUTCMilliseconds())
    time += `.${p(t.getUTCMilliseconds(), 3).replace(/0+$/, '')}`;
  const a = Math.abs(off);
  const zone = off === 0 ? 'Z' : `${off < 0 ? '-' : '+'}${p(Math.floor(a / 60))}:${p(a % 60)}`;
  return `${v.kind === 'time' ? time : `${date}T${time}`}${zone}`;
}

export function parseDate(s: string, pattern: string, kind: FmDate['kind']): FmDate {
  try {
    if (pattern === '') throw new Error('no format');
    return new FmDate(parseJavaDate(s, pattern, true), kind);
  } catch {
    throw new FreeMarkerError(
      `The string doesn't match the expected date/time/date-time format. The string to parse was: "${s}". The expected format was: "${pattern}".`,
    );
  }
}
