/**
 * Session 12 (H8): `${...}` functions whose charset argument Synapse handles since its January 2025 changes
 * (a0e513df8: urlEncode keeps URLEncoder's '+' and '*' unless the charset is written "UTF-8"), with the bytes Java
 * gives: URLEncoder.encode writes each run of characters that need encoding as the %XX of String.getBytes(charset)
 * (UTF-16: big-endian after a FE FF mark), and base64encode encodes those same bytes. Our own values.
 */
import { strict as assert } from 'node:assert';
import { compileExpression } from '../../runtime-debug/engine/expr';
import { TestContext } from './helpers';

const evaluate = (text: string): unknown =>
  compileExpression('${' + text + '}').evaluate(new TestContext({ json: {} }));

describe('Synapse expressions: charsets of urlEncode and base64encode (oracle s12, H8)', () => {
  it('urlEncode with UTF-16 leaves safe characters as they are and marks each encoded run', () => {
    assert.equal(evaluate('urlEncode("go to*ñ", "UTF-16")'), 'go+to*%FE%FF%00%F1');
  });

  it('urlEncode with ISO-8859-1 writes a character it cannot hold as ?', () => {
    assert.equal(evaluate('urlEncode("ñ €", "ISO-8859-1")'), '%F1+%3F');
  });

  it('base64encode with UTF-16 encodes the big-endian bytes after the mark', () => {
    assert.equal(
      evaluate('base64encode("hi", "UTF-16")'),
      Buffer.from([0xfe, 0xff, 0, 0x68, 0, 0x69]).toString('base64'),
    );
  });
});
