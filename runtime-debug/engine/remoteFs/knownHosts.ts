/**
 * Host key checking as JSch does it with StrictHostKeyChecking=yes (what the File connector's
 * strictHostKeyChecking=true and VFS's setStrictHostKeyChecking("yes") ask): the server's key must be listed for
 * the host in the known_hosts file (default ~/.ssh/known_hosts), plain (`host`, `[host]:port` for a port other than
 * 22, comma-separated names) or hashed (`|1|salt|hmac-sha1`); an unknown host and a changed key are both refused.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function defaultKnownHosts(): string {
  return join(homedir(), '.ssh', 'known_hosts');
}

/** The names a known_hosts line may give the host by. */
function hostNames(host: string, port: number): string[] {
  return port === 22 ? [host] : [`[${host}]:${port}`];
}

function matches(pattern: string, names: string[]): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return names.some(
      (n) => createHmac('sha1', Buffer.from(salt, 'base64')).update(n).digest('base64') === hash,
    );
  }
  return pattern.split(',').some((p) => names.includes(p));
}

export type HostKeyVerdict = 'ok' | 'unknown' | 'changed';

/** Whether `key` (the server's public key blob) is the one known_hosts lists for the host. */
export function checkHostKey(file: string, host: string, port: number, key: Buffer): HostKeyVerdict {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return 'unknown';
  }
  const names = hostNames(host, port);
  const blob = key.toString('base64');
  let seen = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    // `@revoked` / `@cert-authority` markers: not JSch's plain entries
    if (parts[0].startsWith('@') || parts.length < 3) continue;
    if (!matches(parts[0], names)) continue;
    seen = true;
    if (parts[2] === blob) return 'ok';
  }
  return seen ? 'changed' : 'unknown';
}
