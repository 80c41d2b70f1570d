/**
 * Where a "Send request" CodeLens goes, without vscode: the API resources and proxies a Synapse file declares, each
 * with its request path (context, version, uri-template or url-mapping) and the line of its start tag.
 */
import { LineIndex, attrValue, childElements, parseXml, type XmlElement } from '../../core/xml';
import { apiBasePath, type RequestTarget } from './targetInfo';

export * from './targetInfo';

/** The API resources and proxies declared in `text` (a whole Synapse file; `definitions` roots included). */
export function findRequestTargets(text: string): RequestTarget[] {
  // Cheap guard: most files are sequences or endpoints and need no parse.
  if (!/<(?:\w+:)?(?:api|proxy)\b/.test(text)) return [];
  const doc = parseXml(text);
  const root = doc.root;
  if (!root) return [];
  const lines = new LineIndex(text);
  const out: RequestTarget[] = [];
  const artifacts = root.local === 'definitions' ? childElements(root) : [root];
  for (const el of artifacts) {
    if (el.local === 'api') out.push(...apiTargets(el, lines));
    else if (el.local === 'proxy') {
      const name = attrValue(el, 'name') ?? '';
      if (!name) continue;
      const pos = lines.positionAt(el.startTag.start);
      out.push({
        kind: 'proxy',
        artifact: name,
        methods: [],
        template: '',
        templateKind: 'none',
        basePath: `/services/${name}`,
        line: pos.line,
        character: pos.character,
        key: `proxy:${name}`,
      });
    }
  }
  return out;
}

function apiTargets(api: XmlElement, lines: LineIndex): RequestTarget[] {
  const name = attrValue(api, 'name') ?? '';
  const version = attrValue(api, 'version');
  const base = apiBasePath(attrValue(api, 'context') ?? '/', version, attrValue(api, 'version-type'));
  const apiKey = version ? `${name}:v${version}` : name;
  const out: RequestTarget[] = [];
  for (const r of childElements(api)) {
    if (r.local !== 'resource') continue;
    const methods = (attrValue(r, 'methods') ?? '')
      .split(/[\s,]+/)
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    const ut = attrValue(r, 'uri-template');
    const um = attrValue(r, 'url-mapping');
    const template = ut ?? um ?? '';
    const templateKind = ut !== undefined ? 'uri-template' : um !== undefined ? 'url-mapping' : 'none';
    const pos = lines.positionAt(r.startTag.start);
    out.push({
      kind: 'api',
      artifact: name,
      methods,
      template,
      templateKind,
      basePath: base,
      line: pos.line,
      character: pos.character,
      key: `api:${apiKey}|${methods.join(',')}|${templateKind}:${template}`,
    });
  }
  return out;
}
