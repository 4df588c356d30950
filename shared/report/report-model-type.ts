/**
 * Everything a rendered report shows, already translated into one language. The PDF (engine),
 * the e-mail body, the copy-as-text output and the live preview all render this one model, so
 * they cannot disagree.
 */
export interface ReportModelType {
  language: 'de' | 'en';
  /** e.g. "Störungsmeldung – STARFACE Cloud" */
  title: string;
  /** e-mail subject line */
  subject: string;
  /** Verdict headline and its colour class. */
  verdict: {
    kind: 'report' | 'not-hotline' | 'partner-only' | 'pending';
    headline: string;
    reasons: string[];
    nextSteps: string[];
  };
  /** Shown prominently when the verdict is not "report to the hotline". */
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
  hotline: { heading: string; lines: string[] };
  /** Traces and log excerpts attached for the report (issue 8 §3): name, size, what they show, what was redacted. */
  reportAttachments?: { heading: string; items: Array<{ fileName: string; lines: string[] }> };
}
