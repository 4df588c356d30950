import { mkdir, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { CaseListType, CaseProblemType } from '../../../shared/contract/contract.js';
import { ContractError } from '../../../shared/contract/errors.js';
import { CaseSchema, MAX_ATTACHMENTS, MAX_CASE_BYTES, newCase, type AttachmentRefType, type CaseSummaryType, type CaseType } from '../../../shared/model/case.js';
import { errorCode, removeStaleTemps, renameWithRetry as rename, syncDirectory, tempPathFor, writeFileAtomic } from './atomic-write.js';
import { CASE_FILE, purgeTrash, readCaseFolder, setAsideFolder, type CaseReadType } from './case-files.js';
import { assertCaseId, isCaseId, newCaseId } from './case-id.js';
import { CaseIndex, mapLimited, stampOf } from './case-index.js';
import { entryKind, isPlainPath } from './no-links.js';
import { storageError } from './storage-error.js';
import { MAX_MEASUREMENTS_PER_CASE, type MeasurementType } from '../../../shared/model/measurement.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const COPY_SUFFIX = ' (Kopie)';
const TITLE_MAX = 200;
/** Cases read at once while listing: bounds memory however many cases changed. */
const LIST_READ_CONCURRENCY = 4;
const LIST_STAT_CONCURRENCY = 32;
const INDEX_FILE = 'case-index.json';

export interface CaseStoreOptionsType {
  /** How long deleted cases stay restorable; purged on open. */
  trashRetentionMs?: number;
  /**
   * Names the summarizer passed to `list` (app and checklist version): summaries kept from another
   * one are made anew, since the verdict badge depends on the triage logic.
   */
  summaryKey?: string;
}

function serialize(c: CaseType): string {
  return `${JSON.stringify(c, null, 2)}\n`;
}

function describe(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 2000);
}


/**
 * The cases on disk, one folder each:
 *
 *   <dataDir>/cases/<id>/case.json   the case (attachments and exports/ live beside it)
 *   <dataDir>/trash/<id>/            deleted, restorable for `trashRetentionMs` (30 days)
 *   <dataDir>/corrupt/<id>-<stamp>/  a case folder whose case.json could not be used, set aside
 *
 * Every write is atomic (see atomic-write.ts), so a killed process leaves each case.json either old
 * or new. Opening the store (lazily, on first use) removes temp files such a kill left behind.
 */
export class CaseStore {
  readonly dataDir: string;
  readonly #casesDir: string;
  readonly #trashDir: string;
  readonly #corruptDir: string;
  readonly #trashRetentionMs: number;
  #opening: Promise<void> | undefined;
  /** Tail of each case's queue of writes; see `#exclusive`. */
  readonly #queues = new Map<string, Promise<unknown>>();
  /** Folders set aside since this store opened; reported by every `list` of this session. */
  readonly #setAside: CaseProblemType[] = [];
  readonly #index: CaseIndex;
  #listing: Promise<CaseListType> | undefined;
  #listingNext: Promise<CaseListType> | undefined;

  constructor(dataDir: string, options: CaseStoreOptionsType = {}) {
    this.dataDir = dataDir;
    this.#casesDir = join(dataDir, 'cases');
    this.#trashDir = join(dataDir, 'trash');
    this.#corruptDir = join(dataDir, 'corrupt');
    this.#trashRetentionMs = options.trashRetentionMs ?? 30 * DAY_MS;
    this.#index = new CaseIndex(join(dataDir, INDEX_FILE), options.summaryKey ?? 'default');
  }

  /** Creates the folders, removes a killed writer's temp files, purges old trash. Idempotent. */
  open(): Promise<void> {
    this.#opening ??= this.#doOpen().catch((error: unknown) => {
      this.#opening = undefined; // Let the next call retry (e.g. after the user fixed permissions).
      throw storageError(error, this.dataDir);
    });
    return this.#opening;
  }

  async #doOpen(): Promise<void> {
    await mkdir(this.#casesDir, { recursive: true });
    await removeStaleTemps(this.#casesDir); // staging folders of a killed create/duplicate
    for (const name of await readdir(this.#casesDir)) {
      if (isCaseId(name)) await removeStaleTemps(join(this.#casesDir, name));
    }
    await purgeTrash(this.#trashDir, this.#trashRetentionMs, new Date());
  }

  caseDir(id: string): string {
    return join(this.#casesDir, assertCaseId(id));
  }

  /**
   * All loadable cases, newest change first; unusable ones are reported in `problems`, not thrown.
   * Only cases whose file changed since the last listing are read (see case-index.ts), a few at a
   * time, and concurrent calls share one listing: a burst of calls costs one pass over the folder.
   */
  list(summarize: (c: CaseType) => CaseSummaryType): Promise<CaseListType> {
    if (this.#listing === undefined) {
      this.#listing = this.#list(summarize).finally(() => {
        this.#listing = undefined;
      });
      return this.#listing;
    }
    // A call during a listing may follow a change that listing missed: one more pass after it,
    // shared by every call that arrives meanwhile.
    this.#listingNext ??= this.#listing
      .catch(() => undefined)
      .then(() => {
        this.#listingNext = undefined;
        return this.list(summarize);
      });
    return this.#listingNext;
  }

  async #list(summarize: (c: CaseType) => CaseSummaryType): Promise<CaseListType> {
    await this.open();
    let names: string[];
    try {
      names = await readdir(this.#casesDir);
    } catch (error) {
      throw storageError(error, this.dataDir);
    }
    // Anything that isn't an id is a temp/staging name or not ours; neither is a case.
    const ids = names.filter(isCaseId);
    const cases: Array<CaseSummaryType> = [];
    const problems: CaseProblemType[] = [];
    // Stats are cheap and many at once; full reads (up to MAX_CASE_BYTES each) only a few at a time.
    const stamped = await mapLimited(ids, LIST_STAT_CONCURRENCY, async (id) => {
      const stamp = await stampOf(join(this.#casesDir, id, CASE_FILE));
      const known = stamp === null ? null : await this.#index.lookup(id, stamp);
      if (known !== null) cases.push(known);
      return { id, stamp, known };
    });
    const misses = stamped.filter((s) => s.known === null);
    await mapLimited(misses, LIST_READ_CONCURRENCY, async ({ id, stamp }) => {
      const result = await this.#load(id);
      if (result.kind === 'left') problems.push({ id, kind: result.why, reason: result.reason, setAsideAs: null });
      if (result.kind !== 'ok') return;
      try {
        const summary = summarize(result.value);
        cases.push(summary);
        // The stamp read before the load: if a save landed in between, the next listing re-reads.
        if (stamp !== null) this.#index.put(id, stamp, summary);
      } catch (error) {
        // One case the triage logic chokes on must not hide all the others.
        problems.push({ id, kind: 'unreadable', reason: `could not summarize: ${describe(error)}`, setAsideAs: null });
      }
    });
    this.#index.retainOnly(new Set(ids));
    await this.#index.flush();
    cases.sort((a, b) => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || b.id.localeCompare(a.id));
    return { cases, problems: [...this.#setAside, ...problems] };
  }

  async get(id: string): Promise<CaseType> {
    const safeId = assertCaseId(id);
    await this.open();
    const result = await this.#load(safeId);
    switch (result.kind) {
      case 'ok':
        return result.value;
      case 'gone':
        throw new ContractError('not-found', `case ${safeId}`);
      case 'left':
        throw new ContractError(result.why === 'newer-version' ? 'newer-version' : 'io', result.reason);
      case 'corrupt':
        throw new ContractError('corrupt-case', result.reason);
    }
  }

  async create(now: Date = new Date()): Promise<CaseType> {
    await this.open();
    const c = newCase(newCaseId(now), now);
    await this.#publish(c);
    return c;
  }

  /** Validates, stamps `updatedAt`, writes atomically. Saves of one case land in call order. */
  async save(c: CaseType, now: Date = new Date()): Promise<CaseType> {
    // Re-validated although front ends validate too: this is the last stop before the disk.
    const parsed = CaseSchema.safeParse(c);
    if (!parsed.success) {
      const detail = parsed.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
      throw new ContractError('invalid-request', detail.join('; '));
    }
    const id = assertCaseId(parsed.data.id);
    const text = serialize(parsed.data);
    if (Buffer.byteLength(text) > MAX_CASE_BYTES) {
      throw new ContractError('invalid-request', `case is larger than ${MAX_CASE_BYTES} bytes`);
    }
    await this.open();
    return this.#exclusive(id, async () => {
      const dir = join(this.#casesDir, id);
      // No folder means deleted (or never created): an autosave arriving late must not resurrect it.
      if ((await entryKind(dir)) !== 'dir') {
        throw new ContractError('not-found', `case ${id}`);
      }
      // Measurements and attachments belong to the engine: a front end's save (often from a copy
      // older than a just-finished measurement) keeps what is stored, and cannot forge them.
      const stored = await readCaseFolder(dir, id);
      const owned = stored.kind === 'ok' ? { measurements: stored.value.measurements, attachments: stored.value.attachments } : { measurements: [], attachments: [] };
      const saved: CaseType = { ...parsed.data, ...owned, updatedAt: now.toISOString() };
      await this.#write(dir, saved);
      return saved;
    });
  }

  /**
   * Adds a measurement (the job runner's result) to a case. Beyond the limit of measurements, or of
   * the case's size, the oldest ones that no answer cites as evidence make room.
   */
  async addMeasurement(id: string, measurement: MeasurementType, now: Date = new Date()): Promise<CaseType> {
    return this.#change(id, now, (c) => {
      const cited = new Set(Object.values(c.answers).map((a) => a.evidence?.measurementId ?? null));
      const next: CaseType = { ...c, measurements: [...c.measurements, measurement] };
      while (next.measurements.length > MAX_MEASUREMENTS_PER_CASE || Buffer.byteLength(serialize(next)) > MAX_CASE_BYTES) {
        const oldest = next.measurements.findIndex((m) => !cited.has(m.id) && m.id !== measurement.id);
        if (oldest < 0) throw new ContractError('invalid-request', 'no room for another measurement in this case');
        next.measurements = next.measurements.filter((_, i) => i !== oldest);
      }
      return next;
    });
  }

  /** Adds (or replaces, by file name) an attachment reference; the file is already in attachments/. */
  async addAttachment(id: string, ref: AttachmentRefType, now: Date = new Date()): Promise<CaseType> {
    return this.#change(id, now, (c) => {
      const attachments = [...c.attachments.filter((a) => a.fileName !== ref.fileName), ref];
      if (attachments.length > MAX_ATTACHMENTS) throw new ContractError('invalid-request', 'no room for another attachment in this case');
      return { ...c, attachments };
    });
  }

  /** Drops an attachment reference (the caller removes the file). */
  async removeAttachment(id: string, fileName: string, now: Date = new Date()): Promise<CaseType> {
    return this.#change(id, now, (c) => ({ ...c, attachments: c.attachments.filter((a) => a.fileName !== fileName) }));
  }

  /** An engine-owned change of a stored case: read, changed, stamped and written under its queue. */
  async #change(id: string, now: Date, change: (c: CaseType) => CaseType): Promise<CaseType> {
    const safeId = assertCaseId(id);
    await this.open();
    return this.#exclusive(safeId, async () => {
      const current = await this.#load(safeId);
      if (current.kind !== 'ok') throw new ContractError(current.kind === 'gone' ? 'not-found' : 'corrupt-case', `case ${safeId}`);
      const next: CaseType = { ...change(current.value), updatedAt: now.toISOString() };
      await this.#write(join(this.#casesDir, safeId), CaseSchema.parse(next));
      return next;
    });
  }

  /** The path of an attachment of the case, or null when it is not a plain file of that case. */
  attachmentPath(id: string, fileName: string): Promise<string | null> {
    return this.#plainFile(id, 'attachments', fileName);
  }

  async #plainFile(id: string, folder: 'exports' | 'attachments', fileName: string): Promise<string | null> {
    const caseDir = this.caseDir(id);
    const dir = join(caseDir, folder);
    const path = join(dir, fileName);
    return (await isPlainPath([this.#casesDir, caseDir, dir], path)) ? path : null;
  }

  async #write(dir: string, c: CaseType): Promise<void> {
    await writeFileAtomic(join(dir, CASE_FILE), serialize(c));
  }

  /** A new case with the same content; attachments and exports are not copied (they belong to the
   * original report), nor the "not a hotline case" confirmation (it is given per report). */
  async duplicate(id: string, now: Date = new Date()): Promise<CaseType> {
    const source = await this.get(id);
    const at = now.toISOString();
    const copy: CaseType = {
      ...source,
      id: newCaseId(now),
      title: source.title.slice(0, TITLE_MAX - COPY_SUFFIX.length) + COPY_SUFFIX,
      createdAt: at,
      updatedAt: at,
      notHotlineConfirmedAt: null,
      notHotlineConfirmedBy: '',
      attachments: [],
    };
    const parsed = CaseSchema.parse(copy);
    await this.#publish(parsed);
    return parsed;
  }

  /** Moves the case to the trash, where `restore` finds it for `trashRetentionMs`. */
  async delete(id: string): Promise<void> {
    const safeId = assertCaseId(id);
    await this.open();
    await this.#exclusive(safeId, async () => {
      const dir = join(this.#casesDir, safeId);
      const target = join(this.#trashDir, safeId);
      try {
        // The folder's mtime is the deletion time the purge goes by; set before the move so a crash
        // in between can't leave an old mtime that would purge a just-deleted case at next start.
        const now = new Date();
        await utimes(dir, now, now);
      } catch (error) {
        throw errorCode(error) === 'ENOENT' ? new ContractError('not-found', `case ${safeId}`) : error;
      }
      await mkdir(this.#trashDir, { recursive: true });
      // An older trash entry of the same id is an older state of this very case: the newer wins.
      await rm(target, { recursive: true, force: true });
      await rename(dir, target);
      await syncDirectory(this.#trashDir);
      await syncDirectory(this.#casesDir);
    });
  }

  async restore(id: string): Promise<CaseType> {
    const safeId = assertCaseId(id);
    await this.open();
    await this.#exclusive(safeId, async () => {
      const dir = join(this.#casesDir, safeId);
      if (await stat(dir).then(() => true, () => false)) {
        throw new ContractError('invalid-request', `case ${safeId} exists; nothing to restore`);
      }
      try {
        await rename(join(this.#trashDir, safeId), dir);
      } catch (error) {
        throw errorCode(error) === 'ENOENT' ? new ContractError('not-found', `case ${safeId} is not in the trash`) : error;
      }
      await syncDirectory(this.#casesDir);
    });
    return this.get(safeId);
  }

  /** `<case>/exports`, created on demand; the case must exist (no ghost folders for deleted ids). */
  async exportsDir(id: string): Promise<string> {
    const caseDir = this.caseDir(id);
    const dir = join(caseDir, 'exports');
    await this.open();
    if (!(await isPlainPath([this.#casesDir, caseDir]))) throw new ContractError('not-found', `case ${id}`);
    try {
      await mkdir(dir);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT') throw new ContractError('not-found', `case ${id}`);
      if (code !== 'EEXIST') throw storageError(error, this.dataDir);
    }
    if ((await entryKind(dir)) !== 'dir') throw new ContractError('io', 'the export folder is a link or not a folder');
    return dir;
  }

  /**
   * An exported file of a case, or null: only a real file in the case's real `exports` folder;
   * a link anywhere on the way is refused, so a download can never serve a file outside the case.
   */
  exportFile(id: string, fileName: string): Promise<string | null> {
    return this.#plainFile(id, 'exports', fileName);
  }

  /**
   * Loads a case; a corrupt one is set aside (under the case's queue, after re-reading, so a save
   * that repaired it in the meantime wins) and recorded for `list`.
   */
  async #load(id: string): Promise<CaseReadType> {
    const dir = join(this.#casesDir, id);
    const first = await readCaseFolder(dir, id);
    if (first.kind !== 'corrupt') return first;
    return this.#exclusive(id, async () => {
      const again = await readCaseFolder(dir, id);
      if (again.kind !== 'corrupt') return again;
      let setAsideAs: string | null = null;
      let reason = again.reason;
      try {
        setAsideAs = await setAsideFolder(dir, this.#corruptDir, id, new Date());
      } catch (error) {
        reason += `; could not be set aside: ${describe(error)}`;
      }
      this.#setAside.push({ id, kind: 'corrupt', reason: reason.slice(0, 2000), setAsideAs });
      return { kind: 'corrupt' as const, reason };
    });
  }

  /**
   * Makes a new case appear whole or not at all: case.json is written into a staging folder that is
   * then renamed to `cases/<id>`. A kill before the rename leaves only a staging folder, which the
   * next open removes; `list` never sees a folder without its case.json.
   */
  async #publish(c: CaseType): Promise<void> {
    const dir = join(this.#casesDir, c.id);
    const staging = tempPathFor(dir);
    try {
      await mkdir(staging, { recursive: true });
      await writeFileAtomic(join(staging, CASE_FILE), serialize(c));
      await rename(staging, dir);
      await syncDirectory(this.#casesDir);
    } catch (error) {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      throw storageError(error, this.dataDir);
    }
  }

  /**
   * Runs `task` after every earlier task of the same case has settled. Without this, two saves in
   * flight race to their renames and a slow earlier one could replace a later one.
   */
  #exclusive<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#queues.get(id) ?? Promise.resolve();
    const run = previous.then(task); // `previous` never rejects: it is a caught tail
    const tail = run.catch(() => undefined);
    this.#queues.set(id, tail);
    void tail.then(() => {
      if (this.#queues.get(id) === tail) this.#queues.delete(id);
    });
    return run.catch((error: unknown) => {
      throw storageError(error, this.dataDir);
    });
  }
}
