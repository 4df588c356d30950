import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { newCase, type CaseType, type EvidenceType, type ReportFieldsType } from '../../shared/model/case.js';
import { buildReportModel, prefillReport } from '../../shared/report/report-model.js';
import { applyMeasurement } from '../../shared/triage/measurement.js';
import { evaluateTriage } from '../../shared/triage/evaluate.js';
import { answersOf, type WalkType } from './fixtures/triage-walk.js';

// Report times are the technician's local time; pin the zone so the expected strings are exact.
let previousTz: string | undefined;
beforeAll(() => {
  previousTz = process.env.TZ;
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

const META = { appName: 'STARFACE Triage', appVersion: '0.1.0', generatedAt: new Date('2026-11-27T12:30:00.000Z') };

function evidence(kind: EvidenceType['kind'], de: string, en: string, measuredAt: string): EvidenceType {
  return { kind, measuredAt, summary: { de, en }, measurementId: null, proposed: null, figures: {} };
}

function caseWith(fields: Partial<CaseType>, report: Partial<ReportFieldsType> = {}): CaseType {
  const c = newCase('case-20261127-cloud', new Date('2026-11-27T11:00:00.000Z'));
  return { ...c, ...fields, report: { ...c.report, ...report } };
}

/**
 * The seed's "Telefone sind nicht mehr angemeldet" walked to a Cloud report: the technician answers
 * the first step by hand, writes a note on the log step, then three measurements answer the rest.
 */
function completedCloudCase(): CaseType {
  let c = caseWith(
    {
      title: 'Müller, Karlsruhe',
      role: 'partner',
      area: 'cloud',
      scenarioId: 'cloud-phones-unregistered',
      checklistVersion: '2026.11-1',
      answers: {
        'config-change': { value: 'no', note: 'Letzte Änderung vor drei Wochen.', answeredAt: '2026-11-27T11:05:00.000Z' },
        'unreachable-lagged': { value: 'unchecked', note: 'Peer 2456 seit 09:14 weg.', answeredAt: '2026-11-27T11:06:00.000Z' },
      },
    },
    {
      company: 'Müller Straßenbau GmbH',
      firstName: 'Jürgen',
      lastName: 'Weiß',
      email: ' j.weiss@mueller-strassenbau.de ',
      phone: ' +49 721 50959 580 ',
      cloudName: 'https://MaxMuster.starface-cloud.com/',
      description: 'Seit Montag melden sich alle Tischtelefone nach etwa einer Stunde ab.',
    },
  );
  c = applyMeasurement(c, 'unreachable-lagged', 'yes', evidence('pbx-log', 'PBX-Log: 14× UNREACHABLE', 'PBX log: 14× UNREACHABLE', '2026-11-27T11:10:00.000Z'));
  c = applyMeasurement(c, 'nat-timeout', 'yes', evidence('nat-timeout', 'NAT-Timeout: mindestens 65 Minuten', 'NAT timeout: at least 65 minutes', '2026-11-27T11:20:00.000Z'));
  c = applyMeasurement(c, 'network-firewall', 'yes', evidence('ports', 'Ports 5060/UDP und 5061/TCP offen', 'Ports 5060/UDP and 5061/TCP open', '2026-11-27T11:25:00.000Z'));
  return c;
}

describe('buildReportModel for a completed Cloud case', () => {
  it('German: subject, title, verdict and the hotline', () => {
    const m = buildReportModel(completedCloudCase(), 'de', META);
    expect(m.language).toBe('de');
    expect(m.title).toBe('Störungsmeldung – STARFACE Cloud');
    expect(m.subject).toBe(
      'Störungsmeldung – STARFACE Cloud – maxmuster.starface-cloud.com – Müller, Karlsruhe – Telefone sind nicht mehr angemeldet und nicht erreichbar',
    );
    expect(m.form).toBe('hotline');
    expect(m.identifier).toBe('maxmuster.starface-cloud.com');
    expect(m.verdict.kind).toBe('report');
    // The verdict in one line: no reasons repeating the path, no contact listed as a reason, no
    // instructions to the technician.
    expect(m.verdict.headline).toBe('STARFACE-Störung: Cloud – bitte an die Störungshotline melden');
    expect(m.verdict.nextSteps).toEqual([]);
    expect(m.address.to).toBe('An: STARFACE Störungshotline');
    expect(m.againstVerdict).toBeNull();
    expect(m.notHotlineWarning).toBeNull();
    expect(m.hotline).toEqual({
      heading: 'Störungshotline (rund um die Uhr)',
      lines: [
        'Deutschland: +49 721 50959 580',
        'Deutschland: +49 721 151042180',
        'Österreich: +43 1 235008080',
        'Schweiz: +41 61 5630608',
        'Bereits gemeldete Störungen: https://support.starface.de/status/',
      ],
    });
    expect(m.meta).toMatchObject({ caseId: 'case-20261127-cloud', appName: 'STARFACE Triage', appVersion: '0.1.0', checklistVersion: '2026.11-1' });
  });

  it('German: every field of the guide’s report with its label and value, the cloud name cleaned, role and service prefilled', () => {
    const m = buildReportModel(completedCloudCase(), 'de', META);
    expect(m.sections).toEqual([
      {
        heading: 'Melder',
        rows: [
          { label: 'Firma', value: 'Müller Straßenbau GmbH' },
          { label: 'Vorname Nachname', value: 'Jürgen Weiß' },
          { label: 'E-Mail-Adresse', value: 'j.weiss@mueller-strassenbau.de' },
          { label: 'Telefon', value: '+49 721 50959580' },
          { label: 'STARFACE-Partner oder Endkunde?', value: 'STARFACE-Partner' },
        ],
      },
      {
        heading: 'Störung',
        rows: [
          { label: 'Kunde, Standort', value: 'Müller, Karlsruhe' },
          { label: 'Gestörter Dienst', value: 'Cloud' },
          { label: 'Name der Cloud', value: 'maxmuster.starface-cloud.com' },
          { label: 'Fehlerbild', value: 'Telefone sind nicht mehr angemeldet und nicht erreichbar' },
        ],
      },
    ]);
    expect(m.description).toEqual({
      heading: 'Beschreibung der Störung',
      text: 'Seit Montag melden sich alle Tischtelefone nach etwa einer Stunde ab.',
    });
  });

  it('German: the checklist in path order with answers, notes and measurement evidence', () => {
    const m = buildReportModel(completedCloudCase(), 'de', META);
    expect(m.checklist.heading).toBe('Prüfpfad');
    expect(m.checklist.scenario).toBe('Telefone sind nicht mehr angemeldet und nicht erreichbar');
    expect(m.checklist.steps.map(({ answeredAt: _a, ...rest }) => rest)).toEqual([
      {
        number: 1,
        question: 'Trat das Problem direkt nach einer Konfigurationsänderung, Installation, einem Update oder einer Modifikation der Anlage auf?',
        answer: 'Nein',
        note: 'Letzte Änderung vor drei Wochen.',
        evidence: '',
      },
      {
        number: 2,
        question: 'Sind im PBX-Log der Cloud Einträge zu dem betroffenen Endgerät mit den Stichwörtern „UNREACHABLE“ oder „LAGGED“ vorhanden?',
        answer: 'Ja',
        note: 'Peer 2456 seit 09:14 weg.',
        evidence: 'PBX-Log: 14× UNREACHABLE',
      },
      {
        number: 3,
        question: 'Ist das NAT-Timeout (UDP) der Firewall am Standort auf mindestens 61 Minuten eingestellt?',
        answer: 'Ja',
        note: '',
        evidence: 'NAT-Timeout: mindestens 65 Minuten',
      },
      {
        number: 4,
        question: 'Sind die Netzwerk- und Firewalleinstellungen richtig konfiguriert?',
        answer: 'Ja',
        note: '',
        evidence: 'Ports 5060/UDP und 5061/TCP offen',
      },
    ]);
    // Times carry their UTC offset.
    expect(m.checklist.steps.map((s) => s.answeredAt)).toEqual(['27.11.2026, 12:05 UTC+1', '27.11.2026, 12:10 UTC+1', '27.11.2026, 12:20 UTC+1', '27.11.2026, 12:25 UTC+1']);
    expect(m.meta).toMatchObject({ createdAt: '27.11.2026, 12:00 UTC+1', updatedAt: '27.11.2026, 12:00 UTC+1', generatedAt: '27.11.2026, 13:30 UTC+1' });
    expect(buildReportModel(completedCloudCase(), 'de', { ...META, timeZone: 'UTC' }).meta.generatedAt).toBe('27.11.2026, 12:30 UTC');
    expect(buildReportModel(completedCloudCase(), 'de', { ...META, timeZone: 'America/New_York' }).meta.generatedAt).toBe('27.11.2026, 07:30 UTC-5');
  });

  it('English: the same report translated, values unchanged', () => {
    const m = buildReportModel(completedCloudCase(), 'en', META);
    expect(m.language).toBe('en');
    expect(m.title).toBe('Fault report – STARFACE Cloud');
    expect(m.subject).toBe('Fault report – STARFACE Cloud – maxmuster.starface-cloud.com – Müller, Karlsruhe – Phones are no longer registered and not reachable');
    expect(m.verdict.headline).toBe('STARFACE fault: Cloud – report it to the fault hotline');
    expect(m.verdict.label).toBe('Result of the checks');
    expect(m.notHotlineWarning).toBeNull();
    expect(m.sections).toEqual([
      {
        heading: 'Reporter',
        rows: [
          { label: 'Company', value: 'Müller Straßenbau GmbH' },
          { label: 'First name Last name', value: 'Jürgen Weiß' },
          { label: 'E-mail address', value: 'j.weiss@mueller-strassenbau.de' },
          { label: 'Phone', value: '+49 721 50959580' },
          { label: 'STARFACE partner or end customer?', value: 'STARFACE partner' },
        ],
      },
      {
        heading: 'Fault',
        rows: [
          { label: 'Customer, site', value: 'Müller, Karlsruhe' },
          { label: 'Affected service', value: 'Cloud' },
          { label: 'Cloud name', value: 'maxmuster.starface-cloud.com' },
          { label: 'Symptom', value: 'Phones are no longer registered and not reachable' },
        ],
      },
    ]);
    expect(m.checklist.scenario).toBe('Phones are no longer registered and not reachable');
    expect(m.checklist.steps.map((s) => [s.number, s.answer, s.note, s.evidence])).toEqual([
      [1, 'No', 'Letzte Änderung vor drei Wochen.', ''],
      [2, 'Yes', 'Peer 2456 seit 09:14 weg.', 'PBX log: 14× UNREACHABLE'],
      [3, 'Yes', '', 'NAT timeout: at least 65 minutes'],
      [4, 'Yes', '', 'Ports 5060/UDP and 5061/TCP open'],
    ]);
    expect(m.checklist.steps[0]?.question).toBe('Did the problem start right after a configuration change, installation, update or modification of the PBX?');
    expect(m.checklist.steps.map((s) => s.answeredAt)).toEqual(['27 Nov 2026, 12:05 UTC+1', '27 Nov 2026, 12:10 UTC+1', '27 Nov 2026, 12:20 UTC+1', '27 Nov 2026, 12:25 UTC+1']);
    expect(m.meta.labels.caseId).toBe('Case');
    expect(m.hotline?.lines[2]).toBe('Austria: +43 1 235008080');
  });
});

describe('buildReportModel addresses the verdict’s contact', () => {
  const walkTo = (walk: WalkType, role: 'partner' | 'customer' = 'partner') =>
    caseWith({ title: 'Praxis Berg, Filiale Nord', role, area: 'cloud', scenarioId: 'cloud-phones-unregistered', answers: answersOf(walk) }, { cloudName: 'maxmuster.starface-cloud.com', firstName: 'Nora', lastName: 'Nat' });
  const natWalk: WalkType = [['config-change', 'no'], ['unreachable-lagged', 'yes'], ['nat-timeout', 'no']];

  it('one of the guide’s own exclusions is named as the guide names it', () => {
    const m = buildReportModel(walkTo([['config-change', 'yes']]), 'de', META);
    expect(m.verdict.kind).toBe('not-hotline');
    expect(m.verdict.headline).toMatch(/\(Ausschluss laut Anleitung der Störungshotline: .*(Konfiguration|Update|Änderung)/);
  });

  it('an exclusion: a note to the site’s IT, no warning, the exclusion in the one verdict line, no contact as a reason', () => {
    const m = buildReportModel(walkTo(natWalk), 'de', META);
    expect(m.verdict.kind).toBe('not-hotline');
    expect(m.form).toBe('local-it');
    expect(m.title).toBe('Hinweis an die IT des Standorts: Netzwerk und Firewall');
    expect(m.subject).toBe('Hinweis Netzwerk/Firewall – STARFACE Cloud – maxmuster.starface-cloud.com – Praxis Berg, Filiale Nord – Telefone sind nicht mehr angemeldet und nicht erreichbar');
    expect(m.address.to).toBe('An: IT bzw. Firewall-Betreuer des Standorts');
    expect(m.address.salutation).toBe('Sehr geehrte Damen und Herren,');
    expect(m.address.asks[0]).toContain('mindestens 61 Minuten');
    expect(m.notHotlineWarning).toBeNull();
    // Site network/firewall is the app's reasoning, not one of the guide's exclusions: marked as such.
    expect(m.verdict.headline).toContain('(Einschätzung der App, nicht aus der Anleitung: Netzwerk oder Firewall vor Ort)');
    expect(JSON.stringify(m)).not.toContain('Ansprechpartner:');
    expect(m.hotline).toBeNull();
    const en = buildReportModel(walkTo(natWalk), 'en', META);
    expect(en.title).toBe('Note to the site’s IT: network and firewall');
    expect(en.address.salutation).toBe('Dear Sir or Madam,');
  });

  it('the hotline’s form against the verdict: the subject says so and the confirmation (when, by whom) is printed', () => {
    const c = { ...walkTo(natWalk), notHotlineConfirmedAt: '2026-11-27T12:29:00.000Z', notHotlineConfirmedBy: 'Nora Nat' };
    const m = buildReportModel(c, 'de', META);
    expect(m.form).toBe('hotline');
    expect(m.title).toBe('Störungsmeldung – STARFACE Cloud');
    expect(m.subject.startsWith('Störungsmeldung (GEGEN PRÜFERGEBNIS) – STARFACE Cloud – maxmuster.starface-cloud.com – Praxis Berg')).toBe(true);
    expect(m.againstVerdict).toBe(
      'Auf ausdrücklichen Wunsch als Störungsmeldung an die Hotline exportiert, obwohl die Prüfung ergab: „Keine Störung für die Hotline: NAT-Problem – NAT-Timeout der Firewall auf 61 Minuten erhöhen“. Bestätigt am 27.11.2026, 13:29 UTC+1 von Nora Nat.',
    );
    expect(m.hotline).not.toBeNull();
    // Asked for explicitly (the CLI's --confirm-not-hotline) without a stored confirmation: now, by the reporter.
    const cli = buildReportModel(walkTo(natWalk), 'en', META, { asHotline: true });
    expect(cli.againstVerdict).toContain('Confirmed on 27 Nov 2026, 13:30 UTC+1 by Nora Nat.');
    expect(cli.subject.startsWith('Fault report (AGAINST THE CHECK RESULT)')).toBe(true);
  });

  it('checks still running: the own check record with the pending warning', () => {
    const m = buildReportModel(walkTo([['config-change', 'no']]), 'en', META);
    expect(m.verdict.kind).toBe('pending');
    expect(m.form).toBe('none');
    expect(m.title).toBe('Check record');
    expect(m.notHotlineWarning).toBe('Note: the checks are not complete yet.');
  });

  it('a customer reaching a Cloud report: a report to the partner in charge, with a warning and what to do', () => {
    const m = buildReportModel(
      walkTo([['config-change', 'no'], ['unreachable-lagged', 'no'], ['network-firewall', 'yes']], 'customer'),
      'de',
      META,
    );
    expect(m.verdict.kind).toBe('partner-only');
    expect(m.form).toBe('partner');
    expect(m.notHotlineWarning).not.toBeNull();
    expect(m.address.asks.length).toBeGreaterThan(0);
  });

  it('open checks stay visible as "Nicht geprüft" in the path of a hotline report', () => {
    const m = buildReportModel(walkTo([['config-change', 'unchecked'], ['unreachable-lagged', 'no'], ['network-firewall', 'yes']]), 'de', META);
    expect(m.verdict.kind).toBe('report');
    expect(m.checklist.steps[0]?.answer).toBe('Nicht geprüft');
  });
});

describe('prefillReport', () => {
  it('fills reporter role and affected service from the triage', () => {
    const r = prefillReport(completedCloudCase());
    expect(r.role).toBe('partner');
    expect(r.service).toBe('cloud');
  });

  it('never overwrites what the technician typed', () => {
    const c = caseWith(
      { role: 'partner', area: 'cloud', scenarioId: 'cloud-not-started', answers: answersOf([['config-change', 'no'], ['started-via-portal', 'yes']]) },
      { role: 'customer', service: 'connect', serviceOther: 'Eigene Angabe' },
    );
    expect(prefillReport(c)).toMatchObject({ role: 'customer', service: 'connect', serviceOther: 'Eigene Angabe' });
  });

  it('keeps a typed specification for "Sonstiges"', () => {
    const c = caseWith(
      { role: 'partner', area: 'other', scenarioId: 'other-push-iphone', answers: answersOf([['config-change', 'no'], ['fault-or-request', 'no'], ['network-firewall', 'yes']]) },
      { serviceOther: 'Push-Server für iOS-App' },
    );
    expect(prefillReport(c)).toMatchObject({ service: 'other', serviceOther: 'Push-Server für iOS-App' });
  });

  it('fills the service on every verdict that concerns one: the push path’s "site network" verdict too, and for a customer', () => {
    for (const role of ['partner', 'customer'] as const) {
      const push = caseWith({ role, area: 'other', scenarioId: 'other-push-iphone', answers: answersOf([['network-firewall', 'no']]) });
      expect(evaluateTriage(push).verdict.service).toBeNull();
      expect(prefillReport(push, 'en')).toMatchObject({ service: 'other', serviceOther: 'Push server (iPhone)' });
      const m = buildReportModel(push, 'de', META);
      expect(m.subject).toContain('STARFACE Push-Server (iPhone)');
    }
  });

  it('fills "Sonstiges" and its specification from an other-service report', () => {
    const c = caseWith({ role: 'partner', area: 'other', scenarioId: 'other-push-iphone', answers: answersOf([['config-change', 'no'], ['fault-or-request', 'no'], ['network-firewall', 'yes']]) });
    expect(prefillReport(c)).toMatchObject({ service: 'other', serviceOther: 'Push-Server (iPhone)' });
  });

  it('takes the service from the verdict, not the area: an appliance on Connect reports Connect', () => {
    const walk: WalkType = [
      ['config-change', 'no'], ['line-registered', 'yes'], ['line-config', 'yes'], ['numbers-assigned', 'yes'], ['redirect-ifmc', 'no'],
      ['network-firewall', 'yes'], ['restart-changes', 'no'], ['still-persists', 'yes'], ['uses-connect', 'yes'], ['connect-trunk-test', 'yes'], ['daily-limit', 'no'],
    ];
    const c = caseWith({ role: 'customer', area: 'appliance', scenarioId: 'appliance-no-calls', answers: answersOf(walk) });
    expect(prefillReport(c)).toMatchObject({ role: 'customer', service: 'connect' });
  });

  it('leaves the service empty when nothing names one (appliance excluded as own infrastructure)', () => {
    const walk: WalkType = [
      ['config-change', 'no'], ['line-registered', 'yes'], ['line-config', 'yes'], ['numbers-assigned', 'yes'], ['redirect-ifmc', 'no'],
      ['network-firewall', 'yes'], ['restart-changes', 'no'], ['still-persists', 'yes'], ['uses-connect', 'no'], ['connect-test', 'no'],
    ];
    const c = caseWith({ role: 'partner', area: 'appliance', scenarioId: 'appliance-no-calls', answers: answersOf(walk) });
    expect(prefillReport(c).service).toBeNull();
  });

  it('falls back to the chosen area while the checks are still running', () => {
    const c = caseWith({ role: 'customer', area: 'dsl', scenarioId: 'dsl-no-internet', answers: {} });
    expect(prefillReport(c)).toMatchObject({ role: 'customer', service: 'dsl' });
  });

  it('does not change the case it reads', () => {
    const c = completedCloudCase();
    const before = structuredClone(c);
    prefillReport(c);
    buildReportModel(c, 'de', META);
    expect(c).toEqual(before);
  });
});

describe('applyMeasurement', () => {
  const base = () =>
    caseWith({
      role: 'partner',
      area: 'cloud',
      scenarioId: 'cloud-phones-unregistered',
      answers: {
        'config-change': { value: 'no', note: '', answeredAt: '2026-11-27T11:05:00.000Z' },
        'nat-timeout': { value: 'unchecked', note: 'Firewall: Sophos XG', answeredAt: '2026-11-27T11:06:00.000Z' },
      },
    });
  const nat = evidence('nat-timeout', 'NAT-Timeout: 30 Minuten', 'NAT timeout: 30 minutes', '2026-11-27T11:30:00.000Z');

  it('fills the answer with the evidence, stamped with the measurement time, and keeps the typed note', () => {
    const c = applyMeasurement(base(), 'nat-timeout', 'no', nat);
    expect(c.answers['nat-timeout']).toEqual({ value: 'no', note: 'Firewall: Sophos XG', answeredAt: '2026-11-27T11:30:00.000Z', evidence: nat });
  });

  it('answers a step that had no answer yet with an empty note', () => {
    const log = evidence('pbx-log', 'PBX-Log: 3× LAGGED', 'PBX log: 3× LAGGED', '2026-11-27T11:31:00.000Z');
    const c = applyMeasurement(base(), 'unreachable-lagged', 'yes', log);
    expect(c.answers['unreachable-lagged']).toEqual({ value: 'yes', note: '', answeredAt: '2026-11-27T11:31:00.000Z', evidence: log });
  });

  it('returns a new case and leaves the other answers and the original alone', () => {
    const original = base();
    const before = structuredClone(original);
    const c = applyMeasurement(original, 'nat-timeout', 'no', nat);
    expect(original).toEqual(before);
    expect(c.answers['config-change']).toEqual(original.answers['config-change']);
  });

  it('the measured answer drives the triage', () => {
    const c = applyMeasurement(applyMeasurement(base(), 'unreachable-lagged', 'yes', evidence('pbx-log', 'x', 'x', '2026-11-27T11:31:00.000Z')), 'nat-timeout', 'no', nat);
    expect(evaluateTriage(c).verdict.def?.id).toBe('not-nat-timeout');
  });

  it('refuses a step that this kind of measurement cannot answer', () => {
    const ports = evidence('ports', 'Ports offen', 'Ports open', '2026-11-27T11:30:00.000Z');
    expect(() => applyMeasurement(base(), 'nat-timeout', 'yes', ports)).toThrow(/cannot take a ports measurement/);
    expect(() => applyMeasurement(base(), 'network-firewall', 'yes', nat)).toThrow(/cannot take a nat-timeout measurement/);
    expect(() => applyMeasurement(base(), 'config-change', 'no', nat)).toThrow(/cannot take/);
  });

  it('refuses a step that is not in the case’s checklist', () => {
    expect(() => applyMeasurement(base(), 'blacklist', 'no', nat)).toThrow(/no step blacklist/);
    const noScenario = caseWith({ scenarioId: null });
    expect(() => applyMeasurement(noScenario, 'nat-timeout', 'no', nat)).toThrow(/no step/);
  });
});
