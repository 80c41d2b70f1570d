/**
 * The file system an operation runs on: the local disk, or the remote server of its connection (FTP, FTPS, SFTP:
 * ../../remoteFs). runOnFs binds it for the operation (an AsyncLocalStorage, so the operations' helpers need no extra
 * argument); the functions here are the node:fs/promises subset the operations use, on that file system.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { localFs, type FileSystem, type FsEntry, type FsStat } from '../../remoteFs';

const current = new AsyncLocalStorage<FileSystem>();

export function runOnFs<T>(fs: FileSystem, f: () => Promise<T>): Promise<T> {
  return fs === localFs ? f() : current.run(fs, f);
}

function fs(): FileSystem {
  return current.getStore() ?? localFs;
}

/** The operation runs on a remote file system. */
export function isRemoteFs(): boolean {
  return fs() !== localFs;
}

/** A path as MI's messages show it (`file:///…`, `sftp://user@host:port/…`). */
export function urlOf(path: string): string {
  const f = fs();
  return f === localFs ? 'file://' + path : f.uriOf(path);
}

export const stat = (p: string): Promise<FsStat> => fs().stat(p);
export const list = (p: string): Promise<FsEntry[]> => fs().list(p);
export const readdir = (p: string): Promise<string[]> => fs().readdir(p);
export const readFile = (p: string): Promise<Buffer> => fs().readFile(p);
export const writeFile = (p: string, d: Buffer | string): Promise<void> => fs().writeFile(p, d);
export const appendFile = (p: string, d: Buffer | string): Promise<void> => fs().appendFile(p, d);
export const mkdir = (p: string, o?: { recursive?: boolean }): Promise<void> => fs().mkdir(p, o);
export const rename = (a: string, b: string): Promise<void> => fs().rename(a, b);
export const unlink = (p: string): Promise<void> => fs().unlink(p);
export const rmdir = (p: string): Promise<void> => fs().rmdir(p);
export const rm = (p: string, o?: { recursive?: boolean; force?: boolean }): Promise<void> => fs().rm(p, o);
export const copyFile = (a: string, b: string): Promise<void> => fs().copyFile(a, b);
export const chmod = (p: string, m: number): Promise<void> => fs().chmod(p, m);
