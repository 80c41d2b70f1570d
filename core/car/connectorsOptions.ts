/**
 * The command-line flags of connector packaging, shared by the commands that build a CAR from a project:
 * `--fetch-connectors`, `--maven-repo URL` (repeatable), `--maven-repo-local DIR`, `--require-connectors`,
 * `--no-connectors`.
 */
import type { ResolveConnectorsOptions } from './connectors';

export const CONNECTOR_OPTIONS = {
  'fetch-connectors': { type: 'boolean' },
  'no-connectors': { type: 'boolean' },
  'require-connectors': { type: 'boolean' },
  'maven-repo': { type: 'string', multiple: true },
  'maven-repo-local': { type: 'string' },
} as const;

export const CONNECTOR_USAGE =
  '[--fetch-connectors] [--maven-repo URL]... [--maven-repo-local DIR] [--require-connectors | --no-connectors]';

export type ConnectorFlagValues = {
  'fetch-connectors'?: boolean;
  'no-connectors'?: boolean;
  'require-connectors'?: boolean;
  'maven-repo'?: string[];
  'maven-repo-local'?: string;
};

/** The resolution options the flags ask for, or a usage problem (a string) when they do not fit together. */
export function connectorOptionsFrom(
  v: ConnectorFlagValues,
): (ResolveConnectorsOptions & { skip?: boolean; require?: boolean }) | string {
  if (v['no-connectors'] && (v['fetch-connectors'] || v['maven-repo']?.length || v['require-connectors']))
    return '--no-connectors cannot be combined with --fetch-connectors, --maven-repo or --require-connectors';
  for (const u of v['maven-repo'] ?? [])
    if (!/^https?:\/\/[^/\s]+/i.test(u)) return `--maven-repo must be an http(s) URL, got '${u}'`;
  if (v['maven-repo']?.length && !v['fetch-connectors'])
    return '--maven-repo is where --fetch-connectors downloads from: give --fetch-connectors too';
  if (v['maven-repo-local'] === '') return '--maven-repo-local needs a folder';
  return {
    skip: v['no-connectors'],
    require: v['require-connectors'],
    fetch: v['fetch-connectors'],
    repositories: v['maven-repo'],
    mavenRepoLocal: v['maven-repo-local'],
  };
}
