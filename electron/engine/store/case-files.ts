import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CASE_SCHEMA_VERSION, MAX_CASE_BYTES, migrateCase, type CaseType } from '../../../shared/model/case.js';
import { errorCode, renameWithRetry as rename, syncDirectory } from './atomic-write.js';
import { entryKind } from './no-links.js';
import { jsonProblem, schemaProblem } from './parse-problem.js';

export const CASE_FILE = 'case.json';

/**
 * Saves refuse cases above MAX_CASE_BYTES; twice that leaves room for hand-edited pretty-printing
 * and stops a runaway or planted file from eating memory on every listing.
 */
const MAX_CASE_FILE_BYTES = 2 * MAX_CASE_BYTES;

/** How a case folder read: the case, or why not and what to do about it. */
export type CaseReadType =
  | { kind: 'ok'; value: CaseType }
  /** The folder went away while we looked (deleted concurrently): not a problem. */
  | { kind: 'gone' }
  /** Damaged beyond use by this app: move the folder aside so it stops getting in the way. */
  | { kind: 'corrupt'; reason: string }
  /** Not damaged, just not readable by us (newer app version, permissions): report, don't touch. */
  | { kind: 'left'; why: 'newer-version' | 'unreadable'; reason: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads and validates `<dir>/case.json`, which must describe case `id`. Never throws for bad content. */
export async function readCaseFolder(dir: string, id: string): Promise<CaseReadType> {
  const file = join(dir, CASE_FILE);
  // Links are refused before anything is read (see no-links.ts); setting such a folder aside moves
  // only the link, never what it points at.
  const folder = await entryKind(dir);
  if (folder === 'missing') return { kind: 'gone' };
  if (folder !== 'dir') return { kind: 'corrupt', reason: 'the case folder is a link or not a folder' };
  const entry = await entryKind(file);
  if (entry === 'link') return { kind: 'corrupt', reason: 'case.json is a link, not a file' };
  let text: string;
  try {
    const info = await stat(file);
    if (info.size > MAX_CASE_FILE_BYTES) {
      return { kind: 'corrupt', reason: `case.json is ${info.size} bytes, more than a case can be` };
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') {
      const folderExists = await stat(dir).then(() => true, () => false);
      return folderExists ? { kind: 'corrupt', reason: 'case.json is missing from the case folder' } : { kind: 'gone' };
    }
    if (code === 'EISDIR') return { kind: 'corrupt', reason: 'case.json is a folder, not a file' };
    return { kind: 'left', why: 'unreadable', reason: `case.json could not be read: ${message(error)}` };
  }
  let raw: unknown;
  try {
    // A BOM appears when someone opened and saved the file in Windows Notepad; JSON.parse rejects it.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { kind: 'corrupt', reason: `case.json is ${jsonProblem(error)}` };
  }
  const version = typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && version > CASE_SCHEMA_VERSION) {
    // Left in place: after a downgrade the case must still be there when the newer app returns.
    return {
      kind: 'left',
      why: 'newer-version',
      reason: `case.json was written by a newer version of the app (schema ${version}, this app reads up to ${CASE_SCHEMA_VERSION}); left unchanged`,
    };
  }
  let value: CaseType;
  try {
    value = migrateCase(raw);
  } catch (error) {
    return { kind: 'corrupt', reason: `case.json ${schemaProblem(error)}` };
  }
  if (value.id !== id) {
    // Saving it would write to the other case's folder; a copied folder is the usual cause.
    return { kind: 'corrupt', reason: `case.json belongs to case ${value.id}, not to its folder ${id}` };
  }
  return { kind: 'ok', value };
}

/** A file-name-safe timestamp (Windows forbids ':'), sortable as text. */
export function fileStamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/**
 * Moves a whole corrupt case folder to `<corruptDir>/<id>-<stamp>`: case.json and its attachments
 * stay together for whoever repairs it, and `cases/` is left holding only loadable cases.
 */
export async function setAsideFolder(dir: string, corruptDir: string, id: string, now: Date): Promise<string> {
  await mkdir(corruptDir, { recursive: true });
  const target = join(corruptDir, `${id}-${fileStamp(now)}`);
  await rename(dir, target);
  await syncDirectory(corruptDir);
  return target;
}

/** Deletes trash entries whose folder time (set when deleted) is older than `maxAgeMs`. Best effort. */
export async function purgeTrash(trashDir: string, maxAgeMs: number, now: Date): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(trashDir);
  } catch {
    return [];
  }
  const purged: string[] = [];
  for (const name of names) {
    try {
      const info = await stat(join(trashDir, name));
      if (now.getTime() - info.mtimeMs > maxAgeMs) {
        await rm(join(trashDir, name), { recursive: true, force: true });
        purged.push(name);
      }
    } catch {
      // Vanished or locked: next open tries again.
    }
  }
  return purged;
}
