/** The local disk as a FileSystem (node:fs/promises; paths are the operating system's). */
import * as fsp from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import type { FileSystem, FsEntry } from './types';

export const localFs: FileSystem = {
  scheme: 'local',
  uriOf: (path) => pathToFileURL(path).href,
  stat: (path) => fsp.stat(path),
  async list(dir) {
    const names = await fsp.readdir(dir);
    const out: FsEntry[] = [];
    for (const name of names) {
      const p = dir.endsWith('/') ? dir + name : `${dir}/${name}`;
      out.push({ name, stat: await fsp.stat(p).catch(() => undefined) });
    }
    return out;
  },
  readdir: (dir) => fsp.readdir(dir),
  readFile: (path) => fsp.readFile(path),
  writeFile: (path, data) => fsp.writeFile(path, data),
  appendFile: (path, data) => fsp.appendFile(path, data),
  mkdir: async (path, opts) => {
    await fsp.mkdir(path, opts);
  },
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  rmdir: (path) => fsp.rmdir(path),
  rm: (path, opts) => fsp.rm(path, opts),
  copyFile: (from, to) => fsp.copyFile(from, to),
  chmod: (path, mode) => fsp.chmod(path, mode),
};
