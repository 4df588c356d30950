import type { LanguageType } from '../model/case.js';
import type { StoredPbxLogType, StoredTraceType } from './trace-stored.js';
import { formatMs } from '../report/format-date.js';

/** The report's lines and table for an imported capture or PBX log (issue 7: findings and figures into the PDF). */

interface ItemPartsType {
  lines: string[];
  table: { head: string[]; rows: string[][] } | null;
}

const MAX_ROWS = 30;

const T = {
  de: { file: 'Datei', read: (p: number, s: number, d: number) => `${p} Pakete, ${s} SIP-Nachrichten, ${d} Dialoge`, codes: 'Antwortcodes', device: 'Endgerät', more: (n: number) => `… und ${n} weitere Endgeräte`, lines: (l: number, s: number) => `${l} Zeilen gelesen, ${s} übersprungen`, last: 'Letzter Zustand', rtt: 'RTT (Median/Max)' },
  en: { file: 'File', read: (p: number, s: number, d: number) => `${p} packets, ${s} SIP messages, ${d} dialogs`, codes: 'Response codes', device: 'Device', more: (n: number) => `… and ${n} more devices`, lines: (l: number, s: number) => `${l} lines read, ${s} skipped`, last: 'Last state', rtt: 'RTT (median/max)' },
};

const ms = formatMs;

export function traceReportParts(r: StoredTraceType, fileName: string, language: LanguageType): ItemPartsType {
  const t = T[language];
  const codes = Object.entries(r.responseCodes).map(([c, n]) => `${c}: ${n}`).join(', ');
  const lines = [
    `${t.file}: ${fileName} (${r.format}) · ${t.read(r.packets, r.sipMessages, r.dialogs)}`,
    ...r.findings.map((f) => f.text[language]),
    ...(codes === '' ? [] : [`${t.codes}: ${codes}`]),
    ...r.warnings.map((w) => w[language]),
  ];
  const devices = r.devices.filter((d) => d.qualify.ok + d.qualify.lagged + d.qualify.unreachable + d.registrations.requests > 0);
  const rows = devices.slice(0, MAX_ROWS).map((d) => [`${d.name !== undefined ? `${d.name} ` : ''}${d.address}`, String(d.qualify.ok), String(d.qualify.lagged), String(d.qualify.unreachable), `${ms(d.qualify.medianRttMs)} / ${ms(d.qualify.maxRttMs)}`]);
  const hidden = Math.max(0, r.devicesTotal, devices.length) - rows.length;
  if (hidden > 0) lines.push(t.more(hidden));
  return { lines, table: rows.length === 0 ? null : { head: [t.device, 'OK', 'LAGGED', 'UNREACHABLE', t.rtt], rows } };
}

export function pbxLogReportParts(r: StoredPbxLogType, fileName: string, language: LanguageType): ItemPartsType {
  const t = T[language];
  const lines = [`${t.file}: ${fileName} · ${t.lines(r.lines, r.skipped)}`, ...r.findings.map((f) => f.text[language])];
  const rows = r.devices.slice(0, MAX_ROWS).map((d) => [d.name, String(d.reachable), String(d.lagged), String(d.unreachable), d.lastState]);
  const hidden = Math.max(r.devicesTotal, r.devices.length) - rows.length;
  if (hidden > 0) lines.push(t.more(hidden));
  return { lines, table: rows.length === 0 ? null : { head: [t.device, 'Reachable', 'LAGGED', 'UNREACHABLE', t.last], rows } };
}
