/**
 * The certificates an FTPS trust store (`trustStorePath`, `vfs.ssl.truststore`) holds, as PEM for Node's TLS: a PEM
 * file as it is, or a Java key store (JKS: what MI's client trust store is) read for its certificates — the trusted
 * certificate entries and the first certificate of each key entry, as Java's X509TrustManager takes them. The key
 * store's password only guards its integrity digest, which is not checked here. Another format (PKCS#12, JCEKS) is
 * refused with a message saying so.
 */
import { readFileSync } from 'node:fs';
import { FsError } from './types';

const JKS_MAGIC = 0xfeedfeed;
const MAX_ENTRIES = 10_000;

/** The PEM text of the certificates in a trust store file. */
export function trustedCertificatesPem(file: string): string {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch (e) {
    throw new FsError('ECONNREFUSED', `Could not read the trust store ${file}: ${(e as Error).message}`);
  }
  if (data.includes('-----BEGIN CERTIFICATE-----')) return data.toString('latin1');
  if (data.length >= 4 && data.readUInt32BE(0) === JKS_MAGIC) {
    const pem = jksCertificates(data, file).map(derToPem).join('');
    if (!pem) throw new FsError('ECONNREFUSED', `The trust store ${file} holds no certificate`);
    return pem;
  }
  throw new FsError(
    'ECONNREFUSED',
    `The trust store ${file} is neither PEM nor a Java key store (JKS): the embedded runtime does not read it`,
  );
}

function derToPem(der: Buffer): string {
  const b64 = der.toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END CERTIFICATE-----\n`;
}

/** The DER certificates of a JKS file (bounded: a malformed file is refused, never read past its end). */
export function jksCertificates(data: Buffer, file = 'the key store'): Buffer[] {
  let at = 0;
  const bad = (): FsError =>
    new FsError('ECONNREFUSED', `The trust store ${file} is not a valid Java key store`);
  const need = (n: number): void => {
    if (n < 0 || at + n > data.length) throw bad();
  };
  const u32 = (): number => {
    need(4);
    const v = data.readUInt32BE(at);
    at += 4;
    return v;
  };
  const bytes = (n: number): Buffer => {
    need(n);
    const b = data.subarray(at, at + n);
    at += n;
    return b;
  };
  const utf = (): string => {
    need(2);
    const n = data.readUInt16BE(at);
    at += 2;
    return bytes(n).toString('utf8');
  };
  if (u32() !== JKS_MAGIC) throw bad();
  const version = u32();
  if (version !== 1 && version !== 2) throw bad();
  const count = u32();
  if (count > MAX_ENTRIES) throw bad();
  const out: Buffer[] = [];
  const cert = (): Buffer => {
    const type = version === 2 ? utf() : 'X.509';
    const der = bytes(u32());
    if (type !== 'X.509') throw bad();
    return der;
  };
  for (let i = 0; i < count; i++) {
    const tag = u32();
    utf(); // alias
    bytes(8); // date
    if (tag === 1) {
      bytes(u32()); // the protected private key
      const chain = u32();
      if (chain > MAX_ENTRIES) throw bad();
      for (let c = 0; c < chain; c++) {
        const der = cert();
        if (c === 0) out.push(der);
      }
    } else if (tag === 2) out.push(cert());
    else throw bad();
  }
  return out;
}
