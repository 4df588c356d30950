import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ContractError } from '../../../../shared/contract/errors.js';
import type { AttachmentRefType } from '../../../../shared/model/case.js';
import type { CaseStore } from '../../store/case-store.js';
import { storageError } from '../../store/storage-error.js';
import { TraceFormatError } from '../trace-error.js';
import { logExcerpt } from './log-excerpt.js';
import { newPseudonymKey, PSEUDONYM_KEY_BYTES, Pseudonyms } from './pseudonyms.js';
import type { RedactionCountsType } from './sip-redact.js';
import { exportCapture, ExportError, type ExportReadType } from './trace-export.js';

/**
 * Traces and PBX-log excerpts attached to a case for the report (issue 8 §3). The pseudonym key
 * is the case's own, kept in its folder, so that two exports of one case agree and two cases do
 * not link. A failure (source gone or locked, disk full, unknown device) leaves the case and
 * everything already attached as it was; the error detail `export:CODE:DETAIL` is worded by
 * exportFailureText (shared/trace/export-messages.ts).
 */

export interface AttachRequestType {
  caseId: string;
  source: string;
  devices: string[];
  dialogs: string[];
  redact: boolean;
}

/** A run from the job (engine/jobs/report-attach-job.ts): cancel, and how far the reading is. */
export interface AttachRunType {
  signal?: AbortSignal;
  onProgress?: (fraction: number, read: ExportReadType) => void;
}

const KEY_FILE = 'pseudonym.key';

async function caseKey(dir: string): Promise<Buffer> {
  const path = join(dir, KEY_FILE);
  try {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
    if (key.length === PSEUDONYM_KEY_BYTES) return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw storageError(error, dir);
  }
  const key = newPseudonymKey();
  try {
    // 'wx': two exports at once agree on the first key written.
    await writeFile(path, key.toString('hex'), { flag: 'wx', mode: 0o600 });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return caseKey(dir);
    throw storageError(error, dir);
  }
}

function failure(error: unknown, source: string, dir: string): unknown {
  if (error instanceof ExportError && error.code === 'no-space') return new ContractError('disk-full', dir);
  // Deleted (or moved) while it was read: the same words as a source already gone.
  if (error instanceof ExportError && error.code === 'not-found') return new ContractError('not-found', `export:attachment-gone:${source}`);
  if (error instanceof ExportError) return new ContractError('invalid-request', `export:${error.code}:${error.detail}`);
  if (error instanceof TraceFormatError) return new ContractError('invalid-request', `export:damaged:${error.offset}`);
  return storageError(error, dir);
}

const stamp = (now: Date) => now.toISOString().replace(/[-:]/g, '').slice(0, 15);

export class ReportAttachments {
  readonly #store: CaseStore;

  constructor(store: CaseStore) {
    this.#store = store;
  }

  async attach(req: AttachRequestType, now = new Date(), run: AttachRunType = {}): Promise<AttachmentRefType> {
    const c = await this.#store.get(req.caseId);
    const source = c.attachments.find((a) => a.fileName === req.source);
    const path = source === undefined ? null : await this.#store.attachmentPath(req.caseId, req.source);
    if (source === undefined || path === null) throw new ContractError('not-found', `export:attachment-gone:${req.source}`);
    const caseDir = this.#store.caseDir(req.caseId);
    const dir = join(caseDir, 'attachments');
    const key = await caseKey(caseDir);
    const isTrace = source.kind === 'trace';
    const base = req.source.replace(/\.[^.]*$/, '').slice(0, 70);
    // Two attachments made within the same second (a dialog, then a device) must not replace each other.
    const taken = new Set(c.attachments.map((a) => a.fileName));
    const nameFor = (n: number) => `report-${stamp(now)}${n > 1 ? `-${n}` : ''}-${base}.${isTrace ? 'pcapng' : 'txt'}`;
    let n = 1;
    while (taken.has(nameFor(n))) n++;
    const fileName = nameFor(n);
    const out = join(dir, fileName);
    const selection = { devices: req.devices, dialogs: isTrace ? req.dialogs : [] };
    let items: number;
    let redactions: RedactionCountsType;
    try {
      if (isTrace) {
        const comment = `STARFACE Triage – Fall/case "${c.title}" (${c.id}), ${now.toISOString()}; selection: ${[...selection.devices, ...selection.dialogs].join(', ') || 'all'}; ${req.redact ? 'redacted (pseudonyms keyed per case)' : 'not redacted (authorization values removed)'}`;
        const r = await exportCapture(path, out, { selection, redact: req.redact, key, comment, signal: run.signal, onProgress: run.onProgress });
        items = r.sipMessages;
        redactions = r.redactions;
      } else {
        const excerpt = await logExcerpt(path, req.devices, new Pseudonyms(key), req.redact);
        items = excerpt.lines;
        redactions = excerpt.redactions;
        await writeFile(`${out}.part`, excerpt.text);
        await rename(`${out}.part`, out);
      }
    } catch (error) {
      await rm(`${out}.part`, { force: true });
      if (run.signal?.aborted) throw error;
      throw failure(error, req.source, dir);
    }
    // Cancelled once the file was written: it is not attached (nothing half done stays behind).
    if (run.signal?.aborted) {
      await rm(out, { force: true });
      run.signal.throwIfAborted();
    }
    const content = await readFile(out);
    const ref: AttachmentRefType = {
      fileName,
      kind: isTrace ? 'trace' : 'log',
      bytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      description: `${isTrace ? 'Trace' : 'PBX log excerpt'}: ${req.source}`.slice(0, 500),
      addedAt: now.toISOString(),
      report: { source: req.source, selection, redacted: req.redact, redactions, items },
    };
    try {
      await this.#store.addAttachment(req.caseId, ref, now);
    } catch (error) {
      await rm(out, { force: true });
      throw error;
    }
    // Cancelled while the case was written: undone, so that "cancelled" means nothing attached.
    // (From here on only microtasks run until the job runner sees the result: no cancel between.)
    if (run.signal?.aborted) {
      await this.#store.removeAttachment(req.caseId, fileName);
      await rm(out, { force: true });
      run.signal.throwIfAborted();
    }
    return ref;
  }

  /** Removes an attachment made for the report, and its file. Imported files are not removed here. */
  async detach(caseId: string, fileName: string): Promise<void> {
    const c = await this.#store.get(caseId);
    if (c.attachments.find((a) => a.fileName === fileName)?.report === undefined) throw new ContractError('not-found', fileName);
    const path = await this.#store.attachmentPath(caseId, fileName);
    await this.#store.removeAttachment(caseId, fileName);
    if (path !== null) await rm(path, { force: true });
  }

  /** The report attachments' contents for the PDF and the e-mail; a file gone is said by name. */
  async contents(caseId: string, refs: AttachmentRefType[]): Promise<Array<{ ref: AttachmentRefType; content: Buffer }>> {
    const out: Array<{ ref: AttachmentRefType; content: Buffer }> = [];
    for (const ref of refs) {
      if (ref.report === undefined) continue;
      const path = await this.#store.attachmentPath(caseId, ref.fileName);
      const content = path === null ? null : await readFile(path).catch(() => null);
      if (content === null) throw new ContractError('not-found', `export:attachment-gone:${ref.fileName}`);
      out.push({ ref, content });
    }
    return out;
  }
}
