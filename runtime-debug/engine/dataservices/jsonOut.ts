/**
 * A data service's answer in JSON as MI writes it. MI's JSON formatter hands a data service's message
 * (MicroIntegratorBaseUtils.isDataService: a .dbs service) to Axis2's Gson formatter (org.apache.axis2.json.gson
 * .JsonFormatter), whose GsonXMLStreamWriter writes the result by the XML schema MI generates for the request's
 * answer (DataServiceDocLitWrappedSchemaGenerator, read by XmlNodeGenerator), not by the XML alone:
 * - the rows of a result are an array (maxOccurs unbounded) even when there is one row; every other element is a
 *   member; the result wrapper and element groups are objects (an empty wrapper is `{}`);
 * - a value is typed by its element's xsdType: string (the default) is a string even when it looks like a number;
 *   int/integer and long are numbers, double a number as Java writes it (4.0), boolean true/false; any other type
 *   (decimal, float, date...) is a string;
 * - `xsi:nil` is null; attributes are not written.
 */
import type * as slimdom from 'slimdom';
import type { DataServiceDef, OutputItem, RequestDef, ResultDef } from './model';
import { javaDoubleToString, javaParseDouble } from '../expr/values';

/** A node of the answer's schema as XmlNodeGenerator reads it: its name, array or not, value type, children. */
export interface JsonNode {
  name: string;
  array: boolean;
  valueType: string;
  children: JsonNode[];
}

const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const MAX_NESTING = 16;

/** The schema node of a request's answer (DataServiceDocLitWrappedSchemaGenerator.processRequestOutput). */
export function answerNode(ds: DataServiceDef, request: RequestDef): JsonNode | undefined {
  if (request.requestBox) {
    // processRequestBoxOutput: DATA_SERVICE_REQUEST_BOX_RESPONSE holding the result of any request
    const children: JsonNode[] = [];
    for (const r of ds.requests.values())
      if (!r.requestBox && r.call) for (const n of callNodes(ds, r.call.href, 0)) addOnce(children, n);
    return { name: 'DATA_SERVICE_REQUEST_BOX_RESPONSE', array: false, valueType: '', children };
  }
  const query = request.call ? ds.queries.get(request.call.href) : undefined;
  if (!query?.result) {
    // a request returning its status answers REQUEST_STATUS, an xs:string element
    return request.returnRequestStatus
      ? { name: 'REQUEST_STATUS', array: false, valueType: '', children: [] }
      : undefined;
  }
  const nodes = resultNodes(ds, query.result, 0);
  return nodes.length === 1 ? nodes[0] : undefined;
}

function addOnce(list: JsonNode[], n: JsonNode): void {
  if (!list.some((x) => x.name === n.name)) list.push(n);
}

function callNodes(ds: DataServiceDef, href: string, depth: number): JsonNode[] {
  const q = ds.queries.get(href);
  if (!q?.result || depth > MAX_NESTING) return [];
  return resultNodes(ds, q.result, depth);
}

/** processCallQuery: the wrapper (an object), the row (an array), and the content. */
function resultNodes(ds: DataServiceDef, result: ResultDef, depth: number): JsonNode[] {
  const content = itemNodes(ds, result.items, depth);
  let nodes = content;
  if (result.rowName) nodes = [{ name: result.rowName, array: true, valueType: '', children: nodes }];
  if (result.element) nodes = [{ name: result.element, array: false, valueType: '', children: nodes }];
  return nodes;
}

/** processElementGroup: elements typed by their xsdType, groups, nested queries; attributes are no elements. */
function itemNodes(ds: DataServiceDef, items: OutputItem[], depth: number): JsonNode[] {
  const out: JsonNode[] = [];
  for (const item of items) {
    if (item.kind === 'element')
      out.push({ name: item.name, array: false, valueType: item.xsdType ?? 'string', children: [] });
    else if (item.kind === 'group')
      out.push({ name: item.name, array: false, valueType: '', children: itemNodes(ds, item.items, depth) });
    else if (item.kind === 'call') out.push(...callNodes(ds, item.call.href, depth + 1));
  }
  return out;
}

/**
 * GsonXMLStreamWriter over the answer element: `{"<root>": ...}`; undefined when the element is not the one the
 * schema names (the caller then writes it as before).
 */
export function gsonJson(el: slimdom.Element, node: JsonNode): string | undefined {
  if (el.localName !== node.name) return undefined;
  return `{${str(node.name)}:${value(el, node)}}`;
}

function members(parent: slimdom.Element, nodes: JsonNode[]): string {
  const parts: string[] = [];
  const children = [...parent.children];
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    const node = nodes.find((n) => n.name === c.localName) ?? {
      name: c.localName,
      array: false,
      valueType: 'string',
      children: [],
    };
    if (!node.array) {
      parts.push(`${str(node.name)}:${value(c, node)}`);
      continue;
    }
    // repeated elements of an array node are one array (the writer closes it at the next other element)
    const items: string[] = [];
    for (; i < children.length && children[i].localName === node.name; i++) {
      const e = children[i];
      // a leaf array writes the text of each element; an element without any writes nothing
      if (node.children.length || e.firstChild || isNil(e)) items.push(value(e, node));
    }
    i--;
    parts.push(`${str(node.name)}:[${items.join(',')}]`);
  }
  return parts.join(',');
}

function isNil(e: slimdom.Element): boolean {
  return e.getAttributeNS(XSI_NS, 'nil') === 'true';
}

function value(e: slimdom.Element, node: JsonNode): string {
  if (isNil(e)) return 'null';
  if (node.children.length) return `{${members(e, node.children)}}`;
  return typed(e.textContent ?? '', node.valueType);
}

/** GsonXMLStreamWriter.writeCharacters: the value by the element's schema type. */
function typed(text: string, type: string): string {
  switch (type) {
    case 'int':
    case 'integer': {
      // new Integer(text)
      if (/^[+-]?\d+$/.test(text)) {
        const n = Number(text);
        if (n >= -2147483648 && n <= 2147483647) return String(n);
      }
      return str(text);
    }
    case 'long':
      if (/^[+-]?\d+$/.test(text)) return BigInt(text).toString();
      return str(text);
    case 'double': {
      const n = javaParseDouble(text);
      return n === undefined || !Number.isFinite(n) ? str(text) : javaDoubleToString(n);
    }
    case 'boolean':
      return text.toLowerCase() === 'true' ? 'true' : 'false';
    default:
      return str(text);
  }
}

/** A JSON string as Gson's JsonWriter writes it (it also escapes U+2028 and U+2029). */
function str(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
