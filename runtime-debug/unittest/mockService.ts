/**
 * Parses a mock service (`<mock-service>`, MI's format): the endpoint it replaces (service-name), the port and
 * context it listens on, and its resources (sub-context, method, optional request to match, response).
 */
import { innerSource } from '../../core/xml/query';
import type { XmlElement } from '../../core/xml/types';
import { UnitTestCodes } from './errors';
import type { MockResource, MockService } from './model';
import { child, childText, children, loadXmlFile, type XmlFile } from './xmlFile';

export function parseMockService(file: string, text: string): MockService {
  const x = loadXmlFile(file, text, 'mock-service');
  const root = x.root;
  const serviceName = childText(root, 'service-name');
  if (!serviceName) throw x.error(UnitTestCodes.MISSING, 'the mock service has no <service-name>', root);
  const portText = childText(root, 'port');
  if (!portText) throw x.error(UnitTestCodes.MISSING, 'the mock service has no <port>', root);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    throw x.error(
      UnitTestCodes.VALUE,
      `port '${portText}' is not a port number (1-65535)`,
      child(root, 'port'),
    );
  let context = childText(root, 'context') ?? '/';
  if (!context.startsWith('/')) context = '/' + context;
  const resources = children(child(root, 'resources')).map((r) => resource(x, r));
  if (!resources.length)
    throw x.error(
      UnitTestCodes.MISSING,
      'the mock service has no <resources><resource>',
      child(root, 'resources') ?? root,
    );
  const portLine = x.lines.positionAt(child(root, 'port')!.nameSpan.start).line + 1;
  return { file, serviceName, port, portLine, context, resources };
}

function headers(el: XmlElement | undefined): [string, string][] {
  return children(child(el, 'headers')).map((h) => [
    h.attributes.find((a) => a.name === 'name')?.value ?? '',
    h.attributes.find((a) => a.name === 'value')?.value ?? '',
  ]);
}

function payloadOf(x: XmlFile, el: XmlElement | undefined): string | undefined {
  const p = child(el, 'payload');
  if (!p) return undefined;
  if (p.children.some((c) => c.kind === 'element')) return innerSource(x.text, p).trim();
  let s = '';
  for (const c of p.children) if (c.kind === 'text' || c.kind === 'cdata') s += c.value;
  return s.trim();
}

function resource(x: XmlFile, el: XmlElement): MockResource {
  let subContext = childText(el, 'sub-context') ?? '/';
  if (!subContext.startsWith('/')) subContext = '/' + subContext;
  const method = (childText(el, 'method') || 'GET').toUpperCase();
  const response = child(el, 'response');
  if (!response) throw x.error(UnitTestCodes.MISSING, '<resource> has no <response>', el);
  const statusText = childText(response, 'status-code') || '200';
  const status = Number(statusText);
  if (!/^\d{3}$/.test(statusText) || status < 100 || status > 599)
    throw x.error(
      UnitTestCodes.VALUE,
      `status-code '${statusText}' is not an HTTP status`,
      child(response, 'status-code'),
    );
  const request = child(el, 'request');
  return {
    subContext,
    method,
    request: request ? { payload: payloadOf(x, request) || undefined, headers: headers(request) } : undefined,
    response: { status, payload: payloadOf(x, response) ?? '', headers: headers(response) },
  };
}
