import type { OutcomeType, StepType, VerdictIdType } from './types.js';

/** Knowledge-base articles the guide links (seed, link list after the Connect chapter). */
export const KB = {
  sipLine: { title: { de: 'Leitung für einen SIP-Provider konfigurieren', en: 'Configure a line for a SIP provider' }, url: 'https://knowledge.starface.de/pages/viewpage.action?pageId=46565948' },
  numbers: { title: { de: 'Rufnummern für einen Benutzer konfigurieren', en: 'Configure numbers for a user' }, url: 'https://knowledge.starface.de/pages/viewpage.action?pageId=46566682' },
  redirects: { title: { de: 'Umleitungen für einen Benutzer konfigurieren', en: 'Configure redirects for a user' }, url: 'https://knowledge.starface.de/pages/viewpage.action?pageId=46567001' },
  ports: { title: { de: 'Übersicht der Portnutzung der STARFACE', en: 'STARFACE port overview' }, url: 'https://knowledge.starface.de/pages/viewpage.action?pageId=46564693' },
  blacklist: { title: { de: 'Black- und Whitelist konfigurieren', en: 'Configure black- and whitelist' }, url: 'https://knowledge.starface.de/display/SWD/Black-+und+Whitelist+konfigurieren' },
  dslFritzbox: { title: { de: 'STARFACE_DSL_Fritzbox_7530 (PDF)', en: 'STARFACE_DSL_Fritzbox_7530 (PDF)' }, url: 'https://knowledge.starface.de/download/attachments/124649698/STARFACE_DSL_Fritzbox_7530.pdf?version=1&modificationDate=1681719300839&api=v2' },
} as const;

/** What a change can have been made to, per path: the PBX, the Cloud, the DSL router, or the site. */
export type ChangeSubjectType = 'pbx' | 'cloud' | 'router' | 'site';

const CHANGE_QUESTION: Record<ChangeSubjectType, StepType['question']> = {
  pbx: {
    de: 'Trat das Problem direkt nach einer Konfigurationsänderung, Installation, einem Update oder einer Modifikation der Anlage auf?',
    en: 'Did the problem start right after a configuration change, installation, update or modification of the PBX?',
  },
  cloud: {
    de: 'Trat das Problem direkt nach einer Konfigurationsänderung, Installation, einem Update oder einer Modifikation der Cloud auf?',
    en: 'Did the problem start right after a configuration change, installation, update or modification of the Cloud?',
  },
  router: {
    de: 'Trat das Problem direkt nach einer Konfigurationsänderung, einem Update oder einer Modifikation der FRITZ!Box oder des Netzes am Standort auf?',
    en: 'Did the problem start right after a configuration change, update or modification of the FRITZ!Box or the site’s network?',
  },
  site: {
    de: 'Trat das Problem direkt nach einer Konfigurationsänderung, Installation oder einem Update am Standort auf (Netzwerk, Firewall, Proxy, Browser)?',
    en: 'Did the problem start right after a configuration change, installation or update at the site (network, firewall, proxy, browser)?',
  },
};

/**
 * The guide's first exclusion: outages caused by configuration, installation, update or
 * modification ("auch bei Clouds!"). Asked first on every path where such a change can be the cause.
 */
export function configChangeStep(subject: ChangeSubjectType = 'pbx'): StepType {
  return {
    id: 'config-change',
    question: CHANGE_QUESTION[subject],
    why: {
      de: 'Solche Ausfälle nimmt die Störungshotline nicht an – auch nicht bei Clouds.',
      en: 'The fault hotline does not take such outages – not even for Clouds.',
    },
    yes: { verdict: 'not-config-change' },
    no: 'next',
    expected: 'no',
    implies: subject === 'pbx'
      ? {
          yes: { de: 'Das Problem folgt auf eine Änderung an der Anlage.', en: 'The problem follows a change to the PBX.' },
          no: { de: 'Keine Änderung an der Anlage vor dem Problem.', en: 'No change to the PBX before the problem.' },
        }
      : {
          yes: { de: 'Das Problem folgt auf eine eigene Änderung (Konfiguration, Installation, Update oder Modifikation).', en: 'The problem follows an own change (configuration, installation, update or modification).' },
          no: { de: 'Keine eigene Änderung vor dem Problem.', en: 'No own change before the problem.' },
        },
  };
}

/** What a general request looks like on a path: an access matter, a precautionary look, a device never set up. */
export type RequestSubjectType = 'web-login' | 'sip-debug' | 'iphone-setup';

const REQUEST_QUESTION: Record<RequestSubjectType, Pick<StepType, 'question' | 'why' | 'implies'>> = {
  'web-login': {
    question: {
      de: 'Öffnet sich die Seite, und nur die Anmeldung gelingt nicht (Passwort, Benutzerkonto, Berechtigung)?',
      en: 'Does the page open, and only the login fails (password, user account, permission)?',
    },
    why: {
      de: 'Zugangsdaten und Berechtigungen sind eine Support-Anfrage, keine Störung – die Störungshotline nimmt sie nicht an.',
      en: 'Credentials and permissions are a support request, not a fault – the fault hotline does not take them.',
    },
    implies: {
      yes: { de: 'Die Seite öffnet sich; nur die Anmeldung gelingt nicht – eine Support-Anfrage.', en: 'The page opens; only the login fails – a support request.' },
      no: { de: 'Die Seite selbst öffnet sich nicht.', en: 'The page itself does not open.' },
    },
  },
  'sip-debug': {
    question: {
      de: 'Wird das SIP-Debug nur vorsorglich oder für eine Frage angesehen, ohne dass Gespräche gestört sind?',
      en: 'Is the SIP debug being looked at only as a precaution or for a question, with no calls disturbed?',
    },
    why: {
      de: 'Die Störungshotline nimmt Störungen an; Fragen und Beratung gehören in ein Support-Ticket.',
      en: 'The fault hotline takes faults; questions and advice belong in a support ticket.',
    },
    implies: {
      yes: { de: 'Keine Gespräche gestört – eine Frage bzw. eine vorsorgliche Prüfung.', en: 'No calls disturbed – a question or a precautionary check.' },
      no: { de: 'Gespräche über die Leitung sind gestört.', en: 'Calls over the line are disturbed.' },
    },
  },
  'iphone-setup': {
    question: {
      de: 'Hat dieses iPhone mit der STARFACE App noch nie Anrufe erhalten (neu eingerichtet)?',
      en: 'Has this iPhone never received calls with the STARFACE app (newly set up)?',
    },
    why: {
      de: 'Was noch nie funktioniert hat, ist keine Störung, sondern eine Frage der Einrichtung – dafür ist ein Support-Ticket da.',
      en: 'What has never worked is not a fault but a set-up question – that is what a support ticket is for.',
    },
    implies: {
      yes: { de: 'Das iPhone hat noch nie Anrufe erhalten – eine Frage der Einrichtung.', en: 'The iPhone has never received calls – a set-up question.' },
      no: { de: 'Das iPhone hat bisher Anrufe erhalten.', en: 'The iPhone used to receive calls.' },
    },
  },
};

/**
 * The guide's "keine allgemeinen Anfragen oder Support-Tickets" (the hotline takes faults only),
 * asked right after the own-change question where the symptom can also be met by a matter that is
 * no outage: a login on a web front end, a precautionary look at the SIP debug, an iPhone never set up.
 */
export function requestStep(subject: RequestSubjectType): StepType {
  return {
    id: 'fault-or-request',
    ...REQUEST_QUESTION[subject],
    yes: { verdict: 'not-general-request' },
    no: 'next',
    expected: 'no',
  };
}

/** "Besteht das Problem immer noch?" — after a restart; only a persisting problem is a fault. */
export function stillPersistsStep(id: string, implies: StepType['implies']): StepType {
  return {
    id,
    question: { de: 'Besteht das Problem immer noch?', en: 'Does the problem still persist?' },
    why: { de: 'Nur ein fortbestehendes Problem ist eine Störung.', en: 'Only a persisting problem is a fault.' },
    yes: 'next',
    no: { verdict: 'not-resolved' },
    expected: 'yes',
    decisive: true,
    check: {
      de: 'Nach dem Neustart einen Test wiederholen (z. B. einen Anruf) und das Ergebnis hier eintragen.',
      en: 'After the restart, repeat a test (a call, for example) and enter the result here.',
    },
    implies,
  };
}

/** "Sind die Netzwerk- und Firewalleinstellungen richtig konfiguriert?" — measurable by a port check. */
export function networkFirewallStep(onYes: OutcomeType, id = 'network-firewall'): StepType {
  return {
    id,
    question: {
      de: 'Sind die Netzwerk- und Firewalleinstellungen richtig konfiguriert?',
      en: 'Are the network and firewall settings configured correctly?',
    },
    why: {
      de: 'Gesperrte SIP-, RTP- oder Provisionierungs-Ports sehen aus wie ein Ausfall der Anlage.',
      en: 'Blocked SIP, RTP or provisioning ports look like an outage of the PBX.',
    },
    reference: KB.ports,
    measurable: 'ports',
    yes: onYes,
    no: { verdict: 'not-local-network' },
    expected: 'yes',
    decisive: onYes !== 'next',
    ...(onYes !== 'next'
      ? {
          check: {
            de: 'Freigaben der Firewall mit der Portübersicht vergleichen (u. a. SIP 5060/5061, RTP 10000–20000) oder die Ports von hier aus messen (Diagnose).',
            en: 'Compare the firewall’s rules with the port overview (SIP 5060/5061, RTP 10000–20000 among others) or measure the ports from here (Diagnose).',
          },
        }
      : {}),
    implies: {
      yes: { de: 'Netzwerk und Firewall sind nach der Portübersicht eingerichtet.', en: 'Network and firewall are set up per the port overview.' },
      no: { de: 'Netzwerk oder Firewall am Standort sind nicht richtig eingerichtet.', en: 'The site’s network or firewall is not set up correctly.' },
    },
  };
}

/**
 * The three checks the guide repeats for every web front end (Cloud web UI, Kunden-Center,
 * Partner-Portal). `reachableElsewhere` is where "reachable from another site" leads.
 */
export function webReachabilitySteps(reachableElsewhere: OutcomeType, unreachableEverywhere: VerdictIdType): StepType[] {
  return [
    {
      id: 'url-correct',
      question: { de: 'Wurde die richtige URL im Browser eingegeben?', en: 'Was the correct URL entered in the browser?' },
      why: { de: 'Ein Tippfehler in der Adresse ist die häufigste Ursache.', en: 'A typo in the address is the most common cause.' },
      yes: 'next',
      no: { verdict: 'not-wrong-url' },
      expected: 'yes',
      implies: {
        yes: { de: 'Die Adresse ist richtig.', en: 'The address is correct.' },
        no: { de: 'Die Adresse war falsch.', en: 'The address was wrong.' },
      },
    },
    {
      id: 'after-cache-clear',
      question: {
        de: 'Ist die URL erreichbar, nachdem der Cache des Browsers und der DNS-Cache des Betriebssystems gelöscht wurden?',
        en: 'Is the URL reachable after clearing the browser cache and the operating system’s DNS cache?',
      },
      why: { de: 'Veraltete DNS-Einträge oder Browserdaten halten alte Adressen fest.', en: 'Stale DNS entries or browser data hold on to old addresses.' },
      // The app's HTTPS check asks the web UI without any cache, from this site.
      measurable: 'ports',
      yes: { verdict: 'not-resolved' },
      no: 'next',
      expected: 'no',
      implies: {
        yes: { de: 'Nach dem Leeren der Caches ist die Seite erreichbar.', en: 'After clearing the caches the page is reachable.' },
        no: { de: 'Auch mit leeren Caches nicht erreichbar.', en: 'Not reachable even with cleared caches.' },
      },
    },
    {
      id: 'other-site',
      question: {
        de: 'Ist die URL von einem anderen Standort oder über das Mobilfunknetz erreichbar?',
        en: 'Is the URL reachable from another site or over the mobile network?',
      },
      why: { de: 'Geht es von anderswo, liegt die Ursache im Netz dieses Standorts.', en: 'If it works from elsewhere, the cause lies in this site’s network.' },
      yes: reachableElsewhere,
      no: { verdict: unreachableEverywhere },
      expected: 'no',
      decisive: true,
      check: {
        de: 'Die Adresse auf einem Smartphone im Mobilfunknetz (WLAN aus) oder von einem anderen Standort aus öffnen.',
        en: 'Open the address on a smartphone on the mobile network (Wi-Fi off) or from another site.',
      },
      implies: {
        yes: { de: 'Von einem anderen Standort aus erreichbar.', en: 'Reachable from another site.' },
        no: { de: 'Auch von anderen Standorten und über Mobilfunk nicht erreichbar.', en: 'Not reachable from other sites or over mobile either.' },
      },
    },
  ];
}
