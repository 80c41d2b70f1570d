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

  /** Parses and indexes a file (replacing its previous version). */
  setFile(path: string, text: string): FileModel {
    const model = analyzeFile(path, text);
    this.setModel(model);
    return model;
  }

  setModel(model: FileModel): void {
    this.removeFile(model.path);
    this.models.set(model.path, model);
    const a = model.artifact;
    if (a && a.name) {
      let m = this.byName.get(a.kind);
      if (!m) this.byName.set(a.kind, (m = new Map()));
      const list = m.get(a.name);
      if (list) list.push(a);
      else m.set(a.name, [a]);
    }
  }

  removeFile(path: string): void {
    const old = this.models.get(path);
    if (!old) return;
    this.models.delete(path);
    const a = old.artifact;
    if (a && a.name) {
      const m = this.byName.get(a.kind);
      const list = m?.get(a.name)?.filter((s) => s.file !== path);
      if (m) {
        if (list && list.length) m.set(a.name, list);
        else m.delete(a.name);
      }
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
      if (name !== undefined) out.push(...(m.get(name) ?? []));
      else for (const list of m.values()) out.push(...list);
    }
    return out;
  }

  /** Whether a static reference resolves (to a project artifact or a built-in name). */
  resolves(refKind: RefKind, key: string): boolean {
    if (this.findArtifacts(refKind, key).length) return true;
    return REF_TARGETS[refKind].some((k) => BUILTIN_NAMES[k]?.includes(key));
  }

  /** The names a reference of this kind may take (for completion). */
  keysFor(refKind: RefKind): string[] {
    const names = new Set<string>();
    for (const s of this.findArtifacts(refKind)) names.add(s.name);
    return [...names].sort();
  }

  /** Every reference to the artifact `name` of the kinds `refKind` stands for. */
  referencesTo(kind: ArtifactKind, name: string): RefLocation[] {
    const out: RefLocation[] = [];
    for (const m of this.models.values()) {
      for (const ref of m.references) {
        if (ref.key === name && !ref.dynamic && REF_TARGETS[ref.refKind].includes(kind)) out.push({ file: m.path, ref });
      }
    }
    return out;
  }

  /** Files that reference the artifact defined in `path` (to re-validate them when it changes or goes away). */
  dependentsOf(path: string, previous?: ArtifactSymbol): string[] {
    const a = previous ?? this.models.get(path)?.artifact;
    if (!a || !a.name) return [];
    return [...new Set(this.referencesTo(a.kind, a.name).map((r) => r.file))].filter((f) => f !== path);
  }
}
