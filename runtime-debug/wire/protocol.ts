/**
 * Micro Integrator's external mediation debugger protocol (see shared reference/debugger-protocol.md): two TCP
 * connections (command, event), one JSON object per line. Shared types and helpers of our client and server.
 */
import type { Socket } from 'node:net';

/** Longest line accepted from the other side (a property dump with a large payload fits; a runaway line does not). */
export const MAX_LINE_BYTES = 32 * 1024 * 1024;

export type WireSequenceType =
  | 'named'
  | 'proxy_inseq'
  | 'proxy_outseq'
  | 'proxy_faultseq'
  | 'api_inseq'
  | 'api_outseq'
  | 'api_faultseq'
  | 'inbound_seq'
  | 'inbound_faultseq';

/** The address of a mediator in the mediation (command form). */
export type FlowPoint =
  | { component: 'sequence'; kind: 'named'; key: string; position: string }
  | { component: 'sequence'; kind: 'proxy'; key: string; sequenceType: WireSequenceType; position: string }
  | {
      component: 'sequence';
      kind: 'api';
      key: string;
      sequenceType: WireSequenceType;
      position: string;
      method: string;
      uriTemplate?: string;
      urlMapping?: string;
    }
  | { component: 'sequence'; kind: 'inbound'; key: string; sequenceType: WireSequenceType; position: string }
  | { component: 'template'; key: string; position: string }
  | { component: 'connector'; key: string; method: string; position: string };

/** JSON of a flow point as commands carry it (`mediation-component` plus the component object). */
export function flowPointJson(p: FlowPoint, forEvent = false): Record<string, unknown> {
  if (p.component === 'template')
    return {
      'mediation-component': 'template',
      template: { 'template-key': p.key, 'mediator-position': p.position },
    };
  if (p.component === 'connector')
    return {
      'mediation-component': 'connector',
      connector: { 'connector-key': p.key, 'method-name': p.method, 'mediator-position': p.position },
    };
  let seq: Record<string, unknown>;
  switch (p.kind) {
    case 'named':
      seq = { 'sequence-type': 'named', 'sequence-key': p.key, 'mediator-position': p.position };
      break;
    case 'proxy':
      seq = {
        proxy: { 'proxy-key': p.key, 'sequence-type': p.sequenceType, 'mediator-position': p.position },
      };
      break;
    case 'inbound':
      seq = {
        inbound: { 'inbound-key': p.key, 'sequence-type': p.sequenceType, 'mediator-position': p.position },
      };
      break;
    case 'api': {
      const resource: Record<string, string> = { method: p.method };
      if (forEvent) resource.mapping = p.uriTemplate ?? p.urlMapping ?? '';
      else if (p.uriTemplate !== undefined) resource['uri-template'] = p.uriTemplate;
      else if (p.urlMapping !== undefined) resource['url-mapping'] = p.urlMapping;
      seq = {
        api: { 'api-key': p.key, resource, 'sequence-type': p.sequenceType, 'mediator-position': p.position },
      };
      break;
    }
  }
  return { 'mediation-component': 'sequence', sequence: seq };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Reads a flow point from a command or an event; a string says what is missing. */
export function parseFlowPoint(msg: Record<string, unknown>): FlowPoint | string {
  const comp = str(msg['mediation-component']);
  if (comp === 'template') {
    const t = msg.template as Record<string, unknown> | undefined;
    const key = str(t?.['template-key']);
    const position = str(t?.['mediator-position']);
    if (!key || position === undefined) return 'template-key and mediator-position are required';
    return { component: 'template', key, position };
  }
  if (comp === 'connector') {
    const c = msg.connector as Record<string, unknown> | undefined;
    const key = str(c?.['connector-key']);
    const method = str(c?.['method-name']);
    const position = str(c?.['mediator-position']);
    if (!key || !method || position === undefined)
      return 'connector-key, method-name and mediator-position are required';
    return { component: 'connector', key, method, position };
  }
  if (comp !== 'sequence') return `unknown mediation-component '${String(comp)}'`;
  const s = msg.sequence as Record<string, unknown> | undefined;
  if (!s || typeof s !== 'object') return 'sequence is required';
  if (s.api && typeof s.api === 'object') {
    const a = s.api as Record<string, unknown>;
    const r = (a.resource ?? {}) as Record<string, unknown>;
    const key = str(a['api-key']);
    const position = str(a['mediator-position']);
    if (!key || position === undefined) return 'api-key and mediator-position are required';
    return {
      component: 'sequence',
      kind: 'api',
      key,
      sequenceType: (str(a['sequence-type']) ?? 'api_inseq').toLowerCase() as WireSequenceType,
      position,
      method: str(r.method) ?? '',
      uriTemplate: str(r['uri-template']) ?? str(r.mapping),
      urlMapping: str(r['url-mapping']),
    };
  }
  if (s.proxy && typeof s.proxy === 'object') {
    const p = s.proxy as Record<string, unknown>;
    const key = str(p['proxy-key']);
    const position = str(p['mediator-position']);
    if (!key || position === undefined) return 'proxy-key and mediator-position are required';
    return {
      component: 'sequence',
      kind: 'proxy',
      key,
      sequenceType: (str(p['sequence-type']) ?? 'proxy_inseq').toLowerCase() as WireSequenceType,
      position,
    };
  }
  if (s.inbound && typeof s.inbound === 'object') {
    const p = s.inbound as Record<string, unknown>;
    const key = str(p['inbound-key']);
    const position = str(p['mediator-position']);
    if (!key || position === undefined) return 'inbound-key and mediator-position are required';
    return {
      component: 'sequence',
      kind: 'inbound',
      key,
      sequenceType: (str(p['sequence-type']) ?? 'inbound_seq').toLowerCase() as WireSequenceType,
      position,
    };
  }
  const key = str(s['sequence-key']);
  const position = str(s['mediator-position']);
  if (!key || position === undefined) return 'sequence-key and mediator-position are required';
  return { component: 'sequence', kind: 'named', key, position };
}

export function flowPointLabel(p: FlowPoint): string {
  if (p.component === 'template') return `template ${p.key} @ ${p.position}`;
  if (p.component === 'connector') return `connector ${p.key}.${p.method} @ ${p.position}`;
  if (p.kind === 'api')
    return `API ${p.key} ${p.method} ${p.uriTemplate ?? p.urlMapping ?? ''} ${p.sequenceType} @ ${p.position}`;
  if (p.kind === 'named') return `sequence ${p.key} @ ${p.position}`;
  return `${p.kind} ${p.key} ${p.sequenceType} @ ${p.position}`;
}

/**
 * Splits a socket's data into lines and calls `onLine` for each (UTF-8; a line over MAX_LINE_BYTES destroys the
 * socket with an error).
 */
export function readLines(socket: Socket, onLine: (line: string) => void, maxBytes = MAX_LINE_BYTES): void {
  let parts: Buffer[] = [];
  let size = 0;
  socket.on('data', (chunk: Buffer) => {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      if (nl < 0) {
        parts.push(chunk.subarray(start));
        size += chunk.length - start;
        if (size > maxBytes)
          socket.destroy(new Error(`a debug protocol line is longer than ${maxBytes} bytes`));
        return;
      }
      parts.push(chunk.subarray(start, nl));
      const line = Buffer.concat(parts).toString('utf8').replace(/\r$/, '');
      parts = [];
      size = 0;
      start = nl + 1;
      if (line.trim()) onLine(line);
    }
  });
}

export function writeLine(socket: Socket, obj: unknown): void {
  if (!socket.destroyed) socket.write(`${JSON.stringify(obj)}\n`);
}
