/**
 * `synapse package --fetch-connectors`: downloads a connector zip from Maven repositories into the local repository
 * layout, as Maven would, but only when asked (the tools are offline-first). Each repository is tried in order; the
 * `.sha1` published next to the zip must match (a mismatch, or no checksum at all, is refused: nothing is written).
 * Every request is bounded in time and in bytes. The zip lands in the local repository only once verified (written
 * to a temporary name, then renamed), with its `.sha1` beside it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { artifactFile, artifactRelPath } from './connectorsRepo';

export const MAVEN_CENTRAL = 'https://repo1.maven.org/maven2/';

export interface FetchLimits {
  /** Per request, headers and body (default 60 s). */
  timeoutMs?: number;
  /** Largest zip accepted (default 100 MiB). */
  maxBytes?: number;
}

export interface FetchOutcome {
  /** The file in the local repository, when one repository served a verified zip. */
  file?: string;
  /** The repository it came from. */
  url?: string;
  /** Why each repository failed (`<url>: <reason>`), in order. */
  failures: string[];
  /** 'checksum' when a repository served a zip whose .sha1 did not match (that is refused, not skipped). */
  refused?: 'checksum';
}

class FetchFailure extends Error {}

async function get(url: string, maxBytes: number, timeoutMs: number): Promise<Buffer | 404> {
  let res: Response;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    res = await fetch(url, { signal, redirect: 'follow' });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError')
      throw new FetchFailure(`no answer within ${timeoutMs} ms`);
    throw new FetchFailure(`unreachable (${err.cause?.code ?? err.cause?.message ?? err.message})`);
  }
  if (res.status === 404 || res.status === 410) {
    await res.body?.cancel().catch(() => undefined);
    return 404;
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchFailure(`HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchFailure(`${declared} bytes (limit ${maxBytes})`);
  }
  const chunks: Buffer[] = [];
  let n = 0;
  try {
    const reader = res.body?.getReader();
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      n += value.length;
      if (n > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new FetchFailure(`more than ${maxBytes} bytes (limit)`);
      }
      chunks.push(Buffer.from(value));
    }
  } catch (e) {
    if (e instanceof FetchFailure) throw e;
    const err = e as Error;
    throw new FetchFailure(
      err.name === 'TimeoutError' || err.name === 'AbortError'
        ? `no complete answer within ${timeoutMs} ms`
        : `transfer broken (${err.message})`,
    );
  }
  return Buffer.concat(chunks);
}

function withSlash(u: string): string {
  return u.endsWith('/') ? u : `${u}/`;
}

/** Downloads `<groupId>:<artifactId>:<version>` (type zip) from the first repository that has it. */
export async function fetchConnectorZip(
  dep: { groupId: string; artifactId: string; version: string },
  repositories: readonly string[],
  localRepoDir: string,
  limits: FetchLimits = {},
): Promise<FetchOutcome> {
  const timeoutMs = limits.timeoutMs ?? 60_000;
  const maxBytes = limits.maxBytes ?? 100 * 1024 * 1024;
  const rel = artifactRelPath(dep.groupId, dep.artifactId, dep.version);
  const failures: string[] = [];
  for (const repo of repositories) {
    const url = withSlash(repo) + rel;
    try {
      const zip = await get(url, maxBytes, timeoutMs);
      if (zip === 404) {
        failures.push(`${url}: not found (404)`);
        continue;
      }
      const sum = await get(`${url}.sha1`, 4096, timeoutMs);
      if (sum === 404) {
        failures.push(`${url}.sha1: not found (404): an unverified download is refused`);
        return { failures, refused: 'checksum' };
      }
      // a .sha1 file holds the hex digest, sometimes followed by the file name
      const expected = /^\s*([0-9a-fA-F]{40})\b/.exec(sum.toString('latin1'))?.[1]?.toLowerCase();
      const actual = createHash('sha1').update(zip).digest('hex');
      if (expected !== actual) {
        failures.push(
          `${url}: checksum mismatch (.sha1 says ${expected ?? 'nothing readable'}, the download is ${actual}): refused`,
        );
        return { failures, refused: 'checksum' };
      }
      const file = artifactFile(localRepoDir, dep.groupId, dep.artifactId, dep.version);
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.part-${process.pid}`;
      try {
        writeFileSync(tmp, zip);
        writeFileSync(`${file}.sha1`, `${actual}\n`);
        renameSync(tmp, file);
      } catch (e) {
        rmSync(tmp, { force: true });
        throw e;
      }
      return { file, url: repo, failures };
    } catch (e) {
      if (!(e instanceof FetchFailure)) throw e;
      failures.push(`${url}: ${e.message}`);
    }
  }
  return { failures };
}
