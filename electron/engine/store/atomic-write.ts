import { randomBytes } from 'node:crypto';
import { link, open, readdir, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Temp names carry the writer's pid, so a store opened by another live process (the CLI next to the
 * app) never deletes a write that is still in flight; only a dead writer's leftovers are stale.
 */
const TEMP_SUFFIX = /\.tmp-(\d+)-[0-9a-f]{12}$/;

/** Directory fsync is impossible on some platforms: Windows can't open a folder (EISDIR) or sync
 * it (EPERM), and some network/FUSE file systems answer EINVAL. Rename is still atomic there. */
const DIR_SYNC_UNSUPPORTED = new Set(['EISDIR', 'EPERM', 'EINVAL']);

/** Windows refuses to rename a file or folder (or over a file) that a virus scanner or indexer
 * briefly holds open; that passes within milliseconds. */
const WINDOWS_RENAME_RETRY = new Set(['EPERM', 'EACCES', 'EBUSY']);

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** A unique sibling name for `target`; also used for staging folders (see `removeStaleTemps`). */
export function tempPathFor(target: string): string {
  return `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/**
 * Replaces `path` with `data` so that a crash at any moment leaves either the old or the new content:
 * the bytes go to a temp file in the same folder (rename is only atomic within one file system),
 * are fsynced before the rename (else a power loss can leave the renamed file empty on ext4/xfs),
 * and the folder is fsynced after it so the rename itself survives a power loss.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await writeFilesAtomic([{ path, data }]);
}

/** Which of several outputs failed, so the caller can name it. */
export class AtomicWriteError extends Error {
  readonly path: string;
  override readonly cause: unknown;
  constructor(path: string, cause: unknown) {
    super(`${path}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'AtomicWriteError';
    this.path = path;
    this.cause = cause;
  }
  get code(): string | undefined {
    return errorCode(this.cause);
  }
}

/**
 * Writes a temp file that nobody else can have prepared: a random name created exclusively
 * (O_EXCL also refuses a planted symlink, even a dangling one), owner-only, fsynced.
 */
async function writeTemp(path: string, data: string | Uint8Array): Promise<string> {
  const temp = tempPathFor(path);
  // 0o600: case files and reports hold names, e-mail addresses and phone numbers of the customer's staff.
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  return temp;
}

/**
 * Replaces every `path` with its `data`, all or none: the new contents are written to temp files
 * first; only when all are on disk are they renamed into place. If a rename fails, the outputs
 * already replaced are put back as they were (their old content kept by a hard link meanwhile) or
 * removed if they did not exist. A rename replaces a symlink at `path` itself, never its target.
 * Throws an AtomicWriteError naming the output that failed.
 */
export async function writeFilesAtomic(files: ReadonlyArray<{ path: string; data: string | Uint8Array }>): Promise<void> {
  const temps: string[] = [];
  for (const file of files) {
    try {
      temps.push(await writeTemp(file.path, file.data));
    } catch (error) {
      await Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
      throw new AtomicWriteError(file.path, error);
    }
  }
  const placed: Array<{ path: string; backup: string | null }> = [];
  let index = 0;
  try {
    for (; index < files.length; index++) {
      const path = (files[index] as { path: string }).path;
      // A single output needs no undo: its rename either happened or not.
      let backup: string | null = files.length > 1 ? tempPathFor(path) : null;
      if (backup !== null) {
        try {
          await link(path, backup);
        } catch (error) {
          if (errorCode(error) !== 'ENOENT') throw error;
          backup = null; // nothing there yet: undo removes the new file
        }
      }
      try {
        await renameWithRetry(temps[index] as string, path);
      } catch (error) {
        if (backup !== null) await unlink(backup).catch(() => undefined);
        throw error;
      }
      placed.push({ path, backup });
    }
  } catch (error) {
    for (const { path, backup } of placed.reverse()) {
      if (backup !== null) await renameWithRetry(backup, path).catch(() => undefined);
      else await unlink(path).catch(() => undefined);
    }
    await Promise.all(temps.slice(index).map((t) => unlink(t).catch(() => undefined)));
    throw new AtomicWriteError((files[index] as { path: string }).path, error);
  }
  await Promise.all(placed.map(({ backup }) => (backup === null ? undefined : unlink(backup).catch(() => undefined))));
  for (const dir of new Set(files.map((f) => dirname(f.path)))) await syncDirectory(dir);
}

/** Makes a rename or create inside `dir` durable. */
export async function syncDirectory(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!DIR_SYNC_UNSUPPORTED.has(errorCode(error) ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/** `rename` that rides out Windows' transient sharing violations (about half a second in total). */
export async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const transient = process.platform === 'win32' && WINDOWS_RENAME_RETRY.has(errorCode(error) ?? '');
      if (!transient || attempt >= 10) throw error;
      await sleep(10 * (attempt + 1));
    }
  }
}

function isProcessAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return errorCode(error) === 'EPERM';
  }
}

/** True for a temp file or staging folder whose writer process no longer exists. */
export function isStaleTemp(name: string): boolean {
  const match = TEMP_SUFFIX.exec(name);
  return match !== null && !isProcessAlive(Number(match[1]));
}

/**
 * Deletes the temp files (and staging folders) a killed writer left in `dir`; returns their names.
 * Best effort: a leftover that can't be removed is harmless, it is never read.
 */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names.filter(isStaleTemp)) {
    try {
      await rm(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    } catch {
      // Left for the next open.
    }
  }
  return removed;
}

