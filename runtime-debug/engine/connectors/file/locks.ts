/**
 * File locks of write and read with `enableLock` (FileLockManager with LocalFileLock): one attempt, no wait — a
 * path already locked (and not expired: 30 s, Const.DEFAULT_LOCK_TIMEOUT) fails the operation with
 * FILE_LOCKING_ERROR; the lock is released when the operation ends. Locks are per connection, keyed by the path as
 * the operation builds it. The `Cluster` scheme (a lock file other nodes see) is held in this process only: the
 * embedded runtime is one node.
 */
import { FileOpFailure } from './errors';
import type { FileConnection } from './connection';

const DEFAULT_LOCK_TIMEOUT_MS = 30_000;
const held = new Map<string, number>();

export async function withLock<T>(conn: FileConnection, uri: string, f: () => Promise<T>): Promise<T> {
  const key = `${conn.name}\u0000${uri}`;
  const now = Date.now();
  const until = held.get(key);
  if (until !== undefined && until > now)
    throw new FileOpFailure(
      'lock',
      `Failed to acquire lock for file ${uri}. Another process maybe processing it. `,
    );
  held.set(key, now + DEFAULT_LOCK_TIMEOUT_MS);
  try {
    return await f();
  } finally {
    held.delete(key);
  }
}
