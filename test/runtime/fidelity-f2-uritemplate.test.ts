import { strict as assert } from 'node:assert';
import { NS, send, startBackend, startRuntime, type TestRuntime } from './helpers';

const echo = (v: string) =>
  `<payloadFactory media-type="text"><format>$1</format><args><arg expression="get-property('uri.var.${v}')"/></args></payloadFactory><respond/>`;

describe('runtime fidelity (F2): uri-template variables and reserved characters (as MI matches them)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Members.xml': `<api ${NS} name="Members" context="/members">
        <resource methods="GET" uri-template="/by-mail/{mail}"><inSequence>${echo('mail')}</inSequence></resource>
        <resource methods="GET" uri-template="/tags/{tag}"><inSequence>${echo('tag')}</inSequence></resource>
        <resource methods="GET" uri-template="/files/{+path}"><inSequence>${echo('path')}</inSequence></resource>
      </api>`,
    });
  });
  after(() => t.close());

  it('a raw reserved character in a segment does not match a simple variable; its %-escape does, decoded', async () => {
    assert.equal((await send(`${t.base}/members/by-mail/ann@example.org`)).status, 404);
    const ok = await send(`${t.base}/members/by-mail/ann%40example.org`);
    assert.equal(ok.status, 200);
    assert.equal(ok.text, 'ann@example.org');
    assert.equal((await send(`${t.base}/members/tags/red,blue`)).status, 404);
    assert.equal((await send(`${t.base}/members/tags/red%2Cblue`)).text, 'red,blue');
    assert.equal((await send(`${t.base}/members/tags/c+d`)).status, 404);
    assert.equal((await send(`${t.base}/members/tags/c%2Bd`)).text, 'c+d');
    assert.equal((await send(`${t.base}/members/tags/two%20words`)).text, 'two words');
  });

  it('a reserved expansion {+var} takes them', async () => {
    assert.equal((await send(`${t.base}/members/files/a/b@c,d.txt`)).text, 'a/b@c,d.txt');
  });
});

describe('runtime fidelity (F2): http endpoint uri-template expansion encodes as MI', () => {
  it("variables are encoded as Java's URLEncoder does (space %20; ! ' ( ) ~ escaped); {+var} keeps reserved characters", async () => {
    const backend = await startBackend();
    const t = await startRuntime({
      'Out.xml': `<api ${NS} name="Out" context="/out"><resource methods="GET"><inSequence>
        <property name="uri.var.title" value="it's (x)! ~ok"/><property name="uri.var.path" value="a/b c"/>
        <call><endpoint><http method="get" uri-template="${backend.url}/t/{uri.var.title}/{+uri.var.path}?q={uri.var.title}"/></endpoint></call>
        <respond/></inSequence></resource></api>`,
    });
    try {
      await send(`${t.base}/out`);
      assert.equal(
        backend.requests[0]?.url,
        '/t/it%27s%20%28x%29%21%20%7Eok/a/b%20c?q=it%27s%20%28x%29%21%20%7Eok',
      );
    } finally {
      await t.close();
      await backend.close();
    }
  });
});
