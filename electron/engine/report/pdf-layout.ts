import type { ReportModelType } from '../../../shared/report/report-model-type.js';
import { cleanText, displayValue, reportFixedLabels } from '../../../shared/report/report-text.js';

/**
 * pdfmake 0.3 ships no TypeScript types (@types/pdfmake describes 0.2 and is not installed). A doc
 * definition is plain data plus a few callbacks, so a loose node type is all the layout needs.
 */
export type PdfNodeType = string | PdfNodeType[] | { [key: string]: unknown };

export interface PdfDocDefinitionType {
  pageSize: 'A4';
  pageMargins: [number, number, number, number];
  language: string;
  info: { title: string; subject: string; author: string; creator: string; keywords: string };
  defaultStyle: Record<string, unknown>;
  styles: Record<string, Record<string, unknown>>;
  header: (currentPage: number, pageCount: number) => PdfNodeType | null;
  footer: (currentPage: number, pageCount: number) => PdfNodeType;
  content: PdfNodeType[];
}

/** One neutral palette and one accent (UX.md "Look"); verdict colours carry meaning, never alone. */
const INK = '#1f2933';
const MUTED = '#5f6b7a';
const RULE = '#d5dae1';
const ACCENT = '#1d4e89';
const SHADE = '#f3f5f8';

/**
 * A4 width minus 40 pt margins. Tables get fixed column widths that add up to this (content plus
 * cell padding): with '*' columns pdfmake widens a column to its longest unbreakable word, so a
 * pasted 400-character token would run off the page; a fixed width makes it break the word instead.
 */
const CONTENT_WIDTH = 515;
const BOX_SYMBOL_WIDTH = 22;

/**
 * Verdict colours: red = a STARFACE fault for the hotline, amber = not a hotline case, blue = only a
 * partner may report it, grey = checks still open. Each also has its own symbol and the headline
 * text, so the meaning survives black-and-white printing and colour blindness.
 */
const VERDICT_STYLE: Record<ReportModelType['verdict']['kind'], { strong: string; light: string; symbol: string }> = {
  report: { strong: '#b42318', light: '#fef3f2', symbol: '!' },
  'not-hotline': { strong: '#b54708', light: '#fffaeb', symbol: '×' },
  'partner-only': { strong: '#175cd3', light: '#eff8ff', symbol: 'i' },
  pending: { strong: '#475467', light: '#f2f4f7', symbol: '?' },
};

const ROW_PAD_FIRST = 2;
const ROW_PAD_LEFT = 6;
const ROW_PAD_RIGHT = 4;
const BOX_PAD = 10;

/** Column widths for a rowRules table: the given fixed columns, the rest shared by the `null`s. */
function fitWidths(widths: Array<number | null>): number[] {
  const padding = ROW_PAD_FIRST + ROW_PAD_RIGHT + (widths.length - 1) * (ROW_PAD_LEFT + ROW_PAD_RIGHT);
  const fixed = widths.reduce<number>((sum, w) => sum + (w ?? 0), 0);
  const flexible = widths.filter((w) => w === null).length;
  const share = Math.floor(((CONTENT_WIDTH - padding - fixed) / Math.max(1, flexible)) * 10) / 10;
  return widths.map((w) => w ?? share);
}

/** Thin horizontal rules only: calmer than a full grid and still readable when printed. */
function rowRules(firstRuleDark = false): Record<string, unknown> {
  return {
    hLineWidth: (i: number, node: { table: { body: unknown[] } }) => (i === 0 || i === node.table.body.length ? 0 : 0.5),
    hLineColor: (i: number) => (i === 1 && firstRuleDark ? MUTED : RULE),
    vLineWidth: () => 0,
    paddingLeft: (i: number) => (i === 0 ? ROW_PAD_FIRST : ROW_PAD_LEFT),
    paddingRight: () => ROW_PAD_RIGHT,
    paddingTop: () => 3.5,
    paddingBottom: () => 3.5,
  };
}

function boxLayout(): Record<string, unknown> {
  return {
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    paddingLeft: () => BOX_PAD,
    paddingRight: () => BOX_PAD,
    paddingTop: () => 8,
    paddingBottom: () => 8,
  };
}

function headerBlock(model: ReportModelType): PdfNodeType[] {
  const m = model.meta;
  const metaCell = (label: string, value: string): PdfNodeType => ({
    stack: [{ text: label, style: 'metaLabel' }, { text: displayValue(value), style: 'metaValue' }],
  });
  return [
    {
      columns: [
        { text: displayValue(model.title), style: 'title', width: CONTENT_WIDTH - 120 },
        { text: displayValue(m.appName), style: 'appName', width: '*', alignment: 'right', margin: [12, 5, 0, 0] },
      ],
    },
    { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 1.5, lineColor: ACCENT }], margin: [0, 6, 0, 8] },
    {
      columns: [
        metaCell(m.labels.caseId, m.caseId),
        metaCell(m.labels.createdAt, m.createdAt),
        metaCell(m.labels.updatedAt, m.updatedAt),
        metaCell(m.labels.checklistVersion, m.checklistVersion),
      ],
      columnGap: 10,
      margin: [0, 0, 0, 14],
    },
  ];
}

function warningBlock(warning: string | null): PdfNodeType[] {
  // Both the not-hotline confirmation and the pending/partner-only notes use this box.
  if (warning === null || warning.trim() === '') return [];
  const strong = VERDICT_STYLE['not-hotline'].strong;
  return [
    {
      table: {
        widths: [BOX_SYMBOL_WIDTH, CONTENT_WIDTH - BOX_SYMBOL_WIDTH - 2 * (8 + BOX_PAD) - 3 * 1.2],
        body: [[
          { text: '!', style: 'symbol', fillColor: strong },
          { text: displayValue(warning), style: 'warning', fillColor: '#fffaeb' },
        ]],
      },
      layout: { ...boxLayout(), paddingLeft: () => 8, hLineWidth: () => 1.2, vLineWidth: () => 1.2, hLineColor: () => strong, vLineColor: () => strong },
      margin: [0, 0, 0, 10],
      unbreakable: true,
    },
  ];
}

/** The verdict in one line (issue 9 §4): the receiver reads the facts first, then this, then the evidence. */
function verdictBlock(model: ReportModelType): PdfNodeType[] {
  const v = model.verdict;
  const style = VERDICT_STYLE[v.kind];
  const labels = reportFixedLabels(model.language);
  const body: PdfNodeType[] = [
    { text: [{ text: `${displayValue(v.label)}: `, style: 'verdictLabel' }, { text: displayValue(v.headline), color: style.strong, bold: true }], style: 'verdictHeadline' },
  ];
  if (v.nextSteps.length > 0) {
    body.push({ text: labels.nextSteps, style: 'verdictLabel' }, { ol: v.nextSteps.map(displayValue), style: 'verdictList' });
  }
  return [
    {
      table: {
        widths: [BOX_SYMBOL_WIDTH, CONTENT_WIDTH - BOX_SYMBOL_WIDTH - (4 + BOX_PAD) - (12 + BOX_PAD)],
        body: [[{ text: style.symbol, style: 'symbol', fillColor: style.strong }, { stack: body, fillColor: style.light }]],
      },
      layout: { ...boxLayout(), paddingLeft: (i: number) => (i === 0 ? 4 : 12) },
      margin: [0, 14, 0, 4],
      unbreakable: true,
    },
  ];
}

/** "An: …", the salutation, what is asked of the receiver. */
function addressBlock(model: ReportModelType): PdfNodeType[] {
  const a = model.address;
  const out: PdfNodeType[] = [];
  if (a.to.trim() !== '') out.push({ text: displayValue(a.to), style: 'addressTo' });
  if (a.salutation.trim() !== '') out.push({ text: displayValue(a.salutation), style: 'body', margin: [0, 0, 0, 4] });
  if (a.request.trim() !== '') out.push({ text: displayValue(a.request), style: 'body' });
  if (a.asks.length > 0) {
    out.push({ text: reportFixedLabels(model.language).asks, style: 'verdictLabel' }, { ol: a.asks.map(displayValue), style: 'verdictList' });
  }
  return out;
}

function sectionBlock(section: ReportModelType['sections'][number]): PdfNodeType[] {
  const rows = section.rows.map((row) => [
    { text: displayValue(row.label), style: 'fieldLabel' },
    { text: displayValue(row.value), style: 'fieldValue' },
  ]);
  return [
    { text: displayValue(section.heading), style: 'h2' },
    rows.length === 0
      ? { text: '—', style: 'fieldValue' }
      : { table: { widths: fitWidths([170, null]), body: rows }, layout: rowRules() },
  ];
}

function descriptionBlock(model: ReportModelType): PdfNodeType[] {
  return [
    { text: displayValue(model.description.heading), style: 'h2' },
    { text: displayValue(model.description.text), style: 'body' },
  ];
}

/**
 * pdfmake lays out an unbreakable block on one page and drops whatever of it does not fit there, so
 * only a step that surely fits on a page is kept whole; a longer one (a note of several thousand
 * characters) keeps its head (number, question, answer, time) whole and lets the note flow on.
 * Estimated generously: Roboto averages under 0.5 em per character at these sizes.
 */
const PAGE_CONTENT_HEIGHT = 842 - 48 - 48;
const STEP_TEXT_WIDTH = CONTENT_WIDTH - 22;

function estimatedHeight(text: string, fontSize: number): number {
  const perLine = Math.max(1, Math.floor(STEP_TEXT_WIDTH / (fontSize * 0.5)));
  const lines = text.split('\n').reduce((sum, line) => sum + Math.max(1, Math.ceil(Array.from(line).length / perLine)), 0);
  return lines * fontSize * 1.4;
}

/** One check-path step as a block: question, then the answer with its time, the note and the evidence under it. */
function stepBlock(step: ReportModelType['checklist']['steps'][number], labels: ReturnType<typeof reportFixedLabels>): PdfNodeType {
  const c = labels.columns;
  const head: PdfNodeType = {
    columns: [
      { text: `${step.number}.`, width: 18, style: 'cellStrong', alignment: 'right' },
      {
        width: '*',
        stack: [
          { text: displayValue(step.question), style: 'cell' },
          { text: [{ text: `${c.answer}: `, style: 'cellMuted' }, { text: displayValue(step.answer), style: 'cellStrong' }, { text: `   ${c.answeredAt}: ${displayValue(step.answeredAt)}`, style: 'cellMuted' }] },
        ],
      },
    ],
    columnGap: 4,
    unbreakable: true,
  };
  const details: PdfNodeType[] = [];
  if (step.evidence.trim() !== '') details.push({ text: [{ text: `${c.evidence}: `, style: 'cellMuted' }, displayValue(step.evidence)], style: 'cell', margin: [22, 1, 0, 0] });
  if (step.note.trim() !== '') details.push({ text: [{ text: `${c.note}: `, style: 'cellMuted' }, displayValue(step.note)], style: 'cell', margin: [22, 1, 0, 0] });
  const height = 40 + estimatedHeight(step.question, 8.5) + estimatedHeight(step.note, 8.5) + estimatedHeight(step.evidence, 8.5);
  return {
    stack: [head, ...details, { canvas: [{ type: 'line', x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.5, lineColor: RULE }], margin: [0, 4, 0, 0] }],
    margin: [0, 4, 0, 0],
    ...(height < PAGE_CONTENT_HEIGHT * 0.9 ? { unbreakable: true } : {}),
  };
}

function checklistBlock(model: ReportModelType): PdfNodeType[] {
  const labels = reportFixedLabels(model.language);
  const scenario = cleanText(model.checklist.scenario).trim();
  return [
    { text: displayValue(model.checklist.heading), style: 'h2' },
    ...(scenario === '' ? [] : [{ text: scenario, style: 'scenario' }]),
    ...(model.checklist.steps.length === 0 ? [{ text: '—', style: 'fieldValue' }] : model.checklist.steps.map((step) => stepBlock(step, labels))),
  ];
}

/** The measurements: what was contacted, when and from where, a sentence per finding, the figures. */
function diagnosticsBlock(model: ReportModelType): PdfNodeType[] {
  if (model.diagnostics.items.length === 0) return [];
  return [
    { text: displayValue(model.diagnostics.heading), style: 'h2' },
    ...model.diagnostics.items.flatMap((item): PdfNodeType[] => [
      { text: displayValue(item.title), style: 'cellStrong', margin: [0, 6, 0, 1] },
      { text: displayValue(item.meta), style: 'cellMuted' },
      ...item.lines.map((line): PdfNodeType => ({ text: displayValue(line), style: 'cell' })),
      ...(item.table === null
        ? []
        : [
            {
              table: {
                headerRows: 1,
                widths: item.table.head.map(() => '*'),
                body: [item.table.head.map((text) => ({ text: displayValue(text), style: 'tableHead' })), ...item.table.rows.map((row) => row.map((text) => ({ text: displayValue(text), style: 'cell' })))],
              },
              layout: rowRules(true),
              margin: [0, 3, 0, 0],
            } as PdfNodeType,
          ]),
    ]),
  ];
}

/** Traces and log excerpts attached for the report (issue 8 §3): name, size, what they show, what was redacted. */
function reportAttachmentsBlock(model: ReportModelType): PdfNodeType[] {
  const a = model.reportAttachments;
  if (a === undefined || a.items.length === 0) return [];
  return [
    { text: displayValue(a.heading), style: 'h2' },
    ...a.items.flatMap((item): PdfNodeType[] => [{ text: displayValue(item.fileName), style: 'cellStrong', margin: [0, 6, 0, 1] }, ...item.lines.map((line): PdfNodeType => ({ text: displayValue(line), style: 'cell' }))]),
  ];
}

function hotlineBlock(model: ReportModelType): PdfNodeType[] {
  if (model.hotline === null) return [];
  const lines = model.hotline.lines.map(displayValue);
  return [
    {
      table: {
        widths: [CONTENT_WIDTH - 2 * BOX_PAD],
        body: [[{ stack: [{ text: displayValue(model.hotline.heading), style: 'hotlineHeading' }, ...lines], fillColor: SHADE }]],
      },
      layout: boxLayout(),
      margin: [0, 18, 0, 0],
      unbreakable: true,
    },
  ];
}

/** The whole document: A4 portrait, a running header from page 2, a footer with page x/y. */
export function reportDocDefinition(model: ReportModelType): PdfDocDefinitionType {
  const m = model.meta;
  const title = displayValue(model.title);
  const footerLeft = [
    `${m.labels.caseId}: ${displayValue(m.caseId)}`,
    `${m.labels.generatedAt}: ${displayValue(m.generatedAt)}`,
    `${displayValue(m.appName)} ${displayValue(m.appVersion)}`,
  ].join('   ·   ');
  return {
    pageSize: 'A4',
    pageMargins: [40, 48, 40, 48],
    language: model.language,
    info: {
      title,
      subject: displayValue(model.subject),
      author: displayValue(m.appName),
      creator: `${displayValue(m.appName)} ${displayValue(m.appVersion)}`,
      keywords: displayValue(m.caseId),
    },
    defaultStyle: { font: 'Roboto', fontSize: 9.5, color: INK, lineHeight: 1.15 },
    styles: {
      title: { fontSize: 17, bold: true, color: INK },
      appName: { fontSize: 9, color: ACCENT, bold: true },
      metaLabel: { fontSize: 7, color: MUTED },
      metaValue: { fontSize: 8.5 },
      h2: { fontSize: 11.5, bold: true, color: ACCENT, margin: [0, 16, 0, 5] },
      body: { fontSize: 9.5, lineHeight: 1.25 },
      symbol: { fontSize: 15, bold: true, color: '#ffffff', alignment: 'center' },
      warning: { fontSize: 10, bold: true, color: '#7a2e0e' },
      verdictHeadline: { fontSize: 11, margin: [0, 0, 0, 2] },
      addressTo: { fontSize: 9, bold: true, color: MUTED, margin: [0, 0, 0, 6] },
      verdictLabel: { fontSize: 8, bold: true, color: MUTED, margin: [0, 6, 0, 2] },
      verdictList: { fontSize: 9.5 },
      fieldLabel: { fontSize: 9, color: MUTED },
      fieldValue: { fontSize: 9 },
      scenario: { fontSize: 9, italics: true, color: MUTED, margin: [0, 0, 0, 5] },
      tableHead: { fontSize: 7.5, bold: true, color: MUTED },
      cell: { fontSize: 8.5 },
      cellStrong: { fontSize: 8.5, bold: true },
      cellMuted: { fontSize: 8, color: MUTED },
      hotlineHeading: { fontSize: 10, bold: true, color: ACCENT, margin: [0, 0, 0, 3] },
    },
    header: (currentPage) =>
      currentPage === 1
        ? null
        : {
            columns: [
              { text: title, width: '*' },
              { text: displayValue(m.appName), width: 'auto', alignment: 'right' },
            ],
            fontSize: 7.5,
            color: MUTED,
            margin: [40, 22, 40, 0],
          },
    footer: (currentPage, pageCount) => ({
      columns: [
        { text: footerLeft, width: '*' },
        { text: `${m.labels.page} ${currentPage}/${pageCount}`, width: 'auto', alignment: 'right' },
      ],
      fontSize: 7.5,
      color: MUTED,
      margin: [40, 18, 40, 0],
    }),
    content: [
      ...headerBlock(model),
      ...warningBlock(model.againstVerdict),
      ...warningBlock(model.notHotlineWarning),
      ...addressBlock(model),
      ...model.sections.flatMap(sectionBlock),
      ...descriptionBlock(model),
      ...verdictBlock(model),
      ...checklistBlock(model),
      ...diagnosticsBlock(model),
      ...reportAttachmentsBlock(model),
      ...hotlineBlock(model),
    ],
  };
}
