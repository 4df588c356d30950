import { lstat, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CaseSummarySchema, type CaseSummaryType } from '../../../shared/model/case.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * The case list's summaries, kept so that `cases.list` reads only the cases that changed since the
 * last listing instead of every case.json in full. An entry is valid while its case.json has the
 * same inode, size and mtime: every save replaces the file by rename, so any write changes the
 * inode. The index is a cache: a missing, damaged or foreign one is rebuilt, never trusted blindly.
 */

const INDEX_FORMAT = 1;
/** A thousand cases take ~300 KB; anything far beyond is not ours and is rebuilt. */
const MAX_INDEX_BYTES = 32 * 1024 * 1024;

const StampSchema = z.object({ ino: z.number(), size: z.number(), mtimeMs: z.number() });
type StampType = z.infer<typeof StampSchema>;

const IndexFileSchema = z.object({
  format: z.literal(INDEX_FORMAT),
  /** Which summarizer made the entries (app and checklist version): another one rebuilds. */
  key: z.string().max(200),
  entries: z.record(z.string().max(64), z.object({ stamp: StampSchema, summary: CaseSummarySchema })),
});

export async function stampOf(file: string): Promise<StampType | null> {
  try {
    // No stamp through a link (a linked case folder or case.json): such a case is read, and set aside.
    if (!(await lstat(dirname(file))).isDirectory()) return null;
    const info = await lstat(file);
    // Whole milliseconds, rounded as fs.Stats rounds to its Date: what `utimes` with that Date restores.
    // Coarser than the file system, but the inode changes on every save anyway.
    return info.isFile() ? { ino: info.ino, size: info.size, mtimeMs: Math.round(info.mtimeMs) } : null;
  } catch {
    return null;
  }
}

function sameStamp(a: StampType, b: StampType): boolean {
  return a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

export class CaseIndex {
  readonly #file: string;
  readonly #key: string;
  #entries = new Map<string, { stamp: StampType; summary: CaseSummaryType }>();
  #loaded: Promise<void> | undefined;
  #dirty = false;

  constructor(file: string, key: string) {
    this.#file = file;
    this.#key = key;
  }

  #load(): Promise<void> {
    this.#loaded ??= (async () => {
      try {
        const info = await stat(this.#file);
        if (info.size > MAX_INDEX_BYTES) return;
        const parsed = IndexFileSchema.safeParse(JSON.parse(await readFile(this.#file, 'utf8')));
        if (!parsed.success || parsed.data.key !== this.#key) return;
        this.#entries = new Map(Object.entries(parsed.data.entries));
      } catch {
        // No index yet, or a damaged one: start empty; the next listing writes a fresh one.
      }
    })();
    return this.#loaded;
  }

  /** The stored summary when `stamp` still matches the file it was made from. */
  async lookup(id: string, stamp: StampType): Promise<CaseSummaryType | null> {
    await this.#load();
    const entry = this.#entries.get(id);
    return entry !== undefined && sameStamp(entry.stamp, stamp) ? entry.summary : null;
  }

  put(id: string, stamp: StampType, summary: CaseSummaryType): void {
    this.#entries.set(id, { stamp, summary });
    this.#dirty = true;
  }

  /** Drops entries of cases that no longer exist, so the index never grows past the case folder. */
  retainOnly(ids: ReadonlySet<string>): void {
    for (const id of this.#entries.keys()) {
      if (!ids.has(id)) {
        this.#entries.delete(id);
        this.#dirty = true;
      }
    }
  }

  /** Writes the index when it changed. A failure costs only speed at the next listing. */
  async flush(): Promise<void> {
    if (!this.#dirty) return;
    this.#dirty = false;
    const file = { format: INDEX_FORMAT, key: this.#key, entries: Object.fromEntries(this.#entries) };
    await writeFileAtomic(this.#file, JSON.stringify(file)).catch(() => {
      this.#dirty = true;
    });
  }
}

/** Runs `task` over `items` with at most `limit` at a time; results in input order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
