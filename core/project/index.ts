/**
 * The project index: artifacts by kind and name with their file and range, and every reference between them.
 * Updated per file (setFile/removeFile); lookups are map-based so a keystroke never rescans the project.
 */
import type { ArtifactKind, RefKind } from '../catalog/types';
import { analyzeFile, type ArtifactSymbol, type FileModel, type Reference } from './model';

export * from './model';
export * from './discover';
export * from './registry';

/** Which artifact kinds a reference of each kind may resolve to. */
export const REF_TARGETS: Record<RefKind, ArtifactKind[]> = {
  sequence: ['sequence'],
  endpoint: ['endpoint'],
  sequenceTemplate: ['sequenceTemplate'],
  endpointTemplate: ['endpointTemplate'],
  template: ['sequenceTemplate', 'endpointTemplate'],
  localEntry: ['localEntry'],
  messageStore: ['messageStore'],
  messageProcessor: ['messageProcessor'],
  api: ['api'],
  proxy: ['proxy'],
  inboundEndpoint: ['inboundEndpoint'],
  task: ['task'],
  registry: [],
  // xslt/schema/script keys: a local entry, or a registry resource path
  resource: ['localEntry'],
};

/** Names that exist without a file in the project (MI ships them or creates them). */
export const BUILTIN_NAMES: Partial<Record<ArtifactKind, string[]>> = {
  sequence: ['main', 'fault', '_resource_mismatch_handler_', '_method_not_allowed_handler_'],
};

export interface RefLocation {
  file: string;
  ref: Reference;
}

export class ProjectIndex {
  private readonly models = new Map<string, FileModel>();
  /** kind -> name -> symbols (several when duplicated) */
  private readonly byName = new Map<ArtifactKind, Map<string, ArtifactSymbol[]>>();
  /** Reverse references: static key -> the files that reference it (with how many references), so the files that
   * depend on an artifact are found without scanning every reference of the project. */
  private readonly byKey = new Map<string, Map<string, number>>();
  /** keysFor answers per reference kind, dropped only when an artifact name or kind appears or goes away. */
  private readonly keysCache = new Map<RefKind, string[]>();
  private symbolsVersion = 0;

  /**
   * Changes whenever an artifact name or kind appears or goes away, or a template file changes: what completion may
   * cache per index (keys offered, template parameters in snippet bodies) is valid while it stays the same.
   */
  get version(): number {
    return this.symbolsVersion;
  }

  /** Parses and indexes a file (replacing its previous version). */
  setFile(path: string, text: string): FileModel {
    const model = analyzeFile(path, text);
    this.setModel(model);
    return model;
  }

  setModel(model: FileModel): void {
    const old = this.models.get(model.path);
    const a = model.artifact;
    const o = old?.artifact;
    // the same name and kind as before (every keystroke in the body): replace the symbol in place
    const sameName = !!o && !!a && o.kind === a.kind && o.name === a.name;
    if (isTemplate(o) || isTemplate(a)) this.symbolsVersion++;
    if (old) this.dropFile(old, !sameName);
    this.models.set(model.path, model);
    this.addReferences(model);
    if (a && a.name) {
      let m = this.byName.get(a.kind);
      if (!m) this.byName.set(a.kind, (m = new Map()));
      const list = m.get(a.name);
      if (list) {
        const i = sameName ? list.findIndex((s) => s.file === model.path) : -1;
        if (i >= 0) list[i] = a;
        else list.push(a);
      } else m.set(a.name, [a]);
      if (!sameName) this.symbolsChanged();
    }
  }

  private symbolsChanged(): void {
    this.keysCache.clear();
    this.symbolsVersion++;
  }

  removeFile(path: string): void {
    const old = this.models.get(path);
    if (!old) return;
    if (isTemplate(old.artifact)) this.symbolsVersion++;
    this.dropFile(old, true);
  }

  /** Forgets a model's references and (when `symbol`) its artifact symbol. */
  private dropFile(old: FileModel, symbol: boolean): void {
    this.models.delete(old.path);
    for (const ref of old.references) {
      if (ref.dynamic) continue;
      const files = this.byKey.get(ref.key);
      const n = files?.get(old.path);
      if (!files || n === undefined) continue;
      if (n > 1) files.set(old.path, n - 1);
      else if (files.size > 1) files.delete(old.path);
      else this.byKey.delete(ref.key);
    }
    const a = old.artifact;
    if (symbol && a && a.name) {
      const m = this.byName.get(a.kind);
      const list = m?.get(a.name)?.filter((s) => s.file !== old.path);
      if (m) {
        if (list && list.length) m.set(a.name, list);
        else m.delete(a.name);
      }
      this.symbolsChanged();
    }
  }

  private addReferences(model: FileModel): void {
    for (const ref of model.references) {
      if (ref.dynamic) continue;
      let files = this.byKey.get(ref.key);
      if (!files) this.byKey.set(ref.key, (files = new Map()));
      files.set(model.path, (files.get(model.path) ?? 0) + 1);
    }
  }

  getFile(path: string): FileModel | undefined {
    return this.models.get(path);
  }

  files(): FileModel[] {
    return [...this.models.values()];
  }

  /** Artifacts of a kind (or of the kinds a reference kind targets), optionally by name. */
  findArtifacts(kind: ArtifactKind | RefKind, name?: string): ArtifactSymbol[] {
    const kinds = (REF_TARGETS as Record<string, ArtifactKind[] | undefined>)[kind] ?? [kind as ArtifactKind];
    const out: ArtifactSymbol[] = [];
    for (const k of kinds) {
      const m = this.byName.get(k);
      if (!m) continue;
      if (name !== undefined) {
        const list = m.get(name);
        if (list) for (const s of list) out.push(s);
      } else for (const list of m.values()) for (const s of list) out.push(s);
    }
    return out;
  }

  /** Whether a static reference resolves (to a project artifact or a built-in name). */
  resolves(refKind: RefKind, key: string): boolean {
    const kinds = (REF_TARGETS as Record<string, ArtifactKind[] | undefined>)[refKind] ?? [
      refKind as ArtifactKind,
    ];
    for (const k of kinds) if (this.byName.get(k)?.get(key)?.length) return true;
    return REF_TARGETS[refKind].some((k) => BUILTIN_NAMES[k]?.includes(key));
  }

  /** The names a reference of this kind may take (for completion), sorted; a fresh array the caller may keep. */
  keysFor(refKind: RefKind): string[] {
    let keys = this.keysCache.get(refKind);
    if (!keys) {
      const names = new Set<string>();
      for (const k of REF_TARGETS[refKind] ?? [refKind as ArtifactKind]) {
        const m = this.byName.get(k);
        if (m) for (const name of m.keys()) names.add(name);
      }
      keys = [...names].sort();
      this.keysCache.set(refKind, keys);
    }
    return keys.slice();
  }

  /** Every reference to the artifact `name` of the kinds `refKind` stands for. */
  referencesTo(kind: ArtifactKind, name: string): RefLocation[] {
    const out: RefLocation[] = [];
    const files = this.byKey.get(name);
    if (!files) return out;
    for (const path of files.keys()) {
      const m = this.models.get(path);
      if (!m) continue;
      for (const ref of m.references) {
        if (ref.key === name && !ref.dynamic && REF_TARGETS[ref.refKind].includes(kind))
          out.push({ file: m.path, ref });
      }
    }
    return out;
  }

  /** Files that reference the artifact defined in `path` (to re-validate them when it changes or goes away). */
  dependentsOf(path: string, previous?: ArtifactSymbol): string[] {
    const a = previous ?? this.models.get(path)?.artifact;
    if (!a || !a.name) return [];
    const out: string[] = [];
    const files = this.byKey.get(a.name);
    if (!files) return out;
    for (const file of files.keys()) {
      if (file === path) continue;
      const m = this.models.get(file);
      if (
        m?.references.some((r) => r.key === a.name && !r.dynamic && REF_TARGETS[r.refKind].includes(a.kind))
      )
        out.push(file);
    }
    return out;
  }
}

function isTemplate(a: ArtifactSymbol | undefined): boolean {
  return a?.kind === 'sequenceTemplate' || a?.kind === 'endpointTemplate';
}
