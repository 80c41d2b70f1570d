/**
 * The File connector's operations on the shared connector layer (../operation.ts): `<file.write configKey="c">`,
 * `<file.read>`, … with a `<file.init>` connection of type LOCAL. Each operation runs the connector's code
 * (./write.ts, ./read.ts, ./list.ts, ./manage.ts) and answers as AbstractConnectorOperation.handleConnectorResponse
 * does: with overwriteBody the result document becomes the body (application/json, messageType and ContentType
 * set), otherwise it is the response's `payload`; the shared layer puts the response in `responseVariable`.
 * file.read answers with the file's content instead (the body, or the variable's payload: the JSON value for
 * application/json, else the built element as XML text) and its metadata as attributes.
 *
 * A failure does what the connector's handleError does: the error document (success false, error code / message /
 * detail) is answered the same way, ERROR_CODE (e.g. 700102) and ERROR_MESSAGE (e.g. FILE:ILLEGAL_PATH) are set with
 * the axis2 HTTP_SC 500, and the message faults (handleException): the onError / fault sequence runs with them.
 * Connections of type FTP, FTPS and SFTP run the same operations on the remote server (../../remoteFs, bound for
 * the operation by ./fsops.ts); SMB2 and SMB connections fault with CONNECTION_ERROR.
 */
import { MediationError } from '../../errors';
import type { MessageContext } from '../../context';
import { formattedBody } from '../../formattedBody';
import { TEXT_NS, kindOf } from '../../payload';
import { charsetParam, decodeCharset, encodeCharset } from '../../formats';
import { serializeXml } from '../../xml/serialize';
import {
  registerConnectorOperation,
  connectorResponseValue,
  type ConnectorResponse,
  type OperationRun,
} from '../operation';
import type { Connection } from '../connection';
import { registerConnectionCheck, type CompileCtx } from '../../compile';
import { childElements, textContent, type XmlElement } from '../../../../core/xml';
import { InlineText } from '../http/request';
import { FileOpError, FileOpFailure, FileOpUncaught } from './errors';
import { connectionOf, unsupportedProtocol, type FileConnection } from './connection';
import { errorResult, type FileOutcome, type Params } from './common';
import { writeFileOp } from './write';
import { connectionByName, recordConnection } from './inline';
import { readFileOp } from './read';
import { listFilesOp } from './list';
import { checkExistOp, copyOp, createDirectoryOp, deleteOp, moveOp, renameOp } from './manage';
import { compressOp, exploreZipFileOp, unzipOp } from './zip';
import { fetchDirectoryContentOp, mergeFilesOp, splitFileOp } from './extra';
import { runOnFs } from './fsops';
import { escapeXmlText as escapeText } from '../../../../core/xml/escape';

/** The runtime's default body limit (Runtime maxBodyBytes) when the message does not say its own. */
const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

type Runner = (conn: FileConnection, p: Params, op: OperationRun) => Promise<FileOutcome>;

const OPERATIONS: Record<string, Runner> = {
  write: (c, p, op) => writeFileOp(c, p, (mimeType) => bodyBytes(op.ctx, mimeType)),
  read: (c, p, op) => readFileOp(c, p, { maxBytes: maxBytesOf(op.ctx), overwriteBody: op.overwriteBody }),
  checkExist: checkExistOp,
  createDirectory: createDirectoryOp,
  listFiles: listFilesOp,
  delete: deleteOp,
  copy: copyOp,
  move: moveOp,
  rename: renameOp,
  compress: compressOp,
  unzip: unzipOp,
  exploreZipFile: exploreZipFileOp,
  mergeFiles: mergeFilesOp,
  splitFile: (c, p, op) => splitFileOp(c, p, maxBytesOf(op.ctx)),
  fetchDirectoryContent: (c, p, op) => fetchDirectoryContentOp(c, p, maxBytesOf(op.ctx)),
};

const CONNECTION_KEY = 'file.connection';

/** The connection's settings (read once when its parameters are static, else per message). */
function fileConnection(c: Connection, ctx: MessageContext): FileConnection {
  const cached = c.cache.get(CONNECTION_KEY) as FileConnection | undefined;
  if (cached) return cached;
  const conn = connectionOf((n) => c.params.string(n, ctx));
  if (c.params.names().every((n) => !c.params.has(n) || c.params.literal(n) !== undefined))
    c.cache.set(CONNECTION_KEY, conn);
  return conn;
}

async function runFileOperation(
  name: string,
  run: Runner,
  op: OperationRun,
  content: InlineText | undefined,
): Promise<ConnectorResponse | void> {
  const { ctx } = op;
  // WriteFile: InlineExpressionUtil.processInLineSynapseExpressionTemplate over contentOrExpression (a failure there
  // is caught with the generic exceptions)
  const p: Params = (n) => {
    if (n !== 'contentOrExpression' || !content) return op.params.string(n, ctx);
    try {
      return content.render(ctx, op.params);
    } catch (e) {
      throw new FileOpFailure('io', (e as Error).message);
    }
  };
  let conn: FileConnection;
  try {
    if (op.connection) {
      // the local entry's init first (FileConfig.connect): it sets the property `name`; its failure answers the
      // error document as the body
      conn = fileConnection(op.connection, ctx);
      recordConnection(op.ex, conn);
      ctx.setProperty('name', conn.name);
    } else conn = connectionByName(ctx, op.ex);
  } catch (e) {
    if (e instanceof FileOpError && op.connection) failLegacy(op, e, 'FileConfig');
    // Utils.getConnectionName is outside the operation's try: its exception is not caught (ERROR_CODE 0)
    if (e instanceof FileOpError) throw new MediationError(0, e.detail, e.detail, op.where);
    throw e;
  }
  const cls = CLASSES[name] ?? name;
  let outcome: FileOutcome;
  try {
    if (conn.protocol === 'SMB' || conn.protocol === 'SMB2') throw unsupportedProtocol(conn, name);
    outcome = await runOnFs(conn.fs, () => run(conn, p, op));
  } catch (e) {
    if (e instanceof FileOpError && name === 'fetchDirectoryContent') failLegacy(op, e, cls);
    if (e instanceof FileOpError) fail(op, e, cls);
    // an exception the operation does not catch: the mediation fails with it (ERROR_CODE left to Synapse: 0)
    if (e instanceof FileOpUncaught) {
      op.ex.log('ERROR', cls, undefined, `${e.context}: ${e.message}`);
      throw new MediationError(0, e.message, e.message, op.where);
    }
    if (e instanceof FileOpFailure)
      fail(op, new FileOpError('OPERATION_ERROR', e.message, `file:${name}`), cls);
    throw e;
  }
  if (outcome.silent) return;
  if (outcome.property) {
    // FetchContentToList (an AbstractConnector): the list goes to the property, nothing else is answered
    ctx.setProperty(outcome.property.name, outcome.property.value);
    return;
  }
  if (outcome.content) return answerContent(op, outcome);
  if (op.overwriteBody) setJsonBody(ctx, outcome.json);
  return { payload: outcome.json, ...(outcome.attributes ? { attributes: outcome.attributes } : {}) };
}

/** The connector's class of each operation (the logger MI's handleException writes to). */
const CLASSES: Record<string, string> = {
  write: 'WriteFile',
  read: 'ReadFile',
  checkExist: 'CheckFileExist',
  createDirectory: 'CreateDirectory',
  listFiles: 'ListFiles',
  delete: 'DeleteFileOrFolder',
  copy: 'CopyFiles',
  move: 'MoveFiles',
  rename: 'RenameFiles',
  compress: 'CompressFiles',
  unzip: 'UnzipFile',
  exploreZipFile: 'ExploreZipFile',
  mergeFiles: 'MergeFiles',
  splitFile: 'SplitFile',
  fetchDirectoryContent: 'FetchContentToList',
};

/**
 * handleError: the error document answered, the error properties set, then the fault (handleException logs the
 * context and the exception). MI sets ERROR_CODE / ERROR_MESSAGE itself, so Synapse's fault handler adds nothing
 * (FaultHandler.handleFault): ERROR_DETAIL stays empty.
 */
function fail(op: OperationRun, e: FileOpError, cls: string): never {
  const { ctx } = op;
  const json = errorResult(e);
  if (op.overwriteBody) setJsonBody(ctx, json);
  if (op.responseVariable !== undefined)
    ctx.vars.set(op.responseVariable, connectorResponseValue({ payload: json }, op.overwriteBody));
  ctx.axis2.set('HTTP_SC', '500');
  op.ex.log('ERROR', cls, undefined, `${e.context}: ${e.detail}`);
  throw new MediationError(e.code, e.errorMessage, '', op.where);
}

/**
 * FetchContentToList.handleError and FileConfig.handleError (the connection's init): the error document becomes the
 * body (JsonUtil.getNewJsonPayload, messageType unchanged), the error properties are set, then the fault.
 */
function failLegacy(op: OperationRun, e: FileOpError, cls: string): never {
  const { ctx } = op;
  ctx.payload.setRaw(Buffer.from(JSON.stringify(errorResult(e))), 'application/json', true);
  ctx.axis2.set('HTTP_SC', '500');
  op.ex.log('ERROR', cls, undefined, `${e.context}: ${e.detail}`);
  throw new MediationError(e.code, e.errorMessage, '', op.where);
}

/** JsonUtil.getNewJsonPayload with messageType and ContentType application/json. */
function setJsonBody(ctx: MessageContext, json: unknown): void {
  ctx.payload.setRaw(Buffer.from(JSON.stringify(json)), 'application/json', true);
  ctx.axis2.set('messageType', 'application/json');
  ctx.axis2.set('ContentType', 'application/json');
}

/** ReadFile's catch of a content it cannot build: RETRY_EXHAUSTED with the builder's message. */
function readFailed(op: OperationRun, message: string): never {
  return fail(
    op,
    new FileOpError('RETRY_EXHAUSTED', message, 'Error while performing file:read for file/directory'),
    'ReadFile',
  );
}

/** ReadFile.readFileContent: the file into the body (overwriteBody) or into the response's payload. */
function answerContent(op: OperationRun, outcome: FileOutcome): ConnectorResponse {
  const { ctx } = op;
  const { bytes, contentType } = outcome.content!;
  const type = builtType(contentType);
  // setCharsetEncoding: the encoding parameter (UTF-8 by default) names the message's charset
  const encoding = op.params.string('encoding', ctx) || 'UTF-8';
  ctx.axis2.set('CHARACTER_SET_ENCODING', encoding);
  if (op.overwriteBody) {
    ctx.payload.setRaw(bytes, type);
    ctx.axis2.delete('NO_ENTITY_BODY');
    return { attributes: outcome.attributes };
  }
  let payload: unknown;
  if (contentType.toLowerCase() === 'application/json') {
    try {
      payload = JSON.parse(bytes.toString('utf8'));
    } catch (e) {
      readFailed(op, `Error while building message from Stream: ${(e as Error).message}`);
    }
  } else if (kindOf(type) === 'text') {
    // PlainTextBuilder's wrapper as AXIOM writes it (a QName without prefix: the default namespace)
    let text = '';
    try {
      text = decodeCharset(bytes, encoding);
    } catch (e) {
      readFailed(op, (e as Error).message);
    }
    payload = `<text xmlns="${TEXT_NS}">${escapeText(text)}</text>`;
  } else if (kindOf(type) === 'binary') {
    payload = `<binary xmlns="${TEXT_NS}">${bytes.toString('base64')}</binary>`;
  } else {
    // the built element as text (OMElement.toString): an XML file's root element
    const tmp = ctx.payload.clone();
    try {
      tmp.setRaw(bytes, type);
      const root = tmp.rootElement();
      payload = root ? serializeXml(root) : '';
    } catch (e) {
      readFailed(op, `Error while building message from Stream: ${(e as Error).message}`);
    }
  }
  return { payload, attributes: outcome.attributes };
}

/** The content types MI has a builder for; any other is read by the binary relay builder. */
const BUILT = new Set([
  'application/json',
  'text/javascript',
  'application/json/badgerfish',
  'text/plain',
  'application/xml',
  'text/xml',
  'application/soap+xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'application/octet-stream',
  'application/binary',
]);

function builtType(contentType: string): string {
  if (!contentType) return 'application/octet-stream';
  const media = contentType.split(';')[0].trim().toLowerCase();
  return BUILT.has(media) ? contentType : 'application/octet-stream';
}

/** WriteFile.performBodyWrite: the body as the message formatter writes it (mimeType, when given, as messageType). */
async function bodyBytes(ctx: MessageContext, mimeType: string): Promise<Buffer> {
  if (mimeType && mimeType !== 'Automatic') ctx.axis2.set('messageType', mimeType);
  if (ctx.payload.streaming) await ctx.payload.build();
  const charset =
    (ctx.axis2.get('CHARACTER_SET_ENCODING') as string | undefined) ?? charsetParam(ctx.payload.contentType);
  const kind = ctx.payload.kind;
  if (kind !== 'json' && kind !== 'binary' && !ctx.payload.isEmpty()) {
    // a text or binary wrapper is written by the plain-text / binary formatter whatever the messageType
    const root = ctx.payload.rootElement();
    if (root && root.namespaceURI === TEXT_NS) {
      if (root.localName === 'text') return encodeCharset(root.textContent ?? '', charset);
      if (root.localName === 'binary') return Buffer.from(root.textContent ?? '', 'base64');
    }
  }
  // (the formatter of the message's messageType: a built form or untyped request is application/xml, as MI's
  // ServerWorker.handleRESTUrlPost sets it)
  return (await formattedBody(ctx, ctx.formatterType())).bytes;
}

function maxBytesOf(ctx: MessageContext): number {
  return ctx.payload.limitsOf?.maxBytes ?? DEFAULT_MAX_BYTES;
}

/**
 * At load: an SMB or SMB2 connection (as written, not `{…}`) is an RT_UNSUPPORTED warning naming the type; MI
 * deploys it, and its operations fault when run here. FTP, FTPS and SFTP connections are reached (../../remoteFs);
 * an FTP connection with isPassive false is a warning too: the embedded runtime's FTP client has passive mode only.
 */
export function checkFileConnection(init: XmlElement, cc: CompileCtx, key: string): void {
  const param = (n: string) => childElements(init).find((c) => c.local === n);
  const typeEl = param('connectionType');
  const type = typeEl ? textContent(typeEl) : '';
  if (typeEl && (type === 'SMB' || type === 'SMB2'))
    cc.unsupported(
      typeEl,
      `File connection '${key}' is of type ${type}: the embedded runtime does not reach SMB shares (its operations fault with FILE:CONNECTION_ERROR)`,
      'RT_UNSUPPORTED',
    );
  const passive = param('isPassive');
  if ((type === 'FTP' || type === 'FTPS') && passive && textContent(passive).toLowerCase() === 'false')
    cc.unsupported(
      passive,
      `File connection '${key}' asks for active FTP (isPassive false): the embedded runtime connects in passive mode`,
      'RT_UNSUPPORTED',
    );
}

registerConnectionCheck('file', checkFileConnection);

for (const [name, run] of Object.entries(OPERATIONS))
  registerConnectorOperation<InlineText | undefined>({
    connector: 'file',
    operation: name,
    // without configKey the connection is the one the property `name` names (an inline <file.init> before)
    needsConnection: false,
    // the body operations read or replace the message
    contentAware: name === 'write' || name === 'read',
    prepare: (el, cc, params) =>
      name === 'write' ? InlineText.of(params, 'contentOrExpression', el, cc) : undefined,
    run: (op, content) => runFileOperation(name, run, op, content),
  });
