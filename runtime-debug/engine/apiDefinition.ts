/**
 * A published API definition (MI's SwaggerUtils.getAPISwagger): the document of the API's `publishSwagger` registry
 * resource, else the one its CAR's metadata holds (`<API>_swagger.yaml`: CappDeployer adds it to the synapse
 * configuration, getSwaggerOfTheAPI), answered as it is when it is already in the format asked for. A YAML document
 * asked for as JSON is loaded by SnakeYAML (YAML 1.1 types) and written by Gson's pretty printer (two spaces,
 * `"name": value`, HTML characters escaped, null members left out, a float as Java writes a Double); a JSON document
 * asked for as YAML is read by Gson into a map (every number a Double) and dumped by SnakeYAML's dumpAsMap (block
 * style). Only when no document is published is one generated (openapi.ts).
 */
import { Document, isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import { javaDoubleToString } from './expr/values';

/**
 * The registry key of a `publishSwagger` value (AppDeployerUtils.createRegistryPath): a gov:/conf:/local: key as it
 * is, a /_system/governance, /_system/config or /_system/local path turned into that registry's key, anything else a
 * governance path.
 */
export function registryKeyOf(path: string): string {
  if (/^(gov|conf|local):/.test(path)) return path;
  if (path.startsWith('/_system/governance')) return `gov:${path.slice(19)}`;
  if (path.startsWith('/_system/config')) return `conf:${path.slice(15)}`;
  if (path.startsWith('/_system/local')) return `local:${path.slice(14)}`;
  return `gov:${path}`;
}

/** The document as MI answers `?swagger.json` (json) or `?swagger.yaml`. */
export function publishedDefinition(text: string, json: boolean): string {
  let asJson: unknown;
  let isJson = true;
  try {
    asJson = JSON.parse(text);
  } catch {
    isJson = false;
  }
  if (json === isJson) return text;
  if (json) return gsonPretty(parseDocument(text, { version: '1.1', keepSourceTokens: true }).contents, '');
  // Gson reads every JSON number as a Double, which SnakeYAML writes with its fraction
  const doc = new Document(asJson);
  visit(doc, {
    Scalar(_k, n) {
      if (typeof n.value === 'number' && Number.isInteger(n.value)) n.minFractionDigits = 1;
    },
  });
  return doc.toString({ indentSeq: false, singleQuote: true, lineWidth: 80, minContentWidth: 0 });
}

/** A node of a SnakeYAML-loaded document as Gson's pretty printer writes it (undefined: a null member, left out). */
function gsonPretty(node: Node | null | undefined, indent: string): string {
  const inner = `${indent}  `;
  if (isMap(node)) {
    const members: string[] = [];
    for (const pair of node.items) {
      const value = pair.value as Node | null;
      if (value === null || (isScalar(value) && value.value === null)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      members.push(`${inner}${gsonString(key)}: ${gsonPretty(value, inner)}`);
    }
    return members.length ? `{\n${members.join(',\n')}\n${indent}}` : '{}';
  }
  if (isSeq(node)) {
    const items = node.items.map((i) => `${inner}${gsonPretty(i as Node | null, inner)}`);
    return items.length ? `[\n${items.join(',\n')}\n${indent}]` : '[]';
  }
  if (!isScalar(node)) return 'null';
  const v = node.value;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    const source = (node.srcToken as { source?: string } | undefined)?.source ?? '';
    return /^[-+]?(\.\d|\d[\d_]*\.|\d[\d_]*[eE])/.test(source) ? javaDoubleToString(v) : String(v);
  }
  if (v instanceof Date) return gsonString(v.toISOString());
  return gsonString(String(v));
}

/** A JSON string as Gson's JsonWriter writes it with HTML escaping on (its default). */
function gsonString(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&='\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
