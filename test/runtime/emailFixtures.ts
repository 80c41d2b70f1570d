/** A real SMTP server on 127.0.0.1 for the Email connector tests (smtp-server), keeping what arrives. */
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { NS } from './helpers';

export interface Arrived {
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  raw: string;
  mail: ParsedMail;
}

export interface TestSmtp {
  port: number;
  mails: Arrived[];
  /** Resolves with the next message to arrive (or rejects after a few seconds). */
  next(): Promise<Arrived>;
  close(): Promise<void>;
}

export interface SmtpOptions {
  authMethods?: string[];
  /** Recipients the server refuses with 550. */
  reject?: string[];
  key?: string;
  cert?: string;
  /** TLS from the first byte (SMTPS). */
  secure?: boolean;
  /** Accept mail without AUTH. */
  open?: boolean;
  /** XOAUTH2: the access token the server accepts. */
  accessToken?: string;
}

export const SMTP_USER = 'mailer';
export const SMTP_PASS = 'pa55-word';

export async function startSmtp(o: SmtpOptions = {}): Promise<TestSmtp> {
  const mails: Arrived[] = [];
  const waiters: ((a: Arrived) => void)[] = [];
  const opts: SMTPServerOptions = {
    secure: o.secure ?? false,
    authMethods: o.authMethods ?? ['PLAIN', 'LOGIN'],
    authOptional: o.open ?? false,
    allowInsecureAuth: true,
    disableReverseLookup: true,
    logger: false,
    size: 5 * 1024 * 1024,
    ...(o.key ? { key: o.key, cert: o.cert } : {}),
    onAuth(auth, _session, cb) {
      if (auth.method === 'XOAUTH2') {
        if (o.accessToken !== undefined && auth.username === SMTP_USER && auth.accessToken === o.accessToken)
          cb(null, { user: auth.username });
        else cb(null, { data: { status: '401', schemes: 'bearer' } });
      } else if (auth.username === SMTP_USER && auth.password === SMTP_PASS) cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, cb) {
      if (o.reject?.includes(address.address)) {
        const err = new Error(`Mailbox ${address.address} unavailable`) as Error & { responseCode: number };
        err.responseCode = 550;
        cb(err);
      } else cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        void simpleParser(raw).then((mail) => {
          const a: Arrived = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            secure: session.secure,
            raw: raw.toString('latin1'),
            mail,
          };
          mails.push(a);
          const w = waiters.shift();
          if (w) w(a);
          cb();
        }, cb);
      });
    },
  };
  const server = new SMTPServer(opts);
  server.on('error', () => undefined);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    next: () =>
      new Promise<Arrived>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no mail arrived within 10 s')), 10_000);
        waiters.push((a) => {
          clearTimeout(t);
          resolve(a);
        });
      }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A local entry with an `<email.init>` connection. */
export function emailConnection(key: string, type: string, port: number, extra = ''): string {
  return `<localEntry ${NS} key="${key}"><email.init>
    <connectionType>${type}</connectionType><name>${key}</name><host>127.0.0.1</host><port>${port}</port>
    <username>${SMTP_USER}</username><password>${SMTP_PASS}</password>${extra}
  </email.init></localEntry>`;
}

/** The fault sequence of the tests: what MI leaves after an Email connector failure, as JSON. */
export const EMAIL_FAULT = `<faultSequence>
  <payloadFactory media-type="json"><format>{"code":"$1","message":"$2","status":"$3","result":\${vars.r.payload}}</format>
    <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/><arg expression="get-property('axis2','HTTP_SC')"/></args>
  </payloadFactory><respond/></faultSequence>`;
