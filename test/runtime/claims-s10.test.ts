/**
 * README and docs/cli.md claims of session 10 shown for real. "Data services": a project's .dbs is served at
 * /services/<name> from the debugger's runtime (dist/debugAdapter.js over DAP stdio, real HTTP; build first: npm run
 * build). docs/cli.md, NO_ENTITY_BODY: a payload set from the debugger while paused on a GET is answered.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setPayloadText, type MessageContext } from '../../runtime-debug/engine';
import { copyProject, launch, request, type Session } from '../dap/helpers';
import { NS, startRuntime } from './helpers';

const SHELF = (csv: string) => `<data name="ClaimShelf" transports="http https">
  <config id="books">
    <property name="csv_datasource">${csv}</property>
    <property name="csv_columnseperator">;</property>
    <property name="csv_startingrow">2</property>
    <property name="csv_maxrowcount">-1</property>
    <property name="csv_hasheader">true</property>
  </config>
  <query id="allBooks" useConfig="books">
    <result element="Books" rowName="Book">
      <element column="Code" name="code" xsdType="string"/>
      <element column="Title" name="title" xsdType="string"/>
    </result>
  </query>
  <resource method="GET" path="books"><call-query href="allBooks"/></resource>
</data>`;

describe('README claims (session 10)', function () {
  this.timeout(30_000);
  let s: Session | undefined;
  let project: { dir: string; remove(): void } | undefined;
  after(async () => {
    await s?.stop().catch(() => undefined);
    project?.remove();
  });

  it("data services are served from the debugger's runtime at /services/<name>", async () => {
    project = copyProject();
    const folder = join(project.dir, 'src', 'main', 'wso2mi', 'artifacts', 'data-services');
    mkdirSync(folder, { recursive: true });
    const csv = join(project.dir, 'books.csv');
    writeFileSync(csv, 'Code;Title\nB-1;Rivers of Salt\nB-2;Glass Orchard\n');
    writeFileSync(join(folder, 'ClaimShelf.dbs'), SHELF(csv));
    s = await launch({}, { project: project.dir });
    const r = await request(`${s.base}/services/ClaimShelf/books`);
    assert.equal(r.status, 200, `${r.status} ${r.body}; output: ${s.outputs.join('')}`);
    assert.match(r.body, /<Book><code>B-1<\/code><title>Rivers of Salt<\/title><\/Book>/);
    assert.match(r.body, /<Book><code>B-2<\/code><title>Glass Orchard<\/title><\/Book>/);
  });

  it('a payload set from the debugger while paused on a GET is answered (its NO_ENTITY_BODY cleared)', async () => {
    const t = await startRuntime({
      'apis/Paused.xml': `<api ${NS} name="Paused" context="/paused"><resource methods="GET" uri-template="/go"><inSequence><respond/></inSequence></resource></api>`,
    });
    let resume: () => void = () => undefined;
    let paused: MessageContext | undefined;
    t.rt.setDebugHook({
      beforeMediator(frame, ctx) {
        if (frame.mediator !== 'respond') return;
        paused = ctx;
        return new Promise<void>((r) => (resume = r));
      },
    });
    try {
      const answer = request(`${t.base}/paused/go`);
      for (let i = 0; i < 200 && !paused; i++) await new Promise((r) => setTimeout(r, 10));
      assert.ok(paused, 'paused at respond');
      // a GET comes in with NO_ENTITY_BODY true (ServerWorker): without the clearing nothing would be answered
      assert.equal(String(paused.axis2.get('NO_ENTITY_BODY')), 'true');
      setPayloadText(paused, '{"changed":true}', 'application/json');
      resume();
      const r = await answer;
      assert.equal(r.status, 200);
      assert.equal(r.body, '{"changed":true}');
      assert.match(r.headers.get('content-type') ?? '', /application\/json/);
    } finally {
      t.rt.setDebugHook(undefined);
      await t.close();
    }
  });
});
