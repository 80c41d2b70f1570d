/**
 * Session 13 (L): the XPath url-encode() as Synapse's URLEncodeFunction writes it (commons-httpclient
 * URIUtil.encodePathQuery): each part's bytes in the charset (String.getBytes) percent-encoded byte by byte unless the
 * byte is an ASCII character the part allows (URI.allowed_abs_path has no '+', URI.allowed_query keeps '?').
 */
import { strict as assert } from 'node:assert';
import { compileExpression } from '../../runtime-debug/engine/expr';
import { javaGetBytes, javaUrlEncode } from '../../runtime-debug/engine/expr/xpath';
import { TestContext } from './helpers';

const str = (expr: string): string =>
  compileExpression(expr, {}).evaluateString(new TestContext({ xml: '<r/>' }));

describe('oracle S13 L: url-encode with a charset (URLEncodeFunction, URIUtil.encodePathQuery; no MI test)', () => {
  it('a character the charset cannot hold is one "?" (a surrogate pair too): %3F in the path, kept in the query', () => {
    assert.equal(str("url-encode('€ 😀', 'ISO-8859-1')"), '%3F%20%3F');
    assert.equal(str("url-encode('/a?b=€😀', 'US-ASCII')"), '/a?b=??');
  });
  it('UTF-16 writes its mark first and each byte on its own: an ASCII byte the part allows stays as it is', () => {
    assert.equal(str("url-encode('ab', 'UTF-16')"), '%FE%FF%00a%00b');
  });
  it("'+' is encoded in the path (allowed_abs_path clears it) and kept in the query", () => {
    assert.equal(str("url-encode('/a+b?c=d+e')"), '/a%2Bb?c=d+e');
  });
  it('an unpaired surrogate is one "?" in UTF-8, as Java\'s encoder writes it (String.getBytes)', () => {
    assert.equal(javaGetBytes('a\uD800b').toString('latin1'), 'a?b');
    assert.equal(javaUrlEncode('\uDC00\uD83D\uDE00'), '%3F%F0%9F%98%80');
  });
});
