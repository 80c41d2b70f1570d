/**
 * MI 4.4's HTTP connector (wso2-extensions mi-connector-http): `<http.get|post|put|delete|patch|head|options
 * configKey="conn">` with an `<http.init>` connection. Each operation does what its template does
 * (functions/<op>.xml), in one mediator:
 *
 * 1. the connection's init (config/init.xml): httpConnectorConnectionName, httpConnectorConnectionEndpointName
 *    (name + _INTERNAL_ENDPOINT_REFERENCE), HTTP_CONN_BASE_PATH (baseUrl) and APPEND_ARTIFACT_IDENTIFIER;
 * 2. the transport parameters as axis2 properties (forceScAccepted -> FORCE_SC_ACCEPTED, noEntityBody ->
 *    NO_ENTITY_BODY, nonErrorHttpStatusCodes -> non.error.http.status.codes, …);
 * 3. RestURLBuilder: the `headers` JSON array into the transport headers, the request body (requestBodyType
 *    JSON/XML/TEXT) into the payload with its content type, and uri.var.base / uri.var.path / uri.var.query from
 *    baseUrl and relativePath (`${…}` inline expressions resolved in relativePath, headers and the body);
 * 4. HTTP_METHOD (axis2), REST_URL_POSTFIX removed, and a non-blocking call to the connection's endpoint (the
 *    runtime's own sender: timeouts, suspension, errors as for any endpoint);
 * 5. the template's clean-up: the uri.var.* and HTTP_CONN_* properties removed.
 *
 * What the response does to the message (responseVariable / overwriteBody) is the shared layer's (../operation.ts).
 */
import type { MessageContext } from '../../context';
import { MediationError } from '../../errors';
import type { Executor } from '../../executor';
import { registerConnectorOperation, type OperationRun } from '../operation';
import { OperationParams } from '../params';
import {
  checkHttpConnection,
  connectionEndpointOf,
  endpointOf,
  ENDPOINT_SUFFIX,
  type HttpConnectionEndpoint,
} from './endpoint';
import { InlineText, applyHeaders, applyRequestBody, joinUrl } from './request';
import { callWithOAuth, type OAuthConfig } from './oauth';
import type { Connection } from '../connection';
import type { EndpointDef, LeafEndpointDef } from '../../model';
import { registerConnectionCheck, registerMediator, type CompileCtx } from '../../compile';
import type { XmlElement } from '../../../../core/xml';
import { basicAuthorization } from '../../endpointAuth';

/** Template parameter -> axis2 property (and its type), in the order the templates set them. */
const TRANSPORT_PARAMS: [param: string, property: string, boolean: boolean][] = [
  ['postToUri', 'POST_TO_URI', false],
  ['forceScAccepted', 'FORCE_SC_ACCEPTED', false],
  ['disableChunking', 'DISABLE_CHUNKING', false],
  ['noEntityBody', 'NO_ENTITY_BODY', true],
  ['forceHttp10', 'FORCE_HTTP_1.0', false],
  ['httpSc', 'HTTP_SC', false],
  ['nonErrorHttpStatusCodes', 'non.error.http.status.codes', false],
  ['httpScDesc', 'HTTP_SC_DESC', false],
  ['faultsAsHttp200', 'FAULTS_AS_HTTP_200', false],
  ['noKeepAlive', 'NO_KEEPALIVE', false],
  ['requestHostHeader', 'REQUEST_HOST_HEADER', false],
  ['forcePostPutNobody', 'FORCE_POST_PUT_NOBODY', true],
  ['forceHttpContentLength', 'FORCE_HTTP_CONTENT_LENGTH', false],
  ['copyContentLengthFromIncoming', 'COPY_CONTENT_LENGTH_FROM_INCOMING', false],
];

/** Transport parameters whose property the answer sets itself (kept after the call). */
const ANSWER_OWNED = new Set(['HTTP_SC', 'HTTP_SC_DESC', 'NO_ENTITY_BODY']);

/** The synapse properties the templates remove after the call. */
const REMOVED_AFTER = [
  'uri.var.base',
  'uri.var.path',
  'uri.var.query',
  'HTTP_CONN_BASE_PATH',
  'HTTP_CONN_RELATIVE_PATH',
  'HTTP_CONN_HEADERS',
  'HTTP_CONN_REQUEST_BODY_TYPE',
  'HTTP_CONN_REQUEST_BODY_JSON',
  'HTTP_CONN_REQUEST_BODY_XML',
  'HTTP_CONN_REQUEST_BODY_TEXT',
];

interface Prepared {
  relativePath: InlineText | undefined;
  headers: InlineText | undefined;
  /** The body parameters (only the body operations read them). */
  bodyJson: InlineText | undefined;
  bodyXml: InlineText | undefined;
  bodyText: InlineText | undefined;
  method: string;
  withBody: boolean;
}

function prepare(method: string, withBody: boolean) {
  return (el: XmlElement, cc: CompileCtx, params: OperationParams): Prepared => {
    const inline = (name: string) => InlineText.of(params, name, el, cc);
    return {
      relativePath: inline('relativePath'),
      headers: inline('headers'),
      bodyJson: withBody ? inline('requestBodyJson') : undefined,
      bodyXml: withBody ? inline('requestBodyXml') : undefined,
      bodyText: withBody ? inline('requestBodyText') : undefined,
      method,
      withBody,
    };
  };
}

/** The connection's init template (config/init.xml): the properties the operation templates read. */
function runInit(ctx: MessageContext, params: OperationParams): void {
  const props = ctx.props;
  const name = params.string('name', ctx) ?? '';
  props.set('httpConnectorConnectionName', name);
  props.set('httpConnectorConnectionEndpointName', name + ENDPOINT_SUFFIX);
  props.set('HTTP_CONN_BASE_PATH', params.string('baseUrl', ctx) ?? '');
  props.set('APPEND_ARTIFACT_IDENTIFIER', true);
}

function propString(v: unknown): string {
  return v === undefined || v === null ? '' : typeof v === 'string' ? v : String(v);
}

function run(op: OperationRun, p: Prepared): Promise<void> {
  const { ctx, ex, params, connection } = op;
  const props = ctx.props;
  // with configKey the connection's init runs first (InvokeMediator: the key's invoke); without, the operation
  // reads what an inline <http.init> earlier in the flow left on the message
  if (connection) runInit(ctx, connection.params);
  const baseUrl = propString(props.get('HTTP_CONN_BASE_PATH'));
  const endpointName = propString(props.get('httpConnectorConnectionEndpointName'));
  // the operation template: its parameters as properties
  const relativePath = p.relativePath?.render(ctx, params) ?? '';
  const headers = p.headers?.render(ctx, params);
  const bodyType = p.withBody ? (params.string('requestBodyType', ctx) ?? '') : '';
  setOrDelete(props, 'HTTP_CONN_RELATIVE_PATH', params.string('relativePath', ctx));
  setOrDelete(props, 'HTTP_CONN_HEADERS', params.string('headers', ctx));
  if (p.withBody) {
    setOrDelete(props, 'HTTP_CONN_REQUEST_BODY_TYPE', params.string('requestBodyType', ctx));
    setOrDelete(props, 'HTTP_CONN_REQUEST_BODY_JSON', params.string('requestBodyJson', ctx));
    setOrDelete(props, 'HTTP_CONN_REQUEST_BODY_XML', params.string('requestBodyXml', ctx));
    setOrDelete(props, 'HTTP_CONN_REQUEST_BODY_TEXT', params.string('requestBodyText', ctx));
  }
  let requestOnly: string[] | undefined;
  for (const [param, property, bool] of TRANSPORT_PARAMS) {
    const v = params.string(param, ctx);
    // (an absent parameter: MI's property mediator sets an empty value, which no sender reads as set)
    if (v === undefined || v === '') continue;
    ctx.axis2.set(property, bool ? v.toLowerCase() === 'true' : v);
    if (!ANSWER_OWNED.has(property)) (requestOnly ??= []).push(property);
  }
  // RestURLBuilder.connect: headers, then the body, then the address
  if (headers !== undefined && headers !== '') applyHeaders(ctx, headers, op.where);
  if (bodyType !== '') {
    const body = requestBody(ctx, params, p);
    applyRequestBody(ctx, bodyType, body, op.where);
  }
  const url = joinUrl(baseUrl, relativePath);
  props.set('uri.var.base', url.base);
  props.set('uri.var.path', url.path);
  props.set('uri.var.query', '');
  ctx.axis2.set('HTTP_METHOD', p.method);
  ctx.axis2.delete('REST_URL_POSTFIX');
  const target = connection ? configuredEndpoint(connection, op) : endpointByName(ex, endpointName);
  if (target instanceof Promise) return target;
  const [def, own] = target;
  // BasicAuthConfiguredHTTPEndpoint: the Authorization header goes into the transport headers before sending
  if (own?.basicAuth) ctx.headers.set('Authorization', basicAuthorization(own.basicAuth, ctx));
  return callThen(op, def, own?.oauth, requestOnly);
}

/** The endpoint to call, and what its connection adds to a call (authentication), when it is a connection's. */
type Target = [def: EndpointDef, own: HttpConnectionEndpoint | undefined];

/** The endpoint of the configKey connection (`<call><endpoint key-expression="$ctx:httpConnectorConnectionEndpointName"/>`). */
function configuredEndpoint(conn: Connection, op: OperationRun): Target | Promise<never> {
  const name = conn.params.string('name', op.ctx) ?? '';
  const ep = endpointOf(conn);
  // a connection whose endpoint failed to deploy: MI's entry is there (LocalEntryDeployer adds it first), its endpoint
  // is not, and the template's `<endpoint key-expression>` finds none (ResolvingEndpoint.sendMessage's informFailure)
  if (!ep.endpoint)
    return Promise.reject(
      new MediationError(
        305100,
        `Couldn't find the endpoint with the key : ${name}${ENDPOINT_SUFFIX}`,
        op.where,
      ),
    );
  if (ep.endpoint.name !== name + ENDPOINT_SUFFIX)
    return Promise.reject(
      new MediationError(305100, `Endpoint '${name}${ENDPOINT_SUFFIX}' is not deployed`, op.where),
    );
  return [ep.endpoint, ep];
}

/**
 * Without configKey: the endpoint the key-expression names, looked up as any endpoint key (a local-entry connection
 * of that `<name>` deploys it; an inline `<http.init>` deploys none). Missing: ResolvingEndpoint's fault, 305100
 * "Couldn't find the endpoint with the key : …".
 */
function endpointByName(ex: Executor, key: string): Target | Promise<never> {
  const def = key === '' ? undefined : ex.reg.endpoint(key);
  if (!def)
    return Promise.reject(new MediationError(305100, `Couldn't find the endpoint with the key : ${key}`));
  return [def, connectionEndpointOf(def)];
}

async function callThen(
  op: OperationRun,
  def: EndpointDef,
  oauth: OAuthConfig | undefined,
  requestOnly: string[] | undefined,
): Promise<void> {
  const { ex, ctx } = op;
  ctx.answerRawHeaders = undefined;
  if (oauth) await callWithOAuth(oauth, def as LeafEndpointDef, ex, ctx);
  else await ex.callEndpoint({ inline: def }, ctx);
  // the template goes on with the answer's message context (ClientWorker's new axis2 context): the transport
  // properties set on the request before the call are not there any more (a later operation does not inherit
  // forceHttp10, postToUri, …); a failed call leaves them, as MI's fault handling runs on the request
  if (requestOnly) for (const n of requestOnly) ctx.axis2.delete(n);
  // the answer's headers as MI keeps them (TargetResponse, ClientWorker: the message's view of the answer's lines,
  // Headers.setAnswer), for the response variable
  if (op.responseVariable !== undefined && ctx.answerRawHeaders) op.answerHeaders = ctx.headers.toObject();
  const props = ctx.props;
  for (const n of REMOVED_AFTER) props.delete(n);
}

/** RestURLBuilder.getRequestBody: JSON (surrounding single quotes dropped), else XML, else text, else nothing. */
function requestBody(ctx: MessageContext, params: OperationParams, p: Prepared): string {
  const json = params.string('requestBodyJson', ctx);
  if (json !== undefined && json !== '') {
    const t = p.bodyJson!.render(ctx, params);
    // (the quotes are looked for on the value as written; a value an expression gives keeps its own)
    return json.length >= 2 && json.startsWith("'") && json.endsWith("'") ? t.slice(1, -1) : t;
  }
  const xml = params.string('requestBodyXml', ctx);
  if (xml !== undefined && xml !== '') return p.bodyXml!.render(ctx, params);
  const text = params.string('requestBodyText', ctx);
  if (text !== undefined && text !== '') return p.bodyText!.render(ctx, params);
  return '';
}

function setOrDelete(m: Map<string, unknown>, k: string, v: string | undefined): void {
  if (v === undefined) m.delete(k);
  else m.set(k, v);
}

const OPERATIONS: [op: string, method: string, withBody: boolean][] = [
  ['get', 'GET', false],
  ['post', 'POST', true],
  ['put', 'PUT', true],
  ['delete', 'DELETE', false],
  ['patch', 'PATCH', true],
  // (the head and options templates read a request body too; the delete template does not)
  ['head', 'HEAD', true],
  ['options', 'OPTIONS', true],
];

for (const [operation, method, withBody] of OPERATIONS)
  registerConnectorOperation<Prepared>({
    connector: 'http',
    operation,
    // (without configKey an operation reads the connection an inline <http.init> left on the message)
    needsConnection: false,
    prepare: prepare(method, withBody),
    run,
  });

registerConnectionCheck('http', checkHttpConnection);

/**
 * An `<http.init>` in a sequence (Integration Studio style): an InvokeMediator of the init template, which only sets
 * httpConnectorConnectionName, httpConnectorConnectionEndpointName, HTTP_CONN_BASE_PATH and
 * APPEND_ARTIFACT_IDENTIFIER on the message. It deploys no endpoint (only a local-entry connection does, in
 * LocalEntryDeployer): the operations after it call `<name>_INTERNAL_ENDPOINT_REFERENCE` by name, with its baseUrl.
 */
registerMediator('http.init', (el, cc) => {
  const params = OperationParams.compile(el, cc);
  return {
    name: el.local,
    contentAware: params.payloadAware,
    ...cc.pos(el),
    mediate(ctx) {
      runInit(ctx, params);
      return true;
    },
  };
});
