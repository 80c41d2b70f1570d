/**
 * Mediator coverage of a unit-test suite, as the unit-testing agent of recent Synapse versions reports it
 * (MediatorCoverage: per artifact, the mediators it has, which of them ran, and the percentage). The mediators of
 * each deployed API, proxy service, sequence and sequence template are listed from its XML with the catalog (the
 * declaration the editor and the runtime share), each under an id made of its place (`api:OrdersAPI/POST[/orders]/in/
 * 2.Property[total]`); the runtime's debug hook marks a mediator executed when the flow reaches it. As in Synapse, a
 * `<sequence key>` and a `<call-template>` are not counted themselves: they make the sequence or template they name a
 * referenced artifact, whose mediators count in the referring artifact's totals; an inline `<sequence name>` counts, with
 * its mediators under it.
 */
import { acceptsMediators, declFor, isMediatorElement } from '../../core/catalog';
import { childElements, LineIndex, parseXml, type XmlElement } from '../../core/xml';
import type { DebugHook, Frame } from '../engine';

export interface MediatorCoverage {
  /** `API`, `Proxy`, `Sequence` or `Template`. */
  artifactType: string;
  artifactName: string;
  executedMediators: number;
  totalMediators: number;
  /** Two decimals, as Synapse prints it (`"66.67"`). */
  coveragePercentage: string;
  /** The sequences and templates it refers to (`Sequence:Audit`), counted in its totals. */
  referencedArtifacts?: string[];
  /** Its own mediators, in document order, with where each starts (not in Synapse's report). */
  mediatorDetails: MediatorDetail[];
}

export interface MediatorDetail {
  mediatorId: string;
  executed: boolean;
  file: string;
  /** 1-based, of the mediator's element name. */
  line: number;
  column: number;
}

export interface CoverageReport {
  primaryArtifact?: MediatorCoverage;
  supportingArtifacts: MediatorCoverage[];
}

interface Tracked {
  type: string;
  name: string;
  ids: string[];
  at: Map<string, { file: string; line: number; column: number }>;
  executed: Set<string>;
  refs: Set<string>;
}

/** Class names of Synapse mediators whose name is not the element's with a capital letter. */
const TYPE_NAMES: Record<string, string> = {
  foreach: 'ForEach',
  makefault: 'Fault',
  xslt: 'XSLT',
  fastXSLT: 'FastXSLT',
  jsontransform: 'JSONTransform',
  datamapper: 'DataMapper',
  dblookup: 'DBLookup',
  dbreport: 'DBReport',
  rewrite: 'URLRewrite',
  store: 'MessageStore',
  'scatter-gather': 'ScatterGather',
  ejb: 'EJB',
  ntlm: 'NTLM',
};

function typeName(local: string): string {
  // a connector operation (`http.post`) keeps its name
  if (local.includes('.')) return local;
  return TYPE_NAMES[local] ?? local.charAt(0).toUpperCase() + local.slice(1);
}

const attr = (el: XmlElement, name: string) => el.attributes.find((a) => a.name === name)?.value;

/** Records which mediators of the registered artifacts run (a DebugHook that never pauses). */
export class CoverageTracker implements DebugHook {
  private readonly artifacts = new Map<string, Tracked>();
  /** `file\nline:column` of a mediator's start tag → [artifact key, mediator id]. */
  private readonly byPosition = new Map<string, [string, string]>();
  private primary: string | undefined;

  /** Lists the mediators of one deployed file (the text as deployed: positions must match the runtime's). */
  register(file: string, text: string, primary = false): void {
    const root = parseXml(text).root;
    if (!root) return;
    const lines = new LineIndex(text);
    const name = attr(root, root.local === 'localEntry' ? 'key' : 'name') ?? '';
    const track = (type: string): Tracked => {
      const t: Tracked = { type, name, ids: [], at: new Map(), executed: new Set(), refs: new Set() };
      this.artifacts.set(`${type}:${name}`, t);
      if (primary) this.primary = `${type}:${name}`;
      return t;
    };
    const walk = (t: Tracked, container: XmlElement, path: string) =>
      this.walkList(t, `${t.type}:${t.name}`, container, path, file, lines);
    switch (root.local) {
      case 'api': {
        const t = track('API');
        for (const r of childElements(root).filter((e) => e.local === 'resource')) {
          const methods = (attr(r, 'methods') ?? '').trim().split(/\s+/).filter(Boolean).join(',') || 'ANY';
          const template = attr(r, 'uri-template') ?? attr(r, 'url-mapping') ?? '/';
          const base = `api:${name}/${methods}[${template}]`;
          this.sequences(t, r, base, walk);
        }
        break;
      }
      case 'proxy': {
        const t = track('Proxy');
        const target = childElements(root).find((e) => e.local === 'target');
        if (target) this.sequences(t, target, `proxy:${name}`, walk);
        break;
      }
      case 'sequence': {
        const t = track('Sequence');
        const onError = attr(root, 'onError');
        if (onError) t.refs.add(`Sequence:${onError}`);
        walk(t, root, `sequence:${name}`);
        break;
      }
      case 'template': {
        const body = childElements(root).find((e) => e.local === 'sequence');
        if (body) walk(track('Template'), body, `template:${name}`);
        break;
      }
    }
  }

  /** The in, out and fault sequences of an API resource or a proxy's target: inline, or a key (a reference). */
  private sequences(
    t: Tracked,
    owner: XmlElement,
    base: string,
    walk: (t: Tracked, container: XmlElement, path: string) => void,
  ): void {
    for (const [el, part] of [
      ['inSequence', 'in'],
      ['outSequence', 'out'],
      ['faultSequence', 'fault'],
    ] as const) {
      const key = attr(owner, el);
      if (key) t.refs.add(`Sequence:${key}`);
      const inline = childElements(owner).find((e) => e.local === el);
      if (inline) walk(t, inline, `${base}/${part}`);
    }
  }

  private walkList(
    t: Tracked,
    key: string,
    container: XmlElement,
    path: string,
    file: string,
    lines: LineIndex,
    counter = { position: 0 },
  ): void {
    for (const el of childElements(container)) {
      if (!isMediatorElement(el)) continue;
      if (el.local === 'sequence' && !attr(el, 'name')) {
        const ref = attr(el, 'key');
        if (ref) t.refs.add(`Sequence:${ref}`);
        // an anonymous inline sequence is not counted: its mediators are, in the list it stands in
        else this.walkList(t, key, el, path, file, lines, counter);
        continue;
      }
      if (el.local === 'call-template') {
        const target = attr(el, 'target');
        if (target) t.refs.add(`Template:${target}`);
        continue;
      }
      let id = `${path}/${++counter.position}.${typeName(el.local)}`;
      if ((el.local === 'property' || el.local === 'variable') && attr(el, 'name'))
        id += `[${attr(el, 'name')}]`;
      t.ids.push(id);
      const p = lines.positionAt(el.nameSpan.start);
      t.at.set(id, { file, line: p.line + 1, column: p.character + 1 });
      this.byPosition.set(`${file}\n${p.line + 1}:${p.character + 1}`, [key, id]);
      this.branches(t, key, el, id, file, lines);
    }
  }

  /** The mediator lists inside a mediator: directly (filter without then/else), or under branch elements. */
  private branches(
    t: Tracked,
    key: string,
    mediator: XmlElement,
    id: string,
    file: string,
    lines: LineIndex,
  ): void {
    const decl = declFor(mediator);
    if (decl && acceptsMediators(decl)) this.walkList(t, key, mediator, id, file, lines);
    const kids = childElements(mediator).filter((e) => !isMediatorElement(e));
    const seen = new Map<string, number>();
    for (const k of kids) {
      const same = kids.filter((x) => x.local === k.local).length;
      const n = (seen.get(k.local) ?? 0) + 1;
      seen.set(k.local, n);
      const label = same > 1 ? `${k.local}[${n}]` : k.local;
      this.nested(t, key, k, `${id}/${label}`, file, lines);
    }
  }

  /** A branch element: its mediators, or the mediator lists of the elements inside it (target > sequence). */
  private nested(
    t: Tracked,
    key: string,
    el: XmlElement,
    path: string,
    file: string,
    lines: LineIndex,
  ): void {
    const decl = declFor(el);
    if (decl && acceptsMediators(decl)) {
      const seq = el.local === 'sequence' ? attr(el, 'key') : undefined;
      if (seq) t.refs.add(`Sequence:${seq}`);
      this.walkList(t, key, el, path, file, lines);
      return;
    }
    // a target's `sequence` attribute names a sequence it runs
    if (el.local === 'target' && attr(el, 'sequence')) t.refs.add(`Sequence:${attr(el, 'sequence')}`);
    for (const k of childElements(el)) if (!isMediatorElement(k)) this.nested(t, key, k, path, file, lines);
  }

  beforeMediator(frame: Frame): void {
    const hit = this.byPosition.get(`${frame.file}\n${frame.line}:${frame.column}`);
    if (hit) this.artifacts.get(hit[0])?.executed.add(hit[1]);
  }

  /** The report: the test artifact apart, each with the mediators of the artifacts it refers to in its totals. */
  report(): CoverageReport {
    let primary: MediatorCoverage | undefined;
    const supporting: MediatorCoverage[] = [];
    for (const [key, t] of this.artifacts) {
      const reach = this.reach(key);
      let total = 0;
      let executed = 0;
      for (const k of reach) {
        const a = this.artifacts.get(k)!;
        total += a.ids.length;
        executed += a.executed.size;
      }
      const refs = [...reach].filter((k) => k !== key);
      const c: MediatorCoverage = {
        artifactType: t.type,
        artifactName: t.name,
        executedMediators: executed,
        totalMediators: total,
        coveragePercentage: (total ? (executed * 100) / total : 0).toFixed(2),
        ...(refs.length ? { referencedArtifacts: refs } : {}),
        mediatorDetails: t.ids.map((mediatorId) => ({
          mediatorId,
          executed: t.executed.has(mediatorId),
          ...t.at.get(mediatorId)!,
        })),
      };
      if (key === this.primary) primary = c;
      else supporting.push(c);
    }
    return primary
      ? { primaryArtifact: primary, supportingArtifacts: supporting }
      : { supportingArtifacts: supporting };
  }

  /** The artifact and the registered artifacts it refers to, directly or through others. */
  private reach(key: string): Set<string> {
    const seen = new Set<string>([key]);
    const todo = [key];
    while (todo.length) {
      for (const r of this.artifacts.get(todo.pop()!)?.refs ?? [])
        if (!seen.has(r) && this.artifacts.has(r)) {
          seen.add(r);
          todo.push(r);
        }
    }
    return seen;
  }
}
