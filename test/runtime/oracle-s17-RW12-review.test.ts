/**
 * Review RW12 of session 17 (W1's fa2b21bd: property type JSON of a blank or keyword value).
 * Expected values produced by Synapse/Axis2 (MI 4.4 sources, HEAD f30492dc / 8ffe5865) compiled and driven by a
 * harness (session 17 S1): PropertyMediator.buildJSONElement hands the value to Gson's JsonParser, whose white space is
 * space, tab, line feed and carriage return only; a no-break or em space is text, read as a string.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const CASES: [value: string, out: string][] = [
  ['\u00a0', '{"v":\\"\u00a0\\"}'],
  ['\u2003', '{"v":\\"\u2003\\"}'],
  ['&#9;&#10;', '{"v":null}'],
  [' TRUE ', '{"v":true}'],
  ['nULl', '{"v":null}'],
  // JsonParser.parseReader does not check the rest after a JsonNull; a text of lenient comments only is empty
  ['null x', '{"v":null}'],
  ['NULL;', '{"v":null}'],
  ['nullx', '{"v":\\"nullx\\"}'],
  ['#x', '{"v":null}'],
  ['/*a*/', '{"v":null}'],
  ['/*a', '{"v":\\"/*a\\"}'],
];

describe('property type JSON: blank values, keywords and comments as Gson reads them (review RW12 of s17 W1 fa2b21bd)', () => {
  let t: TestRuntime;
  before(async () => {
    const files: Record<string, string> = {};
    CASES.forEach(([v], i) => {
      files[`RW12j${i}.xml`] = api(
        `RW12j${i}`,
        `/s17rw12/j${i}`,
        `<property name="p" value="${v}" type="JSON"/><payloadFactory media-type="json"><format>{"v":$1}</format>` +
          `<args><arg expression="$ctx:p"/></args></payloadFactory><respond/>`,
      );
    });
    t = await startRuntime(files);
  });
  after(() => t.close());

  CASES.forEach(([v, out], i) =>
    it(`value ${JSON.stringify(v)} into {"v":$1} is ${out}`, async () => {
      const r = await send(`${t.base}/s17rw12/j${i}`, { body: '{}', type: 'application/json' });
      assert.equal(r.text, out);
    }),
  );
});

describe('log property blank name or value, as Java trims it (review RW12 of s17 W2 4545e1eb)', () => {
  // MediatorPropertyFactory.getMediatorProperties; answers of the s17 mi-run harness (MI 4.4 sources)
  it('a blank name is refused at deploy (Entry name is a required attribute for a Log property)', async () => {
    for (const name of ['', ' '])
      await assert.rejects(
        startRuntime({
          'RW12ln.xml': api(
            'RW12ln',
            '/s17rw12/ln',
            `<log level="custom"><property name="${name}" value="x"/></log><respond/>`,
          ),
        }),
        /Entry name is a required attribute for a Log property/,
      );
  });

  it('a value of a no-break or em space deploys (String.trim keeps it), a space is refused', async () => {
    for (const v of ['\u00a0', '\u2003']) {
      const rt = await startRuntime({
        'RW12lv.xml': api(
          'RW12lv',
          '/s17rw12/lv',
          `<log level="custom"><property name="a" value="${v}"/></log><respond/>`,
        ),
      });
      await rt.close();
    }
    await assert.rejects(
      startRuntime({
        'RW12lb.xml': api(
          'RW12lb',
          '/s17rw12/lb',
          '<log level="custom"><property name="a" value=" "/></log><respond/>',
        ),
      }),
      /Entry attribute value \(if specified\) is required for a Log property/,
    );
  });
});
