/**
 * Session 13 (L): call-template's responseVariable and overwriteBody (own fixtures). InvokeMediator evaluates them
 * before the template (prepareForMediation) and again after it, on the message the template left
 * (postMediate: storeResponseInVariableEnabled, isOverwriteBodyEnabled, processConnectorResponse): a name read from
 * the payload is the one the template's result leaves.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

describe('oracle S13 L: call-template responseVariable is read again after the template (InvokeMediator.postMediate; no MI test)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Turn.xml': `<template ${NS} name="Turn"><sequence>
          <payloadFactory media-type="json"><format>{"slot":"after","n":2}</format><args/></payloadFactory></sequence></template>`,
      'Lathe.xml': `<api ${NS} name="Lathe" context="/lathe"><resource methods="POST"><inSequence>
          <call-template target="Turn"><with-param name="responseVariable" value="{\${payload.slot}}"/></call-template>
          <log category="INFO"><message>after \${vars.after.payload.slot} before \${vars.before.payload.slot}</message></log><respond/></inSequence></resource></api>`,
    });
  });
  after(() => t?.close());

  it("the variable is named by the template's result and the body comes back", async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/lathe`, { body: '{"slot":"before","n":1}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(JSON.parse(r.text), { slot: 'before', n: 1 });
    assert.deepEqual(
      t.logs.filter((l) => l.message.startsWith('after ')).map((l) => l.message),
      ['after after before '],
    );
  });
});
