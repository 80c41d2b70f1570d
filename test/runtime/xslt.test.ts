/** The xslt and fastXSLT mediators over real HTTP, on a fixture MI project (local entry and registry stylesheets). */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine';
import { EngineHost, ServeRuntime } from '../../runtime-debug/management/engineHost';
import { api, NS, send, startBackend, startRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

const PROJECT = join(__dirname, '..', 'fixtures', 'runtime-k', 'xslt-project');
const ORDER = `<o:order xmlns:o="urn:example:orders" id="42"><o:line sku="A1" qty="3"/><o:line sku="B2" qty="12"/><o:note>fragile &amp; "urgent"</o:note></o:order>`;
const LINES = `<cart><owner>ann</owner><lines><line sku="A"><qty>2</qty></line><line sku="B"><qty>5</qty></line></lines></cart>`;

describe('runtime: xslt mediator', () => {
  let rt: Runtime;
  let base: string;
  const logs: { message: string }[] = [];
  before(async () => {
    rt = new Runtime({ httpPort: 0 });
    rt.on('log', (l: { message: string }) => logs.push(l));
    const res = rt.loadProject(PROJECT);
    assert.deepEqual(res.problems, []);
    assert.ok(!res.warnings.some((w) => /xslt/i.test(w.message)), JSON.stringify(res.warnings));
    const { port } = await rt.start();
    base = `http://127.0.0.1:${port}/shop`;
  });
  after(() => rt.stop(1000));

  it('transforms with a stylesheet from a local entry, with params (value and expression)', async () => {
    const r = await send(`${base}/invoice`, {
      body: ORDER,
      type: 'application/xml',
      headers: { 'X-Clerk': 'mia' },
    });
    assert.equal(r.status, 200);
    assert.match(r.text, /^<invoice xmlns="urn:example:billing" /);
    assert.match(r.text, /ref="INV-42"/);
    assert.match(r.text, /currency="EUR"/);
    assert.match(r.text, /<clerk>mia<\/clerk>/);
    assert.match(r.text, /<item sku="A1">single<\/item><item sku="B2">bulk<\/item>/);
    assert.match(r.text, /<note>fragile &amp; "urgent"<\/note>/);
  });

  it('an expression param that evaluates to nothing gives an empty xsl:param', async () => {
    const r = await send(`${base}/invoice`, { body: ORDER, type: 'application/xml' });
    assert.match(r.text, /<clerk\s*(\/>|><\/clerk>)/);
  });

  it('transforms with a registry stylesheet (gov:) and copy-of', async () => {
    const r = await send(`${base}/summary`, { body: LINES, type: 'application/xml' });
    assert.equal(
      r.text,
      '<summary><count>2</count><total>7</total><first><line sku="A"><qty>2</qty></line></first></summary>',
    );
  });

  it('resolves a dynamic key ({expr}) to a conf: registry stylesheet', async () => {
    const r = await send(`${base}/pick/upper`, { body: '<msg>hello there</msg>', type: 'application/xml' });
    assert.equal(r.text, '<shout>HELLO THERE</shout>');
    const n = logs.length;
    const missing = await send(`${base}/pick/nothing`, { body: '<msg>x</msg>', type: 'application/xml' });
    assert.equal(missing.status, 202);
    assert.match(loggedSince(logs, n), /conf:xslt\/nothing\.xslt/);
  });

  it('source selects the node to transform; the result replaces only that node', async () => {
    const r = await send(`${base}/lines`, { body: LINES, type: 'application/xml' });
    assert.equal(
      r.text,
      '<cart><owner>ann</owner><summary><count>2</count><total>7</total><first><line sku="A"><qty>2</qty></line></first></summary></cart>',
    );
  });

  it('maps xsl:include through <resource location key> to a registry resource', async () => {
    const r = await send(`${base}/tagged`, { body: '<p><name>kit</name></p>', type: 'application/xml' });
    assert.equal(r.text, '<tagged><stamp>shared</stamp>kit</tagged>');
  });

  it('target puts the result in a property and keeps the payload', async () => {
    const r = await send(`${base}/keep`, { body: LINES, type: 'application/xml' });
    assert.deepEqual(r.json(), { kept: 'cart', total: '7' });
  });

  it('fastXSLT transforms the whole body', async () => {
    const r = await send(`${base}/fast`, { body: LINES, type: 'application/xml' });
    assert.match(r.text, /^<summary><count>2<\/count><total>7<\/total>/);
  });

  it('a JSON request is transformed through its XML view and answered as JSON', async () => {
    const r = await send(`${base}/summary`, {
      body: '{"lines":[{"qty":4},{"qty":6}]}',
      type: 'application/json',
    });
    assert.deepEqual(r.json(), { summary: { count: 2, total: 10, first: null } });
  });

  it('a text output method gives a text payload', async () => {
    const r = await send(`${base}/csv`, { body: LINES, type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.text.trim(), 'A;2|B;5|');
  });

  it('a source that selects nothing faults with the mediator file and line', async () => {
    const n = logs.length;
    const r = await send(`${base}/nothing`, { body: LINES, type: 'application/xml' });
    assert.equal(r.status, 202);
    // SourceXPathSupport.selectOMNode's message
    assert.match(
      loggedSince(logs, n),
      /The evaluation of the XPath expression \/\/absent did not result in an OMNode : null/,
    );
    assert.match(loggedSince(logs, n), /ShopTransforms\.xml:\d+/);
  });

  it("a broken stylesheet faults with MI's message; the log has the file, line and a code", async () => {
    const n = logs.length;
    const r = await send(`${base}/broken`, { body: LINES, type: 'application/xml' });
    const fault = (r.json() as { fault: string }).fault;
    // ERROR_MESSAGE: XSLTMediator.mediate's handleException over createTemplate's (MI's words)
    assert.equal(
      fault,
      "Unable to perform XSLT transformation using : Value {name ='null', keyValue ='gov:xslt/broken.xslt'} against source XPath : s11:Body/child::*[position()=1] | s12:Body/child::*[position()=1] reason : Error creating XSLT transformer using : Value {name ='null', keyValue ='gov:xslt/broken.xslt'}",
    );
    assert.match(loggedSince(logs, n), /XSLT_XPATH/);
    assert.match(loggedSince(logs, n), /line 4\b/);
  });

  it('a broken local-entry stylesheet faults with the local entry file and its line there', async () => {
    const n = logs.length;
    const r = await send(`${base}/badlocal`, { body: LINES, type: 'application/xml' });
    assert.equal(r.status, 202);
    assert.match(
      loggedSince(logs, n),
      /local-entries[\\/]BadSheet\.xml: XSLT_XPATH invalid XPath 'item\[' in xsl:for-each\/@select/,
    );
    assert.match(loggedSince(logs, n), /line 5, column/);
  });

  it('a stylesheet with a DTD / entities is refused', async () => {
    const n = logs.length;
    const r = await send(`${base}/hostile`, { body: LINES, type: 'application/xml' });
    const fault = (r.json() as { fault: string }).fault;
    assert.match(
      fault,
      /reason : Error creating XSLT transformer using : Value \{name ='null', keyValue ='gov:xslt\/hostile.xslt'\}$/,
    );
    assert.match(loggedSince(logs, n), /XML_DOCTYPE/);
    assert.doesNotMatch(r.text, /boomboom/);
  });

  it('the same stylesheet serves concurrent requests with their own params', async () => {
    const clerks = ['a', 'b', 'c', 'd', 'e', 'f'];
    const rs = await Promise.all(
      clerks.map((c) =>
        send(`${base}/invoice`, { body: ORDER, type: 'application/xml', headers: { 'X-Clerk': c } }),
      ),
    );
    rs.forEach((r, i) => assert.match(r.text, new RegExp(`<clerk>${clerks[i]}</clerk>`)));
  });
});

describe('runtime: xslt with a stylesheet from a deployed CAR registry resource (synapse serve)', () => {
  it('a gov: key resolves to the CAR resource, and undeploying the app removes it', async () => {
    const rt = new ServeRuntime({ httpPort: 0 });
    const logs: { message: string }[] = [];
    rt.on('log', (l: { message: string }) => logs.push(l));
    const host = new EngineHost(rt);
    const sheet = `<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:param name="tag" select="'none'"/><xsl:template match="/*"><car from="{$tag}"><xsl:value-of select="count(*)"/></car></xsl:template></xsl:stylesheet>`;
    const apiXml = `<api xmlns="http://ws.apache.org/ns/synapse" name="CarXslt" context="/car"><resource methods="POST"><inSequence><xslt key="gov:xslt/car-sheet.xslt"><property name="tag" value="car-app"/></xslt><respond/></inSequence></resource></api>`;
    await host.deploy(
      'ShopCApp',
      [
        {
          kind: 'apis',
          type: 'synapse/api',
          name: 'CarXslt',
          xml: apiXml,
          source: 'ShopCApp.car!CarXslt/CarXslt.xml',
        },
      ],
      [{ key: 'gov:xslt/car-sheet.xslt', content: Buffer.from(sheet) }],
    );
    const { port } = await rt.start();
    try {
      const r = await send(`http://127.0.0.1:${port}/car`, {
        body: '<a><b/><c/></a>',
        type: 'application/xml',
      });
      assert.equal(r.text, '<car from="car-app">2</car>');
      rt.removeResources('ShopCApp');
      const n = logs.length;
      const gone = await send(`http://127.0.0.1:${port}/car`, { body: '<a/>', type: 'application/xml' });
      assert.equal(gone.status, 202);
      assert.match(loggedSince(logs, n), /gov:xslt\/car-sheet\.xslt/);
    } finally {
      await rt.stop(1000);
    }
  });
});

describe('runtime: xslt never reaches out', () => {
  it('document() and unmapped xsl:include hrefs load nothing; an included stylesheet with a DTD is refused', async () => {
    const be = await startBackend();
    const XSL = 'xmlns:xsl="http://www.w3.org/1999/XSL/Transform"';
    const t = await startRuntime({
      'Doc.xml': `<localEntry ${NS} key="DocSheet"><xsl:stylesheet version="1.0" ${XSL}><xsl:template match="/*"><got><xsl:value-of select="count(document('${be.url}/secret.xml')/*)"/></got></xsl:template></xsl:stylesheet></localEntry>`,
      'Inc.xml': `<localEntry ${NS} key="IncSheet"><xsl:stylesheet version="1.0" ${XSL}><xsl:include href="${be.url}/remote.xsl"/><xsl:template match="/*"><x/></xsl:template></xsl:stylesheet></localEntry>`,
      'Evil.xml': `<localEntry ${NS} key="EvilInc"><xsl:stylesheet version="1.0" ${XSL}><xsl:include href="evil.xsl"/><xsl:template match="/*"><x/></xsl:template></xsl:stylesheet></localEntry>`,
      'EvilPart.xml': `<localEntry ${NS} key="EvilPart"><![CDATA[<!DOCTYPE x [<!ENTITY e "boom">]><xsl:stylesheet version="1.0" ${XSL}><xsl:template name="t">&e;</xsl:template></xsl:stylesheet>]]></localEntry>`,
      'Api.xml': api(
        'NoNet',
        '/nonet',
        `<filter source="$trp:X-Sheet" regex="doc"><then><xslt key="DocSheet"/></then><else>
           <filter source="$trp:X-Sheet" regex="inc"><then><xslt key="IncSheet"/></then><else>
             <xslt key="EvilInc"><resource location="evil.xsl" key="EvilPart"/></xslt></else></filter></else></filter><respond/>`,
      ),
    });
    try {
      const doc = await send(`${t.base}/nonet`, {
        body: '<a/>',
        type: 'application/xml',
        headers: { 'X-Sheet': 'doc' },
      });
      // literal result elements inherit the local entry's default (synapse) namespace, as in MI
      assert.equal(doc.text, '<got xmlns="http://ws.apache.org/ns/synapse">0</got>');
      let n = t.logs.length;
      const inc = await send(`${t.base}/nonet`, {
        body: '<a/>',
        type: 'application/xml',
        headers: { 'X-Sheet': 'inc' },
      });
      assert.equal(inc.status, 202);
      assert.match(loggedSince(t.logs, n), /is not mapped by a <resource>/);
      n = t.logs.length;
      const evil = await send(`${t.base}/nonet`, {
        body: '<a/>',
        type: 'application/xml',
        headers: { 'X-Sheet': 'evil' },
      });
      assert.equal(evil.status, 202);
      assert.match(loggedSince(t.logs, n), /imported stylesheet 'EvilPart' refused: XML_DOCTYPE/);
      assert.equal(be.requests.length, 0);
    } finally {
      await t.close();
      await be.close();
    }
  });
});
