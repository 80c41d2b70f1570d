/** A hand-built EvalContext over real slimdom documents parsed from XML text. */
import type * as slimdom from 'slimdom';
import type { EvalContext } from '../../runtime-debug/engine/expr';
import { parseXmlPayload } from '../../runtime-debug/engine/xml';

export const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';

export interface TestContextInit {
  /** XML of the body content (wrapped into a SOAP 1.1 envelope) or a whole envelope when it starts with <soapenv:Envelope. */
  xml?: string;
  /** A JSON payload; the envelope then holds its <jsonObject> view. */
  json?: unknown;
  /** The payload text as it arrived (defaults to the JSON, compact). */
  text?: string;
  props?: Record<string, unknown>;
  axis2?: Record<string, unknown>;
  operation?: Record<string, unknown>;
  headers?: Record<string, string>;
  vars?: Record<string, unknown>;
  func?: Record<string, unknown>;
  uri?: Record<string, string>;
  query?: Record<string, string>;
  configs?: Record<string, string>;
  now?: number;
  secrets?: Record<string, string>;
  registry?: Record<string, unknown>;
  entries?: Record<string, unknown>;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A small JSON → XML view like MI's (objects as elements, arrays as repeated elements). */
export function jsonToXmlText(v: unknown, name = 'jsonObject'): string {
  if (Array.isArray(v)) {
    if (name === 'jsonObject')
      return `<jsonArray>${v.map((x) => jsonToXmlText(x, 'jsonElement')).join('')}</jsonArray>`;
    return v.map((x) => jsonToXmlText(x, name)).join('');
  }
  if (v !== null && typeof v === 'object') {
    return `<${name}>${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => jsonToXmlText(x, k))
      .join('')}</${name}>`;
  }
  return `<${name}>${v === null ? '' : escapeXml(String(v))}</${name}>`;
}

export class TestContext implements EvalContext {
  readonly messageId = 'urn:uuid:test-message-1';
  private doc: slimdom.Document | undefined;
  constructor(readonly init: TestContextInit = {}) {}
  envelopeBuilds = 0;
  envelope(): slimdom.Document {
    if (!this.doc) {
      this.envelopeBuilds++;
      const xml = this.init.xml ?? (this.init.json !== undefined ? jsonToXmlText(this.init.json) : '');
      const text = xml.startsWith('<soapenv:Envelope')
        ? xml
        : `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Header/><soapenv:Body>${xml}</soapenv:Body></soapenv:Envelope>`;
      this.doc = parseXmlPayload(text);
    }
    return this.doc;
  }
  body(): slimdom.Element {
    const env = this.envelope().documentElement!;
    for (let c = env.firstElementChild; c; c = c.nextElementSibling) if (c.localName === 'Body') return c;
    throw new Error('no Body');
  }
  json(): unknown {
    return this.init.json;
  }
  payloadText(): string {
    return this.init.text ?? (this.init.json !== undefined ? JSON.stringify(this.init.json) : '');
  }
  getProperty(name: string, scope = 'default'): unknown {
    const m =
      scope === 'axis2'
        ? this.init.axis2
        : scope === 'operation'
          ? this.init.operation
          : scope === 'transport'
            ? this.init.headers
            : scope === 'default'
              ? this.init.props
              : undefined;
    if (scope === 'env') return process.env[name];
    return m?.[name];
  }
  header(name: string): string | undefined {
    const h = this.init.headers ?? {};
    const k = Object.keys(h).find((x) => x.toLowerCase() === name.toLowerCase());
    return k === undefined ? undefined : h[k];
  }
  allHeaders(): Record<string, string> {
    return { ...(this.init.headers ?? {}) };
  }
  variable(name: string): unknown {
    return this.init.vars?.[name];
  }
  funcParam(name: string): unknown {
    return this.init.func?.[name];
  }
  uriVar(name: string): string | undefined {
    return this.init.uri?.[name];
  }
  queryParam(name: string): string | undefined {
    return this.init.query?.[name];
  }
  configValue(name: string): string | undefined {
    return this.init.configs?.[name];
  }
  now(): number {
    return this.init.now ?? Date.UTC(2024, 0, 15, 10, 30, 45, 123);
  }
  localEntry(key: string): unknown {
    return this.init.entries?.[key];
  }
  secret(alias: string): string | undefined {
    return this.init.secrets?.[alias];
  }
  registryResource(path: string): unknown {
    return this.init.registry?.[path];
  }
  registryProperty(path: string, name: string): string | undefined {
    const v = this.init.registry?.[`${path}@${name}`];
    return v === undefined ? undefined : String(v);
  }
}
