/**
 * OData v4 on a data service's RDBMS config with enableOData="true", served at /odata/SERVICE/CONFIG/... as MI does:
 * DBDeployer registers an ODataServiceHandler per such config (ODataServiceRegistry), ODataEndpoint routes by the
 * two path segments (no handler: 501; a path without both: 400), RDBMSDataHandler reads the tables, columns, keys of
 * the database (DatabaseMetaData) and EDMProvider makes one entity type and set per table in the service namespace
 * with the config id as container; ODataAdapter answers over Olingo: the service document, $metadata, entity sets
 * with $filter (evaluated on each row, ExpressionVisitorImpl), $select, $top, $skip, $orderby (SQL ORDER BY),
 * $count, $skiptoken pages (Prefer odata.maxpagesize, default 10), entities by key, properties, and
 * POST (201), PUT/PATCH (204), DELETE (204) with ETags (ODataUtils.generateETag) and If-Match (412), navigations
 * over foreign keys and their references ($ref, NAV@odata.bind).
 * $expand of navigations and $batch (multipart requests; a change set in one transaction).
 * An entity set is an Atom feed for Accept application/xml. Not here: non-RDBMS sources.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { javaDoubleToString } from '../expr/values';
import { escapeXmlAttr as xmlAttr, escapeXmlText as xmlText } from '../mediators/util';
import type { DataServiceDef, RdbmsConfig } from './model';
import { javaHashOrder } from './java';
import { Tx, type Pools } from './sources';

interface OColumn {
  name: string;
  /** java.sql.Types name as the JDBC driver reports the column. */
  jdbc: string;
  edm: string;
  nullable: boolean;
  size: number;
  scale: number;
  auto: boolean;
}
interface OTable {
  name: string;
  /** In the order of MI's HashMap<String, DataColumn> (its entity type's property order). */
  columns: OColumn[];
  keys: string[];
  /** Navigation properties (EDMProvider): the tables whose foreign keys name this one (a collection), then those
   * this one's foreign keys name; each with its column pairs [this table's column, the other table's column]. */
  navs: { name: string; many: boolean; pairs: [string, string][] }[];
}
interface OModel {
  namespace: string;
  container: string;
  /** Entity sets in MI's HashMap order. */
  tables: OTable[];
}

type Val = string | number | boolean | null;
type Row = Map<string, string | null>;

class ODataError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** UUID.nameUUIDFromBytes: an MD5 name-based (version 3) UUID. */
function nameUuid(text: string): string {
  const b = createHash('md5').update(text, 'utf8').digest();
  b[6] = (b[6] & 0x0f) | 0x30;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ODataUtils.generateETag: configId, table and each name and value (an ODataEntry is a HashMap). */
function etagOf(configId: string, table: string, entry: Row): string {
  let s = configId + table;
  for (const k of javaHashOrder([...entry.keys()])) s += k + String(entry.get(k) ?? null);
  return nameUuid(s);
}

/** RDBMSDataHandler.getODataDataType, from the java.sql.Types name. */
function edmOf(jdbc: string): string {
  switch (jdbc) {
    case 'INTEGER':
      return 'Int32';
    case 'TINYINT':
    case 'SMALLINT':
      return 'Int16';
    case 'DOUBLE':
      return 'Double';
    case 'BOOLEAN':
    case 'BIT':
      return 'Boolean';
    case 'BINARY':
    case 'VARBINARY':
    case 'LONGVARBINARY':
    case 'BLOB':
      return 'Binary';
    case 'DATE':
      return 'Date';
    case 'DECIMAL':
    case 'NUMERIC':
      return 'Decimal';
    case 'FLOAT':
    case 'REAL':
      return 'Single';
    case 'TIME':
      return 'TimeOfDay';
    case 'BIGINT':
      return 'Int64';
    case 'TIMESTAMP':
      return 'DateTimeOffset';
    default:
      return 'String';
  }
}

/** The java.sql.Types the PostgreSQL JDBC driver reports for a udt name (TypeInfoCache). */
function pgJdbc(udt: string): string {
  const m: Record<string, string> = {
    int2: 'SMALLINT',
    int4: 'INTEGER',
    oid: 'BIGINT',
    int8: 'BIGINT',
    money: 'DOUBLE',
    numeric: 'NUMERIC',
    float4: 'REAL',
    float8: 'DOUBLE',
    char: 'CHAR',
    bpchar: 'CHAR',
    varchar: 'VARCHAR',
    text: 'VARCHAR',
    name: 'VARCHAR',
    bytea: 'BINARY',
    bool: 'BIT',
    bit: 'BIT',
    date: 'DATE',
    time: 'TIME',
    timetz: 'TIME',
    timestamp: 'TIMESTAMP',
    timestamptz: 'TIMESTAMP',
  };
  return m[udt] ?? 'OTHER';
}

/** Connector/J's java.sql.Types for a MySQL column type (MysqlType; tinyInt1isBit). */
function myJdbc(dataType: string, columnType: string): string {
  const t = dataType.toLowerCase();
  if (t === 'tinyint' && /^tinyint\(1\)/i.test(columnType)) return 'BIT';
  const m: Record<string, string> = {
    tinyint: 'TINYINT',
    smallint: 'SMALLINT',
    mediumint: 'INTEGER',
    int: 'INTEGER',
    integer: 'INTEGER',
    bigint: 'BIGINT',
    float: 'REAL',
    double: 'DOUBLE',
    decimal: 'DECIMAL',
    bit: 'BIT',
    char: 'CHAR',
    varchar: 'VARCHAR',
    text: 'LONGVARCHAR',
    date: 'DATE',
    time: 'TIME',
    datetime: 'TIMESTAMP',
    timestamp: 'TIMESTAMP',
    blob: 'LONGVARBINARY',
    binary: 'BINARY',
    varbinary: 'VARBINARY',
  };
  return m[t] ?? 'VARCHAR';
}

const JSON_CT = 'application/json;odata.metadata=minimal';
/** The java.sql.Types RDBMSDataHandler.getODataDataType names as STRING (others fall to its default). */
const STRING_JDBC = new Set([
  'VARCHAR',
  'CHAR',
  'LONGVARCHAR',
  'CLOB',
  'LONGNVARCHAR',
  'NCHAR',
  'NVARCHAR',
  'NCLOB',
  'SQLXML',
]);

export class OData {
  private readonly models = new Map<string, Promise<OModel>>();
  /** The transaction of a $batch change set (set on the view `inTx` makes, never on the shared instance). */
  private readonly tx: Tx | undefined = undefined;
  constructor(private readonly pools: Pools) {}

  /** This endpoint running its statements in `tx` (a change set: ServiceHandler.startTransaction / commit). */
  private inTx(tx: Tx): OData {
    return Object.assign(Object.create(this) as OData, { tx });
  }

  /** Drops what was read of a service's databases (the service was redeployed). */
  forget(service: string): void {
    for (const k of [...this.models.keys()]) if (k.startsWith(`${service}\u0000`)) this.models.delete(k);
  }

  private run(cfg: RdbmsConfig, sql: string, values: unknown[] = [], returning?: string[]) {
    return this.pools.run(cfg, 'odata', sql, values, returning, 'dss', this.tx);
  }

  private model(ds: DataServiceDef, configId: string, cfg: RdbmsConfig): Promise<OModel> {
    const key = `${ds.name}\u0000${configId}`;
    let m = this.models.get(key);
    if (!m) {
      m = this.readModel(ds, configId, cfg);
      m.catch(() => this.models.delete(key));
      this.models.set(key, m);
    }
    return m;
  }

  /** RDBMSDataHandler.generateTableList / initializeMetaData: the tables and views with their columns and keys. */
  private async readModel(ds: DataServiceDef, configId: string, cfg: RdbmsConfig): Promise<OModel> {
    const tables = new Map<string, OTable>();
    const pg = cfg.dialect === 'postgresql';
    const cols = await this.run(
      cfg,
      pg
        ? `SELECT c.table_name, c.column_name, c.udt_name, c.is_nullable, c.character_maximum_length,
             c.numeric_precision, c.numeric_scale, c.column_default, c.is_identity, c.datetime_precision, ''
           FROM information_schema.columns c JOIN information_schema.tables t
             ON t.table_schema = c.table_schema AND t.table_name = c.table_name
           WHERE t.table_schema NOT IN ('pg_catalog', 'information_schema') AND t.table_schema NOT LIKE 'pg\\_%'
           ORDER BY t.table_type, t.table_schema, t.table_name, c.ordinal_position`
        : `SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE, c.IS_NULLABLE, c.CHARACTER_MAXIMUM_LENGTH,
             c.NUMERIC_PRECISION, c.NUMERIC_SCALE, c.COLUMN_DEFAULT, c.EXTRA, c.DATETIME_PRECISION,
             CAST(c.COLUMN_TYPE AS CHAR(200))
           FROM information_schema.COLUMNS c JOIN information_schema.TABLES t
             ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
           WHERE t.TABLE_SCHEMA = DATABASE() ORDER BY t.TABLE_TYPE, t.TABLE_NAME, c.ORDINAL_POSITION`,
    );
    const ordered = new Map<string, OColumn[]>();
    for (const r of cols.rows) {
      const [table, name, type, nullable, charLen, numPrec, numScale, def, extra, , colType] = r.values;
      const jdbc = pg ? pgJdbc(type ?? '') : myJdbc(type ?? '', colType ?? '');
      const numeric = ['DOUBLE', 'REAL', 'FLOAT', 'DECIMAL', 'NUMERIC'].includes(jdbc);
      let size = Number(charLen ?? numPrec ?? 0) || 0;
      if (pg && (type === 'text' || type === 'bytea' || (type === 'varchar' && charLen === null)))
        size = 2147483647;
      // the PostgreSQL driver's COLUMN_SIZE of a numeric without precision
      if (pg && type === 'numeric' && numPrec === null) size = 1000;
      if (pg && type === 'float8') size = 17;
      if (pg && type === 'float4') size = 8;
      const scale = numeric ? Number(numScale ?? 0) || 5 : 0;
      const auto = pg
        ? /^nextval\(/i.test(def ?? '') || extra === 'YES'
        : /auto_increment/i.test(extra ?? '');
      const list = ordered.get(table!) ?? [];
      list.push({
        name: name!,
        jdbc,
        edm: edmOf(jdbc),
        nullable: nullable === 'YES',
        size,
        scale,
        auto,
      });
      ordered.set(table!, list);
    }
    const keys = await this.run(
      cfg,
      pg
        ? `SELECT k.table_name, k.column_name FROM information_schema.table_constraints t
             JOIN information_schema.key_column_usage k ON k.constraint_name = t.constraint_name
               AND k.table_schema = t.table_schema AND k.table_name = t.table_name
           WHERE t.constraint_type = 'PRIMARY KEY' ORDER BY k.table_name, k.ordinal_position`
        : `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE
           WHERE TABLE_SCHEMA = DATABASE() AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    );
    for (const [name, list] of ordered) {
      const byName = new Map(list.map((c) => [c.name, c]));
      tables.set(name, {
        name,
        columns: javaHashOrder(list.map((c) => c.name)).map((n) => byName.get(n)!),
        keys: [],
        navs: [],
      });
    }
    for (const r of keys.rows) tables.get(r.values[0]!)?.keys.push(r.values[1]!);
    // readForeignKeys (getExportedKeys): the referenced (exported) table, the referencing one and their columns
    const fks = await this.run(
      cfg,
      pg
        ? `SELECT ccu.table_name, kcu.table_name, ccu.column_name, kcu.column_name
           FROM information_schema.table_constraints tc
           JOIN information_schema.key_column_usage kcu
             ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
           JOIN information_schema.constraint_column_usage ccu
             ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
           WHERE tc.constraint_type = 'FOREIGN KEY' ORDER BY ccu.table_name, kcu.table_name, kcu.ordinal_position`
        : `SELECT REFERENCED_TABLE_NAME, TABLE_NAME, REFERENCED_COLUMN_NAME, COLUMN_NAME
           FROM information_schema.KEY_COLUMN_USAGE
           WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
           ORDER BY REFERENCED_TABLE_NAME, TABLE_NAME, ORDINAL_POSITION`,
    );
    const exported = new Map<string, Map<string, [string, string][]>>();
    for (const r of fks.rows) {
      const [pkTable, fkTable, pkCol, fkCol] = r.values as string[];
      if (!tables.has(pkTable) || !tables.has(fkTable)) continue;
      const m = exported.get(pkTable) ?? new Map<string, [string, string][]>();
      const pairs = m.get(fkTable) ?? [];
      pairs.push([pkCol, fkCol]);
      m.set(fkTable, pairs);
      exported.set(pkTable, m);
    }
    for (const t of tables.values()) {
      // one to many (a HashSet of the importing tables), then many to one (of the exporting ones)
      const many = exported.get(t.name);
      if (many)
        for (const n of javaHashOrder([...many.keys()]))
          t.navs.push({ name: n, many: true, pairs: many.get(n)! });
      const ones = [...exported].filter(([, m]) => m.has(t.name)).map(([n]) => n);
      for (const n of javaHashOrder(ones))
        t.navs.push({
          name: n,
          many: false,
          pairs: exported
            .get(n)!
            .get(t.name)!
            .map(([pk, fk]) => [fk, pk] as [string, string]),
        });
    }
    return {
      namespace: ds.serviceNamespace,
      container: configId,
      tables: javaHashOrder([...tables.keys()]).map((n) => tables.get(n)!),
    };
  }

  /**
   * ODataEndpoint.process for a request whose URI holds "/odata/" (`url`: its path and query as sent; `path` its
   * path decoded): getServiceDetails reads SERVICE/CONFIG after the first "odata/" of the URI, query included.
   */
  async serve(
    services: (name: string) => DataServiceDef | undefined,
    req: IncomingMessage,
    res: ServerResponse,
    url: string,
    query: string,
    body: Buffer,
  ): Promise<void> {
    const start = url.indexOf('odata/') + 'odata/'.length;
    // getServiceDetails: more than one character after "odata/" holding a '/' (ODataServiceFault: 400); Java's
    // split drops trailing empty strings ("NAME/" names no config: MI fails there too)
    const params = url.slice(start).split('/');
    while (params.length && params[params.length - 1] === '') params.pop();
    if (url.length <= start + 1 || params.length < 2) return end(res, 400);
    const [svc, configId] = params;
    const ds = services(svc);
    const cfg = ds?.configs.get(configId);
    // no registered handler for SERVICE + CONFIG: 501 Not Implemented
    if (!ds || !cfg || !cfg.odata || cfg.kind !== 'rdbms' || !cfg.rdbms) return end(res, 501);
    const host = req.headers.host ?? '127.0.0.1';
    // Olingo's raw base URI: the request URL up to the service root path /SERVICE/CONFIG; the OData path after it
    const rootEnd = start + svc.length + 1 + configId.length;
    const base = `http://${host}${url.slice(0, rootEnd)}`;
    const qi = url.indexOf('?');
    let rest = url.slice(rootEnd, qi >= 0 ? qi : undefined).replace(/^\//, '');
    try {
      if (rest.includes('%')) rest = decodeURI(rest);
    } catch {
      // (read as written)
    }
    try {
      const model = await this.model(ds, configId, cfg.rdbms);
      await this.handle(model, cfg.rdbms, req, res, base, rest, query, body);
    } catch (e) {
      if (e instanceof ODataError) return writeError(res, e.status, e.message);
      return writeError(res, 500, (e as Error).message);
    }
  }

  private async handle(
    model: OModel,
    cfg: RdbmsConfig,
    req: IncomingMessage,
    res: ServerResponse,
    base: string,
    rest: string,
    query: string,
    body: Buffer,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const q = parseQuery(query);
    checkOptions(query);
    if (rest === '$batch') {
      if (method !== 'POST') throw new ODataError(405, 'The HTTP method is not allowed.');
      return this.batch(model, cfg, req, res, base, body);
    }
    if (rest === '') {
      if (method !== 'GET') throw new ODataError(405, 'The HTTP method is not allowed.');
      // Olingo's content negotiation: the AtomPub service document for XML, JSON otherwise
      const kind = negotiate(req, q, false);
      if (kind === 'xml' || kind === 'atom')
        return send(res, 200, xmlType(req, kind), serviceDocumentXml(model, base));
      return send(res, 200, JSON_CT, JSON.stringify(serviceDocument(model, base, kind === 'json-none')));
    }
    if (rest === '$metadata') {
      if (method !== 'GET') throw new ODataError(405, 'The HTTP method is not allowed.');
      // ContentNegotiator for METADATA: application/xml, or application/json (Olingo's JSON CSDL) when $format or
      // Accept asks for it
      if (negotiate(req, q, true) === 'json') return send(res, 200, 'application/json', metadataJson(model));
      return send(res, 200, 'application/xml', metadataXml(model));
    }
    const m = /^([^/(]+)(?:\((.*?)\))?(?:\/(.*))?$/.exec(rest);
    const table = m ? model.tables.find((t) => t.name === m[1]) : undefined;
    if (!m || !table)
      throw new ODataError(
        404,
        `Cannot find EntitySet, Singleton, ActionImport or FunctionImport with name '${m?.[1] ?? rest}'.`,
      );
    const keyText = m[2];
    const tail = m[3] ?? '';
    const configId = model.container;
    if (keyText === undefined) {
      if (method === 'POST' && tail === '') return this.create(model, cfg, table, res, base, body);
      if (method !== 'GET') throw new ODataError(405, 'The HTTP method is not allowed.');
      if (tail !== '' && tail !== '$count')
        throw new ODataError(400, `The URI is malformed: '${tail}' cannot follow an entity set.`);
      // (the serializer is chosen before the entities are read: ODataAdapter's EntitySetResponse visitor)
      // (Olingo's ContentNegotiator runs first, $format included: nothing it serves is 406)
      if (tail === '' && String(req.headers.accept ?? 'x').trim() !== '') negotiate(req, q, false);
      const format = tail === '' ? entitySetSerializer(req.headers.accept) : 'json';
      const order = q.get('$orderby');
      const sorted = order !== undefined ? orderBy(table, order) : undefined;
      let all;
      try {
        all = (
          await this.run(cfg, `SELECT * FROM ${table.name}${sorted ? ` ${sorted.sql}` : ''}`, sorted?.values)
        ).rows;
      } catch (e) {
        // MI runs the ordered query while it streams the answer (StreamingEntityIterator.hasNext), after Olingo
        // set 200 and its headers: the failure (an ODataRuntimeException in the streaming thread) leaves the
        // answer without a body
        if (!sorted) throw e;
        return send(res, 200, JSON_CT, '');
      }
      const filter = q.get('$filter') !== undefined ? parseExpr(q.get('$filter')!) : undefined;
      let rows = all.map((r) => rowOf(table, r.names, r.values));
      if (filter)
        rows = rows.filter((row) => {
          const v = evaluate(filter, table, row);
          if (typeof v !== 'boolean' && v !== null)
            throw new ODataError(
              400,
              'Invalid filter expression. Filter expressions must return a value of type Edm.Boolean',
            );
          return v === true;
        });
      if (tail === '$count') return send(res, 200, plainType(req), String(rows.length));
      const matched = rows.length;
      const skip = intOption(q, '$skip');
      const top = intOption(q, '$top');
      if (skip !== undefined) rows = rows.slice(skip);
      if (top !== undefined) rows = rows.slice(0, top);
      let next: string | undefined;
      const headers: Record<string, string> = {};
      const token = q.get('$skiptoken');
      const prefer = /odata\.maxpagesize=(\d+)/.exec(String(req.headers.prefer ?? ''));
      if (prefer) headers['Preference-Applied'] = `odata.maxpagesize=${prefer[1]}`;
      if (token !== undefined) {
        // QueryOptions.initPagination: the token is a page number; that page of odata.maxpagesize (default 10)
        const size = prefer ? Number(prefer[1]) : 10;
        const page = Number.parseInt(token, 10);
        if (!Number.isFinite(page)) throw new ODataError(400, `For input string: "${token}"`);
        rows = rows.slice(page * size, page * size + size);
        next = `${base}/${table.name}?$skiptoken=${page + 1}`;
      }
      const select = selectList(table, q.get('$select'));
      // ODataAdapter.getSerializer: Accept application/xml (as sent: copyHeaders reads the request's own) is MI's
      // ODataXmlSerializer, an Atom feed
      if (format === 'xml') {
        let feed =
          `<?xml version='1.0' encoding='UTF-8'?><a:feed xmlns:a="http://www.w3.org/2005/Atom"` +
          ` xmlns:m="http://docs.oasis-open.org/odata/ns/metadata" xmlns:d="http://docs.oasis-open.org/odata/ns/data"` +
          ` m:context="$metadata#${xmlAttr(table.name)}${select ? `(${xmlAttr(select.join(','))})` : ''}">` +
          `<a:id>${xmlText(`${base}/${table.name}`)}</a:id>`;
        for (const r of rows)
          feed += entityXml(model, table, r, etagOf(configId, table.name, r), select, base, false);
        if (q.get('$count') === 'true') feed += `<m:count>${filter ? matched : all.length}</m:count>`;
        if (next) feed += `<a:link rel="next" href="${xmlAttr(next)}"></a:link>`;
        return send(res, 200, 'application/xml', `${feed}</a:feed>`, headers);
      }
      const out: string[] = [];
      out.push(
        `"@odata.context":${JSON.stringify(`$metadata#${table.name}${select ? `(${select.join(',')})` : ''}`)}`,
      );
      out.push(
        `"value":[${(
          await Promise.all(
            rows.map(async (r) =>
              entityJson(
                table,
                r,
                etagOf(configId, table.name, r),
                select,
                base,
                undefined,
                false,
                await this.expand(model, cfg, table, r, q.get('$expand'), base),
              ),
            ),
          )
        ).join(',')}]`,
      );
      if (q.get('$count') === 'true') out.push(`"@odata.count":${filter ? matched : all.length}`);
      if (next) out.push(`"@odata.nextLink":${JSON.stringify(next)}`);
      // ODataAdapter: an entity set answers with the Accept header's type
      return send(res, 200, 'application/json', `{${out.join(',')}}`, headers);
    }
    const keys = parseKeys(table, keyText);
    // DataRequest.getETag: If-Match, else If-None-Match, else *; getIfMatch: no If-None-Match header
    const ifMatch = req.headers['if-match'] ?? req.headers['if-none-match'];
    const eTag = ifMatch === undefined ? '*' : String(ifMatch);
    const noneMatch = req.headers['if-none-match'] !== undefined;
    /** The entity when its ETag matches the request's (getETagMatchedEntity); 404 / 412 written otherwise. */
    const checked = async (): Promise<Row | undefined> => {
      const row = await this.readOne(cfg, table, keys);
      if (!row) {
        end(res, 404);
        return undefined;
      }
      if (!etagMatches(etagOf(configId, table.name, row), eTag, noneMatch)) {
        writeError(res, 412, 'E-Tag checksum didn\u0027t match.');
        return undefined;
      }
      return row;
    };
    const [prop, value, extra] = tail === '' ? [] : tail.split('/');
    const nav = prop === undefined ? undefined : table.navs.find((n) => n.name === prop);
    if (nav && (value === undefined || value === '$ref') && extra === undefined)
      return this.navigate(
        model,
        cfg,
        req,
        res,
        base,
        table,
        keys,
        nav,
        value === '$ref',
        q,
        body,
        eTag,
        noneMatch,
      );
    const col = prop === undefined ? undefined : table.columns.find((c) => c.name === prop);
    if (prop !== undefined && (!col || extra !== undefined || (value !== undefined && value !== '$value')))
      throw new ODataError(404, `Property '${prop}' not found in type '${model.namespace}.${table.name}'.`);
    if (method === 'GET') {
      const row = await checked();
      if (!row) return;
      const etag = etagOf(configId, table.name, row);
      if (!col) {
        const select = selectList(table, q.get('$select'));
        // Olingo's content negotiation for one entity: application/xml is the Atom entry
        const kind = negotiate(req, q, false);
        if (kind === 'xml' || kind === 'atom')
          return send(res, 200, xmlType(req, kind), entityXml(model, table, row, etag, select, base), {
            ETag: etag,
          });
        // (odata.metadata=none: ODataJsonSerializer writes no context, etag or id, nested entities' either)
        const none = kind === 'json-none';
        const json = entityJson(
          table,
          row,
          none ? undefined : etag,
          select,
          base,
          none ? undefined : `$metadata#${table.name}/$entity`,
          false,
          await this.expand(model, cfg, table, row, q.get('$expand'), base, none),
        );
        return send(res, 200, JSON_CT, json, { ETag: etag });
      }
      const v = row.get(col.name) ?? null;
      if (v === null) return end(res, 204);
      if (value === '$value') return send(res, 200, plainType(req), v);
      return send(
        res,
        200,
        JSON_CT,
        `{"@odata.context":${JSON.stringify(`$metadata#${table.name}(${keyText})/${col.name}`)},"value":${jsonValue(col, v)}}`,
      );
    }
    const where = ` WHERE ${table.keys.map((k) => `${k} = ?`).join(' AND ')}`;
    const keyValues = table.keys.map((k) => keys.get(k));
    if (col && (method === 'PUT' || method === 'PATCH' || method === 'DELETE')) {
      // updateProperty: the one column set (DELETE: to NULL), 204
      let v: Val = null;
      if (method !== 'DELETE') {
        if (value === '$value') v = body.toString('utf8');
        else {
          let obj: unknown;
          try {
            obj = JSON.parse(body.toString('utf8'));
          } catch {
            throw new ODataError(400, 'The JSON payload is malformed.');
          }
          if (!obj || typeof obj !== 'object' || !('value' in obj))
            throw new ODataError(400, 'The JSON payload is malformed.');
          v = (obj as { value: Val }).value;
        }
      }
      if (eTag !== '*' && !(await checked())) return;
      await this.run(cfg, `UPDATE ${table.name} SET ${col.name} = ?${where}`, [
        bindValue(col, v),
        ...keyValues,
      ]);
      return end(res, 204);
    }
    if (tail !== '') throw new ODataError(405, 'The HTTP method is not allowed.');
    if (method === 'PUT' || method === 'PATCH') {
      const changes = parseBody(table, body);
      if (eTag !== '*' && !(await checked())) return;
      const sets: string[] = [];
      const values: unknown[] = [];
      for (const c of table.columns) {
        if (table.keys.includes(c.name)) continue;
        if (!changes.has(c.name)) {
          // PATCH keeps a property left out; PUT sets it to NULL
          if (method === 'PATCH') continue;
          sets.push(`${c.name} = ?`);
          values.push(null);
          continue;
        }
        sets.push(`${c.name} = ?`);
        values.push(bindValue(c, changes.get(c.name)!));
      }
      if (sets.length)
        await this.run(cfg, `UPDATE ${table.name} SET ${sets.join(',')}${where}`, [...values, ...keyValues]);
      return end(res, 204);
    }
    if (method === 'DELETE') {
      if (eTag !== '*' && !(await checked())) return;
      const r = await this.run(cfg, `DELETE FROM ${table.name}${where}`, keyValues);
      // deleteEntityInTable: no row deleted is 404 (with an ETag given, 304)
      if (!r.updateCount) return end(res, eTag !== '*' ? 304 : 404);
      return end(res, 204);
    }
    throw new ODataError(405, 'The HTTP method is not allowed.');
  }

  /**
   * Olingo's BatchRequest.execute: a multipart/mixed body of requests and change sets run in order; the answer is
   * 202 with a multipart/mixed body holding each one's HTTP response. A change set runs in one transaction
   * (ServiceHandler.startTransaction): its first failing request (status >= 400) ends it, is rolled back with the
   * ones before it and is answered alone, as a plain part (processChangeSet, "11.7.4 Responding to a Batch
   * Request"); a failing part ends the batch unless `Prefer: odata.continue-on-error`.
   */
  private async batch(
    model: OModel,
    cfg: RdbmsConfig,
    req: IncomingMessage,
    res: ServerResponse,
    base: string,
    body: Buffer,
  ): Promise<void> {
    const type = String(req.headers['content-type'] ?? '');
    // validateContentType: not multipart/mixed is 400
    if (!/^\s*multipart\/mixed\s*(;|$)/i.test(type)) throw new ODataError(400, 'Invalid content type');
    const boundary = /boundary=("?)([^";]+)\1/i.exec(type)?.[2];
    if (!boundary) throw new ODataError(400, 'The batch request has no multipart boundary.');
    const continueOnError = String(req.headers.prefer ?? '')
      .split(',')
      .some((p) => p.trim() === 'odata.continue-on-error');
    /** One request of the batch run on `self`: its HTTP response, the MIME part's text after its headers. */
    const run = async (self: OData, part: string): Promise<{ status: number; id?: string; http: string }> => {
      // the part's MIME headers, a blank line, then the HTTP request: its line, headers, blank line, body
      const norm = part.replace(/\r\n/g, '\n');
      const afterMime = norm.slice(norm.indexOf('\n\n') + 2).replace(/^\n+/, '');
      const mimeHeaders = norm.slice(0, norm.indexOf('\n\n'));
      const contentId = /^content-id:\s*(.*)$/im.exec(mimeHeaders)?.[1]?.trim();
      const split = afterMime.indexOf('\n\n');
      const head = (split >= 0 ? afterMime.slice(0, split) : afterMime).split('\n');
      const subBody = split >= 0 ? afterMime.slice(split + 2).replace(/\n+$/, '') : '';
      const [m, target] = head[0].trim().split(/\s+/);
      const headers: Record<string, string> = { host: String(req.headers.host ?? '') };
      for (const h of head.slice(1)) {
        const i = h.indexOf(':');
        if (i > 0) headers[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
      }
      let url = target ?? '';
      const at = url.indexOf(base);
      if (at >= 0) url = url.slice(at + base.length);
      else if (/^https?:\/\//.test(url)) url = url.replace(/^https?:\/\/[^/]+/, '');
      const rootPath = new URL(base).pathname;
      if (url.startsWith(rootPath)) url = url.slice(rootPath.length);
      url = url.replace(/^\//, '');
      const qi = url.indexOf('?');
      const cap = capture();
      const subReq = { method: m, headers, batchPart: true } as unknown as IncomingMessage;
      try {
        await self.handle(
          model,
          cfg,
          subReq,
          cap.res,
          base,
          qi >= 0 ? url.slice(0, qi) : url,
          qi >= 0 ? url.slice(qi + 1) : '',
          Buffer.from(subBody, 'utf8'),
        );
      } catch (e) {
        const err = e instanceof ODataError ? e : new ODataError(500, (e as Error).message);
        writeError(cap.res, err.status, err.message);
      }
      let http = `HTTP/1.1 ${cap.status} ${STATUS_TEXT[cap.status] ?? ''}\r\n`;
      for (const [k, v] of Object.entries(cap.headers)) http += `${k}: ${v}\r\n`;
      http += `Content-Length: ${Buffer.byteLength(cap.body)}\r\n\r\n${cap.body}\r\n`;
      return { status: cap.status, id: contentId, http };
    };
    // appendBodyPartHeader: a change set's response names its request's Content-ID
    const partText = (http: string, id?: string) =>
      `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n${id !== undefined ? `Content-ID: ${id}\r\n` : ''}\r\n${http}`;
    const parts = (text: string, b: string) =>
      text
        .split(new RegExp(`--${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*\\r?\\n?`))
        .slice(1)
        .filter((p) => p.trim() !== '');
    const id = randomUUID();
    let out = '';
    for (const part of parts(body.toString('utf8'), boundary)) {
      // (the MIME headers end at the first blank line, CRLF or LF)
      const mime = part.slice(0, (/\r?\n\r?\n/.exec(part)?.index ?? -1) + 1);
      const inner = /multipart\/mixed;\s*boundary=("?)([^";\s]+)\1/i.exec(mime)?.[2];
      out += `--batch_${id}\r\n`;
      let status: number;
      if (inner) {
        const tx = new Tx();
        const self = this.inTx(tx);
        const done: { id?: string; http: string }[] = [];
        let failed: { status: number; http: string } | undefined;
        try {
          for (const p of parts(part.slice(mime.length), inner)) {
            const r = await run(self, p);
            if (r.status >= 400) {
              failed = r;
              break;
            }
            done.push(r);
          }
        } finally {
          await tx.end(!failed).catch(() => undefined);
        }
        if (failed) {
          status = failed.status;
          out += partText(failed.http);
        } else {
          status = 200;
          const cs = randomUUID();
          out += `Content-Type: multipart/mixed; boundary=changeset_${cs}\r\n\r\n`;
          for (const r of done) out += `--changeset_${cs}\r\n${partText(r.http, r.id)}`;
          out += `--changeset_${cs}--\r\n`;
        }
      } else {
        const r = await run(this, part);
        status = r.status;
        out += partText(r.http);
      }
      if (status >= 400 && status <= 600 && !continueOnError) break;
    }
    out += `--batch_${id}--\r\n`;
    // (Olingo names its own boundary, but ODataTransportSender.setContentType writes the message context's content
    // type, the request's, with the charset: the answer's header names the request's boundary)
    return send(res, 202, /charset=/i.test(type) ? type : `${type}; charset=UTF-8`, out);
  }

  /** $expand (expandEntityForStreaming): each named navigation's entities written inside the entity. */
  private async expand(
    model: OModel,
    cfg: RdbmsConfig,
    table: OTable,
    row: Row,
    expand: string | undefined,
    base: string,
    metadataNone = false,
  ): Promise<string> {
    if (!expand) return '';
    const out: string[] = [];
    for (const name of expand.split(',').map((x) => x.trim())) {
      const nav = table.navs.find((n) => n.name === name);
      if (!nav) throw new ODataError(400, `Property '${name}' not found in type '${table.name}'.`);
      const target = model.tables.find((t) => t.name === nav.name)!;
      const rows = await this.related(cfg, row, nav, target);
      const json = rows.map((r) =>
        entityJson(
          target,
          r,
          metadataNone ? undefined : etagOf(model.container, target.name, r),
          undefined,
          base,
        ),
      );
      out.push(`${JSON.stringify(name)}:${nav.many ? `[${json.join(',')}]` : (json[0] ?? 'null')}`);
    }
    return out.join(',');
  }

  /** The rows a navigation reaches from a row (its foreign key values, or those naming its key). */
  private async related(
    cfg: RdbmsConfig,
    row: Row,
    nav: OTable['navs'][number],
    target: OTable,
  ): Promise<Row[]> {
    const vals = nav.pairs.map(([mine]) => row.get(mine) ?? null);
    if (vals.some((v) => v === null)) return [];
    const r = await this.run(
      cfg,
      `SELECT * FROM ${target.name} WHERE ${nav.pairs.map(([, theirs]) => `${theirs} = ?`).join(' AND ')}`,
      vals,
    );
    return r.rows.map((x) => rowOf(target, x.names, x.values));
  }

  private async readOne(
    cfg: RdbmsConfig,
    table: OTable,
    keys: Map<string, string>,
  ): Promise<Row | undefined> {
    const names = table.columns.filter((c) => keys.has(c.name)).map((c) => c.name);
    const r = await this.run(
      cfg,
      `SELECT * FROM ${table.name} WHERE ${names.map((n) => `${n} = ?`).join(' AND ')}`,
      names.map((n) => keys.get(n)),
    );
    return r.rows.length ? rowOf(table, r.rows[0].names, r.rows[0].values) : undefined;
  }

  /** createEntity: INSERT of the properties given (generated keys read back), 201 with the entity. */
  private async create(
    model: OModel,
    cfg: RdbmsConfig,
    table: OTable,
    res: ServerResponse,
    base: string,
    body: Buffer,
  ): Promise<void> {
    const given = parseBody(table, body);
    const names = javaHashOrder([...given.keys()]).filter((n) => table.columns.some((c) => c.name === n));
    const autos = table.columns.filter((c) => c.auto).map((c) => c.name);
    let r;
    try {
      r = await this.run(
        cfg,
        `INSERT INTO ${table.name} (${names.join(',')} ) VALUES ( ${names.map(() => '?').join(',')} ) `,
        names.map((n) =>
          bindValue(
            table.columns.find((c) => c.name === n)!,
            given.get(n)!,
          ),
        ),
        autos.length ? autos : undefined,
      );
    } catch (e) {
      throw new ODataError(
        500,
        `Error occurred while creating entity. :Error occurred while writing entities to ${table.name} table. :${(e as Error).message}`,
      );
    }
    const entry: Row = new Map();
    for (const [k, v] of given) entry.set(k, v === null ? null : String(v));
    if (autos.length) {
      // the generated keys (Connector/J names the one it reads GENERATED_KEY)
      if (r.rows.length)
        r.rows[0].names.forEach((n, i) =>
          entry.set(n === 'GENERATED_KEY' ? autos[0] : n, r.rows[0].values[i]),
        );
    }
    const etag = etagOf(model.container, table.name, entry);
    const location = `${base}/${table.name}(${keyLiteral(table, entry)})`;
    // NAV@odata.bind: the new entity referenced to (or by) the bound ones (createEntityInTable, updateReference)
    const binds = bindsOf(body);
    for (const [navName, urls] of binds) {
      const nav = table.navs.find((n) => n.name === navName);
      if (!nav) continue;
      const keys = new Map(table.keys.map((k) => [k, entry.get(k) ?? '']));
      for (const url of urls) {
        const target = refTarget(model, url);
        if (target.table.name === nav.name) await this.link(cfg, table, keys, nav, target.keys, false);
      }
    }
    const json = entityJson(table, entry, etag, undefined, base, `$metadata#${table.name}/$entity`, true);
    return send(res, 201, JSON_CT, json, { Location: location, ETag: etag });
  }

  /**
   * A navigation from an entity: GET of the related entities (or of their references with $ref), and
   * POST/PUT/DELETE of references (ODataAdapter.addReference / updateReference / deleteReference: the foreign key
   * columns of the importing table set to the exporting row's key values, or to NULL).
   */
  private async navigate(
    model: OModel,
    cfg: RdbmsConfig,
    req: IncomingMessage,
    res: ServerResponse,
    base: string,
    table: OTable,
    keys: Map<string, string>,
    nav: OTable['navs'][number],
    ref: boolean,
    q: Map<string, string>,
    body: Buffer,
    eTag: string,
    noneMatch: boolean,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const target = model.tables.find((t) => t.name === nav.name)!;
    const parent = await this.readOne(cfg, table, keys);
    if (method === 'GET') {
      if (!parent) return end(res, 404);
      const matched = etagMatches(etagOf(model.container, table.name, parent), eTag, noneMatch);
      const rows = await this.related(cfg, parent, nav, target);
      const id = (r: Row) => `${base}/${target.name}(${keyLiteral(target, r)})`;
      if (nav.many) {
        if (ref)
          return send(
            res,
            200,
            JSON_CT,
            `{"@odata.context":"$metadata#Collection($ref)","value":[${rows.map((r) => `{"@odata.id":${JSON.stringify(id(r))}}`).join(',')}]}`,
          );
        const out = rows.map((r) =>
          entityJson(target, r, etagOf(model.container, target.name, r), undefined, base),
        );
        return send(
          res,
          200,
          JSON_CT,
          `{"@odata.context":"$metadata#${target.name}","value":[${out.join(',')}]}`,
        );
      }
      // a single navigation with no entity: 204 when the parent's ETag matched, else 404
      if (!rows.length) return end(res, matched ? 204 : 404);
      if (!matched) return end(res, 412);
      if (ref)
        return send(
          res,
          200,
          JSON_CT,
          `{"@odata.context":"$metadata#$ref","@odata.id":${JSON.stringify(id(rows[0]))}}`,
        );
      const row = rows[0];
      const etag = etagOf(model.container, target.name, row);
      return send(
        res,
        200,
        JSON_CT,
        entityJson(target, row, etag, undefined, base, `$metadata#${target.name}/$entity`),
      );
    }
    if (!ref) throw new ODataError(405, 'The HTTP method is not allowed.');
    if (!parent) return end(res, 404);
    if (method === 'DELETE') {
      // the reference to drop: $id names it on a collection; a single navigation has one
      let other: Map<string, string> | undefined;
      if (nav.many) {
        const idq = q.get('$id');
        if (!idq)
          throw new ODataError(
            400,
            'The $id query option is required to delete a reference from a collection.',
          );
        other = refTarget(model, idq).keys;
      }
      await this.link(cfg, table, keys, nav, other, true);
      return end(res, 204);
    }
    if (method === 'POST' || method === 'PUT') {
      let obj: { '@odata.id'?: unknown };
      try {
        obj = JSON.parse(body.toString('utf8'));
      } catch {
        throw new ODataError(400, 'The JSON payload is malformed.');
      }
      if (typeof obj?.['@odata.id'] !== 'string')
        throw new ODataError(400, 'The reference has no @odata.id.');
      const other = refTarget(model, obj['@odata.id']);
      if (other.table.name !== target.name)
        throw new ODataError(400, 'The reference names another entity set.');
      await this.link(cfg, table, keys, nav, other.keys, false);
      return end(res, 204);
    }
    throw new ODataError(405, 'The HTTP method is not allowed.');
  }

  /**
   * RDBMSDataHandler.updateReference / deleteReference between `table`'s entity (`keys`) and its navigation's
   * entity (`otherKeys`; none: the one the foreign key names now): the importing table's foreign key columns set to
   * the exporting row's key values (unlink: NULL).
   */
  private async link(
    cfg: RdbmsConfig,
    table: OTable,
    keys: Map<string, string>,
    nav: OTable['navs'][number],
    otherKeys: Map<string, string> | undefined,
    unlink: boolean,
  ): Promise<void> {
    // nav.many: this table is exported (pairs: [its column, the importer's column]); else it imports
    const importer = nav.many ? nav.name : table.name;
    const importerKeys = nav.many ? otherKeys : keys;
    const exporterKeys = nav.many ? keys : otherKeys;
    const fkCols = nav.pairs.map(([mine, theirs]) => (nav.many ? theirs : mine));
    const pkCols = nav.pairs.map(([mine, theirs]) => (nav.many ? mine : theirs));
    const exporter = nav.many ? table.name : nav.name;
    let values: (string | null)[];
    if (unlink || !exporterKeys) values = fkCols.map(() => null);
    else {
      const names = [...exporterKeys.keys()];
      const r = await this.run(
        cfg,
        `SELECT ${pkCols.join(' , ')} FROM ${exporter} WHERE ${names.map((n) => `${n} = ?`).join(' AND ')}`,
        names.map((n) => exporterKeys.get(n)),
      );
      if (!r.rows.length) throw new ODataError(404, 'The referenced entity does not exist.');
      values = r.rows[0].values;
    }
    if (!importerKeys) throw new ODataError(400, 'The reference to change is not named.');
    const names = [...importerKeys.keys()];
    await this.run(
      cfg,
      `UPDATE ${importer} SET ${fkCols.map((c) => `${c} = ?`).join(',')} WHERE ${names.map((n) => `${n} = ?`).join(' AND ')}`,
      [...values, ...names.map((n) => importerKeys.get(n))],
    );
  }
}

function etagMatches(current: string, given: string, noneMatch: boolean): boolean {
  // getETagMatchedEntity: If-Match the same tag (or *); If-None-Match a different one
  return noneMatch ? given !== current : given === current || given === '*';
}

function rowOf(table: OTable, names: string[], values: (string | null)[]): Row {
  const row: Row = new Map();
  for (const c of table.columns) {
    const i = names.indexOf(c.name);
    row.set(c.name, i >= 0 ? normalise(c, values[i]) : null);
  }
  return row;
}

/** The text of a value as RDBMSDataHandler.getValueFromResultSet reads it. */
function normalise(c: OColumn, v: string | null): string | null {
  if (v === null) return null;
  if (c.jdbc === 'BIT' || c.jdbc === 'BOOLEAN')
    return v === '1' || v === 'true' || v === 't' ? 'true' : 'false';
  return v;
}

/**
 * A percent-decoded URI part as Olingo's UriDecoder decodes it (Decoder.decode): a '+' stays a '+'; a '%' not
 * followed by two hex digits is UriParserSyntaxException SYNTAX, "The URI is malformed." (400); escaped bytes that
 * are no UTF-8 are read as Java's String(bytes, "UTF-8") reads them (U+FFFD).
 */
function uriDecode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    // (below: only a malformed escape, or bytes that are no UTF-8)
  }
  if (!/^(?:[^%]|%[0-9A-Fa-f]{2})*$/.test(s)) throw new ODataError(400, 'The URI is malformed.');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++)
    if (s[i] === '%') {
      bytes.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      const cp = s.codePointAt(i)!;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      if (cp > 0xffff) i++;
    }
  return Buffer.from(bytes).toString('utf8');
}

function parseQuery(query: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of query.split('&')) {
    if (!p) continue;
    const i = p.indexOf('=');
    // percent-decoding only: a '+' stays a '+' (Olingo's UriDecoder), as in a phone number '+64 9 ...'
    m.set(uriDecode(i >= 0 ? p.slice(0, i) : p), uriDecode(i >= 0 ? p.slice(i + 1) : ''));
  }
  return m;
}

/**
 * ODataAdapter.getSerializer for an entity set, from the Accept header (the servlet wrapper's getHeaders passes it
 * as sent, but application/json;odata.metadata=full as application/json): ContentType.parse of the whole value;
 * none or unparsable (no Accept, a list of ranges) is XML; application/json or application/xml without parameters
 * their own (a wildcard such as * / * is no ContentType either: XML); anything else (another type, a parameter) is the
 * IllegalArgumentException Olingo answers 500.
 */
function entitySetSerializer(header: string | string[] | undefined): 'json' | 'xml' {
  if (header === undefined) return 'xml';
  const accept = wrappedAccept(Array.isArray(header) ? header.join(', ') : header);
  const semi = accept.indexOf(';');
  const types = semi >= 0 ? accept.slice(0, semi) : accept;
  const params = semi >= 0 ? accept.slice(semi + 1).trim() : '';
  // (Java's split drops trailing empty strings: "application/" has one token)
  const tokens = types.split('/');
  while (tokens.length && tokens[tokens.length - 1] === '') tokens.pop();
  if (tokens.length !== 2 || tokens[0] === '') return 'xml';
  // (ContentType.validateType refuses a wildcard or a space in the type or subtype: */*, application/* parse as none)
  if (tokens.some((t) => t === '*' || t.includes(' '))) return 'xml';
  const [type, sub] = tokens.map((t) => t.toLowerCase());
  if (type === 'application' && (sub === 'json' || sub === 'xml') && params === '') return sub;
  throw new ODataError(500, `Does not support ${accept} content type`);
}

/**
 * The Accept value MI's servlet wrapper (ODataServiceHandler) hands Olingo: as sent, but
 * `application/json;odata.metadata=full` (in any case) as application/json.
 */
function wrappedAccept(accept: string): string {
  return accept.toLowerCase() === 'application/json;odata.metadata=full' ? 'application/json' : accept;
}

/** The system query options Olingo's parser knows (SystemQueryOptionKind). */
const SYSTEM_OPTIONS = new Set([
  '$filter',
  '$format',
  '$expand',
  '$id',
  '$count',
  '$orderby',
  '$search',
  '$select',
  '$skip',
  '$skiptoken',
  '$top',
  '$levels',
  '$deltatoken',
  '$apply',
]);

/** Parser.parseUri: a `$` option it does not know, or one given twice, is a syntax error (400). */
function checkOptions(query: string): void {
  const seen = new Set<string>();
  for (const p of query.split('&')) {
    const i = p.indexOf('=');
    const name = uriDecode(i >= 0 ? p.slice(0, i) : p);
    if (!name.startsWith('$')) continue;
    if (!SYSTEM_OPTIONS.has(name))
      throw new ODataError(400, `The system query option '${name}' is not defined.`);
    if (seen.has(name))
      throw new ODataError(400, `The system query option '${name}' can be specified only once.`);
    seen.add(name);
  }
}

function intOption(q: Map<string, string>, name: string): number | undefined {
  const v = q.get(name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()))
    throw new ODataError(400, `The system query option '${name}' has the not-allowed value '${v}'.`);
  return Number(v.trim());
}

function selectList(table: OTable, select: string | undefined): string[] | undefined {
  if (select === undefined || select.trim() === '*') return undefined;
  const names = select.split(',').map((s) => s.trim());
  for (const n of names)
    if (!table.columns.some((c) => c.name === n))
      throw new ODataError(400, `The type '${table.name}' has no property '${n}'.`);
  return names;
}

/**
 * The ORDER BY clause of RDBMSDataHandler.buildOrderByClause: each item's expression written as Olingo prints it
 * (String.valueOf(expression): a property `[name]`, a method `{name [args]}`, a binary `{l OP r}`) with `[` `]` made
 * parentheses and `{` `}` dropped (processOrderByExpression), so `length(x)` is SQL's `length ((x))` while
 * `tolower(x)` reaches the database as a function it does not have. String literals are bound (MI writes them into
 * the SQL as they are).
 */
function orderBy(table: OTable, text: string): { sql: string; values: Val[] } {
  const values: Val[] = [];
  const print = (e: Expr): string => {
    switch (e.k) {
      case 'lit':
        if (typeof e.v === 'string') {
          values.push(e.v);
          return '?';
        }
        return String(e.v);
      case 'prop':
        if (!table.columns.some((c) => c.name === e.name))
          throw new ODataError(400, `Property '${e.name}' not found in type '${table.name}'.`);
        return `(${e.name})`;
      case 'not':
        return `NOT ${print(e.e)}`;
      case 'neg':
        return `MINUS ${print(e.e)}`;
      case 'bin':
        return `${print(e.l)} ${e.op.toUpperCase()} ${print(e.r)}`;
      case 'call':
        return `${e.fn} (${e.args.map(print).join(', ')})`;
    }
  };
  const items = splitTop(text, true).map((s) => s.trim());
  const sql = items
    .map((item) => {
      const m = /^(.*?)(?:\s+(asc|desc))?$/.exec(item)!;
      return print(parseExpr(m[1].trim())) + (m[2] === 'desc' ? ' DESC' : ' ASC');
    })
    .join(', ');
  return { sql: `ORDER BY ${sql}`, values };
}

function parseKeys(table: OTable, text: string): Map<string, string> {
  const keys = new Map<string, string>();
  const parts = splitTop(text);
  const unquote = (s: string) => (/^'.*'$/.test(s) ? s.slice(1, -1).replace(/''/g, "'") : s);
  if (parts.length === 1 && !/^[A-Za-z_]\w*=/.test(parts[0])) {
    if (table.keys.length !== 1) throw new ODataError(400, `Wrong number of key properties.`);
    keys.set(table.keys[0], unquote(uriDecode(parts[0].trim())));
  } else
    for (const p of parts) {
      const i = p.indexOf('=');
      const name = p.slice(0, i).trim();
      // only the entity type's key properties (Olingo ParserHelper: INVALID_KEY_PROPERTY): the names are written
      // into SQL (link's WHERE), so nothing else may pass
      if (!table.keys.includes(name) || keys.has(name))
        throw new ODataError(400, `The key property '${name}' is invalid.`);
      keys.set(name, unquote(uriDecode(p.slice(i + 1).trim())));
    }
  for (const k of table.keys) if (!keys.has(k)) throw new ODataError(400, `Wrong number of key properties.`);
  return keys;
}

function splitTop(text: string, parens = false): string[] {
  const out: string[] = [];
  let cur = '';
  let inStr = false;
  let depth = 0;
  for (const ch of text) {
    if (ch === "'") inStr = !inStr;
    if (parens && !inStr && ch === '(') depth++;
    if (parens && !inStr && ch === ')') depth--;
    if (ch === ',' && !inStr && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The `NAV@odata.bind` members of a JSON body: the navigation and the entity URLs it binds. */
function bindsOf(body: Buffer): Map<string, string[]> {
  const out = new Map<string, string[]>();
  try {
    const obj = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
    for (const [k, v] of Object.entries(obj))
      if (k.endsWith('@odata.bind'))
        out.set(
          k.slice(0, -'@odata.bind'.length),
          (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string'),
        );
  } catch {
    // parseBody answers a malformed body
  }
  return out;
}

/** The entity set and keys an entity URL (an @odata.id, a $id) names: its last segment `SET(keys)`. */
function refTarget(model: OModel, url: string): { table: OTable; keys: Map<string, string> } {
  const m = /([^/(]+)\(([^)]*)\)\s*$/.exec(url.trim());
  const table = m ? model.tables.find((t) => t.name === m[1]) : undefined;
  if (!m || !table) throw new ODataError(400, `The reference '${url}' names no entity.`);
  return { table, keys: parseKeys(table, m[2]) };
}

/** ODataUtils.buildLocation's key predicate: a value, or NAME=value pairs for a compound key; strings quoted. */
function keyLiteral(table: OTable, row: Row): string {
  return table.keys
    .map((k) => {
      const col = table.columns.find((c) => c.name === k)!;
      const v = row.get(k) ?? '';
      const lit = col.edm === 'String' ? `'${encodeURIComponent(v).replace(/'/g, "''")}'` : v;
      return table.keys.length > 1 ? `${k}=${lit}` : lit;
    })
    .join(',');
}

/** Olingo's ODataXmlSerializer for one entity: an Atom entry with the properties in m:properties. */
function entityXml(
  model: OModel,
  table: OTable,
  row: Row,
  etag: string,
  select: string[] | undefined,
  base: string,
  top = true,
): string {
  const id = `${base}/${table.name}(${keyLiteral(table, row)})`;
  // writeEntity: the namespaces and the context on a top entity only (an entry of a feed has its etag)
  let x =
    (top
      ? `<?xml version='1.0' encoding='UTF-8'?><a:entry xmlns:a="http://www.w3.org/2005/Atom"` +
        ` xmlns:m="http://docs.oasis-open.org/odata/ns/metadata" xmlns:d="http://docs.oasis-open.org/odata/ns/data"` +
        ` m:context="$metadata#${xmlAttr(table.name)}/$entity" m:etag="${xmlAttr(etag)}">`
      : `<a:entry m:etag="${xmlAttr(etag)}">`) +
    `<a:id>${xmlText(id)}</a:id><a:title></a:title><a:summary></a:summary>` +
    `<a:updated>${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}</a:updated><a:author><a:name></a:name></a:author>` +
    `<a:link rel="edit" href="${xmlAttr(id)}"></a:link>` +
    // writeNavigationProperties: a link per navigation property not expanded (getOrCreateLink)
    table.navs
      .map(
        (n) =>
          `<a:link rel="http://docs.oasis-open.org/odata/ns/related/${xmlAttr(n.name)}" type="application/atom+xml;type=feed" title="${xmlAttr(n.name)}" href="${xmlAttr(`${id}/${n.name}`)}"></a:link>`,
      )
      .join('') +
    `<a:category scheme="http://docs.oasis-open.org/odata/ns/scheme" term="#${xmlAttr(model.namespace)}.${xmlAttr(table.name)}"></a:category>` +
    `<a:content type="application/xml"><m:properties>`;
  for (const c of table.columns) {
    if (select && !select.includes(c.name)) continue;
    const v = row.get(c.name) ?? null;
    const type = c.edm === 'String' ? '' : ` m:type="${c.edm}"`;
    if (v === null) x += `<d:${c.name}${type} m:null="true"></d:${c.name}>`;
    else {
      const j = jsonValue(c, v);
      const text = j.startsWith('"') ? (JSON.parse(j) as string) : j;
      x += `<d:${c.name}${type}>${xmlText(text)}</d:${c.name}>`;
    }
  }
  return `${x}</m:properties></a:content></a:entry>`;
}

function parseBody(table: OTable, body: Buffer): Map<string, Val> {
  let obj: unknown;
  try {
    obj = JSON.parse(body.toString('utf8') || 'null');
  } catch {
    throw new ODataError(400, 'The JSON payload is malformed.');
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj))
    throw new ODataError(400, 'The JSON payload is malformed.');
  const m = new Map<string, Val>();
  for (const [k, v] of Object.entries(obj)) {
    if (k.includes('@')) continue;
    if (!table.columns.some((c) => c.name === k))
      throw new ODataError(400, `The property '${k}' does not exist in type '${table.name}'.`);
    m.set(k, v as Val);
  }
  return m;
}

function bindValue(c: OColumn, v: Val): unknown {
  if (v === null) return null;
  if (c.edm === 'Boolean') return v === true || v === 'true';
  // bindValuesToPreparedStatement: a TIMESTAMP read by ConverterUtil.convertToDateTime and bound as the local time
  // (setTimestamp), BINARY as the bytes of its base64
  if (c.edm === 'DateTimeOffset' && typeof v === 'string' && /[T ]\d\d:\d\d/.test(v)) {
    const d = new Date(/Z|[+-]\d\d:?\d\d$/.test(v) ? v : v.replace(' ', 'T'));
    if (!Number.isNaN(d.getTime())) {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
    }
  }
  if (c.edm === 'Binary' && typeof v === 'string') return Buffer.from(v, 'base64');
  return String(v);
}

/** Olingo's JSON for a primitive value of the column's Edm type. */
function jsonValue(c: OColumn, v: string | null): string {
  if (v === null) return 'null';
  switch (c.edm) {
    case 'Int16':
    case 'Int32':
    case 'Int64':
      return /^-?\d+$/.test(v) ? v.replace(/^(-?)0+(?=\d)/, '$1') : JSON.stringify(v);
    case 'Double':
    case 'Single': {
      const n = Number(v);
      return Number.isFinite(n) ? javaDoubleToString(n) : JSON.stringify(v);
    }
    case 'Decimal':
      return /^-?\d+(\.\d+)?$/.test(v) ? v : JSON.stringify(v);
    case 'Boolean':
      return v === 'true' ? 'true' : 'false';
    case 'Date':
      // ConverterUtil's date text carries the zone; Olingo's EdmDate writes the day
      return JSON.stringify(/^\d{4}-\d\d-\d\d/.exec(v)?.[0] ?? v);
    case 'DateTimeOffset': {
      // Olingo's EdmDateTimeOffset: seconds, fractions only when not zero, Z for a zero offset
      const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:?\d\d)?/.exec(v);
      if (!m) return JSON.stringify(v);
      const frac = m[3] && /[1-9]/.test(m[3]) ? m[3].replace(/0+$/, '') : '';
      const off = !m[4] || /^(Z|[+-]00:?00)$/.test(m[4]) ? 'Z' : m[4];
      return JSON.stringify(`${m[1]}T${m[2]}${frac}${off}`);
    }
    case 'TimeOfDay':
      return JSON.stringify(v.replace(/([+-]\d\d(:\d\d)?|Z)$/, '').replace(/\.0+$/, ''));
    default:
      return JSON.stringify(v);
  }
}

function entityJson(
  table: OTable,
  row: Row,
  /** none: odata.metadata=none (no @odata.etag, no @odata.id) */
  etag: string | undefined,
  select: string[] | undefined,
  base: string,
  context?: string,
  writeAbsent = false,
  expanded = '',
): string {
  const out: string[] = [];
  if (context) out.push(`"@odata.context":${JSON.stringify(context)}`);
  if (etag !== undefined) out.push(`"@odata.etag":${JSON.stringify(etag)}`);
  // ODataJsonSerializer: @odata.id when the keys are not all selected (not for odata.metadata=none)
  if (etag !== undefined && select && !table.keys.every((k) => select.includes(k)))
    out.push(`"@odata.id":${JSON.stringify(`${base}/${table.name}(${keyLiteral(table, row)})`)}`);
  for (const c of table.columns) {
    if (select && !select.includes(c.name)) continue;
    if (!row.has(c.name) && !writeAbsent) continue;
    out.push(`${JSON.stringify(c.name)}:${jsonValue(c, row.get(c.name) ?? null)}`);
  }
  if (expanded) out.push(expanded);
  return `{${out.join(',')}}`;
}

/** Olingo's ServiceDocumentJsonSerializer (without its @odata.context for odata.metadata=none). */
function serviceDocument(model: OModel, base: string, none = false): unknown {
  return {
    ...(none ? {} : { '@odata.context': `${base}/$metadata` }),
    value: model.tables.map((t) => ({ name: t.name, url: t.name })),
  };
}

/** Olingo's ServiceDocumentXmlSerializer: an AtomPub service with a collection per entity set. */
function serviceDocumentXml(model: OModel, base: string): string {
  let x =
    `<?xml version='1.0' encoding='UTF-8'?><app:service xmlns:atom="http://www.w3.org/2005/Atom"` +
    ` xmlns:app="http://www.w3.org/2007/app" xmlns:metadata="http://docs.oasis-open.org/odata/ns/metadata"` +
    ` metadata:context="${xmlAttr(`${base}/$metadata`)}"><app:workspace>` +
    `<atom:title>${xmlAttr(`${model.namespace}.${model.container}`)}</atom:title>`;
  for (const t of model.tables)
    x += `<app:collection href="${xmlAttr(t.name)}" metadata:name="${xmlAttr(t.name)}"><atom:title>${xmlAttr(t.name)}</atom:title></app:collection>`;
  return `${x}</app:workspace></app:service>`;
}

/** Olingo's MetadataDocumentXmlSerializer for EDMProvider's schema. */
function metadataXml(model: OModel): string {
  const ns = xmlAttr(model.namespace);
  let x =
    `<?xml version='1.0' encoding='UTF-8'?><edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">` +
    `<edmx:DataServices><Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="${ns}">`;
  for (const t of model.tables) {
    x += `<EntityType Name="${xmlAttr(t.name)}">`;
    if (t.keys.length) x += `<Key>${t.keys.map((k) => `<PropertyRef Name="${xmlAttr(k)}"/>`).join('')}</Key>`;
    for (const c of t.columns) {
      x += `<Property Name="${xmlAttr(c.name)}" Type="Edm.${c.edm}"`;
      if (!c.nullable) x += ` Nullable="false"`;
      // ODataAdapter.getProperties: a column of a type MI does not map is a String with Unicode false
      if (c.edm === 'String' && !STRING_JDBC.has(c.jdbc)) x += ` Unicode="false"`;
      if (c.edm === 'String' || c.edm === 'Binary') x += ` MaxLength="${c.size}"`;
      if (c.edm === 'Decimal') x += ` Precision="${c.size}" Scale="${c.scale}"`;
      // a TIME column's DataColumn precision is left 0; a DateTimeOffset is given 9 (nanoseconds)
      if (c.edm === 'TimeOfDay') x += ` Precision="0"`;
      if (c.edm === 'DateTimeOffset') x += ` Precision="9"`;
      x += '/>';
    }
    for (const n of t.navs)
      x += `<NavigationProperty Name="${xmlAttr(n.name)}" Type="${n.many ? `Collection(${ns}.${xmlAttr(n.name)})` : `${ns}.${xmlAttr(n.name)}`}" Partner="${xmlAttr(t.name)}"/>`;
    x += '</EntityType>';
  }
  x += `<EntityContainer Name="${xmlAttr(model.container)}">`;
  for (const t of model.tables) {
    x += `<EntitySet Name="${xmlAttr(t.name)}" EntityType="${ns}.${xmlAttr(t.name)}"`;
    x += t.navs.length
      ? `>${t.navs.map((n) => `<NavigationPropertyBinding Path="${xmlAttr(n.name)}" Target="${xmlAttr(n.name)}"/>`).join('')}</EntitySet>`
      : '/>';
  }
  return `${x}</EntityContainer></Schema></edmx:DataServices></edmx:Edmx>`;
}

/**
 * Olingo's ContentNegotiator.doContentNegotiation: $format (json / xml, their media types; atom for the XML of an
 * entity) else the Accept ranges by quality and specificity (AcceptType.sort) against the supported types in order
 * (METADATA: application/xml then application/json; otherwise the JSON types first — a JSON range may carry
 * odata.metadata —, then Atom and XML); a range with another parameter than q, a UTF-8 charset (or odata.metadata on
 * JSON) matches none; no Accept: the first supported. Nothing acceptable: 406. (MI's servlet wrapper hands
 * `application/json;odata.metadata=full` over as application/json.)
 */
function negotiate(
  req: IncomingMessage,
  q: Map<string, string>,
  metadata: boolean,
): 'xml' | 'atom' | 'json' | 'json-none' {
  const f = q.get('$format');
  let text: string;
  let refused: string;
  if (f !== undefined) {
    const format = f.trim();
    const t = format.toLowerCase();
    // (mapContentType: json, xml and atom name Olingo's own types; METADATA serves no Atom)
    if (t === 'json') return 'json';
    if (t === 'xml') return 'xml';
    if (t === 'atom') {
      if (!metadata) return 'atom';
      throw new ODataError(406, `The $format option '${format}' is not supported.`);
    }
    // (the URI parser takes a media type with one '/' inside it, Parser.isFormatSyntaxValid: else 400)
    const slash = f.indexOf('/');
    if (!(slash > 0 && slash < f.length - 1 && slash === f.lastIndexOf('/')))
      throw new ODataError(
        400,
        `The system query option '$format' must be either 'json', 'xml', 'atom', or a valid content type; the value '${f}' is neither.`,
      );
    // (ContentType.create refuses a wildcard: AcceptHeaderContentNegotiatorException, 400)
    if (/^\s*\*\s*\/|\/\s*\*\s*(;|$)/.test(format))
      throw new ODataError(400, `The $format option '${format}' is not supported.`);
    // the media type is matched as one Accept range would be (AcceptType.fromContentType)
    text = format;
    refused = `The $format option '${format}' is not supported.`;
  } else {
    const accept = req.headers.accept;
    if (accept === undefined) return metadata ? 'xml' : 'json';
    text = wrappedAccept(String(accept));
    refused = `The content-type range '${text}' is not supported as value of the Accept header.`;
  }
  const ranges = text.split(',').map((r, i) => {
    const [media, ...params] = r.split(';').map((x) => x.trim());
    const [type, sub] = media.toLowerCase().split('/');
    if (!type || sub === undefined)
      throw new ODataError(
        400,
        `The content-type range '${media}' is not supported as value of the Accept header.`,
      );
    let quality = 1;
    const others: [string, string][] = [];
    for (const p of params.filter((x) => x !== '')) {
      const [k, v = ''] = p.split('=').map((x) => x.trim());
      if (k.toLowerCase() === 'q') quality = Number(v);
      else others.push([k.toLowerCase(), v.toLowerCase()]);
    }
    return { type, sub, quality, others, i, raw: r.trim() };
  });
  ranges.sort(
    (a, b) =>
      b.quality - a.quality ||
      (a.type === '*' ? 1 : 0) - (b.type === '*' ? 1 : 0) ||
      (a.sub === '*' ? 1 : 0) - (b.sub === '*' ? 1 : 0) ||
      b.others.length - a.others.length ||
      a.i - b.i,
  );
  const supported: ['xml' | 'atom' | 'json', string][] = metadata
    ? [
        ['xml', 'xml'],
        ['json', 'json'],
      ]
    : [
        ['json', 'json'],
        ['atom', 'atom+xml'],
        ['xml', 'xml'],
      ];
  for (const r of ranges) {
    // (ContentNegotiator.getContentType reads a range's charset before its type: one not UTF-8 refuses the request,
    // unless an Accept-Charset header stands in for the ranges' charsets)
    const charset = r.others.find(([k]) => k === 'charset')?.[1];
    if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8' && !req.headers['accept-charset'])
      throw new ODataError(406, `The charset specified in Accept header '${r.raw}' is not supported.`);
    for (const [kind, sub] of supported) {
      if (r.type !== '*' && (r.type !== 'application' || (r.sub !== '*' && r.sub !== sub))) continue;
      const ok = r.others.every(
        ([k, v]) =>
          (k === 'charset' && (v === 'utf-8' || v === 'utf8')) ||
          (!metadata &&
            kind === 'json' &&
            ((k === 'odata.metadata' && ['minimal', 'none', 'full'].includes(v)) ||
              (k === 'ieee754compatible' && (v === 'true' || v === 'false')))),
      );
      // (a JSON range with odata.metadata=none matches ContentType.JSON_NO_METADATA)
      if (ok)
        return kind === 'json' && r.others.some(([k, v]) => k === 'odata.metadata' && v === 'none')
          ? 'json-none'
          : kind;
    }
  }
  throw new ODataError(406, refused);
}

/**
 * Olingo's MetadataDocumentJsonSerializer (JSON CSDL, "$Version":"4.01") for EDMProvider's schema: per entity type
 * its $Kind, $Key, the properties with their facets as in the XML, the navigation properties; then the container
 * with its entity sets and their $NavigationPropertyBinding.
 */
function metadataJson(model: OModel): string {
  const ns = model.namespace;
  const schema: Record<string, unknown> = {};
  for (const t of model.tables) {
    const type: Record<string, unknown> = { $Kind: 'EntityType' };
    if (t.keys.length) type.$Key = [...t.keys];
    for (const c of t.columns) {
      const p: Record<string, unknown> = { $Type: `Edm.${c.edm}` };
      if (!c.nullable) p.$Nullable = false;
      if (c.edm === 'String' && !STRING_JDBC.has(c.jdbc)) p.$Unicode = false;
      if (c.edm === 'String' || c.edm === 'Binary') p.$MaxLength = c.size;
      if (c.edm === 'Decimal') {
        p.$Precision = c.size;
        p.$Scale = c.scale;
      }
      if (c.edm === 'TimeOfDay') p.$Precision = 0;
      if (c.edm === 'DateTimeOffset') p.$Precision = 9;
      type[c.name] = p;
    }
    for (const n of t.navs) {
      const nav: Record<string, unknown> = { $Kind: 'NavigationProperty', $Type: `${ns}.${n.name}` };
      if (n.many) nav.$Collection = true;
      nav.$Partner = t.name;
      type[n.name] = nav;
    }
    schema[t.name] = type;
  }
  const container: Record<string, unknown> = { $Kind: 'EntityContainer' };
  for (const t of model.tables) {
    const set: Record<string, unknown> = { $Kind: 'EntitySet', $Type: `${ns}.${t.name}` };
    if (t.navs.length)
      set.$NavigationPropertyBinding = Object.fromEntries(t.navs.map((n) => [n.name, n.name]));
    container[t.name] = set;
  }
  // (an entity type and the container may not share a name in one JSON object: Jackson would write both)
  const body = JSON.stringify(schema).slice(1, -1);
  return `{"$Version":"4.01",${JSON.stringify(ns)}:{${body}${body ? ',' : ''}${JSON.stringify(model.container)}:${JSON.stringify(container)}}}`;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  304: 'Not Modified',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  412: 'Precondition Failed',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

/**
 * The Content-Type MI's transport gives Olingo's text/plain answers ($count, $value): ODataTransportSender keeps the
 * message context's content type, which ServerWorker set from the request (for a GET or DELETE without one,
 * handleRESTUrlPost's application/x-www-form-urlencoded), with the charset (setContentType). In a batch part,
 * Olingo's own text/plain.
 */
function plainType(req: IncomingMessage, olingoType = 'text/plain'): string {
  if ((req as { batchPart?: boolean }).batchPart) return olingoType;
  const ct = req.headers['content-type'] ?? 'application/x-www-form-urlencoded';
  return /charset=/i.test(String(ct)) ? String(ct) : `${String(ct)}; charset=UTF-8`;
}

/**
 * The Content-Type of an Atom or XML answer negotiated by Olingo: application/xml as send writes it, but
 * application/atom+xml, which ODataTransportSender.initResponse does not take for XML (it looks for
 * "application/xml" in it), goes out with the message context's content type, as a text/plain answer does.
 */
function xmlType(req: IncomingMessage, kind: 'xml' | 'atom'): string {
  return kind === 'atom' ? plainType(req, 'application/atom+xml') : 'application/xml';
}

/** A response that keeps what is written (a request of a batch). */
function capture(): { res: ServerResponse; status: number; headers: Record<string, string>; body: string } {
  const c = {
    status: 200,
    headers: {} as Record<string, string>,
    body: '',
    res: undefined as unknown as ServerResponse,
  };
  c.res = {
    captured: true,
    writeHead(status: number, headers: Record<string, string> = {}) {
      c.status = status;
      c.headers = headers;
    },
    end(body?: string) {
      c.body = body ?? '';
    },
  } as unknown as ServerResponse;
  return c;
}

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  // ODataTransportSender.initResponse / setContentType: an answer with a body goes out with the message context's
  // content type: application/json or application/xml for Olingo's JSON and XML (its parameters dropped), with
  // the output format's charset
  const wire =
    status >= 400 || (res as { captured?: boolean }).captured
      ? type
      : type.includes('application/json')
        ? 'application/json; charset=UTF-8'
        : type.includes('application/xml')
          ? 'application/xml; charset=UTF-8'
          : type;
  res.writeHead(status, { 'Content-Type': wire, 'OData-Version': '4.0', ...headers });
  res.end(body);
}

function end(res: ServerResponse, status: number): void {
  res.writeHead(status, status === 400 || status === 501 ? {} : { 'OData-Version': '4.0' });
  res.end();
}

/** Olingo's ODataErrorSerializer: {"error":{"code":null,"message":...}}. */
function writeError(res: ServerResponse, status: number, message: string): void {
  send(res, status, JSON_CT, `{"error":{"code":null,"message":${JSON.stringify(message)}}}`);
}

// ---- $filter: Olingo's expression grammar, evaluated on a row as ExpressionVisitorImpl does ----

type Expr =
  | { k: 'lit'; v: Val }
  | { k: 'prop'; name: string }
  | { k: 'not'; e: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'bin'; op: string; l: Expr; r: Expr }
  | { k: 'call'; fn: string; args: Expr[] };

function tokenize(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const ch = s[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === "'") {
      let j = i + 1;
      let v = '';
      for (;;) {
        if (j >= s.length)
          throw new ODataError(400, `The filter expression '${s}' has an unterminated string.`);
        if (s[j] === "'") {
          if (s[j + 1] === "'") {
            v += "'";
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      out.push(`'${v}`);
      i = j + 1;
      continue;
    }
    if ('(),'.includes(ch)) {
      out.push(ch);
      i++;
      continue;
    }
    // a date, a date-time or a time of day is a literal of its own (2014-12-02, 2014-12-02T10:00:00Z, 07:30:00)
    const dt =
      /^(\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?)?|\d\d:\d\d(:\d\d(\.\d+)?)?)(?![\w.])/.exec(
        s.slice(i),
      );
    if (dt) {
      out.push(`@${dt[0]}`);
      i += dt[0].length;
      continue;
    }
    const m = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?[dDfFmMlL]?|[A-Za-z_][\w.]*|-)/.exec(s.slice(i));
    if (!m) throw new ODataError(400, `The filter expression '${s}' is not valid.`);
    out.push(m[0]);
    i += m[0].length;
  }
  return out;
}

function parseExpr(text: string): Expr {
  const t = tokenize(text);
  let p = 0;
  const peek = () => t[p];
  const next = () => t[p++];
  const prec: Record<string, number> = {
    or: 1,
    and: 2,
    eq: 3,
    ne: 3,
    gt: 4,
    ge: 4,
    lt: 4,
    le: 4,
    add: 5,
    sub: 5,
    mul: 6,
    div: 6,
    mod: 6,
  };
  const primary = (): Expr => {
    const tok = next();
    if (tok === undefined) throw new ODataError(400, `The filter expression '${text}' is incomplete.`);
    if (tok === '(') {
      const e = binary(0);
      if (next() !== ')') throw new ODataError(400, `Missing ')' in the filter expression '${text}'.`);
      return e;
    }
    if (tok === 'not') return { k: 'not', e: primary() };
    if (tok === '-') return { k: 'neg', e: primary() };
    if (tok.startsWith("'")) return { k: 'lit', v: tok.slice(1) };
    if (tok.startsWith('@')) return { k: 'lit', v: temporal(tok.slice(1)) };
    if (/^-?\d/.test(tok)) return { k: 'lit', v: Number(tok.replace(/[dDfFmMlL]$/, '')) };
    if (tok === 'true' || tok === 'false') return { k: 'lit', v: tok === 'true' };
    if (tok === 'null') return { k: 'lit', v: null };
    if (peek() === '(') {
      next();
      const args: Expr[] = [];
      if (peek() !== ')')
        for (;;) {
          args.push(binary(0));
          if (peek() === ',') {
            next();
            continue;
          }
          break;
        }
      if (next() !== ')') throw new ODataError(400, `Missing ')' in the filter expression '${text}'.`);
      return { k: 'call', fn: tok.toLowerCase(), args };
    }
    return { k: 'prop', name: tok };
  };
  const binary = (min: number): Expr => {
    let left = primary();
    for (;;) {
      const op = peek();
      const pr = op !== undefined ? prec[op] : undefined;
      if (pr === undefined || pr < min) break;
      next();
      const right = binary(pr + 1);
      left = { k: 'bin', op, l: left, r: right };
    }
    return left;
  };
  const e = binary(0);
  if (p < t.length) throw new ODataError(400, `The filter expression '${text}' is not valid at '${t[p]}'.`);
  return e;
}

function typed(c: OColumn, v: string | null): Val {
  if (v === null) return null;
  switch (c.edm) {
    case 'Int16':
    case 'Int32':
    case 'Int64':
    case 'Double':
    case 'Single':
    case 'Decimal':
      return Number(v);
    case 'Boolean':
      return v === 'true';
    case 'Date':
    case 'DateTimeOffset':
    case 'TimeOfDay':
      // compared as Olingo writes them (the day; an instant with its offset; the time)
      return temporal(JSON.parse(jsonValue(c, v)) as string);
    default:
      return v;
  }
}

/** A date, date-time or time text made comparable: an instant as its UTC ISO text, a date or time as written. */
function temporal(v: string): string {
  if (/^\d{4}-\d\d-\d\dT/.test(v)) {
    const d = new Date(/Z|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`);
    if (!Number.isNaN(d.getTime())) return d.toISOString();
  }
  return v;
}

function evaluate(e: Expr, table: OTable, row: Row): Val {
  switch (e.k) {
    case 'lit':
      return e.v;
    case 'prop': {
      const c = table.columns.find((x) => x.name === e.name);
      if (!c) throw new ODataError(400, `Property '${e.name}' not found in type '${table.name}'.`);
      return typed(c, row.get(c.name) ?? null);
    }
    case 'not': {
      const v = evaluate(e.e, table, row);
      return v === null ? null : !v;
    }
    case 'neg': {
      const v = evaluate(e.e, table, row);
      return v === null ? null : -Number(v);
    }
    case 'bin': {
      const l = evaluate(e.l, table, row);
      if (e.op === 'and' && l === false) return false;
      if (e.op === 'or' && l === true) return true;
      const r = evaluate(e.r, table, row);
      switch (e.op) {
        case 'and':
          return l === null || r === null ? (r === false ? false : null) : Boolean(l) && Boolean(r);
        case 'or':
          return l === null || r === null ? (r === true ? true : null) : Boolean(l) || Boolean(r);
        case 'eq':
          return l === r;
        case 'ne':
          return l !== r;
      }
      if (l === null || r === null) return e.op.length === 2 && 'gtgeltle'.includes(e.op) ? false : null;
      switch (e.op) {
        case 'gt':
          return l > r;
        case 'ge':
          return l >= r;
        case 'lt':
          return l < r;
        case 'le':
          return l <= r;
        case 'add':
          return Number(l) + Number(r);
        case 'sub':
          return Number(l) - Number(r);
        case 'mul':
          return Number(l) * Number(r);
        case 'div':
          return Number(l) / Number(r);
        case 'mod':
          return Number(l) % Number(r);
      }
      return null;
    }
    case 'call': {
      const a = e.args.map((x) => evaluate(x, table, row));
      const s = (i: number) => (a[i] === null ? null : String(a[i]));
      if (a.some((x) => x === null) && !['concat'].includes(e.fn)) return null;
      switch (e.fn) {
        case 'contains':
          return s(0)!.includes(s(1)!);
        case 'startswith':
          return s(0)!.startsWith(s(1)!);
        case 'endswith':
          return s(0)!.endsWith(s(1)!);
        case 'length':
          return s(0)!.length;
        case 'indexof':
          return s(0)!.indexOf(s(1)!);
        case 'substring':
          return a.length > 2 ? s(0)!.substr(Number(a[1]), Number(a[2])) : s(0)!.slice(Number(a[1]));
        case 'tolower':
          return s(0)!.toLowerCase();
        case 'toupper':
          return s(0)!.toUpperCase();
        case 'trim':
          return s(0)!.trim();
        case 'concat':
          return (s(0) ?? '') + (s(1) ?? '');
        case 'round':
          return Math.round(Number(a[0]));
        case 'floor':
          return Math.floor(Number(a[0]));
        case 'ceiling':
          return Math.ceil(Number(a[0]));
        case 'year':
        case 'month':
        case 'day': {
          const m = /^(\d{4})-(\d\d)-(\d\d)/.exec(s(0)!);
          if (!m) return null;
          return Number(m[e.fn === 'year' ? 1 : e.fn === 'month' ? 2 : 3]);
        }
        case 'hour':
        case 'minute':
        case 'second': {
          const m = /(\d\d):(\d\d):(\d\d)/.exec(s(0)!);
          if (!m) return null;
          return Number(m[e.fn === 'hour' ? 1 : e.fn === 'minute' ? 2 : 3]);
        }
      }
      throw new ODataError(400, `The function '${e.fn}' is not supported.`);
    }
  }
}
