/**
 * User stories of "Language server and authoring in VS Code", in a real VS Code (code-server 4.100.3 = VS Code 1.100.3)
 * driven through Chromium. Screenshots of every story go to .test-output/e2e/.
 *
 * Needs scripts/setup-e2e.sh (part of scripts/setup.sh). Runs in about a minute or two.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { parseXml } from '../../core/xml';
import {
  CodeServer,
  EXTENSION_ID,
  ROOT,
  Workbench,
  assertRigInstalled,
  cleanup,
  copyProject,
  launchBrowser,
  packagedExtension,
  tempDir,
  waitFor,
} from './harness';

const API_REL = 'src/main/wso2mi/artifacts/apis/HelloAPI.xml';
const BROKEN_REL = 'src/main/wso2mi/artifacts/apis/BrokenRefAPI.xml';
const MISSING_SEQ = 'MissingAuditSeq';
const MISSING_SEQ_FILE = `src/main/wso2mi/artifacts/sequences/${MISSING_SEQ}.xml`;

describe('e2e: authoring in VS Code (code-server + Chromium)', function () {
  this.timeout(300_000);
  let work: string | undefined;
  let server: CodeServer | undefined;
  let browser: Browser | undefined;
  let project = '';
  let plain = '';
  let wb: Workbench | undefined;
  let logged = false;

  before(async function () {
    this.timeout(300_000);
    assertRigInstalled();
    work = tempDir('authoring');
    const vsix = await packagedExtension();
    server = await CodeServer.create(work, vsix);
    browser = await launchBrowser();
    // The example project, in a path with a space and a non-ASCII letter, plus a file with a broken reference.
    project = copyProject(join(ROOT, 'examples', 'hello-world'), work, 'hello world');
    writeFileSync(
      join(project, ...BROKEN_REL.split('/')),
      `<?xml version="1.0" encoding="UTF-8"?>
<api xmlns="http://ws.apache.org/ns/synapse" name="BrokenRefAPI" context="/broken">
    <resource methods="GET" uri-template="/">
        <inSequence>
            <sequence key="${MISSING_SEQ}"/>
            <respond/>
        </inSequence>
    </resource>
</api>
`,
    );
    // A folder of plain XML (a Maven project and some XML) that is not a Synapse project.
    plain = join(work, 'plain xml');
    mkdirSync(join(plain, 'src', 'main', 'resources'), { recursive: true });
    writeFileSync(
      join(plain, 'pom.xml'),
      '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>x</groupId><artifactId>y</artifactId><version>1</version></project>\n',
    );
    writeFileSync(
      join(plain, 'src', 'main', 'resources', 'data.xml'),
      '<catalog><book id="1"><title>XML</title></book></catalog>\n',
    );
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && wb) {
      await wb.screenshot(`FAILED ${this.currentTest.title}`).catch(() => undefined);
    }
    if (this.currentTest?.state === 'failed' && server && !logged) {
      logged = true; // once is enough: the logs are cumulative
      console.log(server.extensionLogs());
    }
  });

  after(async function () {
    this.timeout(60_000);
    await wb?.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await server?.stop();
    cleanup(work);
  });

  it('installs the packaged extension into VS Code', () => {
    const installed = readdirSync(server!.extensionsDir).filter((d) =>
      d.toLowerCase().startsWith(EXTENSION_ID),
    );
    assert.equal(
      installed.length,
      1,
      `extensions dir holds ${readdirSync(server!.extensionsDir).join(', ')}`,
    );
  });

  it('activates on the example project and starts the language server', async () => {
    wb = await Workbench.open(browser!, server!, project);
    const status = wb.synapseStatus();
    await status.waitFor({ state: 'visible', timeout: 60_000 });
    await waitFor(
      'the language server to run',
      async () => /running/.test((await status.getAttribute('aria-label')) ?? ''),
      60_000,
    );
    await wb.screenshot('01 activated on the example project');
    const entries = await wb.paletteEntries('Synapse:');
    for (const title of [
      'Synapse: Create New Project',
      'Synapse: New Artifact...',
      'Synapse: Restart Language Server',
    ]) {
      assert.ok(entries.includes(title), `${title} in the palette: ${entries.join(' | ')}`);
    }
    const running = await wb.runningExtensions();
    assert.ok(
      running.some((n) => n.includes('Synapse Integration Tools')),
      `running: ${running.join(' | ')}`,
    );
  });

  it('restarts the language server with "Synapse: Restart Language Server"', async () => {
    const w = wb!;
    const status = w.synapseStatus();
    const before = (server!.extensionLogs().match(/indexed \d+ file/g) ?? []).length;
    await w.runCommand('Synapse: Restart Language Server');
    // A restarted server indexes the workspace again, then the item shows "running" again.
    await waitFor(
      'the server to index again',
      () => (server!.extensionLogs().match(/indexed \d+ file/g) ?? []).length > before,
      30_000,
    );
    await waitFor(
      'the server to run again',
      async () => /running/.test((await status.getAttribute('aria-label')) ?? ''),
      30_000,
    );
  });

  it('completes a mediator typed inside <inSequence>', async () => {
    const w = wb!;
    await w.openFile(API_REL);
    const before = readFileSync(join(project, API_REL), 'utf8');
    // Make room on a new line before the first <respond/> and type the start of a mediator there.
    await w.goToText(API_REL, '<respond/>');
    await w.press('Enter');
    await w.press('ArrowUp');
    await w.press('End');
    await w.type('<lo');
    let labels = await w.suggestions().catch(() => [] as string[]);
    if (!labels.includes('log')) labels = await w.triggerSuggest();
    assert.ok(labels.includes('log'), `the language server offers "log" (got ${JSON.stringify(labels)})`);
    assert.ok(
      labels.includes('log-message'),
      `the extension offers its log snippet (got ${JSON.stringify(labels)})`,
    );
    await w.screenshot('02 completion inside inSequence');
    await w.acceptSuggestion('log');
    await w.press('Escape');
    await w.save();
    const after = await waitFor('the file to be saved', () => {
      const t = readFileSync(join(project, API_REL), 'utf8');
      return t !== before ? t : undefined;
    });
    const count = (s: string) => (s.match(/<log\b/g) ?? []).length;
    assert.equal(count(after), count(before) + 1, 'one more <log> element');
    const doc = parseXml(after);
    assert.deepEqual(
      doc.problems.filter((p) => p.severity === 'error').map((p) => p.message),
      [],
      'the completed file is well-formed',
    );
    await w.screenshot('03 completion accepted');
  });

  it('highlights Synapse expressions inside XML', async () => {
    const w = wb!;
    await w.openFile(API_REL);
    const text = readFileSync(join(project, API_REL), 'utf8');
    assert.match(text, /<message>Greeting \$\{params\.pathParams\.name\}<\/message>/, 'fixture line');
    // Plain text of the message template vs. the expression root inside ${...}: different colours.
    const plain = await waitFor('the message text to render', () => w.tokenClass('Greeting'), 10_000);
    const prop = await waitFor('the expression to render', () => w.tokenClass('pathParams'), 10_000);
    assert.notEqual(prop, plain, 'the ${...} expression is coloured differently from the text around it');
    // JSONPath inside json-eval(...) is coloured too, differently from a plain attribute value.
    const jsonPathProp = await waitFor('json-eval to render', () => w.tokenClass('order'), 10_000);
    const attrValue = await waitFor('a plain attribute value', () => w.tokenClass('"orderId"'), 10_000);
    assert.notEqual(jsonPathProp, attrValue);
    await w.screenshot('04a expressions highlighted');
  });

  it('fills an empty artifact file from a snippet', async () => {
    const w = wb!;
    const rel = 'src/main/wso2mi/artifacts/sequences/FromSnippetSeq.xml';
    writeFileSync(join(project, rel), '');
    await w.openFile(rel);
    await w.type('new-seq');
    let labels = await w.suggestions().catch(() => [] as string[]);
    if (!labels.includes('new-sequence')) labels = await w.triggerSuggest();
    assert.ok(
      labels.includes('new-sequence'),
      `artifact snippets offered in an empty file: ${JSON.stringify(labels)}`,
    );
    await w.acceptSuggestion('new-sequence');
    await w.type('FromSnippetSeq');
    await w.press('Escape');
    await w.save();
    const written = await waitFor('the file to be saved', () => {
      const t = readFileSync(join(project, rel), 'utf8');
      return t.includes('FromSnippetSeq') ? t : undefined;
    });
    assert.match(
      written,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<sequence xmlns="http:\/\/ws\.apache\.org\/ns\/synapse" name="FromSnippetSeq">/,
    );
    await w.screenshot('04b artifact from a snippet');
  });

  it('shows documentation when hovering a mediator', async () => {
    const w = wb!;
    await w.openFile(API_REL);
    await w.goToText(API_REL, '<call-template', 3);
    const text = await w.hoverAtCursor();
    assert.match(text, /call-template|template/i, `hover text: ${text}`);
    assert.ok(text.length > 20, `hover has documentation, not just a name: ${text}`);
    await w.screenshot('04 hover on a mediator');
    await w.press('Escape');
  });

  it('goes to the referenced sequence with F12', async () => {
    const w = wb!;
    await w.openFile(API_REL);
    await w.goToText(API_REL, 'key="EnrichOrderSeq"', 8);
    await w.press('F12');
    await waitFor(
      'EnrichOrderSeq.xml to open',
      async () => (await w.activeTab()).includes('EnrichOrderSeq.xml'),
      20_000,
    );
    await w.screenshot('05 go to definition');
  });

  it('reports a broken reference in the Problems panel and fixes it with a quick fix', async () => {
    const w = wb!;
    await w.openFile(BROKEN_REL);
    const rows = await w.problems(new RegExp(MISSING_SEQ), 30_000);
    assert.ok(rows.some((r) => r.includes(MISSING_SEQ)));
    await w.screenshot('06 broken reference in Problems');
    await w.openFile(BROKEN_REL);
    await w.goToText(BROKEN_REL, MISSING_SEQ, 2);
    const fixes = await w.quickFixes();
    const fix = fixes.find((f) => f.includes(MISSING_SEQ));
    assert.ok(fix, `a quick fix about ${MISSING_SEQ} (got ${JSON.stringify(fixes)})`);
    await w.screenshot('07 quick fix offered');
    await w.applyQuickFix(new RegExp(MISSING_SEQ));
    await waitFor(
      `${MISSING_SEQ_FILE} to be created`,
      () => existsSync(join(project, MISSING_SEQ_FILE)),
      20_000,
    );
    await w.runCommand('File: Save All');
    await waitFor(
      'the created sequence to be saved with content',
      () => /<sequence\b/.test(readFileSync(join(project, MISSING_SEQ_FILE), 'utf8')),
      20_000,
    );
    // The reference now resolves: the problem goes away.
    await w.problems(/./, 5_000).catch(() => []); // opens the panel (it may already be empty)
    await waitFor(
      'the broken-reference problem to clear',
      async () => !(await w.problemRows()).some((r) => r.includes(MISSING_SEQ)),
      30_000,
    );
    await w.screenshot('08 quick fix applied');
  });

  it('creates a sequence with "Synapse: New Artifact..."', async () => {
    const w = wb!;
    await w.runCommand('Synapse: New Artifact...');
    await w.pickQuickItem('Sequence');
    await w.screenshot('10 new artifact - name');
    await w.fillQuickInput('AuditSeq');
    const file = join(project, 'src/main/wso2mi/artifacts/sequences/AuditSeq.xml');
    await waitFor('AuditSeq.xml to be written', () => existsSync(file), 20_000);
    await waitFor('AuditSeq.xml to open', async () => (await w.activeTab()).includes('AuditSeq.xml'), 20_000);
    assert.match(
      readFileSync(file, 'utf8'),
      /<sequence xmlns="http:\/\/ws.apache.org\/ns\/synapse" name="AuditSeq">/,
    );
    await w.screenshot('11 new artifact created');
  });

  it('creates an endpoint from the explorer context menu of the endpoints folder', async () => {
    const w = wb!;
    await w.openFile(API_REL); // reveals artifacts/ (and so endpoints/) in the explorer
    const folder = w.page
      .locator('.explorer-folders-view .monaco-list-row', { hasText: /^endpoints$/ })
      .first();
    await folder.waitFor({ state: 'visible', timeout: 10_000 });
    await folder.click({ button: 'right' });
    const item = w.page.locator('.monaco-menu .action-label', { hasText: 'New Artifact...' }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await w.screenshot('11a explorer context menu');
    await item.click();
    // Only the kinds that live in endpoints/ are offered.
    const labels = await waitFor('the kinds of endpoints/', async () => {
      const t = await w.quickPickLabels();
      return t.length >= 2 ? t : null;
    });
    assert.deepEqual(labels, ['HTTP Endpoint', 'Address Endpoint']);
    await w.pickQuickItem('HTTP Endpoint');
    await w.fillQuickInput('AuditEP');
    const file = join(project, 'src/main/wso2mi/artifacts/endpoints/AuditEP.xml');
    await waitFor('AuditEP.xml to be written', () => existsSync(file), 20_000);
    assert.match(
      readFileSync(file, 'utf8'),
      /<http method="get" uri-template="http:\/\/localhost:8080\/"\/>/,
    );
  });

  it('creates a new project with "Synapse: Create New Project"', async () => {
    const w = wb!;
    const parent = join(work!, 'new projects');
    mkdirSync(parent, { recursive: true });
    await w.runCommand('Synapse: Create New Project');
    await w.fillQuickInput('shop-integration');
    // VS Code's own folder picker (the simple dialog of a browser workbench): type the folder and accept.
    await w.fillQuickInput(parent + '/');
    const pom = join(parent, 'shop-integration', 'pom.xml');
    await waitFor('the project to be written', () => existsSync(pom), 20_000);
    await w.screenshot('12 new project created');
    assert.match(readFileSync(pom, 'utf8'), /<artifactId>shop-integration<\/artifactId>/);
    assert.ok(
      existsSync(join(parent, 'shop-integration', 'src/main/wso2mi/artifacts/apis/HelloWorldAPI.xml')),
    );
  });

  it('activates on an Integration Studio project (src/main/synapse-config) and serves its files', async () => {
    const legacy = join(work!, 'legacy project');
    mkdirSync(join(legacy, 'src', 'main', 'synapse-config', 'api'), { recursive: true });
    mkdirSync(join(legacy, 'src', 'main', 'synapse-config', 'sequences'), { recursive: true });
    writeFileSync(
      join(legacy, 'src/main/synapse-config/api/LegacyAPI.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>
<api xmlns="http://ws.apache.org/ns/synapse" name="LegacyAPI" context="/legacy">
    <resource methods="GET">
        <inSequence>
            <sequence key="LegacyMissingSeq"/>
            <respond/>
        </inSequence>
    </resource>
</api>
`,
    );
    await wb?.close();
    wb = await Workbench.open(browser!, server!, legacy);
    const status = wb.synapseStatus();
    await status.waitFor({ state: 'visible', timeout: 60_000 });
    await waitFor(
      'the language server to run',
      async () => /running/.test((await status.getAttribute('aria-label')) ?? ''),
      60_000,
    );
    await wb.openFile('src/main/synapse-config/api/LegacyAPI.xml');
    const rows = await wb.problems(/LegacyMissingSeq/, 30_000);
    assert.ok(rows.some((r) => r.includes('LegacyMissingSeq')));
    await wb.screenshot('13 Integration Studio layout');
  });

  it('serves a bare folder of Synapse files once it is configured and the server is started', async () => {
    const bare = join(work!, 'bare configs');
    mkdirSync(join(bare, '.vscode'), { recursive: true });
    mkdirSync(join(bare, 'configs'), { recursive: true });
    writeFileSync(
      join(bare, '.vscode', 'settings.json'),
      JSON.stringify({ 'synapse.files.additionalPatterns': ['**/configs/**/*.xml'] }),
    );
    writeFileSync(
      join(bare, 'configs', 'OrderSeq.xml'),
      '<sequence xmlns="http://ws.apache.org/ns/synapse" name="OrderSeq">\n    <sequence key="BareMissingSeq"/>\n</sequence>\n',
    );
    await wb?.close();
    wb = await Workbench.open(browser!, server!, bare);
    const w = wb;
    await w.openFile('configs/OrderSeq.xml');
    // No activation marker here: the command is offered because the setting names Synapse files.
    const entries = await w.paletteEntries('Synapse:');
    assert.ok(entries.includes('Synapse: Restart Language Server'), `palette: ${entries.join(' | ')}`);
    await w.runCommand('Synapse: Restart Language Server');
    const status = w.synapseStatus();
    await status.waitFor({ state: 'visible', timeout: 60_000 });
    await waitFor(
      'the language server to run',
      async () => /running/.test((await status.getAttribute('aria-label')) ?? ''),
      60_000,
    );
    const rows = await w.problems(/BareMissingSeq/, 30_000);
    assert.ok(rows.some((r) => r.includes('BareMissingSeq')));
    await w.screenshot('14 bare folder served');
  });

  it('stays inactive on a folder of plain XML', async () => {
    await wb?.close();
    wb = await Workbench.open(browser!, server!, plain);
    const w = wb;
    await w.openFile('src/main/resources/data.xml');
    // Give activation every chance: the workbench is up and an XML file is open.
    await w.page.waitForTimeout(5000);
    const names = await w.runningExtensions();
    await w.screenshot('09 plain XML folder - running extensions');
    assert.ok(names.length > 0);
    assert.ok(!names.some((n) => /Synapse Integration Tools/.test(n)), `running: ${names.join(' | ')}`);
    assert.equal(await w.synapseStatus().count(), 0, 'no Synapse status item');
    // Commands show only where they apply: creating a project is always possible, the others need a project.
    const entries = await w.paletteEntries('Synapse:');
    assert.ok(entries.includes('Synapse: Create New Project'), `palette: ${entries.join(' | ')}`);
    for (const hidden of ['Synapse: New Artifact...', 'Synapse: Restart Language Server']) {
      assert.ok(
        !entries.includes(hidden),
        `${hidden} is hidden outside Synapse projects: ${entries.join(' | ')}`,
      );
    }
  });
});
