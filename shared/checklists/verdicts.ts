import type { ExclusionCauseType, LocalizedTextType, VerdictDefType, VerdictIdType } from './types.js';

/**
 * The guide's own names for its exclusions ("Was kann NICHT über die Störungshotline gemeldet
 * werden?", seed). Causes missing here (site network, daily limit, resolved) are not in that list:
 * a verdict naming them says so as the app's reasoning.
 */
export const GUIDE_EXCLUSIONS: Partial<Record<ExclusionCauseType, LocalizedTextType>> = {
  configuration: {
    de: 'Ausfälle, die durch Konfiguration, Installation, Update oder Modifikation einer Anlage verursacht wurden (auch bei Clouds!)',
    en: 'Outages caused by configuration, installation, update or modification of a PBX (Clouds included)',
  },
  provider: { de: 'Ausfälle von Leitungen anderer Provider (Telekom, Vodafone, Gamma, etc.)', en: 'Outages of other providers’ lines (Telekom, Vodafone, Gamma, etc.)' },
  hardware: {
    de: 'Ausfälle von Hardware (Telefone, Headsets), einschließlich STARFACE Hardware wie Appliances',
    en: 'Outages of hardware (phones, headsets), STARFACE hardware such as appliances included',
  },
  'own-infrastructure': {
    de: 'Ausfälle von VMs die im Rechenzentrum des Kunden bzw. STARFACE Partners betrieben werden',
    en: 'Outages of VMs run in the customer’s or STARFACE partner’s data centre',
  },
  'general-request': { de: 'Allgemeine Anfragen oder Support-Tickets', en: 'General requests or support tickets' },
};

const SITE_NETWORK_REASONING: LocalizedTextType = {
  de: 'Die Anleitung fragt nach den Netzwerk- und Firewalleinstellungen, nennt sie aber nicht als Ausschluss. Die App folgert: Liegt die Ursache im Netz des Standorts, ist kein STARFACE-Dienst gestört.',
  en: 'The guide asks about the network and firewall settings but does not list them as an exclusion. The app concludes: if the cause lies in the site’s network, no STARFACE service is at fault.',
};
const PORTS_SOURCE: LocalizedTextType = {
  de: 'Ports: „Übersicht der Portnutzung der STARFACE“ (knowledge.starface.de, pageId=46564693), siehe FACTS.md',
  en: 'Ports: “Übersicht der Portnutzung der STARFACE” (knowledge.starface.de, pageId=46564693), see FACTS.md',
};

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
      { de: 'Gilt auch für Clouds: Ausfälle durch Konfiguration oder Update nimmt die Störungshotline nicht an.', en: 'This applies to Clouds too: the hotline does not take outages caused by configuration or updates.' },
    ],
  },
  'not-local-config': {
    id: 'not-local-config', kind: 'not-hotline', cause: 'configuration', contact: 'partner',
    headline: { de: 'Keine Störung für die Hotline: Konfiguration der Anlage korrigieren', en: 'Not a hotline case: correct the PBX configuration' },
    nextSteps: [{ de: 'Die als fehlerhaft erkannte Einstellung korrigieren und den Test wiederholen.', en: 'Correct the setting found wrong and repeat the test.' }],
  },
  'not-daily-limit': {
    id: 'not-daily-limit', kind: 'not-hotline', cause: 'daily-limit', contact: 'partner',
    headline: { de: 'Keine Störung für die Hotline: Tageslimit im Kunden-Center erreicht', en: 'Not a hotline case: daily limit in the Kunden-Center reached' },
    nextSteps: [{ de: 'Das Tageslimit im Kunden-Center prüfen und bei Bedarf anheben.', en: 'Check the daily limit in the Kunden-Center and raise it if needed.' }],
    appReasoning: {
      de: 'Die Anleitung lässt das Tageslimit prüfen, nennt es aber nicht als Ausschluss. Die App folgert: Ein erreichtes Limit sperrt ausgehende Gespräche absichtlich – das ist keine Störung.',
      en: 'The guide has the daily limit checked but does not list it as an exclusion. The app concludes: a reached limit blocks outgoing calls on purpose – that is not a fault.',
    },
  },
  'not-local-network': {
    id: 'not-local-network', kind: 'not-hotline', cause: 'local-network', contact: 'local-it',
    headline: { de: 'Keine Störung für die Hotline: Netzwerk oder Firewall vor Ort', en: 'Not a hotline case: local network or firewall' },
    nextSteps: [
      { de: 'Netzwerk- und Firewall-Einstellungen nach der Portübersicht der STARFACE korrigieren (u. a. SIP 5060/5061, RTP 10000–20000).', en: 'Correct network and firewall settings per the STARFACE port overview (SIP 5060/5061, RTP 10000–20000 among others).' },
      { de: 'Die IT bzw. den Betreiber der Firewall am Standort einbeziehen.', en: 'Involve the site’s IT or firewall operator.' },
    ],
    appReasoning: SITE_NETWORK_REASONING,
    sources: [PORTS_SOURCE],
  },
  'not-nat-timeout': {
    id: 'not-nat-timeout', kind: 'not-hotline', cause: 'local-network', contact: 'local-it',
    headline: { de: 'Keine Störung für die Hotline: NAT-Problem – NAT-Timeout der Firewall auf 61 Minuten erhöhen', en: 'Not a hotline case: NAT problem – raise the firewall’s NAT timeout to 61 minutes' },
    nextSteps: [
      { de: 'Das UDP-/NAT-Timeout der Firewall auf 61 Minuten setzen (länger als die stündliche Neuregistrierung der Telefone).', en: 'Set the firewall’s UDP/NAT timeout to 61 minutes (longer than the phones’ hourly re-registration).' },
      { de: 'Danach prüfen, ob im PBX-Log keine neuen UNREACHABLE-/LAGGED-Einträge mehr erscheinen.', en: 'Then check that the PBX log shows no new UNREACHABLE/LAGGED entries.' },
    ],
    appReasoning: {
      de: 'Die Anleitung nennt die Lösung (NAT-Timeout auf 61 Minuten), aber kein NAT-Problem als Ausschluss. Die App folgert: Die Firewall des Standorts ist kein STARFACE-Dienst.',
      en: 'The guide names the fix (NAT timeout of 61 minutes) but no NAT problem as an exclusion. The app concludes: the site’s firewall is not a STARFACE service.',
    },
    sources: [{ de: 'Warum 61 Minuten: STARFACE „Fehlerleitfaden“ (knowledge.starface.de/x/mY-GAg), siehe FACTS.md', en: 'Why 61 minutes: STARFACE “Fehlerleitfaden” (knowledge.starface.de/x/mY-GAg), see FACTS.md' }],
  },
  'not-blacklist': {
    id: 'not-blacklist', kind: 'not-hotline', cause: 'configuration', contact: 'partner',
    headline: { de: 'Keine Störung für die Hotline: Adresse des Standorts steht auf der Blacklist', en: 'Not a hotline case: the site’s address is on the blacklist' },
    nextSteps: [
      { de: 'Den Eintrag von einem anderen Standort aus in der Blacklist der Anlage entfernen oder die Adresse auf die Whitelist setzen.', en: 'Remove the entry from the PBX blacklist from another site, or whitelist the address.' },
      { de: 'Automatische Sperren enden nach 10 Minuten (Weboberfläche) bzw. 24 Stunden (SIP, Telefone).', en: 'Automatic blocks end after 10 minutes (web UI) or 24 hours (SIP, phones).' },
    ],
    sources: [{ de: 'Sperrdauern: „Black- und Whitelist konfigurieren“ (knowledge.starface.de), siehe FACTS.md', en: 'Block durations: “Black- und Whitelist konfigurieren” (knowledge.starface.de), see FACTS.md' }],
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
  'not-own-pbx-other-line': {
    id: 'not-own-pbx-other-line', kind: 'not-hotline', cause: 'own-infrastructure', alsoCauses: ['provider'], contact: 'support-ticket',
    headline: {
      de: 'Keine Störung für die Hotline: eigene Anlage (Appliance/VM) an der Leitung eines anderen Providers',
      en: 'Not a hotline case: own PBX (appliance/VM) on another provider’s line',
    },
    nextSteps: [
      { de: 'Gegentest: testweise STARFACE Connect einrichten. Gehen damit Gespräche, die Störung beim Provider der Leitung melden.', en: 'Cross-check: set up STARFACE Connect as a test. If calls work with it, report the fault to the line’s provider.' },
      { de: 'Sonst die Ursache an der Anlage suchen (Konfiguration, Netzwerk, Appliance, VM); für Unterstützung ein Support-Ticket eröffnen.', en: 'Otherwise look for the cause at the PBX (configuration, network, appliance, VM); for help, open a support ticket.' },
    ],
  },
  'not-hardware': {
    id: 'not-hardware', kind: 'not-hotline', cause: 'hardware', contact: 'dealer',
    headline: { de: 'Keine Störung für die Hotline: Hardware defekt (FRITZ!Box oder Netzteil)', en: 'Not a hotline case: faulty hardware (FRITZ!Box or power supply)' },
    nextSteps: [
      { de: 'Netzteil und Steckdose prüfen (anderes Netzteil, andere Steckdose).', en: 'Check the power supply and socket (another power supply, another socket).' },
      { de: 'Klären, woher die FRITZ!Box stammt: vom Händler bzw. Kunden gekauft → Austausch über den Händler; mit dem Produkt STARFACE DSL geliefert → bei STARFACE per Support-Ticket nach einem Austausch fragen.', en: 'Find out where the FRITZ!Box came from: bought from a dealer or by the customer → replacement via the dealer; supplied with the STARFACE DSL product → ask STARFACE for a replacement via a support ticket.' },
    ],
    appReasoning: {
      de: 'Die Anleitung nennt als Hardware Telefone, Headsets und Appliances – Router nennt sie nicht. Die App ordnet eine dunkle FRITZ!Box hier ein, denn ein Gerätedefekt ist keine Störung eines Dienstes. Zweite Lesart: Ein mit STARFACE DSL gelieferter Router kann ein Austauschfall für STARFACE sein, nicht für den Händler. Es entscheidet, wer die FRITZ!Box geliefert hat.',
      en: 'The guide names phones, headsets and appliances as hardware – not routers. The app files a dark FRITZ!Box here, since a broken device is not an outage of a service. Second reading: a router supplied with STARFACE DSL may be a replacement case for STARFACE, not for the dealer. What decides is who supplied the FRITZ!Box.',
    },
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
