import { KB, configChangeStep, networkFirewallStep, stillPersistsStep } from './common-steps.js';
import type { OutcomeType, ScenarioType, StepType } from './types.js';

/** "Wird STARFACE Connect als Leitung verwendet?" — where it leads differs per area (see below). */
function usesConnectStep(yes: OutcomeType, no: OutcomeType, why: StepType['why']): StepType {
  return {
    id: 'uses-connect',
    question: { de: 'Wird STARFACE Connect als Leitung verwendet?', en: 'Is STARFACE Connect used as the line?' },
    why,
    yes,
    no,
    expected: 'either',
    decisive: true,
    check: {
      de: 'In der Anlage unter Leitungen nachsehen, welcher Provider eingetragen ist (Connect: Serverlizenz im Kunden-Center).',
      en: 'Look up which provider is set under the PBX’s lines (Connect: server licence in the Kunden-Center).',
    },
    implies: {
      yes: { de: 'Die Anlage telefoniert über STARFACE Connect.', en: 'The PBX uses STARFACE Connect.' },
      no: { de: 'Die Anlage telefoniert über einen anderen Provider.', en: 'The PBX uses another provider.' },
    },
  };
}

/**
 * The guide's exclusion "Leitungen anderer Provider", asked where the technician knows it at once:
 * the other provider reports the outage itself. Without such a report the guide's cross-check
 * (a test line with STARFACE Connect, after the local checks) decides.
 */
function providerOutageStep(): StepType {
  return {
    id: 'provider-outage',
    question: {
      de: 'Telefoniert die Anlage über die Leitung eines anderen Providers, und meldet dieser Provider eine Störung (Statusseite, Störungsmeldung)?',
      en: 'Does the PBX use another provider’s line, and does that provider report an outage (status page, fault notice)?',
    },
    why: {
      de: 'Ausfälle von Leitungen anderer Provider nimmt die Störungshotline nicht an – sie gehören zum Provider.',
      en: 'The fault hotline does not take outages of other providers’ lines – they belong to the provider.',
    },
    yes: { verdict: 'not-provider' },
    no: 'next',
    expected: 'no',
    implies: {
      yes: { de: 'Der Provider der Leitung meldet selbst eine Störung.', en: 'The line’s provider reports an outage itself.' },
      no: { de: 'Kein anderer Provider meldet eine Störung (oder die Leitung ist STARFACE Connect).', en: 'No other provider reports an outage (or the line is STARFACE Connect).' },
    },
  };
}

/**
 * "Es können keine Gespräche (ein- oder ausgehend) über die Anlage geführt werden" — the guide's
 * general telephony chapter, shared by Clouds, Appliances/VMs and (with the line known) Connect.
 * `pbx` decides where "it fails with another line too" leads: a Cloud is STARFACE's to report; an
 * appliance or VM in the customer's or partner's data centre is not.
 *
 * Where the PBX runs is known before the first question: from the service for Clouds and
 * appliances/VMs. An appliance/VM on another provider's line involves no STARFACE service at all
 * (guide: exclusions "Leitungen anderer Provider" and "VMs im Rechenzentrum des Kunden bzw.
 * STARFACE Partners"), so that path ends on its second answer instead of after the whole checklist.
 * A Cloud asks second whether another provider reports an outage of its line.
 */
export function telephonyScenario(id: string, area: ScenarioType['area'], pbx: 'cloud' | 'appliance' | 'ask'): ScenarioType {
  const pbxFault: OutcomeType =
    pbx === 'cloud' ? { verdict: 'report-cloud' } : pbx === 'appliance' ? { verdict: 'not-own-infrastructure' } : { goto: 'pbx-is-cloud' };
  const steps: StepType[] = [configChangeStep()];
  if (area === 'cloud') steps.push(providerOutageStep());
  if (area === 'appliance') {
    steps.push(
      usesConnectStep('next', { verdict: 'not-own-pbx-other-line' }, {
        de: 'Eine eigene Anlage an der Leitung eines anderen Providers betrifft keinen STARFACE-Dienst.',
        en: 'An own PBX on another provider’s line involves no STARFACE service.',
      }),
    );
  }
  steps.push(
    {
      id: 'line-registered',
      question: { de: 'Ist die Leitung registriert?', en: 'Is the line registered?' },
      why: { de: 'Ohne Registrierung beim Provider gehen keine Gespräche über die Leitung.', en: 'Without a registration at the provider no calls go over the line.' },
      reference: KB.sipLine,
      yes: 'next',
      no: 'next',
      expected: 'either',
      implies: {
        yes: { de: 'Die Leitung ist registriert.', en: 'The line is registered.' },
        no: { de: 'Die Leitung ist nicht registriert – Zugangsdaten und Erreichbarkeit des Providers prüfen.', en: 'The line is not registered – check the credentials and the provider’s reachability.' },
      },
    },
    {
      id: 'line-config',
      question: { de: 'Sind die Leitung und die Rufnummern richtig konfiguriert?', en: 'Are the line and the numbers configured correctly?' },
      why: { de: 'Falsche Zugangsdaten oder Rufnummernformate verhindern Gespräche.', en: 'Wrong credentials or number formats prevent calls.' },
      reference: KB.sipLine,
      yes: 'next',
      no: { verdict: 'not-local-config' },
      expected: 'yes',
      implies: {
        yes: { de: 'Leitung und Rufnummern sind richtig konfiguriert.', en: 'Line and numbers are configured correctly.' },
        no: { de: 'Leitung oder Rufnummern sind falsch konfiguriert.', en: 'Line or numbers are misconfigured.' },
      },
    },
    {
      id: 'numbers-assigned',
      question: { de: 'Sind die Rufnummern einem Benutzer / einer Gruppe zugeordnet?', en: 'Are the numbers assigned to a user / group?' },
      why: { de: 'Nicht zugeordnete Rufnummern klingeln nirgends.', en: 'Unassigned numbers ring nowhere.' },
      reference: KB.numbers,
      yes: 'next',
      no: { verdict: 'not-local-config' },
      expected: 'yes',
      implies: {
        yes: { de: 'Die Rufnummern sind zugeordnet.', en: 'The numbers are assigned.' },
        no: { de: 'Rufnummern sind keinem Benutzer und keiner Gruppe zugeordnet.', en: 'Numbers are not assigned to any user or group.' },
      },
    },
    {
      id: 'redirect-ifmc',
      question: { de: 'Ist eine Umleitung oder iFMC konfiguriert?', en: 'Is a redirect or iFMC configured?' },
      why: { de: 'Eine Umleitung oder iFMC lenkt Anrufe an den Telefonen vorbei.', en: 'A redirect or iFMC sends calls past the phones.' },
      reference: KB.redirects,
      yes: { verdict: 'not-local-config' },
      no: 'next',
      expected: 'no',
      implies: {
        yes: { de: 'Eine Umleitung oder iFMC leitet Anrufe um.', en: 'A redirect or iFMC diverts calls.' },
        no: { de: 'Keine Umleitung und kein iFMC aktiv.', en: 'No redirect and no iFMC active.' },
      },
    },
    networkFirewallStep('next'),
    {
      id: 'restart-changes',
      question: { de: 'Ändert sich das Fehlerbild nach einem Neustart der Anlage?', en: 'Does the fault pattern change after restarting the PBX?' },
      why: { de: 'Ein Neustart trennt hängende Registrierungen von echten Ausfällen.', en: 'A restart tells stuck registrations from real outages.' },
      yes: 'next',
      no: 'next',
      expected: 'either',
      implies: {
        yes: { de: 'Nach dem Neustart änderte sich das Fehlerbild.', en: 'The fault pattern changed after the restart.' },
        no: { de: 'Der Neustart änderte nichts.', en: 'The restart changed nothing.' },
      },
    },
    stillPersistsStep('still-persists', {
      yes: { de: 'Das Problem besteht weiterhin.', en: 'The problem persists.' },
      no: { de: 'Das Problem besteht nicht mehr.', en: 'The problem no longer exists.' },
    }),
  );
  if (area === 'cloud') {
    steps.push(
      usesConnectStep({ goto: 'connect-trunk-test' }, 'next', {
        de: 'Davon hängt ab, mit welchem Gegentest die Leitung geprüft wird.',
        en: 'This decides which cross-check tests the line.',
      }),
    );
    steps.push({
      id: 'connect-test',
      question: { de: 'Können Gespräche geführt werden, wenn testweise STARFACE Connect eingerichtet wird?', en: 'Can calls be made when STARFACE Connect is set up as a test?' },
      why: { de: 'Geht es mit Connect, liegt die Störung bei der Leitung des anderen Providers.', en: 'If it works with Connect, the fault lies with the other provider’s line.' },
      yes: { verdict: 'not-provider' },
      no: pbxFault,
      expected: 'no',
      decisive: true,
      check: {
        de: 'Einen STARFACE Connect-Testzugang als zweite Leitung einrichten und einen Testanruf führen.',
        en: 'Set up a STARFACE Connect test account as a second line and make a test call.',
      },
      implies: {
        yes: { de: 'Mit STARFACE Connect funktionieren Gespräche.', en: 'Calls work with STARFACE Connect.' },
        no: { de: 'Auch mit STARFACE Connect keine Gespräche.', en: 'No calls with STARFACE Connect either.' },
      },
    });
  }
  steps.push(
    {
      id: 'connect-trunk-test',
      question: { de: 'Können Gespräche geführt werden, wenn testweise ein SIP-Trunk eines anderen Providers eingerichtet wird?', en: 'Can calls be made when another provider’s SIP trunk is set up as a test?' },
      why: { de: 'Geht es mit einem anderen Provider, liegt die Störung bei Connect.', en: 'If it works with another provider, the fault lies with Connect.' },
      yes: 'next',
      no: pbxFault,
      expected: 'yes',
      decisive: true,
      check: {
        de: 'Testweise einen SIP-Trunk eines anderen Providers einrichten und einen Testanruf führen.',
        en: 'Set up another provider’s SIP trunk as a test and make a test call.',
      },
      implies: {
        yes: { de: 'Mit einem anderen Provider ist die Anlage erreichbar.', en: 'The PBX is reachable with another provider.' },
        no: { de: 'Auch mit einem anderen Provider keine Gespräche.', en: 'No calls with another provider either.' },
      },
    },
    {
      id: 'daily-limit',
      question: { de: 'Bei ausgehenden Gesprächen: Ist das im Kunden-Center eingestellte Tageslimit erreicht?', en: 'For outgoing calls: has the daily limit set in the Kunden-Center been reached?' },
      why: { de: 'Ist das Tageslimit erreicht, sperrt Connect ausgehende Gespräche absichtlich.', en: 'When the daily limit is reached, Connect blocks outgoing calls on purpose.' },
      yes: { verdict: 'not-daily-limit' },
      no: { verdict: 'report-connect' },
      expected: 'no',
      decisive: true,
      check: {
        de: 'Im Kunden-Center das Tageslimit und den heutigen Verbrauch ansehen; betrifft es nur eingehende Gespräche, mit „Nein“ antworten.',
        en: 'Look at the daily limit and today’s usage in the Kunden-Center; if only incoming calls are affected, answer “No”.',
      },
      implies: {
        yes: { de: 'Das Tageslimit ist erreicht.', en: 'The daily limit is reached.' },
        no: { de: 'Das Tageslimit ist nicht erreicht (oder nur eingehende Gespräche betroffen).', en: 'The daily limit is not reached (or only incoming calls are affected).' },
      },
    },
  );
  if (pbx === 'ask') {
    steps.push({
      id: 'pbx-is-cloud',
      question: { de: 'Läuft die Anlage als STARFACE Cloud?', en: 'Does the PBX run as a STARFACE Cloud?' },
      why: { de: 'Appliances und VMs im eigenen Rechenzentrum nimmt die Störungshotline nicht an.', en: 'The hotline does not take appliances and VMs in one’s own data centre.' },
      yes: { verdict: 'report-cloud' },
      no: { verdict: 'not-own-infrastructure' },
      expected: 'either',
      decisive: true,
      check: {
        de: 'Die Adresse der Anlage ansehen: STARFACE Clouds heißen NAME.starface-cloud.com.',
        en: 'Look at the PBX’s address: STARFACE Clouds are named NAME.starface-cloud.com.',
      },
      implies: {
        yes: { de: 'Die Anlage ist eine STARFACE Cloud.', en: 'The PBX is a STARFACE Cloud.' },
        no: { de: 'Die Anlage ist eine Appliance oder VM beim Kunden bzw. Partner.', en: 'The PBX is an appliance or VM at the customer or partner.' },
      },
    });
  }
  return { id, area, title: { de: 'Es können keine Gespräche (ein- oder ausgehend) geführt werden', en: 'No calls can be made (incoming or outgoing)' }, steps };
}
