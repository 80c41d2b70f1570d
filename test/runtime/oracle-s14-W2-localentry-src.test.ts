/**
 * Session 14, W2: `<localEntry key src="http(s)://…">`. EntryFactory reads the URL when the entry is deployed
 * (SynapseConfigUtils.getObject: the XML element, the text of what is not XML); the message flow uses what was read.
 * A URL that cannot be read is SynapseConfigUtils.handleException "Error connecting to URL : URL" and the
 * LocalEntryDeployer's failure: the entry is not deployed. Own keys, back end and payloads.
 */
import assert from 'node:assert/strict';
import { NS, closedPort, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

describe('oracle S14 W2: local entries read from a URL (EntryFactory src, SynapseConfigUtils.getObject)', () => {
  let t: TestRuntime;
  let be: Backend;
  let hits = 0;
  before(async () => {
    be = await startBackend((req, res) => {
      hits++;
      if (req.url === '/motto.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('keep it simple');
      } else if (req.url === '/swap.xsl') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(`<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
          <xsl:template match="/"><swapped><xsl:value-of select="//name"/></swapped></xsl:template></xsl:stylesheet>`);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    const dead = await closedPort();
    t = await startRuntime({
      'Motto.xml': `<localEntry ${NS} key="motto" src="${be.url}/motto.txt"/>`,
      'Swap.xml': `<localEntry ${NS} key="swapXsl" src="${be.url}/swap.xsl"/>`,
      'Gone.xml': `<localEntry ${NS} key="gone" src="${be.url}/gone.xsl"/>`,
      'Dead.xml': `<localEntry ${NS} key="dead" src="http://127.0.0.1:${dead}/x.xml"/>`,
      'Use.xml': `<api ${NS} name="Use" context="/use"><resource methods="POST"><inSequence>
          <property name="m" expression="get-property('motto')"/>
          <xslt key="swapXsl"/>
          <property name="messageType" value="application/xml" scope="axis2"/>
          <header name="X-Motto" scope="transport" expression="get-property('m')"/>
          <respond/></inSequence></resource></api>`,
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  it('read once when deployed: a text entry and an XSLT stylesheet are used by the flow', async () => {
    const before = hits;
    const r = await send(`${t.base}/use`, { body: '<p><name>ada</name></p>', type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<swapped>ada</swapped>');
    assert.equal(r.headers.get('x-motto'), 'keep it simple');
    assert.equal(hits, before);
  });

  it('a URL that cannot be read: the entry is not deployed', () => {
    for (const f of ['Gone.xml', 'Dead.xml']) {
      assert.ok(
        t.logs.some((l) => l.message === `LocalEntry Deployment from the file : ${f} : Failed.`),
        f,
      );
    }
    assert.ok(
      t.logs.some(
        (l) => l.level === 'ERROR' && l.message.startsWith(`Error connecting to URL : ${be.url}/gone.xsl`),
      ),
    );
  });
});
