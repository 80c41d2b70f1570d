/**
 * Session 13 (L): XML written in ISO-8859-1 or US-ASCII (own fixtures). MI's StAX writer is Woodstox: its
 * ISOLatin1XmlWriter and AsciiXmlWriter write a character the charset cannot hold, and a C1 control (0x7F-0x9F), as a
 * lower-case hexadecimal character reference (EncodingXmlWriter.writeAsEntity), a surrogate pair as one reference,
 * in text and attribute values alike. No MI test (Woodstox source).
 */
import assert from 'node:assert/strict';
import { api, startRuntime, type TestRuntime } from './helpers';

describe('oracle S13 L: XML in ISO-8859-1 / US-ASCII escapes as Woodstox does (ISOLatin1XmlWriter, AsciiXmlWriter)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Tiles.xml': api('Tiles', '/tiles', '<log level="full"/><respond/>'),
    });
  });
  after(() => t?.close());

  const post = async (charset: string): Promise<string> => {
    const body = '<tile glaze="&#x85;&#233;">&#233; &#8364; &#128512; &#x9f;</tile>';
    const r = await fetch(`${t.base}/tiles`, {
      method: 'POST',
      headers: { 'content-type': `application/xml; charset=${charset}` },
      body: Buffer.from(body, 'latin1'),
    });
    assert.equal(r.status, 200);
    return Buffer.from(await r.arrayBuffer()).toString('latin1');
  };

  it('ISO-8859-1: é as its byte, € and 😀 as &#x20ac; and &#x1f600;, C1 controls as references', async () => {
    assert.equal(await post('ISO-8859-1'), '<tile glaze="&#x85;é">é &#x20ac; &#x1f600; &#x9f;</tile>');
  });

  it('US-ASCII: every character above 0x7E as a reference', async () => {
    assert.equal(
      await post('US-ASCII'),
      '<tile glaze="&#x85;&#xe9;">&#xe9; &#x20ac; &#x1f600; &#x9f;</tile>',
    );
  });
});
