import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SettingsSchema, type SettingsPatchType, type SettingsType } from '../../../shared/contract/contract.js';
import { ContractError } from '../../../shared/contract/errors.js';
import { errorCode, removeStaleTemps, renameWithRetry as rename, writeFileAtomic } from './atomic-write.js';
import { fileStamp } from './case-files.js';
import { jsonProblem, schemaProblem } from './parse-problem.js';
import { storageError } from './storage-error.js';

export const SETTINGS_FILE = 'settings.json';

/** Why the stored settings were not used, and where the unusable file went. */
export interface SettingsProblemType {
  reason: string;
  setAsideAs: string | null;
}

export interface SettingsLoadType {
  settings: SettingsType;
  problem: SettingsProblemType | null;
}

/**
 * `<dataDir>/settings.json`, validated by SettingsSchema and written atomically. A file that can't
 * be used never stops the app: it is renamed to `settings.json.corrupt-<stamp>` (so the next `set`
 * doesn't destroy what the user might want back) and the defaults apply; `load` reports it.
 */
export class SettingsStore {
  readonly file: string;
  readonly #dataDir: string;
  #loaded: Promise<SettingsLoadType> | undefined;
  /** Settings writes in call order, like case saves (see CaseStore#exclusive). */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.#dataDir = dataDir;
    this.file = join(dataDir, SETTINGS_FILE);
  }

  /** The settings and, once per session, what was wrong with the file. Read once, then cached. */
  load(): Promise<SettingsLoadType> {
    this.#loaded ??= this.#read();
    return this.#loaded;
  }

  async get(): Promise<SettingsType> {
    return (await this.load()).settings;
  }

  /** Merges `patch` over the current settings; an invalid result is refused, nothing is written. */
  async set(patch: SettingsPatchType): Promise<SettingsType> {
    const run = this.#queue.then(async () => {
      const { settings: current, problem } = await this.load();
      // Only the fields present in the patch change; an absent field is not a request to reset it.
      const changes = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
      // Recipients merge per contact kind, like the top-level fields.
      const recipients = { ...current.recipients, ...Object.fromEntries(Object.entries(patch.recipients ?? {}).filter(([, v]) => v !== undefined)) };
      const parsed = SettingsSchema.safeParse({ ...current, ...changes, recipients });
      if (!parsed.success) {
        throw new ContractError('invalid-request', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      }
      try {
        await mkdir(this.#dataDir, { recursive: true });
        await writeFileAtomic(this.file, `${JSON.stringify(parsed.data, null, 2)}\n`);
      } catch (error) {
        throw storageError(error, this.#dataDir);
      }
      this.#loaded = Promise.resolve({ settings: parsed.data, problem });
      return parsed.data;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #read(): Promise<SettingsLoadType> {
    await removeStaleTemps(this.#dataDir);
    const defaults = SettingsSchema.parse({});
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { settings: defaults, problem: null }; // first start
      return { settings: defaults, problem: { reason: `settings.json could not be read: ${String(error)}`, setAsideAs: null } };
    }
    let reason: string;
    try {
      const parsed = SettingsSchema.safeParse(JSON.parse(text.replace(/^\uFEFF/, '')));
      if (parsed.success) return { settings: parsed.data, problem: null };
      reason = `settings.json ${schemaProblem(parsed.error)}`;
    } catch (error) {
      reason = `settings.json is ${jsonProblem(error)}`;
    }
    const aside = `${this.file}.corrupt-${fileStamp(new Date())}`;
    try {
      await rename(this.file, aside);
      return { settings: defaults, problem: { reason: reason.slice(0, 2000), setAsideAs: aside } };
    } catch (error) {
      return { settings: defaults, problem: { reason: `${reason}; could not be set aside: ${String(error)}`.slice(0, 2000), setAsideAs: null } };
    }
  }
}
