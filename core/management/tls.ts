/**
 * Per-server TLS trust: a certificate is accepted when the platform trusts it (CA-signed, host name matches) or when
 * its SHA-256 fingerprint equals the pinned one. The check runs on every new connection, in the agent's
 * createConnection, before a single byte of the request (credentials included) is written. No global
 * NODE_TLS_REJECT_UNAUTHORIZED.
 */
import { Agent, type AgentOptions, type RequestOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect, type ConnectionOptions, type PeerCertificate, type TLSSocket } from 'node:tls';
import { ManagementError } from './errors';

/** Accepts `AB:CD:…`, `abcd…`, with or without a `sha256:`/`SHA256=` prefix; returns `AB:CD:…` or undefined. */
export function normalizeFingerprint(fp: string | undefined): string | undefined {
  if (!fp) return undefined;
  const hex = fp
    .trim()
    .replace(/^sha-?256[:=\s]*/i, '')
    .replace(/[:\s]/g, '')
    .toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(':');
}

export interface TrustOptions {
  /** Pinned SHA-256 fingerprint. */
  fingerprint?: string;
  /** Extra CA certificates (PEM). */
  ca?: string | string[];
}

type ConnectCallback = (err: Error | null, socket: Duplex) => void;

/** An https Agent that verifies every connection against the platform's CAs or the pinned fingerprint. */
export class PinnedAgent extends Agent {
  readonly pinned: string | undefined;
  constructor(
    private readonly trust: TrustOptions,
    opts: AgentOptions = {},
  ) {
    super({ keepAlive: true, maxSockets: 4, ...opts });
    this.pinned = normalizeFingerprint(trust.fingerprint);
    if (trust.fingerprint && !this.pinned)
      throw new ManagementError('BAD_REQUEST', `not a SHA-256 fingerprint: '${trust.fingerprint}'`);
  }

  override createConnection(reqOptions: RequestOptions, callback?: ConnectCallback): Duplex | undefined {
    const options = reqOptions as ConnectionOptions;
    const servername =
      options.servername ?? (options.host && !/^[\d.]+$|:/.test(options.host) ? options.host : undefined);
    const socket: TLSSocket = connect({
      ...options,
      ca: this.trust.ca ?? options.ca,
      servername,
      rejectUnauthorized: false,
    });
    const server = `${options.host}:${options.port}`;
    let settled = false;
    const done = (err: Error | null) => {
      if (settled) return;
      settled = true;
      socket.removeListener('error', onError);
      if (err) {
        socket.destroy();
        callback?.(err, socket);
      } else callback?.(null, socket);
    };
    const onError = (e: Error) => done(e);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      const actual = cert?.fingerprint256;
      if (!actual)
        return done(new ManagementError('CERT_UNTRUSTED', `${server} presented no certificate`, { server }));
      if (this.pinned) {
        if (actual === this.pinned) return done(null);
        return done(
          new ManagementError(
            'CERT_CHANGED',
            `the certificate of ${server} changed: expected SHA-256 ${this.pinned}, got ${actual}. If the server was re-keyed on purpose, pin the new fingerprint.`,
            { server, fingerprint: actual, expected: this.pinned },
          ),
        );
      }
      if (socket.authorized) return done(null);
      return done(
        new ManagementError(
          'CERT_UNTRUSTED',
          `the certificate of ${server} is not trusted (${socket.authorizationError}). Its SHA-256 fingerprint is ${actual}; if that is the server you expect, pin it with --fingerprint ${actual} (or SYNAPSE_SERVER_FINGERPRINT).`,
          { server, fingerprint: actual },
        ),
      );
    });
    return undefined;
  }
}

export interface ServerCertificateInfo {
  fingerprint256: string;
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  subjectAltName?: string;
  /** Whether the platform's CAs (plus `ca`) trust it for this host name, i.e. no pin is needed. */
  trusted: boolean;
  authorizationError?: string;
}

/**
 * Reads a server's TLS certificate without sending anything (for a "trust this server?" prompt that shows the
 * fingerprint before the user pins it). Never sends credentials.
 */
export function fetchServerCertificate(
  url: string,
  opts: { ca?: string | string[]; timeoutMs?: number } = {},
): Promise<ServerCertificateInfo> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(new ManagementError('BAD_REQUEST', `not a URL: '${url}'`));
  }
  if (u.protocol !== 'https:')
    return Promise.reject(new ManagementError('BAD_REQUEST', `${url} is not an https URL`));
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || 443);
  const server = `${u.host}`;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      servername: /^[\d.]+$|:/.test(host) ? undefined : host,
      ca: opts.ca,
      rejectUnauthorized: false,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new ManagementError(
          'TIMEOUT',
          `${server}: no TLS handshake within ${Math.round((opts.timeoutMs ?? 10_000) / 1000)} s`,
          { server },
        ),
      );
    }, opts.timeoutMs ?? 10_000);
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const code = e.code ?? '';
      reject(
        ['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'].includes(code)
          ? new ManagementError('UNREACHABLE', `${server}: cannot connect (${code})`, { server, cause: e })
          : new ManagementError('CONNECTION_DROPPED', `${server}: ${e.message}`, { server, cause: e }),
      );
    });
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const c = socket.getPeerCertificate();
      socket.end();
      if (!c?.fingerprint256)
        return reject(
          new ManagementError('CERT_UNTRUSTED', `${server} presented no certificate`, { server }),
        );
      const name = (o: unknown) =>
        o && typeof o === 'object'
          ? Object.entries(o as Record<string, string | string[]>)
              .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
              .join(', ')
          : String(o ?? '');
      resolve({
        fingerprint256: c.fingerprint256,
        subject: name(c.subject),
        issuer: name(c.issuer),
        validFrom: c.valid_from,
        validTo: c.valid_to,
        subjectAltName: c.subjectaltname,
        trusted: socket.authorized,
        authorizationError: socket.authorized ? undefined : String(socket.authorizationError ?? ''),
      });
    });
  });
}
