/**
 * Expression evaluation for the runtime: compile once (`compileExpression`, `compileValue`, `compileTemplate`),
 * evaluate per message against an `EvalContext` (which the engine's message context implements).
 *
 * Decisions (and why):
 * - XPath runs on fontoxpath (an XPath 3.1 engine) after our XPath 1.0 parser re-emits the expression with 1.0
 *   semantics made explicit (xpath.ts): comparisons, arithmetic and library-function arguments go through 1.0
 *   conversions, Synapse variables and functions are functions in our namespace. A fast path answers the forms
 *   configurations use most ($ctx:x, get-property('x'), child paths from $body or /, //a/b, *[local-name()='x'])
 *   10-100x faster; a property test holds it equal to the fontoxpath result.
 * - String results follow SynapseXPath.stringValueOf: all nodes of a node-set appended, an element with only
 *   child elements printed as XML, numbers as Java doubles ("3.0").
 * - JSONPath (json-eval and the navigation inside ${...}) is walked by our own navigator over the parse tree
 *   (jsonnav.ts), not jsonpath-plus: MI's filters use Jayway operators (in, nin, subsetof, anyof, noneof, size,
 *   empty, =~) and, inside ${...}, Synapse roots (`@.age > vars.min`), which jsonpath-plus does not evaluate;
 *   a test compares both on the paths both support.
 * - Synapse expressions follow MI's sources (wso2-synapse util/synapse/expression): its operator grouping (&&/||
 *   before comparisons, from the right, outside filters), string literals kept as written, headers/properties/
 *   parameters/configs read as numbers when their text is one, log() in base 10, java.time for formatDateTime.
 * - Synapse expressions follow MI's evaluator: + adds numbers or joins strings (never mixes), comparisons are
 *   numeric, && || ! take booleans, doubles go through BigDecimal (0.1 + 0.2 = 0.3; a division keeps the left
 *   scale), any failure yields no value (tryEvaluate says why). Ints and doubles are kept apart as in MI: a
 *   computed double is a JavaDouble (a Number subclass printing "4.0"), an int a plain number; numbers read from
 *   a JSON payload stay plain, except those JavaScript would write differently (10.0, 12.50, 1e3): those are
 *   JsonDecimal (jsonNumber.ts), doubles that print their text as MI's Gson does. A `${...}` path hands numbers out
 *   as Jayway's Gson provider does (synapse.ts gsonLeaf): read by name unwrapped (12.50 is the Double 12.5, 1e3
 *   the int 1000), read by index as Gson's number (LazyJsonNumber: its text, a double in arithmetic).
 */
export type { EvalContext, PropertyScope } from './context';
export {
  compileExpression,
  compileValue,
  compileTemplate,
  compileJsonPathEdit,
  type JsonPathEdit,
  type CompiledExpression,
  type CompiledValue,
  type CompiledTemplate,
  type CompileOptions,
  type Namespaces,
} from './compile';
export { ExpressionCompileError, ExpressionEvalError } from './errors';
export {
  compileXPath,
  getPropertyFunction,
  synapseVariable,
  javaUrlEncode,
  javaUrlDecode,
  encodePathQuery,
  SYN_FN_NS,
  type CompiledXPath,
} from './xpath';
export { formatJavaDate, parseJavaDate } from './dates';
export {
  isNode,
  nodeStringValue,
  xp1String,
  xp1Number,
  xp1Boolean,
  xp1Compare,
  xp1NumberToString,
  javaDoubleToString,
  synapseXPathString,
  synapseValueString,
  JavaDouble,
  javaDouble,
  isJavaDouble,
  numericValue,
} from './values';
export {
  navigate as navigateJson,
  applyMethod as applyJsonMethod,
  deleteRefs as deleteJsonRefs,
  type JsonRef,
} from './jsonnav';
