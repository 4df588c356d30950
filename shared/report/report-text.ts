import type { ReportModelType } from './report-model-type.js';
import { messages } from '../i18n/messages.js';

/** Shown wherever a field was left empty, so a blank reads as "not given", not as a layout gap. */
export const EMPTY_VALUE = '—';

/** Labels the PDF and the text renderer need that `ReportModelType` does not carry (column heads, sub-headings). */
export interface ReportFixedLabelsType {
  asks: string;
  nextSteps: string;
  columns: { number: string; question: string; answer: string; note: string; evidence: string; answeredAt: string };
}

/** Headings the PDF and the text print besides the model's own; worded in messages.ts like all UI text. */
export function reportFixedLabels(language: ReportModelType['language']): ReportFixedLabelsType {
  const t = messages(language);
  return {
    asks: t.reportExtra.asks,
    nextSteps: t.verdict.nextSteps,
    columns: {
      number: t.report.numberCol,
      question: t.report.question,
      answer: t.report.answer,
      note: t.report.noteCol,
      evidence: t.report.evidenceCol,
      answeredAt: t.report.answeredAt,
    },
  };
}

/**
 * Makes untrusted text (notes, imported names, pasted log lines) safe to print: drops C0/C1 control
 * characters that fonts have no glyph for and that could smuggle terminal or header escapes into the
 * e-mail body, turns tabs into spaces and CR/CRLF into LF, and replaces lone UTF-16 surrogates
 * (left by truncation) with U+FFFD, which would otherwise break UTF-8 encoding.
 */
export function cleanText(value: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/** A value as printed: cleaned, trimmed, and "—" when nothing is left. */
export function displayValue(value: string): string {
  const cleaned = cleanText(value).trim();
  return cleaned === '' ? EMPTY_VALUE : cleaned;
}

function heading(text: string, underline: string): string[] {
  const clean = cleanText(text).trim();
  return [clean, underline.repeat(Math.max(3, Array.from(clean).length))];
}

/** Indents continuation lines of a multi-line value so it stays visibly part of its field. */
function indentRest(text: string, indent: string): string {
  return text.split('\n').join(`\n${indent}`);
}

/**
 * The report as plain text: the e-mail body, "Text kopieren" and the fallback `mailto:` body.
 * Pure (no Node, no DOM) so the renderer can show exactly what the e-mail will say.
 */
export function renderReportText(model: ReportModelType): string {
  const labels = reportFixedLabels(model.language);
  const out: string[] = [];

  out.push(...heading(model.title, '='), '');
  for (const warning of [model.againstVerdict, model.notHotlineWarning]) {
    if (warning !== null && warning.trim() !== '') out.push(`!! ${indentRest(displayValue(warning), '   ')}`, '');
  }

  const a = model.address;
  if (a.to.trim() !== '') out.push(displayValue(a.to), '');
  if (a.salutation.trim() !== '') out.push(displayValue(a.salutation), '');
  if (a.request.trim() !== '') out.push(displayValue(a.request), '');
  if (a.asks.length > 0) {
    out.push(`${labels.asks}:`);
    a.asks.forEach((ask, i) => out.push(`${i + 1}. ${indentRest(displayValue(ask), '   ')}`));
    out.push('');
  }

  // The receiver's order: who reports, for whom and what; the description; the verdict; the evidence.
  for (const section of model.sections) {
    out.push(...heading(section.heading, '-'));
    for (const row of section.rows) {
      out.push(`${displayValue(row.label)}: ${indentRest(displayValue(row.value), '  ')}`);
    }
    out.push('');
  }

  out.push(...heading(model.description.heading, '-'), displayValue(model.description.text), '');

  out.push(`${displayValue(model.verdict.label)}: ${displayValue(model.verdict.headline)}`);
  if (model.verdict.nextSteps.length > 0) {
    out.push('', `${labels.nextSteps}:`);
    model.verdict.nextSteps.forEach((step, i) => out.push(`${i + 1}. ${indentRest(displayValue(step), '   ')}`));
  }
  out.push('');

  out.push(...heading(model.checklist.heading, '-'));
  if (model.checklist.scenario.trim() !== '') out.push(displayValue(model.checklist.scenario), '');
  const c = labels.columns;
  for (const step of model.checklist.steps) {
    out.push(`${step.number}. ${indentRest(displayValue(step.question), '   ')}`);
    out.push(`   ${c.answer}: ${displayValue(step.answer)}`);
    if (step.note.trim() !== '') out.push(`   ${c.note}: ${indentRest(displayValue(step.note), '     ')}`);
    if (step.evidence.trim() !== '') out.push(`   ${c.evidence}: ${indentRest(displayValue(step.evidence), '     ')}`);
    out.push(`   ${c.answeredAt}: ${displayValue(step.answeredAt)}`);
  }
  out.push('');

  if (model.diagnostics.items.length > 0) {
    out.push(...heading(model.diagnostics.heading, '-'));
    for (const item of model.diagnostics.items) {
      out.push(displayValue(item.title), `  ${displayValue(item.meta)}`);
      for (const line of item.lines) out.push(`  ${indentRest(displayValue(line), '  ')}`);
      if (item.table !== null) {
        out.push(`  ${item.table.head.map(displayValue).join(' | ')}`);
        for (const row of item.table.rows) out.push(`  ${row.map(displayValue).join(' | ')}`);
      }
      out.push('');
    }
  }

  if (model.reportAttachments !== undefined && model.reportAttachments.items.length > 0) {
    out.push(...heading(model.reportAttachments.heading, '-'));
    for (const item of model.reportAttachments.items) {
      out.push(displayValue(item.fileName));
      for (const line of item.lines) out.push(`  ${indentRest(displayValue(line), '  ')}`);
    }
    out.push('');
  }

  if (model.hotline !== null) {
    out.push(...heading(model.hotline.heading, '-'));
    for (const line of model.hotline.lines) out.push(displayValue(line));
    out.push('');
  }

  const m = model.meta;
  out.push(
    '--',
    `${m.labels.caseId}: ${displayValue(m.caseId)}`,
    `${m.labels.createdAt}: ${displayValue(m.createdAt)}`,
    `${m.labels.updatedAt}: ${displayValue(m.updatedAt)}`,
    `${m.labels.generatedAt}: ${displayValue(m.generatedAt)}`,
    `${m.labels.checklistVersion}: ${displayValue(m.checklistVersion)}`,
    `${m.labels.appVersion}: ${displayValue(`${m.appName} ${m.appVersion}`)}`,
  );
  return out.join('\n') + '\n';
}
