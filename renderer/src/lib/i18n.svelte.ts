import { messages } from '../../../shared/i18n/messages.js';
import type { LanguageType } from '../../../shared/model/case.js';
import { api } from './api.js';
import { countedPhrase } from './labels.js';

const STORAGE_KEY = 'starface-triage.language';

function initialLanguage(): LanguageType {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'de' || stored === 'en') return stored;
  } catch {
    // Storage may be disabled; German is the default.
  }
  return 'de';
}

function hasStoredLanguage(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) !== null;
  } catch {
    return false;
  }
}

/** The UI language: German first, switchable at any time, remembered locally and in the settings. */
class I18n {
  #language = $state<LanguageType>(initialLanguage());
  t = $derived(messages(this.#language));

  /** A counted phrase in the current language: the form for `n`'s plural category, with {n} filled. */
  plural(n: number, forms: { one: string; other: string }): string {
    return countedPhrase(this.#language, n, forms);
  }

  get language(): LanguageType {
    return this.#language;
  }

  set language(value: LanguageType) {
    this.#language = value;
    document.documentElement.lang = value;
    try {
      localStorage.setItem(STORAGE_KEY, value);
    } catch {
      // Not fatal: the engine's settings keep it too.
    }
    void api['settings.set']({ language: value }).catch(() => {});
  }

  /** Adopts the engine's stored language (a fresh browser profile has no localStorage yet). */
  async load(): Promise<void> {
    if (hasStoredLanguage()) return;
    try {
      const settings = await api['settings.get']({});
      if (settings.language && settings.language !== this.#language) {
        this.#language = settings.language;
        document.documentElement.lang = settings.language;
      }
    } catch {
      // Keep the local choice.
    }
  }
}

export const i18n = new I18n();
