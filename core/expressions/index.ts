/**
 * Synapse expressions for the editor and the validator: classification, parsing with spans, checks, function and
 * variable lists, the node under the cursor, inline `${...}` templates. No I/O, no runtime dependencies.
 *
 * Error codes (ExprError.code):
 *
 * | code                        | severity | meaning |
 * |-----------------------------|----------|---------|
 * | EXPR_EMPTY                  | error    | the expression (or `${}`) is empty |
 * | EXPR_XPATH_SYNTAX           | error    | XPath 1.0 grammar error (span: the offending token, or the end) |
 * | EXPR_JSONPATH_SYNTAX        | error    | JSONPath error inside `json-eval(...)` or an `evaluator="json"` expression |
 * | EXPR_SYNAPSE_SYNTAX         | error/warning | grammar error inside `${...}` (also `props`/`params` without a scope, a string escape MI's lexer refuses such as `\.`); warning where MI's grammar reads the text otherwise than usual (`a > 1 && b < 2` groups `&&` first; `a && b || c` groups from the right) or lacks the operator (`!`, unary `-` outside filters) |
 * | EXPR_UNTERMINATED_STRING    | error    | a quoted string is not closed |
 * | EXPR_UNKNOWN_FUNCTION       | error    | a function that neither XPath 1.0, Synapse nor the expression language has |
 * | EXPR_XPATH2_FUNCTION        | warning  | an XPath 2.0 function: MI needs synapse.xpath.dom.failover.enabled for it |
 * | EXPR_BAD_ARITY              | error    | a known function called with the wrong number of arguments |
 * | EXPR_UNKNOWN_VARIABLE       | error    | `$name` that is not $body/$header/$env, or an unknown root word in `${...}`; warning for `$prefix:x` with an unknown prefix (valid only if the property holds a map) |
 * | EXPR_UNDECLARED_PREFIX      | warning  | a namespace prefix with no xmlns declaration in scope (only checked when namespaces are given) |
 * | EXPR_UNKNOWN_SCOPE          | error/warning | `params.<kind>` not pathParams/queryParams/functionParams (error); `props.<scope>` not synapse/axis2, or a get-property scope in the wrong case (warning) |
 * | EXPR_LEGACY_SPELLING        | warning  | pre-GA MI 4.4 spelling: `var.`, `config.`, `params.uriParams`, `secret()` |
 * | EXPR_UNTERMINATED_TEMPLATE  | warning  | an inline `${` in free text without its `}` (MI keeps it as text) |
 *
 * All spans are offsets relative to the expression text given to the parser; add the attribute value's start
 * offset with `shiftParsed` / `shiftErrors` / `shiftSpans`.
 */
export * from './types';
export { classify, classifyValue, innerRange, type ValueForm } from './classify';
export { parseExpression, parseDynamicValue, type ParseOptions } from './parse';
export { parseXPath, type XPathParseOptions, type XPathParseResult } from './xpath-parser';
export {
  parseSynapseExpression,
  parseJsonPath,
  topLevelCommas,
  JSONPATH_DYNAMIC_VALUE,
  type SubParseResult,
} from './synapse-parser';
export {
  findInlineExpressions,
  parseInlineTemplate,
  type InlineExpression,
  type InlineScan,
} from './templates';
export { childrenOf, walkExpression, expressionAt, shiftErrors, shiftSpans, shiftParsed } from './walk';
export {
  type FunctionInfo,
  XPATH1_FUNCTIONS,
  SYNAPSE_XPATH_FUNCTIONS,
  XPATH2_FUNCTIONS,
  SYNAPSE_EXPRESSION_FUNCTIONS,
  JSONPATH_METHODS,
  XPATH_FUNCTION_INDEX,
  XPATH2_FUNCTION_INDEX,
  SYNAPSE_EXPRESSION_FUNCTION_INDEX,
  JSONPATH_METHOD_INDEX,
  GET_PROPERTY_SCOPES,
  functionsFor,
  arityText,
} from './functions';
export {
  type VariableInfo,
  XPATH_PLAIN_VARIABLES,
  XPATH_VARIABLE_PREFIXES,
  XPATH_VARIABLES,
  SYNAPSE_ROOTS,
  SYNAPSE_LEGACY_ROOTS,
  SYNAPSE_PROPERTY_SCOPES,
  SYNAPSE_PARAM_KINDS,
  SYNAPSE_LEGACY_PARAM_KINDS,
  SYNAPSE_ROOT_LIST,
  SYNAPSE_RESERVED,
} from './variables';
