/**
 * A project's deployment/deployment.toml, read as MI's config tool turns it into synapse.properties: the server-wide
 * CORS keys and the JSON writer's settings (`[synapse_properties]`, and the `[mediation]` keys its key mappings
 * name). Read once when the project loads.
 */
import { readFileSync } from 'node:fs';
import { parse as parseToml, TomlError } from 'smol-toml';
import { DEFAULT_CORS, type CorsConfig } from './cors';
import type { LoadProblem } from './errors';
import { javaRegExp } from './javaRegex';
import type { JsonOutputSettings } from './jsonxml';
import {
  deploymentTomlPath,
  propertiesValue,
  tableValue,
  XPATH_DOM_FAILOVER_MEDIATION_KEY,
  XPATH_DOM_FAILOVER_PROPERTY,
} from '../../core/project/deploymentToml';

const CORS_ENABLED = 'synapse.rest.CORSConfig.enabled';
const CORS_ORIGINS = 'synapse.rest.CORSConfig.Access-Control-Allow-Origin';
const CORS_HEADERS = 'synapse.rest.CORSConfig.Access-Control-Allow-Headers';

export const DEPLOYMENT_TOML_CODE = 'RT_DEPLOYMENT_TOML';

/**
 * Reads the CORS keys and the JSON writer settings of deployment/deployment.toml `[synapse_properties]` (MI's
 * config tool writes each as `key = value` into synapse.properties; SynapsePropertiesLoader trims a value and takes
 * an empty one as unset; Boolean.valueOf reads "true" in any case as true, anything else as false). No file: MI's
 * defaults. A file that is no TOML is a warning (file, line, RT_DEPLOYMENT_TOML) and the defaults apply.
 */
export function readDeploymentToml(root: string): {
  cors: CorsConfig;
  json: JsonOutputSettings;
  warnings: LoadProblem[];
  /** `expose.versioned.services`: versioned CARs' APIs and proxies are served under their versioned names. */
  exposeVersionedServices?: boolean;
  /** `[[transport.rabbitmq.listener]]`: the rabbitmq transport receiver's connection factories, by name. */
  rabbitmqListeners?: Map<string, Record<string, string>>;
  /** `[[transport.mail.sender]]`: the mail transport senders (mailto: addresses), by name. */
  mailSenders?: Map<string, Record<string, string>>;
  /** `[transport.mqtt] sender.enable`: MI's MqttSender is configured (axis2.xml.j2: `== true`). */
  mqttSender?: boolean;
  /** `[transport.mail.listener] enable`: the mailto transport receiver is configured (axis2.xml.j2). */
  mailListener?: boolean;
  /** The blocking client's (`call blocking="true"`, callout) `[[transport.blocking.mail.sender]]` and listener. */
  blockingMail?: { senders?: Map<string, Record<string, string>>; listener: boolean };
  /** synapse.xpath.dom.failover.enabled: XPath 2.0 through the DOM failover (SynapseXPath: `"true".equals`). */
  xpathDomFailover?: boolean;
  /** `[transport.http] socket_timeout` (key-mappings.json: passthru-http.properties http.socket.timeout), in ms. */
  socketTimeoutMs?: number;
  /** synapse.timeout_handler_interval (SynapseConfigUtils.getTimeoutHandlerInterval: Long.parseLong), in ms. */
  timeoutHandlerIntervalMs?: number;
} {
  const file = deploymentTomlPath(root);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { cors: DEFAULT_CORS, json: {}, warnings: [] };
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (e) {
    const t = e instanceof TomlError ? e : undefined;
    const message = (e as Error).message.split('\n')[0];
    return {
      cors: DEFAULT_CORS,
      json: {},
      warnings: [
        {
          file,
          line: t?.line ?? 1,
          column: t?.column ?? 1,
          code: DEPLOYMENT_TOML_CODE,
          message: `deployment.toml is not valid TOML (${message}); its settings are not applied`,
        },
      ],
    };
  }
  const warnings: LoadProblem[] = [];
  const rabbitmqListeners = rabbitmqListenersOf(doc);
  const mailSenders = parameterGroupsOf(doc, 'mail.sender', MAIL_SENDER_KEYS);
  const mailListener = tableValue(doc.transport, 'mail.listener.enable') === true;
  const mqttSender = tableValue(doc.transport, 'mqtt.sender.enable') === true;
  // (axis2_blocking_client.xml.j2; key-mappings.json maps the same short keys for it)
  const blockingMail = {
    senders: parameterGroupsOf(doc, 'blocking.mail.sender', MAIL_SENDER_KEYS),
    listener: tableValue(doc.transport, 'blocking.mail.listener.enable') === true,
  };
  const props = doc.synapse_properties;
  const value = (key: string): string | undefined => {
    // a [mediation] key MI's config tool maps to this property (key-mappings.json) wins over [synapse_properties]
    const mapped = MEDIATION_KEYS[key];
    const v =
      (mapped !== undefined ? tableValue(doc.mediation, mapped) : undefined) ?? tableValue(props, key);
    if (v === undefined) return undefined;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') {
      const s = propertiesValue(String(v)).trim();
      return s === '' ? undefined : s;
    }
    warnings.push({
      file,
      line: lineOfKey(text, key),
      column: 1,
      code: DEPLOYMENT_TOML_CODE,
      message: `[synapse_properties] '${key}' is not a single value; it is not applied`,
    });
    return undefined;
  };
  const json = jsonOutputSettingsOf(value, (key, message) =>
    warnings.push({ file, line: lineOfKey(text, key), column: 1, code: DEPLOYMENT_TOML_CODE, message }),
  );
  // SynapsePropertiesLoader.getBooleanProperty(EXPOSE_VERSIONED_SERVICES, false)
  const exposeVersionedServices = value('expose.versioned.services')?.toLowerCase() === 'true';
  // SynapseXPath.stringValueOf: "true".equals(synapse.xpath.dom.failover.enabled), case and all
  const xpathDomFailover = value(XPATH_DOM_FAILOVER_PROPERTY) === 'true';
  // PassThroughConfiguration reads http.socket.timeout as an int (ConfigurationBuilderUtil.getIntProperty)
  const socket = tableValue(doc.transport, 'http.socket_timeout');
  const socketTimeoutMs =
    (typeof socket === 'number' || typeof socket === 'string') && /^\s*\d+\s*$/.test(String(socket))
      ? Number(String(socket).trim())
      : undefined;
  // (a value Long.parseLong refuses, or one java.util.Timer refuses as a period, is left at the default here)
  const interval = value('synapse.timeout_handler_interval');
  const timeoutHandlerIntervalMs =
    interval !== undefined && /^\+?\d+$/.test(interval) && Number(interval) > 0
      ? Number(interval)
      : undefined;
  return {
    xpathDomFailover,
    socketTimeoutMs,
    timeoutHandlerIntervalMs,
    cors: corsOf(value),
    json,
    warnings,
    exposeVersionedServices,
    rabbitmqListeners,
    mailSenders,
    mailListener,
    mqttSender,
    blockingMail,
  };
}

/** The global CORS configuration of [synapse_properties] (synapse.rest.CORSConfig.*; the default when not set). */
function corsOf(value: (key: string) => string | undefined): CorsConfig {
  const enabled = value(CORS_ENABLED);
  if (enabled !== undefined && enabled.toLowerCase() !== 'true')
    return { enabled: false, origins: new Set(), headers: '' };
  const origins = value(CORS_ORIGINS);
  const headers = value(CORS_HEADERS);
  if (origins === undefined && headers === undefined) return DEFAULT_CORS;
  return {
    enabled: true,
    // String.split(","): trailing empty strings are dropped
    origins: new Set(
      origins === undefined
        ? []
        : origins
            .replace(/,+$/, '')
            .split(',')
            .map((o) => o.trim()),
    ),
    headers: headers ?? '',
  };
}

/**
 * deployment.toml's `[[transport.rabbitmq.listener]]` tables as MI's config tool writes them into axis2.xml's
 * rabbitmq transportReceiver (axis2.xml.j2): one parameter group per `name`, each `parameter.KEY` under the name
 * key-mappings.json gives it (hostname -> rabbitmq.server.host.name, ...), any other key as written.
 */
function rabbitmqListenersOf(doc: Record<string, unknown>): Map<string, Record<string, string>> | undefined {
  return parameterGroupsOf(doc, 'rabbitmq.listener', RABBITMQ_LISTENER_KEYS);
}

/**
 * `[[transport.<key>]]` tables as axis2.xml.j2 writes them: one parameter group per `name`, each `parameter.KEY`
 * under the name key-mappings.json gives it, any other key as written.
 */
function parameterGroupsOf(
  doc: Record<string, unknown>,
  key: string,
  names: Record<string, string>,
): Map<string, Record<string, string>> | undefined {
  const list = tableValue(doc.transport, key);
  if (!Array.isArray(list)) return undefined;
  const out = new Map<string, Record<string, string>>();
  for (const l of list as unknown[]) {
    if (typeof l !== 'object' || l === null) continue;
    const t = l as Record<string, unknown>;
    if (typeof t.name !== 'string') continue;
    const params: Record<string, string> = {};
    const flat = (o: unknown, prefix: string) => {
      if (typeof o !== 'object' || o === null) return;
      for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
        const key = prefix + k;
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) flat(v, `${key}.`);
        else if (v !== undefined && v !== null) params[names[key] ?? key] = String(v);
      }
    };
    flat(t.parameter, '');
    out.set(t.name, params);
  }
  return out;
}

/** key-mappings.json's `transport.mail.sender:parameter.*` short names. */
const MAIL_SENDER_KEYS: Record<string, string> = {
  hostname: 'mail.smtp.host',
  port: 'mail.smtp.port',
  enable_tls: 'mail.smtp.starttls.enable',
  auth: 'mail.smtp.auth',
  username: 'mail.smtp.user',
  password: 'mail.smtp.password',
  from: 'mail.smtp.from',
};

/** key-mappings.json's `transport.rabbitmq.listener:parameter.*` short names. */
const RABBITMQ_LISTENER_KEYS: Record<string, string> = {
  hostname: 'rabbitmq.server.host.name',
  port: 'rabbitmq.server.port',
  username: 'rabbitmq.server.user.name',
  password: 'rabbitmq.server.password',
  connection_factory: 'rabbitmq.connection.factory',
  exchange_name: 'rabbitmq.exchange.name',
  queue_name: 'rabbitmq.queue.name',
  queue_auto_ack: 'rabbitmq.queue.auto.ack',
  consumer_tag: 'rabbitmq.consumer.tag',
  channel_consumer_qos: 'rabbitmq.channel.consumer.qos',
  durable: 'rabbitmq.queue.durable',
  queue_exclusive: 'rabbitmq.queue.exclusive',
  queue_auto_delete: 'rabbitmq.queue.auto.delete',
  queue_routing_key: 'rabbitmq.queue.routing.key',
  queue_auto_declare: 'rabbitmq.queue.autodeclare',
  exchange_auto_declare: 'rabbitmq.exchange.autodeclare',
  exchange_type: 'rabbitmq.exchange.type',
  exchange_durable: 'rabbitmq.exchange.durable',
  exchange_auto_delete: 'rabbitmq.exchange.auto.delete',
  message_content_type: 'rabbitmq.message.content.type',
  retry_interval: 'rabbitmq.connection.retry.interval',
  retry_count: 'rabbitmq.connection.retry.count',
  connection_pool_size: 'rabbitmq.connection.pool.size',
  ssl_enable: 'rabbitmq.connection.ssl.enabled',
  ssl_version: 'rabbitmq.connection.ssl.version',
  keystore_location: 'rabbitmq.connection.ssl.keystore.location',
  keystore_type: 'rabbitmq.connection.ssl.keystore.type',
  keystore_password: 'rabbitmq.connection.ssl.keystore.password',
  truststore_location: 'rabbitmq.connection.ssl.truststore.location',
  truststore_type: 'rabbitmq.connection.ssl.truststore.type',
  truststore_password: 'rabbitmq.connection.ssl.truststore.password',
  virtual_host: 'rabbitmq.server.virtual.host',
};

/**
 * The [mediation] keys of deployment.toml MI's config tool writes into synapse.properties as the JSON writer's
 * settings (distribution config-tool key-mappings.json), by the property they set.
 */
const MEDIATION_KEYS: Record<string, string> = {
  'synapse.commons.json.preserve.namespace': 'synapse.preserve_namespace_on_xml_to_json',
  'synapse.commons.enableXmlNilReadWrite': 'synapse.enable_xml_nil',
  'synapse.commons.json.output.disableAutoPrimitive.regex': 'synapse.disable_auto_primitive_regex',
  'synapse.commons.json.json.output.disableAutoPrimitive.customReplaceRegex':
    'synapse.disable_custom_replace_regex',
  'synapse.commons.json.output.enableNSDeclarations': 'synapse.enable_namespace_declaration',
  'synapse.commons.json.buildValidNCNames': 'synapse.build_valid_nc_name',
  'synapse.commons.json.output.autoPrimitive': 'synapse.enable_auto_primitive',
  'synapse.commons.json.output.jsonoutAutoArray': 'synapse.json_out_auto_array',
  [XPATH_DOM_FAILOVER_PROPERTY]: XPATH_DOM_FAILOVER_MEDIATION_KEY,
};

/**
 * MI's JSON writer settings from synapse.properties, read as JsonUtil.generateJSONOutputFactory reads them
 * (Boolean.parseBoolean: "true" in any case is true; the separator is the value's first character; a regex that does
 * not compile is a warning and is not applied, where MI fails to start its JSON support).
 */
function jsonOutputSettingsOf(
  value: (key: string) => string | undefined,
  warn: (key: string, message: string) => void,
): JsonOutputSettings {
  const out: JsonOutputSettings = {};
  const flag = (key: string): boolean | undefined => {
    const v = value(key);
    return v === undefined ? undefined : v.toLowerCase() === 'true';
  };
  const regex = (key: string, whole: boolean): RegExp | undefined => {
    const v = value(key);
    if (v === undefined) return undefined;
    try {
      return javaRegExp(v, { whole });
    } catch (e) {
      warn(key, `'${key}' is not a regular expression (${(e as Error).message}); it is not applied`);
      return undefined;
    }
  };
  const auto = flag('synapse.commons.json.output.autoPrimitive');
  if (auto !== undefined) out.autoPrimitive = auto;
  const autoArray = flag('synapse.commons.json.output.jsonoutAutoArray');
  if (autoArray !== undefined) out.autoArray = autoArray;
  const multiplePI = flag('synapse.commons.json.output.jsonoutMultiplePI');
  if (multiplePI !== undefined) out.multiplePI = multiplePI;
  // JsonUtil: isJsonToXmlPiEnabled (the payload's reader uses the PI factory) or the no-PI factory's multiplePI
  if (
    flag('synapse.json.to.xml.processing.instruction.enabled') ||
    flag('synapse.commons.json.output.xmloutMultiplePI')
  )
    out.xmlMultiplePI = true;
  const nil = flag('synapse.commons.enableXmlNilReadWrite');
  if (nil !== undefined) out.xmlNil = nil;
  const nc = flag('synapse.commons.json.buildValidNCNames');
  if (nc !== undefined) out.ncNames = nc;
  const empty = flag('synapse.commons.enableXmlNullForEmptyElement');
  if (empty !== undefined) out.emptyAsEmptyString = !empty;
  const preserve = flag('synapse.commons.json.preserve.namespace');
  const decls = flag('synapse.commons.json.output.enableNSDeclarations');
  const sep = value('synapse.commons.json.output.namespaceSepChar');
  if (preserve || decls || sep !== undefined)
    out.ns = { preserve: preserve ?? false, decls: decls ?? false, sep: sep?.charAt(0) ?? '_' };
  const disable = regex('synapse.commons.json.output.disableAutoPrimitive.regex', true);
  if (disable) out.disableRegex = disable;
  const replace = regex('synapse.commons.json.json.output.disableAutoPrimitive.customReplaceRegex', false);
  if (replace)
    out.replaceRegex = {
      re: replace,
      seq: value('synapse.commons.json.json.output.disableAutoPrimitive.customReplaceSequence') ?? '',
    };
  return out;
}

function lineOfKey(text: string, key: string): number {
  const i = text.indexOf(key);
  return i < 0 ? 1 : text.slice(0, i).split('\n').length;
}
