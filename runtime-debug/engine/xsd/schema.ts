/**
 * XML Schema (XSD 1.0) compilation and validation with libxml2 (WebAssembly), for the validate mediator.
 *
 * - Several schemas make one schema, as JAXP's SchemaFactory.newSchema(Source[]) does: each is included or imported
 *   (by its target namespace) from a generated schema.
 * - Nothing is read from the network or the file system. An `xs:import`/`xs:include`/`xs:redefine` location is
 *   answered only through the mediator's `<resource location key>` map (MI's ResourceMap: the location as written in
 *   the schema), by the caller's lookup; any other location is not found (libxml2 runs here on an in-memory file
 *   system, and our input provider answers every name first).
 * - A schema or resource with a DOCTYPE is refused (no DTD, no entity of any kind); documents are parsed with
 *   NONET and NO_XXE as a second line.
 * - libxml2 objects live in WebAssembly memory: a compiled schema is disposed when it leaves the cache, a validated
 *   document right after validation.
 */
import type { Libxml } from './libxml';
import { mergeUndeclaredPrefix, xercesMessages, type ErrorSubject } from './xerces';
import { escapeXmlAttr as escAttr } from '../../../core/xml/escape';

export interface XsdSource {
  /** The key the schema was found under (local entry or registry key). */
  key: string;
  text: string;
}

/** A location of an import/include mapped by `<resource>`: the key and its text (undefined: the key has nothing). */
export type XsdResourceLookup = (location: string) => { key: string; text: string | undefined } | undefined;

/** The schemas could not be compiled; `reason` is what libxml2 (or our refusal) said. */
export class XsdCompileError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'XsdCompileError';
  }
}

const VIRTUAL = 'synapse-schema:///';
const XS = 'http://www.w3.org/2001/XMLSchema';
const XS_NS = { xs: XS };
const DOCTYPE = /<!DOCTYPE/i;
/** Bytes served to libxml2 for one compilation (schemas and their resources together). */
const MAX_SCHEMA_BYTES = 16 * 1024 * 1024;

// ------------------------------------------------------------------ input provider (one per loaded library)
interface Serving {
  files: Map<string, Uint8Array>;
  lookup: XsdResourceLookup | undefined;
  problems: string[];
  served: number;
  /** The texts of the resources served (searched for type names when a message fails). */
  resources: string[];
}
let serving: Serving | undefined;
const open = new Map<number, { bytes: Uint8Array; at: number }>();
let nextFd = 1;
let registeredFor: Libxml | undefined;

function register(lib: Libxml): void {
  if (registeredFor === lib) return;
  registeredFor = lib;
  lib.xmlRegisterInputProvider({
    // every name is ours: nothing reaches libxml2's own loaders
    match: () => true,
    open: (name) => {
      const s = serving;
      if (!s) return undefined;
      const bytes = resolveName(s, name);
      if (!bytes) return undefined;
      s.served += bytes.length;
      if (s.served > MAX_SCHEMA_BYTES) {
        s.problems.push(`the schemas and their resources exceed ${MAX_SCHEMA_BYTES} bytes`);
        return undefined;
      }
      const fd = nextFd++;
      open.set(fd, { bytes, at: 0 });
      return fd;
    },
    read: (fd, buf) => {
      const f = open.get(fd as number);
      if (!f) return -1;
      const n = Math.min(buf.byteLength, f.bytes.length - f.at);
      buf.set(f.bytes.subarray(f.at, f.at + n));
      f.at += n;
      return n;
    },
    close: (fd) => open.delete(fd as number),
  });
}

/** The bytes for a name libxml2 asks for: a generated schema, or a `<resource>` location. */
function resolveName(s: Serving, name: string): Uint8Array | undefined {
  const own = s.files.get(name);
  if (own) return own;
  if (!s.lookup) {
    s.problems.push(`no <resource> maps the schema location '${literal(name)}'`);
    return undefined;
  }
  // libxml2 resolves a location against the including document's name; MI matches the location as written
  const rel = literal(name);
  const tries = [name, rel];
  for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) tries.push(rel.slice(i + 1));
  for (const t of tries) {
    const hit = s.lookup(t);
    if (!hit) continue;
    if (hit.text === undefined) {
      s.problems.push(`the resource '${hit.key}' for location '${t}' does not exist`);
      return undefined;
    }
    if (DOCTYPE.test(hit.text)) {
      s.problems.push(`the resource '${hit.key}' for location '${t}' has a DOCTYPE (refused)`);
      return undefined;
    }
    s.resources.push(hit.text);
    return Buffer.from(hit.text, 'utf8');
  }
  s.problems.push(`no <resource> maps the schema location '${rel}'`);
  return undefined;
}

function literal(name: string): string {
  return name.startsWith(VIRTUAL) ? name.slice(VIRTUAL.length) : name;
}

function targetNamespace(text: string): string {
  const m = /<(?:[\w.-]+:)?schema\b[^>]*?\btargetNamespace\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(text);
  return m ? (m[1] ?? m[2] ?? '') : '';
}

// ------------------------------------------------------------------ compiled schema
export class CompiledXsd {
  private disposed = false;
  constructor(
    private readonly lib: Libxml,
    private readonly validator: InstanceType<Libxml['XsdValidator']>,
    /** The schema documents we parsed (kept while the validator lives; searched for type names). */
    private readonly docs: InstanceType<Libxml['XmlDocument']>[],
    /** The imported/included resources' texts, parsed into `docs` the first time a type name is looked for. */
    private resourceTexts: string[] = [],
  ) {}

  /**
   * Validates an XML document (text); answers Micro Integrator's messages (Xerces wording), none when valid.
   */
  validate(xml: string): string[] {
    const { XmlDocument, ParseOption, XmlValidateError } = this.lib;
    let doc: InstanceType<Libxml['XmlDocument']>;
    try {
      doc = XmlDocument.fromString(xml, {
        option: ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE,
      });
    } catch (e) {
      return [`The source is not well-formed XML: ${firstLine((e as Error).message)}`];
    }
    try {
      this.validator.validate(doc);
      return [];
    } catch (e) {
      if (!(e instanceof XmlValidateError)) throw e;
      const out: string[] = [];
      const nodeAt = pathResolver(doc, this.lib);
      for (const d of e.details) {
        if (d.level < 2) continue; // warnings: MI's error handler ignores them
        out.push(...xercesMessages(d.message, this.subject(d.xpath, d.message, nodeAt)));
      }
      return out.length ? mergeUndeclaredPrefix(out) : [firstLine(e.message)];
    } finally {
      doc.dispose();
    }
  }

  /**
   * The element an error is about, from the XPath libxml2 gives: its name as written comes from the path's last step
   * (`p:local`; `*` is an element in a default namespace, written unprefixed); the node itself is looked up only
   * when a message needs its value (a positional path costs a walk of the siblings).
   */
  private subject(
    xpath: string | undefined,
    message: string,
    nodeAt: (xpath: string) => Element | undefined,
  ): ErrorSubject {
    const names = /^Element '(?:\{[^}]*\})?([^']*)'(?:, attribute '(?:\{([^}]*)\})?([^']*)')?/.exec(message);
    const local = names?.[1] ?? '';
    const attrNs = names?.[2];
    const attrName = names?.[3];
    const typeName = () => this.typeName(local, attrName);
    if (!xpath) return { typeName, builtinType: () => this.builtinType(local, attrName) };
    const step = xpath.slice(xpath.lastIndexOf('/') + 1).replace(/\[\d+\]$/, '');
    const qname = STEP_NAME.test(step) && step !== '*' ? step : undefined;
    return {
      qname,
      text: () => nodeAt(xpath)?.content,
      attr: (name) =>
        nodeAt(xpath)?.attrs.find((a) => (a.prefix ? `${a.prefix}:${a.name}` : a.name) === name)?.value,
      typeName,
      builtinType: () => this.builtinType(local, attrName),
      attrIsGlobal: () => this.attrIsGlobal(local, attrName),
      // a namespaced attribute is `{ns}local` to libxml2, `p:local` (as written) to Xerces
      attrName: () => {
        if (attrNs === undefined) return attrName;
        const a = nodeAt(xpath)?.attrs.find((x) => x.name === attrName && x.namespaceUri === attrNs);
        return a?.prefix ? `${a.prefix}:${a.name}` : attrName;
      },
    };
  }

  private attrIsGlobal(local: string, attr: string | undefined): boolean {
    const decl = attr === undefined ? undefined : this.findDecl(local, attr);
    return !!decl && decl.parent?.parent === null;
  }

  /**
   * The name Xerces gives the simple type of an element (or of one of its attributes): its `type` attribute's local
   * name, or for an anonymous type `#AnonType_` followed by the names of the declarations around it.
   */
  private readonly typeNames = new Map<string, string | undefined>();
  private typeName(local: string, attr: string | undefined): string | undefined {
    const key = `${local} ${attr ?? ''}`;
    if (!this.typeNames.has(key)) this.typeNames.set(key, this.findTypeName(local, attr));
    return this.typeNames.get(key);
  }

  /** The first declaration of an element (or of an attribute on it) in the schemas, resources included. */
  private findDecl(local: string, attr: string | undefined): Element | undefined {
    this.parseResources();
    for (const d of this.docs) {
      const decl = d.get(
        attr !== undefined
          ? `//xs:element[@name='${local}']//xs:attribute[@name='${attr}'] | //xs:attribute[@name='${attr}']`
          : `//xs:element[@name='${local}']`,
        XS_NS,
      );
      if (decl instanceof this.lib.XmlElement) return decl;
    }
    return undefined;
  }

  private parseResources(): void {
    if (!this.resourceTexts.length) return;
    for (const t of this.resourceTexts)
      try {
        this.docs.push(
          this.lib.XmlDocument.fromString(t, {
            option: this.lib.ParseOption.XML_PARSE_NONET | this.lib.ParseOption.XML_PARSE_NO_XXE,
          }),
        );
      } catch {
        // compiled already: cannot happen; a name is then not found
      }
    this.resourceTexts = [];
  }

  private findTypeName(local: string, attr: string | undefined): string | undefined {
    const decl = this.findDecl(local, attr);
    if (!decl) return undefined;
    const t = decl.attr('type')?.value;
    if (t) return t.slice(t.indexOf(':') + 1);
    let name = '#AnonType_';
    for (let n: Element | null = decl; n && n.parent; n = n.parent) name += n.attr('name')?.value ?? '';
    return name;
  }

  /**
   * The built-in type a declaration's simple type derives from (following `type` and `restriction/@base` through
   * named simple types): Xerces names it when a value is not even of that type's lexical form.
   */
  builtinType(local: string, attr: string | undefined): string | undefined {
    let decl = this.findDecl(local, attr);
    for (let depth = 0; decl && depth < 16; depth++) {
      const base =
        decl.attr('type')?.value ??
        (
          decl.get('xs:simpleType/xs:restriction/@base | xs:restriction/@base', XS_NS) as {
            value?: string;
          } | null
        )?.value;
      if (!base) return undefined;
      const i = base.indexOf(':');
      const name = base.slice(i + 1);
      if (decl.namespaceForPrefix(i < 0 ? '' : base.slice(0, i)) === XS) return name;
      decl = undefined;
      for (const d of this.docs) {
        const t = d.get(`//xs:simpleType[@name='${name}']`, XS_NS);
        if (t instanceof this.lib.XmlElement) {
          decl = t;
          break;
        }
      }
    }
    return undefined;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.validator.dispose();
    for (const d of this.docs) d.dispose();
  }
}

type Element = InstanceType<Libxml['XmlElement']>;

/** A step of the element paths libxml2 writes (xmlGetNodePath): `p:local`, `local`, or `*` (default namespace). */
const STEP_NAME = /^(\*|[\w.-]+(:[\w.-]+)?)$/;

/**
 * Finds the element of a path as libxml2 writes it in an error (`/p:a/p:b[3]`; a step `*[2]` for an element in a
 * default namespace): each step is the n-th child of that name (`*`: the n-th element child). Children are grouped once per parent, so many errors in a
 * long list cost one pass, not one walk of the siblings each (as an XPath evaluation of `x[20000]` would).
 */
function pathResolver(
  doc: InstanceType<Libxml['XmlDocument']>,
  lib: Libxml,
): (xpath: string) => Element | undefined {
  const groups = new Map<string, Map<string, Element[]>>();
  const childrenOf = (path: string, parent: Element | undefined): Map<string, Element[]> => {
    let g = groups.get(path);
    if (g) return g;
    g = new Map();
    const add = (name: string, el: Element) => {
      const list = g!.get(name);
      if (list) list.push(el);
      else g!.set(name, [el]);
    };
    const kids: Element[] = [];
    if (!parent) kids.push(doc.root);
    else for (let c = parent.firstChild; c; c = c.next) if (c instanceof lib.XmlElement) kids.push(c);
    for (const el of kids) {
      add('*', el);
      if (el.prefix) add(`${el.prefix}:${el.name}`, el);
      else if (!el.namespaceUri) add(el.name, el);
    }
    groups.set(path, g);
    return g;
  };
  return (xpath) => {
    let node: Element | undefined;
    let path = '';
    for (const step of xpath.split('/').slice(1)) {
      const m = /^(.*?)(?:\[(\d+)\])?$/.exec(step)!;
      if (!STEP_NAME.test(m[1]!)) return undefined;
      node = childrenOf(path, node).get(m[1]!)?.[Number(m[2] ?? '1') - 1];
      if (!node) return undefined;
      path += `/${step}`;
    }
    return node;
  };
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}

/**
 * Compiles one or more schemas into one validator. Throws XsdCompileError with libxml2's reasons (and ours) when
 * a schema is not a valid XML schema, has a DOCTYPE, or imports a location no `<resource>` answers.
 */
export function compileXsd(
  lib: Libxml,
  sources: XsdSource[],
  lookup: XsdResourceLookup | undefined,
): CompiledXsd {
  register(lib);
  const { XmlDocument, XsdValidator, ParseOption } = lib;
  const option = ParseOption.XML_PARSE_NONET | ParseOption.XML_PARSE_NO_XXE;
  for (const s of sources)
    if (DOCTYPE.test(s.text)) throw new XsdCompileError(`the schema '${s.key}' has a DOCTYPE (refused)`);
  const files = new Map<string, Uint8Array>();
  const docs: InstanceType<Libxml['XmlDocument']>[] = [];
  let root: string;
  let rootUrl: string;
  if (sources.length === 1) {
    root = sources[0]!.text;
    rootUrl = `${VIRTUAL}.synapse-schema-0.xsd`;
  } else {
    // one generated schema: the no-namespace schemas included, each target namespace imported (one generated
    // schema per namespace includes that namespace's schemas)
    const byNs = new Map<string, string[]>();
    sources.forEach((s, i) => {
      const name = `${VIRTUAL}.synapse-schema-${i}.xsd`;
      files.set(name, Buffer.from(s.text, 'utf8'));
      const ns = targetNamespace(s.text);
      byNs.set(ns, [...(byNs.get(ns) ?? []), name]);
    });
    let body = '';
    let j = 0;
    for (const [ns, names] of byNs) {
      if (ns === '') {
        for (const n of names) body += `<xs:include schemaLocation="${escAttr(n)}"/>`;
        continue;
      }
      const group = `${VIRTUAL}.synapse-schema-ns-${j++}.xsd`;
      files.set(
        group,
        Buffer.from(
          `<xs:schema xmlns:xs="${XS}" targetNamespace="${escAttr(ns)}">${names
            .map((n) => `<xs:include schemaLocation="${escAttr(n)}"/>`)
            .join('')}</xs:schema>`,
          'utf8',
        ),
      );
      body += `<xs:import namespace="${escAttr(ns)}" schemaLocation="${escAttr(group)}"/>`;
    }
    root = `<xs:schema xmlns:xs="${XS}">${body}</xs:schema>`;
    rootUrl = `${VIRTUAL}.synapse-schema-all.xsd`;
  }
  const s: Serving = { files, lookup, problems: [], served: 0, resources: [] };
  serving = s;
  try {
    let doc: InstanceType<Libxml['XmlDocument']>;
    try {
      doc = XmlDocument.fromString(root, { option, url: rootUrl });
    } catch (e) {
      throw new XsdCompileError(reasonOf(e, s));
    }
    docs.push(doc);
    if (sources.length > 1)
      for (const src of sources) {
        try {
          docs.push(XmlDocument.fromString(src.text, { option }));
        } catch (e) {
          docs.forEach((d) => d.dispose());
          throw new XsdCompileError(reasonOf(e, s));
        }
      }
    try {
      return new CompiledXsd(lib, XsdValidator.fromDoc(doc), docs, s.resources);
    } catch (e) {
      docs.forEach((d) => d.dispose());
      throw new XsdCompileError(reasonOf(e, s));
    }
  } finally {
    serving = undefined;
    open.clear();
  }
}

function reasonOf(e: unknown, s: Serving): string {
  const details = (e as { details?: { message: string; level: number }[] }).details;
  const lines = [
    ...s.problems,
    ...(details?.filter((d) => d.level >= 2).map((d) => d.message.trim()) ?? [
      firstLine((e as Error).message),
    ]),
  ];
  return [...new Set(lines)].join('; ');
}
