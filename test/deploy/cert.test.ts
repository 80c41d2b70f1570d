import { strict as assert } from 'node:assert';
import { createPrivateKey, createPublicKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCertificate, loadOrCreateCertificate } from '../../runtime-debug/management';
import { loadCredentials } from '../../runtime-debug/management';
import { tempDir } from './helpers/servers';

describe('self-signed certificate of synapse serve', () => {
  it('is a valid X.509 v3 certificate for localhost and 127.0.0.1, signed by its own key', () => {
    const { cert, key } = generateCertificate(['localhost', '127.0.0.1', '::1']);
    const x = new X509Certificate(cert);
    assert.ok(x.verify(createPublicKey(cert)));
    assert.ok(x.checkPrivateKey(createPrivateKey(key)));
    assert.equal(x.checkHost('localhost'), 'localhost');
    assert.equal(x.checkIP('127.0.0.1'), '127.0.0.1');
    assert.match(x.subjectAltName ?? '', /IP Address:0:0:0:0:0:0:0:1/);
    assert.ok(new Date(x.validTo).getTime() > Date.now() + 365 * 24 * 3600 * 1000);
    assert.ok(new Date(x.validFrom).getTime() <= Date.now());
    assert.match(x.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('is cached in the config folder (key 0600), reused, and regenerated when broken or for another host', () => {
    const t = tempDir('cert-');
    try {
      const a = loadOrCreateCertificate('127.0.0.1', t.dir);
      assert.ok(a.generated);
      if (process.platform !== 'win32')
        assert.equal(statSync(join(t.dir, 'serve-key.pem')).mode & 0o777, 0o600);
      const b = loadOrCreateCertificate('127.0.0.1', t.dir);
      assert.equal(b.generated, false);
      assert.equal(b.fingerprint256, a.fingerprint256);
      writeFileSync(join(t.dir, 'serve-cert.pem'), 'garbage');
      const c = loadOrCreateCertificate('127.0.0.1', t.dir);
      assert.ok(c.generated);
      assert.notEqual(c.fingerprint256, a.fingerprint256);
      assert.equal(loadOrCreateCertificate('0.0.0.0', t.dir).generated, false); // a wildcard bind reuses it
      const d = loadOrCreateCertificate('dev-box.example', t.dir);
      assert.ok(d.generated);
      assert.equal(
        new X509Certificate(readFileSync(join(t.dir, 'serve-cert.pem'))).checkHost('dev-box.example'),
        'dev-box.example',
      );
      assert.ok(existsSync(join(t.dir, 'serve-key.pem')));
    } finally {
      t.cleanup();
    }
  });
});

describe('admin credentials of synapse serve', () => {
  it('come from the environment or a config file, never from a default', () => {
    assert.throws(() => loadCredentials({}), /SERVE_NO_CREDENTIALS/);
    assert.throws(() => loadCredentials({ SYNAPSE_ADMIN_USER: 'a' }), /SERVE_NO_CREDENTIALS/);
    assert.deepEqual(loadCredentials({ SYNAPSE_ADMIN_USER: 'a', SYNAPSE_ADMIN_PASSWORD: 'b' }), {
      user: 'a',
      password: 'b',
    });
    const t = tempDir('cred-');
    try {
      const f = join(t.dir, 'serve.json');
      writeFileSync(f, JSON.stringify({ adminUser: 'ops', adminPassword: 'x y z' }));
      assert.deepEqual(loadCredentials({}, f), { user: 'ops', password: 'x y z' });
      writeFileSync(f, '{not json');
      assert.throws(() => loadCredentials({}, f), /serve\.json.*SERVE_BAD_CONFIG/);
    } finally {
      t.cleanup();
    }
  });
});
