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
