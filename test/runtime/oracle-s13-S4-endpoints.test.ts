/**
 * Session 13 (S4) oracle sweep of MI's endpoint integration tests (tests-service endpoint/test): our own names,
 * back ends and values; each case names the MI test class it mirrors.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S13 S4: endpoints (MI tests-service endpoint tests)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend(async (req, res) => {
      if (req.url?.startsWith('/slow')) await new Promise((r) => setTimeout(r, 1000));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"price":"12"}');
    });
    const relay = (name: string, ep: string, pre = '') =>
      `<proxy ${NS} name="${name}" transports="http"><target><inSequence>${pre}<send><endpoint key="${ep}"/></send></inSequence>
        <outSequence><send/></outSequence><faultSequence><payloadFactory media-type="json"><format>{"code": $1, "why": "$2"}</format>
        <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args></payloadFactory><respond/></faultSequence></target></proxy>`;
    t = await startRuntime({
      'SlowDyn.xml': `<endpoint ${NS} name="SlowDyn"><http method="GET" uri-template="${be.url}/slow"><timeout><duration>{get-property('limit')}</duration><responseAction>fault</responseAction></timeout></http></endpoint>`,
      'TimedTpl.xml': `<template ${NS} name="TimedTpl"><parameter name="limit"/><parameter name="name"/><parameter name="uri"/><endpoint name="$name"><http method="get" uri-template="$uri"><timeout><duration>$limit</duration><responseAction>fault</responseAction></timeout></http></endpoint></template>`,
      'SlowTpl.xml': `<endpoint ${NS} name="SlowTpl" template="TimedTpl" uri="${be.url}/slow"><parameter name="limit" value="{get-property('limit')}"/></endpoint>`,
      'FastTpl.xml': `<endpoint ${NS} name="FastTpl" template="TimedTpl" uri="${be.url}/fast"><parameter name="limit" value="{get-property('limit')}"/></endpoint>`,
      'ViaSlowDyn.xml': relay('ViaSlowDyn', 'SlowDyn', '<property name="limit" value="250"/>'),
      'ViaSlowTpl.xml': relay('ViaSlowTpl', 'SlowTpl', '<property name="limit" value=" 250 "/>'),
      'ViaFastTpl.xml': relay('ViaFastTpl', 'FastTpl'),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('a timeout duration from an expression (inline or through a template parameter) faults with 101504 Send timeout; an unset one is the global timeout, with a WARN (MI DynamicTimeoutEndpointTestCase)', async () => {
    for (const p of ['ViaSlowDyn', 'ViaSlowTpl']) {
      const r = await send(`${t.base}/services/${p}`, { body: '{}', type: 'application/json;charset=UTF-8' });
      assert.deepEqual(r.json(), { code: 101504, why: 'Send timeout' }, p);
    }
    const ok = await send(`${t.base}/services/ViaFastTpl`, {
      body: '{}',
      type: 'application/json;charset=UTF-8',
    });
    assert.equal(ok.text, '{"price":"12"}');
    assert.ok(
      t.logs.some(
        (l) =>
          l.level === 'WARN' &&
          l.message ===
            `Error while evaluating dynamic endpoint timeout expression: get-property('limit') in endpoint: 'FastTpl'. Using the Synapse global timeout: 120000 as the effective timeout. Error: For input string: ""`,
      ),
      t.logs.map((l) => l.message).join('\n'),
    );
  });
});
