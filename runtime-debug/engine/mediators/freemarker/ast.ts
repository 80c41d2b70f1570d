/** The template tree the parser builds (elements and expressions) and the compiled template's interface. */
export interface FreeMarkerTemplate {
  /** `load` reads a template `<#include>`/`<#import>` names (MI: a FileTemplateLoader on the registry's conf:/ folder) */
  render(model: Record<string, unknown>, load?: (name: string) => string | undefined): string;
}

// ------------------------------------------------------------------ template tree
export type El =
  | (Base & { t: 'root' })
  | (Base & { t: 'text'; s: string; unparsed?: boolean })
  | (Base & { t: 'out'; e: Expr; computer?: boolean })
  | (Base & { t: 'if' })
  | (Base & { t: 'branch'; cond: Expr | undefined })
  | (Base & { t: 'list'; seq: Expr | undefined; names: string[] })
  | (Base & { t: 'listelse' })
  | (Base & { t: 'else' })
  | (Base & { t: 'items'; names: string[] })
  | (Base & { t: 'sep' })
  | (Base & { t: 'assign'; kind: string; pairs: { name: string; op: string; e: Expr | undefined }[] })
  | (Base & { t: 'capture'; kind: string; name: string })
  | (Base & { t: 'switch'; e: Expr })
  | (Base & { t: 'case'; e: Expr | undefined })
  | (Base & { t: 'attempt' })
  | (Base & { t: 'recover' })
  | (Base & { t: 'macro'; name: string; params: { name: string; def: Expr | undefined }[]; fn: boolean })
  | (Base & { t: 'call'; callee: Expr; named: [string, Expr][]; positional: Expr[] })
  | (Base & { t: 'nested' })
  | (Base & { t: 'return'; e: Expr | undefined })
  | (Base & { t: 'compress' })
  | (Base & { t: 'trim'; left: boolean; right: boolean })
  | (Base & { t: 'setting'; name: string; e: Expr })
  | (Base & { t: 'stop'; e: Expr | undefined })
  | (Base & { t: 'break' })
  | (Base & { t: 'continue' })
  | (Base & { t: 'comment' })
  | (Base & { t: 'flush' })
  | (Base & { t: 'include'; e: Expr; opts: [string, Expr][] })
  | (Base & { t: 'import'; e: Expr; ns: string });

interface Base {
  /** where the element starts and ends in the template (offsets) */
  b: number;
  end: number;
  kids: El[];
  parent: El | undefined;
}

export type Expr = { p: number; src: string } & (
  | { k: 'lit'; v: unknown }
  | { k: 'str'; parts: (string | Expr)[] }
  | { k: 'seq'; items: Expr[] }
  | { k: 'hash'; entries: [Expr, Expr][] }
  | { k: 'range'; a: Expr; b: Expr | undefined; op: string }
  | { k: 'var'; name: string }
  | { k: 'get'; o: Expr; key: Expr; dot: boolean }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'not'; a: Expr }
  | { k: 'neg'; a: Expr; plus: boolean }
  | { k: 'paren'; a: Expr }
  | { k: 'def'; a: Expr; d: Expr | undefined }
  | { k: 'has'; a: Expr }
  | { k: 'bi'; a: Expr; name: string; args: Expr[] | undefined }
  | { k: 'call'; f: Expr; args: Expr[] }
  | { k: 'fn'; params: string[]; body: Expr }
);
