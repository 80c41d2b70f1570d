/**
 * The page of a list (EmailUtils.getPaginatedMessages), for IMAP and POP3 alike, and the embedded runtime's bound on
 * it.
 */
import { EmailUncaught, failure } from './errors';

/** The most messages one list reads (MI reads all; one message of ours stays bounded): page with offset/limit. */
export const MAX_LISTED = 1000;

/**
 * The matches `offset` .. `offset + limit` (limit -1: all of them; an offset past the end: all of them, as
 * getPaginatedMessages keeps the list then), and `toIndex`, where the page ends in the matches (what
 * deleteAfterRetrieve marks is `offset .. toIndex`). A page over MAX_LISTED is refused, before anything is marked.
 */
export function paginate<T>(
  matches: T[],
  s: { offset: number; limit: number },
): { page: T[]; toIndex: number } {
  let page = matches;
  let toIndex = matches.length;
  if (s.limit !== -1) {
    toIndex = Math.min(s.offset + s.limit, matches.length);
    if (matches.length >= s.offset) {
      if (toIndex < s.offset) throw new EmailUncaught(`fromIndex(${s.offset}) > toIndex(${toIndex})`);
      page = matches.slice(s.offset, toIndex);
    }
  }
  if (page.length > MAX_LISTED)
    throw failure(
      'connection',
      `${page.length} messages match: the embedded runtime lists at most ${MAX_LISTED} at once (use offset and limit)`,
    );
  return { page, toIndex };
}
