/**
 * call-template as MI's documentation shows it (helper D2, session 7), over real HTTP with our own fixtures:
 * - Example 1: a static with-param and an {xpath} one reach $func:;
 * - MI 4.4: ${params.functionParams.x} reads a with-param given as {${...}};
 * - Example 3: a mandatory parameter the call does not give fails, even when the template declares a default
 *   (Synapse TemplateContext.setupParams checks isMandatory before the default: ERROR_CODE 500101, "Neither a value
 *   nor default value is provided for mandatory parameter: P in seq-template T"), and the call's onError sequence
 *   handles it (InvokeMediator pushes it before the template runs); ours had used the default.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, NS, type TestRuntime } from './helpers';

describe('runtime fidelity (D2, s7): call-template as documented', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Hail.xml': `<template ${NS} name="Hail"><parameter name="words"/><sequence>
          <log level="custom"><property expression="$func:words" name="HAIL"/></log></sequence></template>`,
      'Pair.xml': `<template ${NS} name="Pair"><parameter name="who"/><parameter name="times"/><sequence>
          <log category="INFO"><message>pair who=\${params.functionParams.who} times=\${params.functionParams.times}</message></log>
        </sequence></template>`,
      'Needy.xml': `<template ${NS} name="Needy"><parameter isMandatory="true" defaultValue="Ahoy" name="salute"/><sequence>
          <log level="custom"><property expression="$func:salute" name="SALUTE"/></log></sequence></template>`,
      'Mend.xml': `<sequence ${NS} name="Mend"><log level="custom"><property name="mend" value="template failed"/>
          <property name="code" expression="get-property('ERROR_CODE')"/><property name="why" expression="get-property('ERROR_MESSAGE')"/></log>
          <payloadFactory media-type="json"><format>{"mended": true}</format></payloadFactory><respond/></sequence>`,
      'Calls.xml': api(
        'Calls',
        '/d2ct/calls',
        `<call-template target="Hail"><with-param name="words" value="Saluton mondo"/></call-template>
         <call-template target="Hail"><with-param name="words" value="{//who}"/></call-template>
         <call-template target="Pair"><with-param name="who" value="{\${payload.who}}"/><with-param name="times" value="2"/></call-template>
         <respond/>`,
      ),
      'Guarded.xml': api(
        'Guarded',
        '/d2ct/guarded',
        `<call-template target="Needy" onError="Mend"/><log level="custom"><property name="went" value="on"/></log><respond/>`,
      ),
      'Bare.xml': `<api ${NS} name="Bare" context="/d2ct/bare"><resource methods="POST"><inSequence>
          <call-template target="Needy"/><respond/></inSequence><faultSequence>
          <payloadFactory media-type="json"><format>{"code": "\${props.synapse.ERROR_CODE}"}</format></payloadFactory><respond/>
        </faultSequence></resource></api>`,
    });
  });
  after(() => t.close());
  const messages = () => t.logs.map((l) => l.message);

  it('static and {xpath} with-params reach $func:, {${...}} ones reach params.functionParams', async () => {
    const r = await send(`${t.base}/d2ct/calls`, { body: '{"who": "tomo"}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.ok(messages().includes('HAIL = Saluton mondo'), messages().join('\n'));
    assert.ok(messages().includes('HAIL = tomo'), messages().join('\n'));
    assert.ok(messages().includes('pair who=tomo times=2'), messages().join('\n'));
  });

  it('a mandatory parameter not given fails despite its default; the call s onError handles it', async () => {
    const r = await send(`${t.base}/d2ct/guarded`, { body: '{}', type: 'application/json' });
    assert.deepEqual(r.json(), { mended: true });
    assert.ok(
      messages().includes(
        'mend = template failed, code = 500101, why = Neither a value nor default value is provided for mandatory parameter: salute in seq-template Needy',
      ),
      messages().join('\n'),
    );
    assert.ok(!messages().some((m) => m.startsWith('SALUTE') || m === 'went = on'), messages().join('\n'));
  });

  it('without onError the resource s fault sequence sees ERROR_CODE 500101', async () => {
    const r = await send(`${t.base}/d2ct/bare`, { body: '{}', type: 'application/json' });
    assert.deepEqual(r.json(), { code: '500101' });
  });
});
