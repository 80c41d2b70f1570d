/**
 * A data service (.dbs) as the runtime runs it: MI's data services engine (the former DSS) reads the same file into
 * DataService with its Config, Query, Operation and Resource objects (DataServiceFactory, description/*).
 */

/** The namespace of MI's data service answers (DBConstants.WSO2_DS_NAMESPACE). */
export const DS_NS = 'http://ws.wso2.org/dataservice';

export interface CsvConfig {
  /** As written in the .dbs (a path relative to the project, or absolute). */
  path: string;
  /** The file it resolved to when loaded. */
  file: string;
  separator: string;
  /** 1-based first row read as data (csv_startingrow, default 1: a header row is data unless skipped). */
  startingRow: number;
  /** -1: every row. */
  maxRowCount: number;
  hasHeader: boolean;
  /** 1-based (csv_headerrow, default 1). */
  headerRow: number;
}

export interface RdbmsConfig {
  dialect: 'postgresql' | 'mysql';
  url: string;
  host: string;
  port: number | undefined;
  database: string;
  user: string | undefined;
  password: string | undefined;
  /** URL query parameters (jdbc:postgresql://h/db?ssl=true). */
  options: Record<string, string>;
  maxActive: number;
}

/** An Excel data source (ExcelConfig: excel_datasource, an .xls or .xlsx file). */
export interface ExcelConfig {
  path: string;
  file: string;
}

/** A query's <excel> (QueryFactory.createExcelQuery). */
export interface ExcelQueryDef {
  workbook: string;
  hasHeader: boolean;
  /** 1-based first data row (default 1). */
  startingRow: number;
  /** -1: every row. */
  maxRowCount: number;
  /** 1-based (default 1). */
  headerRow: number;
}

export interface DsConfig {
  id: string;
  line: number;
  kind: 'csv' | 'rdbms' | 'excel' | 'unsupported';
  csv?: CsvConfig;
  excel?: ExcelConfig;
  rdbms?: RdbmsConfig;
  /** Why a config cannot run here (kind unsupported): the message of its load warning. */
  reason?: string;
  /** enableOData="true": served as OData v4 at /odata/SERVICE/ID (Config.isODataEnabled). */
  odata?: boolean;
}

export type Validator =
  | { kind: 'length'; min?: number; max?: number; message: string }
  | { kind: 'pattern'; re: RegExp; message: string }
  | { kind: 'long'; min?: bigint; max?: bigint; message: string }
  | { kind: 'double'; min?: number; max?: number; message: string };

export interface QueryParam {
  name: string;
  /** Upper case (STRING, INTEGER, ...). */
  sqlType: string;
  paramType: 'SCALAR' | 'ARRAY';
  type: 'IN' | 'OUT' | 'INOUT';
  /** 1-based positions of its `?` (or `:name`) in the SQL. */
  ordinals: number[];
  optional: boolean;
  /** forceDefault: a NULL (xsi:nil) value given for it takes the default value instead. */
  forceDefault?: boolean;
  defaultValue: string | undefined;
  validators: Validator[];
}

export interface WithParam {
  /** The called query's param. */
  name: string;
  /** Lower-cased reference (QueryFactory.createWithParam). */
  ref: string;
  refType: 'column' | 'query-param';
  /** The reference as written. */
  original?: string;
}

export interface CallQueryDef {
  href: string;
  withParams: WithParam[];
  line: number;
}

export type OutputItem =
  | {
      kind: 'element' | 'attribute';
      name: string;
      /** Lower-cased column or query-param name; undefined with a constant value. */
      ref: string | undefined;
      refType: 'column' | 'query-param';
      /** A constant (`value` attribute). */
      value: string | undefined;
      optional: boolean;
      /** The local part of its xsdType (QueryFactory: xs:string when none), which types it in a JSON answer. */
      xsdType?: string;
      /** Its own namespace (the namespace attribute), else the row's. */
      namespace?: string;
      /** export / exportType: the value is handed to the later requests of a request box. */
      export?: string;
      exportType?: 'SCALAR' | 'ARRAY';
    }
  | { kind: 'group'; name: string; namespace: string | undefined; items: OutputItem[] }
  | { kind: 'call'; call: CallQueryDef };

export interface ResultDef {
  /** The wrapper element; none for a nested query that writes its rows into the parent row. */
  element: string | undefined;
  rowName: string | undefined;
  namespace: string;
  useColumnNumbers: boolean;
  /** escapeNonPrintableChar: characters XML cannot hold are written as `?` (StaticOutputElement.NON_PRINTABLE_CHARS). */
  escapeNonPrintable?: boolean;
  /** xsltPath: the stylesheet's text, run over the result of a request calling this query (Result.xsltTransformer). */
  xslt?: { path: string; text: string };
  items: OutputItem[];
}

export interface QueryDef {
  id: string;
  line: number;
  configId: string;
  /** The SQL with `:name` parameters turned into `?` (SQLQuery); undefined for a CSV query. */
  sql: string | undefined;
  /** select-like (answers rows) or an update (answers a count). */
  sqlKind: 'select' | 'update';
  returnUpdatedRowCount: boolean;
  /** The maxRows property: at most this many rows are read (statement.setMaxRows). */
  maxRows?: number;
  returnGeneratedKeys: boolean;
  keyColumns: string[];
  params: QueryParam[];
  result: ResultDef | undefined;
  /** Why the runtime cannot run it (an RDF result): it faults with this when called. */
  unsupported?: string;
  /** The <excel> of a query on an Excel config. */
  excel?: ExcelQueryDef;
  /** Its non-empty `inputNamespace` attribute: the namespace of its requests' input elements (QueryFactory). */
  inputNamespace?: string;
}

export interface RequestDef {
  /** The Axis2 operation name (a resource: `_<method><path without / { }>`, lower case). */
  name: string;
  kind: 'operation' | 'resource';
  line: number;
  call: CallQueryDef | undefined;
  returnRequestStatus: boolean;
  /** The text of its `<description>` as written (OperationFactory/ResourceFactory getText): its WSDL documentation. */
  description?: string;
  /** Resource method (upper case) and path as written. */
  method?: string;
  path?: string;
  /** HTTPLocationBasedDispatcher's pattern for METHOD + path (`{x}` segments match anything). */
  pattern?: RegExp;
  /** The pattern text, which orders the resources (DBDeployer keeps them in a reversed TreeMap). */
  patternText?: string;
  /** The `{x}` names of the path and the expression that reads their values from a request's path. */
  template?: { re: RegExp; names: string[] };
  /** A batch twin (`_batch_req`): several param sets in one transaction. */
  batch?: boolean;
  /** The `request_box` operation (enableBoxcarring): several requests in one transaction. */
  requestBox?: boolean;
  /**
   * A legacy boxcarring control operation (enableBoxcarring without disableLegacyBoxcarringMode): begin_boxcar and
   * end_boxcar answer an empty body, abort_boxcar is in-only. The boxcar lives in the Axis2 service context, which MI
   * makes afresh for each HTTP request (no transport session): nothing is held between requests.
   */
  boxcarControl?: 'begin_boxcar' | 'end_boxcar' | 'abort_boxcar';
}

export interface DataServiceDef {
  name: string;
  file: string;
  line: number;
  description: string | undefined;
  serviceNamespace: string;
  /** The result namespace when a result names none (baseURI, else serviceNamespace). */
  defaultNamespace: string;
  configs: Map<string, DsConfig>;
  queries: Map<string, QueryDef>;
  /** By operation name (resources too, by their request name). */
  requests: Map<string, RequestDef>;
  /** Resources in dispatch order. */
  resources: RequestDef[];
  /** serviceStatus="inactive": deployed but not served (DBDeployer: axisService.setActive(false)). */
  inactive: boolean;
  /** The transports it is exposed on (the transports attribute; none listed: every transport). */
  transports: string[] | undefined;
}
