/**
 * What the expression evaluator needs from a message. The engine's message context implements it (the accessors
 * of runtime-debug/engine/context.ts MessageContext already have these shapes). Keep it small: everything here is
 * called on the hot path, and everything optional has a sensible default when absent.
 */
import type * as slimdom from 'slimdom';

/** Property scopes as get-property / the property mediator name them. */
export type PropertyScope =
  | 'default'
  | 'axis2'
  | 'axis2-client'
  | 'transport'
  | 'operation'
  | 'registry'
  | 'system'
  | 'env'
  | 'file'
  | 'func';

export interface EvalContext {
  /** The SOAP envelope of the current payload (for a JSON payload: MI's XML view, `<jsonObject>` inside the Body). */
  envelope(): slimdom.Document;
  /** The SOAP Body element of `envelope()`. */
  body(): slimdom.Element;
  /** The JSON view of the payload (for an XML payload: its JSON conversion); undefined when there is none. */
  json(): unknown;
  /**
   * A property. Default scope includes MI's special names where the engine knows them (MessageID, To, From, Action,
   * MESSAGE_FORMAT, FAULT, OperationName...); SYSTEM_DATE and SYSTEM_TIME are answered by the evaluator from
   * `now()`. Undefined when missing.
   */
  getProperty(name: string, scope?: string): unknown;
  /** A transport (HTTP) header, case-insensitive. */
  header(name: string): string | undefined;
  /** A variable (variable mediator, MI 4.4). */
  variable(name: string): unknown;
  /** A parameter of the innermost template being run (call-template with-param). */
  funcParam(name: string): unknown;
  /** A URI-template variable of the matched API resource (`uri.var.<name>`). */
  uriVar(name: string): string | undefined;
  /** A query parameter of the request. */
  queryParam(name: string): string | undefined;
  /** A configuration value of the project (`configs.<name>`). */
  configValue(name: string): string | undefined;
  /** Milliseconds since the epoch (tests can fix it). */
  now(): number;
  readonly messageId: string;

  // ---------------------------------------------------------------- optional
  /** The value of a local entry (get-property('key') falls back to it when no property has that name). */
  localEntry?(key: string): unknown;
  /**
   * The default-scope property itself, as `$ctx:` reads it (SynapseXPathVariableContext: synCtx.getProperty): none of
   * the names get-property answers from the message (MessageID, To, Action, SYSTEM_TIME...). Defaults to
   * getProperty(name, 'default').
   */
  rawProperty?(name: string): unknown;
  /** get-property('FAULT'): "TRUE" for a message carrying a fault, else "" (GetPropertyFunction). */
  faultFlag?(): string;
  /** All transport headers (for `${headers}`); defaults to an empty object. */
  allHeaders?(): Record<string, string>;
  /** Content of a registry resource (`registry('gov:/x')`): a string, JSON value or XML node. */
  registryResource?(path: string): unknown;
  /** A property of a registry resource (`registry('gov:/x').property('k')`). */
  registryProperty?(path: string, name: string): string | undefined;
  /** The payload as text, as it arrived when unchanged (json-eval($) answers the JSON body as written). */
  payloadText?(): string;
  /** A secure-vault secret (`wso2-vault('alias')`). */
  secret?(alias: string): string | undefined;
  /** A HashiCorp Vault secret. */
  hashicorpSecret?(path: string, field: string, namespace?: string): string | undefined;
}
