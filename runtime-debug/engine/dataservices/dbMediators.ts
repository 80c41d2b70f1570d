/**
 * The dblookup and dbreport mediators (Synapse AbstractDBMediatorFactory, DBLookupMediator, DBReportMediator) over the
 * data services' RDBMS layer: a `<connection><pool>` with `<driver>`, `<url>` (jdbc:postgresql, jdbc:mysql,
 * jdbc:mariadb), `<user>`, `<password>`; statements with `<sql>`, `<parameter value|expression type>` bound in order
 * with their JDBC type, and (dblookup) `<result name column>` copying columns of the first row into properties as the
 * JDBC object's toString; dbreport sets DBREPORT_MODIFIED_RAW_COUNT. A failure is a mediation fault with Synapse's
 * message. A `<dsName>` data source or another database is a load warning and faults when run.
 */
import { attrValue, childElements, firstChild, textContent, type XmlElement } from '../../../core/xml';
import { registerMediator, faultingMediator, type CompileCtx } from '../compile';
import { MediationError } from '../errors';
import type { Expr } from '../expressions';
import type { Mediator } from '../model';
import { base, aware } from '../mediators/util';
import { parseJdbcUrl } from './load';
import type { RdbmsConfig } from './model';
import { DriverError, Pools } from './sources';
import { expandArrays } from './execute';
import { javaParseDouble } from '../expr/values';
import { SQL_TYPES } from '../../../core/catalog/mediators';

/** The parameter types dblookup/dbreport take: the catalog's declaration (core/catalog/mediators.ts). */
const JDBC_TYPES: ReadonlySet<string> = new Set(SQL_TYPES);

interface DbParam {
  value: string | undefined;
  expr: Expr | undefined;
  type: string;
}

interface DbStatement {
  sql: string;
  params: DbParam[];
  results: { name: string; column: string }[];
}

/** DBReportMediator.MODIFIED_ROW_COUNT_PROP_NAME (sic). */
const ROW_COUNT_PROPERTY = 'DBREPORT_MODIFIED_RAW_COUNT';

/** Pools of mediators compiled outside a runtime (the runtime's own pools close when it stops). */
const loosePools = new Pools();

function poolsOf(reg: unknown): Pools {
  return (reg as { dataServices?: { pools: Pools } }).dataServices?.pools ?? loosePools;
}

function compileDb(kind: 'dblookup' | 'dbreport') {
  return (el: XmlElement, cc: CompileCtx): Mediator => {
    const problemsBefore = cc.problems.length;
    const pool = firstChild(firstChild(el, 'connection') ?? el, 'pool');
    const text = (parent: XmlElement, name: string): string | undefined => {
      const c = firstChild(parent, name);
      if (!c) {
        // AbstractDBMediatorFactory.getValue
        cc.problem(parent, 'RT_DB_CONFIG', `Unable to read configuration value for : ${name}`);
        return undefined;
      }
      return cc.resolve(textContent(c).trim(), c);
    };
    if (!pool || (!firstChild(pool, 'dsName') && !firstChild(pool, 'driver'))) {
      cc.problem(
        el,
        'RT_DB_CONFIG',
        `The DataSource connection information must be specified for ${kind} mediator`,
      );
      return faultingMediator(el, cc, `The ${kind} mediator has no connection`);
    }
    const statements: DbStatement[] = [];
    for (const st of childElements(el).filter((c) => c.local === 'statement')) {
      const sql = text(st, 'sql');
      const params: DbParam[] = [];
      for (const p of childElements(st).filter((c) => c.local === 'parameter')) {
        const value = attrValue(p, 'value');
        const expr = cc.expr(p, 'expression');
        // processStatements: a parameter with neither is skipped
        if (value === undefined && attrValue(p, 'expression') === undefined) continue;
        const type = attrValue(p, 'type') ?? '';
        if (!JDBC_TYPES.has(type))
          cc.problem(p, 'RT_DB_CONFIG', `Unknown or unsupported JDBC type : ${type || 'null'}`);
        params.push({ value, expr: value === undefined ? expr : undefined, type });
      }
      const results: DbStatement['results'] = [];
      for (const r of childElements(st).filter((c) => c.local === 'result')) {
        const name = attrValue(r, 'name');
        const column = attrValue(r, 'column');
        if (name === undefined || column === undefined) {
          cc.problem(
            r,
            'RT_DB_CONFIG',
            'Invalid result element found missing either name and column [DBLookup] mediator',
          );
          continue;
        }
        // Statement keeps the results in a map by property name
        const had = results.findIndex((x) => x.name === name);
        if (had >= 0) results[had] = { name, column };
        else results.push({ name, column });
      }
      if (sql !== undefined) statements.push({ sql, params, results });
    }
    const dsName = firstChild(pool, 'dsName');
    // readLookupConfig: with an initial context class the JNDI url, user and password are read too
    if (dsName && firstChild(pool, 'icClass')) for (const n of ['url', 'user', 'password']) text(pool, n);
    if (dsName && cc.problems.length > problemsBefore)
      return faultingMediator(el, cc, `The ${kind} mediator has configuration errors`);
    // lookupDataSource: a data source the project deploys (a <datasource> artifact or deployment.toml's
    // [[datasource]]), by its name or its JNDI name; any other is out of reach
    const deployed = dsName ? cc.opts.dataSource?.(textContent(dsName).trim()) : undefined;
    if (dsName && !deployed && cc.problems.length === problemsBefore) {
      const msg = `The ${kind} mediator's data source '${textContent(dsName).trim()}' (a JNDI or Carbon data source) cannot be looked up by the embedded runtime`;
      cc.unsupported(el, msg, 'RT_DB_UNSUPPORTED');
      return faultingMediator(el, cc, msg);
    }
    const url = deployed ? deployed.url : (text(pool, 'url') ?? '');
    if (!deployed) text(pool, 'driver');
    const user = deployed ? deployed.user : text(pool, 'user');
    const password = deployed ? deployed.password : text(pool, 'password');
    const parsed = parseJdbcUrl(url);
    // a mediator MI refuses is reported as such (compileMediator makes it fault), not also as out of reach
    if (cc.problems.length > problemsBefore)
      return faultingMediator(el, cc, `The ${kind} mediator has configuration errors`);
    if (typeof parsed === 'string') {
      const msg = `The ${kind} mediator's database (${parsed}) cannot be reached by the embedded runtime: it runs PostgreSQL, MySQL and MariaDB`;
      cc.unsupported(el, msg, 'RT_DB_UNSUPPORTED');
      return faultingMediator(el, cc, msg);
    }
    let maxActive = 5;
    for (const p of childElements(pool).filter((c) => c.local === 'property'))
      if (attrValue(p, 'name') === 'maxactive')
        maxActive = parseInt(attrValue(p, 'value') ?? '', 10) || maxActive;
    const cfg: RdbmsConfig = { ...parsed, url, user: user || undefined, password, maxActive };
    const poolKey = `${kind}:${url}:${user ?? ''}`;
    const exprs = statements.flatMap((s) => s.params.map((p) => p.expr));
    return {
      ...base(el, cc, aware(...exprs)),
      async mediate(ctx, ex) {
        const pools = poolsOf(ex.reg);
        for (const st of statements) {
          let values: unknown[];
          try {
            values = st.params.map((p) => jdbcValue(p.type, p.value ?? p.expr?.string(ctx)));
          } catch (e) {
            throw new MediationError(
              0,
              `${kind === 'dblookup' ? 'Error executing statement' : 'Error while executing insert statement'} : ${st.sql} against DataSource : ${url}`,
              (e as Error).message,
            );
          }
          let r;
          try {
            const ex2 = expandArrays(st.sql, values);
            r = await pools.run(cfg, poolKey, ex2.sql, ex2.values, undefined, 'jdbc');
          } catch (e) {
            const detail = e instanceof DriverError ? e.nested : (e as Error).message;
            throw new MediationError(
              0,
              kind === 'dblookup'
                ? `SQL Exception occurred while executing statement : ${st.sql} against DataSource : ${url}`
                : `SQL Error while executing insert statement : ${st.sql} against DataSource : ${url}`,
              detail,
            );
          }
          if (kind === 'dbreport') {
            ctx.setProperty(ROW_COUNT_PROPERTY, Math.max(r.updateCount, 0));
            continue;
          }
          const row = r.rows[0];
          if (!row) continue;
          for (const { name, column } of st.results) {
            const n = /^[+-]?\d+$/.test(column) ? Number(column) : NaN;
            const i = Number.isNaN(n)
              ? row.names.findIndex((c) => c.toLowerCase() === column.toLowerCase())
              : n - 1;
            if (i < 0 || i >= row.values.length) {
              throw new MediationError(
                0,
                `SQL Exception occurred while executing statement : ${st.sql} against DataSource : ${url}`,
                Number.isNaN(n)
                  ? `The column name ${column} was not found in this ResultSet.`
                  : `The column index is out of range: ${n}, number of columns: ${row.values.length}.`,
              );
            }
            const v = row.values[i];
            // DBLookupMediator: a NULL column leaves the property as it was
            if (v !== null) ctx.setProperty(name, v);
          }
        }
        return true;
      },
    };
  };
}

/** AbstractDBMediator.getPreparedStatement: the value set for the parameter's JDBC type (empty: NULL). */
function jdbcValue(type: string, value: string | undefined): unknown {
  if (value === undefined || value.length === 0) return null;
  const int = (lo: number, hi: number) => {
    if (!/^[+-]?\d+$/.test(value)) throw new Error(`For input string: "${value}"`);
    const n = Number(value);
    if (n < lo || n > hi) throw new Error(`Value out of range. Value:"${value}"`);
    return n;
  };
  switch (type) {
    case 'NUMERIC':
    case 'DECIMAL':
      if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value))
        throw new Error(`Character ${value} is neither a decimal digit number`);
      return value;
    case 'BIT':
      return value.toLowerCase() === 'true';
    case 'TINYINT':
      return int(-128, 127);
    case 'SMALLINT':
      return int(-32768, 32767);
    case 'INTEGER':
      return int(-2147483648, 2147483647);
    case 'BIGINT':
      if (!/^[+-]?\d+$/.test(value)) throw new Error(`For input string: "${value}"`);
      return value;
    case 'REAL':
    case 'FLOAT':
    case 'DOUBLE': {
      const n = javaParseDouble(value);
      if (n === undefined) throw new Error(`For input string: "${value}"`);
      return n;
    }
    case 'DATE':
      if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(value)) throw new Error('java.lang.IllegalArgumentException');
      return value;
    case 'TIME':
      if (!/^\d{1,2}:\d{1,2}:\d{1,2}$/.test(value)) throw new Error('java.lang.IllegalArgumentException');
      return value;
    case 'TIMESTAMP':
      if (!/^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(\.\d{1,9})?$/.test(value))
        throw new Error('Timestamp format must be yyyy-mm-dd hh:mm:ss[.fffffffff]');
      return value;
    default:
      return value;
  }
}

registerMediator('dblookup', compileDb('dblookup'));
registerMediator('dbreport', compileDb('dbreport'));
