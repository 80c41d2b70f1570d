/**
 * The generated OpenAPI document (helper F2, session 6), our own fixture over real HTTP. MI's generated document
 * (MI tests-service OpenApiForAPIsTestCase compares it key by key, in order): info {title, description "API
 * Definition of NAME", version}; a path's operations in the OpenAPI model's order (get, put, post, delete...); an
 * operation's parameters, then requestBody (POST/PUT/PATCH: "Sample Payload", a `payload` object, not required),
 * then responses. Ours had its own description, the resources' order and a bare body schema.
 */
import assert from 'node:assert/strict';
import type { ApiDef } from '../../runtime-debug/engine/model';
import { openApiFor } from '../../runtime-debug/engine/openapi';
import { send, startRuntime, NS, type TestRuntime } from './helpers';

describe('runtime fidelity (F2 s6): generated OpenAPI document', () => {
  let t: TestRuntime;
  before(async () => {
    const res = (methods: string, where: string) =>
      `<resource methods="${methods}" ${where}><inSequence><respond/></inSequence></resource>`;
    t = await startRuntime({
      'Garden.xml': `<api ${NS} name="Garden" context="/garden" version="2.1" version-type="context">
        ${res('POST', 'url-mapping="/plants"')}${res('GET', 'url-mapping="/plants"')}
        ${res('DELETE PUT', 'uri-template="/plants/{plantId}"')}</api>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it("has the shape and the key order of MI's generated document", async () => {
    const r = await send(`${t.base}/garden?swagger.json`);
    assert.equal(r.status, 200, r.text);
    const body = {
      description: 'Sample Payload',
      content: {
        'application/json': { schema: { type: 'object', properties: { payload: { type: 'object' } } } },
      },
      required: false,
    };
    const responses = { default: { description: 'Default response' } };
    const id = [{ name: 'plantId', in: 'path', required: true, schema: { type: 'string' } }];
    const expected = {
      openapi: '3.0.1',
      info: { title: 'Garden', description: 'API Definition of Garden', version: '2.1' },
      servers: [{ url: `${t.base}/garden` }],
      paths: {
        '/plants': { get: { responses }, post: { requestBody: body, responses } },
        '/plants/{plantId}': {
          put: { parameters: id, requestBody: body, responses },
          delete: { parameters: id, responses },
        },
      },
    };
    // JSON text compared, so the order of the keys counts as in MI's test
    assert.equal(JSON.stringify(r.json()), JSON.stringify(expected));
  });

  it('lists one server per listener base URL given (MI lists its http and https servers)', async () => {
    const api = { name: 'Pond', context: '/pond', resources: [] } as unknown as ApiDef;
    const doc = openApiFor(api, ['http://localhost:8290', 'https://localhost:8253']);
    assert.deepEqual(doc.servers, [
      { url: 'http://localhost:8290/pond' },
      { url: 'https://localhost:8253/pond' },
    ]);
  });
});
