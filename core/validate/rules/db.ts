/** dblookup/dbreport `<connection><pool>`: what AbstractDBMediatorFactory needs to build the data source. */
import type { XmlElement } from '../../xml/types';
import { firstChild } from '../../xml/query';
import type { Report } from '../report';

const has = (pool: XmlElement, name: string): boolean => firstChild(pool, name) !== undefined;

/**
 * AbstractDBMediatorFactory.buildDataSource: a `<dsName>` is a data source lookup (with `<icClass>` it also reads
 * `<url>`, `<user>` and `<password>`), else a `<driver>` builds a pool from `<url>`, `<user>` and `<password>`
 * (readCustomDataSourceConfig, getKey/getValue: "Unable to read configuration value for : ..."); with neither the
 * mediator is refused ("The DataSource connection information must be specified ...").
 */
export function checkDbPool(pool: XmlElement, report: Report): void {
  const lookup = has(pool, 'dsName');
  if (!lookup && !has(pool, 'driver')) {
    report.add(
      'SYN106',
      pool.nameSpan,
      '<pool> needs <dsName> (a data source) or <driver> with <url>, <user> and <password>: Micro Integrator refuses it ("The DataSource connection information must be specified for using a custom DataSource connection pool or for a JNDI lookup").',
    );
    return;
  }
  if (lookup && !has(pool, 'icClass')) return;
  const missing = ['url', 'user', 'password'].filter((n) => !has(pool, n));
  if (missing.length)
    report.add(
      'SYN106',
      pool.nameSpan,
      `<pool> with <${lookup ? 'icClass' : 'driver'}> needs ${missing.map((m) => `<${m}>`).join(', ')}: Micro Integrator refuses it ("Unable to read configuration value for : ${missing[0]}").`,
    );
}
