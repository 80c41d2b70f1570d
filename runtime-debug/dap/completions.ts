/**
 * Completions in the debug console: expression starters (XPath variables, json-eval, Synapse expressions) and the
 * names present in the paused message (properties, headers, variables, template parameters).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';

export interface MessageNames {
  properties: string[];
  axis2: string[];
  headers: string[];
  variables: string[];
  templateParameters: string[];
  payloadKeys: string[];
}

const STARTERS: [string, string][] = [
  ['${payload}', 'the payload (Synapse expression)'],
  ['${payload.', 'a field of the JSON payload'],
  ['${vars.', 'a variable'],
  ['${headers["', 'a transport header'],
  ['${props.synapse.', 'a default-scope property'],
  ['${props.axis2.', 'an axis2-scope property'],
  ['${params.pathParams.', 'a path parameter'],
  ['${params.queryParams.', 'a query parameter'],
  ['json-eval($.', 'JSONPath over the payload'],
  ['$body', 'the SOAP body (XPath)'],
  ['$ctx:', 'a default-scope property (XPath)'],
  ['$axis2:', 'an axis2-scope property (XPath)'],
  ['$trp:', 'a transport header (XPath)'],
  ['$func:', 'a template parameter (XPath)'],
  ['$url:', 'a query parameter (XPath)'],
  ["get-property('", 'a property (XPath function)'],
];

/** Completion items for the text before `column` (1-based). */
export function completionsFor(
  text: string,
  column: number,
  names: MessageNames | undefined,
): DebugProtocol.CompletionItem[] {
  const before = text.slice(0, Math.max(0, column - 1));
  const rules: [RegExp, (n: MessageNames) => string[], (s: string) => string][] = [
    [/\$\{vars\.([\w.-]*)$/, (n) => n.variables, (s) => `${s}}`],
    [/\$\{vars\["([^"]*)$/, (n) => n.variables, (s) => `${s}"]}`],
    [/\$\{headers\["([^"]*)$/, (n) => n.headers, (s) => `${s}"]}`],
    [/\$\{headers\.([\w-]*)$/, (n) => n.headers, (s) => `${s}}`],
    [/\$\{(?:props|properties)\.synapse\.([\w.-]*)$/, (n) => n.properties, (s) => `${s}}`],
    [/\$\{(?:props|properties)\.axis2\.([\w.-]*)$/, (n) => n.axis2, (s) => `${s}}`],
    [/\$\{payload\.([\w]*)$/, (n) => n.payloadKeys, (s) => `${s}}`],
    [/json-eval\(\$\.([\w]*)$/, (n) => n.payloadKeys, (s) => `${s})`],
    [/\$ctx:([\w.-]*)$/, (n) => n.properties, (s) => s],
    [/\$axis2:([\w.-]*)$/, (n) => n.axis2, (s) => s],
    [/\$trp:([\w-]*)$/, (n) => n.headers, (s) => s],
    [/\$func:([\w.-]*)$/, (n) => n.templateParameters, (s) => s],
    [/get-property\('([\w.-]*)$/, (n) => n.properties, (s) => `${s}')`],
  ];
  if (names) {
    for (const [re, pick, finish] of rules) {
      const m = re.exec(before);
      if (!m) continue;
      const typed = m[1];
      return pick(names)
        .filter((x) => x.toLowerCase().startsWith(typed.toLowerCase()))
        .slice(0, 200)
        .map((x) => ({
          label: x,
          text: finish(x),
          start: column - 1 - typed.length,
          length: typed.length,
          type: 'property' as const,
        }));
    }
  }
  const word = /[$\w{.:'"(\[-]*$/.exec(before)?.[0] ?? '';
  return STARTERS.filter(([s]) => s.startsWith(word)).map(([s, detail]) => ({
    label: s,
    text: s,
    detail,
    start: column - 1 - word.length,
    length: word.length,
    type: 'function' as const,
  }));
}
