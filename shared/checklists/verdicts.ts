import type { VerdictDefType, VerdictIdType } from './types.js';

const HOTLINE_NEXT = {
  de: 'Störungsmeldung ausfüllen und die Störungshotline anrufen; die Meldung per E-Mail nachreichen.',
  en: 'Fill in the fault report and call the fault hotline; send the report by e-mail as well.',
};
export const STATUS_NEXT = {
  de: 'Vorher auf der Statusseite prüfen, ob die Störung bereits gemeldet ist.',
  en: 'Check the status page first: the fault may already be known.',
};

/** Every verdict the checklists can reach. Headlines follow UX.md: what it is, and who to call. */
export const VERDICTS: Record<VerdictIdType, VerdictDefType> = {
  'report-cloud': {
    id: 'report-cloud', kind: 'report', service: 'cloud', contact: 'hotline',
    headline: { de: 'STARFACE-Störung: Cloud – bitte an die Störungshotline melden', en: 'STARFACE fault: Cloud – report it to the fault hotline' },
    nextSteps: [STATUS_NEXT, HOTLINE_NEXT],
  },
  'report-connect': {
    id: 'report-connect', kind: 'report', service: 'connect', contact: 'connect-team',
    headline: { de: 'STARFACE-Störung: Connect – an das Connect-Team oder die Störungshotline melden', en: 'STARFACE fault: Connect – report it to the Connect team or the fault hotline' },
    nextSteps: [STATUS_NEXT, HOTLINE_NEXT, { de: 'Serverlizenz der Anlage bereithalten.', en: 'Have the PBX server licence at hand.' }],
  },
  'report-dsl': {
    id: 'report-dsl', kind: 'report', service: 'dsl', contact: 'hotline',
    headline: { de: 'STARFACE-Störung: DSL – bitte an die Störungshotline melden', en: 'STARFACE fault: DSL – report it to the fault hotline' },
    nextSteps: [STATUS_NEXT, HOTLINE_NEXT, { de: 'Serverlizenz oder DSL-Bestellnummer bereithalten.', en: 'Have the server licence or the DSL order number at hand.' }],
  },
  'report-partner-portal': {
    id: 'report-partner-portal', kind: 'report', service: 'other', contact: 'hotline',
    serviceOther: { de: 'Partner-Portal', en: 'Partner-Portal' },
    headline: { de: 'STARFACE-Störung: Partner-Portal – bitte an die Störungshotline melden', en: 'STARFACE fault: Partner-Portal – report it to the fault hotline' },
    nextSteps: [STATUS_NEXT, HOTLINE_NEXT],
  },
  'report-push-server': {
    id: 'report-push-server', kind: 'report', service: 'other', contact: 'hotline',
    serviceOther: { de: 'Push-Server (iPhone)', en: 'Push server (iPhone)' },
    headline: { de: 'STARFACE-Störung: Push-Server – bitte an die Störungshotline melden', en: 'STARFACE fault: push server – report it to the fault hotline' },
    nextSteps: [STATUS_NEXT, HOTLINE_NEXT],
  },
  'not-config-change': {
    id: 'not-config-change', kind: 'not-hotline', cause: 'configuration', contact: 'partner',
    headline: { de: 'Keine Störung für die Hotline: Ursache Konfiguration, Installation oder Update', en: 'Not a hotline case: caused by configuration, installation or update' },
    nextSteps: [
      { de: 'Die letzte Änderung prüfen und gegebenenfalls zurücknehmen.', en: 'Review the last change and roll it back if needed.' },
      { de: 'Gilt auch für Clouds: Ausfälle durch Konfiguration oder Update meldet die Hotline nicht.', en: 'This applies to Clouds too: the hotline does not take outages caused by configuration or updates.' },
    ],
  },
  'not-local-config': {
    id: 'not-local-config', kind: 'not-hotline', cause: 'configuration', contact: 'partner',
    headline: { de: 'Keine Störung für die Hotline: Konfiguration der Anlage korrigieren', en: 'Not a hotline case: correct the PBX configuration' },
    nextSteps: [{ de: 'Die als fehlerhaft erkannte Einstellung korrigieren und den Test wiederholen.', en: 'Correct the setting found wrong and repeat the test.' }],
  },
  'not-daily-limit': {
    id: 'not-daily-limit', kind: 'not-hotline', cause: 'configuration', contact: 'partner',
    headline: { de: 'Keine Störung für die Hotline: Tageslimit im Kunden-Center erreicht', en: 'Not a hotline case: daily limit in the Kunden-Center reached' },
    nextSteps: [{ de: 'Das Tageslimit im Kunden-Center prüfen und bei Bedarf anheben.', en: 'Check the daily limit in the Kunden-Center and raise it if needed.' }],
  },
  'not-local-network': {
    id: 'not-local-network', kind: 'not-hotline', cause: 'local-network', contact: 'local-it',
    headline: { de: 'Keine Störung für die Hotline: Netzwerk oder Firewall vor Ort', en: 'Not a hotline case: local network or firewall' },
    nextSteps: [
      { de: 'Netzwerk- und Firewall-Einstellungen nach der Portübersicht der STARFACE korrigieren (u. a. SIP 5060/5061, RTP 10000–20000).', en: 'Correct network and firewall settings per the STARFACE port overview (SIP 5060/5061, RTP 10000–20000 among others).' },
      { de: 'Die IT bzw. den Betreiber der Firewall am Standort einbeziehen.', en: 'Involve the site’s IT or firewall operator.' },
    ],
  },
  'not-nat-timeout': {
    id: 'not-nat-timeout', kind: 'not-hotline', cause: 'local-network', contact: 'local-it',
    headline: { de: 'Keine Störung für die Hotline: NAT-Problem – NAT-Timeout der Firewall auf 61 Minuten erhöhen', en: 'Not a hotline case: NAT problem – raise the firewall’s NAT timeout to 61 minutes' },
    nextSteps: [
      { de: 'Das UDP-/NAT-Timeout der Firewall auf 61 Minuten setzen (länger als die stündliche Neuregistrierung der Telefone).', en: 'Set the firewall’s UDP/NAT timeout to 61 minutes (longer than the phones’ hourly re-registration).' },
      { de: 'Danach prüfen, ob im PBX-Log keine neuen UNREACHABLE-/LAGGED-Einträge mehr erscheinen.', en: 'Then check that the PBX log shows no new UNREACHABLE/LAGGED entries.' },
    ],
  },
  'not-blacklist': {
    id: 'not-blacklist', kind: 'not-hotline', cause: 'configuration', contact: 'partner',
    headline: { de: 'Keine Störung für die Hotline: Adresse des Standorts steht auf der Blacklist', en: 'Not a hotline case: the site’s address is on the blacklist' },
    nextSteps: [
      { de: 'Den Eintrag von einem anderen Standort aus in der Blacklist der Anlage entfernen oder die Adresse auf die Whitelist setzen.', en: 'Remove the entry from the PBX blacklist from another site, or whitelist the address.' },
      { de: 'Automatische Sperren enden nach 10 Minuten (Weboberfläche) bzw. 24 Stunden (SIP, Telefone).', en: 'Automatic blocks end after 10 minutes (web UI) or 24 hours (SIP, phones).' },
    ],
  },
  'not-wrong-url': {
    id: 'not-wrong-url', kind: 'not-hotline', cause: 'configuration', contact: 'none',
    headline: { de: 'Keine Störung: falsche Adresse im Browser', en: 'No fault: wrong address in the browser' },
    nextSteps: [{ de: 'Die richtige URL verwenden und den Test wiederholen.', en: 'Use the correct URL and try again.' }],
  },
  'not-provider': {
    id: 'not-provider', kind: 'not-hotline', cause: 'provider', contact: 'provider',
    headline: { de: 'Keine Störung für die Hotline: Leitung des Providers – Störung beim Provider melden', en: 'Not a hotline case: the provider’s line – report the fault to the provider' },
    nextSteps: [{ de: 'Die Störung beim Provider der Leitung melden (z. B. Telekom, Vodafone, Gamma).', en: 'Report the fault to the line’s provider (e.g. Telekom, Vodafone, Gamma).' }],
  },
  'not-own-infrastructure': {
    id: 'not-own-infrastructure', kind: 'not-hotline', cause: 'own-infrastructure', contact: 'support-ticket',
    headline: { de: 'Keine Störung für die Hotline: Appliance bzw. VM im eigenen Rechenzentrum', en: 'Not a hotline case: appliance or VM in the own data centre' },
    nextSteps: [
      { de: 'Die Ursache an der Anlage (Appliance-Hardware, VM, Host) suchen.', en: 'Look for the cause at the PBX itself (appliance hardware, VM, host).' },
      { de: 'Für Unterstützung ein Support-Ticket eröffnen – nicht die Störungshotline.', en: 'For help, open a support ticket – not the fault hotline.' },
    ],
  },
  'not-hardware': {
    id: 'not-hardware', kind: 'not-hotline', cause: 'hardware', contact: 'dealer',
    headline: { de: 'Keine Störung für die Hotline: Hardware defekt (FRITZ!Box oder Netzteil)', en: 'Not a hotline case: faulty hardware (FRITZ!Box or power supply)' },
    nextSteps: [{ de: 'Netzteil und Steckdose prüfen; das Gerät über den Bezugsweg austauschen lassen.', en: 'Check the power supply and socket; have the device replaced through its supplier.' }],
  },
  'not-resolved': {
    id: 'not-resolved', kind: 'not-hotline', cause: 'resolved', contact: 'none',
    headline: { de: 'Keine Störung: Das Problem ist behoben', en: 'No fault: the problem is resolved' },
    nextSteps: [{ de: 'Kurz beobachten; tritt es erneut auf, einen neuen Fall anlegen.', en: 'Keep an eye on it; if it comes back, open a new case.' }],
  },
  'not-start-cloud': {
    id: 'not-start-cloud', kind: 'not-hotline', cause: 'configuration', contact: 'partner',
    headline: { de: 'Noch keine Störung: Cloud zuerst im Partner-Portal starten bzw. neu starten', en: 'Not a fault yet: start or restart the Cloud in the Partner-Portal first' },
    nextSteps: [{ de: 'Reagiert die Cloud danach weiterhin nicht, die Frage mit „Ja“ beantworten – dann ist es eine Störung.', en: 'If the Cloud still does not respond, answer the question “Yes” – then it is a fault.' }],
  },
  'not-general-request': {
    id: 'not-general-request', kind: 'not-hotline', cause: 'general-request', contact: 'support-ticket',
    headline: { de: 'Keine Störung erkennbar: allgemeine Anfrage oder Support-Ticket', en: 'No fault found: a general question or a support ticket' },
    nextSteps: [{ de: 'Beratung und Support gehören nicht zur Hotline: ein Support-Ticket eröffnen.', en: 'Advice and support are not the hotline’s job: open a support ticket.' }],
  },
};
