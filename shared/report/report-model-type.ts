import type { ReportFormType } from './report-addressing.js';

/**
 * Everything a rendered report shows, already translated into one language. The PDF (engine),
 * the e-mail body, the copy-as-text output and the live preview all render this one model, so
 * they cannot disagree. The order is the receiver's (issue 9 §4): who reports, for which customer
 * and site, which service with its identifier, the description; then the verdict in one line; then
 * the evidence.
 */
export interface ReportModelType {
  language: 'de' | 'en';
  /** Who the report is for: the verdict's contact, or `hotline` when exported against the verdict. */
  form: ReportFormType;
  /** e.g. "Störungsmeldung – STARFACE Cloud", "Störungsmeldung an den Provider der Leitung" */
  title: string;
  /** e-mail subject line: form, service, identifier, customer, symptom */
  subject: string;
  /** The service's identifier (cloud name, server licence, DSL order number), for subject and file name. */
  identifier: string;
  /** The case's title (customer, site), else the reporter's company. */
  customer: string;
  /** The scenario's title, the guide's heading for the symptom. */
  symptom: string;
  /** "An: …", the salutation and what is asked of the receiver; empty for the own check record. */
  address: { to: string; salutation: string; request: string; asks: string[] };
  /** Set when a hotline report goes out against the verdict: what the verdict was, when and who confirmed. */
  againstVerdict: string | null;
  /** The verdict in one line, and its colour class. `nextSteps` only for the own check record. */
  verdict: {
    kind: 'report' | 'not-hotline' | 'partner-only' | 'pending';
    label: string;
    headline: string;
    nextSteps: string[];
  };
  /** Shown prominently when the checks are not complete or only the partner may report. */
  notHotlineWarning: string | null;
  /** Grouped label/value rows: "Melder", "Störung". Empty values are kept (rendered as "—"). */
  sections: Array<{ heading: string; rows: Array<{ label: string; value: string }> }>;
  description: { heading: string; text: string };
  /** The checklist path in order, with answers, notes and measurement evidence. */
  checklist: {
    heading: string;
    scenario: string;
    steps: Array<{ number: number; question: string; answer: string; note: string; evidence: string; answeredAt: string }>;
  };
  /** The measurements kept with the case, newest last: what, against what, from where, figures. */
  diagnostics: {
    heading: string;
    items: Array<{
      title: string;
      /** When, from which address/interface, how it ended. */
      meta: string;
      /** One sentence per finding, the summary first. */
      lines: string[];
      table: { head: string[]; rows: string[][] } | null;
    }>;
  };
  /** Labels for the footer and metadata. */
  meta: {
    caseId: string;
    createdAt: string;
    updatedAt: string;
    generatedAt: string;
    appName: string;
    appVersion: string;
    checklistVersion: string;
    labels: { caseId: string; createdAt: string; updatedAt: string; generatedAt: string; appVersion: string; checklistVersion: string; page: string };
  };
  /** The hotline's numbers and status page: only on reports for the hotline. */
  hotline: { heading: string; lines: string[] } | null;
  /** Traces and log excerpts attached for the report (issue 8 §3): name, size, what they show, what was redacted. */
  reportAttachments?: { heading: string; items: Array<{ fileName: string; lines: string[] }> };
}
