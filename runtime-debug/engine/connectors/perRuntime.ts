/**
 * State a connector keeps per runtime (an engine instance: its executor), such as the connections an init made by
 * name: made on first use, gone with the runtime.
 */
import type { Executor } from '../executor';

/** A map per runtime: the function answers the runtime's own map, making it on first use. */
export function perRuntime<V>(): (ex: Executor) => Map<string, V> {
  const byRuntime = new WeakMap<Executor, Map<string, V>>();
  return (ex) => {
    let m = byRuntime.get(ex);
    if (!m) byRuntime.set(ex, (m = new Map()));
    return m;
  };
}
