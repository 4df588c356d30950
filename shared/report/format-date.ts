import type { LanguageType } from '../model/case.js';

/**
 * Date and time with the UTC offset ("28.11.2026, 14:30 UTC+1"): a report travels to a hotline,
 * a provider or an IT department in another zone, and a bare "14:30" is ambiguous twice a year.
 * `timeZone` is for tests and for a report built away from the technician's machine.
 */
export function formatDateTime(iso: string | Date, language: LanguageType, timeZone?: string): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(date.getTime())) return String(iso);
  const parts = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(date);
  const offset = new Intl.DateTimeFormat('en-GB', { timeZoneName: 'shortOffset', ...(timeZone ? { timeZone } : {}) })
    .formatToParts(date)
    .find((p) => p.type === 'timeZoneName')?.value;
  // "GMT+1" → "UTC+1"; "GMT" alone is UTC itself.
  const zone = offset === undefined ? '' : offset.replace(/^GMT/, 'UTC').replace(/^UTC[+-]0?$/, 'UTC');
  return zone ? `${parts} ${zone}` : parts;
}

/** A duration in whole milliseconds for tables, or a dash when there is none. */
export function formatMs(v: number | null): string {
  return v === null ? '–' : `${Math.round(v)} ms`;
}
