import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { buildCar, CarError, readCar, unsafeEntryName, type CarApplication } from '../../core/car';
import { registryKey, TokenStore } from '../../runtime-debug/management';
import { parseMultipart } from '../../runtime-debug/management/multipart';
import { tinyCar } from './helpers/rawzip';

async function onlyCarErrors(buf: Buffer): Promise<void> {
  try {
    await readCar(buf, 'fuzz.car');
  } catch (e) {
    assert.ok(e instanceof CarError, `not a CarError: ${(e as Error)?.stack ?? e}`);
  }
}

describe('CAR reader robustness and small units', function () {
  this.timeout(30000);

  it('random bytes and corrupted CARs give CarErrors, never crashes or other exceptions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) =>
        onlyCarErrors(Buffer.from(bytes)),
      ),
      { numRuns: 150 },
    );
    const good = tinyCar();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        async (flips) => {
          const b = Buffer.from(good);
          for (const [i, v] of flips) b[i] = v;
          await onlyCarErrors(b);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('round-trips generated applications (names with spaces and non-ASCII, any content)', async () => {
    const name = fc
      .stringMatching(/^[A-Za-z][\w .äöü-]{0,20}$/)
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(name, { minLength: 1, maxLength: 6, selector: (s) => s.toLowerCase() }),
        fc.string({ maxLength: 50 }),
        async (names, text) => {
          const app: CarApplication = {
            name: 'Gen',
            version: '1.0.0',
            artifacts: names.map((n) => ({
              name: n,
              version: '1.0.0',
              type: 'synapse/sequence',
              serverRole: 'EnterpriseIntegrator',
              file: `${n}-1.0.0.xml`,
              content: Buffer.from(
                // a space after `<!--`: the tolerant parser reads `<!-->` as an empty comment (HTML rules), so a text
                // starting with '>' would not round-trip (a core/xml parser issue, not a CAR one)
                `<sequence xmlns="http://ws.apache.org/ns/synapse" name="${n}"><!-- ${text.replace(/-/g, '_')}--></sequence>`,
              ),
            })),
          };
          const car = await readCar(await buildCar(app), 'gen.car');
          assert.deepEqual(car.artifacts.map((a) => a.name).sort(), [...names].sort());
          for (const a of app.artifacts)
            assert.ok(car.artifacts.find((b) => b.name === a.name)!.content.equals(a.content));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('maps registry paths to the keys mediators use', () => {
    assert.equal(registryKey('/_system/governance/xslt', 'a.xslt'), 'gov:xslt/a.xslt');
    assert.equal(registryKey('/_system/governance/', 'a.json'), 'gov:a.json');
    assert.equal(registryKey('/_system/config/limits', 'x.properties'), 'conf:limits/x.properties');
    assert.equal(registryKey('/_system/local/tmp', 'y'), 'local:tmp/y');
    assert.equal(registryKey('/custom/place', 'z.txt'), 'gov:custom/place/z.txt');
  });

  it('names entry-name dangers precisely', () => {
    assert.equal(unsafeEntryName('a/b.xml'), undefined);
    assert.equal(unsafeEntryName('a/..b/c'), undefined);
    assert.match(unsafeEntryName('a/../b')!, /\.\./);
    assert.match(unsafeEntryName('/a')!, /absolute/);
    assert.match(unsafeEntryName('c:x')!, /drive/);
    assert.match(unsafeEntryName('a\\b')!, /backslash/);
    assert.match(unsafeEntryName('a\0b')!, /NUL/);
  });

  it('tokens expire after their last use and the oldest is evicted past the limit', () => {
    let now = 0;
    const store = new TokenStore(60, 2, () => now);
    const a = store.issue('u');
    now = 50_000;
    assert.equal(store.check(`Bearer ${a}`), 'u'); // refreshes
    now = 100_000;
    assert.equal(store.check(`Bearer ${a}`), 'u');
    now = 161_000;
    assert.equal(store.check(`Bearer ${a}`), undefined);
    const b = store.issue('u');
    const c = store.issue('u');
    const d = store.issue('u');
    assert.equal(store.check(`Bearer ${b}`), undefined);
    assert.equal(store.check(`Bearer ${c}`), 'u');
    assert.equal(store.check(`Bearer ${d}`), 'u');
    assert.equal(store.check(`Basic ${d}`), undefined);
  });

  it('reads multipart bodies and refuses truncated ones', () => {
    const body = Buffer.from(
      '--XY\r\nContent-Disposition: form-data; name="file"; filename="a.car"\r\nContent-Type: application/octet-stream\r\n\r\nPK\r\n--X\r\n--XY\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--XY--\r\n',
    );
    const parts = parseMultipart(body, 'XY');
    assert.equal(parts.length, 2);
    assert.equal(parts[0].filename, 'a.car');
    assert.equal(parts[0].data.toString(), 'PK\r\n--X');
    assert.equal(parts[1].name, 'note');
    assert.equal(parts[1].filename, undefined);
    assert.throws(() => parseMultipart(body.subarray(0, 60), 'XY'), /truncated/);
    assert.throws(() => parseMultipart(Buffer.from('nothing'), 'XY'), /no multipart boundary/);
  });
});
