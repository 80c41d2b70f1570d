/**
 * Quartz cron expressions, as Micro Integrator's task scheduler and message processors read them
 * (org.quartz.CronExpression): seconds, minutes, hours, day of month, month, day of week and an optional year,
 * separated by white space, in any case. A field takes `*`, values, ranges `a-b`, lists `a,b`, increments `a/n` or
 * `* /n`; months JAN-DEC and days SUN-SAT (1 = SUNDAY) by name; exactly one of the day fields is `?`; the day of month
 * takes `L` (last day), `L-n`, `LW` and `nW` (nearest weekday), the day of week `L` (Saturday), `nL` (the last n-day of
 * the month) and `n#k` (the k-th n-day). Times are local, as the server's default time zone.
 */

interface DayOfMonth {
  values?: Set<number>;
  /** `L` or `L-n`: the last day minus this offset. */
  lastOffset?: number;
  /** `LW`: the last weekday of the month. */
  lastWeekday?: boolean;
  /** `nW`: the weekday nearest to day n, within the month. */
  nearestWeekday?: number;
}

interface DayOfWeek {
  /** Quartz day numbers (1 = Sunday ... 7 = Saturday). */
  values?: Set<number>;
  /** `nL`: the last day n of the month. */
  last?: number;
  /** `n#k`: the k-th day n of the month. */
  nth?: { day: number; k: number };
}

export interface Cron {
  seconds: Set<number>;
  minutes: Set<number>;
  hours: Set<number>;
  months: Set<number>;
  years?: Set<number>;
  dom?: DayOfMonth;
  dow?: DayOfWeek;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

class CronError extends Error {}

function numberOf(text: string, names: string[] | undefined, offset: number): number {
  if (/^\d+$/.test(text)) return Number(text);
  const i = names ? names.indexOf(text) : -1;
  if (i < 0) throw new CronError(`'${text}' is not a value here`);
  return i + offset;
}

/** A field of plain values: `*`, `?` (when allowed), values, ranges, lists and increments within [min, max]. */
function field(text: string, min: number, max: number, names?: string[], nameOffset = 0): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') throw new CronError(`an empty item in '${text}'`);
    const [range, stepText] = part.split('/') as [string, string | undefined];
    if (stepText !== undefined && !/^\d+$/.test(stepText))
      throw new CronError(`'${part}' has a bad increment`);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1 || step > max) throw new CronError(`the increment of '${part}' is out of range`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else {
      const dash = range.indexOf('-');
      lo = numberOf(dash < 0 ? range : range.slice(0, dash), names, nameOffset);
      // a single value with an increment runs to the end of the field ("5/15")
      hi =
        dash < 0 ? (stepText === undefined ? lo : max) : numberOf(range.slice(dash + 1), names, nameOffset);
    }
    if (lo < min || lo > max || hi < min || hi > max) throw new CronError(`'${part}' is out of range`);
    // a range may wrap around (FRI-MON, 22-2)
    const span = hi >= lo ? hi - lo : max - min + 1 - (lo - hi);
    for (let i = 0; i <= span; i += step) out.add(((lo - min + i) % (max - min + 1)) + min);
  }
  return out;
}

function dayOfMonth(text: string): DayOfMonth {
  if (text === 'L') return { lastOffset: 0 };
  if (text === 'LW') return { lastWeekday: true };
  const off = /^L-(\d+)$/.exec(text);
  if (off) {
    if (Number(off[1]) > 30) throw new CronError('the offset from the last day is at most 30');
    return { lastOffset: Number(off[1]) };
  }
  const w = /^(\d+)W$/.exec(text);
  if (w) {
    const n = Number(w[1]);
    if (n < 1 || n > 31) throw new CronError(`'${text}' is out of range`);
    return { nearestWeekday: n };
  }
  return { values: field(text, 1, 31) };
}

function dayOfWeek(text: string): DayOfWeek {
  if (text === 'L') return { values: new Set([7]) };
  const last = /^(\w+)L$/.exec(text);
  if (last) {
    const d = numberOf(last[1]!, DAYS, 1);
    if (d < 1 || d > 7) throw new CronError(`'${text}' is out of range`);
    return { last: d };
  }
  const nth = /^(\w+)#(\d+)$/.exec(text);
  if (nth) {
    const d = numberOf(nth[1]!, DAYS, 1);
    const k = Number(nth[2]);
    if (d < 1 || d > 7 || k < 1 || k > 5) throw new CronError(`'${text}' is out of range`);
    return { nth: { day: d, k } };
  }
  return { values: field(text, 1, 7, DAYS, 1) };
}

/** Parses a Quartz cron expression; throws with the reason Quartz would refuse it. */
export function parseCron(expression: string): Cron {
  const parts = expression.trim().toUpperCase().split(/\s+/);
  if (parts.length < 6 || parts.length > 7)
    throw new CronError(`a cron expression has 6 or 7 fields, not ${parts.length}`);
  const [s, m, h, dom, mon, dow, year] = parts as [string, string, string, string, string, string, string?];
  // CronExpression.buildExpression: "Support for specifying both a day-of-week AND a day-of-month parameter is not
  // implemented." and "'?' can only be specified for Day-of-Month -OR- Day-of-Week."
  if ((dom === '?') === (dow === '?'))
    throw new CronError(
      dom === '?'
        ? "'?' can only be specified for Day-of-Month -OR- Day-of-Week."
        : 'Support for specifying both a day-of-week AND a day-of-month parameter is not implemented.',
    );
  for (const [f, t] of [
    ['seconds', s],
    ['minutes', m],
    ['hours', h],
    ['month', mon],
  ] as const)
    if (t.includes('?')) throw new CronError(`'?' is not allowed in the ${f} field`);
  return {
    seconds: field(s, 0, 59),
    minutes: field(m, 0, 59),
    hours: field(h, 0, 23),
    months: field(mon, 1, 12, MONTHS, 1),
    ...(year !== undefined && year !== '*' ? { years: field(year, 1970, 2099) } : {}),
    ...(dom === '?' ? { dow: dayOfWeek(dow) } : { dom: dayOfMonth(dom) }),
  };
}

/** The reason a cron expression is refused, or undefined when it parses. */
export function cronProblem(expression: string): string | undefined {
  try {
    parseCron(expression);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

const daysIn = (y: number, m0: number) => new Date(y, m0 + 1, 0).getDate();
const weekday = (y: number, m0: number, d: number) => new Date(y, m0, d).getDay() + 1; // 1 = Sunday

/** The weekday (Monday to Friday) nearest to day `n` of the month, never crossing into another month. */
function nearestWeekday(y: number, m0: number, n: number): number {
  const last = daysIn(y, m0);
  const d = Math.min(n, last);
  const wd = weekday(y, m0, d);
  if (wd === 7) return d === 1 ? 3 : d - 1; // Saturday: the Friday before, or the Monday after the 1st
  if (wd === 1) return d === last ? d - 2 : d + 1; // Sunday: the Monday after, or the Friday before the last day
  return d;
}

function dayMatches(c: Cron, y: number, m0: number, d: number): boolean {
  const last = daysIn(y, m0);
  if (c.dom) {
    const f = c.dom;
    if (f.values) return f.values.has(d);
    if (f.lastOffset !== undefined) return d === last - f.lastOffset;
    if (f.lastWeekday) return d === nearestWeekday(y, m0, last);
    return d === nearestWeekday(y, m0, f.nearestWeekday!);
  }
  const f = c.dow!;
  const wd = weekday(y, m0, d);
  if (f.values) return f.values.has(wd);
  if (f.last !== undefined) return wd === f.last && d + 7 > last;
  return wd === f.nth!.day && Math.ceil(d / 7) === f.nth!.k;
}

/** The first time strictly after `after` (whole seconds, local time) the expression fires, or undefined if none. */
export function nextFire(c: Cron, after: Date): Date | undefined {
  const t = new Date(after.getTime());
  t.setMilliseconds(0);
  t.setSeconds(t.getSeconds() + 1);
  // each step moves to the next candidate of the first field that does not match; the years bound the search
  for (let guard = 0; guard < 100_000; guard++) {
    const y = t.getFullYear();
    if (y > 2099) return undefined;
    if (c.years && !c.years.has(y)) {
      t.setFullYear(y + 1, 0, 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!c.months.has(t.getMonth() + 1)) {
      t.setMonth(t.getMonth() + 1, 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(c, y, t.getMonth(), t.getDate())) {
      t.setDate(t.getDate() + 1);
      t.setHours(0, 0, 0, 0);
      continue;
    }
    if (!c.hours.has(t.getHours())) {
      t.setHours(t.getHours() + 1, 0, 0, 0);
      continue;
    }
    if (!c.minutes.has(t.getMinutes())) {
      t.setMinutes(t.getMinutes() + 1, 0, 0);
      continue;
    }
    if (!c.seconds.has(t.getSeconds())) {
      t.setSeconds(t.getSeconds() + 1, 0);
      continue;
    }
    return t;
  }
  return undefined;
}
