/**
 * The debugger's view of a project's source: every mediator of every artifact with its start-tag lines and its
 * position in Micro Integrator's mediator tree ("0 2 1", see reference/debugger-protocol.md). Used to bind editor
 * breakpoints to mediators, to name stack frames, and to translate between editor lines and wire-protocol addresses.
 */
import { LineIndex, childElements, parseXml, attrValue, type XmlElement } from '../../core/xml';

export type SequenceType =
  | 'named'
  | 'api_inseq'
  | 'api_outseq'
  | 'api_faultseq'
  | 'proxy_inseq'
  | 'proxy_outseq'
  | 'proxy_faultseq'
  | 'template'
  | 'inbound_seq';

/** A list of mediators that MI addresses as a whole (a named sequence, a resource's inSequence, a template...). */
export interface SequenceRoot {
  type: SequenceType;
  /** API name (key), proxy name, sequence name or template name. */
  artifact: string;
  resource?: { methods: string[]; uriTemplate?: string; urlMapping?: string };
  /** Human label, e.g. "API HelloAPI GET /hello (inSequence)". */
  label: string;
}

export interface MediatorNode {
  /** Element name, e.g. `log`, `http.get`. */
  name: string;
  file: string;
  /** 1-based line of the element name (what the engine reports as the mediator's line). */
  line: number;
  /** 1-based line range of the start tag. */
  startLine: number;
  endLine: number;
  /** 0-based path in MI's mediator tree, starting in the root sequence. */
  position: number[];
  root: SequenceRoot;
}

export interface ArtifactInfo {
  kind: 'api' | 'proxy' | 'sequence' | 'template' | 'inbound' | 'other';
  name: string;
  file: string;
  line: number;
  /** API resources with their start line. */
  resources: { methods: string[]; uriTemplate?: string; urlMapping?: string; line: number }[];
  /** Inbound endpoints: the sequence they inject into. */
  sequence?: string;
}

export interface FileModel {
  file: string;
  artifacts: ArtifactInfo[];
  mediators: MediatorNode[];
  /** Mediator by the line of its element name. */
  byNameLine: Map<number, MediatorNode>;
  /** Mediator by any line of its start tag (the innermost start tag wins; start tags rarely share a line). */
  byLine: Map<number, MediatorNode>;
}

const NOT_MEDIATORS = new Set(['description']);

function seqChildren(el: XmlElement): XmlElement[] {
  return childElements(el).filter((c) => !NOT_MEDIATORS.has(c.local));
}

/** The inner mediator lists of a mediator, indexed as MI's MediatorTreeTraverseUtil does. */
function innerLists(el: XmlElement): { index: number; list: XmlElement[] }[] {
  const kids = childElements(el);
  const named = (n: string) => kids.find((c) => c.local === n);
  switch (el.local) {
    case 'filter': {
      const then = named('then');
      const els = named('else');
      if (!then && !els) return [{ index: 1, list: seqChildren(el) }];
      const out: { index: number; list: XmlElement[] }[] = [];
      if (then) out.push({ index: 1, list: seqChildren(then) });
      if (els) out.push({ index: 0, list: seqChildren(els) });
      return out;
    }
    case 'switch': {
      const out: { index: number; list: XmlElement[] }[] = [];
      let n = 0;
      for (const c of kids) {
        if (c.local === 'case') out.push({ index: ++n, list: seqChildren(c) });
        else if (c.local === 'default') out.push({ index: 0, list: seqChildren(c) });
      }
      return out;
    }
    case 'clone':
    case 'scatter-gather': {
      const out: { index: number; list: XmlElement[] }[] = [];
      kids
        .filter((c) => c.local === 'target')
        .forEach((t, i) => {
          const s = childElements(t).find((c) => c.local === 'sequence');
          if (s) out.push({ index: i, list: seqChildren(s) });
        });
      return out;
    }
    case 'aggregate': {
      const oc = named('onComplete');
      return oc ? [{ index: -1, list: seqChildren(oc) }] : [];
    }
    case 'foreach': {
      const s = named('sequence');
      return s ? [{ index: -1, list: seqChildren(s) }] : [];
    }
    case 'iterate': {
      const t = named('target');
      const s = t && childElements(t).find((c) => c.local === 'sequence');
      return s ? [{ index: -1, list: seqChildren(s) }] : [];
    }
    case 'cache': {
      const h = named('onCacheHit');
      return h ? [{ index: -1, list: seqChildren(h) }] : [];
    }
    case 'throttle': {
      const out: { index: number; list: XmlElement[] }[] = [];
      kids
        .filter((c) => c.local === 'onAccept' || c.local === 'onReject')
        .forEach((c, i) => out.push({ index: i, list: seqChildren(c) }));
      return out;
    }
    case 'validate': {
      const f = named('on-fail');
      return f ? [{ index: -1, list: seqChildren(f) }] : [];
    }
    case 'in':
    case 'out':
    case 'propertyGroup':
      return [{ index: -1, list: seqChildren(el) }];
    case 'sequence':
      return attrValue(el, 'key') ? [] : [{ index: -1, list: seqChildren(el) }];
    default:
      return [];
  }
}

/** Builds the model of one Synapse XML file (tolerant: a half-typed file yields what can be read). */
export function buildFileModel(file: string, text: string): FileModel {
  const doc = parseXml(text);
  const lines = new LineIndex(text);
  const lineOf = (offset: number) => lines.positionAt(offset).line + 1;
  const model: FileModel = { file, artifacts: [], mediators: [], byNameLine: new Map(), byLine: new Map() };
  const root = doc.root;
  if (!root) return model;

  const addList = (list: XmlElement[], prefix: number[], seqRoot: SequenceRoot, depth: number) => {
    if (depth > 200) return;
    list.forEach((el, i) => {
      const position = [...prefix, i];
      const node: MediatorNode = {
        name: el.name,
        file,
        line: lineOf(el.nameSpan.start),
        startLine: lineOf(el.startTag.start),
        endLine: lineOf(Math.max(el.startTag.start, el.startTag.end - 1)),
        position,
        root: seqRoot,
      };
      model.mediators.push(node);
      model.byNameLine.set(node.line, node);
      for (let l = node.startLine; l <= node.endLine; l++) model.byLine.set(l, node);
      for (const inner of innerLists(el)) {
        const nested =
          (el.local === 'clone' ||
            el.local === 'scatter-gather' ||
            el.local === 'filter' ||
            el.local === 'switch' ||
            el.local === 'throttle') &&
          inner.index >= 0;
        const p = nested ? [...position, inner.index] : position;
        addList(inner.list, p, seqRoot, depth + 1);
      }
    });
  };

  const name = attrValue(root, 'name') ?? '';
  const rootLine = lineOf(root.nameSpan.start);
  switch (root.local) {
    case 'api': {
      const key =
        attrValue(root, 'version') && attrValue(root, 'version-type')
          ? `${name}:v${attrValue(root, 'version')}`
          : name;
      const info: ArtifactInfo = { kind: 'api', name: key, file, line: rootLine, resources: [] };
      model.artifacts.push(info);
      for (const r of childElements(root).filter((c) => c.local === 'resource')) {
        const methods = (attrValue(r, 'methods') ?? '').split(/[\s,]+/).filter(Boolean);
        const uriTemplate = attrValue(r, 'uri-template');
        const urlMapping = attrValue(r, 'url-mapping');
        info.resources.push({ methods, uriTemplate, urlMapping, line: lineOf(r.nameSpan.start) });
        const label = `${methods.join(',') || '*'} ${uriTemplate ?? urlMapping ?? '/*'}`;
        for (const [child, type] of [
          ['inSequence', 'api_inseq'],
          ['outSequence', 'api_outseq'],
          ['faultSequence', 'api_faultseq'],
        ] as const) {
          const s = childElements(r).find((c) => c.local === child);
          if (s)
            addList(
              seqChildren(s),
              [],
              {
                type,
                artifact: key,
                resource: { methods, uriTemplate, urlMapping },
                label: `API ${key} ${label} (${child})`,
              },
              0,
            );
        }
      }
      break;
    }
    case 'proxy': {
      model.artifacts.push({ kind: 'proxy', name, file, line: rootLine, resources: [] });
      const target = childElements(root).find((c) => c.local === 'target');
      if (target) {
        for (const [child, type] of [
          ['inSequence', 'proxy_inseq'],
          ['outSequence', 'proxy_outseq'],
          ['faultSequence', 'proxy_faultseq'],
        ] as const) {
          const s = childElements(target).find((c) => c.local === child);
          if (s) addList(seqChildren(s), [], { type, artifact: name, label: `proxy ${name} (${child})` }, 0);
        }
      }
      break;
    }
    case 'sequence':
      model.artifacts.push({ kind: 'sequence', name, file, line: rootLine, resources: [] });
      addList(seqChildren(root), [], { type: 'named', artifact: name, label: `sequence ${name}` }, 0);
      break;
    case 'template': {
      model.artifacts.push({ kind: 'template', name, file, line: rootLine, resources: [] });
      const s = childElements(root).find((c) => c.local === 'sequence');
      if (s) addList(seqChildren(s), [], { type: 'template', artifact: name, label: `template ${name}` }, 0);
      break;
    }
    case 'inboundEndpoint':
      model.artifacts.push({
        kind: 'inbound',
        name,
        file,
        line: rootLine,
        resources: [],
        sequence: attrValue(root, 'sequence'),
      });
      break;
    case 'definitions':
      // a Synapse configuration holding several artifacts: index the named sequences it holds
      for (const c of childElements(root)) {
        if (c.local === 'sequence') {
          const n = attrValue(c, 'name') ?? '';
          model.artifacts.push({
            kind: 'sequence',
            name: n,
            file,
            line: lineOf(c.nameSpan.start),
            resources: [],
          });
          addList(seqChildren(c), [], { type: 'named', artifact: n, label: `sequence ${n}` }, 0);
        }
      }
      break;
    default:
      if (name) model.artifacts.push({ kind: 'other', name, file, line: rootLine, resources: [] });
  }
  return model;
}

/** Why a line binds to no mediator (for an unverified breakpoint). */
export function unboundReason(model: FileModel | undefined, line: number): string {
  if (!model) return 'This file is not part of the debugged Synapse project.';
  if (model.mediators.length === 0)
    return 'This file has no mediators (only mediators can hold breakpoints).';
  return `Line ${line} is not on a mediator's start tag: put the breakpoint on the line of a mediator such as <log> or <call>.`;
}

export function positionString(p: number[]): string {
  return p.join(' ');
}
