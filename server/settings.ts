/** The server's settings (section `synapse` of the client's configuration). */

export interface ServerSettings {
  validation: { enable: boolean; delayMs: number };
  format: { enable: boolean; attributeAlignment: 'first' | 'indent' };
  completion: { snippets: boolean };
}

export const DEFAULT_SETTINGS: ServerSettings = {
  validation: { enable: true, delayMs: 200 },
  format: { enable: true, attributeAlignment: 'first' },
  completion: { snippets: true },
};

/** Merges a (partial, untrusted) `synapse` settings object over the defaults. */
export function readSettings(raw: unknown): ServerSettings {
  const s = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const sub = (k: string) => (s[k] && typeof s[k] === 'object' ? (s[k] as Record<string, unknown>) : {});
  const bool = (v: unknown, d: boolean) => (typeof v === 'boolean' ? v : d);
  const num = (v: unknown, d: number, min: number, max: number) =>
    typeof v === 'number' && Number.isFinite(v) ? Math.max(min, Math.min(max, v)) : d;
  const d = DEFAULT_SETTINGS;
  return {
    validation: {
      enable: bool(sub('validation').enable, d.validation.enable),
      delayMs: num(sub('validation').delayMs, d.validation.delayMs, 0, 5000),
    },
    format: {
      enable: bool(sub('format').enable, d.format.enable),
      attributeAlignment: sub('format').attributeAlignment === 'indent' ? 'indent' : 'first',
    },
    completion: { snippets: bool(sub('completion').snippets, d.completion.snippets) },
  };
}
