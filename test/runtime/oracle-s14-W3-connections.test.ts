/**
 * Session 14 (W3): what MI refuses when it deploys an HTTP connection (`<http.init>`), read once
 * (core/httpConnection.ts) by `synapse validate` and `synapse run` with the same codes, and authentication values
 * that MI compiles only when a message is sent (OAuthUtils.resolveExpression: BasicAuthHandler and the OAuth handlers
 * keep the text), so a `{…}` one that does not compile deploys and fails the call with 303003. No MI test (sources:
 * LocalEntryDeployer.deployEndpointsForHTTPConnection, EndpointDefinitionFactory, AuthUtils.getAuthHandler,
 * BasicAuthConfiguredHTTPEndpoint.send, OAuthConfiguredHTTPEndpoint.send).
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime } from './helpers';
import { scratchProject } from '../validate/scratch';

const init = (key: string, fields: string): string =>
  `<localEntry ${NS} key="${key}"><http.init><connectionType>HTTP</connectionType><name>${key}</name>
    <baseUrl>http://127.0.0.1:9</baseUrl>${fields}</http.init></localEntry>`;

/** The codes `synapse run` loads a file with (its problems), or [] when it deploys. */
async function runCodes(file: string, text: string): Promise<string[]> {
  try {
    const t = await startRuntime({ [file]: text });
    await t.close();
    return [];
  } catch (e) {
    return [...(e as Error).message.matchAll(/ (RT_[A-Z_]+) /g)].map((m) => m[1]);
  }
}

describe('oracle S14 W3: HTTP connections as MI deploys them (validate and run agree)', () => {
  it('a timeout that is no number or a {…} one that does not compile, another timeout action, authentication without its values: the same error code from both', async () => {
    const fx = scratchProject('s14-w3-conn-', 'Kiln');
    try {
      const cases: [string, string, string][] = [
        ['SoonTimeout', `<timeoutDuration>soon</timeoutDuration>`, 'RT_BAD_CONNECTION'],
        ['OpenTimeout', `<timeoutDuration>{\${vars.t +}}</timeoutDuration>`, 'RT_BAD_CONNECTION'],
        [
          'RetryAction',
          `<timeoutDuration>90</timeoutDuration><timeoutAction>Retry</timeoutAction>`,
          'RT_BAD_TIMEOUT_ACTION',
        ],
        ['HalfBasic', `<authType>Basic Auth</authType><username>potter</username>`, 'RT_BAD_CONNECTION'],
        [
          'HalfOAuth',
          `<authType>OAuth</authType><oauthGrantType>Password</oauthGrantType><clientId>c</clientId><clientSecret>s</clientSecret><tokenUrl>http://127.0.0.1:9/t</tokenUrl><username>u</username>`,
          'RT_BAD_CONNECTION',
        ],
        // what MI deploys: a {…} timeout that compiles, Never in any case, {…} credentials (compiled per message)
        [
          'GoodTimeout',
          `<timeoutDuration>{\${vars.t}}</timeoutDuration><timeoutAction>NEVER</timeoutAction>`,
          '',
        ],
        [
          'OpenBasic',
          `<authType>Basic Auth</authType><username>{\${vars.u +}}</username><password>p</password>`,
          '',
        ],
        [
          'OpenOAuth',
          `<authType>OAuth</authType><oauthGrantType>Client Credentials</oauthGrantType><clientId>{\${vars.c +}}</clientId><clientSecret>s</clientSecret><tokenUrl>http://127.0.0.1:9/t</tokenUrl>`,
          '',
        ],
      ];
      for (const [key, fields, code] of cases) {
        const rel = `Kiln/src/main/wso2mi/artifacts/local-entries/${key}.xml`;
        fx.put(rel, init(key, fields));
        const validated = fx
          .validate(rel)
          .filter((f) => f.severity === 'error')
          .map((f) => f.code);
        assert.deepEqual(validated, code ? [code] : [], `validate ${key}`);
        assert.deepEqual(await runCodes(`${key}.xml`, init(key, fields)), code ? [code] : [], `run ${key}`);
      }
    } finally {
      fx.dispose();
    }
  });

  it('a {…} credential that does not compile deploys; an endpoint fails the call with 303003, as MI fails it when it sends', async () => {
    const fault = `<faultSequence><payloadFactory media-type="json"><format>{"code": "$1", "message": "$2"}</format><args>
      <arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>`;
    const t = await startRuntime({
      'OpenBasic.xml': init(
        'OpenBasic',
        `<authType>Basic Auth</authType><username>{\${vars.u +}}</username><password>p</password>`,
      ),
      'OpenOAuth.xml': init(
        'OpenOAuth',
        `<authType>OAuth</authType><oauthGrantType>Client Credentials</oauthGrantType><clientId>{\${vars.c +}}</clientId><clientSecret>s</clientSecret><tokenUrl>http://127.0.0.1:9/t</tokenUrl>`,
      ),
      'Gate.xml': `<endpoint ${NS} name="Gate"><http method="get" uri-template="http://127.0.0.1:9/x"><authentication><basicAuth>
        <username>{\${vars.u +}}</username><password>p</password></basicAuth></authentication></http></endpoint>`,
      'Token.xml': `<endpoint ${NS} name="Token"><http method="get" uri-template="http://127.0.0.1:9/x"><authentication><oauth><clientCredentials>
        <clientId>{\${vars.c +}}</clientId><clientSecret>s</clientSecret><tokenUrl>http://127.0.0.1:9/t</tokenUrl></clientCredentials></oauth></authentication></http></endpoint>`,
      'Glaze.xml': `<api ${NS} name="Glaze" context="/glaze">
        <resource methods="GET" uri-template="/conn"><inSequence><http.get configKey="OpenBasic"><relativePath>/x</relativePath></http.get><respond/></inSequence>${fault}</resource>
        <resource methods="GET" uri-template="/oauth"><inSequence><http.get configKey="OpenOAuth"><relativePath>/x</relativePath></http.get><respond/></inSequence>${fault}</resource>
        <resource methods="GET" uri-template="/token"><inSequence><call><endpoint key="Token"/></call><respond/></inSequence>${fault}</resource>
        <resource methods="GET" uri-template="/ep"><inSequence><call><endpoint key="Gate"/></call><respond/></inSequence>${fault}</resource></api>`,
    });
    try {
      // an endpoint's BasicAuthConfiguredHTTPEndpoint: the AuthException of resolveExpression (informFailure)
      let r = await send(`${t.base}/glaze/ep`);
      assert.deepEqual(r.json(), { code: '303003', message: 'Error while setting basic auth header' });
      // OAuthConfiguredHTTPEndpoint: handleError(message + the AuthException's)
      r = await send(`${t.base}/glaze/token`);
      assert.deepEqual(r.json(), {
        code: '303003',
        message:
          'Could not generate access token for oauth configured http endpoint Token. Error while building the expression : ${vars.c +}',
      });
      // a connection's operation builds the init's template call first (InvokeMediator with its {…} parameters),
      // which fails before the endpoint is reached (RT_HTTP_CONNECTION's fault)
      for (const path of ['conn', 'oauth']) {
        r = await send(`${t.base}/glaze/${path}`);
        const got = r.json() as { code: string; message: string };
        assert.equal(got.code, '0', path);
        assert.match(
          got.message,
          /^The connection 'Open(Basic|OAuth)' \(Open\w+\.xml:1\) has errors: /,
          path,
        );
      }
    } finally {
      await t.close();
    }
  });
});
