/** `/`-separated path helpers shared by the remote file systems. */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function nameOf(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? dir + name : `${dir}/${name}`;
}

/** A login folder plus a path (userDirIsRoot): `/home/u` + `/in/a.txt`. */
export function underHome(home: string, path: string): string {
  if (!home || home === '/') return path;
  return path === '/' ? home : joinPath(home, path.replace(/^\/+/, ''));
}

/** The URI a message shows: scheme, user (a password as `***`), host, port, path. */
export function remoteUri(
  scheme: string,
  user: string,
  password: string,
  host: string,
  port: number,
  path: string,
): string {
  const auth = user ? `${user}${password ? ':***' : ''}@` : '';
  return `${scheme}://${auth}${host}:${port}${path.startsWith('/') ? path : '/' + path}`;
}
