/**
 * Points the endpoints a suite's mock services replace at those mocks, as MI does in unit-test mode: an endpoint
 * whose name is a mock's service-name sends to http://127.0.0.1:<mock port> with the path it had (MI keeps the path
 * and swaps host and port when the path is one of the mock's resources; we swap them always, so a path the mock does
 * not serve gets the mock's 404 instead of a call to the real backend). Rewritten: `uri` of <address>/<wsdl>,
 * `uri-template` of <http>, and the `uri` attribute of a template endpoint (`<endpoint name=".." template=".." uri="..">`),
 * at any depth (leaves of failover/loadbalance groups too). An HTTP connector connection (`<http.init>` in a local
 * entry) deploys the endpoint `<name>_INTERNAL_ENDPOINT_REFERENCE` (LocalEntryDeployer), which a mock of that name
 * replaces: its `<baseUrl>` is rewritten the same way.
 */
import { parseXml } from '../../core/xml/parse';
import { walkElements } from '../../core/xml/query';
import type { XmlAttribute, XmlElement, XmlText } from '../../core/xml/types';

export interface EndpointRewrite {
  endpoint: string;
  from: string;
  to: string;
}

const ORIGIN = /^(\s*)[a-zA-Z][\w+.-]*:\/\/[^/?#]*/;

/** The text with the named endpoints pointed at their mocks, and what was changed. */
export function rewriteEndpoints(
  text: string,
  ports: ReadonlyMap<string, number>,
  host = '127.0.0.1',
): { text: string; rewrites: EndpointRewrite[] } {
  if (!ports.size) return { text, rewrites: [] };
  const doc = parseXml(text);
  const edits: { attr: XmlAttribute; value: string; endpoint: string }[] = [];
  const visit = (endpoint: string, port: number, a: XmlAttribute | undefined) => {
    if (!a || !ORIGIN.test(a.raw)) return;
    edits.push({ attr: a, value: a.raw.replace(ORIGIN, `$1http://${host}:${port}`), endpoint });
  };
  const textEdits: { span: { start: number; end: number }; from: string; value: string; endpoint: string }[] =
    [];
  walkElements(doc.children, (el) => {
    if (el.local === 'http.init') {
      const child = (n: string) =>
        el.children.find((c): c is XmlElement => c.kind === 'element' && c.local === n);
      const nameEl = child('name');
      const nameText = nameEl?.children.find((c): c is XmlText => c.kind === 'text');
      const name = nameText ? nameText.value.trim() + '_INTERNAL_ENDPOINT_REFERENCE' : undefined;
      const port = name === undefined ? undefined : ports.get(name);
      const base = child('baseUrl')?.children.find((c): c is XmlText => c.kind === 'text');
      if (name !== undefined && port !== undefined && base) {
        const raw = text.slice(base.span.start, base.span.end);
        if (ORIGIN.test(raw))
          textEdits.push({
            span: base.span,
            from: base.value,
            value: raw.replace(ORIGIN, `$1http://${host}:${port}`),
            endpoint: name,
          });
      }
      return;
    }
    if (el.local !== 'endpoint') return;
    const name = el.attributes.find((a) => a.name === 'name')?.value;
    const port = name === undefined ? undefined : ports.get(name);
    if (name === undefined || port === undefined) return;
    visit(
      name,
      port,
      el.attributes.find((a) => a.name === 'uri'),
    );
    for (const c of el.children) {
      if (c.kind !== 'element') continue;
      if (c.local === 'address' || c.local === 'wsdl')
        visit(
          name,
          port,
          c.attributes.find((a) => a.name === 'uri'),
        );
      else if (c.local === 'http')
        visit(
          name,
          port,
          c.attributes.find((a) => a.name === 'uri-template'),
        );
    }
  });
  const all = [
    ...edits.map((e) => ({
      span: e.attr.valueSpan,
      from: e.attr.value,
      value: e.value,
      endpoint: e.endpoint,
    })),
    ...textEdits,
  ].sort((a, b) => b.span.start - a.span.start);
  let out = text;
  const rewrites: EndpointRewrite[] = [];
  for (const e of all) {
    out = out.slice(0, e.span.start) + e.value + out.slice(e.span.end);
    rewrites.unshift({ endpoint: e.endpoint, from: e.from, to: e.value });
  }
  return { text: out, rewrites };
}
