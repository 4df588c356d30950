import type { BilingualTextType } from '../model/bounded.js';
import type { TraceResultType } from './trace-result.js';

/** Why a file could not be read as a capture, in words for the technician (CLI and app). */
export type TraceFailureCodeType = 'empty' | 'not-a-capture' | 'bad-header' | 'bad-block' | 'too-large' | 'malformed' | 'unreadable' | 'not-found' | 'is-directory';
export type FileKindType = 'gzip' | 'zip' | 'jpeg' | 'png' | 'pdf' | 'text' | 'unknown';

const KIND: Record<FileKindType, BilingualTextType> = {
  gzip: { de: 'Sie ist gzip-komprimiert: bitte zuerst entpacken.', en: 'It is gzip-compressed: please unpack it first.' },
  zip: { de: 'Sie ist ein ZIP-Archiv: bitte zuerst entpacken.', en: 'It is a ZIP archive: please unpack it first.' },
  jpeg: { de: 'Sie ist ein JPEG-Bild.', en: 'It is a JPEG image.' },
  png: { de: 'Sie ist ein PNG-Bild.', en: 'It is a PNG image.' },
  pdf: { de: 'Sie ist ein PDF-Dokument.', en: 'It is a PDF document.' },
  text: { de: 'Sie ist eine Textdatei – ein PBX-Log der Anlage wird unter „PBX-Log“ eingelesen.', en: 'It is a text file – a PBX log is read under “PBX log”.' },
  unknown: { de: '', en: '' },
};

export function traceFailureText(code: TraceFailureCodeType, name: string, kind: FileKindType = 'unknown', offset = 0): BilingualTextType {
  switch (code) {
    case 'not-found':
      return { de: `„${name}“ gibt es nicht.`, en: `"${name}" does not exist.` };
    case 'is-directory':
      return { de: `„${name}“ ist ein Ordner, kein Mitschnitt.`, en: `"${name}" is a folder, not a capture.` };
    case 'unreadable':
      return { de: `„${name}“ lässt sich nicht lesen (Zugriffsrechte?).`, en: `"${name}" cannot be read (permissions?).` };
    case 'empty':
      return { de: `„${name}“ ist leer (0 Byte) – der Mitschnitt wurde nicht gespeichert oder nicht zu Ende übertragen.`, en: `"${name}" is empty (0 bytes) – the capture was not saved or not fully transferred.` };
    case 'not-a-capture': {
      const k = KIND[kind];
      return {
        de: `„${name}“ ist kein Mitschnitt (pcap, pcapng oder FRITZ!Box-.eth). ${k.de}`.trim(),
        en: `"${name}" is not a capture (pcap, pcapng or FRITZ!Box .eth). ${k.en}`.trim(),
      };
    }
    default:
      return {
        de: `„${name}“ ist ab Byte ${offset} beschädigt, noch bevor ein Paket gelesen war.`,
        en: `"${name}" is damaged from byte ${offset} on, before any packet could be read.`,
      };
  }
}

/** The result in a few lines: what was read, then the findings, then what could not be read. */
/** Where reading a cut or damaged capture stopped, and what was analysed before it. */
export function stoppedAtText(at: NonNullable<TraceResultType['stoppedAt']>): BilingualTextType {
  const mb = (at.offset / 1048576).toFixed(1);
  return at.reason === 'cut'
    ? { de: `Die Datei endet mitten in einem Paket (bei Byte ${at.offset}, ${mb} MB): ausgewertet sind die ${at.packets} Pakete davor.`, en: `The file ends in the middle of a packet (at byte ${at.offset}, ${mb} MB): the ${at.packets} packets before it are analysed.` }
    : { de: `Die Datei ist ab Byte ${at.offset} (${mb} MB) beschädigt: ausgewertet sind die ${at.packets} Pakete davor.`, en: `The file is damaged from byte ${at.offset} (${mb} MB) on: the ${at.packets} packets before it are analysed.` };
}

export function traceSummaryLines(r: TraceResultType, lang: 'de' | 'en'): string[] {
  const format = { pcap: 'pcap', pcapng: 'pcapng', fritzbox: lang === 'de' ? 'FRITZ!Box-Mitschnitt' : 'FRITZ!Box capture' }[r.format];
  const lines = [
    lang === 'de'
      ? `${format}: ${r.packets} Pakete, ${r.sipMessages} SIP-Nachrichten, ${r.dialogs} Dialoge, ${r.devices.length} Endgeräte`
      : `${format}: ${r.packets} packets, ${r.sipMessages} SIP messages, ${r.dialogs} dialogs, ${r.devices.length} devices`,
  ];
  for (const d of r.devices.slice(0, 50)) {
    const q = d.qualify;
    const reg = d.registrations;
    lines.push(
      `  ${d.address}${d.name !== undefined ? ` (${d.name})` : ''}: OK ${q.ok}, LAGGED ${q.lagged}, UNREACHABLE ${q.unreachable}` +
        (reg.requests > 0 ? (lang === 'de' ? `; REGISTER ${reg.requests}, erfolgreich ${reg.successes}, 401/407 ${reg.challenges}, abgelehnt ${reg.failures}` : `; REGISTER ${reg.requests}, succeeded ${reg.successes}, 401/407 ${reg.challenges}, refused ${reg.failures}`) : ''),
    );
  }
  const codes = Object.entries(r.responseCodes).map(([c, n]) => `${c}: ${n}`).join(', ');
  if (codes !== '') lines.push(lang === 'de' ? `Antwortcodes: ${codes}` : `Response codes: ${codes}`);
  for (const f of r.findings) lines.push(`${f.severity === 'error' ? '✖' : f.severity === 'warning' ? '⚠' : 'ℹ'} ${f.text[lang]}`);
  for (const w of r.warnings) lines.push(`  (${w[lang]})`);
  return lines;
}

/** What a file that is not a capture probably is, for the message (its first bytes). */
export function sniffFileKind(head: Uint8Array): FileKindType {
  const b = (i: number) => head[i] ?? -1;
  if (b(0) === 0x1f && b(1) === 0x8b) return 'gzip';
  if (b(0) === 0x50 && b(1) === 0x4b) return 'zip';
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && b(1) === 0x50 && b(2) === 0x4e && b(3) === 0x47) return 'png';
  if (b(0) === 0x25 && b(1) === 0x50 && b(2) === 0x44 && b(3) === 0x46) return 'pdf';
  const sample = head.subarray(0, 512);
  if (sample.length > 0 && sample.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127))) return 'text';
  return 'unknown';
}

/** The sentence for a failed import job: its error detail is `trace-format:CODE:OFFSET` (import-jobs.ts). */
export function importFailureText(detail: string, fileName: string): BilingualTextType | null {
  const m = /^trace-format:([a-z-]{1,30}):(\d{1,15})$/.exec(detail);
  if (m === null) return null;
  const codes: readonly string[] = ['empty', 'not-a-capture', 'bad-header', 'bad-block', 'too-large', 'malformed', 'unreadable', 'not-found', 'is-directory'];
  const code = codes.includes(m[1] ?? '') ? (m[1] as TraceFailureCodeType) : 'malformed';
  return traceFailureText(code, fileName, 'unknown', Number(m[2]));
}
