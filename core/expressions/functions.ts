/**
 * The functions each expression language knows, with arity, a signature and a one-line description (our words).
 * Used by the parsers (unknown function / arity checks), the language server (completion, hover, signature help)
 * and the runtime (which implements the same names).
 */

export interface FunctionInfo {
  name: string;
  minArgs: number;
  /** `Infinity` for variadic functions. */
  maxArgs: number;
  signature: string;
  doc: string;
  /** Where the function comes from. */
  origin: 'xpath1' | 'synapse' | 'xpath2' | 'synapse-expression' | 'jsonpath';
  /** Set when the spelling is from pre-GA MI 4.4 builds; the value is the released spelling. */
  legacyOf?: string;
}

function fn(
  origin: FunctionInfo['origin'],
  name: string,
  minArgs: number,
  maxArgs: number,
  signature: string,
  doc: string,
  legacyOf?: string,
): FunctionInfo {
  return legacyOf === undefined
    ? { name, minArgs, maxArgs, signature, doc, origin }
    : { name, minArgs, maxArgs, signature, doc, origin, legacyOf };
}

const X1 = 'xpath1' as const;
const SY = 'synapse' as const;
const X2 = 'xpath2' as const;
const SE = 'synapse-expression' as const;
const JP = 'jsonpath' as const;

/** XPath 1.0 core library. */
export const XPATH1_FUNCTIONS: readonly FunctionInfo[] = [
  fn(X1, 'last', 0, 0, 'last() → number', 'Size of the node-set being filtered.'),
  fn(X1, 'position', 0, 0, 'position() → number', 'Index (from 1) of the node being filtered.'),
  fn(X1, 'count', 1, 1, 'count(nodes) → number', 'How many nodes the node-set holds.'),
  fn(X1, 'id', 1, 1, 'id(value) → node-set', 'Elements whose ID attribute matches.'),
  fn(
    X1,
    'local-name',
    0,
    1,
    'local-name(nodes?) → string',
    'Name without prefix of the first node (or of the context node).',
  ),
  fn(
    X1,
    'namespace-uri',
    0,
    1,
    'namespace-uri(nodes?) → string',
    'Namespace of the first node (or of the context node).',
  ),
  fn(X1, 'name', 0, 1, 'name(nodes?) → string', 'Qualified name of the first node (or of the context node).'),
  fn(
    X1,
    'string',
    0,
    1,
    'string(value?) → string',
    'Converts to a string; for nodes, the text of the first one.',
  ),
  fn(X1, 'concat', 2, Infinity, 'concat(a, b, ...) → string', 'Joins its arguments as strings.'),
  fn(X1, 'starts-with', 2, 2, 'starts-with(s, prefix) → boolean', 'Whether s begins with prefix.'),
  fn(X1, 'contains', 2, 2, 'contains(s, part) → boolean', 'Whether part occurs in s.'),
  fn(X1, 'substring-before', 2, 2, 'substring-before(s, sep) → string', 'Text of s before the first sep.'),
  fn(X1, 'substring-after', 2, 2, 'substring-after(s, sep) → string', 'Text of s after the first sep.'),
  fn(
    X1,
    'substring',
    2,
    3,
    'substring(s, start, length?) → string',
    'Part of s from start (counting from 1).',
  ),
  fn(X1, 'string-length', 0, 1, 'string-length(s?) → number', 'Number of characters.'),
  fn(X1, 'normalize-space', 0, 1, 'normalize-space(s?) → string', 'Trims and collapses runs of whitespace.'),
  fn(
    X1,
    'translate',
    3,
    3,
    'translate(s, from, to) → string',
    'Replaces characters of from by those at the same place in to.',
  ),
  fn(
    X1,
    'boolean',
    1,
    1,
    'boolean(value) → boolean',
    'Converts to a boolean (non-empty node-set, non-empty string, non-zero number).',
  ),
  fn(X1, 'not', 1, 1, 'not(value) → boolean', 'Negation.'),
  fn(X1, 'true', 0, 0, 'true() → boolean', 'The value true.'),
  fn(X1, 'false', 0, 0, 'false() → boolean', 'The value false.'),
  fn(X1, 'lang', 1, 1, 'lang(code) → boolean', 'Whether xml:lang in scope matches.'),
  fn(X1, 'number', 0, 1, 'number(value?) → number', 'Converts to a number (NaN when not numeric).'),
  fn(X1, 'sum', 1, 1, 'sum(nodes) → number', 'Sum of the numeric values of the nodes.'),
  fn(X1, 'floor', 1, 1, 'floor(n) → number', 'Largest integer not above n.'),
  fn(X1, 'ceiling', 1, 1, 'ceiling(n) → number', 'Smallest integer not below n.'),
  fn(X1, 'round', 1, 1, 'round(n) → number', 'Nearest integer (halves round up).'),
  // Jaxen's extension functions: its XPathFunctionContext (the one SynapseXPath uses) registers them with the XPath
  // 1.0 functions, so MI evaluates them without the Saxon failover
  fn(
    X1,
    'upper-case',
    1,
    2,
    'upper-case(s [, locale]) → string',
    'Upper-cases the string value (a Jaxen function; English rules unless a locale is given).',
  ),
  fn(
    X1,
    'lower-case',
    1,
    2,
    'lower-case(s [, locale]) → string',
    'Lower-cases the string value (a Jaxen function; English rules unless a locale is given).',
  ),
  fn(
    X1,
    'ends-with',
    2,
    2,
    'ends-with(s, suffix) → boolean',
    'Whether the string value of s ends with suffix (a Jaxen function).',
  ),
  fn(
    X1,
    'evaluate',
    1,
    1,
    'evaluate(xpath) → node-set',
    'Evaluates the string as an XPath from the same context, with the same namespaces (a Jaxen function).',
  ),
];

/** Synapse extension functions usable in XPath. */
export const SYNAPSE_XPATH_FUNCTIONS: readonly FunctionInfo[] = [
  fn(
    SY,
    'get-property',
    1,
    3,
    'get-property([scope,] name [, dateFormat]) → string',
    'Reads a message property; scope is default, axis2, transport, operation, registry, system, env, file or func (any other first argument is read as get-property(name, dateFormat)). Special names: SYSTEM_DATE, SYSTEM_TIME, MessageID, To, From, Action, FAULT, MESSAGE_FORMAT.',
  ),
  fn(
    SY,
    'base64Encode',
    1,
    2,
    'base64Encode(text [, charset]) → string',
    'Base64 text of the string (UTF-8 unless a charset is given).',
  ),
  fn(
    SY,
    'base64Decode',
    1,
    2,
    'base64Decode(base64 [, charset]) → string',
    'Decodes Base64 text to a string.',
  ),
  fn(
    SY,
    'url-encode',
    1,
    2,
    'url-encode(text [, charset]) → string',
    'Percent-encodes what may not appear in a URL path or query (spaces, non-ASCII...), keeping / ? & = and the other delimiters.',
  ),
  fn(
    SY,
    'hmac-generate',
    2,
    3,
    'hmac-generate(data, secret [, algorithm]) → string',
    'HMAC of data with the secret (HmacSHA1 by default), as lower-case hex.',
  ),
  fn(
    SY,
    'encrypt',
    1,
    3,
    'encrypt(text [, keystoreAlias [, algorithm]]) → string',
    'Encrypts with a key from the server key store (not available in the embedded runtime).',
  ),
  fn(
    SY,
    'decrypt',
    1,
    3,
    'decrypt(cipher [, keystoreAlias [, algorithm]]) → string',
    'Decrypts with a key from the server key store (not available in the embedded runtime).',
  ),
];

/** XPath 2.0 functions that work only when MI falls back to Saxon (synapse.xpath.dom.failover.enabled). */
export const XPATH2_FUNCTIONS: readonly FunctionInfo[] = [
  fn(X2, 'matches', 2, 3, 'matches(s, regex [, flags]) → boolean', 'Regular expression test (XPath 2.0).'),
  fn(
    X2,
    'replace',
    3,
    4,
    'replace(s, regex, replacement [, flags]) → string',
    'Regular expression replace (XPath 2.0).',
  ),
  fn(
    X2,
    'tokenize',
    1,
    3,
    'tokenize(s, regex [, flags]) → string*',
    'Splits by a regular expression (XPath 2.0).',
  ),
  fn(
    X2,
    'string-join',
    1,
    2,
    'string-join(items, sep) → string',
    'Joins strings with a separator (XPath 2.0).',
  ),
  fn(X2, 'current-dateTime', 0, 0, 'current-dateTime() → dateTime', 'Now (XPath 2.0).'),
  fn(X2, 'current-date', 0, 0, 'current-date() → date', 'Today (XPath 2.0).'),
  fn(X2, 'current-time', 0, 0, 'current-time() → time', 'Time of day (XPath 2.0).'),
  fn(X2, 'abs', 1, 1, 'abs(n) → number', 'Absolute value (XPath 2.0).'),
  fn(X2, 'exists', 1, 1, 'exists(items) → boolean', 'Whether the sequence is non-empty (XPath 2.0).'),
  fn(X2, 'empty', 1, 1, 'empty(items) → boolean', 'Whether the sequence is empty (XPath 2.0).'),
  fn(X2, 'distinct-values', 1, 2, 'distinct-values(items) → items', 'Removes duplicates (XPath 2.0).'),
  fn(X2, 'encode-for-uri', 1, 1, 'encode-for-uri(s) → string', 'Percent-encodes a URI part (XPath 2.0).'),
  fn(X2, 'compare', 2, 3, 'compare(a, b) → integer', 'Compares two strings (XPath 2.0).'),
  fn(X2, 'min', 1, 2, 'min(items) → value', 'Smallest value (XPath 2.0).'),
  fn(X2, 'max', 1, 2, 'max(items) → value', 'Largest value (XPath 2.0).'),
  fn(X2, 'avg', 1, 1, 'avg(items) → value', 'Average (XPath 2.0).'),
  fn(X2, 'reverse', 1, 1, 'reverse(items) → items', 'Reverses a sequence (XPath 2.0).'),
  fn(
    X2,
    'subsequence',
    2,
    3,
    'subsequence(items, start [, length]) → items',
    'Part of a sequence (XPath 2.0).',
  ),
  fn(X2, 'index-of', 2, 3, 'index-of(items, value) → integer*', 'Positions of a value (XPath 2.0).'),
  fn(X2, 'format-dateTime', 2, 5, 'format-dateTime(dt, picture) → string', 'Formats a dateTime (XPath 2.0).'),
  fn(X2, 'format-number', 2, 3, 'format-number(n, picture) → string', 'Formats a number.'),
  fn(X2, 'data', 0, 1, 'data(items) → atomic*', 'Typed values (XPath 2.0).'),
];

/** Functions of the MI 4.4 Synapse expression language (`${...}`). */
export const SYNAPSE_EXPRESSION_FUNCTIONS: readonly FunctionInfo[] = [
  fn(
    SE,
    'length',
    1,
    1,
    'length(stringOrArray) → number',
    'Number of characters of a string, or of items of an array.',
  ),
  fn(SE, 'toUpper', 1, 1, 'toUpper(s) → string', 'Upper-cases the string.'),
  fn(SE, 'toLower', 1, 1, 'toLower(s) → string', 'Lower-cases the string.'),
  fn(
    SE,
    'subString',
    2,
    3,
    'subString(s, start [, end]) → string',
    'Characters from start (0-based) up to end (exclusive).',
  ),
  fn(SE, 'startsWith', 2, 2, 'startsWith(s, prefix) → boolean', 'Whether s begins with prefix.'),
  fn(SE, 'endsWith', 2, 2, 'endsWith(s, suffix) → boolean', 'Whether s ends with suffix.'),
  fn(SE, 'contains', 2, 2, 'contains(s, part) → boolean', 'Whether part occurs in s.'),
  fn(SE, 'trim', 1, 1, 'trim(s) → string', 'Removes leading and trailing whitespace.'),
  fn(SE, 'replace', 3, 3, 'replace(s, old, new) → string', 'Replaces every occurrence of old by new.'),
  fn(
    SE,
    'split',
    2,
    2,
    'split(s, delimiter) → array',
    'Splits the string into an array at each delimiter (a regular expression).',
  ),
  fn(SE, 'charAt', 2, 2, 'charAt(s, index) → string', 'The character at a 0-based index.'),
  fn(SE, 'indexOf', 2, 3, 'indexOf(s, part [, from]) → number', 'Position of part in s (0-based), or -1.'),
  fn(SE, 'abs', 1, 1, 'abs(n) → number', 'Absolute value (an int stays an int, a decimal stays a decimal).'),
  fn(
    SE,
    'ceil',
    1,
    1,
    'ceil(n) → number',
    'Rounds up to a whole number (ceil(5.2) is 6.0; an int is returned as it is).',
  ),
  fn(
    SE,
    'floor',
    1,
    1,
    'floor(n) → number',
    'Rounds down to a whole number (floor(5.9) is 5.0; an int is returned as it is).',
  ),
  fn(SE, 'sqrt', 1, 1, 'sqrt(n) → number', 'Square root, a decimal (sqrt(9) is 3.0).'),
  fn(
    SE,
    'log',
    1,
    2,
    'log(n [, base]) → number',
    'Base-10 logarithm (log(100) is 2.0), or the logarithm in the given base.',
  ),
  fn(
    SE,
    'pow',
    2,
    2,
    'pow(base, exponent) → number',
    'base raised to exponent, a decimal (pow(2, 3) is 8.0).',
  ),
  fn(
    SE,
    'round',
    1,
    2,
    'round(n [, decimals]) → number',
    'Rounds a decimal to the nearest int (halves up), or to a number of decimals (more than 0).',
  ),
  fn(SE, 'base64encode', 1, 2, 'base64encode(s [, charset]) → string', 'Base64 text of the string.'),
  fn(SE, 'base64decode', 1, 1, 'base64decode(s) → string', 'Decodes Base64 text.'),
  fn(SE, 'urlEncode', 1, 2, 'urlEncode(s [, charset]) → string', 'Percent-encodes the string for a URL.'),
  fn(SE, 'urlDecode', 1, 1, 'urlDecode(s) → string', 'Decodes percent-encoded text.'),
  fn(SE, 'isNumber', 1, 1, 'isNumber(x) → boolean', 'Whether the value is a number.'),
  fn(SE, 'isString', 1, 1, 'isString(x) → boolean', 'Whether the value is a string.'),
  fn(SE, 'isArray', 1, 1, 'isArray(x) → boolean', 'Whether the value is a JSON array.'),
  fn(SE, 'isObject', 1, 1, 'isObject(x) → boolean', 'Whether the value is a JSON object.'),
  fn(SE, 'integer', 1, 1, 'integer(x) → number', 'Converts to an integer.'),
  fn(SE, 'float', 1, 1, 'float(x) → number', 'Converts to a decimal number (float(3) is 3.0).'),
  fn(SE, 'string', 1, 1, 'string(x) → string', 'Converts to a string (objects and arrays as JSON text).'),
  fn(SE, 'boolean', 1, 1, 'boolean(x) → boolean', 'Converts to a boolean ("true" is true).'),
  fn(
    SE,
    'object',
    1,
    1,
    'object(jsonText) → object',
    'Parses JSON text into an object that can be navigated further.',
  ),
  fn(
    SE,
    'array',
    1,
    1,
    'array(jsonText) → array',
    'Parses JSON text into an array that can be navigated further.',
  ),
  fn(SE, 'now', 0, 0, 'now() → number', 'Current time in milliseconds since the epoch.'),
  fn(
    SE,
    'formatDateTime',
    2,
    3,
    'formatDateTime(value, [inputFormat,] outputFormat) → string',
    'Re-formats a date/time string (Java date patterns such as yyyy-MM-dd).',
  ),
  fn(SE, 'exists', 1, 1, 'exists(expr) → boolean', 'Whether the value is present.'),
  fn(SE, 'not', 1, 1, 'not(x) → boolean', 'Negation.'),
  fn(
    SE,
    'xpath',
    1,
    2,
    "xpath('expression' [, 'variableName']) → value",
    'Evaluates XPath on the XML payload, or on an XML variable.',
  ),
  fn(
    SE,
    'registry',
    1,
    2,
    "registry('gov:/path' [, 'property']) → value",
    "Content of a registry resource (JSON can be navigated); with a second argument, or .property('name'), a property of it.",
  ),
  fn(SE, 'wso2-vault', 1, 1, "wso2-vault('alias') → string", 'A secret from the secure vault.'),
  fn(
    SE,
    'hashicorp-vault',
    2,
    3,
    "hashicorp-vault(['namespace',] 'path', 'field') → string",
    'A secret from HashiCorp Vault.',
  ),
  fn(SE, 'secret', 1, 1, "secret('alias') → string", 'Pre-GA spelling of wso2-vault.', 'wso2-vault'),
];

/** Methods written after a JSON path (`payload.items.length()`). */
export const JSONPATH_METHODS: readonly FunctionInfo[] = [
  fn(JP, 'length', 0, 0, '.length() → number', 'Number of items of the array.'),
  fn(JP, 'size', 0, 0, '.size() → number', 'Number of items of the array.'),
  fn(JP, 'min', 0, 0, '.min() → number', 'Smallest number of the array.'),
  fn(JP, 'max', 0, 0, '.max() → number', 'Largest number of the array.'),
  fn(JP, 'avg', 0, 0, '.avg() → number', 'Average of the numbers of the array.'),
  fn(JP, 'sum', 0, 0, '.sum() → number', 'Sum of the numbers of the array.'),
  fn(JP, 'stddev', 0, 0, '.stddev() → number', 'Standard deviation of the numbers of the array.'),
  fn(JP, 'keys', 0, 0, '.keys() → array', 'Keys of the object.'),
  fn(JP, 'first', 0, 0, '.first() → value', 'First item of the array.'),
  fn(JP, 'last', 0, 0, '.last() → value', 'Last item of the array.'),
  fn(JP, 'concat', 0, Infinity, '.concat(x, ...) → string', 'Joins the items and the arguments as text.'),
  fn(JP, 'append', 0, Infinity, '.append(x, ...) → array', 'The array with the arguments added.'),
  // registry(...).property('key')
  fn(JP, 'property', 1, 1, ".property('key') → string", 'A property of the registry resource.'),
];

function index(list: readonly FunctionInfo[]): ReadonlyMap<string, FunctionInfo> {
  return new Map(list.map((f) => [f.name, f]));
}

export const XPATH_FUNCTION_INDEX = index([...XPATH1_FUNCTIONS, ...SYNAPSE_XPATH_FUNCTIONS]);
export const XPATH2_FUNCTION_INDEX = index(XPATH2_FUNCTIONS);
export const SYNAPSE_EXPRESSION_FUNCTION_INDEX = index(SYNAPSE_EXPRESSION_FUNCTIONS);
export const JSONPATH_METHOD_INDEX = index(JSONPATH_METHODS);

/** Functions to offer or check for a language. */
export function functionsFor(kind: 'xpath' | 'synapse' | 'jsonpath'): readonly FunctionInfo[] {
  if (kind === 'xpath') return [...SYNAPSE_XPATH_FUNCTIONS, ...XPATH1_FUNCTIONS, ...XPATH2_FUNCTIONS];
  if (kind === 'synapse') return SYNAPSE_EXPRESSION_FUNCTIONS;
  return JSONPATH_METHODS;
}

/**
 * The scopes `get-property(scope, name)` accepts (GetPropertyFunction). `axis2-client` is a scope of the property
 * mediator, not of get-property: there `get-property('axis2-client', x)` reads the property named 'axis2-client'.
 */
export const GET_PROPERTY_SCOPES: readonly string[] = [
  'default',
  'axis2',
  'transport',
  'operation',
  'registry',
  'system',
  'env',
  'file',
  'func',
];

export function arityText(f: FunctionInfo): string {
  if (f.minArgs === f.maxArgs) return `${f.minArgs}`;
  if (f.maxArgs === Infinity) return `at least ${f.minArgs}`;
  return `${f.minArgs} to ${f.maxArgs}`;
}
