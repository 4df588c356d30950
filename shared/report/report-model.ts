import { findScenario, CHECKLIST_VERSION } from '../checklists/scenarios.js';
import { HOTLINE_NUMBERS, STATUS_PAGE_URL } from '../hotline.js';
import { messages } from '../i18n/messages.js';
import type { AnswerValueType, CaseType, EvidenceType, LanguageType, ReportFieldsType } from '../model/case.js';
import { evaluateTriage } from '../triage/evaluate.js';
import type { ReportModelType } from './report-model-type.js';
import { formatDateTime } from './format-date.js';
import { buildDiagnostics } from './report-diagnostics.js';
import { buildReportAttachments } from './report-attachments.js';
import { cleanCloudName } from './validate.js';

export interface ReportMetaInput {
  appName: string;
  appVersion: string;
  generatedAt: Date;
}

export { formatDateTime };

/**
 * Fills the report fields the triage already knows (reporter role, affected service) where the
 * technician has not typed anything. Never overwrites an entry.
 */
export function prefillReport(c: CaseType, language: LanguageType = 'de'): ReportFieldsType {
  const verdict = evaluateTriage(c).verdict;
  const r = { ...c.report };
  if (!r.role && c.role) r.role = c.role;
  if (!r.service) {
    if (verdict.service) r.service = verdict.service;
    else if (c.area === 'cloud' || c.area === 'connect' || c.area === 'dsl') r.service = c.area;
  }
  if (r.service === 'other' && !r.serviceOther.trim() && verdict.serviceOther) r.serviceOther = verdict.serviceOther[language];
  return r;
}

/** The evidence beside an answer; when the technician overrode the measurement, both are named. */
function evidenceText(value: AnswerValueType, evidence: EvidenceType, language: LanguageType): string {
  const t = messages(language);
  const summary = evidence.summary[language];
  if (evidence.proposed === null || evidence.proposed === value) return summary;
  return `${summary} (${t.diagnose.measure.override.replace('{value}', t.answers[evidence.proposed])})`;
}

/** Turns a case into the translated report model that the PDF, e-mail, text and preview render. */
export function buildReportModel(c: CaseType, language: LanguageType, meta: ReportMetaInput): ReportModelType {
  const t = messages(language);
  const f = t.report.fields;
  const r = prefillReport(c, language);
  const triage = evaluateTriage(c);
  const verdict = triage.verdict;
  const scenario = findScenario(c.scenarioId);
  const service = r.service ? t.services[r.service] : '';

  const faultRows: Array<{ label: string; value: string }> = [{ label: f.service, value: service }];
  if (r.service === 'other') faultRows.push({ label: f.serviceOther, value: r.serviceOther });
  if (r.service === 'cloud') faultRows.push({ label: f.cloudName, value: cleanCloudName(r.cloudName) });
  if (r.service === 'connect' || r.service === 'dsl') faultRows.push({ label: f.serverLicence, value: r.serverLicence });
  if (r.service === 'dsl') faultRows.push({ label: f.dslOrderNumber, value: r.dslOrderNumber });

  const steps = triage.path
    .filter((p) => p.answer !== null)
    .map((p, i) => ({
      number: i + 1,
      question: p.step.question[language],
      answer: p.answer ? t.answers[p.answer.value] : '',
      note: p.answer?.note ?? '',
      evidence: p.answer?.evidence ? evidenceText(p.answer.value, p.answer.evidence, language) : '',
      answeredAt: p.answer ? formatDateTime(p.answer.answeredAt, language) : '',
    }));

  const reasons = verdict.reasons.map((x) => x[language]);
  const nextSteps = verdict.nextSteps.map((x) => x[language]);
  if (verdict.openChecks.length > 0) {
    nextSteps.unshift(`${t.verdict.openChecks}: ${verdict.openChecks.map((s) => s.question[language]).join(' · ')}`);
  }
  if (verdict.cause) reasons.push(`${t.verdict.exclusion}: ${t.causes[verdict.cause]}`);
  if (verdict.kind !== 'pending') reasons.push(`${t.verdict.contact}: ${t.contacts[verdict.contact]}`);

  const title = service ? `${t.report.title} – STARFACE ${service}` : t.report.title;
  const who = r.company.trim() || [r.firstName, r.lastName].join(' ').trim();
  const subjectParts = [t.report.subjectPrefix, service && `STARFACE ${service}`, r.service === 'cloud' ? cleanCloudName(r.cloudName) : '', who];
  return {
    language,
    title,
    subject: subjectParts.filter((p) => p && p.trim()).join(' – '),
    verdict: { kind: verdict.kind, headline: verdict.headline[language], reasons, nextSteps },
    notHotlineWarning:
      verdict.kind === 'report'
        ? null
        : verdict.kind === 'pending'
          ? t.report.pendingWarning
          : verdict.kind === 'partner-only'
            ? t.report.partnerOnlyWarning
            : t.report.notHotlineWarning,
    sections: [
      {
        heading: t.report.reporter,
        rows: [
          { label: f.company, value: r.company },
          { label: `${f.firstName} ${f.lastName}`, value: [r.firstName, r.lastName].join(' ').trim() },
          { label: f.email, value: r.email.trim() },
          { label: f.phone, value: r.phone.trim() },
          { label: f.role, value: r.role ? t.roles[r.role] : '' },
        ],
      },
      { heading: t.report.fault, rows: faultRows },
    ],
    description: { heading: f.description, text: r.description },
    checklist: { heading: t.report.checklist, scenario: scenario ? scenario.title[language] : '', steps },
    diagnostics: buildDiagnostics(c, language),
    reportAttachments: buildReportAttachments(c, language),
    meta: {
      caseId: c.id,
      createdAt: formatDateTime(c.createdAt, language),
      updatedAt: formatDateTime(c.updatedAt, language),
      generatedAt: formatDateTime(meta.generatedAt, language),
      appName: meta.appName,
      appVersion: meta.appVersion,
      checklistVersion: c.checklistVersion ?? CHECKLIST_VERSION,
      labels: t.report.meta,
    },
    hotline: {
      heading: t.report.hotlineHeading,
      lines: [
        ...HOTLINE_NUMBERS.map((n) => `${t.hotline[n.country.toLowerCase() as 'de' | 'at' | 'ch']}: ${n.display}`),
        `${t.report.statusPage}: ${STATUS_PAGE_URL}`,
      ],
    },
  };
}
