/** Server store and certificate pinning, against real `synapse serve` processes. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fetchServerCertificate, ManagementError } from '../../core/management';
import {
  describeManagementError,
  parseProfiles,
  secretKey,
  ServerStore,
  ServerStoreError,
} from '../../client/servers/store-core';
import { MemorySecrets, MemorySettings, startServe } from './serverHelpers';
import { until } from '../support';

describe('client: server store and certificate pinning', function () {
  this.timeout(60_000);
  let a: Awaited<ReturnType<typeof startServe>>;
  let b: Awaited<ReturnType<typeof startServe>>;
  before(async () => {
    [a, b] = await Promise.all([startServe('store-a'), startServe('store-b')]);
  });
  after(async () => {
    await Promise.all([a?.dispose(), b?.dispose()]);
  });

  it('keeps the password only in the secret store, never in settings', async () => {
    const settings = new MemorySettings();
    const secrets = new MemorySecrets();
    const store = new ServerStore(settings, secrets);
    const p = await store.add(
      { name: 'dev', url: `${a.url}/management/`, user: a.user, fingerprint: a.fingerprint },
      a.password,
    );
    assert.equal(p.url, a.url, 'URL normalised');
    const written = JSON.stringify(settings.value);
    assert.ok(!written.includes(a.password), 'password not in settings');
    assert.ok(!/password/i.test(written), 'no password field in settings');
    assert.equal(secrets.map.get(secretKey(p.id)), a.password);
    assert.deepEqual(Object.keys((settings.value as object[])[0]).sort(), [
      'fingerprint',
      'id',
      'name',
      'url',
      'user',
    ]);
    const c = await store.client(p.id);
    try {
      assert.ok((await c.login()).length > 10, 'logged in with the pinned certificate');
    } finally {
      c.close();
    }
    await store.remove(p.id);
    assert.deepEqual(settings.value, []);
    assert.equal(secrets.map.size, 0, 'password removed with the server');
  });

  it('ignores and reports a password written into settings by hand', () => {
    const { profiles, problems } = parseProfiles([
      { name: 'x', url: 'https://h:9164', user: 'u', password: 'oops' },
      { url: 'ftp://x' },
      7,
    ]);
    assert.equal(profiles.length, 1);
    assert.ok(!('password' in profiles[0]));
    assert.ok(problems.some((p) => /password in settings is ignored/.test(p)));
    assert.ok(problems.some((p) => /https:\/\/ or http:\/\//.test(p)));
    assert.ok(problems.some((p) => /\[2\] is not an object/.test(p)));
  });

  it('refuses credentials inside the URL and duplicate names, with codes', async () => {
    const store = new ServerStore(new MemorySettings(), new MemorySecrets());
    await assert.rejects(
      store.add({ name: 'x', url: 'https://admin:pw@h:9164', user: 'admin' }, 'pw'),
      (e: Error) => e instanceof ServerStoreError && /SERVER_BAD_PROFILE/.test(e.message),
    );
    await store.add({ name: 'x', url: 'https://h:9164', user: 'admin' }, 'pw');
    await assert.rejects(
      store.add({ name: 'x', url: 'https://h2:9164', user: 'admin' }, 'pw'),
      /SERVER_DUPLICATE/,
    );
    await assert.rejects(store.client('nope'), /SERVER_UNKNOWN/);
  });

  it('shows the fingerprint before trust, and an unpinned self-signed server is refused before credentials are sent', async () => {
    const info = await fetchServerCertificate(a.url);
    assert.equal(info.fingerprint256, a.fingerprint, 'the prompt shows the fingerprint serve printed');
    assert.equal(info.trusted, false);
    const store = new ServerStore(new MemorySettings(), new MemorySecrets());
    const p = await store.add({ name: 'unpinned', url: a.url, user: a.user }, a.password);
    const before = a.log.filter((l) => /login/i.test(l)).length;
    const c = await store.client(p.id);
    try {
      await assert.rejects(
        c.login(),
        (e: unknown) =>
          e instanceof ManagementError &&
          e.code === 'CERT_UNTRUSTED' &&
          e.details.fingerprint === a.fingerprint,
      );
    } finally {
      c.close();
    }
    assert.equal(a.log.filter((l) => /login/i.test(l)).length, before, 'the server saw no login');
    // trusting exactly that certificate makes it work
    await store.trust(p.id, info.fingerprint256);
    const c2 = await store.client(p.id);
    try {
      await c2.login();
    } finally {
      c2.close();
    }
    await until('the login in the log', () => a.log.filter((l) => /login/i.test(l)).length > before);
    assert.ok(
      a.log.filter((l) => /login/i.test(l)).length > before,
      'a login is visible in the log once trusted',
    );
  });

  it('refuses a changed certificate (same URL, another key) with CERT_CHANGED and an actionable message', async () => {
    const store = new ServerStore(new MemorySettings(), new MemorySecrets());
    // pinned to a's certificate but pointing at b: as if the server had been re-keyed
    const p = await store.add(
      { name: 'rekeyed', url: b.url, user: b.user, fingerprint: a.fingerprint },
      b.password,
    );
    assert.notEqual(a.fingerprint, b.fingerprint);
    const c = await store.client(p.id);
    let err: unknown;
    try {
      await c.login();
    } catch (e) {
      err = e;
    } finally {
      c.close();
    }
    assert.ok(err instanceof ManagementError && err.code === 'CERT_CHANGED', String(err));
    assert.equal((err as ManagementError).details.fingerprint, b.fingerprint);
    const d = describeManagementError(err, 'rekeyed');
    assert.equal(d.action, 'trustCertificate');
    assert.match(d.message, /certificate changed.*Nothing was sent.*\[CERT_CHANGED\]/);
  });

  it('changing the URL drops the pinned certificate', async () => {
    const settings = new MemorySettings();
    const store = new ServerStore(settings, new MemorySecrets());
    const p = await store.add({ name: 's', url: a.url, user: 'u', fingerprint: a.fingerprint }, 'pw');
    const q = await store.update(p.id, { url: b.url });
    assert.equal(q.fingerprint, undefined);
    assert.equal(store.get(p.id).url, b.url);
  });

  it('local servers live in memory only; their credentials are not on the command line', async () => {
    const settings = new MemorySettings();
    const store = new ServerStore(settings, new MemorySecrets());
    const p = await store.add(
      { name: 'Local', url: a.url, user: a.user, fingerprint: a.fingerprint, local: true },
      a.password,
    );
    assert.equal(settings.writes, 0);
    assert.equal(store.list().length, 1);
    assert.equal(await store.password(p.id), a.password);
    const cmdline = readFileSync(`/proc/${a.pid}/cmdline`, 'utf8');
    assert.ok(!cmdline.includes(a.password), 'password not in argv');
    assert.ok(
      [...a.log, ...b.log].every((l) => !l.includes(a.password) && !l.includes(b.password)),
      'no password in the server output the extension shows',
    );
    await store.remove(p.id);
    assert.equal(store.list().length, 0);
  });

  it('a local server stops with its owner: stop() ends the process', async () => {
    const c = await startServe('store-stop');
    const pid = c.pid;
    assert.doesNotThrow(() => process.kill(pid, 0), 'running');
    await c.dispose();
    assert.throws(() => process.kill(pid, 0), 'gone after stop');
    assert.equal(
      await Promise.race([
        c.exited.then(() => 'exited'),
        new Promise((r) => setTimeout(() => r('hung'), 100)),
      ]),
      'exited',
    );
  });

  it('a wrong password is AUTH_FAILED with an "edit server" action', async () => {
    const store = new ServerStore(new MemorySettings(), new MemorySecrets());
    const p = await store.add(
      { name: 'wrong', url: a.url, user: a.user, fingerprint: a.fingerprint },
      'not-the-password',
    );
    const c = await store.client(p.id);
    try {
      const e = await c.login().then(
        () => undefined,
        (x: unknown) => x,
      );
      assert.ok(e instanceof ManagementError && e.code === 'AUTH_FAILED');
      const d = describeManagementError(e, 'wrong');
      assert.equal(d.action, 'editServer');
      assert.ok(!d.message.includes('not-the-password'));
    } finally {
      c.close();
    }
  });
});
