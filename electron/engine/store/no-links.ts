import { lstat } from 'node:fs/promises';

/**
 * What a path inside the data folder is, without following links. Every read, write and download
 * of a case goes through this: a case folder, case.json or export that is a symbolic link (planted
 * by another user, or by a careless copy) would lead outside the data folder, so it is refused.
 */
export type EntryKindType = 'dir' | 'file' | 'link' | 'missing' | 'other';

export async function entryKind(path: string): Promise<EntryKindType> {
  try {
    const info = await lstat(path);
    if (info.isSymbolicLink()) return 'link';
    if (info.isDirectory()) return 'dir';
    if (info.isFile()) return 'file';
    return 'other';
  } catch {
    return 'missing';
  }
}

/** True when every named path is what it should be: each folder a real folder, the last a real file. */
export async function isPlainPath(folders: readonly string[], file?: string): Promise<boolean> {
  for (const folder of folders) if ((await entryKind(folder)) !== 'dir') return false;
  return file === undefined || (await entryKind(file)) === 'file';
}
