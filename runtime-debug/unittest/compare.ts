/**
 * The normal form MI compares assertEquals values in (its RequestProcessor.trimStrings), applied to both the
 * expected and the actual value:
 *  - trimmed, and a `<![CDATA[...]]>` wrapper removed;
 *  - well-formed XML is re-serialized (attributes in name order, no XML declaration, `<a></a>` as `<a/>`, an empty
 *    default namespace declaration dropped), so that formatting and attribute order do not matter;
 *  - otherwise a JSON object is re-serialized with its keys sorted (at every level), numbers as doubles (35 and 35.0
 *    are equal) and null members dropped, as Gson writes a Map;
 *  - then every whitespace character is removed (also inside text and strings: MI compares that way).
 * A JSON array or plain text is compared as written, without whitespace.
 */
import { parseXml } from '../../core/xml/parse';
import type { XmlElement, XmlNode } from '../../core/xml/types';
import { javaDoubleToString } from '../engine/expr/values';
import { escapeXmlAttr as escAttr, escapeXmlText as escText } from '../../core/xml/escape';

export function normalizeForAssert(input: string): string {
  let s = input.trim();
  if (s.startsWith('<![CDATA[')) {
    const end = s.indexOf(']]>', 9);
    s = (end < 0 ? s.slice(9) : s.slice(9, end)).trim();
  }
  const xml = canonicalXml(s);
  const out = xml ?? canonicalJson(s) ?? s;
  return out.replace(/\s+/g, '');
}

/** Whether two values are equal for assertEquals (both normalized). */
export function assertEqualsMatch(expected: string, actual: string): boolean {
  return normalizeForAssert(expected) === normalizeForAssert(actual);
}

// ------------------------------------------------------------------------------------------------ XML

const IGNORED_XML_PROBLEMS = new Set(['XML_UNDECLARED_PREFIX']);

/** The canonical serialization of a well-formed XML document, or undefined when the text is not one. */
export function canonicalXml(s: string): string | undefined {
  if (!s.startsWith('<')) return undefined;
  const doc = parseXml(s);
  if (doc.hasDoctype || !doc.root) return undefined;
  if (doc.problems.some((p) => p.severity === 'error' && !IGNORED_XML_PROBLEMS.has(p.code))) return undefined;
  let out = '';
  for (const n of doc.children) {
    if (n.kind === 'element') {
      if (n !== doc.root) return undefined;
      out += element(n);
    } else if (n.kind === 'text' || n.kind === 'cdata') {
      if (n.value.trim()) return undefined;
    } else if (n.kind === 'comment') out += `<!--${n.value}-->`;
  }
  return out.replace(/xmlns=""/g, '');
}

function element(el: XmlElement): string {
  const attrs = [...el.attributes].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  let s = '<' + el.name;
  for (const a of attrs) s += ` ${a.name}="${escAttr(a.value)}"`;
  if (!el.children.length) return s + '/>';
  s += '>';
  for (const c of el.children) s += node(c);
  return s + `</${el.name}>`;
}

function node(n: XmlNode): string {
  switch (n.kind) {
    case 'element':
      return element(n);
    case 'text':
    case 'cdata':
      return escText(n.value);
    case 'comment':
      return `<!--${n.value}-->`;
    default:
      return '';
  }
}

// ------------------------------------------------------------------------------------------------ JSON

/** A JSON object written as Gson writes a sorted Map (undefined when the text is not a JSON object). */
export function canonicalJson(s: string): string | undefined {
  if (!s.startsWith('{')) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(s);
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  return jsonValue(v);
}

function jsonValue(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return javaDoubleToString(v);
  if (typeof v === 'string') return gsonString(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return '[' + v.map(jsonValue).join(',') + ']';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o)
    .filter((k) => o[k] !== null)
    .sort();
  return '{' + keys.map((k) => `${gsonString(k)}:${jsonValue(o[k])}`).join(',') + '}';
}

const GSON_ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '=': '\\u003d',
  "'": '\\u0027',
};

/** A JSON string as Gson writes it (HTML-safe escapes). */
function gsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&=']/g, (c) => GSON_ESCAPES[c]);
}
