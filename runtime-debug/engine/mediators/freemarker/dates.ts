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
  if (style === 'iso_ms') return isoBuiltin(v, 'iso_local_ms', undefined, true);
  // a date-time's "medium_short": the date's style, then the time's (DateFormat.getDateTimeInstance(d, t))
  const two = /^(short|medium|long)_(short|medium|long)$/.exec(style);
  const pattern =
    two && v.kind === 'datetime'
      ? `${DATE_STYLES.date[two[1]]}, ${DATE_STYLES.time[two[2]]}`
      : (DATE_STYLES[v.kind][style] ?? (/^(short|medium|long|full)(_|$)/.test(style) ? undefined : style));
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

/** ?iso_utc_ms, ?iso_local_m_nz, ?iso_h(zone)...: DateUtil.dateToISO8601String with the built-in's accuracy and zone. */
export function isoBuiltin(v: FmDate, name: string, zoneName: string | undefined, forceMs = false): string {
  const accuracy = /_ms/.test(name) ? 'ms' : /_m(_|$)/.test(name) ? 'm' : /_h(_|$)/.test(name) ? 'h' : 's';
  // AbstractISOBI.shouldShowOffset: never for a date; _nz hides it, _fz forces it
  const showOffset = v.kind !== 'date' && !name.endsWith('_nz');
  let off: number;
  if (name.startsWith('iso_utc')) off = 0;
  else if (name.startsWith('iso_local')) off = -v.d.getTimezoneOffset();
  else off = zoneOffset(zoneName ?? '', v.d, name);
  const t = new Date(v.d.getTime() + off * 60000); // its UTC fields are the wall clock in that zone
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(t.getUTCFullYear(), 4)}-${p(t.getUTCMonth() + 1)}-${p(t.getUTCDate())}`;
  if (v.kind === 'date') return date;
  let time = p(t.getUTCHours());
  if (accuracy !== 'h') time += `:${p(t.getUTCMinutes())}`;
  if (accuracy === 's' || accuracy === 'ms') time += `:${p(t.getUTCSeconds())}`;
  if (accuracy === 'ms' && forceMs) time += `.${p(t.getUTCMilliseconds(), 3)}`;
  else if (accuracy === 'ms' && t.getUTCMilliseconds())
    time += `.${p(t.getUTCMilliseconds(), 3).replace(/0+$/, '')}`;
  const a = Math.abs(off);
  const zone = !showOffset
    ? ''
    : off === 0
      ? 'Z'
      : `${off < 0 ? '-' : '+'}${p(Math.floor(a / 60))}:${p(a % 60)}`;
  return `${v.kind === 'time' ? time : `${date}T${time}`}${zone}`;
}

/** The offset (minutes) of a zone name at a moment, as DateUtil.getTimeZone reads it (GMT+hh:mm, UTC, region ids). */
function zoneOffset(name: string, d: Date, bi: string): number {
  if (name === 'UTC' || name === 'GMT') return 0;
  const g = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(name);
  if (g) return (g[1] === '-' ? -1 : 1) * (Number(g[2]) * 60 + Number(g[3] ?? 0));
  try {
    const part = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'longOffset' })
      .formatToParts(d)
      .find((x) => x.type === 'timeZoneName')!.value;
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part);
    return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  } catch {
    throw new FreeMarkerError(
      `The time zone string specified for ?${bi}(...) is not recognized as a valid time zone name: "${name}"`,
    );
  }
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
