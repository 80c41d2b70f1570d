import { strict as assert } from 'node:assert';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

/** A schema of our own for a parcel booking. */
const PARCEL_SCHEMA = {
  type: 'object',
  required: ['ref', 'weight'],
  properties: {
    ref: { type: 'string', pattern: '^P[0-9]+$', minLength: 3 },
    weight: { type: 'number', minimum: 1, maximum: 30 },
    kind: { enum: ['box', 'tube'] },
    tags: { type: 'array', maxItems: 2, items: { type: 'string' } },
    dims: {
      type: 'object',
      additionalProperties: false,
      properties: { h: { type: 'integer' }, w: { type: 'integer' } },
    },
  },
};

describe('runtime fidelity (F2): validate reports failures in the words of MI (its JSON schema validator)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'ParcelSchema.xml': `<localEntry ${NS} key="parcelSchema"><![CDATA[${JSON.stringify(PARCEL_SCHEMA)}]]></localEntry>`,
      'Parcels.xml': api(
        'Parcels',
        '/parcels',
        `<validate><schema key="parcelSchema"/><on-fail>
           <payloadFactory media-type="text"><format>$1|$2|code=$3</format><args>
             <arg expression="$ctx:ERROR_MESSAGE"/><arg expression="$ctx:ERROR_DETAIL"/><arg expression="get-property('ERROR_CODE')"/>
           </args></payloadFactory>
           <property name="HTTP_SC" value="400" scope="axis2"/><respond/></on-fail></validate>
         <payloadFactory media-type="json"><format>{"booked":true}</format></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  async function check(body: unknown): Promise<{ message: string; detail: string; code: string }> {
    const r = await send(`${t.base}/parcels`, { body: JSON.stringify(body), type: 'application/json' });
    assert.equal(r.status, 400, r.text);
    const [message, detail, code] = r.text.split('|');
    return { message: message!, detail: detail!, code: code! };
  }

  it('a valid booking passes', async () => {
    const r = await send(`${t.base}/parcels`, {
      body: JSON.stringify({
        ref: 'P100',
        weight: 2.5,
        kind: 'box',
        tags: ['fragile'],
        dims: { h: 1, w: 2 },
      }),
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json(), { booked: true });
  });

  it('each keyword failure has MI wording; ERROR_CODE is not set', async () => {
    let f = await check({ weight: 3 });
    assert.equal(f.message, 'object has missing required properties (["ref"])');
    assert.equal(f.code, 'code=');
    f = await check({});
    assert.equal(f.message, 'object has missing required properties (["ref","weight"])');
    f = await check({ ref: 'P10', weight: 'heavy' });
    assert.equal(
      f.message,
      'instance type (string) does not match any allowed primitive type (allowed: ["number"])',
    );
    f = await check({ ref: 'P10', weight: 0.5 });
    assert.equal(f.message, 'numeric instance is lower than the required minimum (minimum: 1, found: 0.5)');
    f = await check({ ref: 'P10', weight: 31 });
    assert.equal(f.message, 'numeric instance is greater than the required maximum (maximum: 30, found: 31)');
    f = await check({ ref: 'Q12', weight: 2 });
    assert.equal(f.message, 'ECMA 262 regex "^P[0-9]+$" does not match input string "Q12"');
    f = await check({ ref: 'P10', weight: 2, kind: 'bag' });
    assert.equal(f.message, 'instance value ("bag") not found in enum (possible values: ["box","tube"])');
    f = await check({ ref: 'P10', weight: 2, tags: ['a', 'b', 'c'] });
    assert.equal(f.message, 'array is too long: must have at most 2 elements but instance has 3 elements');
    f = await check({ ref: 'P10', weight: 2, dims: { w: 1, z: 2, d: 3 } });
    assert.equal(f.message, 'object instance has properties which are not allowed by the schema: ["d","z"]');
    f = await check({ ref: 'P10', weight: 2, tags: ['ok', 7] });
    assert.equal(
      f.message,
      'instance type (integer) does not match any allowed primitive type (allowed: ["string"])',
    );
  });

  it('the first failure of the walk: a failing object hides its members; members in sorted name order', async () => {
    // the root misses weight, and ref is wrong too: only the root failure is reported
    let f = await check({ ref: 5 });
    assert.equal(f.message, 'object has missing required properties (["weight"])');
    // ref and kind both fail: kind comes first by name
    f = await check({ ref: 'X', weight: 2, kind: 'bag' });
    assert.match(f.message, /^instance value \("bag"\) not found in enum/);
    // two keywords of ref fail (minLength, pattern): the first by keyword name
    f = await check({ ref: 'X', weight: 2 });
    assert.equal(f.message, 'string "X" is too short (length: 1, required minimum: 3)');
  });

  it('ERROR_DETAIL is the validator message in its multi-line form', async () => {
    const f = await check({ ref: 'P10', weight: 0 });
    assert.equal(
      f.detail,
      'Error while validating Json message error: numeric instance is lower than the required minimum (minimum: 1, found: 0)\n' +
        '    level: "error"\n' +
        '    schema: {"loadingURI":"#","pointer":"/properties/weight"}\n' +
        '    instance: {"pointer":"/weight"}\n' +
        '    domain: "validation"\n' +
        '    keyword: "minimum"\n' +
        '    minimum: 1\n' +
        '    found: 0\n',
    );
  });
});
