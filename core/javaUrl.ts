/**
 * What `new java.net.URL(spec)` refuses, for values MI reads as URLs when it deploys (a local entry's `src`:
 * EntryFactory, "The entry with key : K refers to an invalid URL"): a spec without a protocol ("no protocol: x"), or
 * with one of the registry prefixes a registry key starts with, for which MI's JVM has no URL handler ("unknown
 * protocol: gov"). Other protocols are left alone (MI's OSGi framework may know more than the JDK's file, http, https,
 * ftp, jar, jrt and mailto).
 */
const REGISTRY_PREFIXES = new Set(['gov', 'conf', 'resources', 'local']);

/** Why MI's `new URL(spec)` refuses the spec (the JDK's message), or undefined when it may read it. */
export function javaUrlRefusal(spec: string): string | undefined {
  // URL(URL context, String spec): the protocol is the text before the first ':' when it starts with a letter and
  // holds only letters, digits, '+', '-' and '.', and no '/' comes before it
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(spec);
  if (!m) return `no protocol: ${spec}`;
  const protocol = m[1].toLowerCase();
  if (REGISTRY_PREFIXES.has(protocol)) return `unknown protocol: ${protocol}`;
  return undefined;
}
