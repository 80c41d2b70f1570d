/**
 * Reads a .dbs file into a DataServiceDef, as MI's DataServiceFactory does (configs through ConfigFactory, queries
 * through QueryFactory, operations and resources). Uses the project's tolerant XML parser, which never expands a DTD
 * or an entity: a DOCTYPE refuses the file.
 */
import { basename, isAbsolute, dirname, resolve as resolvePath } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import {
  parseXml,
  LineIndex,
  attrValue,
  childElements,
  firstChild,
  textContent,
  type XmlElement,
} from '../../../core/xml';
import type { LoadProblem } from '../errors';
import {
  DS_NS,
  type CallQueryDef,
  type DataServiceDef,
  type DsConfig,
  type OutputItem,
  type QueryDef,
  type QueryParam,
  type RequestDef,
  type ResultDef,
  type Validator,
  type WithParam,
} from './model';
import { javaDoubleToString } from '../expr/values';
import { javaHashOrder } from './java';
import { parseJsonLenient } from '../mediators/lenientJson';
import { parseBoolean } from '../mediators/util';
import { replaceOutsideQuotes } from './sources';
import { findCarbonDataSource, type CarbonDataSource } from './carbonSources';

export interface LoadOptions {
  env: (name: string) => string | undefined;
  config: (name: string) => string | undefined;
  /** Folders a relative CSV path is tried against (the project root first). */
  baseDirs: string[];
  /** The data sources deployed from CARs (before the project's own, for `carbon_datasource_name`). */
  dataSources?: Iterable<CarbonDataSource>;
}

export interface LoadedDataService {
  service: DataServiceDef | undefined;
  problems: LoadProblem[];
  warnings: LoadProblem[];
}

/** Properties that name a config type (ConfigFactory.getConfigType), in its order, with what the type is. */
const CONFIG_TYPES: [string[], string][] = [
  [
    [
      'driverClassName',
      'org.wso2.ws.dataservice.driver',
      'dataSourceClassName',
      'org.wso2.ws.dataservice.xa_datasource_class',
    ],
    'RDBMS',
  ],
  [['excel_datasource'], 'Excel'],
  [['rdf_datasource'], 'RDF'],
  [['sparql_datasource'], 'SPARQL endpoint'],
  [['csv_datasource'], 'CSV'],
  [['jndi_resource_name'], 'JNDI'],
  [['mongoDB_servers'], 'MongoDB'],
  [['gspread_datasource'], 'Google spreadsheet'],
  [['carbon_datasource_name'], 'Carbon data source'],
  [['web_harvest_config'], 'web'],
  [['custom_tabular_datasource_class'], 'custom tabular'],
  [['custom_query_datasource_class'], 'custom query'],
  [['cassandraServers'], 'Cassandra'],
];

export function loadDataService(file: string, text: string, opts: LoadOptions): LoadedDataService {
  const problems: LoadProblem[] = [];
  const warnings: LoadProblem[] = [];
  const lines = new LineIndex(text);
  const at = (el: XmlElement | undefined, offset?: number) => {
    const p = lines.positionAt(offset ?? el?.span.start ?? 0);
    return { line: p.line + 1, column: p.character + 1 };
  };
  const problem = (el: XmlElement | undefined, code: string, message: string) =>
    problems.push({ file, ...at(el), code, message });
  const warn = (el: XmlElement | undefined, code: string, message: string) =>
    warnings.push({ file, ...at(el), code, message });

  const doc = parseXml(text);
  if (doc.hasDoctype) problem(undefined, 'XML_DOCTYPE', 'A DOCTYPE is not allowed in a data service file');
  for (const p of doc.problems)
    if (p.severity === 'error')
      problems.push({ file, ...at(undefined, p.span.start), code: p.code, message: p.message });
  const root = doc.root;
  if (!root) problem(undefined, 'XML_NO_ROOT', 'No root element');
  if (problems.length || !root) return { service: undefined, problems, warnings };
  if (root.local !== 'data') {
    problem(root, 'RT_DS_INVALID', `A data service file has a <data> root element, not <${root.name}>`);
    return { service: undefined, problems, warnings };
  }
  const name = attrValue(root, 'name')?.trim();
  if (!name) {
    problem(root, 'RT_DS_INVALID', 'The data service has no name (the name attribute of <data>)');
    return { service: undefined, problems, warnings };
  }
  const serviceNamespace = nonEmpty(attrValue(root, 'serviceNamespace')) ?? DS_NS;
  const ds: DataServiceDef = {
    name,
    file,
    line: at(root).line,
    description: firstChild(root, 'description')
      ? textContent(firstChild(root, 'description')!).trim()
      : undefined,
    serviceNamespace,
    defaultNamespace: nonEmpty(attrValue(root, 'baseURI')) ?? serviceNamespace,
    inactive: attrValue(root, 'serviceStatus') === 'inactive',
    transports: nonEmpty(attrValue(root, 'transports'))?.trim().split(/\s+/),
    configs: new Map(),
    queries: new Map(),
    requests: new Map(),
    resources: [],
  };

  const resolveValue = (value: string, el: XmlElement): string => {
    const m = /^\$SYSTEM:(.+)$/.exec(value.trim());
    if (m) {
      const v = opts.env(m[1]);
      if (v === undefined)
        warn(el, 'RT_UNDEFINED_SYSTEM_VAR', `Environment variable '${m[1]}' is not defined`);
      return v ?? '';
    }
    return value.replace(/\$\{configs?\.([\w.-]+)\}/g, (all, n: string) => {
      const v = opts.config(n);
      if (v === undefined) warn(el, 'RT_UNDEFINED_CONFIG', `Config parameter '${n}' is not defined`);
      return v ?? all;
    });
  };

  // configs (ConfigFactory)
  for (const c of childElements(root).filter((e) => e.local === 'config')) {
    const id = attrValue(c, 'id') ?? 'default';
    const props: Record<string, string> = {};
    // an XA data source's own properties (dataSourceProps / xa_datasource_properties) are nested properties
    const nested: Record<string, string> = {};
    for (const p of childElements(c).filter((e) => e.local === 'property')) {
      const pn = attrValue(p, 'name');
      const inner = childElements(p).filter((e) => e.local === 'property');
      for (const n of inner) {
        const nn = attrValue(n, 'name');
        if (nn) nested[nn.toLowerCase()] = resolveValue(textContent(n).trim(), n);
      }
      if (pn) props[pn] = inner.length ? '' : resolveValue(textContent(p).trim(), p);
    }
    const type = CONFIG_TYPES.find(([keys]) => keys.some((k) => props[k] !== undefined));
    if (!type) {
      problem(
        c,
        'RT_DS_INVALID',
        `Config '${id}' has no property that names a data source type (driverClassName, csv_datasource, ...): MI cannot create it`,
      );
      continue;
    }
    const config: DsConfig = { id, line: at(c).line, kind: 'unsupported' };
    if (parseBoolean(attrValue(c, 'enableOData'))) config.odata = true;
    if (type[1] === 'CSV') {
      const path = props.csv_datasource;
      const csvFile = resolveCsvPath(path, dirname(resolvePath(file)), opts.baseDirs);
      config.kind = 'csv';
      config.csv = {
        path,
        file: csvFile,
        separator: csvSeparator(props.csv_columnseperator),
        startingRow: intOr(props.csv_startingrow, 1),
        maxRowCount: intOr(props.csv_maxrowcount, -1),
        hasHeader: parseBoolean(props.csv_hasheader),
        headerRow: intOr(props.csv_headerrow, 1),
      };
      if (!existsSync(csvFile))
        warn(
          c,
          'RT_DS_CSV_FILE',
          `Config '${id}': the CSV file '${path}' is not found (${csvFile}); its queries fault when called`,
        );
    } else if (type[1] === 'Excel') {
      // ExcelConfig: the workbook is opened by each query (WorkbookFactory), a path like a CSV file's
      const path = props.excel_datasource;
      const excelFile = resolveCsvPath(path, dirname(resolvePath(file)), opts.baseDirs);
      config.kind = 'excel';
      config.excel = { path, file: excelFile };
      if (!existsSync(excelFile))
        warn(
          c,
          'RT_DS_EXCEL_FILE',
          `Config '${id}': the Excel file '${path}' is not found (${excelFile}); its queries fault when called`,
        );
    } else if (type[1] === 'RDBMS') {
      // DBUtils.getConnectionURL4XADataSource: an XA data source names its database by URL (or server, port and
      // database); it runs here as a plain connection (no distributed transaction)
      const xaClass = props.dataSourceClassName ?? props['org.wso2.ws.dataservice.xa_datasource_class'] ?? '';
      const xaDb = /postgres/i.test(xaClass)
        ? 'postgresql'
        : /mariadb/i.test(xaClass)
          ? 'mariadb'
          : /mysql/i.test(xaClass)
            ? 'mysql'
            : undefined;
      const xaUrl =
        nested.url ??
        (xaDb && nested.servername
          ? `jdbc:${xaDb}://${nested.servername}${nested.portnumber ? `:${nested.portnumber}` : ''}/${nested.databasename ?? ''}`
          : undefined);
      const url = props.url ?? props['org.wso2.ws.dataservice.protocol'] ?? xaUrl ?? '';
      const parsed = parseJdbcUrl(url);
      if (typeof parsed === 'string') config.reason = parsed;
      else {
        config.kind = 'rdbms';
        config.rdbms = {
          ...parsed,
          url,
          user: props.username ?? props['org.wso2.ws.dataservice.user'] ?? nested.user,
          password: props.password ?? props['org.wso2.ws.dataservice.password'] ?? nested.password,
          maxActive: intOr(props.maxActive, 5),
        };
      }
    } else if (type[1] === 'Carbon data source') {
      // SQLCarbonDataSourceConfig: the RDBMS data source the server deployed under that name (a <datasource>
      // artifact of the project, or deployment.toml's [[datasource]])
      const dsName = props.carbon_datasource_name.trim();
      const found = findCarbonDataSource(dsName, opts.baseDirs, false, opts.dataSources);
      const parsed = found ? parseJdbcUrl(found.url) : undefined;
      if (!found) config.reason = `the Carbon data source '${dsName}', which the project does not define`;
      else if (typeof parsed === 'string') config.reason = parsed;
      else if (parsed) {
        config.kind = 'rdbms';
        config.rdbms = {
          ...parsed,
          url: found.url,
          user: found.user,
          password: found.password,
          maxActive: 5,
        };
      }
    } else config.reason = `a ${type[1]} data source`;
    // DBDeployer creates the OData handler of an enableOData config when it deploys the service: a CSV or Excel
    // config's createODataHandler throws, which fails the service
    if (config.odata && (config.kind === 'csv' || config.kind === 'excel')) {
      problem(
        c,
        'RT_DS_INVALID',
        `Expose as OData Service feature doesn't support for the ${id} Datasource.`,
      );
    }
    if (config.kind === 'unsupported')
      warn(
        c,
        'RT_DS_CONFIG_UNSUPPORTED',
        `Config '${id}' (${config.reason}) cannot run in the embedded runtime; the queries that use it fault when called`,
      );
    ds.configs.set(id, config);
  }

  // queries (QueryFactory)
  for (const q of childElements(root).filter((e) => e.local === 'query')) {
    const id = attrValue(q, 'id');
    if (!id) {
      problem(q, 'RT_DS_INVALID', 'A query has no id');
      continue;
    }
    const configId = attrValue(q, 'useConfig') ?? ds.configs.keys().next().value ?? 'default';
    if (!ds.configs.has(configId) && !problems.some((p) => p.message.startsWith(`Config '${configId}'`))) {
      problem(
        q,
        'RT_DS_INVALID',
        `Query '${id}' uses config '${configId}', which the data service does not define`,
      );
      continue;
    }
    // QueryFactory.getSQLQueryForConnectionURL: the <sql> whose dialect list names the URL's database
    // (jdbc:<database>:...), else the one without a dialect; none of them for an RDBMS config refuses the service
    const sqlEls = childElements(q).filter((e) => e.local === 'sql');
    const rdbms = ds.configs.get(configId)?.rdbms;
    const database = rdbms ? rdbms.url.split(':')[1] : undefined;
    const sqlEl =
      (database
        ? sqlEls.find((e) => (attrValue(e, 'dialect') ?? '').split(',').some((d) => d === database))
        : undefined) ?? sqlEls.find((e) => attrValue(e, 'dialect') === undefined);
    if (rdbms && sqlEls.length && !sqlEl) {
      problem(
        q,
        'RT_DS_INVALID',
        `Query '${id}' has no <sql> for the data source's database (${database}) and no default <sql> without a dialect`,
      );
      continue;
    }
    const rawSql = sqlEl ? textContent(sqlEl).trim() : undefined;
    const params = childElements(q)
      .filter((e) => e.local === 'param')
      .map((p, i) => queryParam(p, i + 1));
    let sql = rawSql;
    if (rawSql !== undefined) {
      const named = namedParams(rawSql);
      if (named) {
        // `:name` parameters: each becomes a `?`, the param's ordinals are where its name stands (SQLQuery)
        sql = named.sql;
        for (const p of params) {
          const ords = named.order.flatMap((n, i) =>
            n.toLowerCase() === p.name.toLowerCase() ? [i + 1] : [],
          );
          if (ords.length) p.ordinals = ords;
        }
      }
    }
    const query: QueryDef = {
      id,
      line: at(q).line,
      configId,
      sql,
      sqlKind:
        rawSql !== undefined && !/^\s*(select|with|show|values|call|\{)/i.test(rawSql) ? 'update' : 'select',
      returnUpdatedRowCount: parseBoolean(attrValue(q, 'returnUpdatedRowCount')),
      returnGeneratedKeys: parseBoolean(attrValue(q, 'returnGeneratedKeys')),
      keyColumns: (attrValue(q, 'keyColumns') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      params,
      result: undefined,
    };
    // QueryFactory.extractQueryInputNamespace: the attribute when not empty, else the result's, else the default one
    const inputNs = attrValue(q, 'inputNamespace');
    if (inputNs) query.inputNamespace = inputNs;
    // QueryFactory.createExcelQuery: <excel> with workbookname, hasheader (false), startingrow (1), maxrowcount
    // (-1), headerrow (1)
    const excelEl = firstChild(q, 'excel');
    if (excelEl) {
      const part = (n: string) => {
        const e = firstChild(excelEl, n);
        return e ? textContent(e).trim() : undefined;
      };
      query.excel = {
        workbook: part('workbookname') ?? '',
        hasHeader: parseBoolean(part('hasheader')),
        startingRow: intOr(part('startingrow'), 1),
        maxRowCount: intOr(part('maxrowcount'), -1),
        headerRow: intOr(part('headerrow'), 1),
      };
    }
    // the query's advanced properties (QueryFactory.extractAdvancedProps, V2 names converted): maxRows limits the
    // rows read (SQLQuery: statement.setMaxRows); a value that is not a positive integer refuses the service
    const propsEl = firstChild(q, 'properties');
    if (propsEl && rawSql !== undefined) {
      for (const pe of childElements(propsEl).filter((e) => e.local === 'property')) {
        const pname = attrValue(pe, 'name');
        if (pname !== 'maxRows' && pname !== 'org.wso2.ws.dataservice.max_rows') continue;
        const v = textContent(pe).trim();
        if (v === '') continue;
        const n = /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
        if (!(n > 0 && n <= 2147483647))
          problem(
            pe,
            'RT_DS_INVALID',
            `Invalid maximum rows: ${v}, maximum rows should be a positive integer`,
          );
        else query.maxRows = n;
      }
    }
    // QueryFactory.getResultFromQueryElement: getFirstChildWithName(new QName("result")), which (unlike the
    // getChildrenWithName reads of <query>, <sql>, <param>...) finds no <result> in another namespace: a .dbs written
    // in http://ws.wso2.org/dataservice has queries without a result
    const resEl = childElements(q).find((e) => e.local === 'result' && e.ns === '');
    if (resEl && attrValue(resEl, 'outputType') === 'rdf') {
      // MI writes RDF (QueryFactory.populateRDFResult); the runtime does not: the query faults when called
      query.unsupported = `Query '${id}' answers RDF (outputType="rdf"), which the embedded runtime does not write`;
      warn(resEl, 'RT_DS_RESULT_UNSUPPORTED', `${query.unsupported}; it faults when called`);
    } else if (resEl) {
      try {
        query.result = resultOf(resEl, id);
      } catch (e) {
        problem(resEl, 'RT_DS_INVALID', `Query '${id}': ${(e as Error).message}`);
        continue;
      }
      // Result: xsltPath names a stylesheet (a file, found like a CSV file) that MI runs over the request's result
      const xsltPath = nonEmpty(attrValue(resEl, 'xsltPath'));
      if (xsltPath && query.result) {
        const f = resolveCsvPath(xsltPath, dirname(resolvePath(file)), opts.baseDirs);
        if (existsSync(f)) query.result.xslt = { path: xsltPath, text: readFileSync(f, 'utf8') };
        else {
          // new XSLTTransformer(xsltPath) fails: 'Error in XSLT Transformation initialization in Result'
          problem(
            resEl,
            'RT_DS_INVALID',
            `Query '${id}': Error in XSLT Transformation initialization in Result: the stylesheet '${xsltPath}' is not found (${f})`,
          );
          continue;
        }
      }
    }
    ds.queries.set(id, query);
  }

  // operations and resources
  const descriptionOf = (el: XmlElement): { description?: string } => {
    const d = firstChild(el, 'description');
    return d ? { description: textContent(d) } : {};
  };
  const callOf = (el: XmlElement, what: string): CallQueryDef | undefined => {
    const cq = firstChild(el, 'call-query');
    if (!cq) return undefined;
    const call = callQuery(cq);
    if (!ds.queries.has(call.href))
      problem(
        cq,
        'RT_DS_INVALID',
        `${what} calls query '${call.href}', which the data service does not define`,
      );
    return call;
  };
  for (const o of childElements(root).filter((e) => e.local === 'operation')) {
    const opName = attrValue(o, 'name');
    if (!opName) {
      problem(o, 'RT_DS_INVALID', 'An operation has no name');
      continue;
    }
    ds.requests.set(opName, {
      name: opName,
      kind: 'operation',
      line: at(o).line,
      call: callOf(o, `Operation '${opName}'`),
      returnRequestStatus: parseBoolean(attrValue(o, 'returnRequestStatus')),
      ...descriptionOf(o),
    });
  }
  for (const r of childElements(root).filter((e) => e.local === 'resource')) {
    const method = (attrValue(r, 'method') ?? '').toUpperCase();
    const path = attrValue(r, 'path') ?? '';
    if (!method || !path) {
      problem(r, 'RT_DS_INVALID', 'A resource needs a method and a path');
      continue;
    }
    const def = resourceDef(method, path, callOf(r, `Resource ${method} ${path}`), at(r).line);
    if (!def) {
      problem(r, 'RT_DS_INVALID', `Resource path '${path}' is not a valid location`);
      continue;
    }
    def.returnRequestStatus = parseBoolean(attrValue(r, 'returnRequestStatus'));
    Object.assign(def, descriptionOf(r));
    ds.requests.set(def.name, def);
    ds.resources.push(def);
  }
  // DBDeployer.handleSecurityProxy: a <policy> without a key fails the deployment
  const policyEl = childElements(root).find((e) => e.local === 'policy');
  if (policyEl && attrValue(policyEl, 'key') === undefined)
    problem(
      policyEl,
      'RT_DS_INVALID',
      `Error in processing security policy: Policy key element should contain a policy key in ${basename(file)}`,
    );
  // DataServiceFactory.populateBatchOperations/populateBatchResources: with enableBatchRequests, every request that
  // passes params and writes no rows (or returns generated keys) has a batch twin, `<op>_batch_req` and
  // `<path>_batch_req`, that takes several param sets in one transaction
  // DataService.init/initRequestBox: with enableBoxcarring, a `request_box` operation runs several requests in one
  // transaction (when the service has operations or resources)
  if (parseBoolean(attrValue(root, 'enableBoxcarring')) && ds.requests.size > 0)
    ds.requests.set('request_box', {
      name: 'request_box',
      kind: 'operation',
      line: ds.line,
      call: undefined,
      returnRequestStatus: false,
      requestBox: true,
    });
  // DataService.initBoxcarring: unless disableLegacyBoxcarringMode, the begin_boxcar, end_boxcar and abort_boxcar
  // control operations (OperationFactory.createBeginBoxcarOperation...)
  if (
    parseBoolean(attrValue(root, 'enableBoxcarring')) &&
    !parseBoolean(attrValue(root, 'disableLegacyBoxcarringMode'))
  )
    for (const name of ['begin_boxcar', 'end_boxcar', 'abort_boxcar'] as const)
      ds.requests.set(name, {
        name,
        kind: 'operation',
        line: ds.line,
        call: undefined,
        returnRequestStatus: false,
        boxcarControl: name,
      });
  if (parseBoolean(attrValue(root, 'enableBatchRequests'))) {
    const compatible = (r: RequestDef) => {
      const q = r.call && ds.queries.get(r.call.href);
      return !!q && r.call!.withParams.length > 0 && (!q.result || q.returnGeneratedKeys);
    };
    for (const op of [...ds.requests.values()]) {
      if (op.kind !== 'operation' || !compatible(op)) continue;
      const name = `${op.name}_batch_req`;
      ds.requests.set(name, { ...op, name, batch: true });
    }
    for (const res of [...ds.resources]) {
      if (!compatible(res)) continue;
      const path = res.path!.endsWith('/')
        ? `${res.path!.slice(0, -1)}_batch_req/`
        : `${res.path!}_batch_req`;
      const twin = resourceDef(res.method!, path, res.call, res.line);
      if (!twin) continue;
      twin.batch = true;
      twin.returnRequestStatus = res.returnRequestStatus;
      ds.requests.set(twin.name, twin);
      ds.resources.push(twin);
    }
  }
  // the resource table is a TreeMap ordered by the pattern text, reversed (DBDeployer)
  ds.resources.sort((a, b) =>
    a.patternText! < b.patternText! ? 1 : a.patternText! > b.patternText! ? -1 : 0,
  );
  if (problems.length) return { service: undefined, problems, warnings };
  return { service: ds, problems, warnings };

  function queryParam(p: XmlElement, position: number): QueryParam {
    const ordinal = Number(attrValue(p, 'ordinal'));
    const validators: Validator[] = [];
    for (const v of childElements(p)) {
      const min = attrValue(v, 'minimum');
      const max = attrValue(v, 'maximum');
      if (v.local === 'validateLength')
        validators.push({
          kind: 'length',
          min: min !== undefined ? Number(min) : undefined,
          max: max !== undefined ? Number(max) : undefined,
          message: `The value length must be between ${min !== undefined ? Number(min) : 0} and ${max !== undefined ? Number(max) : 2147483647}`,
        });
      else if (v.local === 'validatePattern') {
        const pat = attrValue(v, 'pattern') ?? '';
        try {
          validators.push({
            kind: 'pattern',
            re: new RegExp(`^(?:${pat})$`),
            message: `Pattern {${pat}} is expected`,
          });
        } catch {
          warn(
            v,
            'RT_DS_VALIDATOR_UNSUPPORTED',
            `Pattern '${pat}' cannot be read by the embedded runtime; the validator is not applied`,
          );
        }
      } else if (v.local === 'validateLongRange') {
        const lo = bigOr(min, -9223372036854775808n);
        const hi = bigOr(max, 9223372036854775807n);
        validators.push({
          kind: 'long',
          min: min !== undefined ? lo : undefined,
          max: max !== undefined ? hi : undefined,
          message: `The long value range expected is [${lo},${hi}]`,
        });
      } else if (v.local === 'validateDoubleRange') {
        const lo = min !== undefined ? Number(min) : -Number.MAX_VALUE;
        const hi = max !== undefined ? Number(max) : Number.MAX_VALUE;
        validators.push({
          kind: 'double',
          min: min !== undefined ? lo : undefined,
          max: max !== undefined ? hi : undefined,
          message: `The double value range expected is [${javaDoubleToString(lo)},${javaDoubleToString(hi)}]`,
        });
      } else if (v.local === 'validateCustom')
        warn(
          v,
          'RT_DS_VALIDATOR_UNSUPPORTED',
          `A custom validator (${attrValue(v, 'class') ?? 'a Java class'}) cannot run in the embedded runtime; it is not applied`,
        );
    }
    const paramType = (attrValue(p, 'paramType') ?? 'SCALAR').toUpperCase() === 'ARRAY' ? 'ARRAY' : 'SCALAR';
    const t = (attrValue(p, 'type') ?? 'IN').toUpperCase();
    const def = attrValue(p, 'defaultValue');
    return {
      // QueryFactory.getQueryParamsFromQueryElement trims the name
      name: (attrValue(p, 'name') ?? '').trim(),
      sqlType: (attrValue(p, 'sqlType') ?? 'STRING').toUpperCase(),
      paramType,
      type: t === 'OUT' ? 'OUT' : t === 'INOUT' ? 'INOUT' : 'IN',
      ordinals: [Number.isInteger(ordinal) && ordinal > 0 ? ordinal : position],
      optional: parseBoolean(attrValue(p, 'optional')),
      forceDefault: parseBoolean(attrValue(p, 'forceDefault')),
      defaultValue: def,
      validators,
    };
  }

  function resultOf(resEl: XmlElement, queryId: string): ResultDef {
    const ns = nonEmpty(attrValue(resEl, 'defaultNamespace')) ?? ds.defaultNamespace;
    const useColumnNumbers = parseBoolean(attrValue(resEl, 'useColumnNumbers'));
    const escapeNonPrintable = parseBoolean(attrValue(resEl, 'escapeNonPrintableChar'));
    if (attrValue(resEl, 'outputType') === 'json') {
      // QueryFactory.populateJSONResult: the mapping becomes an XML result in the namespace <ns>/<query id>
      const jsonNs = (ns.endsWith('/') ? ns : `${ns}/`) + queryId;
      return { ...jsonResult(textContent(resEl)), namespace: jsonNs, useColumnNumbers, escapeNonPrintable };
    }
    return {
      element: nonEmpty(attrValue(resEl, 'element')),
      rowName: nonEmpty(attrValue(resEl, 'rowName')),
      namespace: ns,
      useColumnNumbers,
      escapeNonPrintable,
      items: outputItems(resEl, ns),
    };
  }

  function outputItems(parent: XmlElement, ns: string): OutputItem[] {
    const items: OutputItem[] = [];
    for (const e of childElements(parent)) {
      if (e.local === 'call-query') {
        items.push({ kind: 'call', call: callQuery(e) });
        continue;
      }
      if (e.local !== 'element' && e.local !== 'attribute') continue;
      const name = attrValue(e, 'name') ?? '';
      if (e.local === 'element' && childElements(e).length && attrValue(e, 'column') === undefined) {
        // an element group: <element name="x"> with nested elements
        const gns = nonEmpty(attrValue(e, 'namespace'));
        items.push({ kind: 'group', name, namespace: gns, items: outputItems(e, gns ?? ns) });
        continue;
      }
      const column = attrValue(e, 'column');
      const qp = attrValue(e, 'query-param');
      items.push({
        kind: e.local,
        name,
        ref: (column ?? qp)?.toLowerCase(),
        refType: column !== undefined ? 'column' : 'query-param',
        value: column === undefined && qp === undefined ? attrValue(e, 'value') : undefined,
        optional: parseBoolean(attrValue(e, 'optional')),
        xsdType: xsdLocalName(attrValue(e, 'xsdType')),
        // QueryFactory.createStaticOutputElement: a non-empty namespace attribute is the element's own
        namespace: nonEmpty(attrValue(e, 'namespace')),
        export: nonEmpty(attrValue(e, 'export')),
        exportType: attrValue(e, 'exportType') === 'ARRAY' ? 'ARRAY' : 'SCALAR',
      });
    }
    return items;
  }
}

function callQuery(cq: XmlElement): CallQueryDef {
  const byName = new Map<string, WithParam>();
  for (const w of childElements(cq).filter((e) => e.local === 'with-param')) {
    const column = attrValue(w, 'column');
    const qp = attrValue(w, 'query-param');
    const name = (attrValue(w, 'name') ?? '').trim();
    byName.set(name, {
      name,
      ref: (column ?? qp ?? '').trim().toLowerCase(),
      refType: column !== undefined ? 'column' : 'query-param',
      original: (column ?? qp ?? '').trim(),
    });
  }
  return { href: attrValue(cq, 'href') ?? '', withParams: withParamsInMapOrder(byName), line: 0 };
}

/** QueryFactory.createCallQuery keeps the with-params in a HashMap by name (a repeated name: the last one). */
function withParamsInMapOrder(byName: Map<string, WithParam>): WithParam[] {
  return javaHashOrder([...byName.keys()]).map((n) => byName.get(n)!);
}

/** A resource: its request name and its HTTPLocationBasedDispatcher pattern (undefined: not a valid pattern). */
function resourceDef(
  method: string,
  path: string,
  call: CallQueryDef | undefined,
  line: number,
): RequestDef | undefined {
  // WSDLUtil.getConstantFromHTTPLocationForResource: METHOD then /segment, a {param} segment as /.*
  const patternText =
    method +
    path
      .replace(/^\//, '')
      .split('/')
      .filter((s) => s.length > 0)
      .map((s) => (s.startsWith('{') ? '/.*' : `/${s}`))
      .join('');
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${patternText})$`, 's');
  } catch {
    return undefined;
  }
  return {
    name: resourceRequestName(path, method),
    kind: 'resource',
    line,
    call,
    returnRequestStatus: false,
    method,
    path,
    pattern,
    patternText,
    template: pathTemplate(path),
  };
}

/** The `{x}` names of a resource path and the expression that reads their values from a request path. */
function pathTemplate(path: string): { re: RegExp; names: string[] } {
  const names: string[] = [];
  const re = path
    .replace(/^\//, '')
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      const m = /^\{(.+)\}$/.exec(s);
      if (m) {
        names.push(m[1]);
        return '/(.*)';
      }
      return '/' + s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { re: new RegExp(`^${re}$`, 's'), names };
}

/** Resource.generateRequestName: `_` + method + the path with `/` as `_` and no braces, lower case. */
export function resourceRequestName(path: string, method: string): string {
  return ('_' + method + path.replace(/\//g, '_').replace(/[{}]/g, '')).toLowerCase();
}

/**
 * QueryFactory.getJSONResultFromText: exactly one top-level object (the wrapper element); when it holds exactly one
 * member that is an array of one object, that member names the rows. Members are read in the order Java's HashMap
 * (org.json's JSONObject) lists them.
 */
function jsonResult(text: string): Omit<ResultDef, 'namespace' | 'useColumnNumbers'> {
  let value: unknown;
  try {
    // org.json's reader is lenient: unquoted names, single quotes, a comma before a closing brace
    value = parseJsonLenient(text);
  } catch (e) {
    throw new Error(`Error in parsing JSON result mapping: ${(e as Error).message}`);
  }
  if (!isObject(value)) throw new Error('There must be exactly 1 top level object in the JSON mapping');
  const top = Object.keys(value);
  if (top.length !== 1)
    throw new Error(`There must be exactly 1 top level object in the JSON mapping, found ${top.length}`);
  const wrapper = top[0];
  const rootObj = value[wrapper];
  if (Array.isArray(rootObj)) throw new Error('The top level object cannot be an array');
  if (!isObject(rootObj)) throw new Error('The top level object cannot be a simple type');
  const second = Object.keys(rootObj);
  let rowName: string | undefined;
  let record = rootObj;
  if (second.length === 1 && Array.isArray(rootObj[second[0]])) {
    const arr = rootObj[second[0]] as unknown[];
    if (arr.length !== 1) throw new Error(`The JSON array should be of size 1, found ${arr.length}`);
    if (!isObject(arr[0])) throw new Error('The JSON array element must be a JSON Object');
    rowName = second[0];
    record = arr[0];
  }
  return { element: wrapper, rowName, items: jsonRecord(record) };
}

function jsonRecord(obj: Record<string, unknown>): OutputItem[] {
  const items: OutputItem[] = [];
  for (const name of javaHashOrder(Object.keys(obj))) {
    const item = obj[name];
    if (name.startsWith('@')) {
      // a nested query: "@query": "$column->param, $other->param2"
      const withParams: WithParam[] = [];
      for (const wp of String(item).trim().split(',')) {
        const t = wp.split('->');
        if (t.length !== 2)
          throw new Error(
            `The nested query call parameters should be separated by a single '->', found: ${wp}`,
          );
        const lhs = t[0].trim();
        if (!lhs.startsWith('$'))
          throw new Error(`The nested query call parameter LHS should start with a $, found: ${lhs}`);
        // QueryFactory.processJSONMappingCallQuery writes name=LHS and query-param=RHS
        withParams.push({
          name: lhs.slice(1),
          ref: t[1].trim().toLowerCase(),
          refType: 'query-param',
          original: t[1].trim(),
        });
      }
      const byName = new Map(withParams.map((w) => [w.name, w]));
      items.push({
        kind: 'call',
        call: { href: name.slice(1), withParams: withParamsInMapOrder(byName), line: 0 },
      });
      continue;
    }
    if (isObject(item)) {
      items.push({ kind: 'group', name, namespace: undefined, items: jsonRecord(item) });
      continue;
    }
    if (Array.isArray(item)) throw new Error('A JSON Array cannot be contained in the result records');
    const v = String(item).trim();
    if (!v.startsWith('$')) throw new Error(`A result entry column value must start with $, found: ${v}`);
    const open = v.indexOf('(');
    const column = open < 0 ? v.slice(1) : v.slice(1, open);
    let optional = false;
    let xsdType: string | undefined;
    if (open >= 0) {
      const close = v.lastIndexOf(')');
      if (close < 0)
        throw new Error(`A result entry column value with options must end with ')', found: ${v}`);
      for (const opt of v.slice(open + 1, close).split(';')) {
        const t = opt.split(':');
        if (t.length !== 2)
          throw new Error(`An option section must be separate by a single ':', found: ${opt}`);
        const on = t[0].trim();
        if (on === 'optional') optional = parseBoolean(t[1].trim());
        else if (on === 'type') xsdType = t[1].trim();
        else if (on !== 'type' && on !== 'requiredRoles') throw new Error(`Unrecognized option type '${on}'`);
      }
    }
    items.push({
      kind: 'element',
      name,
      ref: column.toLowerCase(),
      refType: 'column',
      value: undefined,
      optional,
      xsdType: xsdLocalName(xsdType),
    });
  }
  return items;
}

/** QueryFactory.getXsdTypeQName: the local part of an xsdType (`xs:integer`, `integer`); none or empty is string. */
function xsdLocalName(t: string | undefined): string {
  if (t === undefined || t.trim() === '') return 'string';
  const parts = t.split(':');
  return parts.length === 1 ? parts[0] : parts[1];
}

/** `:name` parameters in SQL (outside quotes), turned into `?`; undefined when there are none. */
export function namedParams(sql: string): { sql: string; order: string[] } | undefined {
  const order: string[] = [];
  // a `:` that is not part of `::` (a PostgreSQL cast) and starts a name
  const out = replaceOutsideQuotes(sql, /(?<!:):([A-Za-z_]\w*)/g, (_, name) => {
    order.push(name);
    return '?';
  });
  return order.length ? { sql: out, order } : undefined;
}

export function parseJdbcUrl(
  url: string,
): Omit<NonNullable<DsConfig['rdbms']>, 'url' | 'user' | 'password' | 'maxActive'> | string {
  const m = /^jdbc:(postgresql|mysql|mariadb):\/\/([^/:?]*)(?::(\d+))?\/?([^?]*)(?:\?(.*))?$/i.exec(
    url.trim(),
  );
  if (!m) {
    const kind = /^jdbc:([\w]+)/i.exec(url.trim())?.[1];
    return kind ? `a ${kind} database (${url})` : `an RDBMS with the URL '${url}', which is not a jdbc: URL`;
  }
  const options: Record<string, string> = {};
  for (const kv of (m[5] ?? '').split('&').filter(Boolean)) {
    const [k, v = ''] = kv.split('=');
    options[decodeURIComponent(k)] = decodeURIComponent(v);
  }
  return {
    dialect: m[1].toLowerCase() === 'postgresql' ? 'postgresql' : 'mysql',
    host: m[2] || 'localhost',
    port: m[3] ? Number(m[3]) : undefined,
    database: decodeURIComponent(m[4] ?? ''),
    options,
  };
}

/** CSVConfig.extractColumnSeparator. */
function csvSeparator(value: string | undefined): string {
  const v = (value ?? '').trim();
  if (!v) return ',';
  if (v === '\\t') return '\t';
  if (v === '\\s') return ' ';
  if (v.startsWith('\\u')) {
    const n = parseInt(v.slice(2), 16);
    return Number.isNaN(n) ? ',' : String.fromCharCode(n);
  }
  return v.length > 1 ? ',' : v;
}

function resolveCsvPath(path: string, dbsDir: string, baseDirs: string[]): string {
  const p = path.replace(/^file:(\/\/)?/, '');
  if (isAbsolute(p)) return p;
  // MI resolves a relative path against its working directory; a project's file is found against the project
  for (const d of [...baseDirs, dbsDir]) {
    const f = resolvePath(d, p);
    if (existsSync(f)) return f;
  }
  return resolvePath(baseDirs[0] ?? dbsDir, p);
}

function intOr(v: string | undefined, d: number): number {
  const n = v === undefined ? NaN : parseInt(v.trim(), 10);
  return Number.isNaN(n) ? d : n;
}

function bigOr(v: string | undefined, d: bigint): bigint {
  try {
    return v === undefined ? d : BigInt(v.trim());
  } catch {
    return d;
  }
}

function nonEmpty(v: string | undefined): string | undefined {
  return v !== undefined && v.trim().length > 0 ? v : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
