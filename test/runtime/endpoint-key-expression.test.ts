/**
 * `<endpoint key-expression="..."/>`: the endpoint is named per message (MI's resolving endpoint), e.g. by a template
 * parameter (`$func:endpoint`) or a property (`$ctx:target`). Real HTTP against two real backends.
 */
import assert from 'node:assert/strict';
import { NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('runtime: endpoint key-expression', () => {
  let t: TestRuntime;
  let red: Backend;
  let blue: Backend;
  before(async () => {
    const answer = (name: string) => async () =>
      startBackend((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ from: name }));
      });
    red = await answer('red')();
    blue = await answer('blue')();
    t = await startRuntime({
      'RedEP.xml': `<endpoint ${NS} name="RedEP"><address uri="${red.url}/r"/></endpoint>`,
      'BlueEP.xml': `<endpoint ${NS} name="BlueEP"><address uri="${blue.url}/b"/></endpoint>`,
      'CallTo.xml': `<template ${NS} name="CallTo"><parameter name="endpoint"/><sequence>
          <call><endpoint key-expression="$func:endpoint"/></call><respond/>
        </sequence></template>`,
      'Pick.xml': `<api ${NS} name="Pick" context="/pick">
        <resource methods="GET" uri-template="/tpl/{ep}"><inSequence>
          <call-template target="CallTo"><with-param name="endpoint" value="{get-property('uri.var.ep')}"/></call-template>
        </inSequence></resource>
        <resource methods="GET" uri-template="/prop/{ep}"><inSequence>
          <property name="target" expression="get-property('uri.var.ep')"/>
          <call><endpoint key-expression="$ctx:target"/></call><respond/>
        </inSequence><faultSequence>
          <payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format>
            <args><arg expression="get-property('ERROR_CODE')"/><arg expression="get-property('ERROR_MESSAGE')"/></args>
          </payloadFactory><respond/>
        </faultSequence></resource>
      </api>`,
    });
  });
  after(async () => {
    await t.close();
    await red.close();
    await blue.close();
  });

  it('calls the endpoint a template parameter names', async () => {
    assert.deepEqual((await send(`${t.base}/pick/tpl/RedEP`)).json(), { from: 'red' });
    assert.deepEqual((await send(`${t.base}/pick/tpl/BlueEP`)).json(), { from: 'blue' });
  });

  it('calls the endpoint a property names; an unknown name faults with 305100', async () => {
    assert.deepEqual((await send(`${t.base}/pick/prop/BlueEP`)).json(), { from: 'blue' });
    const r = await send(`${t.base}/pick/prop/NoSuchEP`);
    assert.deepEqual(r.json(), {
      code: '305100',
      message: "Couldn't find the endpoint with the key : NoSuchEP",
    });
  });
});
