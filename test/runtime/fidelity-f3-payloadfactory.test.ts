/**
 * payloadFactory with a `$n` that has no argument: MI's regex template processor stops replacing there (an index
 * error it logs as "Mis-match detected between number of formatters and arguments") and writes the rest of the
 * format as it is, later `$n` and `${...}` included. Our own fixtures over real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const MISMATCH = '#replace. Mis-match detected between number of formatters and arguments';

describe('runtime fidelity (F3): payloadFactory argument count mismatch', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'JsonGap.xml': api(
        'JsonGap',
        '/f3pf/json',
        `<payloadFactory media-type="json"><format>{"first":"$1","third":"$3","again":"$1","second":"$2"}</format>
           <args><arg value="one"/><arg value="two"/></args></payloadFactory><respond/>`,
      ),
      'XmlGap.xml': api(
        'XmlGap',
        '/f3pf/xml',
        `<payloadFactory media-type="xml"><format><slip xmlns=""><a>$1</a><b>$2</b><c>$1</c></slip></format>
           <args><arg expression="//code"/></args></payloadFactory><respond/>`,
      ),
      'InlineAfter.xml': api(
        'InlineAfter',
        '/f3pf/inline',
        `<variable name="tag" value="T"/>
         <payloadFactory media-type="json"><format>{"before":"\${vars.tag}","a":"$1","zero":"$0","after":"\${vars.tag}"}</format>
           <args><arg value="x"/></args></payloadFactory><respond/>`,
      ),
      'AllThere.xml': api(
        'AllThere',
        '/f3pf/all',
        `<payloadFactory media-type="text"><format>$2-$1-$2</format>
           <args><arg value="a"/><arg value="b"/></args></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  const errors = () => t.logs.filter((l) => l.message === MISMATCH);

  it('JSON: replacing stops at $3 (two arguments); the rest of the format stays as written, logged at ERROR', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f3pf/json`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '{"first":"one","third":"$3","again":"$1","second":"$2"}');
    assert.equal(errors().length, 1);
    assert.equal(errors()[0]!.level, 'ERROR');
  });

  it('XML: the same stop, the later $1 left as text', async () => {
    const r = await send(`${t.base}/f3pf/xml`, { body: '<q><code>K7</code></q>', type: 'application/xml' });
    assert.equal(r.text, '<slip><a>K7</a><b>$2</b><c>$1</c></slip>');
  });

  it('$0 stops too, and an inline ${...} after the stop is written as it is; one before it is evaluated', async () => {
    const r = await send(`${t.base}/f3pf/inline`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, '{"before":"T","a":"x","zero":"$0","after":"${vars.tag}"}');
  });

  it('no mismatch: every $n replaced and nothing logged', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/f3pf/all`, { body: '{}', type: 'application/json' });
    assert.equal(r.text, 'b-a-b');
    assert.equal(errors().length, 0);
  });
});
