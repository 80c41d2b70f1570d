/**
 * An inline JavaScript of a script mediator as the engines read it, shared by the runtime (which runs it with V8)
 * and the validator: MI 4.4 compiles an inline script when it deploys the mediator (ScriptMediator.initInlineScript:
 * Compilable.compile, "Exception initializing inline script" refuses the artifact) with GraalJS for `js` and
 * `graalJs`, an ECMAScript engine that reads what V8 reads (reserved words such as `enum` or `class` are no
 * identifiers in either; `let`, `static`, `yield` are, outside strict code); Rhino's E4X (findE4x) is the one
 * syntax V8 does not read, which the runtime translates or refuses itself.
 */
import vm from 'node:vm';

/**
 * An inline script as MI's engine evaluates it: its completion value is the mediator's answer (a last expression
 * that is false stops the flow, ScriptMediator.invokeScript). Run as a block, so that top-level const/let are its
 * own at each run; a script with a top-level return (no block allows it) runs as a function body.
 */
export function inlineVmScript(text: string, filename: string): vm.Script {
  try {
    return new vm.Script(`{\n${text}\n}`, { filename, lineOffset: -1 });
  } catch {
    return new vm.Script(`(function () {\n${text}\n})()`, { filename, lineOffset: -1 });
  }
}

// string literals and comments (blanked before looking for E4X; newlines kept so that offsets hold)
const STRINGS_AND_COMMENTS = /'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
const E4X_FORMS: [RegExp, string][] = [
  // an XML literal where an expression starts: (<a/>, = <a>, return <a>, also with a computed name (<{n}>, <p:{n} ...>)
  [
    /(?:^|[=(,:?[{;!&|]|\breturn)\s*<(?:[A-Za-z_][\w.:-]*|\{[^}\n]*\})(?:\{[^}\n]*\}[\w.:-]*)*(?=[\s/>])/m,
    'an XML literal',
  ],
  [/[\w)\]](?<!\.)\.\.(?!\.)\s*[A-Za-z_*@]/, "the descendant operator '..'"],
  [/[\w*]::[A-Za-z_*]/, "a namespace-qualified name '::'"],
  [/\.@[A-Za-z_*]/, "an attribute access '.@'"],
  // `x.children.*` (every child): no JavaScript reads `.*` after a name, so only E4X makes V8 refuse it
  [/[\w)\]]\.\*(?![*=]|::)/, "the wildcard '.*'"],
];

/**
 * The first E4X construct of a script that V8 refused (Rhino's ECMAScript for XML: XML literals, `..`, `::`,
 * `.@name`), with its offset; undefined when the script has none (a plain syntax error).
 */
export function findE4x(code: string): { what: string; at: number } | undefined {
  const bare = code.replace(STRINGS_AND_COMMENTS, (m) => m.replace(/[^\n]/g, ' '));
  let best: { what: string; at: number } | undefined;
  for (const [re, what] of E4X_FORMS) {
    const m = re.exec(bare);
    if (!m) continue;
    // the offset of the construct itself, past what the pattern needed before it
    const lead = /^[^<.:@]*/.exec(m[0])![0].length;
    const at = m.index + (what === 'an XML literal' ? m[0].indexOf('<') : lead);
    if (!best || at < best.at) best = { what, at };
  }
  return best;
}

// The Nashorn/Mozilla syntax extensions every engine MI runs JavaScript with reads and V8 does not: GraalJS for js and
// graalJs is built with js.syntax-extensions=true (Synapse AccessControlUtils.createSecureGraalContext; its parser's
// Nashorn extensions), Rhino (rhinoJs) and Nashorn (nashornJs) have them natively. Looked for only in a script V8
// refused, so a loose pattern can only keep a refusal back.
const ENGINE_EXTENSIONS: [RegExp, string][] = [
  [/\bfor\s+each\s*\(/, "'for each'"],
  [/\bcatch\s*\(\s*[A-Za-z_$][\w$]*\s+if\b/, 'a conditional catch'],
  // an expression closure: function (x) x * x
  [/\bfunction\b\s*[A-Za-z_$]?[\w$]*\s*\([^()]*\)\s*(?=[^\s{])/, 'an expression closure'],
];

/**
 * The first Nashorn/Mozilla syntax extension of a script V8 refused ('for each', a conditional catch, an expression
 * closure), which MI's engines compile; undefined when it has none.
 */
export function findEngineExtension(code: string): { what: string; at: number } | undefined {
  const bare = code.replace(STRINGS_AND_COMMENTS, (m) => m.replace(/[^\n]/g, ' '));
  let best: { what: string; at: number } | undefined;
  for (const [re, what] of ENGINE_EXTENSIONS) {
    const m = re.exec(bare);
    if (m && (!best || m.index < best.at)) best = { what, at: m.index };
  }
  return best;
}

/**
 * The syntax error of an inline script, as the runtime reports it (RT_SCRIPT_SYNTAX: neither wrapper of inlineVmScript
 * compiles and the script has no E4X nor an engine syntax extension), or undefined.
 */
export function inlineScriptSyntaxError(text: string): string | undefined {
  try {
    inlineVmScript(text, 'script');
    return undefined;
  } catch (e) {
    return findE4x(text) || findEngineExtension(text) ? undefined : (e as Error).message;
  }
}
