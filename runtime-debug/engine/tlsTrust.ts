/**
 * The certificates the runtime's HTTPS client trusts besides the system's: MI's client trust store
 * (client-truststore.jks), which a project's `cert` configurables are added to when it is deployed
 * (ConfigDeployer.deployCert: the configurable's value is the path of a certificate file). Trust is explicit and
 * additive: a certificate is trusted because it was named; host names are still verified (MI's default
 * HostnameVerifier), and nothing turns verification off.
 */
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { buildConnector } from 'undici';
import type { LoadProblem } from './errors';

/** Fingerprint -> PEM of each certificate added. */
const extra = new Map<string, string>();
/** Bounded: a configuration cannot grow the trust list without end. */
const MAX_CERTIFICATES = 256;
let generation = 0;

/**
 * Adds a certificate (PEM or DER bytes) to what the HTTPS client trusts; returns its SHA-256 fingerprint. Throws
 * when the bytes are not an X.509 certificate.
 */
export function trustCertificate(data: Buffer | string): string {
  const cert = new X509Certificate(data);
  const fp = cert.fingerprint256;
  if (!extra.has(fp)) {
    if (extra.size >= MAX_CERTIFICATES) throw new Error(`more than ${MAX_CERTIFICATES} trusted certificates`);
    extra.set(fp, cert.toString());
    generation++;
  }
  return fp;
}

/** Changes each time a certificate is added (an HTTPS connection pool made before then is made again). */
export function trustGeneration(): number {
  return generation;
}

let made: { gen: number; options: { readonly secureContext: SecureContext } | undefined } | undefined;

/**
 * The TLS options of an HTTPS connection: the system's CAs and the added certificates, or undefined (Node's default).
 * One secure context per set of certificates (tls.connect would read every CA again for each connection).
 */
export function tlsTrust(): { readonly secureContext: SecureContext } | undefined {
  if (made?.gen !== generation)
    made = {
      gen: generation,
      options:
        extra.size === 0
          ? undefined
          : { secureContext: createSecureContext({ ca: [...rootCertificates, ...extra.values()] }) },
    };
  return made.options;
}

let alternatives: { gen: number; contexts: SecureContext[] } | undefined;

/**
 * The trusted certificates that share a subject with an earlier one, as further secure contexts (the system's CAs and
 * the second certificate of each such subject, then the third...); empty when no two share one. OpenSSL looks a
 * self-signed server's certificate up in a secure context by its subject and fails when another trusted certificate of
 * that subject comes first ("self-signed certificate"), where Java's trust store (MI's client-truststore) matches by
 * the certificate itself: development certificates often share a subject (CN=localhost). A connection refused with the
 * first context is tried again with these (cutHead.ts cutHeadConnector).
 */
export function tlsTrustAlternatives(): readonly SecureContext[] {
  if (alternatives?.gen !== generation) {
    const rounds: string[][] = [];
    const seen = new Map<string, number>();
    for (const pem of extra.values()) {
      const subject = new X509Certificate(pem).subject;
      const n = seen.get(subject) ?? 0;
      seen.set(subject, n + 1);
      if (n > 0) (rounds[n - 1] ??= []).push(pem);
    }
    alternatives = {
      gen: generation,
      contexts: rounds.map((r) => createSecureContext({ ca: [...rootCertificates, ...r] })),
    };
  }
  return alternatives.contexts;
}

/** OpenSSL's verdicts on a server certificate it did not find among the trusted ones (then worth the alternatives). */
const NOT_FOUND_IN_TRUST = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
]);

export function notFoundInTrust(e: unknown): boolean {
  return NOT_FOUND_IN_TRUST.has((e as { code?: string } | undefined)?.code ?? '');
}

/**
 * undici's connector with these TLS options (tlsTrust()); a connection refused as not found among the trusted
 * certificates is tried again with the alternatives (tlsTrustAlternatives), the first refusal kept when none takes it.
 */
export function trustedConnector(tls: object | undefined): buildConnector.connector {
  const connect = buildConnector({ ...(tls ?? {}) });
  if (tls === undefined) return connect;
  return (opts, callback) =>
    connect(opts, (err, socket) => {
      if (err && notFoundInTrust(err)) retryTrusted(tlsTrustAlternatives(), 0, opts, err, callback);
      else (callback as (e: Error | null, s: unknown) => void)(err, socket);
    });
}

function retryTrusted(
  contexts: readonly SecureContext[],
  i: number,
  opts: buildConnector.Options,
  first: Error,
  callback: buildConnector.Callback,
): void {
  const done = callback as (e: Error | null, s: unknown) => void;
  if (i >= contexts.length) return done(first, null);
  buildConnector({ secureContext: contexts[i] })(opts, (err, socket) =>
    err ? retryTrusted(contexts, i + 1, opts, first, callback) : done(null, socket),
  );
}

/** Where an MI 4.4 project keeps its configurables and their types (`name:type` lines). */
const CONFIG_PROPERTIES = ['src', 'main', 'wso2mi', 'resources', 'conf', 'config.properties'];

/**
 * The `cert` configurables of a project (config.properties `name:cert`, read as Java properties are: `#`/`!`
 * comments, `:` or `=` between key and type): MI adds each one's certificate file, the configurable's value, to the
 * client trust store when the project is deployed (ConfigDeployer.processConfigProperties → deployCert), so every
 * HTTPS call trusts it. What MI only logs (no value, no file, not a certificate) comes back as RT_CERTIFICATE
 * warnings; the project deploys all the same.
 */
export function trustProjectCertificates(
  root: string,
  config: (name: string) => string | undefined,
  /** Warnings already given (a connection naming the same configurable): not given twice. */
  given: readonly LoadProblem[] = [],
): LoadProblem[] {
  const file = join(root, ...CONFIG_PROPERTIES);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const out: LoadProblem[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*([^#!\s:=][^\s:=]*)\s*[:=]\s*(\S+)\s*$/.exec(lines[i]);
    if (!m || m[2] !== 'cert') continue;
    const key = `key:[${m[1]}]`;
    const warn = (message: string) => {
      if (!given.some((w) => w.code === 'RT_CERTIFICATE' && w.message.includes(key)))
        out.push({ file, line: i + 1, column: 1, code: 'RT_CERTIFICATE', message });
    };
    const failed = trustConfigurableCertificate(m[1], config, 'its certificate');
    if (failed) warn(failed);
  }
  return out;
}

/**
 * Adds the certificate file that the `cert` configurable `name` holds (its value is the file's path: PEM or DER) to
 * what the HTTPS client trusts, as ConfigDeployer.deployCert adds it to the client trust store. Returns what MI logs
 * when it cannot (no value, no file, not a certificate), or undefined once trusted. `whose` names the certificate in
 * that message.
 */
export function trustConfigurableCertificate(
  name: string,
  config: (name: string) => string | undefined,
  whose: string,
): string | undefined {
  const path = config(name)?.trim();
  if (!path) return `The value of the key:[${name}] is not found: ${whose} is not trusted`;
  try {
    trustCertificate(readFileSync(resolve(path)));
    return undefined;
  } catch (e) {
    return `Certificate import failed for the key:[${name}] (${path}): ${(e as Error).message}`;
  }
}
