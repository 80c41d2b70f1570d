/**
 * The Email connector's operations on the shared connector layer (../operation.ts), as esb-connector-email v2 runs
 * them in MI 4.4: `<email.send configKey="c">`, `<email.list>`, `<email.getEmailBody>`, `<email.getEmailAttachment>`,
 * `<email.markAsRead>`, `<email.markAsDeleted>`, `<email.delete>`, `<email.expungeFolder>`, with an `<email.init>`
 * connection (a local entry named by configKey, or an inline `<email.init>` before, found by the property `name`).
 *
 * As InvokeMediator runs them: the connection's init template first (its parameters copied into properties, the
 * connection checked, an OAuth2 token for SMTP), then the operation template's properties, then the connector's own
 * check that `responseVariable` and `overwriteBody` are given (AbstractEmailConnectorOperation.connect: "Parameter …
 * is not provided" fails the message), then the operation. A success answers the
 * result document as AbstractEmailConnectorOperation.handleConnectorResponse does: with overwriteBody it becomes the
 * JSON body (messageType and ContentType application/json) and the variable is left to the mediator's own rules;
 * otherwise it is the response's `payload`. A failure answers the error document the same way, sets ERROR_CODE /
 * ERROR_MESSAGE (utils/Error.java) and the axis2 HTTP_SC "500", then faults (handleException); each operation maps
 * the connector's exceptions to error kinds with its own catch blocks (OPERATIONS below).
 */
import * as slimdom from 'slimdom';
import type { MessageContext } from '../../context';
import { TEXT_NS } from '../../payload';
import { MediationError } from '../../errors';
import type { Executor } from '../../executor';
import { registerConnectionCheck, registerMediator, type CompileCtx } from '../../compile';
import { childElements, textContent, type XmlElement } from '../../../../core/xml';
import {
  registerConnectorOperation,
  connectorResponseValue,
  type ConnectorResponse,
  type OperationRun,
} from '../operation';
import type { Connection } from '../connection';
import { OperationParams } from '../params';
import { perRuntime } from '../perRuntime';
import { InlineText } from '../http/request';
import {
  EMAIL_ERRORS,
  EmailFailure,
  EmailUncaught,
  errorResult,
  operationResult,
  type EmailErrorKind,
} from './errors';
import { emailConnectionOf, type EmailConnection } from './connection';
import { sendEmail } from './send';
import {
  changeEmailState,
  expungeFolder,
  getEmail,
  listEmails,
  PoolFailure,
  type ListSettings,
} from './mailbox';
import type { ParsedEmail } from './parse';
import { accessToken } from './oauth';
import { parseJavaInt } from '../../../../core/javaNumbers';

/** How one operation's catch blocks map a failure; `uncaught`: no catch block names it. */
type Kinds = Partial<Record<EmailFailure['failure'] | 'pool', EmailErrorKind>>;

interface Spec {
  cls: string;
  kinds: Kinds;
  /** The error document: generateOperationResult (success false + error) or generateErrorResult (error only). */
  withSuccess: boolean;
  /** MI's log text of the failure (handleException's message). */
  context: (p: (n: string) => string | undefined) => string;
  run: (conn: EmailConnection, op: OperationRun, state: State) => Promise<ConnectorResponse | void>;
}

interface State {
  subject?: InlineText;
  content?: InlineText;
}

const p = (op: OperationRun) => (n: string) => op.params.string(n, op.ctx);

/** What a success answers: the body (overwriteBody) or the response's payload (and attributes). */
function answer(
  op: OperationRun,
  json: unknown,
  attributes?: Record<string, unknown>,
): ConnectorResponse | void {
  if (op.overwriteBody) {
    setJsonBody(op.ctx, json);
    return;
  }
  return attributes ? { payload: json, headers: {}, attributes } : { payload: json };
}

function setJsonBody(ctx: MessageContext, json: unknown): void {
  ctx.payload.setRaw(Buffer.from(JSON.stringify(json)), 'application/json', true);
  ctx.axis2.set('messageType', 'application/json');
  ctx.axis2.set('ContentType', 'application/json');
}

/**
 * InlineExpressionUtil.processInLineSynapseExpressionTemplate over subject / content: an expression that does not
 * compile or evaluate is a JaxenException, which EmailSend maps to EMAIL:INVALID_CONFIGURATION.
 */
function inline(t: InlineText | undefined, op: OperationRun): string | undefined {
  if (!t) return undefined;
  try {
    return t.render(op.ctx, op.params);
  } catch (e) {
    throw new EmailFailure('config', (e as Error).message);
  }
}

/** EmailSend.getEmailHeadersFromProperties: every property `EMAIL-HEADER:<name>` is a header. */
function customHeaders(ctx: MessageContext): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of ctx.props)
    if (k.startsWith('EMAIL-HEADER')) {
      const name = k.split(':')[1];
      if (name === undefined) throw new EmailUncaught(`Index 1 out of bounds for length 1 (property ${k})`);
      out.push([name, v === undefined || v === null ? '' : String(v)]);
    }
  return out;
}

function listJson(list: ParsedEmail[]): Record<string, unknown> {
  return {
    emails: list.map((m, index) => {
      const o: Record<string, unknown> = {
        index,
        emailId: m.emailId,
        to: m.to,
        from: m.from,
        cc: m.cc,
        bcc: m.bcc,
        replyTo: m.replyTo,
        subject: m.subject,
      };
      if (m.attachments.length > 0)
        o.attachments = m.attachments.map((a, i) => ({ index: i, name: a.name, contentType: a.contentType }));
      return o;
    }),
  };
}

/** Java's Integer.parseInt (a NumberFormatException no catch block names). */
function javaInt(v: string): number {
  const n = parseJavaInt(v);
  if (n === undefined) throw new EmailUncaught(`For input string: "${v}"`);
  return n;
}

/** EmailList.getMailboxConfigFromContext. */
function listSettings(get: (n: string) => string | undefined): ListSettings {
  const flag = (n: string): boolean => {
    const v = get(n);
    return v === undefined ? true : v.toLowerCase() === 'true';
  };
  const offset = get('offset');
  const limit = get('limit');
  return {
    folder: get('folder') || 'INBOX',
    deleteAfterRetrieve: (get('deleteAfterRetrieve') ?? '').toLowerCase() === 'true',
    seen: flag('seen'),
    answered: flag('answered'),
    recent: flag('recent'),
    deleted: flag('deleted'),
    receivedSince: get('receivedSince'),
    receivedUntil: get('receivedUntil'),
    sentSince: get('sentSince'),
    sentUntil: get('sentUntil'),
    subjectRegex: get('subjectRegex'),
    fromRegex: get('fromRegex'),
    offset: offset === undefined ? 0 : javaInt(offset),
    limit: limit === undefined ? -1 : javaInt(limit),
  };
}

/** getEmailBody / getEmailAttachment pass the folder as given: IMAPFolder refuses a null name. */
function folderOf(get: (n: string) => string | undefined): string {
  const f = get('folder');
  if (f === undefined) throw new EmailUncaught('java.lang.NullPointerException: Folder name is null');
  return f;
}

const OPERATIONS: Record<string, Spec> = {
  send: {
    cls: 'EmailSend',
    kinds: { connection: 'CONNECTIVITY', pool: 'CONNECTIVITY', config: 'INVALID_CONFIGURATION' },
    withSuccess: true,
    context: () => 'Error occurred while sending the email.',
    async run(conn, op, st) {
      const get = p(op);
      await sendEmail(conn, {
        to: get('to'),
        from: get('from'),
        personalName: get('personalName'),
        cc: get('cc'),
        bcc: get('bcc'),
        replyTo: get('replyTo'),
        subject: inline(st.subject, op),
        content: inline(st.content, op),
        contentType: get('contentType'),
        encoding: get('encoding'),
        contentTransferEncoding: get('contentTransferEncoding'),
        attachments: get('attachments'),
        inlineImages: get('inlineImages'),
        headers: customHeaders(op.ctx),
      });
      return answer(op, operationResult(true));
    },
  },
  list: {
    cls: 'EmailList',
    kinds: { connection: 'CONNECTIVITY', config: 'INVALID_CONFIGURATION', parsing: 'RESPONSE_GENERATION' },
    withSuccess: false,
    context: (get) => `Error occurred while retrieving messages from folder: ${get('folder') || 'INBOX'}.`,
    async run(conn, op) {
      const s = listSettings(p(op));
      const list = await listEmails(conn, s);
      return answer(op, listJson(list));
    },
  },
  getEmailBody: {
    cls: 'EmailGetBody',
    kinds: {
      config: 'INVALID_CONFIGURATION',
      connection: 'EMAIL_CONNECTION_ERROR',
      parsing: 'EMAIL_PARSING_ERROR',
    },
    withSuccess: false,
    context: () => 'Error occurred while retrieving email body.',
    async run(conn, op) {
      const get = p(op);
      const emailId = get('emailId');
      if (emailId === undefined)
        throw new EmailFailure('config', 'Error occurred while retrieving email body. Email Id is not set.');
      const m = await getEmail(conn, emailId, folderOf(get));
      return answer(op, {
        email: {
          emailId: m.emailId,
          to: m.to,
          from: m.from,
          cc: m.cc,
          bcc: m.bcc,
          subject: m.subject,
          replyTo: m.replyTo,
          htmlContent: m.htmlContent,
          textContent: m.textContent,
        },
      });
    },
  },
  getEmailAttachment: {
    cls: 'EmailGetAttachment',
    kinds: { config: 'INVALID_CONFIGURATION', parsing: 'RESPONSE_GENERATION', connection: 'CONNECTIVITY' },
    withSuccess: false,
    context: () => 'Error occurred while retrieving attachment.',
    async run(conn, op) {
      const get = p(op);
      const emailId = get('emailId');
      const index = get('attachmentIndex');
      if (emailId === undefined)
        throw new OperationResultFailure(
          'Error occurred while retrieving attachment. Email Index is not set.',
        );
      const m = await getEmail(conn, emailId, folderOf(get));
      if (index === undefined)
        throw new OperationResultFailure(
          'Error occurred while retrieving attachment. Attachment Index is not set.',
        );
      if (m.attachments.length === 0)
        throw new EmailFailure(
          'config',
          'Failed to retrieve attachment. There are no attachments in the email.',
        );
      const i = javaInt(index);
      const a = m.attachments[i];
      if (!a)
        throw new EmailFailure(
          'config',
          'Failed to retrieve attachment. Invalid index set for attachment index.',
        );
      if (op.overwriteBody) {
        // buildRawResponse: the attachment's bytes become the body, typed with its content type
        // PayloadUtils.setContent, then the attachment's type as messageType, ContentType and Content-Type
        op.ctx.payload.setRaw(a.content, builtType(a.contentType));
        if (builtType(a.contentType) === 'text/plain')
          op.ctx.payload.replaceFirstElement(textElement(a.content));
        op.ctx.axis2.set('ContentType', a.contentType);
        op.ctx.axis2.set('messageType', a.contentType);
        op.ctx.headers.set('Content-Type', a.contentType);
        return;
      }
      return {
        payload: { base64Encoded: a.content.toString('base64') },
        headers: {},
        attributes: { ATTACHMENT_NAME: a.name, ATTACHMENT_TYPE: a.contentType },
      };
    },
  },
  markAsRead: {
    cls: 'EmailMarkAsRead',
    kinds: {
      connection: 'CONNECTIVITY',
      pool: 'CONNECTIVITY',
      notFound: 'EMAIL_NOT_FOUND',
      config: 'INVALID_CONFIGURATION',
    },
    withSuccess: true,
    context: () => 'Error occurred while changing email state.',
    async run(conn, op) {
      const get = p(op);
      const ok = await changeEmailState(conn, get('folder'), get('emailId'), '\\Seen', false);
      return answer(op, operationResult(ok));
    },
  },
  markAsDeleted: {
    cls: 'EmailMarkAsDeleted',
    kinds: { connection: 'CONNECTIVITY', notFound: 'EMAIL_NOT_FOUND', config: 'INVALID_CONFIGURATION' },
    withSuccess: true,
    context: (get) => `Error occurred while marking email as deleted in folder: ${get('folder') ?? 'null'}.`,
    async run(conn, op) {
      const get = p(op);
      const ok = await changeEmailState(conn, get('folder'), get('emailId'), '\\Deleted', false);
      return answer(op, operationResult(ok));
    },
  },
  delete: {
    cls: 'EmailDelete',
    kinds: { connection: 'CONNECTIVITY', notFound: 'EMAIL_NOT_FOUND', config: 'INVALID_CONFIGURATION' },
    withSuccess: true,
    context: (get) => `Error occurred while deleting email from folder: ${get('folder') ?? 'null'}.`,
    async run(conn, op) {
      const get = p(op);
      const ok = await changeEmailState(conn, get('folder'), get('emailId'), '\\Deleted', true);
      return answer(op, operationResult(ok));
    },
  },
  expungeFolder: {
    cls: 'EmailExpungeFolder',
    kinds: { connection: 'CONNECTIVITY', pool: 'CONNECTIVITY', config: 'INVALID_CONFIGURATION' },
    withSuccess: true,
    context: (get) => `Error occurred while expunging folder: ${get('folder') || 'INBOX'}.`,
    async run(conn, op) {
      await expungeFolder(conn, p(op)('folder') || 'INBOX');
      return answer(op, operationResult(true));
    },
  },
};

/**
 * PayloadUtils.setContent (the connector core): text/xml and application/xml are built as XML, application/json as
 * JSON, text/plain and text/csv as text; any other type is kept as binary. (Exact names: a type with parameters is
 * binary.)
 */
function builtType(contentType: string): string {
  switch (contentType.toLowerCase()) {
    case 'text/xml':
    case 'application/xml':
      return 'application/xml';
    case 'application/json':
      return 'application/json';
    case 'text/plain':
    case 'text/csv':
      return 'text/plain';
    default:
      return 'application/octet-stream';
  }
}

/**
 * PayloadUtils.getTextElement: the text (read as UTF-8) in factory.createOMElement(TEXT_ELEMENT), a QName with no
 * prefix, for which Axiom declares a generated one (OMElementImpl.handleNamespace: OMSerializerUtil.getNextNSPrefix,
 * axis2ns<N> of a process-wide counter), not the default namespace PlainTextBuilder's wrapper has.
 */
function textElement(content: Buffer): slimdom.Element {
  const d = new slimdom.Document();
  const el = d.createElementNS(TEXT_NS, 'axis2ns1:text');
  const t = content.toString('utf8');
  if (t !== '') el.appendChild(d.createTextNode(t));
  return el;
}

/** getEmailAttachment's own checks answer generateOperationResult(false, INVALID_CONFIGURATION). */
class OperationResultFailure extends Error {}

// ---- connections ----

/** The connections by name, per runtime (EmailConnectionHandler: the first of a name stays). */
const connectionsOf = perRuntime<EmailConnection>();

const CONNECTION_KEY = 'email.connection';

/** The local entry's connection (read once when all its parameters are static, else per message). */
function entryConnection(c: Connection, ctx: MessageContext): EmailConnection {
  const cached = c.cache.get(CONNECTION_KEY) as EmailConnection | undefined;
  if (cached) return cached;
  const conn = emailConnectionOf((n) => c.params.string(n, ctx));
  if (c.params.names().every((n) => !c.params.has(n) || c.params.literal(n) !== undefined))
    c.cache.set(CONNECTION_KEY, conn);
  return conn;
}

/**
 * EmailConfig.connect (the init before the operation): a refused setting sets ERROR_CODE / ERROR_MESSAGE (no result
 * document, no HTTP_SC) and fails the message; an uncaught Java exception fails it as it is.
 */
function initFailed(op: { ctx: MessageContext; ex: Executor; where: string }, e: unknown): never {
  if (e instanceof EmailFailure) {
    // InvalidConfigurationException, or EmailConnectionException (an OAuth2 token it could not get)
    const connectivity = e.failure === 'connection';
    const err = connectivity ? EMAIL_ERRORS.CONNECTIVITY : EMAIL_ERRORS.INVALID_CONFIGURATION;
    op.ctx.setProperty('ERROR_CODE', err.code);
    op.ctx.setProperty('ERROR_MESSAGE', err.message);
    const context = connectivity
      ? 'An error occurred in email connection creation.'
      : 'Failed to initiate email configuration.';
    op.ex.log('ERROR', 'EmailConfig', undefined, `${context} ${e.message}`);
    throw new MediationError(err.code, err.message, '', op.where);
  }
  if (e instanceof EmailUncaught) throw new MediationError(0, e.message, e.message, op.where);
  throw e;
}

/**
 * The properties each template's sequence sets before its class mediator runs (`<property name="x"
 * expression="$func:x"/>`): the parameter's value, or "" when it is not given. The init template's come first.
 */
const TEMPLATE_PROPERTIES: Record<string, string[]> = {
  init: [
    'host',
    'port',
    'name',
    'username',
    'password',
    'connectionType',
    'readTimeout',
    'connectionTimeout',
    'writeTimeout',
    'requireTLS',
    'checkServerIdentity',
    'trustedHosts',
    'sslProtocols',
    'cipherSuites',
    'maxActiveConnections',
    'maxIdleConnections',
    'maxWaitTime',
    'minEvictionTime',
    'evictionCheckInterval',
    'exhaustedAction',
    'requireAuthentication',
    'enableOAuth2',
    'clientId',
    'clientSecret',
    'refreshToken',
    'scope',
    'tokenUrl',
    'grantType',
  ],
  send: [
    'from',
    'personalName',
    'to',
    'cc',
    'bcc',
    'replyTo',
    'subject',
    'headers',
    'content',
    'contentType',
    'encoding',
    'attachments',
    'inlineImages',
    'contentTransferEncoding',
  ],
  list: [
    'deleteAfterRetrieve',
    'receivedSince',
    'receivedUntil',
    'sentSince',
    'sentUntil',
    'subjectRegex',
    'fromRegex',
    'seen',
    'answered',
    'deleted',
    'recent',
    'offset',
    'limit',
    'folder',
  ],
  getEmailBody: ['emailId', 'folder'],
  getEmailAttachment: ['emailId', 'folder', 'attachmentIndex'],
  markAsRead: ['folder', 'emailId'],
  markAsDeleted: ['folder', 'emailId'],
  delete: ['folder', 'emailId'],
  expungeFolder: ['folder'],
};

function setTemplateProperties(
  ctx: MessageContext,
  template: string,
  get: (n: string) => string | undefined,
): void {
  for (const n of TEMPLATE_PROPERTIES[template] ?? []) ctx.setProperty(n, get(n) ?? '');
}

/** Records a connection under its name (EmailUtils.createConnection: the first of a name stays) and returns it. */
function created(ex: Executor, conn: EmailConnection): EmailConnection {
  const m = connectionsOf(ex);
  if (!m.has(conn.name)) m.set(conn.name, conn);
  return m.get(conn.name)!;
}

/** The local entry's init (configKey): its template's properties, EmailConfig.connect, the connection. */
function initFromEntry(op: OperationRun, c: Connection): EmailConnection {
  const { ctx, ex } = op;
  setTemplateProperties(ctx, 'init', (n) => c.params.string(n, ctx));
  let conn: EmailConnection;
  try {
    conn = entryConnection(c, ctx);
  } catch (e) {
    initFailed(op, e);
  }
  return created(ex, conn);
}

/** An operation without configKey: the connection the property `name` names (EmailUtils.getConnectionName). */
function connectionByName(op: OperationRun): EmailConnection {
  const name = op.ctx.getProperty('name');
  if (name === undefined || name === null) throw new EmailFailure('config', 'Connection name is not set.');
  const conn = connectionsOf(op.ex).get(String(name));
  if (!conn)
    throw new EmailFailure(
      'connection',
      `Error occurred during retrieving connection. Connection ${String(name)} does not exist.`,
    );
  return conn;
}

/** OAuth2: SMTP gets its token when the connection is made (the init); IMAP when the store logs in. */
async function withToken(op: OperationRun, base: EmailConnection): Promise<EmailConnection> {
  if (!base.oauth || !base.requireAuthentication) return base;
  if (base.family !== 'smtp') return { ...base, accessToken: () => accessToken(op.ex, base) };
  let token: string;
  try {
    token = await accessToken(op.ex, base);
  } catch (e) {
    initFailed(op, e);
  }
  return { ...base, accessToken: () => Promise.resolve(token) };
}

/** AbstractEmailConnectorOperation.getMediatorParameter(…, isOptional false). */
function required(op: OperationRun, name: string): void {
  const v = op.params.string(name, op.ctx);
  if (v === undefined || v === '')
    throw new MediationError(0, `Parameter ${name} is not provided`, '', op.where);
}

/**
 * One operation as MI runs `<email.x configKey="c">`: the init template (properties, connection, OAuth2 token), the
 * operation template's properties, the connector's required responseVariable / overwriteBody, then the operation,
 * its failures mapped by the operation's own catch blocks.
 */
async function runEmailOperation(
  name: string,
  spec: Spec,
  op: OperationRun,
  state: State,
): Promise<ConnectorResponse | void> {
  const get = p(op);
  let conn = op.connection ? await withToken(op, initFromEntry(op, op.connection)) : undefined;
  setTemplateProperties(op.ctx, name, get);
  required(op, 'responseVariable');
  required(op, 'overwriteBody');
  try {
    conn ??= await withToken(op, connectionByName(op));
    return await spec.run(conn, op, state);
  } catch (e) {
    if (e instanceof MediationError) throw e;
    if (e instanceof OperationResultFailure) fail(op, spec, 'INVALID_CONFIGURATION', true, e.message);
    if (e instanceof EmailUncaught) {
      op.ex.log('ERROR', spec.cls, undefined, `${spec.context(get)} ${e.message}`);
      throw new MediationError(0, e.message, e.message, op.where);
    }
    const failureKind = e instanceof PoolFailure ? 'pool' : e instanceof EmailFailure ? e.failure : undefined;
    const kind = failureKind ? spec.kinds[failureKind] : undefined;
    if (kind) fail(op, spec, kind, spec.withSuccess, `${spec.context(get)} ${(e as Error).message}`);
    // a failure the operation's catch blocks do not name (the store connection for list, getEmailBody…)
    const message = (e as Error)?.message ?? String(e);
    op.ex.log('ERROR', spec.cls, undefined, message);
    throw new MediationError(0, message, message, op.where);
  }
}

/** handleConnectorResponse of the error document, the error properties, then handleException. */
function fail(
  op: OperationRun,
  spec: Spec,
  kind: EmailErrorKind,
  withSuccess: boolean,
  logText: string,
): never {
  const { ctx } = op;
  const json = withSuccess ? operationResult(false, kind) : errorResult(kind);
  if (op.overwriteBody) setJsonBody(ctx, json);
  else if (op.responseVariable !== undefined)
    ctx.vars.set(op.responseVariable, connectorResponseValue({ payload: json, headers: {} }, false));
  ctx.axis2.set('HTTP_SC', '500');
  op.ex.log('ERROR', spec.cls, undefined, logText);
  throw new MediationError(EMAIL_ERRORS[kind].code, EMAIL_ERRORS[kind].message, '', op.where);
}

// ---- load-time check and the inline init ----

/** The `{…}`-free parameters of an init element, as written. */
function literalParams(init: XmlElement): (n: string) => string | undefined {
  const m = new Map<string, string | null>();
  for (const c of childElements(init)) {
    const t = textContent(c);
    m.set(c.local, t === '' ? undefined! : /^\{.*\}$/s.test(t) ? null : t);
  }
  return (n) => {
    const v = m.get(n);
    if (v === null) throw new DynamicValue();
    return v;
  };
}

class DynamicValue extends Error {}

/**
 * At load: a connection the connector will refuse (a missing host, a port that is not a number, an unknown
 * connectionType…) is an RT_EMAIL_CONNECTION warning at the init element, with the connector's own message. MI
 * deploys the local entry (LocalEntryDeployer builds an endpoint only for `<http.init>`); its operations fail when
 * a message reaches them (EMAIL:INVALID_CONFIGURATION). (Not RT_BAD_CONNECTION: that is the error of an
 * `<http.init>` MI refuses to deploy.)
 */
export function checkEmailConnection(init: XmlElement, cc: CompileCtx, key: string): void {
  OperationParams.compileConnection(init, cc, 'RT_EMAIL_CONNECTION', `The email connection '${key}'`);
  try {
    emailConnectionOf(literalParams(init));
  } catch (e) {
    if (e instanceof DynamicValue) return;
    cc.unsupported(
      init,
      `The email connection '${key}' will be refused when an operation runs: ${(e as Error).message}`,
      'RT_EMAIL_CONNECTION',
    );
    return;
  }
}

registerConnectionCheck('email', checkEmailConnection);

registerMediator('email.init', (el, cc) => {
  const params = OperationParams.compile(el, cc);
  const pos = cc.pos(el);
  const where = `${pos.file}:${pos.line}`;
  return {
    name: el.local,
    ...pos,
    contentAware: params.payloadAware,
    mediate(ctx, ex) {
      const get = (n: string): string | undefined => params.string(n, ctx);
      setTemplateProperties(ctx, 'init', get);
      let conn: EmailConnection;
      try {
        conn = emailConnectionOf(get);
      } catch (e) {
        initFailed({ ctx, ex, where }, e);
      }
      created(ex, conn);
      return true;
    },
  };
});

for (const [name, spec] of Object.entries(OPERATIONS))
  registerConnectorOperation<State>({
    connector: 'email',
    operation: name,
    // without configKey the connection is the one the property `name` names (an inline <email.init> before)
    needsConnection: false,
    prepare: (el, cc, params) =>
      name === 'send'
        ? {
            subject: InlineText.of(params, 'subject', el, cc),
            content: InlineText.of(params, 'content', el, cc),
          }
        : {},
    run: (op, state) => runEmailOperation(name, spec, op, state),
  });
