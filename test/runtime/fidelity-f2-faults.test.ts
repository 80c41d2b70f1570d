import { strict as assert } from 'node:assert';
import { api, closedPort, NS, send, startRuntime } from './helpers';

describe("runtime fidelity (F2): MI's default fault sequence", () => {
  it('with no fault sequence deployed, the failure is logged as MI default fault sequence logs it; the client gets the error', async () => {
    const dead = await closedPort();
    const t = await startRuntime({
      'Parcels.xml': api(
        'Parcels',
        '/parcels',
        `<call><endpoint><http method="post" uri-template="http://127.0.0.1:${dead}/p"/></endpoint></call><respond/>`,
      ),
    });
    try {
      const r = await send(`${t.base}/parcels`, {
        body: '<parcel><id>7</id></parcel>',
        type: 'application/xml',
      });
      assert.equal(r.status, 500);
      assert.deepEqual(r.json(), { error: { code: 101503, message: 'Error connecting to the back end' } });
      const line = t.logs.find((l) => l.category === 'LogMediator')?.message ?? '';
      assert.match(
        line,
        /^To: \/parcels, MessageID: urn:uuid:[0-9a-f-]+, correlation_id: [0-9a-f-]+, Direction: request, MESSAGE = Executing default 'fault' sequence, ERROR_CODE = 101503, ERROR_MESSAGE = Error connecting to the back end, Envelope: <\?xml version='1.0' encoding='utf-8'\?><soapenv:Envelope [^>]*><soapenv:Body><parcel><id>7<\/id><\/parcel><\/soapenv:Body><\/soapenv:Envelope>$/,
      );
      assert.equal(t.logs.find((l) => l.category === 'LogMediator')?.artifact, 'api:Parcels');
    } finally {
      await t.close();
    }
  });

  it('a deployed fault sequence replaces it', async () => {
    const dead = await closedPort();
    const t = await startRuntime({
      'fault.xml': `<sequence ${NS} name="fault"><payloadFactory media-type="text"><format>own fault</format></payloadFactory><respond/></sequence>`,
      'Parcels.xml': api(
        'Parcels',
        '/parcels',
        `<call><endpoint><http method="get" uri-template="http://127.0.0.1:${dead}/p"/></endpoint></call><respond/>`,
      ),
    });
    try {
      const r = await send(`${t.base}/parcels`);
      assert.equal(r.text, 'own fault');
      assert.ok(!t.logs.some((l) => l.message.includes("Executing default 'fault' sequence")));
    } finally {
      await t.close();
    }
  });
});
