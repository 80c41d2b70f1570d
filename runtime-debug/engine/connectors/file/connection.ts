/**
 * A File connector connection (`<file.init>`) and how an operation's path becomes a local path, as the connector
 * does it: FileConfig.getConnectionConfigFromContext reads the parameters (connectionType as a FileServerProtocol
 * name, fileLockScheme Local|Cluster, both required), LocalFileSystemSetup makes the base URI `file://` + `/` +
 * workingDir (ProtocolBasedFileSystemSetup.constructVfsUrl), and every operation resolves `base + path` — a plain
 * concatenation, so a workingDir `/data` and a path `in.txt` name `/datain.txt` — through VFS, which decodes `%xx`
 * escapes and folds `.`, `..` and repeated separators. VFS keeps no confinement: `..` may leave the working folder.
 */
import { FileOpError, failure } from './errors';
import { localFs, remoteDefaults, remoteFs, type FileSystem, type RemoteConfig } from '../../remoteFs';

export const FILE_PROTOCOLS = ['LOCAL', 'FTP', 'FTPS', 'SFTP', 'SMB2', 'SMB'] as const;
export type FileProtocol = (typeof FILE_PROTOCOLS)[number];

export interface FileConnection {
  name: string;
  protocol: FileProtocol;
  /** As configured (may be empty). */
  workingDir: string;
  /** The base every operation path is appended to (`file://` + `/` + workingDir, or `file://`). */
  base: string;
  clusterLocking: boolean;
  /** The file system its operations run on (the local disk, or the FTP / FTPS / SFTP server, pooled). */
  fs: FileSystem;
  /** The remote server's settings (FTP, FTPS, SFTP). */
  remote?: RemoteConfig;
}

/**
 * Reads a connection from the `<file.init>` parameters (already evaluated). Throws a FileOpError
 * (INVALID_CONFIGURATION) where FileConfig.connect does; a protocol MI does not know is a configuration error too
 * (MI: an IllegalArgumentException from FileServerProtocol.valueOf).
 */
export function connectionOf(params: (name: string) => string | undefined): FileConnection {
  const name = params('name') ?? params('connectionName') ?? '';
  const context = `[${name}]Failed to initiate file connector configuration.`;
  const bad = (message: string): FileOpError => new FileOpError('INVALID_CONFIGURATION', message, context);
  if (!name) throw bad("Mandatory parameter 'connectionName' is not set.");
  const type = params('connectionType') ?? '';
  if (!type) throw bad("Mandatory parameter 'protocol' is not set.");
  if (!(FILE_PROTOCOLS as readonly string[]).includes(type))
    throw bad(`No enum constant org.wso2.carbon.connector.connection.FileServerProtocol.${type}`);
  const workingDir = params('workingDir') ?? '';
  const lock = params('fileLockScheme') ?? '';
  if (!lock) throw bad("Parameter 'fileLockScheme' contains empty value.");
  if (lock !== 'Local' && lock !== 'Cluster') throw bad(`Unknown file lock scheme '${lock}'`);
  const protocol = type as FileProtocol;
  const remote =
    protocol === 'FTP' || protocol === 'FTPS' || protocol === 'SFTP'
      ? remoteOf(params, protocol, bad)
      : undefined;
  const dir = workingDir ? '/' + workingDir : '';
  let base = 'file://' + dir;
  if (remote) {
    // constructVfsUrl: user[:password]@host:port, then "/" + workingDir (the password not shown here)
    const auth = remote.username ? `${remote.username}${remote.password ? ':***' : ''}@` : '';
    base = `${remote.protocol}://${auth}${remote.host}:${remote.port}${dir}`;
  }
  return {
    name,
    protocol,
    workingDir,
    base,
    clusterLocking: lock === 'Cluster',
    fs: remote ? remoteFs(remote) : localFs,
    remote,
  };
}

/**
 * The remote server's settings as FileConfig.setCommonRemoteServerConfigs / setFTP…/setSFTPConnectionConfigs read
 * them: host, port (Integer.parseInt), username, password (URL-encoded when encodePassword), userDirIsRoot (default
 * false); FTP/FTPS isPassive (default true), ftpConnectionTimeout (100000) and ftpSocketTimeout (150000), digits
 * only; FTPS implicitModeEnabled, trustStorePath; SFTP sftpSessionTimeout (150000, digits only),
 * strictHostKeyChecking (default false), privateKeyFilePath / privateKeyPassword, sftpPathFromRoot (forces paths
 * from the server's root). The pool: maxActiveConnections, maxWaitTime.
 */
function remoteOf(
  params: (name: string) => string | undefined,
  protocol: 'FTP' | 'FTPS' | 'SFTP',
  bad: (message: string) => FileOpError,
): RemoteConfig {
  const proto = protocol.toLowerCase() as RemoteConfig['protocol'];
  const d = remoteDefaults(proto);
  const bool = (n: string, dflt: boolean): boolean => {
    const v = params(n);
    return v ? v.toLowerCase() === 'true' : dflt;
  };
  const digits = (n: string, label: string, dflt: number, wording = 'needs to be numeric'): number => {
    const v = params(n);
    if (!v) return dflt;
    if (!/^\d+$/.test(v)) throw bad(`Parameter '${label}' ${wording}`);
    return Number(v);
  };
  const portText = params('port') ?? '';
  let port = d.port;
  if (portText) {
    if (!/^[+-]?\d+$/.test(portText)) throw bad(`For input string: "${portText}"`);
    port = Number(portText);
  }
  // encodePassword (FileConfig.encodePassword) URL-encodes the password for the VFS URL only: the server gets it as is
  const password = params('password') ?? '';
  const cfg: RemoteConfig = {
    ...d,
    host: params('host') ?? '',
    port,
    username: params('username') ?? '',
    password,
    userDirIsRoot: bool('userDirIsRoot', false),
    maxActive: Math.min(Math.max(digits('maxActiveConnections', 'maxActiveConnections', d.maxActive), 1), 64),
    maxWaitMs: Math.min(digits('maxWaitTime', 'maxWaitTime', d.maxWaitMs), 600_000),
  };
  if (proto === 'sftp') {
    const session = digits(
      'sftpSessionTimeout',
      'sessionTimeout',
      150_000,
      'does not contain a numeric value',
    );
    cfg.socketTimeoutMs = session;
    cfg.connectTimeoutMs = session;
    cfg.strictHostKeyChecking = bool('strictHostKeyChecking', false);
    cfg.identityFile = params('privateKeyFilePath') || undefined;
    cfg.identityPassphrase = params('privateKeyPassword') || undefined;
    if (bool('sftpPathFromRoot', false)) cfg.userDirIsRoot = false;
  } else {
    cfg.passive = bool('isPassive', true);
    cfg.connectTimeoutMs = digits('ftpConnectionTimeout', 'connectionTimeout', d.connectTimeoutMs);
    cfg.socketTimeoutMs = digits('ftpSocketTimeout', 'socketTimeout', d.socketTimeoutMs);
    if (proto === 'ftps') {
      cfg.implicit = bool('implicitModeEnabled', false);
      cfg.trustPem = params('trustStorePath') || undefined;
    }
  }
  return cfg;
}

/** The error an operation on a remote connection gives in the embedded runtime (never a silent wrong answer). */
export function unsupportedProtocol(conn: FileConnection, op: string): FileOpError {
  return new FileOpError(
    'CONNECTION_ERROR',
    `The embedded runtime does not reach SMB shares: connection '${conn.name}' is of type ${conn.protocol}`,
    `Error while performing file:${op}`,
  );
}

/** A resolved operation path: MI's URI text (used in its messages) and the local path. */
export interface ResolvedPath {
  /** base + path as MI builds the text (what its messages show). */
  uri: string;
  /** The local absolute path VFS resolves it to. */
  path: string;
}

/**
 * `base + path` as MI concatenates it, resolved to a local path as VFS's UriParser does (decode `%xx`, fold `.`,
 * `..` and empty segments). `..` above the root is a VFS FileSystemException ("Invalid relative file name").
 */
export function resolvePath(conn: FileConnection, path: string | undefined): ResolvedPath {
  // Java string concatenation of a null parameter gives "null"
  const uri = conn.base + (path ?? 'null');
  return { uri, path: localPathOf(uri) };
}

export function localPathOf(uri: string): string {
  // a remote URI: the path after scheme://authority (the file system the connection names reads it)
  const remote = /^(?:s?ftp|ftps):\/\/[^/]*/.exec(uri);
  let rest = uri.startsWith('file://') ? uri.slice(7) : remote ? uri.slice(remote[0].length) : uri;
  rest = decodeEscapes(rest.replace(/\\/g, '/'));
  const out: string[] = [];
  for (const seg of rest.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length === 0) throw failure('io', `Invalid relative file name: ${uri}`);
      out.pop();
      continue;
    }
    out.push(seg);
  }
  return '/' + out.join('/');
}

function decodeEscapes(s: string): string {
  if (!s.includes('%')) return s;
  const bytes: number[] = [];
  const parts: string[] = [];
  const flush = (): void => {
    if (bytes.length) parts.push(Buffer.from(bytes).toString('utf8'));
    bytes.length = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%') {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw failure('io', `Invalid URI escape sequence "%${hex}".`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      flush();
      parts.push(c);
    }
  }
  flush();
  return parts.join('');
}

/** The base name of a path (VFS FileName.getBaseName). */
export function baseName(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? path : path.slice(i + 1);
}

/** Java's `name.split("\\.")[0]` (FILE_NAME_WITHOUT_EXTENSION). */
export function nameWithoutExtension(name: string): string {
  const i = name.indexOf('.');
  return i < 0 ? name : name.slice(0, i);
}
