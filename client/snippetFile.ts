/** Reads a VS Code snippet file (JSON with comments) into the snippets the provider offers. Pure; no `vscode`. */
import { readFileSync } from 'node:fs';
import { parseJsonc } from './jsonc';
import type { SnippetContext } from './snippetContext';

interface SnippetDef {
  prefix: string | string[];
  body: string | string[];
  description?: string;
  isFileTemplate?: boolean;
}

export interface LoadedSnippet {
  name: string;
  prefix: string;
  body: string;
  description: string;
  context: Exclude<SnippetContext, 'none'>;
}

export function loadSnippets(file: string): LoadedSnippet[] {
  const raw = parseJsonc(readFileSync(file, 'utf8')) as Record<string, SnippetDef>;
  const out: LoadedSnippet[] = [];
  for (const [name, def] of Object.entries(raw)) {
    const prefixes = Array.isArray(def.prefix) ? def.prefix : [def.prefix];
    const body = Array.isArray(def.body) ? def.body.join('\n') : def.body;
    for (const prefix of prefixes) {
      out.push({
        name,
        prefix,
        body,
        description: def.description ?? name,
        context: def.isFileTemplate ? 'artifact' : 'mediator',
      });
    }
  }
  return out;
}
