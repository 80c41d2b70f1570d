/**
 * A resource whose flow the relay path would take (only a plain call then respond: runtime-debug/engine/relay.ts)
 * is mediated when a debugger is attached: a breakpoint on its call stops there (build first: npm run build).
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  copyProject,
  launch,
  request,
  startBackend,
  stopped,
  topFrame,
  type Backend,
  type Session,
} from './helpers';

const RELAY_API = `<?xml version="1.0" encoding="UTF-8"?>
<api xmlns="http://ws.apache.org/ns/synapse" name="RelayDbgAPI" context="/relaydbg">
  <resource methods="POST" url-mapping="/*">
    <inSequence>
      <call>
        <endpoint key="BackendEP"/>
      </call>
      <respond/>
    </inSequence>
  </resource>
</api>
`;

describe('debug adapter: a relay resource still stops on its call', function () {
  this.timeout(20_000);
  let s: Session | undefined;
  let backend: Backend | undefined;
  let project: ReturnType<typeof copyProject> | undefined;
  after(async () => {
    await s?.stop().catch(() => undefined);
    await backend?.close();
    project?.remove();
  });

  it('stops on the <call> line, then answers with the back end', async () => {
    backend = await startBackend();
    project = copyProject();
    const apis = join(project.dir, 'src/main/wso2mi/artifacts/apis');
    mkdirSync(apis, { recursive: true });
    const file = join(apis, 'RelayDbgAPI.xml');
    writeFileSync(file, RELAY_API);
    const callLine = RELAY_API.split('\n').findIndex((l) => l.includes('<call>')) + 1;
    s = await launch(
      { [file]: [{ line: callLine }] },
      { project: project.dir, env: { SHOP_BACKEND_URL: backend.url } },
    );
    const res = request(`${s.base}/relaydbg/x`, {
      method: 'POST',
      body: '{"n":1}',
      headers: { 'content-type': 'application/json' },
    });
    const e = await stopped(s.dc);
    const f = await topFrame(s.dc, e.body.threadId!);
    assert.equal(f.source?.path, file);
    assert.equal(f.line, callLine);
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    const r = await res;
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body).got, '{"n":1}');
  });
});
