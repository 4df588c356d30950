import type { LanguageType } from '../model/case.js';

export function formatDateTime(iso: string | Date, language: LanguageType): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return String(iso);
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** A duration in whole milliseconds for tables, or a dash when there is none. */
export function formatMs(v: number | null): string {
  return v === null ? '–' : `${Math.round(v)} ms`;
}
