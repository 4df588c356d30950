import { KB, configChangeStep, networkFirewallStep, requestStep, stillPersistsStep, webReachabilitySteps } from './common-steps.js';
import { telephonyScenario } from './telephony.js';
import type { ScenarioType } from './types.js';

/** Bumped whenever a question, its outcomes or a verdict changes; stored with each case. */
export const CHECKLIST_VERSION = '2026.11-3';

const cloudWebUi: ScenarioType = {
  id: 'cloud-web-ui',
  area: 'cloud',
  title: { de: 'Die Weboberfläche der Cloud ist nicht erreichbar', en: 'The Cloud’s web interface is not reachable' },
  steps: [
    configChangeStep('cloud'),
    requestStep('web-login'),
    ...webReachabilitySteps('next', 'report-cloud'),
    {
      id: 'blacklist',
      question: { de: 'Steht die öffentliche IP-Adresse dieses Standorts auf der Blacklist der Anlage?', en: 'Is this site’s public IP address on the PBX blacklist?' },
      why: { de: 'Die Anlage sperrt Adressen nach Fehlversuchen automatisch; die Seite wirkt dann „nicht erreichbar“.', en: 'The PBX blocks addresses automatically after failed attempts; the page then looks “unreachable”.' },
      reference: KB.blacklist,
      yes: { verdict: 'not-blacklist' },
      no: { verdict: 'not-local-network' },
      expected: 'either',
      decisive: true,
      check: {
        de: 'In der Weboberfläche der Anlage (von einem anderen Standort aus) unter Black- und Whitelist nach der öffentlichen Adresse dieses Standorts suchen.',
        en: 'In the PBX’s web UI (from another site) look for this site’s public address under black- and whitelist.',
      },
      implies: {
        yes: { de: 'Die Adresse des Standorts ist gesperrt.', en: 'The site’s address is blocked.' },
        no: { de: 'Keine Sperre: Ursache im Netz des Standorts (DNS, Proxy, Firewall).', en: 'Not blocked: the cause lies in the site’s network (DNS, proxy, firewall).' },
      },
    },
  ],
};

const cloudPhonesUnregistered: ScenarioType = {
  id: 'cloud-phones-unregistered',
  area: 'cloud',
  title: { de: 'Telefone sind nicht mehr angemeldet und nicht erreichbar', en: 'Phones are no longer registered and not reachable' },
  steps: [
    configChangeStep(),
    {
      id: 'unreachable-lagged',
      question: {
        de: 'Sind im PBX-Log der Cloud Einträge zu dem betroffenen Endgerät mit den Stichwörtern „UNREACHABLE“ oder „LAGGED“ vorhanden?',
        en: 'Does the Cloud’s PBX log hold entries for the affected device with the keywords “UNREACHABLE” or “LAGGED”?',
      },
      why: { de: 'Diese Einträge zeigen, dass die NAT-Zuordnung der Firewall zu früh verfällt.', en: 'These entries show that the firewall’s NAT binding expires too early.' },
      measurable: 'pbx-log',
      yes: 'next',
      no: { goto: 'network-firewall' },
      expected: 'either',
      decisive: true,
      check: {
        de: 'Das PBX-Log der Cloud nach dem Namen des Endgeräts und „UNREACHABLE“ bzw. „LAGGED“ durchsuchen – oder das Log unter Mitschnitt einlesen.',
        en: 'Search the Cloud’s PBX log for the device’s name and “UNREACHABLE” or “LAGGED” – or import the log under Capture.',
      },
      implies: {
        yes: { de: 'Das PBX-Log zeigt UNREACHABLE/LAGGED für das Endgerät – in der Regel ein NAT-Problem.', en: 'The PBX log shows UNREACHABLE/LAGGED for the device – usually a NAT problem.' },
        no: { de: 'Keine UNREACHABLE-/LAGGED-Einträge im PBX-Log.', en: 'No UNREACHABLE/LAGGED entries in the PBX log.' },
      },
    },
    {
      id: 'nat-timeout',
      question: { de: 'Ist das NAT-Timeout (UDP) der Firewall am Standort auf mindestens 61 Minuten eingestellt?', en: 'Is the site firewall’s NAT (UDP) timeout set to at least 61 minutes?' },
      why: { de: 'Telefone melden sich stündlich neu an; ein kürzeres Timeout lässt sie zwischendurch unerreichbar werden.', en: 'Phones re-register hourly; a shorter timeout leaves them unreachable in between.' },
      measurable: 'nat-timeout',
      yes: 'next',
      no: { verdict: 'not-nat-timeout' },
      expected: 'yes',
      decisive: true,
      check: {
        de: 'In der Firewall des Standorts das UDP- bzw. NAT-Timeout nachsehen oder es von hier aus messen (Diagnose).',
        en: 'Look up the UDP/NAT timeout in the site’s firewall or measure it from here (Diagnose).',
      },
      implies: {
        yes: { de: 'Das NAT-Timeout beträgt mindestens 61 Minuten.', en: 'The NAT timeout is at least 61 minutes.' },
        no: { de: 'Das NAT-Timeout ist kürzer als 61 Minuten.', en: 'The NAT timeout is shorter than 61 minutes.' },
      },
    },
    networkFirewallStep({ verdict: 'report-cloud' }),
  ],
};

const cloudNotStarted: ScenarioType = {
  id: 'cloud-not-started',
  area: 'cloud',
  title: { de: 'Die Cloud ist nicht gestartet oder reagiert nicht mehr', en: 'The Cloud has not started or no longer responds' },
  steps: [
    configChangeStep('cloud'),
    {
      id: 'started-via-portal',
      question: { de: 'Ist die Cloud über das Partner-Portal gestartet bzw. neugestartet worden?', en: 'Has the Cloud been started or restarted via the Partner-Portal?' },
      why: { de: 'Ein Start über das Partner-Portal behebt viele hängende Clouds.', en: 'A start via the Partner-Portal fixes many stuck Clouds.' },
      yes: { verdict: 'report-cloud' },
      no: { verdict: 'not-start-cloud' },
      expected: 'yes',
      decisive: true,
      check: {
        de: 'Im Partner-Portal die Cloud (neu) starten und danach prüfen, ob sie reagiert.',
        en: 'Start (or restart) the Cloud in the Partner-Portal, then check whether it responds.',
      },
      implies: {
        yes: { de: 'Die Cloud wurde über das Partner-Portal (neu) gestartet und reagiert trotzdem nicht.', en: 'The Cloud was (re)started via the Partner-Portal and still does not respond.' },
        no: { de: 'Die Cloud wurde noch nicht über das Partner-Portal gestartet.', en: 'The Cloud has not been started via the Partner-Portal yet.' },
      },
    },
  ],
};

const connectSipDebug: ScenarioType = {
  id: 'connect-sip-debug',
  area: 'connect',
  title: { de: 'Kommunikation zwischen Anlage und Leitung prüfen (SIP-Debug)', en: 'Check communication between PBX and line (SIP debug)' },
  steps: [
    configChangeStep('pbx'),
    requestStep('sip-debug'),
    {
      id: 'sip-debug-200ok',
      question: {
        de: 'Ist im SIP-Debug des Connect-Portals innerhalb der letzten Stunde regelmäßig der Status 200 OK zu sehen?',
        en: 'Does the SIP debug in the Connect portal show status 200 OK regularly within the last hour?',
      },
      why: { de: 'Regelmäßige 200 OK zeigen, dass Anlage und Leitung miteinander sprechen.', en: 'Regular 200 OK shows that PBX and line talk to each other.' },
      yes: 'next',
      no: { goto: 'network-firewall' },
      expected: 'either',
      decisive: true,
      check: {
        de: 'Im Connect-Kundenportal unter SIP-Debug die letzte Stunde ansehen: Antworten „200 OK“ in regelmäßigen Abständen?',
        en: 'In the Connect customer portal open SIP debug for the last hour: “200 OK” answers at regular intervals?',
      },
      implies: {
        yes: { de: 'Anlage und Leitung tauschen regelmäßig 200 OK aus.', en: 'PBX and line exchange 200 OK regularly.' },
        no: { de: 'Im SIP-Debug fehlen regelmäßige 200 OK.', en: 'The SIP debug lacks regular 200 OK.' },
      },
    },
    {
      id: 'error-codes',
      question: {
        de: 'Sind bei ein- oder ausgehenden Anrufen die Fehlercodes 404, 480, 500 oder 503 sehr häufig zu finden?',
        en: 'Are the error codes 404, 480, 500 or 503 very frequent on incoming or outgoing calls?',
      },
      why: { de: 'Häufen sich diese Codes, liegt die Störung meist bei Connect.', en: 'When these codes pile up, the fault usually lies with Connect.' },
      yes: { verdict: 'report-connect' },
      no: { verdict: 'not-general-request' },
      expected: 'yes',
      decisive: true,
      check: {
        de: 'Im SIP-Debug die Anrufe der letzten Stunde nach 404, 480, 500 und 503 filtern.',
        en: 'Filter the last hour’s calls in SIP debug for 404, 480, 500 and 503.',
      },
      implies: {
        yes: { de: 'Die Fehlercodes 404/480/500/503 treten sehr häufig auf.', en: 'Error codes 404/480/500/503 occur very frequently.' },
        no: { de: 'Die Fehlercodes treten nicht gehäuft auf.', en: 'The error codes are not frequent.' },
      },
    },
    networkFirewallStep({ verdict: 'report-connect' }),
  ],
};

/** "Es kann keine Verbindung mit dem Internet hergestellt werden" — also where "no LEDs" leads once they are back. */
function dslInternetSteps(): ScenarioType['steps'] {
  return [
    {
      id: 'dsl-led-steady',
      question: { de: 'Leuchtet die DSL-LED des Routers dauerhaft?', en: 'Is the router’s DSL LED lit steadily?' },
      why: { de: 'Dauerlicht heißt: Die DSL-Synchronisation steht.', en: 'A steady light means DSL is in sync.' },
      yes: { goto: 'fritzbox-config' },
      no: 'next',
      expected: 'either',
      decisive: true,
      check: {
        de: 'Die LED „DSL“ bzw. „Power/DSL“ an der FRITZ!Box eine Minute lang beobachten: dauerhaft an oder blinkend/aus?',
        en: 'Watch the FRITZ!Box’s “DSL” or “Power/DSL” LED for a minute: steady, or blinking/off?',
      },
      implies: {
        yes: { de: 'Die DSL-LED leuchtet dauerhaft (DSL synchron).', en: 'The DSL LED is steadily lit (DSL in sync).' },
        no: { de: 'Die DSL-LED leuchtet nicht dauerhaft (keine DSL-Synchronisation).', en: 'The DSL LED is not steadily lit (no DSL sync).' },
      },
    },
    {
      id: 'led-after-restart',
      question: { de: 'Ändert sich der Zustand der LED nach einem Neustart des Routers?', en: 'Does the LED’s state change after restarting the router?' },
      why: { de: 'Synchronisiert DSL auch nach einem Neustart nicht, ist die Leitung gestört.', en: 'If DSL does not sync even after a restart, the line is faulty.' },
      yes: 'next',
      // No sync even after a restart: a box set up against the STARFACE guide does not sync either,
      // so the configuration check still comes before a report.
      no: { goto: 'fritzbox-config' },
      expected: 'no',
      decisive: true,
      check: {
        de: 'Den Router neu starten, zwei bis drei Minuten warten und die DSL-LED erneut ansehen.',
        en: 'Restart the router, wait two to three minutes and look at the DSL LED again.',
      },
      implies: {
        yes: { de: 'Nach dem Neustart des Routers änderte sich die LED.', en: 'The LED changed after the router restart.' },
        no: { de: 'Auch nach dem Neustart keine DSL-Synchronisation.', en: 'No DSL sync even after the restart.' },
      },
    },
    stillPersistsStep('dsl-still-down', {
      yes: { de: 'Weiterhin keine Internetverbindung.', en: 'Still no internet connection.' },
      no: { de: 'Die Internetverbindung steht wieder.', en: 'The internet connection is back.' },
    }),
    {
      id: 'fritzbox-config',
      question: { de: 'Ist die FRITZ!Box entsprechend der Anleitung STARFACE_DSL_Fritzbox_7530 konfiguriert?', en: 'Is the FRITZ!Box configured per the guide STARFACE_DSL_Fritzbox_7530?' },
      why: { de: 'Abweichende Zugangsdaten oder Einstellungen verhindern die Einwahl.', en: 'Deviating credentials or settings prevent the dial-in.' },
      reference: KB.dslFritzbox,
      yes: { verdict: 'report-dsl' },
      no: { verdict: 'not-local-config' },
      expected: 'yes',
      decisive: true,
      check: {
        de: 'Die Einstellungen der FRITZ!Box (Internet-Zugangsdaten, Zugangsart) Punkt für Punkt mit der Anleitung vergleichen.',
        en: 'Compare the FRITZ!Box’s settings (internet credentials, access type) with the guide item by item.',
      },
      implies: {
        yes: { de: 'Die FRITZ!Box ist nach der STARFACE-Anleitung eingerichtet.', en: 'The FRITZ!Box is set up per the STARFACE guide.' },
        no: { de: 'Die FRITZ!Box weicht von der STARFACE-Anleitung ab.', en: 'The FRITZ!Box deviates from the STARFACE guide.' },
      },
    },
  ];
}

const dslNoInternet: ScenarioType = {
  id: 'dsl-no-internet',
  area: 'dsl',
  title: { de: 'Es kann keine Verbindung mit dem Internet hergestellt werden', en: 'No connection to the internet can be made' },
  steps: [configChangeStep('router'), ...dslInternetSteps()],
};

const dslNoLeds: ScenarioType = {
  id: 'dsl-no-leds',
  area: 'dsl',
  title: { de: 'Es leuchten keine LEDs an der FRITZ!Box', en: 'No LEDs are lit on the FRITZ!Box' },
  steps: [
    {
      id: 'leds-after-power-cycle',
      question: {
        de: 'Ändert sich der Zustand der LEDs, nachdem die FRITZ!Box für mindestens 30 Sekunden vom Stromnetz getrennt wurde?',
        en: 'Does the LEDs’ state change after the FRITZ!Box was disconnected from power for at least 30 seconds?',
      },
      why: { de: 'Bleibt sie dunkel, sind Gerät oder Netzteil defekt – das ist Hardware.', en: 'If it stays dark, the device or its power supply is faulty – that is hardware.' },
      yes: 'next',
      no: { verdict: 'not-hardware' },
      expected: 'either',
      decisive: true,
      check: {
        de: 'Den Stecker der FRITZ!Box ziehen, mindestens 30 Sekunden warten, wieder einstecken und die LEDs ansehen.',
        en: 'Unplug the FRITZ!Box, wait at least 30 seconds, plug it back in and look at the LEDs.',
      },
      implies: {
        yes: { de: 'Nach 30 Sekunden ohne Strom leuchten die LEDs wieder.', en: 'After 30 seconds without power the LEDs are lit again.' },
        no: { de: 'Die FRITZ!Box bleibt auch nach 30 Sekunden ohne Strom dunkel.', en: 'The FRITZ!Box stays dark even after 30 seconds without power.' },
      },
    },
    // Dark LEDs are not a configuration matter; once they are back, a recent change is asked first.
    configChangeStep('router'),
    {
      id: 'internet-after-power-cycle',
      question: { de: 'Besteht danach wieder eine Verbindung mit dem Internet?', en: 'Is there a connection to the internet again afterwards?' },
      why: { de: 'Leuchtende LEDs allein heißen noch nicht, dass die Leitung steht.', en: 'Lit LEDs alone do not mean the line is up.' },
      yes: { verdict: 'not-resolved' },
      no: 'next',
      expected: 'no',
      decisive: true,
      check: {
        de: 'Am Standort eine Internetseite aufrufen oder in der FRITZ!Box unter Übersicht den Verbindungsstatus ansehen.',
        en: 'Open a web page at the site or look at the connection state under the FRITZ!Box’s overview.',
      },
      implies: {
        yes: { de: 'Die Internetverbindung steht wieder.', en: 'The internet connection is back.' },
        no: { de: 'LEDs wieder an, aber keine Internetverbindung – weiter mit den DSL-Prüfungen.', en: 'LEDs on again but no internet – continuing with the DSL checks.' },
      },
    },
    ...dslInternetSteps(),
  ],
};

/** Every scenario of the guide, grouped by the area the technician picks first. */
export const SCENARIOS: readonly ScenarioType[] = [
  telephonyScenario('cloud-no-calls', 'cloud', 'cloud'),
  cloudWebUi,
  cloudPhonesUnregistered,
  cloudNotStarted,
  telephonyScenario('appliance-no-calls', 'appliance', 'appliance'),
  telephonyScenario('connect-no-calls', 'connect', 'ask'),
  connectSipDebug,
  {
    id: 'connect-kunden-center',
    area: 'connect',
    title: { de: 'Das Kunden-Center kann nicht geöffnet werden', en: 'The Kunden-Center cannot be opened' },
    steps: [configChangeStep('site'), requestStep('web-login'), ...webReachabilitySteps({ verdict: 'not-local-network' }, 'report-connect')],
  },
  dslNoInternet,
  dslNoLeds,
  {
    id: 'other-partner-portal',
    area: 'other',
    title: { de: 'Das Partner-Portal ist nicht erreichbar', en: 'The Partner-Portal is not reachable' },
    steps: [configChangeStep('site'), requestStep('web-login'), ...webReachabilitySteps({ verdict: 'not-local-network' }, 'report-partner-portal')],
  },
  {
    id: 'other-push-iphone',
    area: 'other',
    title: { de: 'Es kommen keine Anrufe auf einem iPhone an (Push-Server)', en: 'No calls arrive on an iPhone (push server)' },
    steps: [configChangeStep('pbx'), requestStep('iphone-setup'), networkFirewallStep({ verdict: 'report-push-server' })],
  },
];

export function findScenario(id: string | null | undefined): ScenarioType | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
