import type { ContactType, LocalizedTextType, VerdictIdType } from '../checklists/types.js';
import type { CaseType } from '../model/case.js';
import type { VerdictType } from '../triage/evaluate.js';

/**
 * Who a report is written for. Every verdict names a contact (verdicts.ts); the report, its PDF,
 * copy text and e-mail draft are addressed and worded for that contact (issue 9 §2). `hotline` and
 * `connect-team` get the guide's own form ("Was muss die Störungsmeldung enthalten?").
 */
export type ReportFormType = ContactType;

/** The contacts a report can be sent to: each has a default recipient in the settings. */
export const RECIPIENT_KINDS = ['hotline', 'connect-team', 'provider', 'partner', 'local-it', 'support-ticket', 'dealer'] as const;
export type RecipientKindType = (typeof RECIPIENT_KINDS)[number];

export function isRecipientKind(form: ReportFormType): form is RecipientKindType {
  return (RECIPIENT_KINDS as readonly string[]).includes(form);
}

interface AddressingType {
  /** The verdict card's main action: it names who the report goes to. */
  action: LocalizedTextType;
  /** The document's title. */
  title: LocalizedTextType;
  /** First words of the subject and of the file name (ASCII, see file-names.ts). */
  subject: LocalizedTextType;
  file: LocalizedTextType;
  /** Who the document is addressed to, printed under the title; null for the guide's own form. */
  to: LocalizedTextType | null;
  salutation: LocalizedTextType | null;
  /** What is asked of the receiver. */
  request: LocalizedTextType | null;
}

const DEAR = { de: 'Sehr geehrte Damen und Herren,', en: 'Dear Sir or Madam,' };
const HOTLINE_REQUEST = {
  de: 'bitte nehmen Sie die folgende Störung eines STARFACE-Dienstes auf. Die Prüfungen aus dem Leitfaden der Störungshotline wurden vor Ort durchgeführt; Prüfpfad und Messungen stehen unten.',
  en: 'please take up the following fault of a STARFACE service. The checks of the fault hotline’s guide were done on site; the check path and the measurements follow below.',
};

const ADDRESSING: Record<ReportFormType, AddressingType> = {
  hotline: {
    action: { de: 'Störungsmeldung an die Hotline', en: 'Fault report to the hotline' },
    title: { de: 'Störungsmeldung', en: 'Fault report' },
    subject: { de: 'Störungsmeldung', en: 'Fault report' },
    file: { de: 'Stoerungsmeldung', en: 'Fault-report' },
    to: { de: 'An: STARFACE Störungshotline', en: 'To: STARFACE fault hotline' },
    salutation: DEAR,
    request: HOTLINE_REQUEST,
  },
  'connect-team': {
    action: { de: 'Störungsmeldung an das Connect-Team', en: 'Fault report to the Connect team' },
    title: { de: 'Störungsmeldung', en: 'Fault report' },
    subject: { de: 'Störungsmeldung', en: 'Fault report' },
    file: { de: 'Stoerungsmeldung', en: 'Fault-report' },
    to: { de: 'An: STARFACE Connect-Team bzw. Störungshotline', en: 'To: STARFACE Connect team or fault hotline' },
    salutation: DEAR,
    request: HOTLINE_REQUEST,
  },
  provider: {
    action: { de: 'Meldung an den Provider', en: 'Report to the provider' },
    title: { de: 'Störungsmeldung an den Provider der Leitung', en: 'Fault report to the line’s provider' },
    subject: { de: 'Störungsmeldung Leitung', en: 'Line fault report' },
    file: { de: 'Meldung-Provider', en: 'Report-provider' },
    to: { de: 'An: Störungsannahme des Providers der Leitung', en: 'To: the line provider’s fault desk' },
    salutation: DEAR,
    request: {
      de: 'bitte nehmen Sie die folgende Störung der Leitung auf und prüfen Sie sie auf Ihrer Seite. Die Prüfungen vor Ort (unten) sprechen gegen eine Ursache in der Telefonanlage: Mit einer anderen Leitung funktioniert die Telefonie.',
      en: 'please take up the following fault of the line and check it on your side. The checks on site (below) speak against a cause in the PBX: telephony works over another line.',
    },
  },
  partner: {
    action: { de: 'Meldung an den betreuenden Partner', en: 'Report to the partner in charge' },
    title: { de: 'Prüfbericht für den betreuenden STARFACE-Partner', en: 'Check report for the STARFACE partner in charge' },
    subject: { de: 'Prüfbericht', en: 'Check report' },
    file: { de: 'Pruefbericht-Partner', en: 'Check-report-partner' },
    to: { de: 'An: betreuender STARFACE-Partner', en: 'To: the STARFACE partner in charge' },
    salutation: DEAR,
    request: {
      de: 'bitte prüfen Sie den folgenden Fall an der Anlage. Laut Leitfaden der Störungshotline liegt die Ursache nicht bei einem STARFACE-Dienst, sondern in Konfiguration, Installation oder Update der Anlage; Prüfpfad und Messungen stehen unten.',
      en: 'please look into the following case at the PBX. Per the fault hotline’s guide, the cause is not a STARFACE service but the PBX’s configuration, installation or update; the check path and the measurements follow below.',
    },
  },
  'local-it': {
    action: { de: 'Hinweis an die IT des Standorts', en: 'Note to the site’s IT' },
    title: { de: 'Hinweis an die IT des Standorts: Netzwerk und Firewall', en: 'Note to the site’s IT: network and firewall' },
    subject: { de: 'Hinweis Netzwerk/Firewall', en: 'Network/firewall note' },
    file: { de: 'Hinweis-IT', en: 'Note-IT' },
    to: { de: 'An: IT bzw. Firewall-Betreuer des Standorts', en: 'To: the site’s IT or firewall operator' },
    salutation: DEAR,
    request: {
      de: 'die Telefonie am Standort scheitert laut den Prüfungen unten an Einstellungen von Netzwerk oder Firewall. Bitte prüfen und ändern Sie diese wie unten beschrieben.',
      en: 'per the checks below, telephony at the site fails because of network or firewall settings. Please check and change them as described below.',
    },
  },
  'support-ticket': {
    action: { de: 'Support-Ticket vorbereiten', en: 'Prepare a support ticket' },
    title: { de: 'Anfrage an den STARFACE Support (Ticket)', en: 'Request to STARFACE support (ticket)' },
    subject: { de: 'Support-Anfrage', en: 'Support request' },
    file: { de: 'Support-Anfrage', en: 'Support-request' },
    to: { de: 'An: STARFACE Support (Ticket, nicht die Störungshotline)', en: 'To: STARFACE support (ticket, not the fault hotline)' },
    salutation: DEAR,
    request: {
      de: 'wir bitten um Unterstützung zum folgenden Fall. Laut Leitfaden ist er kein Fall für die Störungshotline; Prüfpfad und Messungen stehen unten.',
      en: 'we ask for help with the following case. Per the guide it is not a case for the fault hotline; the check path and the measurements follow below.',
    },
  },
  dealer: {
    action: { de: 'Meldung an den Händler', en: 'Report to the dealer' },
    title: { de: 'Meldung an den Händler: Hardware defekt', en: 'Report to the dealer: faulty hardware' },
    subject: { de: 'Hardware-Defekt', en: 'Faulty hardware' },
    file: { de: 'Meldung-Haendler', en: 'Report-dealer' },
    to: { de: 'An: Händler bzw. Lieferant der Hardware', en: 'To: the hardware’s dealer or supplier' },
    salutation: DEAR,
    request: {
      de: 'das unten genannte Gerät ist laut den Prüfungen vor Ort defekt. Bitte veranlassen Sie Prüfung und Austausch.',
      en: 'per the checks on site, the device named below is faulty. Please arrange for it to be checked and replaced.',
    },
  },
  none: {
    action: { de: 'Prüfprotokoll erstellen', en: 'Create the check record' },
    title: { de: 'Prüfprotokoll', en: 'Check record' },
    subject: { de: 'Prüfprotokoll', en: 'Check record' },
    file: { de: 'Pruefprotokoll', en: 'Check-record' },
    to: null,
    salutation: null,
    request: null,
  },
};

/**
 * What a receiver is asked to do for some verdicts, beyond their contact's request: the technician's
 * next steps are not theirs to follow, so only these are printed for the receiver.
 */
const VERDICT_ASKS: Partial<Record<VerdictIdType, LocalizedTextType[]>> = {
  'not-local-network': [
    {
      de: 'Netzwerk- und Firewall-Einstellungen nach der Portübersicht der STARFACE freigeben (u. a. SIP 5060/5061, RTP 10000–20000).',
      en: 'Open network and firewall settings per the STARFACE port overview (SIP 5060/5061, RTP 10000–20000 among others).',
    },
  ],
  'not-nat-timeout': [
    {
      de: 'Das UDP-/NAT-Timeout der Firewall auf mindestens 61 Minuten setzen (länger als die stündliche Neuregistrierung der Telefone).',
      en: 'Set the firewall’s UDP/NAT timeout to at least 61 minutes (longer than the phones’ hourly re-registration).',
    },
  ],
  'not-provider': [{ de: 'Die Leitung auf Ihrer Seite prüfen und die Störung beheben.', en: 'Check the line on your side and clear the fault.' }],
  'not-hardware': [{ de: 'Das Gerät prüfen und austauschen.', en: 'Check and replace the device.' }],
};

/**
 * The report's form for a case: the verdict's contact, or the hotline's form when the technician
 * asked for it against the verdict (`hotline`). A partner told to "contact the partner" is the
 * reporter themself: they get the check record for their own follow-up, not a letter to themselves.
 */
export function reportForm(c: Pick<CaseType, 'role'>, verdict: VerdictType, asHotline: boolean): ReportFormType {
  if (verdict.contact === 'hotline' || verdict.contact === 'connect-team') return verdict.contact;
  if (asHotline) return 'hotline';
  if (verdict.contact === 'partner' && c.role === 'partner' && verdict.kind !== 'partner-only') return 'none';
  return verdict.contact;
}

/** True when a hotline report is exported although the verdict sends the case elsewhere. */
export function isAgainstVerdict(verdict: VerdictType, asHotline: boolean): boolean {
  return asHotline && verdict.kind !== 'report';
}

export function addressing(form: ReportFormType): AddressingType {
  return ADDRESSING[form];
}

/** The verdict card's main action, e.g. "Meldung an den Provider". */
export function reportAction(c: Pick<CaseType, 'role'>, verdict: VerdictType): LocalizedTextType {
  return ADDRESSING[reportForm(c, verdict, false)].action;
}

export function verdictAsks(verdict: VerdictType): LocalizedTextType[] {
  return verdict.def ? (VERDICT_ASKS[verdict.def.id] ?? []) : [];
}

/**
 * The e-mail draft's recipient: the case's own entry, else the settings' default for the form's
 * contact (the older single default recipient still counts for the hotline).
 */
export function recipientFor(
  form: ReportFormType,
  caseRecipient: string,
  settings: { recipients: Record<RecipientKindType, string>; defaultRecipient: string } | null,
): string {
  if (caseRecipient.trim() !== '') return caseRecipient.trim();
  if (settings === null) return '';
  if (isRecipientKind(form) && settings.recipients[form].trim() !== '') return settings.recipients[form].trim();
  return form === 'hotline' || form === 'connect-team' ? settings.defaultRecipient.trim() : '';
}
