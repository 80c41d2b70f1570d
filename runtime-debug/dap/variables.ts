/**
 * Scopes and variables of a paused message: Payload (XML pretty-printed, JSON as a tree, text; content type and size),
 * Transport headers, Properties by scope, Variables, Template parameters, Path and query parameters. Values are
 * editable where the message allows it; a rejected edit says why. Long values are cut in the tree; the full value is
 * reachable through the variable's evaluateName (copy value, add to watch).
 */
import type { DebugProtocol } from '@vscode/debugprotocol';
import { describeContext, setPayloadText, type ContextView, type MessageContext } from '../engine';
import { prettyXml } from './prettyXml';

/** Longest value shown in the tree. */
export const MAX_SHOWN = 4000;

type Container =
  | { kind: 'payload' }
  | { kind: 'headers' }
  | { kind: 'props'; scope: 'default' | 'axis2' | 'operation' }
  | { kind: 'vars' }
  | { kind: 'tparams' }
  | { kind: 'params' }
  | { kind: 'json'; path: (string | number)[]; root: 'payload' | { variable: string } };

interface Ref {
  threadId: number;
  ctx: MessageContext;
  container: Container;
}

export class VariableError extends Error {}

export function shown(text: string): string {
  if (text.length <= MAX_SHOWN) return text;
  return `${text.slice(0, MAX_SHOWN)}… (${text.length} characters in all: Copy Value or evaluate the expression for the full value)`;
}

function q(s: string): string {
  return JSON.stringify(s);
}

function jsonAccess(path: (string | number)[]): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w]*$/.test(p) ? `.${p}` : `[${q(p)}]`))
    .join('');
}

function isJsonType(ct: string): boolean {
  return /json/i.test(ct);
}

function isXmlType(ct: string): boolean {
  return /xml|soap/i.test(ct);
}

/** Reads a typed value: JSON when it parses, else the text itself (quotes around it are dropped). */
export function typedValue(text: string): unknown {
  const t = text.trim();
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

function textValue(text: string): string {
  const t = text.trim();
  if (/^".*"$/s.test(t) || /^'.*'$/s.test(t)) {
    try {
      return t.startsWith('"') ? (JSON.parse(t) as string) : t.slice(1, -1);
    } catch {
      return t.slice(1, -1);
    }
  }
  return t;
}

function jsonPreview(v: unknown): string {
  if (Array.isArray(v)) return `Array(${v.length})`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v).slice(0, 5).join(', ')}${Object.keys(v).length > 5 ? ', …' : ''}}`;
  return JSON.stringify(v) ?? 'undefined';
}

export class VariableStore {
  private readonly refs = new Map<number, Ref>();
  private nextRef = 1;
  private readonly views = new WeakMap<MessageContext, Promise<ContextView>>();

  private ref(threadId: number, ctx: MessageContext, container: Container): number {
    const id = this.nextRef++;
    this.refs.set(id, { threadId, ctx, container });
    return id;
  }

  /** Forgets the references of a thread (it resumed). */
  releaseThread(threadId: number, ctx?: MessageContext): void {
    for (const [id, r] of this.refs) if (r.threadId === threadId) this.refs.delete(id);
    if (ctx) this.views.delete(ctx);
  }

  private view(ctx: MessageContext): Promise<ContextView> {
    let v = this.views.get(ctx);
    if (!v) {
      v = describeContext(ctx);
      this.views.set(ctx, v);
    }
    return v;
  }

  private invalidate(ctx: MessageContext): void {
    this.views.delete(ctx);
  }

  async scopes(threadId: number, ctx: MessageContext): Promise<DebugProtocol.Scope[]> {
    const v = await this.view(ctx);
    const scopes: DebugProtocol.Scope[] = [
      {
        name: 'Payload',
        presentationHint: 'locals',
        variablesReference: this.ref(threadId, ctx, { kind: 'payload' }),
        expensive: false,
      },
      {
        name: 'Transport headers',
        variablesReference: this.ref(threadId, ctx, { kind: 'headers' }),
        namedVariables: Object.keys(v.headers).length,
        expensive: false,
      },
      {
        name: 'Properties (default)',
        variablesReference: this.ref(threadId, ctx, { kind: 'props', scope: 'default' }),
        expensive: false,
      },
      {
        name: 'Properties (axis2)',
        variablesReference: this.ref(threadId, ctx, { kind: 'props', scope: 'axis2' }),
        expensive: false,
      },
      {
        name: 'Properties (operation)',
        variablesReference: this.ref(threadId, ctx, { kind: 'props', scope: 'operation' }),
        expensive: false,
      },
      { name: 'Variables', variablesReference: this.ref(threadId, ctx, { kind: 'vars' }), expensive: false },
      {
        name: 'Path and query parameters',
        variablesReference: this.ref(threadId, ctx, { kind: 'params' }),
        expensive: false,
      },
    ];
    if (ctx.funcStack.length)
      scopes.splice(6, 0, {
        name: 'Template parameters',
        variablesReference: this.ref(threadId, ctx, { kind: 'tparams' }),
        expensive: false,
      });
    return scopes;
  }

  async variables(refId: number): Promise<DebugProtocol.Variable[]> {
    const r = this.refs.get(refId);
    if (!r) return [];
    const { ctx, threadId } = r;
    const c = r.container;
    const v = await this.view(ctx);
    const plain = (name: string, value: string, evaluateName: string): DebugProtocol.Variable => ({
      name,
      value: shown(value),
      evaluateName,
      variablesReference: 0,
    });
    switch (c.kind) {
      case 'payload': {
        const ct = v.payload.contentType || '';
        const text = v.payload.text;
        const out: DebugProtocol.Variable[] = [];
        const size = Buffer.byteLength(text, 'utf8');
        if (isJsonType(ct)) {
          let parsed: unknown;
          let ok = true;
          try {
            parsed = text.trim() ? JSON.parse(text) : undefined;
          } catch {
            ok = false;
          }
          if (ok && parsed !== null && typeof parsed === 'object') {
            out.push({
              name: 'payload',
              value: shown(jsonPreview(parsed)),
              type: 'json',
              evaluateName: '${payload}',
              variablesReference: this.ref(threadId, ctx, { kind: 'json', path: [], root: 'payload' }),
            });
          } else out.push(plain('payload', text, '${payload}'));
        } else if (isXmlType(ct)) {
          out.push({ ...plain('payload', prettyXml(text), '${payload}'), type: 'xml' });
        } else out.push({ ...plain('payload', text, '${payload}'), type: 'text' });
        out.push({
          name: 'content type',
          value: ct || '(none)',
          variablesReference: 0,
          presentationHint: { attributes: ['readOnly'] },
        });
        out.push({
          name: 'size',
          value: `${size} bytes`,
          variablesReference: 0,
          presentationHint: { attributes: ['readOnly'] },
        });
        out.push({
          name: 'direction',
          value: v.direction,
          variablesReference: 0,
          presentationHint: { attributes: ['readOnly'] },
        });
        return out;
      }
      case 'json': {
        let node: unknown = c.root === 'payload' ? JSON.parse(v.payload.text) : v.variables[c.root.variable];
        for (const p of c.path) node = (node as Record<string | number, unknown>)?.[p];
        const base = c.root === 'payload' ? 'payload' : `vars[${q(c.root.variable)}]`;
        const entries: [string | number, unknown][] = Array.isArray(node)
          ? node.map((x, i) => [i, x])
          : Object.entries((node as object) ?? {});
        return entries.slice(0, 1000).map(([k, x]) => {
          const path = [...c.path, k];
          const evaluateName = `\${${base}${jsonAccess(path)}}`;
          const name = typeof k === 'number' ? `[${k}]` : k;
          if (x !== null && typeof x === 'object')
            return {
              name,
              value: shown(jsonPreview(x)),
              evaluateName,
              variablesReference: this.ref(threadId, ctx, { kind: 'json', path, root: c.root }),
            };
          return { name, value: shown(JSON.stringify(x)), evaluateName, variablesReference: 0 };
        });
      }
      case 'headers':
        return Object.entries(v.headers).map(([k, x]) => plain(k, x, `\${headers[${q(k)}]}`));
      case 'props': {
        const m = v.properties[c.scope];
        const ev = (k: string) =>
          c.scope === 'default'
            ? `\${props.synapse[${q(k)}]}`
            : c.scope === 'axis2'
              ? `\${props.axis2[${q(k)}]}`
              : `get-property('operation', '${k.replace(/'/g, '')}')`;
        return Object.keys(m)
          .sort()
          .map((k) => plain(k, m[k], ev(k)));
      }
      case 'vars':
        return Object.entries(v.variables).map(([k, x]) => {
          const evaluateName = `\${vars[${q(k)}]}`;
          if (x !== null && typeof x === 'object')
            return {
              name: k,
              value: shown(jsonPreview(x)),
              evaluateName,
              variablesReference: this.ref(threadId, ctx, { kind: 'json', path: [], root: { variable: k } }),
            };
          return plain(k, typeof x === 'string' ? x : (JSON.stringify(x) ?? String(x)), evaluateName);
        });
      case 'tparams':
        return Object.entries(v.templateParameters).map(([k, x]) => ({
          ...plain(k, x, `$func:${k}`),
          presentationHint: { attributes: ['readOnly'] },
        }));
      case 'params': {
        const out: DebugProtocol.Variable[] = [];
        for (const [k, x] of Object.entries(v.properties.default)) {
          if (k.startsWith('uri.var.'))
            out.push(plain(`path: ${k.slice(8)}`, x, `\${params.pathParams[${q(k.slice(8))}]}`));
        }
        for (const [k, x] of Object.entries(v.properties.default)) {
          if (k.startsWith('query.param.'))
            out.push(plain(`query: ${k.slice(12)}`, x, `\${params.queryParams[${q(k.slice(12))}]}`));
        }
        return out;
      }
    }
  }

  /** Changes a value of the paused message; throws VariableError saying why an edit is refused. */
  async setVariable(
    refId: number,
    name: string,
    value: string,
  ): Promise<DebugProtocol.SetVariableResponse['body']> {
    const r = this.refs.get(refId);
    if (!r) throw new VariableError('This variable belongs to a message that is no longer paused.');
    const { ctx } = r;
    const c = r.container;
    const v = await this.view(ctx);
    try {
      switch (c.kind) {
        case 'payload': {
          if (name !== 'payload')
            throw new VariableError(
              `'${name}' is computed from the message and cannot be set; change the payload (or the messageType property in Properties (axis2)) instead.`,
            );
          const ct = v.payload.contentType || 'text/plain';
          const text = isJsonType(ct) || isXmlType(ct) ? value.trim() : textValue(value);
          if (isJsonType(ct)) {
            try {
              JSON.parse(text);
            } catch (e) {
              throw new VariableError(
                `The payload is ${ct}: the new value is not valid JSON (${(e as Error).message}).`,
              );
            }
          }
          try {
            setPayloadText(ctx, text, ct);
          } catch (e) {
            throw new VariableError(
              `The payload is ${ct}: the new value was refused (${(e as Error).message}).`,
            );
          }
          this.invalidate(ctx);
          return { value: shown(isXmlType(ct) ? prettyXml(text) : text) };
        }
        case 'json': {
          const nv = typedValue(value);
          if (c.root === 'payload') {
            const doc = JSON.parse(v.payload.text) as unknown;
            setIn(doc, c.path, name, nv);
            setPayloadText(ctx, JSON.stringify(doc), v.payload.contentType);
          } else {
            const root = ctx.vars.get(c.root.variable);
            setIn(root, c.path, name, nv);
          }
          this.invalidate(ctx);
          return { value: shown(JSON.stringify(nv)) };
        }
        case 'headers': {
          const t = textValue(value);
          ctx.headers.set(name, t);
          this.invalidate(ctx);
          return { value: shown(t) };
        }
        case 'props': {
          const t = textValue(value);
          ctx.setProperty(name, t, c.scope);
          this.invalidate(ctx);
          return { value: shown(t) };
        }
        case 'vars': {
          const nv = typedValue(value);
          ctx.vars.set(name, nv);
          this.invalidate(ctx);
          return { value: shown(typeof nv === 'string' ? nv : JSON.stringify(nv)) };
        }
        case 'tparams':
          throw new VariableError(
            'Template parameters are read-only: they are evaluated once when call-template runs.',
          );
        case 'params': {
          const t = textValue(value);
          const m = /^(path|query): (.*)$/.exec(name);
          if (!m) throw new VariableError(`Unknown parameter '${name}'.`);
          ctx.setProperty(m[1] === 'path' ? `uri.var.${m[2]}` : `query.param.${m[2]}`, t, 'default');
          this.invalidate(ctx);
          return { value: shown(t) };
        }
      }
    } catch (e) {
      if (e instanceof VariableError) throw e;
      throw new VariableError((e as Error).message);
    }
  }
}

function setIn(root: unknown, path: (string | number)[], name: string, value: unknown): void {
  let node = root as Record<string | number, unknown>;
  for (const p of path) node = node?.[p] as Record<string | number, unknown>;
  if (node === null || typeof node !== 'object')
    throw new VariableError('This value is no longer in the payload.');
  if (Array.isArray(node)) {
    const i = Number(/^\[(\d+)\]$/.exec(name)?.[1]);
    if (!Number.isInteger(i) || i >= node.length)
      throw new VariableError(`No element ${name} in this array.`);
    node[i] = value;
  } else node[name] = value;
}
