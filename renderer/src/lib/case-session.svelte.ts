import { ContractError } from '../../../shared/contract/errors.js';
import { migrateCase, type CaseType } from '../../../shared/model/case.js';
import { api } from './api.js';

const BACKUP_PREFIX = 'starface-triage.unsaved.';
const SAVE_DELAY_MS = 300;
const RETRY_MS = 2000;

export type SaveStateType = 'idle' | 'saving' | 'saved' | 'failed';

function readBackup(id: string): CaseType | null {
  try {
    const raw = localStorage.getItem(BACKUP_PREFIX + id);
    if (!raw) return null;
    // A copy kept by an older app version is lifted like a case file, so an update loses nothing.
    return migrateCase(JSON.parse(raw));
  } catch {
    return null;
  }
}

function writeBackup(c: CaseType): void {
  try {
    localStorage.setItem(BACKUP_PREFIX + c.id, JSON.stringify(c));
  } catch {
    // Quota or disabled storage: the engine save still runs.
  }
}

function dropBackup(id: string): void {
  try {
    localStorage.removeItem(BACKUP_PREFIX + id);
  } catch {
    // ignore
  }
}

/**
 * The open case. Every change is kept in localStorage at once and saved to the engine shortly
 * after (debounced, retried on failure), so nothing typed is lost if the save, the engine or the
 * page dies: on reopening, a newer unsaved copy wins over the stored one.
 */
export class CaseSession {
  current = $state<CaseType | null>(null);
  saveState = $state<SaveStateType>('idle');
  lastError = $state<ContractError | null>(null);
  #timer: ReturnType<typeof setTimeout> | null = null;
  #saving: Promise<void> = Promise.resolve();

  async open(id: string): Promise<void> {
    await this.flush();
    const stored = await api['cases.get']({ id });
    const backup = readBackup(id);
    if (backup && backup.updatedAt > stored.updatedAt) {
      this.current = backup;
      this.saveState = 'saving';
      this.#schedule(0);
    } else {
      this.current = stored;
      this.saveState = 'saved';
    }
  }

  close(): void {
    void this.flush();
    this.current = null;
  }

  /** Applies a change to the open case and schedules its save. */
  update(change: (c: CaseType) => void): void {
    if (!this.current) return;
    change(this.current);
    this.current.updatedAt = new Date().toISOString();
    writeBackup($state.snapshot(this.current) as CaseType);
    // While saves fail, say so until one succeeds; a new keystroke does not hide the problem.
    if (this.saveState !== 'failed') this.saveState = 'saving';
    this.#schedule(SAVE_DELAY_MS);
  }

  #schedule(delay: number): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#save();
    }, delay);
  }

  async #save(): Promise<void> {
    const snapshot = this.current ? ($state.snapshot(this.current) as CaseType) : null;
    if (!snapshot) return;
    this.#saving = this.#saving.then(async () => {
      try {
        await api['cases.save']({ case: snapshot });
        this.lastError = null;
        // Only clear the backup if nothing newer was typed meanwhile.
        if (this.current?.id === snapshot.id && this.current.updatedAt === snapshot.updatedAt) {
          dropBackup(snapshot.id);
          if (!this.#timer) this.saveState = 'saved';
        }
      } catch (error) {
        this.lastError = error instanceof ContractError ? error : new ContractError('internal', String(error));
        this.saveState = 'failed';
        if (!this.#timer) this.#schedule(RETRY_MS);
      }
    });
    return this.#saving;
  }

  /**
   * Takes what the engine owns (measurements, attachments) from the stored case into the open one,
   * after a job stored a result. The technician's pending edits stay as they are.
   */
  async refreshOwned(): Promise<void> {
    const id = this.current?.id;
    if (!id) return;
    const stored = await api['cases.get']({ id });
    if (this.current?.id !== id) return;
    this.current.measurements = stored.measurements;
    this.current.attachments = stored.attachments;
  }

  /** Saves now what is pending (before navigating away or exporting). */
  async flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
      await this.#save();
    }
    await this.#saving;
  }
}

export const session = new CaseSession();
