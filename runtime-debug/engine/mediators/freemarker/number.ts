/**
 * FreeMarker's numbers as MI's payloadFactory meets them: JSON numbers are Java Doubles (Gson), number literals
 * and arithmetic results are BigDecimals (FreeMarker's BigDecimal arithmetic engine: a Double enters through its
 * Java string form, so 0.1 + 0.2 is 0.3; a division keeps max(12, the operands' scales) digits, rounding half up;
 * `%` works on the operands' long values). Formatting is java.text.DecimalFormat's (en_US): half-even rounding of
 * the exact value (a Double's binary value, so 0.0025 shows as 0.003 with three digits), the digits of the
 * shortest form otherwise (1.2345678901234567E19 shows as 12,345,678,901,234,567,000).
 */
import { align, pow10 } from '../../expr/decimal';
import { javaDoubleToString } from '../../expr/values';

/** A java.math.BigDecimal: unscaled * 10^-scale. */
export class Dec {
  constructor(
    readonly u: bigint,
    readonly s: number,
  ) {}
  toNumber(): number {
    return Number(`${this.u}e${-this.s}`);
  }
}

/** A FreeMarker number: a Java Double (a JavaScript number) or a BigDecimal. */
export type FmNumber = number | Dec;

export function isFmNumber(v: unknown): v is FmNumber {
  return typeof v === 'number' || v instanceof Dec;
}

export function decOfText(text: string): Dec | undefined {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m || (m[2] === '' && !m[3])) return undefined;
  const frac = m[3] ?? '';
  return new Dec(BigInt(`${m[1] === '-' ? '-' : ''}${m[2] || '0'}${frac}`), frac.length - Number(m[4] ?? 0));
}

/** FreeMarker's toBigDecimal: a Double through Double.toString. */
export function toDec(n: FmNumber): Dec {
  if (n instanceof Dec) return n;
  if (!Number.isFinite(n)) throw new RangeError(`${n}`);
  return decOfText(javaDoubleToString(n))!;
}

// pow10 and align are decimal.ts's (the same BigDecimal alignment). The rest stays here: decimal.ts's operations
// answer doubles (Synapse expressions turn each result back into a Double), FreeMarker keeps the BigDecimal
// (arithmetic results stay BigDecimals, a division keeps max(12, scales) digits, not the left operand's scale);
// and decOfText reads what FreeMarker's number literals and ?number accept ("+1", ".5", "5."), which decimal.ts's
// parser refuses.

export function decAdd(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return new Dec(x + y, s);
}
export function decSub(a: Dec, b: Dec): Dec {
  const [x, y, s] = align(a, b);
  return new Dec(x - y, s);
}
export function decMul(a: Dec, b: Dec): Dec {
  return new Dec(a.u * b.u, a.s + b.s);
}
export function decCompare(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** BigDecimal.divide(b, scale, HALF_UP) with FreeMarker's scale: max(12, a.scale, b.scale). */
export function decDiv(a: Dec, b: Dec): Dec {
  if (b.u === 0n) throw new ArithmeticError('/ by zero');
  const scale = Math.max(12, a.s, b.s);
  // a.u / 10^a.s / (b.u / 10^b.s) * 10^scale = a.u * 10^(scale - a.s + b.s) / b.u
  let num = a.u;
  let den = b.u;
  const e = scale - a.s + b.s;
  if (e >= 0) num *= pow10(e);
  else den *= pow10(-e);
  return new Dec(divRound(num, den, 'half-up'), scale);
}

export class ArithmeticError extends Error {}

/** The long value of a number (Java's longValue: truncated toward zero). */
export function longValue(n: FmNumber): bigint {
  if (typeof n === 'number') {
    // (long) d: toward zero, saturating; NaN is 0
    if (Number.isNaN(n)) return 0n;
    if (n >= 2 ** 63) return 2n ** 63n - 1n;
    if (n <= -(2 ** 63)) return -(2n ** 63n);
    return BigInt(Math.trunc(n));
  }
  return BigInt.asIntN(64, n.s >= 0 ? n.u / pow10(n.s) : n.u * pow10(-n.s));
}

function divRound(num: bigint, den: bigint, mode: 'half-up' | 'half-even'): bigint {
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const neg = num < 0n;
  const n = neg ? -num : num;
  let q = n / den;
  const r2 = (n % den) * 2n;
  if (r2 > den || (r2 === den && (mode === 'half-up' || q % 2n === 1n))) q += 1n;
  return neg ? -q : q;
}

/**
 * The digits java.text.DigitList takes from sun.misc.FloatingDecimal (on every JDK, also where Double.toString
 * became the shortest form): the shortest form, except for a whole number of 2^53 and more below 2^63, written
 * as its exact value with its last "insignificant" digits rounded away half up (8022297571451761664 is
 * 8.0222975714517617E18, not 8.022297571451762E18).
 */
function floatingDecimalDigits(v: number): Dec {
  const abs = Math.abs(v);
  if (!Number.isInteger(v) || abs < 2 ** 53 || abs >= 2 ** 63) return toDec(v);
  const binExp = Math.floor(Math.log2(abs));
  const p2 = binExp - 54;
  const ins = p2 > 1 && p2 < INSIGNIFICANT.length ? INSIGNIFICANT[p2] : 0;
  let l = BigInt(abs);
  if (ins > 0) {
    const pow = pow10(ins);
    const residue = l % pow;
    l /= pow;
    if (residue >= pow / 2n) l += 1n;
  }
  return new Dec(v < 0 ? -l : l, -ins);
}

/** FloatingDecimal.insignificantDigitsNumber */
const INSIGNIFICANT = [
  0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 9, 10,
  10, 10, 11, 11, 11, 12, 12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15, 15, 16, 16, 16, 17, 17, 17, 18, 18,
  18, 19,
];

/** The exact decimal value of a double. */
function exactDec(n: number): Dec {
  if (Number.isInteger(n) && Math.abs(n) <= Number.MAX_SAFE_INTEGER) return new Dec(BigInt(n), 0);
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, n);
  const bits = view.getBigUint64(0);
  const neg = bits >> 63n === 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  let m = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (e === 0) exp = -1074;
  else {
    m |= 1n << 52n;
    exp = e - 1075;
  }
  const sign = neg ? -1n : 1n;
  if (exp >= 0) return new Dec(sign * (m << BigInt(exp)), 0);
  return new Dec(sign * m * pow5(-exp), -exp);
}

const POW5: bigint[] = [];

/** 5^k, kept (k is at most 1074) */
function pow5(k: number): bigint {
  return (POW5[k] ??= 5n ** BigInt(k));
}

/** The digits of |v| rounded half-even to `frac` fraction digits: [integer digits, fraction digits]. */
function roundedDigits(v: FmNumber, frac: number): [string, string] {
  // a whole double below 2^53 is its own shortest form and needs no rounding (the common id, count, quantity)
  if (typeof v === 'number' && Number.isSafeInteger(v)) return [String(Math.abs(v)), ''];
  // the digits shown are FloatingDecimal's unless rounding cuts into them
  const shown = typeof v === 'number' ? floatingDecimalDigits(v) : v;
  let d = shown;
  if (shown.s > frac) {
    const exact = typeof v === 'number' ? exactDec(v) : v;
    const u = exact.u < 0n ? -exact.u : exact.u;
    d = new Dec(divRound(u, pow10(exact.s - frac), 'half-even'), frac);
  }
  let u = d.u < 0n ? -d.u : d.u;
  let s = d.s;
  if (s < 0) {
    u *= pow10(-s);
    s = 0;
  }
  const digits = u.toString().padStart(s + 1, '0');
  return [digits.slice(0, digits.length - s), digits.slice(digits.length - s)];
}

interface Pattern {
  posPrefix: string;
  posSuffix: string;
  negPrefix: string;
  negSuffix: string;
  minInt: number;
  minFrac: number;
  maxFrac: number;
  grouping: number;
  multiplier: number;
}

const patterns = new Map<string, Pattern>();

/** Reads a java.text.DecimalFormat pattern (no exponent). */
function parsePattern(p: string): Pattern {
  let cached = patterns.get(p);
  if (cached) return cached;
  const [pos, neg] = splitPattern(p);
  const a = affixes(pos);
  if (!a) throw new FormatError(`the number format "${p}" is not supported by the embedded runtime`);
  const core = a.core;
  const dot = core.indexOf('.');
  const intPart = dot >= 0 ? core.slice(0, dot) : core;
  const fracPart = dot >= 0 ? core.slice(dot + 1) : '';
  const comma = intPart.lastIndexOf(',');
  const n = neg !== undefined ? affixes(neg) : undefined;
  cached = {
    posPrefix: a.prefix,
    posSuffix: a.suffix,
    negPrefix: n ? n.prefix : `\ue002${a.prefix}`,
    negSuffix: n ? n.suffix : a.suffix,
    minInt: (intPart.match(/0/g) ?? []).length,
    minFrac: (fracPart.match(/0/g) ?? []).length,
    maxFrac: fracPart.replace(/,/g, '').length,
    grouping: comma >= 0 ? intPart.length - comma - 1 : 0,
    multiplier: a.multiplier,
  };
  if (patterns.size > 200) patterns.clear();
  patterns.set(p, cached);
  return cached;
}

export class FormatError extends Error {}

function splitPattern(p: string): [string, string | undefined] {
  let q = false;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "'") q = !q;
    else if (p[i] === ';' && !q) return [p.slice(0, i), p.slice(i + 1)];
  }
  return [p, undefined];
}

function affixes(
  p: string,
): { prefix: string; suffix: string; core: string; multiplier: number } | undefined {
  let prefix = '';
  let suffix = '';
  let core = '';
  let multiplier = 1;
  let state = 0; // 0 prefix, 1 number, 2 suffix
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "'") {
      const j = p.indexOf("'", i + 1);
      if (j < 0) return undefined;
      const lit = j === i + 1 ? "'" : p.slice(i + 1, j);
      if (state === 1) state = 2;
      if (state === 0) prefix += lit;
      else suffix += lit;
      i = j;
      continue;
    }
    if ('#0,.'.includes(c)) {
      if (state === 2) return undefined;
      state = 1;
      core += c;
      continue;
    }
    if (c === 'E' || c === ';') return undefined;
    if (state === 1) state = 2;
    let lit = c;
    // the percent, per-mille and currency signs are the locale's (DecimalFormatSymbols): marked, set when formatting
    if (c === '%') {
      multiplier = 100;
      lit = '\ue000';
    } else if (c === '\u2030') multiplier = 1000;
    else if (c === '\u00a4') lit = '\ue001';
    if (state === 0) prefix += lit;
    else suffix += lit;
  }
  return { prefix, suffix, core, multiplier };
}

/** The java.text.DecimalFormatSymbols a number is written with (en_US unless `<#setting locale>` says otherwise). */
export interface NumberSymbols {
  decimal: string;
  group: string;
  minus: string;
  percent: string;
  currency: string;
  /** the monetary separators (a pattern with ¤ uses them: DecimalFormat.isCurrencyFormat) */
  monetaryDecimal: string;
  monetaryGroup: string;
  /** NumberFormat.getCurrencyInstance's and getPercentInstance's patterns */
  currencyPattern: string;
  percentPattern: string;
}

export const EN_US: NumberSymbols = {
  decimal: '.',
  group: ',',
  minus: '-',
  percent: '%',
  currency: '$',
  monetaryDecimal: '.',
  monetaryGroup: ',',
  currencyPattern: '\u00a4#,##0.00',
  percentPattern: '#,##0%',
};

/** DecimalFormat(pattern, symbols).format(v), half-even. */
export function formatNumber(v: FmNumber, pattern: string, sym: NumberSymbols = EN_US): string {
  const text = formatNumberEn(v, pattern);
  if (sym === EN_US)
    return text.replace(/[\ue000-\ue002]/g, (c) => (c === '\ue000' ? '%' : c === '\ue001' ? '$' : '-'));
  const money = pattern.includes('\u00a4');
  return text.replace(/[.,\ue000-\ue002]/g, (c) =>
    c === '.'
      ? money
        ? sym.monetaryDecimal
        : sym.decimal
      : c === ','
        ? money
          ? sym.monetaryGroup
          : sym.group
        : c === '\ue000'
          ? sym.percent
          : c === '\ue001'
            ? sym.currency
            : sym.minus,
  );
}

function formatNumberEn(v: FmNumber, pattern: string): string {
  const p = parsePattern(pattern);
  if (typeof v === 'number' && !Number.isFinite(v)) {
    if (Number.isNaN(v)) return 'NaN';
    return v > 0 ? `${p.posPrefix}∞${p.posSuffix}` : `${p.negPrefix}∞${p.negSuffix}`;
  }
  let x: FmNumber = v;
  if (p.multiplier !== 1)
    x = typeof v === 'number' ? v * p.multiplier : decMul(v, new Dec(BigInt(p.multiplier), 0));
  const negative = typeof x === 'number' ? x < 0 || Object.is(x, -0) : x.u < 0n;
  let [int, frac] = roundedDigits(x, p.maxFrac);
  int = int.replace(/^0+/, '');
  while (frac.length > p.minFrac && frac.endsWith('0')) frac = frac.slice(0, -1);
  frac = frac.padEnd(p.minFrac, '0');
  if (int.length < p.minInt) int = int.padStart(p.minInt, '0');
  if (int === '' && frac === '') int = '0';
  if (p.grouping > 0 && int.length > p.grouping) {
    let g = '';
    for (let i = int.length; i > 0; i -= p.grouping)
      g = int.slice(Math.max(0, i - p.grouping), i) + (g ? `,${g}` : '');
    int = g;
  }
  const body = frac ? `${int}.${frac}` : int;
  // DecimalFormat keeps the minus sign of a negative value that rounds to zero (-0.0001 is "-0"), and of -0.0
  return negative ? `${p.negPrefix}${body}${p.negSuffix}` : `${p.posPrefix}${body}${p.posSuffix}`;
}

/** FreeMarker's default number format: NumberFormat.getNumberInstance(en_US). */
export function defaultFormat(v: FmNumber): string {
  return formatNumber(v, '#,##0.###');
}

/** `?c` (FreeMarker 2.3.30, before c_format): integers as they are, others as "0.################". */
export function computerFormat(v: FmNumber): string {
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'INF';
    if (v === -Infinity) return '-INF';
  }
  return formatNumber(v, '0.################');
}

/** Unary minus: FreeMarker's conservative engine multiplies by Integer -1 (a Double stays one, -0.0 too). */
export function fmNegate(n: FmNumber): FmNumber {
  return n instanceof Dec ? new Dec(-n.u, n.s) : -n;
}

export function fmSign(n: FmNumber): number {
  return n instanceof Dec ? (n.u < 0n ? -1 : n.u > 0n ? 1 : 0) : Math.sign(n);
}

/** `?round` (half up toward +∞), `?floor`, `?ceiling`, `?int` (toward zero) of a double's exact value, as BigDecimals. */
export function fmRound(n: FmNumber, how: 'round' | 'floor' | 'ceiling' | 'int'): FmNumber {
  const d = typeof n === 'number' ? exactDec(n) : n;
  if (d.s <= 0) return d;
  const p = pow10(d.s);
  let q = d.u / p; // toward zero
  const r = d.u % p;
  if (how === 'floor' && r < 0n) q -= 1n;
  else if (how === 'ceiling' && r > 0n) q += 1n;
  else if (how === 'round') {
    // floor(x + 0.5)
    const shifted = d.u * 2n + p;
    const den = 2n * p;
    q = shifted / den;
    if (shifted % den < 0n) q -= 1n;
  }
  return new Dec(q, 0);
}

/** The currency of a country (java.util.Currency.getInstance(locale)) for the regions a payload is likely to name. */
const REGION_CURRENCY: Record<string, string> = {
  US: 'USD',
  GB: 'GBP',
  IN: 'INR',
  LK: 'LKR',
  DE: 'EUR',
  FR: 'EUR',
  ES: 'EUR',
  IT: 'EUR',
  NL: 'EUR',
  BE: 'EUR',
  AT: 'EUR',
  PT: 'EUR',
  IE: 'EUR',
  FI: 'EUR',
  GR: 'EUR',
  LU: 'EUR',
  CH: 'CHF',
  JP: 'JPY',
  CN: 'CNY',
  BR: 'BRL',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  RU: 'RUB',
  PL: 'PLN',
  TR: 'TRY',
  CA: 'CAD',
  AU: 'AUD',
  NZ: 'NZD',
  KR: 'KRW',
  MX: 'MXN',
  SG: 'SGD',
  ZA: 'ZAR',
  CZ: 'CZK',
  HU: 'HUF',
  IL: 'ILS',
  AE: 'AED',
  SA: 'SAR',
  HK: 'HKD',
  TW: 'TWD',
};

const symbolsCache = new Map<string, NumberSymbols>();

/**
 * DecimalFormatSymbols and the currency/percent patterns of a FreeMarker locale setting ("de_DE": StringUtil.deduceLocale,
 * language lower-cased, country upper-cased), from the CLDR data Node's Intl shares with the JDK's default provider. A
 * locale neither knows is the root locale's (en-like symbols, "¤ #,##0.00").
 */
export function localeSymbols(setting: string): NumberSymbols {
  const cached = symbolsCache.get(setting);
  if (cached) return cached;
  const [lang = '', country = ''] = setting.split('_');
  const language = lang.toLowerCase();
  const region = country.toUpperCase();
  let sym: NumberSymbols;
  const tag = region ? `${language}-${region}` : language;
  const known = /^[a-z]{2,3}$/.test(language) && Intl.NumberFormat.supportedLocalesOf([language]).length > 0;
  if (language === 'en' && (region === 'US' || region === ''))
    sym = { ...EN_US, currency: region ? '$' : '\u00a4' };
  else if (!known)
    sym = { ...EN_US, currency: '\u00a4', currencyPattern: '\u00a4\u00a0#,##0.00', percentPattern: '#,##0%' };
  else {
    const loc = Intl.NumberFormat.supportedLocalesOf([tag]).length ? tag : language;
    const parts = new Intl.NumberFormat(loc, { useGrouping: true }).formatToParts(-1234.5);
    const part = (t: string, d: string) => parts.find((x) => x.type === t)?.value ?? d;
    const code = REGION_CURRENCY[region];
    const cur = new Intl.NumberFormat(loc, { style: 'currency', currency: code ?? 'XXX' }).formatToParts(
      1234.5,
    );
    const money = new Intl.NumberFormat(loc, { style: 'currency', currency: 'EUR' }).formatToParts(1234.5);
    let currencyPattern = '';
    let fraction = 0;
    for (const x of cur) {
      if (x.type === 'currency') currencyPattern += '\u00a4';
      else if (x.type === 'integer') currencyPattern += currencyPattern.includes('#') ? '' : '#,##0';
      else if (x.type === 'fraction') fraction = x.value.length;
      else if (x.type === 'literal') currencyPattern += x.value;
    }
    if (fraction) currencyPattern = currencyPattern.replace('#,##0', `#,##0.${'0'.repeat(fraction)}`);
    // a negative sub-pattern where the locale does not just put the minus sign first (nl_NL "¤ -1,00")
    let negative = '';
    for (const x of new Intl.NumberFormat(loc, { style: 'currency', currency: code ?? 'XXX' }).formatToParts(
      -1234.5,
    )) {
      if (x.type === 'currency') negative += '\u00a4';
      else if (x.type === 'integer') negative += negative.includes('#') ? '' : '#';
      else if (x.type === 'minusSign') negative += '-';
      else if (x.type === 'literal') negative += x.value;
    }
    if (negative !== `-${currencyPattern.replace(/[,0.]/g, '').replace(/#+/, '#')}`)
      currencyPattern += `;${negative.replace('#', currencyPattern.replace(/^[^#0]*|[^#0,.]*$/g, ''))}`;
    const pct = new Intl.NumberFormat(loc, { style: 'percent' }).formatToParts(0.12);
    let percentPattern = '';
    for (const x of pct) {
      if (x.type === 'percentSign') percentPattern += '%';
      else if (x.type === 'integer') percentPattern += '#,##0';
      else if (x.type === 'literal') percentPattern += x.value;
    }
    sym = {
      decimal: part('decimal', '.'),
      // CLDR 42 (JDK 21) writes de_CH's and it_CH's group separator as U+2019, older ICU data as an apostrophe
      group: part('group', ',').replace("'", '\u2019'),
      monetaryDecimal: money.find((x) => x.type === 'decimal')?.value ?? part('decimal', '.'),
      monetaryGroup: (money.find((x) => x.type === 'group')?.value ?? part('group', ',')).replace(
        "'",
        '\u2019',
      ),
      minus: part('minusSign', '-'),
      percent: pct.find((x) => x.type === 'percentSign')?.value ?? '%',
      currency: code ? (cur.find((x) => x.type === 'currency')?.value ?? '\u00a4') : '\u00a4',
      currencyPattern,
      percentPattern,
    };
  }
  if (symbolsCache.size > 50) symbolsCache.clear();
  symbolsCache.set(setting, sym);
  return sym;
}
