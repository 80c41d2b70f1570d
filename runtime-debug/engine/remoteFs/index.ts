/**
 * Remote file systems (FTP, FTPS, SFTP) for the File connector and the VFS transport, one per distinct server and
 * settings, each with its connection pool; closeRemoteFileSystems() closes them all (the runtime's stop).
 */
import type { FileSystem, RemoteConfig } from './types';
import { FtpFileSystem } from './ftp';
import { SftpFileSystem } from './sftp';

export { localFs } from './local';
export { FsError, type FileSystem, type FsEntry, type FsStat, type RemoteConfig } from './types';

type Closable = FileSystem & { close(): void };
const open = new Map<string, Closable>();

/** The file system of these settings (the same object, so the same pool, for the same settings). */
export function remoteFs(cfg: RemoteConfig): FileSystem {
  const key = JSON.stringify(cfg);
  let fs = open.get(key);
  if (!fs) {
    fs = cfg.protocol === 'sftp' ? new SftpFileSystem(cfg) : new FtpFileSystem(cfg);
    open.set(key, fs);
  }
  return fs;
}

/** Closes every pool (idle connections now, busy ones when they come back). */
export function closeRemoteFileSystems(): void {
  for (const fs of open.values()) fs.close();
  open.clear();
}

export const DEFAULT_PORTS: Record<RemoteConfig['protocol'], number> = { ftp: 21, ftps: 21, sftp: 22 };

/** The defaults of RemoteConfig fields a caller does not set (FTPConnectionConfig / SFTPConnectionConfig). */
export function remoteDefaults(
  protocol: RemoteConfig['protocol'],
): Omit<RemoteConfig, 'host' | 'username' | 'password'> {
  return {
    protocol,
    port: DEFAULT_PORTS[protocol],
    userDirIsRoot: false,
    connectTimeoutMs: 100_000,
    socketTimeoutMs: 150_000,
    passive: true,
    implicit: false,
    strictHostKeyChecking: false,
    maxActive: 8,
    maxWaitMs: 30_000,
  };
}
