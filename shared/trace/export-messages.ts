import type { BilingualTextType } from '../model/bounded.js';

/** Trace export (issue 8 §3) in words for the technician: the summary and why it failed. */

export interface ExportRedactionsType {
  numbers: number;
  names: number;
  authValues: number;
  rtpPayloads: number;
  /** Packets with SIP text the export could not read and redact, left out (trace-export.ts). */
  withheld: number;
}

export type ExportFailureCodeType = 'unknown-device' | 'unknown-dialog' | 'cut' | 'damaged' | 'no-space' | 'unwritable' | 'not-found' | 'unreadable' | 'attachment-gone' | 'unplaceable';

export function exportFailureText(code: ExportFailureCodeType, name: string, detail: string): BilingualTextType {
  switch (code) {
    case 'unknown-device':
      return { de: `In „${name}“ gibt es keine SIP-Nachricht von oder an ${detail} (Endgerät als IP:PORT angeben, wie „analyze“ es nennt).`, en: `"${name}" has no SIP message from or to ${detail} (name the device as IP:PORT, as "analyze" lists it).` };
    case 'unknown-dialog':
      return { de: `In „${name}“ gibt es keinen Dialog mit der Call-ID „${detail}“.`, en: `"${name}" has no dialog with Call-ID "${detail}".` };
    case 'cut':
      return { de: `„${name}“ endet mitten in einem Paket (bei Byte ${detail}) – die Datei ist unvollständig; bitte vollständig kopieren.`, en: `"${name}" ends inside a packet (at byte ${detail}) – the file is incomplete; please copy it completely.` };
    case 'damaged':
      return { de: `„${name}“ ist ab Byte ${detail} beschädigt – nichts exportiert.`, en: `"${name}" is damaged from byte ${detail} on – nothing exported.` };
    case 'no-space':
      return { de: `Kein Platz mehr auf dem Datenträger für ${detail} – nichts geschrieben.`, en: `No space left on the disk for ${detail} – nothing written.` };
    case 'unwritable':
      return { de: `${detail} kann nicht geschrieben werden (Ordner vorhanden, Schreibrechte?).`, en: `${detail} cannot be written (does the folder exist, write permission?).` };
    case 'not-found':
      return { de: `„${name}“ gibt es nicht (mehr).`, en: `"${name}" does not exist (any more).` };
    case 'unplaceable':
      return { de: `„${name}“ enthält ${detail} SIP-Nachricht(en) über TCP in IP-Fragmenten (oder in einem Tunnel innen und außen fragmentiert), die sich nicht sicher schwärzen lassen – nichts exportiert. Bitte nur die betroffenen Endgeräte oder Dialoge auswählen oder ohne Fragmentierung neu mitschneiden.`, en: `"${name}" has ${detail} SIP message(s) over TCP in IP fragments (or fragmented both inside and outside a tunnel) that cannot be redacted safely – nothing exported. Please select only the devices or dialogs concerned, or capture again without fragmentation.` };
    case 'attachment-gone':
      return { de: `Der Mitschnitt „${name}“ ist nicht mehr im Fall (gelöscht oder verschoben) – bitte erneut einlesen.`, en: `The capture "${name}" is no longer in the case (deleted or moved) – please import it again.` };
    default:
      return { de: `„${name}“ lässt sich nicht lesen (gesperrt oder keine Zugriffsrechte?).`, en: `"${name}" cannot be read (locked, or no permission?).` };
  }
}

/** "3 numbers, 2 names, …" – what redaction replaced or removed. */
export function redactionsText(r: ExportRedactionsType, redacted: boolean): BilingualTextType {
  const de = [`${r.authValues} Authorization-Werte entfernt`, `${r.rtpPayloads} RTP-Nutzdaten entfernt`];
  const en = [`${r.authValues} authorization values removed`, `${r.rtpPayloads} RTP payloads dropped`];
  if (redacted) {
    de.unshift(`${r.numbers} Rufnummern und ${r.names} Namen pseudonymisiert`);
    en.unshift(`${r.numbers} numbers and ${r.names} names pseudonymised`);
  }
  if (r.withheld > 0) {
    de.push(`${r.withheld} Pakete mit nicht lesbarem SIP (z. B. in einem Tunnel) weggelassen, weil sie sich nicht schwärzen ließen`);
    en.push(`${r.withheld} packets with SIP that could not be read (in a tunnel, say) left out, as they could not be redacted`);
  }
  return { de: `${redacted ? 'geschwärzt' : 'nicht geschwärzt'}: ${de.join(', ')}`, en: `${redacted ? 'redacted' : 'not redacted'}: ${en.join(', ')}` };
}

export function exportSummaryText(out: string, packets: number, sipMessages: number, redactions: ExportRedactionsType, redacted: boolean): BilingualTextType {
  const r = redactionsText(redactions, redacted);
  const warn = redacted
    ? { de: '', en: '' }
    : {
        de: ' – Achtung: Rufnummern und Namen sind enthalten; Authorization-Werte sind trotzdem entfernt (aus einer Digest-Antwort lässt sich das SIP-Passwort offline erraten).',
        en: ' – note: numbers and names are included; authorization values are removed anyway (a digest response lets anyone guess the SIP password offline).',
      };
  return {
    de: `${out} geschrieben: ${packets} Pakete, ${sipMessages} SIP-Nachrichten; ${r.de}${warn.de}`,
    en: `Wrote ${out}: ${packets} packets, ${sipMessages} SIP messages; ${r.en}${warn.en}`,
  };
}
