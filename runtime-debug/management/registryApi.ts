/**
 * /management/registry-resources of `synapse serve`, as MI's RegistryResource, RegistryContentResource,
 * RegistryMetadataResource and RegistryPropertiesResource answer it: the `path` is a registry path
 * (`registry/config/...`, `registry/governance/...`, `registry/local/...`), checked as Utils.validatePath does;
 * refusals are 400 `{"Error"}` with MI's messages. Changes reach the runtime's `conf:`/`gov:`/`local:` lookups
 * (ArtifactHost.setResource) and are written to the audit log.
 */
import type { AuditLog } from './audit';
import { boundaryOf, parseMultipart } from './multipart';
import { propertiesText, type ArtifactHost } from './registry';
import { registryKeyOf, validateRegistryPath, type RegistryTree } from './registryTree';

export interface RegistryCall {
  method: string;
  /** `undefined` for /registry-resources, else `content`, `metadata` or `properties`. */
  tail: string | undefined;
  q: URLSearchParams;
  contentType: string;
  /** Reads the request body (bounded by the caller). */
  body(): Promise<Buffer>;
  user: string;
}

export type RegistryAnswer =
  { status: number; json: unknown } | { status: number; bytes: Buffer; contentType: string };

const err = (message: string, status = 400): RegistryAnswer => ({ status, json: { Error: message } });
/** What the in-memory registry may hold in all, so that uploads cannot exhaust the server's memory. */
export const MAX_REGISTRY_TOTAL_BYTES = 256 * 1024 * 1024;
const ok = (json: unknown): RegistryAnswer => ({ status: 200, json });
const nameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

export class RegistryApi {
  constructor(
    private readonly tree: RegistryTree,
    private readonly host: ArtifactHost,
    private readonly audit: AuditLog,
    private readonly maxTotalBytes = MAX_REGISTRY_TOTAL_BYTES,
  ) {}

  async handle(c: RegistryCall): Promise<RegistryAnswer> {
    const raw = c.q.get('path');
    const v = validateRegistryPath(raw);
    if ('error' in v) return err(v.error);
    const path = v.path;
    const shown = raw ?? '';
    switch (c.tail) {
      case undefined:
        if (c.method !== 'GET')
          return err(`Unsupported HTTP method, ${c.method}. Only GET method is supported`);
        return this.directory(c, path);
      case 'content':
        return this.content(c, path, shown);
      case 'metadata':
        if (c.method !== 'GET')
          return err(`Unsupported HTTP method, ${c.method}. Only GET method is supported`);
        if (!this.tree.exists(path)) return err(`Can not find the registry: ${shown}`);
        if (this.tree.isDir(path)) return err('Can not fetch metadata for a directory.', 500);
        return ok({ name: nameOf(path), mediaType: this.tree.file(path)!.mediaType });
      case 'properties':
        return this.properties(c, path, shown);
      default:
        return err(`no resource at /management/registry-resources/${c.tail}`, 404);
    }
  }

  /** RegistryResource: a folder's children, or with `expand=true` / `searchKey` its tree. */
  private directory(c: RegistryCall, path: string): RegistryAnswer {
    if (!this.tree.isDir(path)) return err('Invalid registry path');
    const searchKey = c.q.get('searchKey');
    if (searchKey !== null && searchKey.trim()) {
      return ok({ list: this.tree.tree(path, searchKey.toLowerCase()) ?? {} });
    }
    if (c.q.get('expand') === 'true') return ok({ list: this.tree.tree(path) });
    const list = this.tree.listing(path);
    return ok({ count: list.length, list });
  }

  private async content(c: RegistryCall, path: string, shown: string): Promise<RegistryAnswer> {
    const key = registryKeyOf(path);
    if (c.method === 'GET') {
      const f = this.tree.file(path);
      if (!f) {
        if (this.tree.isDir(path)) return err('Error occurred while reading the requested file', 500);
        return err(`Can not find the registry: ${shown}`);
      }
      return { status: 200, bytes: f.content, contentType: 'application/octet-stream' };
    }
    if (c.method === 'POST') {
      if (this.tree.exists(path)) return err('Registry already exists. Can not POST an existing registry');
      if (!key) return err(`Invalid registry path: ${shown}`);
      const data = await this.payload(c);
      if ('status' in data) return data;
      if (this.full(data.bytes.length)) return this.fullError();
      this.tree.put(path, data.bytes, c.q.get('mediaType') ?? 'text/plain');
      this.host.setResource?.(key, data.bytes);
      this.audit.change(c.user, 'registry_resource', 'created', { registryResourceName: nameOf(path) });
      return ok({ message: 'Successfully added the registry resource' });
    }
    if (c.method === 'PUT') {
      if (!this.tree.exists(path)) return err(`Registry does not exists in the path: ${shown}`);
      if (!key) return err(`Invalid registry path: ${shown}`);
      if (this.tree.isDir(path)) return err(`Invalid registry path: ${shown}`);
      const data = await this.payload(c);
      if ('status' in data) return data;
      if (this.full(data.bytes.length - (this.tree.file(path)?.content.length ?? 0))) return this.fullError();
      this.tree.put(path, data.bytes);
      this.host.setResource?.(key, data.bytes);
      this.audit.change(c.user, 'registry_resource', 'updated', { registryResourceName: nameOf(path) });
      return ok({ message: 'Successfully modified the registry resource' });
    }
    if (c.method === 'DELETE') {
      if (!this.tree.exists(path)) return err(`Registry does not exists in the path: ${shown}`);
      if (!key || !key.replace(/^\w+:/, '')) return err(`Invalid registry path: ${shown}`);
      const files = this.tree.delete(path);
      for (const f of files) {
        const k = registryKeyOf(f);
        if (k) {
          this.host.setResource?.(k, undefined);
          this.host.setResource?.(`${k}.properties`, undefined);
        }
      }
      this.audit.change(c.user, 'registry_resource', 'deleted', { registryResourceName: nameOf(path) });
      return ok({ message: 'Successfully deleted the registry resource' });
    }
    return err(`Unsupported HTTP method, ${c.method}. Only GET, POST, PUT and DELETE methods are supported`);
  }

  private full(adding: number): boolean {
    return this.tree.totalBytes + adding > this.maxTotalBytes;
  }

  private fullError(): RegistryAnswer {
    return err(`the registry would hold more than ${this.maxTotalBytes} bytes; delete resources first`, 413);
  }

  /** The file of a multipart body (its first part), or a raw body as it is. */
  private async payload(c: RegistryCall): Promise<{ bytes: Buffer } | RegistryAnswer> {
    if (!c.contentType) return err('Error while fetching Content-Type from request');
    const body = await c.body();
    if (/multipart\/form-data/i.test(c.contentType)) {
      const boundary = boundaryOf(c.contentType);
      let parts: ReturnType<typeof parseMultipart>;
      try {
        parts = boundary ? parseMultipart(body, boundary) : [];
      } catch {
        parts = [];
      }
      const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
      if (!part) return err('Error while fetching file content from payload');
      return { bytes: part.data };
    }
    return { bytes: body };
  }

  private async properties(c: RegistryCall, path: string, shown: string): Promise<RegistryAnswer> {
    const key = registryKeyOf(path);
    if (c.method === 'GET') {
      if (!this.tree.exists(path)) return err(`Can not find the registry: ${shown}`);
      if (!key) return err(`Invalid registry path: ${path}`);
      const props = this.tree.properties(path) ?? new Map<string, string>();
      const name = c.q.get('name');
      if (name !== null) {
        if (!props.has(name)) return err(`Property named ${name} does not exist`);
        return ok({ [name]: props.get(name) });
      }
      return ok({ count: props.size, list: [...props].map(([n, value]) => ({ name: n, value })) });
    }
    if (c.method === 'POST') {
      if (!key) return err(`Invalid registry path: ${shown}`);
      if (!/application\/json/i.test(c.contentType))
        return err('Error while fetching properties from payload');
      let given: Map<string, string> | undefined;
      try {
        const arr: unknown = JSON.parse((await c.body()).toString('utf8'));
        if (Array.isArray(arr)) {
          given = new Map();
          for (const p of arr) {
            if (!p || typeof p !== 'object' || typeof (p as { name?: unknown }).name !== 'string') {
              given = undefined;
              break;
            }
            const { name, value } = p as { name: string; value?: unknown };
            given.set(name, value === undefined || value === null ? '' : String(value));
          }
        }
      } catch {
        given = undefined;
      }
      if (!given) return err('Invalid payload for properties');
      let action: 'created' | 'updated' = 'updated';
      if (!this.tree.exists(path)) {
        // RegistryPropertiesResource.postEmptyRegistryProperties: an empty text/plain resource with the properties
        this.tree.put(path, Buffer.alloc(0), 'text/plain', new Map());
        this.host.setResource?.(key, Buffer.alloc(0));
        action = 'created';
      }
      const props = this.tree.properties(path)!;
      for (const [n, value] of given) props.set(n, value);
      this.syncProperties(path, key, props);
      this.audit.change(c.user, 'registry_resource_properties', action, {
        registryResourceName: nameOf(path),
        list: Object.fromEntries(props),
      });
      return ok({ message: 'Successfully added the registry property' });
    }
    if (c.method === 'DELETE') {
      const name = c.q.get('name');
      if (name === null) return err('Property name not found in the request');
      if (!key) return err(`Invalid registry path: ${shown}`);
      const props = this.tree.exists(path) ? this.tree.properties(path) : undefined;
      if (!props || !props.size) return err(`Cannot find a property file in the path: ${shown}`);
      if (!props.delete(name)) return err(`Property named ${name} does not exist`);
      this.syncProperties(path, key, props);
      this.audit.change(c.user, 'registry_resource_properties', 'deleted', {
        registryResourceName: nameOf(path),
        propertyName: name,
      });
      return ok({ message: 'Successfully deleted the registry property' });
    }
    return err(`Unsupported HTTP method, ${c.method}. Only GET, POST and DELETE methods are supported`);
  }

  /** The runtime reads a resource's properties from `<key>.properties` (a folder's from `<key>.collections.properties`). */
  private syncProperties(path: string, key: string, props: Map<string, string>): void {
    const text = propertiesText([...props].map(([k, value]) => ({ key: k, value })));
    if (this.tree.isDir(path))
      this.host.setResource?.(`${key.replace(/\/$/, '')}.collections.properties`, text);
    else this.host.setResource?.(`${key}.properties`, text);
  }
}
