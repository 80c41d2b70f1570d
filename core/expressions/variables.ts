/** Variables (XPath) and roots (Synapse expressions) the tools know, with one-line docs in our words. */

export interface VariableInfo {
  /** As written, e.g. `$body`, `$ctx:`, `payload`. */
  label: string;
  doc: string;
}

/** Unprefixed XPath variables. */
export const XPATH_PLAIN_VARIABLES: ReadonlyMap<string, string> = new Map([
  ['body', 'The SOAP Body element ($body/*[1] is the payload root; jsonObject for JSON payloads).'],
  ['header', 'The SOAP Header element.'],
  ['env', "The whole SOAP Envelope (not environment variables: use get-property('env', NAME))."],
]);

/** Prefixes of XPath variables (`$ctx:name`) and what they read. */
export const XPATH_VARIABLE_PREFIXES: ReadonlyMap<string, string> = new Map([
  ['ctx', 'A default-scope (synapse) message property, e.g. $ctx:uri.var.id or $ctx:ERROR_MESSAGE.'],
  ['var', 'A variable set by the variable mediator (MI 4.4).'],
  ['axis2', 'An axis2-scope property, e.g. $axis2:HTTP_SC.'],
  ['trp', 'A transport (HTTP) header, case-insensitive.'],
  ['url', 'A query parameter of the request URL.'],
  ['func', 'A parameter of the current template.'],
  ['operation', 'An operation-scope property.'],
  ['sys', 'A system property of the runtime.'],
  ['config', 'A configuration value of the project (config.properties, or an environment variable).'],
]);

export const XPATH_VARIABLES: readonly VariableInfo[] = [
  ...[...XPATH_PLAIN_VARIABLES].map(([k, doc]) => ({ label: `$${k}`, doc })),
  ...[...XPATH_VARIABLE_PREFIXES].map(([k, doc]) => ({ label: `$${k}:`, doc })),
];

/** Roots of the Synapse expression language. */
export const SYNAPSE_ROOTS: ReadonlyMap<string, string> = new Map([
  ['payload', 'The JSON payload, navigated like JSONPath: payload.order.id, payload.items[0].'],
  ['$', 'Same as payload.'],
  ['vars', 'Variables: vars.total, vars["my var"].'],
  ['headers', 'Transport headers: headers.Host, headers["Content-Type"].'],
  ['props', 'Properties by scope: props.synapse.name, props.axis2.HTTP_SC.'],
  ['properties', 'Same as props.'],
  ['params', 'Parameters: params.pathParams.x, params.queryParams.x, params.functionParams.x.'],
  ['configs', 'Configuration values of the project: configs.backendUrl.'],
]);

/** Pre-GA spellings and their released form. */
export const SYNAPSE_LEGACY_ROOTS: ReadonlyMap<string, string> = new Map([
  ['var', 'vars'],
  ['config', 'configs'],
]);

export const SYNAPSE_PROPERTY_SCOPES: ReadonlyMap<string, string> = new Map([
  ['synapse', 'Default (synapse) scope property.'],
  ['axis2', 'Axis2 scope property (HTTP_SC, messageType, REST_URL_POSTFIX...).'],
]);

export const SYNAPSE_PARAM_KINDS: ReadonlyMap<string, string> = new Map([
  ['pathParams', 'URI-template variables of the matched API resource.'],
  ['queryParams', 'Query parameters of the request.'],
  ['functionParams', 'Parameters of the current template.'],
]);

export const SYNAPSE_LEGACY_PARAM_KINDS: ReadonlyMap<string, string> = new Map([['uriParams', 'pathParams']]);

export const SYNAPSE_ROOT_LIST: readonly VariableInfo[] = [...SYNAPSE_ROOTS].map(([label, doc]) => ({
  label,
  doc,
}));

/** Words that cannot be used as plain keys after a dot (use ["..."] instead). */
export const SYNAPSE_RESERVED = new Set([
  'vars',
  'payload',
  'headers',
  'configs',
  'params',
  'props',
  'properties',
  'in',
  'nin',
  'subsetof',
  'anyof',
  'noneof',
  'size',
  'empty',
]);
