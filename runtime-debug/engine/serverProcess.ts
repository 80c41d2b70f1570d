/**
 * What a process that serves the runtime (`synapse run`, `synapse serve`, the debug adapter) sets up for itself
 * before the first message. The engine stays a library: it never changes the process it is loaded into; the
 * processes that host it call this once, at their start.
 *
 * V8's allocation-site pretenuring is turned off. V8 watches each object literal's allocation site and, when the
 * objects of one site all survived a young-generation collection, allocates that site's objects in the old
 * generation from then on. Under load a few of the runtime's per-message sites get that decision (all of their
 * objects happened to be in flight at one collection). From then on each message's objects from those sites are
 * old from birth, and while they wait, dead, for the next full collection, everything young they point to (the
 * request, the response, the message context, undici's request) is kept through every young collection and
 * promoted. Measured on the pass-through bench (see bench/analysis.md): 1.5–1.7 MB kept per young collection
 * instead of 0.2 MB, and about a tenth more CPU per request. The decision came at a random moment, in about half
 * of the runs. Without pretenuring, request-scoped objects die young, as in a plain Node HTTP proxy.
 */
import { setFlagsFromString } from 'node:v8';

let done = false;

/** Tunes V8 for serving messages (idempotent). Call at the start of a process that hosts the runtime. */
export function tuneServerProcess(): void {
  if (done) return;
  done = true;
  setFlagsFromString('--no-allocation-site-pretenuring');
}
