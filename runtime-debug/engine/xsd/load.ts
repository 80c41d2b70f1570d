/**
 * Lazy loading of libxml2 (WebAssembly, about 1 MB): nothing is read or compiled until the first XML schema is
 * compiled, so neither the runtime's start-up nor a flow without an XSD validate mediator pays for it.
 */
import type { Libxml } from './libxml';

let loading: Promise<Libxml> | undefined;
let loaded: Libxml | undefined;

export function loadLibxml(): Promise<Libxml> {
  loading ??= import('./libxml').then((m) => m.libxml()).then((l) => (loaded = l));
  return loading;
}

/** The library when it is already loaded (no await on the hot path), else undefined. */
export function libxmlIfLoaded(): Libxml | undefined {
  return loaded;
}
