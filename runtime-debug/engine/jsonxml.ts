/**
 * JSON <-> XML with Micro Integrator's rules (reference/expressions.md section 6).
 * JSON -> XML: root object `<jsonObject>`, root array `<jsonArray><jsonElement>..`, arrays as repeated elements with a
 * `<?xml-multiple name?>` processing instruction, keys starting with a digit / `$` prefixed, null as an empty element.
 * XML -> JSON: root element becomes a key (jsonObject/jsonArray unwrapped), repeated siblings become arrays,
 * attributes `@name`, mixed text `$`, numbers/booleans auto-converted, empty element -> null, namespaces dropped.
 */
import * as slimdom from 'slimdom';

const PI_MULTIPLE = 'xml-multiple';
const NAME_START = /^[A-Za-z_]/;

function keyToName(k: string): string {
  if (/^[0-9]/.test(k)) return `_JsonReader_PD_${k}`;
  if (k.startsWith('$')) return `_JsonReader_PS_${k.slice(1)}`;
  if (k === '') return '_JsonReader_EMPTY_';
  if (!NAME_START.test(k) || /[^\w.\-]/.test(k))
    return k.replace(/[^\w.\-]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
  return k;
}

function nameToKey(n: string): string {
  if (n.startsWith('_JsonReader_PD_')) return n.slice(15);
  if (n.startsWith('_JsonReader_PS_')) return '$' + n.slice(15);
  if (n === '_JsonReader_EMPTY_') return '';
  return n;
}

/** Builds MI's XML view of a JSON value inside `doc` and returns the root element (jsonObject/jsonArray). */
export function jsonToXml(value: unknown, doc: slimdom.Document = new slimdom.Document()): slimdom.Element {
  if (Array.isArray(value)) {
    const root = doc.createElement('jsonArray');
    for (const item of value) {
      const el = doc.createElement('jsonElement');
      fill(el, item, doc);
      root.appendChild(el);
    }
    if (value.length <= 1)
      root.insertBefore(doc.createProcessingInstruction(PI_MULTIPLE, 'jsonElement'), root.firstChild);
    return root;
  }
  const root = doc.createElement('jsonObject');
  if (value !== null && typeof value === 'object') fillObject(root, value as Record<string, unknown>, doc);
  else if (value !== null && value !== undefined) root.appendChild(doc.createTextNode(String(value)));
  return root;
}

function fillObject(el: slimdom.Element, obj: Record<string, unknown>, doc: slimdom.Document): void {
  for (const [k, v] of Object.entries(obj)) {
    const name = keyToName(k);
    if (Array.isArray(v)) {
      el.appendChild(doc.createProcessingInstruction(PI_MULTIPLE, name));
      for (const item of v) {
        const c = doc.createElement(name);
        fill(c, item, doc);
        el.appendChild(c);
      }
    } else {
      const c = doc.createElement(name);
      fill(c, v, doc);
      el.appendChild(c);
    }
  }
}

function fill(el: slimdom.Element, v: unknown, doc: slimdom.Document): void {
  if (v === null || v === undefined) return;
  if (Array.isArray(v)) {
    const arr = doc.createElement('jsonArray');
    if (v.length <= 1) arr.appendChild(doc.createProcessingInstruction(PI_MULTIPLE, 'jsonElement'));
    for (const item of v) {
      const c = doc.createElement('jsonElement');
      fill(c, item, doc);
      arr.appendChild(c);
    }
    el.appendChild(arr);
  } else if (typeof v === 'object') fillObject(el, v as Record<string, unknown>, doc);
  else el.appendChild(doc.createTextNode(String(v)));
}

export interface XmlToJsonOptions {
  autoPrimitive?: boolean;
  emptyAsEmptyString?: boolean;
}

/** Converts an XML element (payload root) to JSON as MI's JSON formatter does. */
export function xmlToJson(root: slimdom.Element, opts: XmlToJsonOptions = {}): unknown {
  const local = root.localName;
  if (local === 'jsonObject') {
    const v = elementValue(root, opts, true);
    return v === null ? {} : v;
  }
  if (local === 'jsonArray') return arrayOf(root, opts);
  return { [nameToKey(local)]: elementValue(root, opts, false) };
}

function arrayOf(el: slimdom.Element, opts: XmlToJsonOptions): unknown[] {
  const out: unknown[] = [];
  for (const c of el.children) out.push(elementValue(c, opts, false));
  return out;
}

function primitive(text: string, opts: XmlToJsonOptions): unknown {
  if (opts.autoPrimitive === false) return text;
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text) && text.length < 16) return Number(text);
  return text;
}

function elementValue(el: slimdom.Element, opts: XmlToJsonOptions, forceObject: boolean): unknown {
  const kids = el.children;
  const attrs = el.attributes.filter(
    (a) =>
      a.prefix !== 'xmlns' &&
      a.name !== 'xmlns' &&
      a.namespaceURI !== 'http://www.w3.org/2001/XMLSchema-instance',
  );
  const nil = el.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'nil') === 'true';
  if (kids.length === 1 && kids[0].localName === 'jsonArray' && attrs.length === 0) {
    return arrayOf(kids[0], opts);
  }
  const multiples = new Set<string>();
  for (const n of el.childNodes)
    if (n.nodeType === 7 && (n as slimdom.ProcessingInstruction).target === PI_MULTIPLE)
      multiples.add((n as slimdom.ProcessingInstruction).data.trim());
  if (kids.length === 0 && attrs.length === 0 && multiples.size === 0 && !forceObject) {
    if (nil) return null;
    const t = el.textContent ?? '';
    if (t === '') return opts.emptyAsEmptyString ? '' : null;
    return primitive(t, opts);
  }
  const obj: Record<string, unknown> = {};
  for (const a of attrs) obj['@' + a.localName] = primitive(a.value, opts);
  for (const m of multiples) obj[nameToKey(m)] = [];
  for (const c of kids) {
    const key = nameToKey(c.localName);
    const v = elementValue(c, opts, false);
    if (key in obj) {
      const cur = obj[key];
      if (
        Array.isArray(cur) &&
        (multiples.has(c.localName) || (cur as unknown[] & { __rep?: boolean }).__rep)
      )
        cur.push(v);
      else if (Array.isArray(cur) && !multiples.has(c.localName)) {
        const arr = [cur, v] as unknown[] & { __rep?: boolean };
        Object.defineProperty(arr, '__rep', { value: true, enumerable: false });
        obj[key] = arr;
      } else {
        const arr = [cur, v] as unknown[] & { __rep?: boolean };
        Object.defineProperty(arr, '__rep', { value: true, enumerable: false });
        obj[key] = arr;
      }
    } else obj[key] = v;
  }
  if (kids.length === 0 || attrs.length > 0) {
    let text = '';
    for (const n of el.childNodes) if (n.nodeType === 3 || n.nodeType === 4) text += (n as slimdom.Text).data;
    text = text.trim();
    if (text !== '') obj['$'] = primitive(text, opts);
  }
  return obj;
}
