/** The data model: values as FreeMarker's object wrapper shows them (hashes, sequences, the DOM), the environment, control signals. */
import type * as slimdom from 'slimdom';
import { Dec, EN_US, type NumberSymbols, isFmNumber, localeSymbols } from './number';

import { type El, type Expr } from './ast';
import { FmDate } from './dates';
import { FreeMarkerError } from './errors';

export const MISSING = Symbol('missing');

/** A Java Integer (sizes, indexes, ?int): exact, and -0 is 0, as a BigDecimal of scale 0 behaves the same. */
export function int(n: number | bigint): Dec {
  return new Dec(BigInt(n), 0);
}

// ------------------------------------------------------------------ values
/** A hash of the data model: JSON objects (in their order) and MI's maps of strings. */
export type Hash = Map<string, unknown>;

/** freemarker.ext.dom's NodeListModel: the result of a name step matching no node, or several. */
export class NodeList {
  constructor(readonly items: unknown[]) {}
}

/** The document node MI's NodeModel.parse gives (the payload's root element under it). */
export class FmDocument {
  constructor(readonly root: slimdom.Element) {}
}

/** A text node of the simplified DOM (adjacent text and CDATA merged). */
export class FmText {
  constructor(
    readonly text: string,
    readonly parent: unknown,
  ) {}
}

/** One find() of ?matches (RegexMatchModel.MatchWithGroups): a string, with ?groups. */
export class FmMatch {
  constructor(
    readonly text: string,
    readonly groups: string[],
  ) {}
}

/**
 * ?matches' result (RegexMatchModel): a boolean (the whole string matches) and a sequence of the find() matches;
 * its ?groups are the whole-string match's groups.
 */
export class FmMatches extends Array<FmMatch> {
  matched = false;
  whole: string[] = [];
}

/** A markup output format's escaping of plain text (XMLOutputFormat, HTMLOutputFormat/XHTML, RTFOutputFormat). */
export function escapeFor(format: string, s: string): string {
  if (format === 'RTF') return s.replace(/[\\{}]/g, (c) => `\\${c}`);
  const apos = format === 'XML' ? '&apos;' : '&#39;';
  return s.replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : apos,
  );
}

/** A markup output value (HTML): the default terminator of ?truncate_m and its kin. `${}` writes it as it is. */
export class FmMarkup {
  constructor(readonly markup: string) {}
}

export interface Lambda {
  fn: Extract<Expr, { k: 'fn' }>;
  env: Env;
}

export interface Callable {
  macro: El & { t: 'macro' };
}

export class BreakSignal {}
export class ContinueSignal {}
export class ReturnSignal {
  constructor(readonly value: unknown) {}
}
export class StopSignal {
  constructor(
    readonly message: string,
    readonly instruction: string,
    readonly at: number,
  ) {}
}

export interface Frame {
  vars: Map<string, unknown>;
  loop?: { name: string; index: number; hasNext: boolean };
  /** a macro call's local variables: lookups do not go past it */
  macro?: { nested: { kids: El; frames: Frame[] } | undefined };
}

export class Env {
  out = '';
  ns = new Map<string, unknown>();
  globals = new Map<string, unknown>();
  frames: Frame[] = [];
  numberFormat = 'number';
  booleanFormat = 'true,false';
  /** `<#setting locale>`: MI's JVM default (en_US) until a template sets it */
  locale = 'en_US';
  numberSymbols: NumberSymbols = EN_US;
  /** the locale as a BCP 47 tag for Intl (collation, case mapping); en-US when Intl knows none */
  localeTag = 'en-US';
  dateFormat = '';
  timeFormat = '';
  datetimeFormat = '';
  urlCharset: string | undefined;
  /** the <#ftl output_format>, and whether `${}` escapes for it (a markup format, auto_esc) */
  outputFormat = 'undefined';
  markupFormat = false;
  escaping = false;
  /** the name of the template being run (.current_template_name; <#include> names are relative to it) */
  templateName = 'synapse-template';
  /** runs <#include>/<#import> (set by compileFreeMarker) */
  include: ((el: El & { t: 'include' | 'import' }) => void) | undefined;
  model: Map<string, unknown>;
  /** the instruction being run, for error positions */
  at = 0;
  doc: FmDocument | undefined;
  constructor(
    model: Record<string, unknown>,
    readonly nsPrefixes: Map<string, string> | undefined,
    readonly macros: Map<string, El & { t: 'macro' }>,
    /** the text of the template being run (the included one inside an <#include>): error positions are in it */
    public full: string,
  ) {
    this.model = new Map();
    for (const [k, v] of Object.entries(model)) {
      const w = wrapModel(v);
      if (w instanceof FmDocument) this.doc = w;
      this.model.set(k, w);
    }
  }
  lookup(name: string): unknown {
    if (name.startsWith('.')) return this.special(name.slice(1));
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.vars.has(name)) return f.vars.get(name);
      if (f.macro) break;
    }
    if (this.ns.has(name)) return this.ns.get(name);
    if (this.globals.has(name)) return this.globals.get(name);
    if (this.model.has(name)) return this.model.get(name);
    const m = this.macros.get(name);
    if (m) return { macro: m } satisfies Callable;
    return MISSING;
  }
  /** the date_format, time_format or datetime_format setting for a date's kind ('' is medium) */
  dateFormatOf(d: FmDate): string {
    return d.kind === 'date' ? this.dateFormat : d.kind === 'time' ? this.timeFormat : this.datetimeFormat;
  }
  /** `<#setting name=value>` (Configurable.setSetting) for the settings a payload template can change. */
  setting(name: string, value: string): void {
    switch (name) {
      case 'number_format':
        this.numberFormat = value;
        break;
      case 'boolean_format':
        this.booleanFormat = value;
        break;
      case 'locale':
        this.locale = value;
        this.numberSymbols = value === 'en_US' ? EN_US : localeSymbols(value);
        this.localeTag = bcp47(value);
        break;
      case 'date_format':
        this.dateFormat = value;
        break;
      case 'time_format':
        this.timeFormat = value;
        break;
      case 'datetime_format':
        this.datetimeFormat = value;
        break;
      case 'sql_date_and_time_time_zone':
        // only java.sql dates use it, and MI's data model has none
        break;
      case 'url_escaping_charset':
      case 'output_encoding':
        if (name === 'url_escaping_charset' || this.urlCharset === undefined) this.urlCharset = value;
        break;
      default:
      // time zones and the rest: read but not modelled
    }
  }
  /** A special variable (BuiltinVariable) as MI's FreeMarker 2.3.30 answers it for the synapse-template. */
  special(name: string): unknown {
    switch (name) {
      case 'now':
        return new FmDate(new Date(), 'datetime');
      case 'template_name':
      case 'current_template_name':
        return this.templateName;
      case 'main_template_name':
        return 'synapse-template';
      case 'version':
      case 'incompatible_improvements':
        return '2.3.30';
      case 'lang':
        return this.locale.split('_')[0].toLowerCase();
      case 'locale':
        return this.locale;
      case 'output_format':
        return this.outputFormat;
      case 'auto_esc':
        return this.escaping;
      case 'namespace': {
        const m: Hash = new Map();
        for (const [k, el] of this.macros) m.set(k, { macro: el } satisfies Callable);
        for (const [k, v] of this.ns) m.set(k, v);
        return m;
      }
      default:
        return MISSING;
    }
  }
  loopOf(name: string): Frame['loop'] {
    for (let i = this.frames.length - 1; i >= 0; i--) {
      const f = this.frames[i];
      if (f.loop?.name === name) return f.loop;
      if (f.macro) break;
    }
    return undefined;
  }
  get defaultNs(): string | undefined {
    return this.nsPrefixes?.get('D');
  }
}

function bcp47(locale: string): string {
  const [l = '', c = ''] = locale.split('_');
  const tag = c ? `${l.toLowerCase()}-${c.toUpperCase()}` : l.toLowerCase();
  try {
    return Intl.Collator.supportedLocalesOf([tag]).length ? tag : 'en-US';
  } catch {
    return 'en-US';
  }
}

/** Plain objects of the data model become hashes (MI passes HashMaps; JSON objects are Gson's LinkedTreeMaps). */
function wrapModel(v: unknown): unknown {
  if (v === null || v === undefined) return MISSING;
  if (v instanceof Number) return v.valueOf();
  if (Array.isArray(v)) return v.map(wrapModel);
  if (v instanceof Map || v instanceof FmDocument || v instanceof Dec) return v;
  if (typeof v === 'object') {
    const m: Hash = new Map();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) m.set(k, wrapModel(x));
    return m;
  }
  return v;
}

/** A JSON value as MI hands it to FreeMarker: Gson's Map/List of Doubles, member order kept. */
export function jsonToFreeMarker(v: unknown, keys: (o: object) => string[]): unknown {
  if (v === null || v === undefined) return MISSING;
  if (v instanceof Number) return v.valueOf();
  if (Array.isArray(v)) return v.map((x) => jsonToFreeMarker(x, keys));
  if (typeof v === 'object') {
    const m: Hash = new Map();
    for (const k of keys(v)) m.set(k, jsonToFreeMarker((v as Record<string, unknown>)[k], keys));
    return m;
  }
  return v;
}

export function isMissing(v: unknown): boolean {
  return v === MISSING || v === null || v === undefined;
}

export function isDomNode(v: unknown): v is slimdom.Node {
  return (
    !!v && typeof v === 'object' && typeof (v as slimdom.Node).nodeType === 'number' && !(v instanceof FmText)
  );
}

export function isNodeValue(v: unknown): boolean {
  return v instanceof FmDocument || v instanceof FmText || isDomNode(v);
}

export function isHashValue(v: unknown): boolean {
  return v instanceof Map || isNodeValue(v) || v instanceof NodeList;
}

export function isSequenceValue(v: unknown): boolean {
  return Array.isArray(v) || v instanceof NodeList || isNodeValue(v);
}

/** A node as a scalar (freemarker.ext.dom getAsString), or undefined when it is none. */
export function nodeString(v: unknown): string | undefined {
  if (v instanceof FmText || v instanceof FmMatch) return v.text;
  if (isDomNode(v)) {
    if (v.nodeType === 2) return (v as slimdom.Attr).value;
    if (v.nodeType === 1) {
      let s = '';
      for (const c of Array.from(v.childNodes)) {
        if (c.nodeType === 1)
          throw new FreeMarkerError('Only elements with no child elements can be processed as text.');
        if (c.nodeType === 3 || c.nodeType === 4) s += c.textContent ?? '';
      }
      return s;
    }
    if (v.nodeType === 3 || v.nodeType === 4) return v.textContent ?? '';
  }
  return undefined;
}

export function typeName(v: unknown): string {
  if (typeof v === 'string') return 'a string (wrapper: f.t.SimpleScalar)';
  if (isFmNumber(v)) return 'a number (wrapper: f.t.SimpleNumber)';
  if (typeof v === 'boolean') return 'a boolean (wrapper: f.t.TemplateBooleanModel)';
  if (v instanceof FmMatch) return 'a string (wrapper: f.c.RegexMatchModel$MatchWithGroups)';
  if (v instanceof FmMatches) return 'a boolean+sequence (wrapper: f.c.RegexMatchModel)';
  if (v instanceof FmDate) return 'a date/time (wrapper: f.t.SimpleDate)';
  if (Array.isArray(v)) return 'a sequence (wrapper: f.t.DefaultListAdapter)';
  if (v instanceof Map) return 'an extended_hash (wrapper: f.t.DefaultMapAdapter)';
  if (v instanceof NodeList) return 'a sequence+hash (wrapper: f.e.dom.NodeListModel)';
  if (isNodeValue(v)) return 'a node (wrapper: f.e.dom.NodeModel)';
  if (v instanceof FmMarkup) return 'a markup_output (wrapper: f.c.TemplateHTMLOutputModel)';
  return 'a value of another type';
}
