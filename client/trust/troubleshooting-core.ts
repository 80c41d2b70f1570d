/**
 * "Export Troubleshooting Information" without vscode: a Markdown report of versions, settings and servers with
 * every secret removed (passwords, tokens, Authorization headers, and anything under a key that looks secret).
 */
export interface TroubleshootingInput {
  extensionVersion: string;
  vscodeVersion: string;
  platform: string;
  node: string;
  trusted: boolean;
  settings: Record<string, unknown>;
  servers: { name: string; url: string; user: string; fingerprint?: string; local?: boolean }[];
  languageServer?: string;
  runState?: string;
  logTail?: string[];
}

const SECRET_KEY = /pass(word)?|secret|token|credential|authorization|apikey|api_key/i;

/** Deep copy with secret-looking keys replaced by `<redacted>`. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8) return '…';
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = SECRET_KEY.test(k) ? '<redacted>' : redact(v, depth + 1);
    return out;
  }
  if (typeof value === 'string') return redactText(value);
  return value;
}

/** Removes credentials from free text (log lines). */
export function redactText(s: string): string {
  return s
    .replace(/(Authorization:\s*)(Basic|Bearer)\s+\S+/gi, '$1$2 <redacted>')
    .replace(/(AccessToken"?\s*[:=]\s*"?)[^",\s]+/gi, '$1<redacted>')
    .replace(/(SYNAPSE_(?:ADMIN_)?PASSWORD=)\S+/g, '$1<redacted>')
    .replace(/(\/\/[^/\s:@]+:)[^@/\s]+@/g, '$1<redacted>@');
}

export function troubleshootingReport(i: TroubleshootingInput): string {
  const out: string[] = [
    '# Synapse Integration Tools: troubleshooting information',
    '',
    `- Extension: ${i.extensionVersion}`,
    `- VS Code: ${i.vscodeVersion}`,
    `- Platform: ${i.platform}; Node ${i.node}`,
    `- Workspace trusted: ${i.trusted ? 'yes' : 'no (Restricted Mode)'}`,
    `- Language server: ${i.languageServer ?? 'not started'}`,
    `- Run Project: ${i.runState ?? 'stopped'}`,
    '',
    '## Settings (synapse.*)',
    '',
    '```json',
    JSON.stringify(redact(i.settings), null, 2),
    '```',
    '',
    '## Servers',
    '',
  ];
  if (!i.servers.length) out.push('(none)');
  for (const s of i.servers)
    out.push(
      `- ${s.name}: ${redactText(s.url)} as ${s.user}${s.local ? ' (local)' : ''}; certificate ${s.fingerprint ? `pinned SHA-256 ${s.fingerprint}` : 'not pinned'}`,
    );
  if (i.logTail?.length) out.push('', '## Recent log lines', '', '```', ...i.logTail.map(redactText), '```');
  out.push('', 'Passwords and tokens are not included.', '');
  return out.join('\n');
}
