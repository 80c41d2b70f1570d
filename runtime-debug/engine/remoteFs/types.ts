/**
 * One file system the File connector's operations and the VFS transport work on: the local disk, or a remote server
 * reached over FTP, FTPS or SFTP (./ftp.ts, ./sftp.ts). Paths are absolute, `/`-separated, already folded (no `.`,
 * `..` or repeated separators). Failures carry a Node errno-like `code` (ENOENT, EEXIST, EACCES, ENOTDIR, EISDIR,
 * ENOTEMPTY) so one error wording serves every file system.
 */
export interface FsStat {
  size: number;
  mtimeMs: number;
  isFile(): boolean;
  isDirectory(): boolean;
}

/** A folder entry with its type, size and time (a listing gives them at once on FTP and SFTP). */
export interface FsEntry {
  name: string;
  /** undefined: a dangling link or an entry gone meanwhile. */
  stat: FsStat | undefined;
}

export interface FileSystem {
  /** `local`, `ftp`, `ftps` or `sftp`. */
  readonly scheme: string;
  /** The URI of a path on this file system as messages show it (the password never shown). */
  uriOf(path: string): string;
  stat(path: string): Promise<FsStat>;
  /** The entries of a folder, in the order the server lists them. */
  list(dir: string): Promise<FsEntry[]>;
  readdir(dir: string): Promise<string[]>;
  readFile(path: string): Promise<Buffer>;
  writeFile(path: string, data: Buffer | string): Promise<void>;
  appendFile(path: string, data: Buffer | string): Promise<void>;
  mkdir(path: string, opts?: { recursive?: boolean }): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  rm(path: string, opts?: { recursive?: boolean; force?: boolean }): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  chmod(path: string, mode: number): Promise<void>;
}

/**
 * The largest file moved through the embedded runtime's memory from a server (a read, or a copy or move on the
 * server, which goes through the client as with VFS): a bigger one is refused, not loaded.
 */
export const MAX_TRANSFER_BYTES = 256 * 1024 * 1024;

/** The most a server may send for one folder listing (bytes of an FTP LIST, entries of an SFTP folder). */
export const MAX_LISTING_BYTES = 64 * 1024 * 1024;
export const MAX_LISTING_ENTRIES = 200_000;

/** A file-system failure with an errno-like code (what ioMessage and the operations test). */
export class FsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FsError';
  }
}

/** What a remote file system needs to connect (a File connection, or a `vfs:` URL and its parameters). */
export interface RemoteConfig {
  protocol: 'ftp' | 'ftps' | 'sftp';
  host: string;
  port: number;
  username: string;
  password: string;
  /** Paths are relative to the login folder (userDirIsRoot / vfs.userDirIsRoot), else to the server's root. */
  userDirIsRoot: boolean;
  connectTimeoutMs: number;
  /** FTP: the socket (idle) timeout; SFTP: the session timeout. */
  socketTimeoutMs: number;
  /** FTP: passive data connections (the only mode the embedded runtime has). */
  passive: boolean;
  /** FTPS: implicit TLS (from the first byte) instead of AUTH TLS. */
  implicit: boolean;
  /** FTPS: a PEM file of the certificates to trust (trustStorePath); none: any certificate within its validity. */
  trustPem?: string;
  /** SFTP: a private key file (privateKeyFilePath / transport.vfs.SFTPIdentities) and its passphrase. */
  identityFile?: string;
  identityPassphrase?: string;
  /** SFTP: the host key must be in the known_hosts file and match it. */
  strictHostKeyChecking: boolean;
  /** SFTP: the known_hosts file (default ~/.ssh/known_hosts, as JSch's). */
  knownHostsFile?: string;
  /** Pool: most connections open at once; a caller waits up to maxWaitMs for one. */
  maxActive: number;
  maxWaitMs: number;
}
