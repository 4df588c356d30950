import { createHash, randomBytes, type Hash } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { ContractError } from '../../../shared/contract/errors.js';
import type { AttachmentRefType } from '../../../shared/model/case.js';
import type { CaseStore } from '../store/case-store.js';
import { entryKind } from '../store/no-links.js';
import { storageError } from '../store/storage-error.js';

/**
 * Files the technician imports (captures, PBX logs) arrive in slices over the contract, the same
 * way from the Electron window and the browser host, so nothing ever holds a whole capture in
 * memory: each slice is appended to a hidden file in the case's attachments/ folder and hashed on
 * the way; `finish` names it (by the store, never by the sender) and adds the reference to the case.
 */

export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;
export const MAX_SLICE_BYTES = 1024 * 1024;
const IDLE_MS = 10 * 60_000;
const MAX_OPEN = 4;

interface UploadType {
  caseId: string;
  name: string;
  kind: AttachmentRefType['kind'];
  bytes: number;
  received: number;
  hash: Hash;
  handle: FileHandle;
  temp: string;
  dir: string;
  timer: NodeJS.Timeout;
  /** Slices are written one after the other, in the order they came, however many are in flight. */
  tail: Promise<unknown>;
}

/** The sender's file name made safe for the attachments folder (AttachmentRefSchema's pattern). */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base.normalize('NFKD').replace(/[^\w.\- ]/g, '_').replace(/^[.\s]+/, '').slice(-100).trim();
  return cleaned === '' ? 'datei' : cleaned;
}

export class Uploads {
  readonly #store: CaseStore;
  readonly #open = new Map<string, UploadType>();

  constructor(store: CaseStore) {
    this.#store = store;
  }

  async begin(caseId: string, name: string, kind: AttachmentRefType['kind'], bytes: number): Promise<{ uploadId: string }> {
    await this.#store.get(caseId);
    if (bytes > MAX_UPLOAD_BYTES) throw new ContractError('invalid-request', `file too large: ${bytes} bytes`);
    if (this.#open.size >= MAX_OPEN) throw new ContractError('busy', 'too many imports at once');
    const dir = join(this.#store.caseDir(caseId), 'attachments');
    const uploadId = `u-${randomBytes(12).toString('hex')}`;
    const temp = join(dir, `.${uploadId}.part`);
    let handle: FileHandle;
    try {
      await mkdir(dir, { recursive: true });
      if ((await entryKind(dir)) !== 'dir') throw new ContractError('not-found', `case ${caseId}`);
      handle = await open(temp, 'wx');
    } catch (error) {
      if (error instanceof ContractError) throw error;
      throw storageError(error, dir);
    }
    const upload: UploadType = { caseId, name, kind, bytes, received: 0, hash: createHash('sha256'), handle, temp, dir, timer: setTimeout(() => void this.abort(uploadId), IDLE_MS), tail: Promise.resolve() };
    this.#open.set(uploadId, upload);
    return { uploadId };
  }

  #get(uploadId: string): UploadType {
    const u = this.#open.get(uploadId);
    if (u === undefined) throw new ContractError('not-found', 'upload');
    u.timer.refresh();
    return u;
  }

  /**
   * Appends one slice; `offset` must be where the slice before it ended (a lost slice is an error,
   * not a hole). A sender may keep several slices in flight: they queue per upload.
   */
  chunk(uploadId: string, offset: number, base64: string): Promise<{ received: number }> {
    const u = this.#get(uploadId);
    const run = u.tail.then(() => this.#append(uploadId, u, offset, base64));
    u.tail = run.catch(() => undefined);
    return run;
  }

  async #append(uploadId: string, u: UploadType, offset: number, base64: string): Promise<{ received: number }> {
    if (this.#open.get(uploadId) !== u) throw new ContractError('not-found', 'upload');
    const data = Buffer.from(base64, 'base64');
    if (offset !== u.received) throw new ContractError('invalid-request', `slice at ${offset}, expected ${u.received}`);
    if (data.length > MAX_SLICE_BYTES || u.received + data.length > u.bytes) throw new ContractError('invalid-request', 'slice too large');
    try {
      await u.handle.write(data, 0, data.length, offset);
    } catch (error) {
      await this.abort(uploadId);
      throw storageError(error, u.dir);
    }
    u.hash.update(data);
    u.received += data.length;
    return { received: u.received };
  }

  async finish(uploadId: string): Promise<AttachmentRefType> {
    const u = this.#get(uploadId);
    await u.tail;
    if (this.#open.get(uploadId) !== u) throw new ContractError('not-found', 'upload');
    if (u.received !== u.bytes) throw new ContractError('invalid-request', `received ${u.received} of ${u.bytes} bytes`);
    this.#open.delete(uploadId);
    clearTimeout(u.timer);
    await u.handle.close();
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    const fileName = `${stamp}-${safeFileName(u.name)}`.slice(0, 120);
    try {
      await rename(u.temp, join(u.dir, fileName));
    } catch (error) {
      await rm(u.temp, { force: true });
      throw storageError(error, u.dir);
    }
    const ref: AttachmentRefType = { fileName, kind: u.kind, bytes: u.bytes, sha256: u.hash.digest('hex'), description: u.name.slice(0, 500), addedAt: new Date().toISOString() };
    await this.#store.addAttachment(u.caseId, ref);
    return ref;
  }

  async abort(uploadId: string): Promise<void> {
    const u = this.#open.get(uploadId);
    if (u === undefined) return;
    this.#open.delete(uploadId);
    clearTimeout(u.timer);
    await u.handle.close().catch(() => undefined);
    await rm(u.temp, { force: true });
  }

  async closeAll(): Promise<void> {
    for (const id of [...this.#open.keys()]) await this.abort(id);
  }
}
