/**
 * What the CLI says, in the user's language (from LC_ALL / LC_MESSAGES / LANG, the POSIX order),
 * which is separate from the report's `--lang`: a German technician may write an English report.
 */
export type CliLanguageType = 'de' | 'en';

export function cliLanguage(env: NodeJS.ProcessEnv): CliLanguageType {
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('de') ? 'de' : 'en';
}

type TextsType = {
  /** The language these texts are in: quotes from the case (the verdict) follow it. */
  language: CliLanguageType;
  usage: (version: string) => string;
  unknownOption: (option: string) => string;
  missingValue: (option: string) => string;
  unexpectedArgument: (arg: string) => string;
  missingCommand: string;
  unknownCommand: (command: string) => string;
  missingCaseFile: string;
  missingPdf: string;
  badLang: (value: string) => string;
  badAddress: (value: string) => string;
  emlNeedsPdf: string;
  sameOutput: string;
  caseNotFound: (path: string) => string;
  caseUnreadable: (path: string, detail: string) => string;
  caseTooLarge: (path: string) => string;
  caseNotJson: (path: string, detail: string) => string;
  caseInvalid: (path: string, detail: string) => string;
  notHotline: (headline: string) => string;
  reportIncomplete: (fields: string) => string;
  reportFailed: (detail: string) => string;
  writeFailed: (path: string, detail: string) => string;
  unexpected: (detail: string) => string;
  wrotePdf: (path: string) => string;
  wroteEml: (path: string) => string;
  caseJsonDescription: string;
};

const USAGE_DE = `STARFACE Triage %VERSION% – Störungsmeldung aus einer Fall-Datei erzeugen

Aufruf:
  starface-triage report FALL.json --pdf AUSGABE.pdf [--eml AUSGABE.eml] [--to ADRESSE]
                         [--lang de|en] [--hotline [--confirm-not-hotline]] [--json]
  starface-triage pbx-log PBX.log [--json]   PBX-Log der Anlage auswerten (UNREACHABLE, LAGGED)
  starface-triage analyze MITSCHNITT [--json] Mitschnitt auswerten (pcap, pcapng, FRITZ!Box .eth)
  starface-triage dialogs MITSCHNITT [--json] [--filter TEXT] [--sort SPALTE] [--desc] [--limit N]
                                             SIP-Dialoge des Mitschnitts (wie sngrep)
  starface-triage capture --iface SCHNITTSTELLE [--filter BPF] [--duration S] [--max-mb N] --out DATEI.pcapng
                                             SIP live mitschneiden (Strg-C beendet und behält; --list: Schnittstellen)
  starface-triage --help | --version

Optionen:
  --pdf DATEI              wohin die Störungsmeldung als PDF geschrieben wird (Pflicht)
  --eml DATEI              zusätzlich ein E-Mail-Entwurf (.eml) mit dem PDF im Anhang
  --to ADRESSE             Empfänger des Entwurfs, mehrere durch Komma getrennt (Vorgabe: Empfänger
                           aus dem Fall, sonst die Vorgabe der App für den Ansprechpartner)
  --lang de|en             Sprache der Meldung (Vorgabe: de)
  --hotline                die Störungsmeldung an die Hotline statt der Meldung an den Ansprechpartner
                           des Prüfergebnisses (Provider, IT des Standorts, …)
  --confirm-not-hotline    die Hotline-Meldung trotzdem exportieren, wenn die Prüfung sagt: kein Fall
                           für die Hotline (wird in der Meldung vermerkt)
  --json                   Ergebnis maschinenlesbar auf stdout

Beendet sich mit 0 bei Erfolg, 2 bei jedem Fehler.`;

const USAGE_EN = `STARFACE Triage %VERSION% – build a fault report from a case file

Usage:
  starface-triage report CASE.json --pdf OUT.pdf [--eml OUT.eml] [--to ADDRESS]
                         [--lang de|en] [--hotline [--confirm-not-hotline]] [--json]
  starface-triage pbx-log PBX.log [--json]   analyse the PBX's log (UNREACHABLE, LAGGED)
  starface-triage analyze CAPTURE [--json]   analyse a capture (pcap, pcapng, FRITZ!Box .eth)
  starface-triage dialogs CAPTURE [--json] [--filter TEXT] [--sort COLUMN] [--desc] [--limit N]
                                             the capture's SIP dialogs (as in sngrep)
  starface-triage capture --iface IF [--filter BPF] [--duration S] [--max-mb N] --out FILE.pcapng
                                             capture SIP live (Ctrl-C stops and keeps; --list: interfaces)
  starface-triage --help | --version

Options:
  --pdf FILE               where the fault report PDF is written (required)
  --eml FILE               also write an e-mail draft (.eml) with the PDF attached
  --to ADDRESS             recipients of the draft, separated by commas (default: the case's
                           recipient, else the app's default for the contact)
  --lang de|en             language of the report (default: de)
  --hotline                the fault report to the hotline instead of the report to the verdict's
                           contact (provider, the site's IT, …)
  --confirm-not-hotline    export the hotline report even if the triage says this is not a case for
                           the hotline (noted in the report)
  --json                   print a machine-readable result on stdout

Exits with 0 on success, 2 on any error.`;

const de: TextsType = {
  language: 'de',
  usage: (version) => USAGE_DE.replace('%VERSION%', version),
  unknownOption: (o) => `Unbekannte Option ${o} – Hilfe: starface-triage --help`,
  missingValue: (o) => `Option ${o} braucht einen Wert – Hilfe: starface-triage --help`,
  unexpectedArgument: (a) => `Unerwartetes Argument „${a}“ – Hilfe: starface-triage --help`,
  missingCommand: 'Kein Befehl angegeben – Hilfe: starface-triage --help',
  unknownCommand: (c) => `Unbekannter Befehl „${c}“ – Hilfe: starface-triage --help`,
  missingCaseFile: 'Keine Fall-Datei angegeben: starface-triage report FALL.json --pdf AUSGABE.pdf',
  missingPdf: 'Bitte mit --pdf angeben, wohin das PDF geschrieben werden soll',
  badLang: (v) => `--lang „${v}“ wird nicht unterstützt; erlaubt sind de und en`,
  badAddress: (v) => `„${v}“ ist keine gültige E-Mail-Adresse`,
  emlNeedsPdf: 'Der E-Mail-Entwurf braucht das PDF: bitte auch --pdf angeben',
  sameOutput: 'Fall-Datei, PDF und E-Mail-Entwurf müssen verschiedene Dateien sein',
  caseNotFound: (p) => `Fall-Datei nicht gefunden: ${p}`,
  caseUnreadable: (p, d) => `Fall-Datei kann nicht gelesen werden: ${p} (${d})`,
  caseTooLarge: (p) => `Fall-Datei ist zu groß für einen Fall: ${p}`,
  caseNotJson: (p, d) => `Fall-Datei ist kein gültiges JSON: ${p} (${d})`,
  caseInvalid: (p, d) => `Fall-Datei ist kein gültiger Fall: ${p} (${d})`,
  reportIncomplete: (f) => `Die Störungsmeldung im Fall ist unvollständig (${f}) – bitte in der App ergänzen`,
  notHotline: (h) => `Laut Prüfung kein Fall für die Störungshotline („${h}“) – ohne --hotline wird die Meldung an den Ansprechpartner geschrieben; mit --confirm-not-hotline trotzdem an die Hotline`,
  reportFailed: (d) => `Die Störungsmeldung konnte nicht erzeugt werden: ${d}`,
  writeFailed: (p, d) => `Datei konnte nicht geschrieben werden: ${p} (${d})`,
  unexpected: (d) => `Unerwarteter Fehler: ${d}`,
  wrotePdf: (p) => `PDF geschrieben: ${p}`,
  wroteEml: (p) => `E-Mail-Entwurf geschrieben: ${p}`,
  caseJsonDescription: 'Der vollständige Fall als JSON (maschinenlesbar)',
};

const en: TextsType = {
  language: 'en',
  usage: (version) => USAGE_EN.replace('%VERSION%', version),
  unknownOption: (o) => `Unknown option ${o} – see: starface-triage --help`,
  missingValue: (o) => `Option ${o} needs a value – see: starface-triage --help`,
  unexpectedArgument: (a) => `Unexpected argument "${a}" – see: starface-triage --help`,
  missingCommand: 'No command given – see: starface-triage --help',
  unknownCommand: (c) => `Unknown command "${c}" – see: starface-triage --help`,
  missingCaseFile: 'No case file given: starface-triage report CASE.json --pdf OUT.pdf',
  missingPdf: 'Please say with --pdf where the PDF should be written',
  badLang: (v) => `--lang "${v}" is not supported; use de or en`,
  badAddress: (v) => `"${v}" is not a valid e-mail address`,
  emlNeedsPdf: 'The e-mail draft needs the PDF: please give --pdf as well',
  sameOutput: 'Case file, PDF and e-mail draft must be different files',
  caseNotFound: (p) => `Case file not found: ${p}`,
  caseUnreadable: (p, d) => `Case file cannot be read: ${p} (${d})`,
  caseTooLarge: (p) => `Case file is too large for a case: ${p}`,
  caseNotJson: (p, d) => `Case file is not valid JSON: ${p} (${d})`,
  caseInvalid: (p, d) => `Case file is not a valid case: ${p} (${d})`,
  reportIncomplete: (f) => `The fault report in the case is incomplete (${f}) – please complete it in the app`,
  notHotline: (h) => `The triage says this is not a case for the fault hotline ("${h}") – without --hotline the report goes to the verdict's contact; add --confirm-not-hotline to send it to the hotline anyway`,
  reportFailed: (d) => `The fault report could not be built: ${d}`,
  writeFailed: (p, d) => `File could not be written: ${p} (${d})`,
  unexpected: (d) => `Unexpected error: ${d}`,
  wrotePdf: (p) => `PDF written: ${p}`,
  wroteEml: (p) => `E-mail draft written: ${p}`,
  caseJsonDescription: 'The complete case as JSON (machine-readable)',
};

export function texts(language: CliLanguageType): TextsType {
  return language === 'de' ? de : en;
}

/** One line, no stack, bounded: what any error may show the user. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function errorDetail(error: unknown): string {
  if (error instanceof Error) return oneLine(error.message.split('\n')[0] ?? error.name, 200);
  return oneLine(String(error), 200);
}
