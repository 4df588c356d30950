import type { CaseType } from '../model/case.js';
import { redactionsText } from '../trace/export-messages.js';
import type { ReportModelType } from './report-model-type.js';

/** The report's list of attached traces and log excerpts (issue 8 §3): size, what each shows, what was redacted. */

function size(bytes: number, language: 'de' | 'en'): string {
  const kb = bytes / 1024;
  const text = kb < 1024 ? `${kb.toFixed(kb < 10 ? 1 : 0)} KB` : `${(kb / 1024).toFixed(1)} MB`;
  return language === 'de' ? text.replace('.', ',') : text;
}

export function buildReportAttachments(c: CaseType, language: 'de' | 'en'): NonNullable<ReportModelType['reportAttachments']> {
  const de = language === 'de';
  const items = c.attachments.flatMap((a) => {
    const r = a.report;
    if (r === undefined) return [];
    const parts = [...r.selection.devices.map((d) => (de ? `Endgerät ${d}` : `device ${d}`)), ...r.selection.dialogs.map((d) => (de ? `Dialog ${d}` : `dialog ${d}`))];
    const scope = parts.length === 0 ? (de ? 'alles' : 'everything') : parts.join(', ');
    const shows =
      a.kind === 'trace'
        ? de ? `Mitschnitt (pcapng) aus „${r.source}“: ${r.items} SIP-Nachrichten; Auswahl: ${scope}` : `Trace (pcapng) from "${r.source}": ${r.items} SIP messages; selection: ${scope}`
        : de ? `Auszug aus dem PBX-Log „${r.source}“: ${r.items} Zeilen (${scope}, UNREACHABLE/LAGGED)` : `Excerpt of the PBX log "${r.source}": ${r.items} lines (${scope}, UNREACHABLE/LAGGED)`;
    return [{ fileName: `${a.fileName} (${size(a.bytes, language)})`, lines: [shows, redactionsText(r.redactions, r.redacted)[language]] }];
  });
  return { heading: de ? 'Anhänge (Mitschnitte, Log-Auszüge)' : 'Attachments (traces, log excerpts)', items };
}
