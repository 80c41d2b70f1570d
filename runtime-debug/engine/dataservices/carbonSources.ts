/**
 * Carbon data sources for a data service config's `carbon_datasource_name` (SQLCarbonDataSourceConfig): MI looks the
 * name up among the data sources it deployed, from `<datasource>` artifacts (a project's
 * src/main/wso2mi/artifacts/data-sources/*.xml, a legacy `*DataSourceConfigs/datasource/*.xml`) and from
 * deployment.toml's `[[datasource]]` tables (id, url, username, password, driver). Only RDBMS definitions are
 * read; the JDBC URL then picks the driver as for a config of its own.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { attrValue, firstChild, parseXml, textContent, type XmlElement } from '../../../core/xml';

export interface CarbonDataSource {
  name: string;
  url: string;
  user: string | undefined;
  password: string | undefined;
  driver: string | undefined;
  /** The name it is bound to in JNDI (<jndiConfig><name>), if any. */
  jndiName?: string;
  /** Where it is defined (a file). */
  file: string;
}

function child(e: XmlElement | undefined, local: string): XmlElement | undefined {
  return e && firstChild(e, local);
}

function fromXml(file: string): CarbonDataSource | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return dataSourceFromText(text, file);
}

/** An RDBMS `<datasource>` definition (an artifact's text), or undefined when it is not one. */
export function dataSourceFromText(text: string, file: string): CarbonDataSource | undefined {
  let root: XmlElement | undefined;
  try {
    root = parseXml(text).root;
  } catch {
    return undefined;
  }
  if (!root || root.local !== 'datasource') return undefined;
  const name = child(root, 'name');
  const def = child(root, 'definition');
  if (!name || !def || (attrValue(def, 'type') ?? 'RDBMS').toUpperCase() !== 'RDBMS') return undefined;
  const conf = child(def, 'configuration');
  const val = (n: string) => {
    const el = child(conf, n);
    return el ? textContent(el).trim() : undefined;
  };
  const url = val('url');
  if (!url) return undefined;
  const jndi = child(child(root, 'jndiConfig'), 'name');
  return {
    name: textContent(name).trim(),
    jndiName: jndi ? textContent(jndi).trim() : undefined,
    url,
    user: val('username'),
    password: val('password'),
    driver: val('driverClassName'),
    file,
  };
}

function xmlFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.toLowerCase().endsWith('.xml'))
      .map((f) => join(dir, f));
  } catch {
    return [];
  }
}

/**
 * The data source deployed under `name`: one of `deployed` (a CAR's data source artifacts, DataSourceCappDeployer),
 * else one of a project rooted at one of `roots`, if any; `jndi`: its JNDI name (<jndiConfig><name>) matches too,
 * as a mediator's <dsName> is looked up through JNDI (DataSourceFinder).
 */
export function findCarbonDataSource(
  name: string,
  roots: string[],
  jndi = false,
  deployed: Iterable<CarbonDataSource> = [],
): CarbonDataSource | undefined {
  let found: CarbonDataSource | undefined;
  // (the last one deployed under a name wins)
  for (const ds of deployed) if (ds.name === name || (jndi && ds.jndiName === name)) found = ds;
  if (found) return found;
  for (const root of roots) {
    const dirs = [join(root, 'src', 'main', 'wso2mi', 'artifacts', 'data-sources')];
    // the legacy multi-module layout: <X>DataSourceConfigs/datasource
    try {
      for (const d of readdirSync(root))
        if (/DataSourceConfigs$/i.test(d) && statSync(join(root, d)).isDirectory())
          dirs.push(join(root, d, 'datasource'));
    } catch {
      // not a folder
    }
    for (const dir of dirs)
      for (const f of xmlFiles(dir)) {
        const ds = fromXml(f);
        if (ds && (ds.name === name || (jndi && ds.jndiName === name))) return ds;
      }
    const toml = join(root, 'deployment', 'deployment.toml');
    if (existsSync(toml)) {
      try {
        const doc = parseToml(readFileSync(toml, 'utf8')) as Record<string, unknown>;
        const list = Array.isArray(doc.datasource) ? (doc.datasource as Record<string, unknown>[]) : [];
        for (const d of list) {
          if (d.id !== name || typeof d.url !== 'string') continue;
          const s = (v: unknown) => (typeof v === 'string' ? v : undefined);
          return {
            name,
            url: d.url,
            user: s(d.username),
            password: s(d.password),
            driver: s(d.driver),
            file: toml,
          };
        }
      } catch {
        // a deployment.toml that does not parse is reported where it is read (deploymentToml.ts)
      }
    }
  }
  return undefined;
}
