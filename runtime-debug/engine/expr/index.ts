/**
 * Expression evaluation for the runtime: compile once (`compileExpression`, `compileValue`, `compileTemplate`),
 * evaluate per message against an `EvalContext` (which the engine's message context implements).
 */
export type { EvalContext, PropertyScope } from './context';
export { compileExpression, compileValue, compileTemplate, type CompiledExpression, type CompiledValue, type CompiledTemplate, type CompileOptions, type Namespaces } from './compile';
export { ExpressionCompileError, ExpressionEvalError } from './errors';
export { compileXPath, getPropertyFunction, synapseVariable, javaUrlEncode, javaUrlDecode, SYN_FN_NS, type CompiledXPath } from './xpath';
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
} from './values';
export { navigate as navigateJson, applyMethod as applyJsonMethod } from './jsonnav';
