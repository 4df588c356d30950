/** Texts of "Für die Meldung" in the Mitschnitt view (issue 8 §3), German first. */
export const REPORT_ATTACHMENTS_DE = {
  heading: 'Für die Störungsmeldung',
  intro: 'Den Mitschnitt (ganz oder nur die SIP-Nachrichten einzelner Endgeräte oder Dialoge) oder einen Auszug aus dem PBX-Log an die Meldung hängen. Er wird ins PDF eingebettet und der E-Mail beigefügt.',
  source: 'Datei',
  devices: 'Endgeräte (keins gewählt: alles)',
  dialog: 'Dialog (Call-ID, optional)',
  redact: 'Rufnummern und Namen schwärzen (DSGVO)',
  notRedacted: 'Ohne Schwärzung gehen Rufnummern und Namen der Kunden mit. Authorization-Werte werden trotzdem immer entfernt (aus ihnen ließe sich das SIP-Passwort erraten).',
  attach: 'Für die Meldung beifügen',
  attaching: 'Wird erstellt …',
  none: 'Noch nichts für die Meldung beigefügt.',
  noSource: 'Zuerst einen Mitschnitt oder ein PBX-Log einlesen.',
  remove: 'Entfernen',
  attached: 'Beigefügt',
};

export const REPORT_ATTACHMENTS_EN: typeof REPORT_ATTACHMENTS_DE = {
  heading: 'For the fault report',
  intro: 'Attach the capture (all of it, or only the SIP messages of chosen devices or dialogs) or an excerpt of the PBX log to the report. It is embedded in the PDF and attached to the e-mail.',
  source: 'File',
  devices: 'Devices (none chosen: everything)',
  dialog: 'Dialog (Call-ID, optional)',
  redact: 'Redact phone numbers and names (GDPR)',
  notRedacted: 'Without redaction the customers’ phone numbers and names go along. Authorization values are always removed anyway (they would let anyone guess the SIP password).',
  attach: 'Attach to the report',
  attaching: 'Creating …',
  none: 'Nothing attached for the report yet.',
  noSource: 'Import a capture or a PBX log first.',
  remove: 'Remove',
  attached: 'Attached',
};
