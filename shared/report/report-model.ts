import { findScenario, CHECKLIST_VERSION } from '../checklists/scenarios.js';
import { VERDICTS } from '../checklists/verdicts.js';
import type { LocalizedTextType, ScenarioType } from '../checklists/types.js';
import { HOTLINE_NUMBERS, STATUS_PAGE_URL } from '../hotline.js';
import { messages } from '../i18n/messages.js';
import type { AnswerValueType, CaseType, EvidenceType, LanguageType, ReportFieldsType, ReportServiceType } from '../model/case.js';
import { evaluateTriage, type VerdictType } from '../triage/evaluate.js';
import { addressing, isAgainstVerdict, reportForm, verdictAsks } from './report-addressing.js';
import type { ReportModelType } from './report-model-type.js';
import { formatDateTime } from './format-date.js';
import { buildDiagnostics } from './report-diagnostics.js';
import { buildReportAttachments } from './report-attachments.js';
import { cleanCloudName, formatPhone } from './validate.js';

export interface ReportMetaInput {
  appName: string;
  appVersion: string;
  generatedAt: Date;
  /** IANA zone for the printed times; the machine's own when absent. */
  timeZone?: string;
}

export interface ReportBuildOptionsType {
  /**
   * The hotline's form although the verdict names another contact (confirmed by the user). When
   * absent: the case's own confirmation decides (`notHotlineConfirmedAt`).
   */
  asHotline?: boolean;
}

export { formatDateTime };

/**
 * The service a scenario's report verdicts name, when they all name the same one: the push path's
 * "not the hotline" verdict still concerns the push server (issue 9 §3).
 */
function scenarioService(scenario: ScenarioType | undefined): { service: ReportServiceType; serviceOther: LocalizedTextType | null } | null {
  if (!scenario) return null;
  const found = new Map<string, { service: ReportServiceType; serviceOther: LocalizedTextType | null }>();
  for (const step of scenario.steps) {
    for (const outcome of [step.yes, step.no]) {
      if (typeof outcome !== 'object' || !('verdict' in outcome)) continue;
      const def = VERDICTS[outcome.verdict];
      if (def.service) found.set(`${def.service}/${def.serviceOther?.de ?? ''}`, { service: def.service, serviceOther: def.serviceOther ?? null });
    }
  }
  return found.size === 1 ? ([...found.values()][0] ?? null) : null;
}

/**
 * Fills the report fields the triage already knows (reporter role, affected service) where the
 * technician has not typed anything. Never overwrites an entry.
 */
export function prefillReport(c: CaseType, language: LanguageType = 'de'): ReportFieldsType {
  const verdict = evaluateTriage(c).verdict;
  const r = { ...c.report };
  if (!r.role && c.role) r.role = c.role;
  const fromScenario = scenarioService(findScenario(c.scenarioId));
  const serviceOther = verdict.serviceOther ?? (c.area === 'other' ? fromScenario?.serviceOther : null) ?? null;
  if (!r.service) {
    if (verdict.service) r.service = verdict.service;
    else if (c.area === 'cloud' || c.area === 'connect' || c.area === 'dsl') r.service = c.area;
    // Only the "Sonstige Dienste" paths: an appliance's verdicts name services it merely uses.
    else if (c.area === 'other' && fromScenario) r.service = fromScenario.service;
  }
  if (r.service === 'other' && !r.serviceOther.trim() && serviceOther) r.serviceOther = serviceOther[language];
  return r;
}

/** The evidence beside an answer; when the technician overrode the measurement, both are named. */
function evidenceText(value: AnswerValueType, evidence: EvidenceType, language: LanguageType): string {
  const t = messages(language);
  const summary = evidence.summary[language];
  if (evidence.proposed === null || evidence.proposed === value) return summary;
  return `${summary} (${t.diagnose.measure.override.replace('{value}', t.answers[evidence.proposed])})`;
}

/** Cloud name, server licence, DSL order number: what the receiver looks the service up by. */
export function serviceIdentifier(r: ReportFieldsType): string {
  if (r.service === 'cloud') return cleanCloudName(r.cloudName);
  if (r.service === 'connect') return r.serverLicence.trim();
  if (r.service === 'dsl') return [r.dslOrderNumber.trim(), r.serverLicence.trim()].filter(Boolean).join(' / ');
  return '';
}

function verdictLine(verdict: VerdictType, language: LanguageType): string {
  const t = messages(language);
  const headline = verdict.headline[language];
  // The guide's own exclusion by its name; a cause the app adds is marked as the app's reasoning.
  if (verdict.exclusions.length > 0) return `${headline} (${t.verdict.exclusionGuide}: ${verdict.exclusions.map((e) => e[language]).join('; ')})`;
  return verdict.cause ? `${headline} (${t.verdict.appCause}: ${t.causes[verdict.cause]})` : headline;
}

function warningFor(verdict: VerdictType, againstVerdict: boolean, language: LanguageType): string | null {
  const t = messages(language);
  if (againstVerdict || verdict.kind === 'report' || verdict.kind === 'not-hotline') return null;
  return verdict.kind === 'pending' ? t.report.pendingWarning : t.report.partnerOnlyWarning;
}

/** Turns a case into the translated report model that the PDF, e-mail, text and preview render. */
export function buildReportModel(c: CaseType, language: LanguageType, meta: ReportMetaInput, options: ReportBuildOptionsType = {}): ReportModelType {
  const t = messages(language);
  const x = t.reportExtra;
  const f = t.report.fields;
  const when = (at: string | Date) => formatDateTime(at, language, meta.timeZone);
  const r = prefillReport(c, language);
  const triage = evaluateTriage(c);
  const verdict = triage.verdict;
  const asHotline = options.asHotline ?? c.notHotlineConfirmedAt !== null;
  const form = reportForm(c, verdict, asHotline);
  const against = isAgainstVerdict(verdict, asHotline);
  const words = addressing(form);
  const scenario = findScenario(c.scenarioId);
  const symptom = scenario ? scenario.title[language] : '';
  const service = r.service ? t.services[r.service] : '';
  const serviceName = r.service === 'other' && r.serviceOther.trim() ? `STARFACE ${r.serviceOther.trim()}` : service && `STARFACE ${service}`;
  const identifier = serviceIdentifier(r);
  const customer = c.title.trim() || r.company.trim();
  const reporterName = [r.firstName, r.lastName].join(' ').trim();

  const faultRows: Array<{ label: string; value: string }> = [
    { label: x.caseTitle, value: c.title },
    { label: f.service, value: service },
  ];
  if (r.service === 'other') faultRows.push({ label: f.serviceOther, value: r.serviceOther });
  if (r.service === 'cloud') faultRows.push({ label: f.cloudName, value: cleanCloudName(r.cloudName) });
  if (r.service === 'connect' || r.service === 'dsl') faultRows.push({ label: f.serverLicence, value: r.serverLicence });
  if (r.service === 'dsl') faultRows.push({ label: f.dslOrderNumber, value: r.dslOrderNumber });
  faultRows.push({ label: x.symptom, value: symptom });

  const steps = triage.path
    .filter((p) => p.answer !== null)
    .map((p, i) => ({
      number: i + 1,
      question: p.step.question[language],
      answer: p.answer ? t.answers[p.answer.value] : '',
      note: p.answer?.note ?? '',
      evidence: p.answer?.evidence ? evidenceText(p.answer.value, p.answer.evidence, language) : '',
      answeredAt: p.answer ? when(p.answer.answeredAt) : '',
    }));

  // The technician's next steps are for whoever fixes it: the own record and the partner in charge.
  const ownSteps = verdict.nextSteps.map((s) => s[language]);
  if (verdict.openChecks.length > 0) ownSteps.unshift(`${t.verdict.openChecks}: ${verdict.openChecks.map((s) => s.question[language]).join(' · ')}`);
  const asks = form === 'partner' ? ownSteps : form === 'none' || form === 'hotline' || form === 'connect-team' ? [] : verdictAsks(verdict).map((a) => a[language]);

  const title = (form === 'hotline' || form === 'connect-team') && serviceName ? `${words.title[language]} – ${serviceName}` : words.title[language];
  const prefix = against ? `${words.subject[language]} (${x.againstVerdictSubject})` : words.subject[language];
  const againstVerdict = against
    ? x.againstVerdict
        .replace('{verdict}', verdict.headline[language])
        .replace('{at}', when(c.notHotlineConfirmedAt ?? meta.generatedAt))
        .replace('{by}', c.notHotlineConfirmedBy.trim() || reporterName || x.unknownPerson)
    : null;
  const isHotlineForm = form === 'hotline' || form === 'connect-team';

  return {
    language,
    form,
    title,
    subject: [prefix, serviceName, identifier, customer, symptom].filter((p) => p && p.trim()).join(' – '),
    identifier,
    customer,
    symptom,
    address: {
      to: words.to?.[language] ?? '',
      salutation: words.salutation?.[language] ?? '',
      request: words.request?.[language] ?? '',
      asks,
    },
    againstVerdict,
    verdict: { kind: verdict.kind, label: x.verdictLine, headline: verdictLine(verdict, language), nextSteps: form === 'none' ? ownSteps : [] },
    notHotlineWarning: warningFor(verdict, against, language),
    sections: [
      {
        heading: t.report.reporter,
        rows: [
          { label: f.company, value: r.company },
          { label: `${f.firstName} ${f.lastName}`, value: reporterName },
          { label: f.email, value: r.email.trim() },
          { label: f.phone, value: formatPhone(r.phone, language) },
          { label: f.role, value: r.role ? t.roles[r.role] : '' },
        ],
      },
      { heading: t.report.fault, rows: faultRows },
    ],
    description: { heading: f.description, text: r.description },
    checklist: { heading: t.report.checklist, scenario: symptom, steps },
    diagnostics: buildDiagnostics(c, language),
    reportAttachments: buildReportAttachments(c, language),
    meta: {
      caseId: c.id,
      createdAt: when(c.createdAt),
      updatedAt: when(c.updatedAt),
      generatedAt: when(meta.generatedAt),
      appName: meta.appName,
      appVersion: meta.appVersion,
      checklistVersion: c.checklistVersion ?? CHECKLIST_VERSION,
      labels: t.report.meta,
    },
    hotline: isHotlineForm
      ? {
          heading: t.report.hotlineHeading,
          lines: [
            ...HOTLINE_NUMBERS.map((n) => `${t.hotline[n.country.toLowerCase() as 'de' | 'at' | 'ch']}: ${n.display}`),
            `${t.report.statusPage}: ${STATUS_PAGE_URL}`,
          ],
        }
      : null,
  };
}
