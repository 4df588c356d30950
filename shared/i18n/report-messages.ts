/**
 * Texts of the contact-specific report (issue 9 §2, §4) and of the settings view. Kept beside
 * messages.ts like the diagnose and capture texts; `en` must have the same keys.
 */
export const REPORT_EXTRA_DE = {
  caseTitle: 'Kunde, Standort',
  symptom: 'Fehlerbild',
  identifier: 'Kennung',
  verdictLine: 'Ergebnis der Prüfung',
  asks: 'Bitte',
  againstVerdictSubject: 'GEGEN PRÜFERGEBNIS',
  againstVerdict:
    'Auf ausdrücklichen Wunsch als Störungsmeldung an die Hotline exportiert, obwohl die Prüfung ergab: „{verdict}“. Bestätigt am {at} von {by}.',
  unknownPerson: 'unbekannt',
  asHotline: 'Stattdessen eine Störungsmeldung an die Störungshotline erstellen (gegen das Prüfergebnis)',
  asHotlineConfirm: 'Ich bestätige, dass ich die Meldung trotzdem an die Störungshotline senden möchte.',
  confirmedAt: 'Bestätigt am {at} von {by}.',
  formFor: 'Empfänger dieser Meldung',
  recipientDefault: 'Leer lassen für die Vorgabe aus den Einstellungen: {value}',
  recipientNone: 'Leer lassen, um den Empfänger im Mailprogramm einzutragen (keine Vorgabe in den Einstellungen).',
  recipientInvalid: 'Bitte E-Mail-Adressen durch Komma trennen; „{value}“ ist keine gültige Adresse.',
  statusPageLink: 'Statusseite öffnen',
  evidence: 'Messung',
  phonePrinted: 'In der Meldung: {value}',
  phoneAssumed: '{typed} – angenommen {country}: {international}',
  phoneAlso: 'Gelesen als Nummer in {country}. Gemeint {others}? Dann mit Ländervorwahl eingeben (+49, +43, +41).',
  countries: { DE: 'Deutschland', AT: 'Österreich', CH: 'Schweiz' },
};

export const REPORT_EXTRA_EN: typeof REPORT_EXTRA_DE = {
  caseTitle: 'Customer, site',
  symptom: 'Symptom',
  identifier: 'Identifier',
  verdictLine: 'Result of the checks',
  asks: 'Please',
  againstVerdictSubject: 'AGAINST THE CHECK RESULT',
  againstVerdict: 'Exported as a fault report to the hotline on explicit request, although the checks found: “{verdict}”. Confirmed on {at} by {by}.',
  unknownPerson: 'unknown',
  asHotline: 'Create a fault report to the fault hotline instead (against the check result)',
  asHotlineConfirm: 'I confirm that I want to send the report to the fault hotline anyway.',
  confirmedAt: 'Confirmed on {at} by {by}.',
  formFor: 'Recipient of this report',
  recipientDefault: 'Leave empty for the default from the settings: {value}',
  recipientNone: 'Leave empty to enter the recipient in the mail program (no default in the settings).',
  recipientInvalid: 'Please separate e-mail addresses with commas; “{value}” is not a valid address.',
  statusPageLink: 'Open the status page',
  evidence: 'Measurement',
  phonePrinted: 'In the report: {value}',
  phoneAssumed: '{typed} – assumed {country}: {international}',
  phoneAlso: 'Read as a number in {country}. Meant {others}? Then enter it with the country code (+49, +43, +41).',
  countries: { DE: 'Germany', AT: 'Austria', CH: 'Switzerland' },
};

export const SETTINGS_DE = {
  heading: 'Einstellungen',
  open: 'Einstellungen',
  back: 'Zurück zu den Fällen',
  recipients: 'Vorgabe-Empfänger je Ansprechpartner',
  recipientsHint: 'E-Mail-Adressen für den E-Mail-Entwurf; mehrere durch Komma getrennt. Im Fall lässt sich der Empfänger überschreiben.',
  dataDir: 'Datenordner',
  dataDirHint: 'Hier liegen Fälle, Exporte und Einstellungen. Einen anderen Ort setzt die Umgebungsvariable STARFACE_TRIAGE_DATA_DIR beim Start.',
  language: 'Sprache',
  reflector: 'Reflektor des Partners (STUN/SIP-Echo)',
  reflectorHint: 'HOST:PORT, z. B. reflektor.partner.de:3478. Wird für NAT-Messungen und die SIP-ALG-Prüfung verwendet, auch von der Kommandozeile.',
  reflectorInvalid: 'Bitte als HOST:PORT angeben, z. B. reflektor.partner.de:3478 (Port 1–65535).',
  save: 'Speichern',
  saved: 'Einstellungen gespeichert.',
};

export const SETTINGS_EN: typeof SETTINGS_DE = {
  heading: 'Settings',
  open: 'Settings',
  back: 'Back to the cases',
  recipients: 'Default recipients per contact',
  recipientsHint: 'E-mail addresses for the e-mail draft; several separated by commas. Each case can override the recipient.',
  dataDir: 'Data folder',
  dataDirHint: 'Cases, exports and settings are kept here. The environment variable STARFACE_TRIAGE_DATA_DIR sets another place at start.',
  language: 'Language',
  reflector: 'Partner’s reflector (STUN/SIP echo)',
  reflectorHint: 'HOST:PORT, e.g. reflector.partner.com:3478. Used for NAT measurements and the SIP ALG check, also from the command line.',
  reflectorInvalid: 'Please give it as HOST:PORT, e.g. reflector.partner.com:3478 (port 1–65535).',
  save: 'Save',
  saved: 'Settings saved.',
};
