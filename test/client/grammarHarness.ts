/**
 * Tokenizes XML with VS Code's own TextMate engine (vscode-textmate + vscode-oniguruma) and VS Code's built-in XML
 * grammar, plus our injection grammar, exactly as the editor composes them. The engine and the XML grammar come
 * from the code-server install of scripts/setup-e2e.sh (VS Code 1.100.3), so no copy of them lives in the repo.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
export const VSCODE_DIR = join(ROOT, '.e2e', 'node_modules', 'code-server', 'lib', 'vscode');
const INJECTION = join(ROOT, 'syntaxes', 'synapse-expressions.injection.tmLanguage.json');

export interface Token {
  text: string;
  scopes: string[];
}

type Grammar = {
  tokenizeLine(
    line: string,
    state: unknown,
  ): { tokens: { startIndex: number; endIndex: number; scopes: string[] }[]; ruleStack: unknown };
};

let grammarPromise: Promise<Grammar> | undefined;

export function loadGrammar(withInjection = true): Promise<Grammar> {
  if (withInjection && grammarPromise) return grammarPromise;
  if (!existsSync(VSCODE_DIR)) {
    throw new Error(
      `VS Code's TextMate engine was not found in ${VSCODE_DIR}: run scripts/setup-e2e.sh first.`,
    );
  }
  const req = createRequire(join(VSCODE_DIR, 'package.json'));
  const tm = req('vscode-textmate');
  const onig = req('vscode-oniguruma');
  const p = (async () => {
    const wasm = readFileSync(join(VSCODE_DIR, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new tm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (s: string[]) => new onig.OnigScanner(s),
        createOnigString: (s: string) => new onig.OnigString(s),
      }),
      loadGrammar: async (scope: string) => {
        if (scope === 'text.xml') {
          const f = join(VSCODE_DIR, 'extensions', 'xml', 'syntaxes', 'xml.tmLanguage.json');
          return tm.parseRawGrammar(readFileSync(f, 'utf8'), f);
        }
        if (scope === 'synapse.expression.injection')
          return tm.parseRawGrammar(readFileSync(INJECTION, 'utf8'), INJECTION);
        return null;
      },
      getInjections: (scope: string) =>
        withInjection && scope === 'text.xml' ? ['synapse.expression.injection'] : [],
    });
    return (await registry.loadGrammar('text.xml')) as Grammar;
  })();
  if (withInjection) grammarPromise = p;
  return p;
}

/** Tokens of every line of `text`. */
export async function tokenize(text: string, withInjection = true): Promise<Token[]> {
  const g = await loadGrammar(withInjection);
  const req = createRequire(join(VSCODE_DIR, 'package.json'));
  let state = req('vscode-textmate').INITIAL;
  const out: Token[] = [];
  for (const line of text.split('\n')) {
    const r = g.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  }
  return out;
}

/** The scopes of the first token whose text is exactly `text` (after trimming). */
export function scopesOf(tokens: Token[], text: string): string[] {
  const t = tokens.find((x) => x.text.trim() === text);
  if (!t) throw new Error(`no token "${text}" in ${JSON.stringify(tokens.map((x) => x.text))}`);
  return t.scopes;
}
