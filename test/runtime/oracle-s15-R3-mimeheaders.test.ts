/**
 * Session 15, review R3: the header lines of a MIME part of an MTOM or SwA message as Axiom's PartFactory.readHeaders
 * reads them (not RFC 822 folding): a line continues the previous one only when that one ends in ';', a line without
 * ':' is added to the previous header's value, an indented `Name: value` line is a header of its own.
 */
import assert from 'node:assert/strict';
import { axiomHeaderLines, multipartRelatedRoot, type MimeAttachment } from '../../runtime-debug/engine/mtom';

describe('oracle s15 (R3): MIME part headers as Axiom reads them (PartFactory.readHeaders)', () => {
  it('joins a line after a ";" without its CRLF, reads an indented header alone, adds a line without ":" to the last value', () => {
    assert.deepEqual(axiomHeaderLines('Content-Type: text/plain;\r\n  charset=UTF-8\r\nContent-ID: <n1>'), [
      ['Content-Type', 'text/plain;  charset=UTF-8'],
      ['Content-ID', '<n1>'],
    ]);
    assert.deepEqual(axiomHeaderLines('X-Note: first\r\n X-Other: second\r\n and more'), [
      ['X-Note', 'first'],
      ['X-Other', 'second'],
      ['X-Other', 'second and more'],
    ]);
    assert.deepEqual(axiomHeaderLines(''), []);
  });

  it('an SwA part read with a folded header goes on with the value Axiom made of it, no CRLF inside', () => {
    const body =
      '--b7\r\nContent-Type: text/xml\r\n\r\n<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>\r\n' +
      '--b7\r\nContent-Type: text/plain\r\nContent-ID: <leaf>\r\nX-Label: tea;\r\n green\r\n\r\nleaves\r\n--b7--\r\n';
    const others: MimeAttachment[] = [];
    multipartRelatedRoot(
      Buffer.from(body, 'latin1'),
      'multipart/related; boundary=b7; type="text/xml"',
      [],
      others,
    );
    assert.equal(others.length, 1);
    assert.deepEqual(others[0]!.headers, ['X-Label: tea; green']);
  });
});
