/**
 * The few deployment.toml readings both the validator (language server, `synapse validate`) and the runtime need, as
 * MI's config tool turns deployment/deployment.toml into synapse.properties. No runtime dependencies.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';

/** deployment.toml's place in a project (the MI VS Code layout; Integration Studio projects have none). */
export function deploymentTomlPath(root: string): string {
  return join(root, 'deployment', 'deployment.toml');
}

/** A key of a TOML table: quoted as one name ('a.b' = …) or dotted (a.b = …, which TOML nests). */
export function tableValue(table: unknown, key: string): unknown {
  if (typeof table !== 'object' || table === null) return undefined;
  const t = table as Record<string, unknown>;
  if (t[key] !== undefined) return t[key];
  const dot = key.indexOf('.');
  return dot < 0 ? undefined : tableValue(t[key.slice(0, dot)], key.slice(dot + 1));
}

/**
 * A value as Synapse reads it back: MI's config tool writes the TOML string as it is into synapse.properties
 * (`key = value`, Jinja, no escaping) and MiscellaneousUtil.loadProperties reads that file with java.util.Properties,
 * so a backslash escapes the next character (`\d` in the string is `d`, `\\` one backslash; `\t` `\n` `\r` `\f` and
 * `\uXXXX` are those characters), a line break ends the value, and a backslash ending a line continues it on the next
 * (that line's leading blanks dropped). A regex written `"^\\d+$"` in TOML is `^d+$` for MI: `"^\\\\d+$"` is `^\d+$`.
 */
export function propertiesValue(raw: string): string {
  if (!/[\\\n\r]/.test(raw)) return raw;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\n' || c === '\r') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    if (++i >= raw.length) break;
    const e = raw[i];
    if (e === '\n' || e === '\r') {
      // a continued line: its leading blanks (space, tab, form feed) are dropped
      if (e === '\r' && raw[i + 1] === '\n') i++;
      while (i + 1 < raw.length && /[ \t\f]/.test(raw[i + 1])) i++;
    } else if (e === 'u') {
      const hex = raw.slice(i + 1, i + 5);
      // Properties.load refuses a malformed \u escape (the file is not read): taken as it is here
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        out += String.fromCharCode(parseInt(hex, 16));
        i += 4;
      } else out += 'u';
    } else out += e === 't' ? '\t' : e === 'n' ? '\n' : e === 'r' ? '\r' : e === 'f' ? '\f' : e;
  }
  return out;
}

/** synapse.properties' key of the XPath DOM failover, and the `[mediation]` key key-mappings.json maps to it. */
export const XPATH_DOM_FAILOVER_PROPERTY = 'synapse.xpath.dom.failover.enabled';
export const XPATH_DOM_FAILOVER_MEDIATION_KEY = 'synapse.enable_xpath_dom_failover';

/**
 * Whether a project's deployment.toml turns MI's XPath DOM failover on (`[mediation]
 * synapse.enable_xpath_dom_failover = true`, which wins, or `[synapse_properties]
 * 'synapse.xpath.dom.failover.enabled' = "true"`; SynapseXPath compares `"true".equals`). No file, a file that is no
 * TOML, or a value that is not a single value: off (MI's default).
 */
export function readXPathDomFailover(root: string): boolean {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(readFileSync(deploymentTomlPath(root), 'utf8')) as Record<string, unknown>;
  } catch {
    return false;
  }
  const v =
    tableValue(doc.mediation, XPATH_DOM_FAILOVER_MEDIATION_KEY) ??
    tableValue(doc.synapse_properties, XPATH_DOM_FAILOVER_PROPERTY);
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean' && typeof v !== 'bigint')
    return false;
  return propertiesValue(String(v)).trim() === 'true';
}
