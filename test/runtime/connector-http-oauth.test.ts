/**
 * HTTP connections with `<authType>OAuth</authType>`: the token request (grant, client in the header or the payload,
 * additional properties), the bearer token on the call, the token cache, one retry with a new token after a 401, and
 * a token endpoint that refuses. A real token server and a real backend on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { apiAnsweringFaults } from './connectorFixtures';

const apiWith = (name: string, body: string) =>
  apiAnsweringFaults(name, `/${name.toLowerCase()}`, body, 'GET POST');

describe('runtime: HTTP connector with OAuth connections', () => {
  let t: TestRuntime;
  let tokens: Backend;
  let api: Backend;
  let issued = 0;
  /** Tokens the backend accepts. */
  const valid = new Set<string>();
  before(async () => {
    tokens = await startBackend((req, res) => {
      if (req.url === '/broken') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('down');
        return;
      }
      const token = `tok-${++issued}`;
      valid.add(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    });
    api = await startBackend((req, res) => {
      const auth = String(req.headers.authorization ?? '');
      if (!valid.has(auth.replace(/^Bearer /, ''))) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":"invalid_token"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ auth, path: req.url, body: req.body }));
    });
    const oauth = (key: string, extra: string) =>
      `<localEntry ${NS} key="${key}"><http.init><name>${key}</name><baseUrl>${api.url}</baseUrl>
        <authType>OAuth</authType>${extra}</http.init></localEntry>`;
    t = await startRuntime({
      'Cc.xml': oauth(
        'Cc',
        `<oauthGrantType>Client Credentials</oauthGrantType><clientId>app-1</clientId><clientSecret>s3cr3t</clientSecret>
         <tokenUrl>${tokens.url}/token</tokenUrl><oauthAuthorizationMode>Header</oauthAuthorizationMode>
         <additionalProperties>scope:read,audience:stock</additionalProperties>`,
      ),
      'Pw.xml': oauth(
        'Pw',
        `<oauthGrantType>Password</oauthGrantType><clientId>app-2</clientId><clientSecret>other</clientSecret>
         <username>clerk</username><password>pa55</password>
         <tokenUrl>${tokens.url}/token</tokenUrl><oauthAuthorizationMode>Payload</oauthAuthorizationMode>`,
      ),
      'Fresh.xml': oauth(
        'Fresh',
        `<oauthGrantType>Client Credentials</oauthGrantType><clientId>app-3</clientId><clientSecret>z</clientSecret>
         <tokenUrl>${tokens.url}/token</tokenUrl>`,
      ),
      'FreshApi.xml': apiWith(
        'FreshApi',
        `<http.post configKey="Fresh"><relativePath>/fresh</relativePath></http.post><respond/>`,
      ),
      'Refused.xml': oauth(
        'Refused',
        `<oauthGrantType>Client Credentials</oauthGrantType><clientId>x</clientId><clientSecret>y</clientSecret>
         <tokenUrl>${tokens.url}/broken</tokenUrl>`,
      ),
      'CcApi.xml': apiWith(
        'CcApi',
        `<http.post configKey="Cc"><relativePath>/items</relativePath><requestBodyType>JSON</requestBodyType>
           <requestBodyJson>\${payload}</requestBodyJson></http.post><respond/>`,
      ),
      'PwApi.xml': apiWith(
        'PwApi',
        `<http.get configKey="Pw"><relativePath>/who</relativePath></http.get><respond/>`,
      ),
      'RefusedApi.xml': apiWith(
        'RefusedApi',
        `<http.get configKey="Refused"><relativePath>/x</relativePath></http.get><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await tokens?.close();
    await api?.close();
  });

  it('client credentials in the header: the token request, then the call with the bearer token', async () => {
    const r = await send(`${t.base}/ccapi/x`, { body: '{"n":1}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    const got = r.json() as { auth: string; path: string; body: string };
    assert.equal(got.auth, 'Bearer tok-1');
    assert.deepEqual(JSON.parse(got.body), { n: 1 });
    const tr = tokens.requests.at(-1)!;
    assert.equal(tr.method, 'POST');
    assert.equal(tr.url, '/token');
    assert.equal(tr.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(tr.headers.authorization, `Basic ${Buffer.from('app-1:s3cr3t').toString('base64')}`);
    assert.equal(tr.body, 'grant_type=client_credentials&scope=read&audience=stock');
  });

  it('keeps the token: a second call asks for none', async () => {
    const before = tokens.requests.length;
    const r = await send(`${t.base}/ccapi/x`, { body: '{"n":2}', type: 'application/json' });
    assert.equal((r.json() as { auth: string }).auth, 'Bearer tok-1');
    assert.equal(tokens.requests.length, before);
  });

  it('messages that need a token at the same time wait for one token request', async () => {
    const before = tokens.requests.length;
    const answers = await Promise.all(
      [1, 2, 3].map((n) => send(`${t.base}/freshapi/x`, { body: `{"n":${n}}`, type: 'application/json' })),
    );
    assert.deepEqual(
      answers.map((a) => a.status),
      [200, 200, 200],
    );
    assert.equal(tokens.requests.length - before, 1);
  });

  it('a 401 drops the token and sends the same request once more with a new one', async () => {
    valid.delete('tok-1');
    const before = { tokens: tokens.requests.length, api: api.requests.length };
    const r = await send(`${t.base}/ccapi/x`, { body: '{"n":3}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    const got = r.json() as { auth: string; body: string };
    assert.match(got.auth, /^Bearer tok-\d+$/);
    assert.notEqual(got.auth, 'Bearer tok-1');
    assert.deepEqual(JSON.parse(got.body), { n: 3 }, 'the retry sends the request body again');
    assert.equal(tokens.requests.length - before.tokens, 1);
    assert.equal(api.requests.length - before.api, 2);
  });

  it('password grant with the client in the payload: no Authorization header on the token request', async () => {
    const r = await send(`${t.base}/pwapi/x`);
    assert.equal(r.status, 200, r.text);
    const tr = tokens.requests.at(-1)!;
    assert.equal(tr.headers.authorization, undefined);
    assert.equal(
      tr.body,
      'grant_type=password&username=clerk&password=pa55&client_id=app-2&client_secret=other',
    );
  });

  it('a token endpoint that refuses fails the call with 303003', async () => {
    const r = await send(`${t.base}/refusedapi/x`);
    const got = r.json() as { code: string; message: string };
    assert.equal(got.code, '303003');
    assert.match(
      got.message,
      /^Could not generate access token for oauth configured http endpoint Refused_INTERNAL_ENDPOINT_REFERENCE\. Error while accessing the Token URL\. HTTP\/1\.1 500/,
    );
  });

  it('an OAuth connection without a client secret or token URL is a load problem, and faults when used (its endpoint not deployed: ResolvingEndpoint.sendMessage)', async () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Incomplete.xml',
        text: `<localEntry ${NS} key="Incomplete"><http.init><name>Incomplete</name><baseUrl>${api.url}</baseUrl>
          <authType>OAuth</authType><oauthGrantType>Client Credentials</oauthGrantType><clientId>x</clientId>
          </http.init></localEntry>`,
      },
      {
        name: 'IncompleteApi.xml',
        text: apiWith(
          'IncompleteApi',
          `<http.get configKey="Incomplete"><relativePath>/x</relativePath></http.get><respond/>`,
        ),
      },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.file}:${p.line} ${p.code}`),
      ['Incomplete.xml:1 RT_BAD_CONNECTION'],
    );
    const { port } = await rt.start();
    try {
      const r = await send(`http://127.0.0.1:${port}/incompleteapi/x`);
      // MI deploys the entry, not its endpoint: ResolvingEndpoint.sendMessage finds no endpoint of that key
      assert.equal(
        (r.json() as { message: string }).message,
        "Couldn't find the endpoint with the key : Incomplete_INTERNAL_ENDPOINT_REFERENCE",
      );
    } finally {
      await rt.stop(1000);
    }
  });
});
