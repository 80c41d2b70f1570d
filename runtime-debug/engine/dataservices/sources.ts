/**
 * The data sources a data service reads: CSV files (CSVConfig/CSVQuery: opencsv with a `"` quote, the separator,
 * rows skipped before the starting row, the header row naming the columns) and RDBMS connections (RDBMSConfig) to
 * PostgreSQL through `pg` and MySQL/MariaDB through `mysql2`, pooled per config. The drivers load on first use.
 * Values come back as the strings MI's SQLQuery.getDataEntryFromRS writes.
 */
import { readFileSync, statSync } from 'node:fs';
import type { CsvConfig, RdbmsConfig } from './model';
import { javaDoubleToString } from '../expr/values';
import { lazyChunk } from '../lazyChunk';

type Drivers = typeof import('./drivers');
/** The drivers: in a build, the chunk dist/cli-dbdrivers.js (see ../lazyChunk.ts); from source, ./drivers.ts. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const drivers = lazyChunk<Drivers>('./cli-dbdrivers.js', () => require('./drivers') as Drivers);

/** A row: column names (as the source names them) and the values as text (null for SQL NULL). */
export interface Row {
  names: string[];
  values: (string | null)[];
}

export interface SqlOutcome {
  rows: Row[];
  updateCount: number;
}

/** A driver error, with the text MI's nested exception shows (the JDBC exception's toString). */
export class DriverError extends Error {
  constructor(
    message: string,
    readonly nested: string,
  ) {
    super(message);
  }
}

/** CSV files larger than this are refused (the whole file is read per call). */
const MAX_CSV_BYTES = 64 * 1024 * 1024;

export function csvRows(cfg: CsvConfig): Row[] {
  const size = statSync(cfg.file).size;
  if (size > MAX_CSV_BYTES) throw new Error(`CSV file ${cfg.file} is larger than ${MAX_CSV_BYTES} bytes`);
  const text = readFileSync(cfg.file, 'utf8');
  const { parse } = drivers().csvParse() as typeof import('csv-parse/sync');
  const records: string[][] = parse(text, {
    delimiter: cfg.separator,
    quote: '"',
    relax_column_count: true,
    relax_quotes: true,
    // opencsv (CSVReader.readNext) reads a blank line as a row of one empty field, and its BufferedReader ends a
    // line at \r\n, \n or \r, mixed in one file
    skip_empty_lines: false,
    record_delimiter: ['\r\n', '\n', '\r'],
    bom: true,
  });
  const header = cfg.hasHeader ? (records[cfg.headerRow - 1] ?? []) : undefined;
  const out: Row[] = [];
  const start = Math.max(0, cfg.startingRow - 1);
  for (let i = start; i < records.length; i++) {
    if (cfg.maxRowCount !== -1 && out.length >= cfg.maxRowCount) break;
    const rec = records[i];
    out.push({ names: rec.map((_, j) => header?.[j] ?? String(j + 1)), values: rec });
  }
  return out;
}

interface PgQueryable {
  query(cfg: { text: string; values: unknown[]; types?: unknown }): Promise<{
    rows: unknown[][];
    fields: { name: string; dataTypeID: number }[];
    rowCount: number | null;
    command: string;
  }>;
}
interface PgClient extends PgQueryable {
  release(): void;
}
interface PgPool extends PgQueryable {
  connect(): Promise<PgClient>;
  end(): Promise<void>;
}

interface MyQueryable {
  query(opts: { sql: string; values: unknown[]; rowsAsArray: boolean }): Promise<[unknown, unknown]>;
}
interface MyConn extends MyQueryable {
  beginTransaction(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  release(): void;
}
interface MyPool extends MyQueryable {
  getConnection(): Promise<MyConn>;
  end(): Promise<void>;
}

/**
 * One transaction over the pools a request uses (a batch request: BatchDataServiceRequest commits every statement
 * together, or rolls them all back): a connection per pool, taken on first use with BEGIN.
 */
export class Tx {
  readonly pg = new Map<string, PgClient>();
  readonly my = new Map<string, MyConn>();

  async pgClient(key: string, pool: PgPool): Promise<PgQueryable> {
    let c = this.pg.get(key);
    if (!c) {
      c = await pool.connect();
      this.pg.set(key, c);
      await c.query({ text: 'BEGIN', values: [] });
    }
    return c;
  }

  async myConn(key: string, pool: MyPool): Promise<MyQueryable> {
    let c = this.my.get(key);
    if (!c) {
      c = await pool.getConnection();
      this.my.set(key, c);
      await c.beginTransaction();
    }
    return c;
  }

  /** Commits (or rolls back) and gives every connection back. */
  async end(commit: boolean): Promise<void> {
    for (const c of this.pg.values()) {
      try {
        await c.query({ text: commit ? 'COMMIT' : 'ROLLBACK', values: [] });
      } finally {
        c.release();
      }
    }
    for (const c of this.my.values()) {
      try {
        await (commit ? c.commit() : c.rollback());
      } finally {
        c.release();
      }
    }
    this.pg.clear();
    this.my.clear();
  }
}

/** Raw text for every PostgreSQL type: the conversion to MI's strings is ours (pgText). */
const RAW_TYPES = { getTypeParser: () => (v: string) => v };

export class Pools {
  private readonly pg = new Map<string, PgPool>();
  private readonly my = new Map<string, MyPool>();

  /**
   * Runs SQL on the config's pool (one per key and value style). `style`: the text of each value as the data
   * services engine writes it (`dss`), or as Java's toString of the JDBC object (`jdbc`: the dblookup mediator).
   */
  async run(
    cfg: RdbmsConfig,
    key: string,
    sql: string,
    values: unknown[],
    returning: string[] | undefined,
    style: ValueStyle = 'dss',
    tx?: Tx,
  ): Promise<SqlOutcome> {
    return cfg.dialect === 'postgresql'
      ? this.runPg(cfg, `${style}:${key}`, sql, values, returning, style, tx)
      : this.runMy(cfg, `${style}:${key}`, sql, values, returning, style, tx);
  }

  private async runPg(
    cfg: RdbmsConfig,
    key: string,
    sql: string,
    values: unknown[],
    returning: string[] | undefined,
    style: ValueStyle,
    tx: Tx | undefined,
  ): Promise<SqlOutcome> {
    let pool = this.pg.get(key);
    if (!pool) {
      const pg = drivers().pg() as { Pool: new (o: object) => PgPool };
      pool = new pg.Pool({
        host: cfg.host,
        port: cfg.port ?? 5432,
        database: cfg.database,
        user: cfg.user,
        password: cfg.password,
        max: Math.max(1, Math.min(cfg.maxActive, 50)),
        connectionTimeoutMillis: 10_000,
        idleTimeoutMillis: 30_000,
        allowExitOnIdle: true,
      });
      (pool as unknown as { on(e: string, f: () => void): void }).on('error', () => undefined);
      this.pg.set(key, pool);
    }
    // the PostgreSQL JDBC driver returns generated keys by appending RETURNING
    const text = toDollarParams(
      returning
        ? `${sql.replace(/;\s*$/, '')} RETURNING ${returning.length ? returning.join(', ') : '*'}`
        : sql,
    );
    let r;
    try {
      const target = tx ? await tx.pgClient(key, pool) : pool;
      r = await target.query({ text, values, types: RAW_TYPES, rowMode: 'array' } as never);
    } catch (e) {
      const err = e as Error & {
        code?: string;
        detail?: string;
        hint?: string;
        position?: string;
        severity?: string;
      };
      const msg = err.message;
      // the JDBC driver's PSQLException is the server's message as ServerErrorMessage.toString writes it
      if (err.code && /^[0-9A-Z]{5}$/.test(err.code)) {
        let text = `${err.severity ?? 'ERROR'}: ${msg}`;
        if (err.detail) text += `\n  Detail: ${err.detail}`;
        if (err.hint) text += `\n  Hint: ${err.hint}`;
        if (err.position) text += `\n  Position: ${err.position}`;
        throw new DriverError(text, `org.postgresql.util.PSQLException: ${text}`);
      }
      throw new DriverError(msg, `org.postgresql.util.PSQLException: ${msg}`);
    }
    const fields = r.fields ?? [];
    // one names array for all rows, as runMy does
    const names = fields.map((f) => f.name);
    const rows: Row[] = (r.rows ?? []).map((vals) => ({
      names,
      values: (vals as (string | null)[]).map((v, i) =>
        v === null
          ? null
          : style === 'dss'
            ? pgText(v, fields[i].dataTypeID)
            : pgObjectText(v, fields[i].dataTypeID),
      ),
    }));
    const isSelect = r.command === 'SELECT' || (fields.length > 0 && !returning);
    return { rows: isSelect || returning ? rows : [], updateCount: isSelect ? -1 : (r.rowCount ?? 0) };
  }

  private async runMy(
    cfg: RdbmsConfig,
    key: string,
    sql: string,
    values: unknown[],
    returning: string[] | undefined,
    style: ValueStyle,
    tx: Tx | undefined,
  ): Promise<SqlOutcome> {
    let pool = this.my.get(key);
    if (!pool) {
      const mysql = drivers().mysql() as typeof import('mysql2/promise');
      pool = mysql.createPool({
        host: cfg.host,
        port: cfg.port ?? 3306,
        database: cfg.database || undefined,
        user: cfg.user,
        password: cfg.password,
        connectionLimit: Math.max(1, Math.min(cfg.maxActive, 50)),
        connectTimeout: 10_000,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        decimalNumbers: false,
        // as Connector/J reads the columns and SQLQuery.getDataEntryFromRS writes them: TINYINT(1) is a BIT
        // (true/false), DOUBLE/FLOAT as Java writes them, DATETIME/TIMESTAMP as a Calendar, binary as base64
        typeCast: (
          field: { type: string; length: number; string(): string | null; buffer(): Buffer | null },
          next: () => unknown,
        ) => {
          if (field.type === 'TINY' && field.length === 1) {
            const s = field.string();
            return s === null ? null : s !== '0' ? 'true' : 'false';
          }
          if (field.type === 'BIT' && field.length === 1) {
            const b = field.buffer();
            return b === null ? null : b[0] ? 'true' : 'false';
          }
          if (style === 'dss' && (field.type === 'DATE' || field.type === 'NEWDATE')) {
            const s = field.string();
            return s === null ? null : dateString(s);
          }
          if (style === 'dss' && (field.type === 'TIME' || field.type === 'TIME2')) {
            const s = field.string();
            return s === null ? null : timeString(s);
          }
          if (field.type === 'DATETIME' || field.type === 'TIMESTAMP') {
            const s = field.string();
            if (s === null) return null;
            return style === 'dss' ? calendarString(new Date(s.replace(' ', 'T'))) : timestampText(s);
          }
          if (/BLOB|BINARY/.test(field.type)) {
            const b = field.buffer();
            return b === null ? null : b.toString('base64');
          }
          if (field.type === 'DOUBLE' || field.type === 'FLOAT') {
            const s = field.string();
            return s === null ? null : javaDoubleToString(Number(s));
          }
          if (field.type === 'JSON') return next();
          return field.string();
        },
      }) as unknown as MyPool;
      this.my.set(key, pool);
    }
    let res: unknown;
    let fields: unknown;
    try {
      const target = tx ? await tx.myConn(key, pool) : pool;
      [res, fields] = await target.query({ sql, values, rowsAsArray: true });
    } catch (e) {
      // Connector/J's exception classes by SQLSTATE class (SQLError.createSQLException)
      const err = e as Error & { sqlState?: string };
      const msg = err.message;
      const cls = err.sqlState?.startsWith('42')
        ? 'java.sql.SQLSyntaxErrorException'
        : err.sqlState?.startsWith('23')
          ? 'java.sql.SQLIntegrityConstraintViolationException'
          : err.sqlState?.startsWith('08')
            ? 'com.mysql.cj.jdbc.exceptions.CommunicationsException'
            : 'java.sql.SQLException';
      throw new DriverError(msg, `${cls}: ${msg}`);
    }
    if (Array.isArray(res)) {
      const names = ((fields as { name: string }[] | undefined) ?? []).map((f) => f.name);
      return {
        rows: (res as unknown[][]).map((vals) => ({
          names,
          values: vals.map((v) =>
            v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v),
          ),
        })),
        updateCount: -1,
      };
    }
    const h = res as { affectedRows: number; insertId: number | string };
    // MySQL's driver answers generated keys as one GENERATED_KEY column
    const rows: Row[] =
      returning && h.insertId ? [{ names: ['GENERATED_KEY'], values: [String(h.insertId)] }] : [];
    return { rows, updateCount: h.affectedRows };
  }

  async close(): Promise<void> {
    const all = [...this.pg.values(), ...this.my.values()];
    this.pg.clear();
    this.my.clear();
    await Promise.all(all.map((p) => p.end().catch(() => undefined)));
  }
}

/**
 * SQL with `re` (a global RegExp) replaced as String.replace does, outside the quoted parts ('...' and "..."; an
 * unclosed quote runs to the end): how the placeholders `?` and `:name` are found.
 */
export function replaceOutsideQuotes(
  sql: string,
  re: RegExp,
  replace: (match: string, ...groups: string[]) => string,
): string {
  // split with a capture group: the even parts are outside quotes, the odd ones the quoted parts
  return sql
    .split(/('[^']*'?|"[^"]*"?)/)
    .map((part, i) => (i % 2 ? part : part.replace(re, replace)))
    .join('');
}

/** JDBC `?` placeholders as PostgreSQL's `$n` (outside quotes). */
export function toDollarParams(sql: string): string {
  let n = 0;
  return replaceOutsideQuotes(sql, /\?/g, () => `$${++n}`);
}

/** How values are written: by the data services engine, or as the JDBC object's toString (dblookup). */
export type ValueStyle = 'dss' | 'jdbc';

/** The toString of the object the PostgreSQL JDBC driver's getObject returns (DBLookupMediator: obj.toString()). */
function pgObjectText(v: string, oid: number): string {
  switch (oid) {
    case 16:
      return v === 't' ? 'true' : 'false';
    case 700:
    case 701:
      return javaDoubleToString(Number(v));
    case 1114:
      return timestampText(v);
    case 1184: {
      // a timestamptz is a Timestamp in the JVM's time zone
      const d = new Date(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      const frac = /\.(\d+)/.exec(v)?.[1];
      return timestampText(
        `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${frac ? `.${frac}` : ''}`,
      );
    }
    default:
      return v;
  }
}

/** java.sql.Timestamp.toString: yyyy-mm-dd hh:mm:ss.f with the fraction's trailing zeros dropped (at least one digit). */
function timestampText(v: string): string {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:\.(\d+))?/.exec(v);
  if (!m) return v;
  const frac = (m[3] ?? '0').replace(/0+$/, '') || '0';
  return `${m[1]} ${m[2]}.${frac}`;
}

/** A PostgreSQL value's text as MI writes the JDBC value (SQLQuery.getDataEntryFromRS with Axis2's ConverterUtil). */
function pgText(v: string, oid: number): string {
  switch (oid) {
    case 16: // bool
      return v === 't' ? 'true' : 'false';
    case 700: // float4
    case 701: // float8
      return javaDoubleToString(Number(v));
    case 1114: // timestamp: the local time it names, with the local offset
      return calendarString(new Date(v.replace(' ', 'T')));
    case 1184: // timestamptz
      return calendarString(new Date(v.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')));
    case 17: // bytea (hex): base64, as MI writes binary columns
      return v.startsWith('\\x') ? Buffer.from(v.slice(2), 'hex').toString('base64') : v;
    case 1082: // date
      return dateString(v);
    case 1083: // time
      return timeString(v);
    default:
      return v;
  }
}

/** The local offset of a moment as ConverterUtil.appendTimeZone writes it (+hh:mm). */
function zoneText(d: Date): string {
  const off = -d.getTimezoneOffset();
  const p = (n: number) => String(Math.abs(n)).padStart(2, '0');
  return `${off >= 0 ? '+' : '-'}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
}

/** ConverterUtil.convertToString(java.util.Date) of a DATE column: yyyy-MM-dd and the zone (2021-04-03+00:00). */
function dateString(v: string): string {
  const d = new Date(`${v}T00:00:00`);
  return Number.isNaN(d.getTime()) ? v : `${v}${zoneText(d)}`;
}

/** SQLQuery.convertToTimeString (Axis2 Time.toString) of a TIME column: HH:mm:ss.SSS and the zone. */
function timeString(v: string): string {
  const m = /^(\d\d):(\d\d):(\d\d)(?:\.(\d+))?/.exec(v);
  if (!m) return v;
  const ms = (m[4] ?? '').padEnd(3, '0').slice(0, 3);
  return `${m[1]}:${m[2]}:${m[3]}.${ms}${zoneText(new Date(1970, 0, 1, Number(m[1]), Number(m[2]), Number(m[3])))}`;
}

/** ConverterUtil.convertToString(Calendar): yyyy-MM-ddTHH:mm:ss.SSS+hh:mm in the runtime's time zone. */
function calendarString(d: Date): string {
  if (Number.isNaN(d.getTime())) return '';
  const p = (n: number, w = 2) => String(Math.abs(n)).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}${zoneText(d)}`;
}
