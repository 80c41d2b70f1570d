/**
 * A real IMAP and POP3 server for the Email connector tests: Debian's dovecot (dovecot-imapd, dovecot-pop3d),
 * started by the test with a private configuration in a temporary folder (plain authentication on 127.0.0.1, one
 * passwd-file user, a Maildir the test seeds). When dovecot is not installed the tests fail (CI installs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { STOPPED_DIR_RM, onFreePorts, readLog } from '../support';
import { waitListening } from './connector-file-remote-servers';

export const IMAP_USER = 'clerk';
export const IMAP_PASS = 'in-box-7';

const DOVECOT = ['/usr/sbin/dovecot', '/usr/local/sbin/dovecot'].find((p) => existsSync(p));

export interface TestImap {
  port: number;
  /** The POP3 listener (dovecot-pop3d), when started with `pop3`. */
  pop3Port: number | undefined;
  /** The IMAPS listener (TLS from the first byte), when started with a certificate. */
  imapsPort: number | undefined;
  /** POP3 over TLS from the first byte (with `pop3` and `tls`). */
  pop3sPort: number | undefined;
  /** The Maildir of the user (cur/, new/, tmp/, and `.Folder` subfolders). */
  maildir: string;
  /** dovecot's log so far (its Login lines say `TLS` for a session over TLS). */
  log(): string;
  /** Writes a message into the Maildir (`flags`: the Maildir info letters, e.g. 'S' seen, 'RS' answered+seen). */
  seed(name: string, raw: string, opts?: { folder?: string; flags?: string; recent?: boolean }): void;
  close(): Promise<void>;
}

export interface ImapOptions {
  /** A certificate and key (PEM): dovecot then offers STARTTLS on IMAP/POP3 and listens for IMAPS too. */
  tls?: { cert: string; key: string };
  /** XOAUTH2: dovecot checks tokens at this introspection URL (POST token=…; answer {"active":true,"username":…}). */
  introspectionUrl?: string;
  /** Also serve POP3 (needs dovecot-pop3d). */
  pop3?: boolean;
}

/** dovecot on fresh ports of 127.0.0.1, on others when one of them is taken (onFreePorts). */
export function startImap(opts: ImapOptions = {}): Promise<TestImap> {
  const tls = opts.tls;
  const count = 1 + (opts.pop3 ? 1 : 0) + (tls ? 1 : 0) + (tls && opts.pop3 ? 1 : 0);
  return onFreePorts(count, (ports) => startImapOn(opts, ports));
}

async function startImapOn(opts: ImapOptions, free: number[]): Promise<TestImap> {
  const tls = opts.tls;
  if (!DOVECOT)
    throw new Error(
      "dovecot is not installed: the IMAP/POP3 tests need Debian's dovecot-imapd and dovecot-pop3d (apt-get install -y dovecot-imapd dovecot-pop3d)",
    );
  const dir = mkdtempSync(join(tmpdir(), 'dovecot-'));
  // dovecot's auth process runs as its own user: it must reach the passwd file
  chmodSync(dir, 0o755);
  const home = join(dir, 'home', IMAP_USER);
  const maildir = join(home, 'Maildir');
  for (const d of ['cur', 'new', 'tmp']) mkdirSync(join(maildir, d), { recursive: true });
  const port = free.shift()!;
  if (opts.pop3 && !['/usr/lib/dovecot/pop3', '/usr/libexec/dovecot/pop3'].some((p) => existsSync(p)))
    throw new Error(
      "dovecot's POP3 server is not installed: the POP3 tests need Debian's dovecot-pop3d (apt-get install -y dovecot-pop3d)",
    );
  const pop3Port = opts.pop3 ? free.shift() : undefined;
  const imapsPort = tls ? free.shift() : undefined;
  const pop3sPort = tls && opts.pop3 ? free.shift() : undefined;
  if (tls) {
    writeFileSync(join(dir, 'cert.pem'), tls.cert);
    writeFileSync(join(dir, 'key.pem'), tls.key, { mode: 0o600 });
  }
  const me = userInfo();
  // dovecot refuses UID 0 for a mail user: as root, the mailbox belongs to nobody
  const owner = me.uid === 0 ? { uid: 65534, gid: 65534 } : { uid: me.uid, gid: me.gid };
  const own = (path: string): void => {
    if (me.uid === 0) chownSync(path, owner.uid, owner.gid);
  };
  for (const p of [join(dir, 'home'), home, maildir, ...['cur', 'new', 'tmp'].map((d) => join(maildir, d))])
    own(p);
  writeFileSync(
    join(dir, 'passwd'),
    `${IMAP_USER}:{PLAIN}${IMAP_PASS}:${owner.uid}:${owner.gid}::${home}::\n`,
    {
      mode: 0o644,
    },
  );
  const conf = `
protocols = imap${opts.pop3 ? ' pop3' : ''}
listen = 127.0.0.1
base_dir = ${join(dir, 'run')}
state_dir = ${join(dir, 'state')}
instance_name = synapse-test-${port}
log_path = ${join(dir, 'dovecot.log')}
${tls ? `ssl = yes\nssl_cert = <${join(dir, 'cert.pem')}\nssl_key = <${join(dir, 'key.pem')}` : 'ssl = no'}
disable_plaintext_auth = no
auth_mechanisms = plain login${opts.introspectionUrl ? ' xoauth2' : ''}
auth_failure_delay = 0
first_valid_uid = 0
mail_location = maildir:~/Maildir
default_internal_user = ${me.uid === 0 ? 'dovecot' : me.username}
default_login_user = ${me.uid === 0 ? 'dovenull' : me.username}
default_internal_group = ${me.uid === 0 ? 'dovecot' : me.username}
${
  opts.introspectionUrl
    ? `passdb {
  driver = oauth2
  mechanisms = xoauth2
  args = ${join(dir, 'oauth2.conf')}
}
`
    : ''
}passdb {
  driver = passwd-file
  args = ${join(dir, 'passwd')}
}
userdb {
  driver = passwd-file
  args = ${join(dir, 'passwd')}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${imapsPort ?? 0}
  }
}
${
  pop3Port
    ? `service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = ${pop3Port}
  }
  inet_listener pop3s {
    address = 127.0.0.1
    port = ${pop3sPort ?? 0}
  }
}
`
    : ''
}service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`;
  if (opts.introspectionUrl)
    writeFileSync(
      join(dir, 'oauth2.conf'),
      `introspection_mode = post\nintrospection_url = ${opts.introspectionUrl}\nusername_attribute = username\nactive_attribute = active\nactive_value = true\n`,
      { mode: 0o644 },
    );
  const confPath = join(dir, 'dovecot.conf');
  writeFileSync(confPath, conf);
  mkdirSync(join(dir, 'run'));
  mkdirSync(join(dir, 'state'));
  const proc: ChildProcess = spawn(DOVECOT, ['-F', '-c', confPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  proc.stderr?.on('data', (c: Buffer) => (err += c.toString()));
  proc.stdout?.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<void>((r) => proc.once('exit', () => r()));
  try {
    for (const p of [port, pop3Port, imapsPort, pop3sPort])
      if (p !== undefined)
        await waitListening(p, proc, () => `dovecot: ${err}${readLog(join(dir, 'dovecot.log'))}`, 8000);
  } catch (e) {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let n = 0;
  return {
    port,
    pop3Port,
    imapsPort,
    pop3sPort,
    maildir,
    log: () => readLog(join(dir, 'dovecot.log')),
    seed(name, raw, opts = {}) {
      const box = opts.folder ? join(maildir, `.${opts.folder}`) : maildir;
      if (!existsSync(box)) mkdirSync(box);
      own(box);
      for (const d of ['cur', 'new', 'tmp']) {
        if (!existsSync(join(box, d))) mkdirSync(join(box, d));
        own(join(box, d));
      }
      const base = `${Math.floor(Date.now() / 1000) + n++}.M${n}P${process.pid}.${name}`;
      const file = opts.recent ? join(box, 'new', base) : join(box, 'cur', `${base}:2,${opts.flags ?? ''}`);
      writeFileSync(file, raw.replace(/\r?\n/g, '\n'));
      own(file);
    },
    async close() {
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(dir, STOPPED_DIR_RM);
    },
  };
}
