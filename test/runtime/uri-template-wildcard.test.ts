/**
 * A uri-template literal that ends in `*` matches up to the `*` and takes the rest of the request, query included, as
 * MI's uri-template Literal does (`/items*`, `/view/*`, `/{id}/parts/{n}*`, `/{id}?*`). Real HTTP.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const res = (template: string, tag: string) =>
  `<resource methods="GET" uri-template="${template}"><inSequence>
     <payloadFactory media-type="json"><format>{"hit":"${tag}","id":"$1","n":"$2"}</format>
       <args><arg expression="get-property('uri.var.id')"/><arg expression="get-property('uri.var.n')"/></args>
     </payloadFactory><respond/></inSequence></resource>`;

describe('runtime: uri-template literals ending in *', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Wild.xml': `<api ${NS} name="Wild" context="/wild">
        ${res('/items*', 'items')}
        ${res('/view/*', 'view')}
        ${res('/{id}/parts/{n}*', 'parts')}
        ${res('/orders/{id}?*', 'orders')}
      </api>`,
    });
  });
  after(() => t.close());

  const hit = async (path: string) => {
    const r = await send(`${t.base}/wild${path}`);
    return r.status === 200 ? (r.json() as Record<string, string>) : r.status;
  };

  it('matches the prefix and takes any rest, query included', async () => {
    assert.deepEqual(await hit('/items'), { hit: 'items', id: '', n: '' });
    assert.deepEqual(await hit('/items/7?x=1'), { hit: 'items', id: '', n: '' });
    assert.deepEqual(await hit('/itemsX'), { hit: 'items', id: '', n: '' });
    assert.deepEqual(await hit('/view/a/b?c=d'), { hit: 'view', id: '', n: '' });
    assert.deepEqual(await hit('/view/'), { hit: 'view', id: '', n: '' });
    assert.deepEqual(await hit('/k9/parts/3x/extra?q=1'), { hit: 'parts', id: 'k9', n: '3x' });
    assert.deepEqual(await hit('/orders/42?any=thing'), { hit: 'orders', id: '42', n: '' });
  });

  it('does not match a shorter path than the literal before the *', async () => {
    assert.equal(await hit('/view'), 404);
    assert.equal(await hit('/item'), 404);
  });
});
