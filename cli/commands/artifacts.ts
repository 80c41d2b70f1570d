/** `synapse artifacts --server URL [--kind apis|proxy-services|…|applications] [--format text|json] [--fingerprint …]`. */
import { ARTIFACT_KINDS, type ArtifactKind } from '../../core/management';
import { UsageError, parse, type Command } from '../usage';
import { clientsFor, describeError, serverOptions } from './deploy';

const KINDS = ['applications', ...ARTIFACT_KINDS] as const;

function summary(kind: string, item: Record<string, unknown>): string {
  const pick = (...keys: string[]) =>
    keys
      .filter((k) => item[k] !== undefined && item[k] !== '')
      .map((k) => `${k}=${typeof item[k] === 'object' ? JSON.stringify(item[k]) : String(item[k])}`)
      .join(' ');
  switch (kind) {
    case 'applications':
      return `version=${item.version} artifacts=${(item.artifacts as unknown[]).length}`;
    case 'apis':
      return pick('url');
    case 'endpoints':
      return pick('type', 'isActive');
    case 'inbound-endpoints':
      return pick('protocol', 'status');
    case 'message-processors':
      return pick('type', 'status');
    case 'message-stores':
      return pick('type', 'size');
    case 'local-entries':
    case 'templates':
      return pick('type');
    case 'sequences':
      return pick('container');
    default:
      return '';
  }
}

export const artifactsCommand: Command = {
  name: 'artifacts',
  usage:
    'synapse artifacts --server URL [--kind apis|proxy-services|…] [--format text|json] [--fingerprint SHA256]',
  summary: 'list what a server runs, through its management API',
  async run(args) {
    const { values, positionals } = parse(args, {
      ...serverOptions,
      kind: { type: 'string' },
      format: { type: 'string' },
    });
    if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError('--format is text or json');
    if (values.kind && !(KINDS as readonly string[]).includes(values.kind))
      throw new UsageError(`--kind must be one of ${KINDS.join(', ')}`);
    const kinds = values.kind ? [values.kind] : [...KINDS];
    const clients = await clientsFor(values);
    let failed = 0;
    const json: Record<string, unknown> = {};
    for (const { target, client } of clients) {
      try {
        const result: Record<string, Record<string, unknown>[]> = {};
        for (const kind of kinds) {
          if (kind === 'applications') {
            const apps = await client.applications();
            result[kind] = [
              ...apps.activeList,
              ...apps.faultyList.map((a) => ({ ...a, faulty: true })),
            ] as unknown as Record<string, unknown>[];
          } else result[kind] = (await client.list(kind as ArtifactKind)).list;
        }
        if (format === 'json') json[target.url] = values.kind ? result[values.kind] : result;
        else {
          if (clients.length > 1) process.stdout.write(`# ${target.url}\n`);
          for (const kind of kinds) {
            for (const item of result[kind])
              process.stdout.write(
                `${kind}\t${String(item.name)}\t${summary(kind, item)}\n`.replace(/\t\n$/, '\n'),
              );
          }
        }
      } catch (e) {
        failed++;
        process.stderr.write(`${target.url}: FAILED ${describeError(e)}\n`);
      } finally {
        await client.logout().catch(() => undefined);
        client.close();
      }
    }
    if (format === 'json')
      process.stdout.write(
        `${JSON.stringify(clients.length === 1 ? (json[clients[0].target.url] ?? null) : json, null, 2)}\n`,
      );
    return failed ? 1 : 0;
  },
};
