import type { ReportModelType } from '../../../shared/report/report-model-type.js';
import { addressing } from '../../../shared/report/report-addressing.js';

const two = (n: number): string => String(n).padStart(2, '0');

/**
 * ASCII on purpose: the name passes through Windows/macOS file systems, Content-Disposition headers
 * and the hotline's ticket system. Umlauts are transliterated the way Germans type them, anything
 * else outside [A-Za-z0-9.-] becomes "-"; bounded so the whole name stays far below 255 bytes.
 */
export function fileNamePart(value: string, max = 60): string {
  return value
    .replace(/æ/g, 'ae').replace(/Æ/g, 'Ae').replace(/ø/g, 'o').replace(/Ø/g, 'O')
    .replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/Ä/g, 'Ae').replace(/Ö/g, 'Oe').replace(/Ü/g, 'Ue').replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/-{2,}/g, '-')
    .slice(0, max)
    .replace(/[-.]+$/, '');
}

/**
 * `Stoerungsmeldung-mueller.starface-cloud.com-Mueller-GmbH-Telefone-sind-nicht-mehr-angemeldet-2026-11-27-1430.pdf`:
 * who it is for, the service's identifier (cloud name, licence, DSL order number), the customer,
 * the symptom and the time, so reports of different cases and contacts tell themselves apart in a folder listing.
 * The technician's local time, because that is the clock they read on site.
 */
export function reportFileName(model: ReportModelType, kind: 'pdf' | 'eml', date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('reportFileName: invalid date');
  const stamp = `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
  const parts = [addressing(model.form).file[model.language], fileNamePart(model.identifier), fileNamePart(model.customer, 40), fileNamePart(model.symptom, 40), stamp];
  return `${parts.filter(Boolean).join('-')}.${kind}`;
}
