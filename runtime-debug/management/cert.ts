/**
 * The self-signed certificate of `synapse serve`'s HTTPS management API, made in pure Node (node:crypto for the
 * P-256 key and the ECDSA signature, our DER writer for the X.509 structure). It is cached per user in the config
 * folder and regenerated when missing, unreadable, expiring within a day, or not covering the requested host.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
  X509Certificate,
} from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  bitString,
  bool,
  contextPrimitive,
  explicit,
  integer,
  octets,
  oid,
  seq,
  set,
  time,
  utf8String,
} from './der';

export interface ServerCertificate {
  cert: string; // PEM
  key: string; // PEM (PKCS#8)
  /** SHA-256 fingerprint as `AB:CD:...` (what Node's X509Certificate.fingerprint256 gives). */
  fingerprint256: string;
  certFile?: string;
  generated: boolean;
}

/** The per-user config folder: SYNAPSE_CONFIG_DIR, else %APPDATA% / $XDG_CONFIG_HOME / ~/.config, + synapse-integration-tools. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.SYNAPSE_CONFIG_DIR) return env.SYNAPSE_CONFIG_DIR;
  const base =
    process.platform === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : (env.XDG_CONFIG_HOME ?? join(homedir(), '.config'));
  return join(base, 'synapse-integration-tools');
}

function pem(label: string, der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}-----END ${label}-----\n`;
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  // IPv6: expand '::'
  const [head, tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g || '0', 16), i * 2));
  return b;
}

/** Generates a self-signed certificate (ECDSA P-256, SHA-256) for the given host names and IPs. */
export function generateCertificate(
  names: string[],
  days = 825,
  now = new Date(),
): { cert: string; key: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const algo = seq(oid('1.2.840.10045.4.3.2')); // ecdsa-with-SHA256
  const dn = seq(
    set(seq(oid('2.5.4.3'), utf8String(names[0] ?? 'localhost'))),
    set(seq(oid('2.5.4.10'), utf8String('Synapse Integration Tools (development)'))),
  );
  const serial = randomBytes(16);
  serial[0] &= 0x7f;
  const notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  const notAfter = new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
  const san = seq(
    ...[...new Set(names)].map((n) =>
      isIP(n) ? contextPrimitive(7, ipBytes(n)) : contextPrimitive(2, Buffer.from(n, 'ascii')),
    ),
  );
  const extensions = explicit(
    3,
    seq(
      seq(oid('2.5.29.19'), bool(true), octets(seq())), // basicConstraints: CA false
      seq(oid('2.5.29.15'), bool(true), octets(Buffer.from([0x03, 0x02, 0x05, 0xa0]))), // keyUsage: digitalSignature, keyEncipherment
      seq(oid('2.5.29.37'), octets(seq(oid('1.3.6.1.5.5.7.3.1')))), // extKeyUsage: serverAuth
      seq(oid('2.5.29.17'), octets(san)),
    ),
  );
  const tbs = seq(
    explicit(0, integer(2)),
    integer(serial),
    algo,
    dn,
    seq(time(notBefore), time(notAfter)),
    dn,
    spki,
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey);
  const der = seq(tbs, algo, bitString(signature));
  return {
    cert: pem('CERTIFICATE', der),
    key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
  };
}

function usable(cert: string, key: string, host: string): X509Certificate | undefined {
  try {
    const x = new X509Certificate(cert);
    if (new Date(x.validTo).getTime() < Date.now() + 24 * 60 * 60 * 1000) return undefined;
    if (!x.checkPrivateKey(createPrivateKey(key))) return undefined;
    if (!x.verify(createPublicKey(cert))) return undefined;
    // a wildcard bind (0.0.0.0, ::) is reached through the loopback names the certificate always carries
    const name = !host || host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const ok = isIP(name) ? x.checkIP(name) : x.checkHost(name);
    return ok ? x : undefined;
  } catch {
    return undefined;
  }
}

/** Loads the cached certificate for `host` or makes (and caches) a new one. */
export function loadOrCreateCertificate(host = '127.0.0.1', dir = configDir()): ServerCertificate {
  const certFile = join(dir, 'serve-cert.pem');
  const keyFile = join(dir, 'serve-key.pem');
  if (existsSync(certFile) && existsSync(keyFile)) {
    const cert = readFileSync(certFile, 'utf8');
    const key = readFileSync(keyFile, 'utf8');
    const x = usable(cert, key, host);
    if (x) return { cert, key, fingerprint256: x.fingerprint256, certFile, generated: false };
  }
  const names = ['localhost', '127.0.0.1', '::1'];
  if (host && host !== '0.0.0.0' && host !== '::' && !names.includes(host)) names.push(host);
  const { cert, key } = generateCertificate(names);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const [file, data] of [
    [keyFile, key],
    [certFile, cert],
  ]) {
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
  }
  try {
    chmodSync(keyFile, 0o600);
  } catch {
    /* not on this file system */
  }
  return { cert, key, fingerprint256: new X509Certificate(cert).fingerprint256, certFile, generated: true };
}
