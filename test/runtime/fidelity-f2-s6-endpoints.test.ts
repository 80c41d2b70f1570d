/**
 * Endpoints as MI's EndpointContext and SynapseConfiguration keep them (helper F2, session 6), our own fixtures over
 * real HTTP.
 * - A template (endpoint or sequence) named by a registry key is loaded from the registry, as
 *   SynapseConfiguration.getEndpointTemplate / getSequenceTemplate do for a key with no local entry (MI tests-other
 *   EndpointTemplateSuspensionTest keeps its endpoint and its template in the registry).
 * - A timeout whose code is one of markForSuspension's: the endpoint is TIMEOUT, not used until retryDelay passed
 *   ("Currently , Address endpoint : [ Name : N ] [ State : TIMEOUT ]"), logged "is marked as TIMEOUT and will be
 *   retried : R more time/s after : DATE until its marked SUSPENDED for failure"; when no retry remains, "has been
 *   marked for SUSPENSION, but no further retries remain. Thus it will be SUSPENDED." and the suspension
 *   (EndpointContext.setState(ST_TIMEOUT), readyToSend).
 */
import assert from 'node:assert/strict';
import { send, startBackend, startProjectRuntime, type Backend, type TestRuntime } from './helpers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('runtime fidelity (F2 s6): endpoint templates from the registry, timeout state', () => {
  let t: TestRuntime;
  let slow: Backend;
  let quick: Backend;
  before(async () => {
    slow = await startBackend((_req, res) => {
      const timer = setTimeout(() => res.end('late'), 1500);
      res.on('close', () => clearTimeout(timer));
    });
    quick = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ reached: req.url }));
    });
    t = await startProjectRuntime(
      {
        'pom.xml': '<project/>',
        'src/main/wso2mi/artifacts/apis/Harbour.xml': `<api ${NS} name="Harbour" context="/harbour">
          <resource methods="GET" uri-template="/pier"><inSequence><call><endpoint key="conf:/docks/pier.xml"/></call>
            <respond/></inSequence></resource>
          <resource methods="GET" uri-template="/crane"><inSequence>
            <call-template target="gov:/routines/crane.xml"><with-param name="load" value="steel"/></call-template>
            <respond/></inSequence></resource>
          <resource methods="GET" uri-template="/slow"><inSequence><call><endpoint key="Lighthouse"/></call><respond/></inSequence>
            <faultSequence><payloadFactory media-type="json"><format>{"code":"$1"}</format>
              <args><arg expression="$ctx:ERROR_CODE"/></args></payloadFactory><respond/></faultSequence></resource>
        </api>`,
        'src/main/wso2mi/artifacts/endpoints/Lighthouse.xml': `<endpoint ${NS} name="Lighthouse">
          <address uri="${slow.url}/beam"><timeout><duration>200</duration><responseAction>fault</responseAction></timeout>
            <suspendOnFailure><initialDuration>60000</initialDuration></suspendOnFailure>
            <markForSuspension><errorCodes>101504</errorCodes><retriesBeforeSuspension>1</retriesBeforeSuspension>
              <retryDelay>700</retryDelay></markForSuspension></address></endpoint>`,
        'src/main/wso2mi/resources/registry/conf/docks/pier.xml': `<endpoint ${NS} name="pier" template="conf:/docks/berth.xml" uri="${quick.url}/berth"/>`,
        'src/main/wso2mi/resources/registry/conf/docks/berth.xml': `<template ${NS} name="berth"><parameter name="uri"/>
          <endpoint name="$name"><address uri="$uri"/></endpoint></template>`,
        'src/main/wso2mi/resources/registry/gov/routines/crane.xml': `<template ${NS} name="crane"><parameter name="load"/>
          <sequence><payloadFactory media-type="json"><format>{"lifted":"$1"}</format><args><arg expression="$func:load"/></args>
          </payloadFactory></sequence></template>`,
      },
      'f2s6ep',
    );
  });
  after(async () => {
    await t?.close();
    await slow?.close();
    await quick?.close();
  });

  it('an endpoint template kept in the registry is instantiated by its key', async () => {
    const r = await send(`${t.base}/harbour/pier`);
    assert.equal(r.status, 200, r.text);
    // an address endpoint in an API call gets the resource path (REST_URL_POSTFIX) appended, as in MI
    assert.deepEqual(r.json(), { reached: '/berth/pier' });
  });

  it('a sequence template kept in the registry runs by its key', async () => {
    const r = await send(`${t.base}/harbour/crane`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { lifted: 'steel' });
  });

  it('a timeout marks the endpoint TIMEOUT until retryDelay, then suspends it when no retry remains', async () => {
    const n = t.logs.length;
    const first = await send(`${t.base}/harbour/slow`);
    assert.deepEqual(first.json(), { code: '101504' });
    const during = await send(`${t.base}/harbour/slow`);
    assert.deepEqual(during.json(), { code: '303001' });
    await new Promise((r) => setTimeout(r, 750));
    const after = await send(`${t.base}/harbour/slow`);
    assert.deepEqual(after.json(), { code: '101504' });
    const lines = t.logs
      .slice(n)
      .filter((l) => l.category === 'EndpointContext')
      .map((l) => `${l.level} ${l.message}`);
    const addr = `Lighthouse with address ${slow.url}/beam`;
    assert.match(
      lines[0] ?? '',
      new RegExp(
        `^WARN Endpoint : ${addr} is marked as TIMEOUT and will be retried : 0 more time/s after : .+ until its marked SUSPENDED for failure$`,
      ),
    );
    assert.equal(
      lines[1],
      `INFO Endpoint : ${addr} has been marked for SUSPENSION, but no further retries remain. Thus it will be SUSPENDED.`,
    );
    assert.match(
      lines[2] ?? '',
      new RegExp(
        `^WARN Suspending endpoint : ${addr} - current suspend duration is : 60000ms - Next retry after : `,
      ),
    );
    assert.equal(lines.length, 3, lines.join('\n'));
  });
});
