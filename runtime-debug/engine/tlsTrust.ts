/**
 * The certificates the runtime's HTTPS client trusts besides the system's: MI's client trust store
 * (client-truststore.jks), which a project's `cert` configurables are added to when it is deployed
 * (ConfigDeployer.deployCert: the configurable's value is the path of a certificate file). Trust is explicit and
 * additive: a certificate is trusted because it was named; host names are still verified (MI's default
 * HostnameVerifier), and nothing turns verification off.
 */
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';

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

/** The TLS options of an HTTPS connection: the system's CAs and the added certificates, or undefined (Node's default). */
export function tlsTrust(): { ca: string[] } | undefined {
  return extra.size === 0 ? undefined : { ca: [...rootCertificates, ...extra.values()] };
}
