/**
 * The page of an Email connector list (EmailUtils.getPaginatedMessages), shared by IMAP and POP3, and the runtime's
 * bound on it (docs/connectors-email.md: at most 1000 messages in one call), without a mail server.
 */
import assert from 'node:assert/strict';
import { EmailFailure, EmailUncaught } from '../../runtime-debug/engine/connectors/email/errors';
import { MAX_LISTED, paginate } from '../../runtime-debug/engine/connectors/email/page';

const ids = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe('Email connector: list pages (getPaginatedMessages)', () => {
  it('offset and limit take a slice; limit -1 takes all; an offset past the end takes all', () => {
    assert.deepEqual(paginate(ids(5), { offset: 1, limit: 2 }), { page: [2, 3], toIndex: 3 });
    assert.deepEqual(paginate(ids(5), { offset: 3, limit: 10 }), { page: [4, 5], toIndex: 5 });
    assert.deepEqual(paginate(ids(5), { offset: 0, limit: -1 }), { page: ids(5), toIndex: 5 });
    assert.deepEqual(paginate(ids(3), { offset: 9, limit: 1 }), { page: ids(3), toIndex: 3 });
  });

  it('a negative limit other than -1 fails as subList does (uncaught)', () => {
    assert.throws(
      () => paginate(ids(5), { offset: 2, limit: -2 }),
      (e: unknown) => e instanceof EmailUncaught && e.message === 'fromIndex(2) > toIndex(0)',
    );
  });

  it(`a page of more than ${MAX_LISTED} messages is refused (CONNECTIVITY); ${MAX_LISTED} is answered`, () => {
    assert.equal(MAX_LISTED, 1000);
    assert.equal(paginate(ids(MAX_LISTED), { offset: 0, limit: -1 }).page.length, MAX_LISTED);
    assert.throws(
      () => paginate(ids(MAX_LISTED + 1), { offset: 0, limit: -1 }),
      (e: unknown) =>
        e instanceof EmailFailure &&
        e.failure === 'connection' &&
        /1001 messages match: the embedded runtime lists at most 1000/.test(e.message),
    );
    // paged, the same mailbox is listed
    assert.equal(paginate(ids(MAX_LISTED + 1), { offset: 1, limit: MAX_LISTED }).page.length, MAX_LISTED);
  });
});
