/**
 * The local entries Synapse defines for the server at start (Axis2SynapseController.addServerIPAndHostEntries):
 * SERVER_HOST, the host's name, and SERVER_IP, its address (here the first IPv4 one off the loopback). Read by
 * get-property('SERVER_IP') (GetPropertyFunction falls back to the local entry of the key) and listed by the
 * management API's local entries.
 */
import { hostname, networkInterfaces } from 'node:os';

export const SERVER_ENTRY_NAMES = ['SERVER_HOST', 'SERVER_IP'] as const;

/** The value of a server entry; undefined for another key. */
export function serverEntry(key: string): string | undefined {
  if (key === 'SERVER_HOST') return hostname();
  if (key !== 'SERVER_IP') return undefined;
  for (const i of Object.values(networkInterfaces()).flat())
    if (i && i.family === 'IPv4' && !i.internal) return i.address;
  return '127.0.0.1';
}
