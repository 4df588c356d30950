import type { ReportModelType } from '../../../shared/report/report-model-type.js';

/**
 * ASCII on purpose: the name passes through Windows/macOS file systems, Content-Disposition headers
 * and the hotline's ticket system; "Störungsmeldung" is transliterated the way Germans type it.
 */
const PREFIX: Record<ReportModelType['language'], string> = {
  de: 'Stoerungsmeldung',
  en: 'Fault-report',
};

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * `Stoerungsmeldung-2026-11-27-1430.pdf`: sorts by time in a folder listing and uses only
 * [A-Za-z0-9._-]. The technician's local time, because that is the clock they read on site.
 */
export function reportFileName(model: ReportModelType, kind: 'pdf' | 'eml', date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('reportFileName: invalid date');
  const stamp = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
  return `${PREFIX[model.language]}-${stamp}.${kind}`;
}
