/**
 * The API definition at /<API name>?swagger.json (helper F2, session 6), our own fixture over real HTTP: MI's
 * SwaggerJsonProcessor takes the request path as the API's name (Name:vVERSION for a versioned API; MI tests-service
 * OpenApiForAPIsTestCase asks /SwaggerPetstore:v1.0.5?swagger.json). Ours served it at <context>?swagger.json only.
 */
import assert from 'node:assert/strict';
import { send, startRuntime, NS, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): OpenAPI document by API name', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Orchard.xml': `<api ${NS} name="Orchard" context="/trees" version="3.0" version-type="url">
        <resource methods="GET" url-mapping="/apples"><inSequence><respond/></inSequence></resource></api>`,
      'Meadow.xml': `<api ${NS} name="Meadow" context="/grass">
        <resource methods="GET" url-mapping="/"><inSequence><respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('serves a versioned API at /Name:vVERSION?swagger.json', async () => {
    const r = await send(`${t.base}/Orchard:v3.0?swagger.json`);
    assert.equal(r.status, 200, r.text);
    const doc = r.json() as { info: { title: string; version: string }; servers: { url: string }[] };
    assert.deepEqual(
      [doc.info.title, doc.info.version, doc.servers[0]?.url],
      ['Orchard', '3.0', `${t.base}/trees/3.0`],
    );
  });

  it('serves an unversioned API at /Name?swagger.json', async () => {
    const r = await send(`${t.base}/Meadow?swagger.json`);
    assert.equal(r.status, 200, r.text);
    assert.equal((r.json() as { info: { title: string } }).info.title, 'Meadow');
  });
});
