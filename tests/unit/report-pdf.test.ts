import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildReportPdf, type ReportAttachmentType } from '../../electron/engine/report/pdf.js';
import { reportDocDefinition } from '../../electron/engine/report/pdf-layout.js';
import { reportFileName } from '../../electron/engine/report/file-names.js';
import { CaseSchema, newCase } from '../../shared/model/case.js';
import type { ReportModelType } from '../../shared/report/report-model-type.js';
import { reportFixedLabels } from '../../shared/report/report-text.js';
import { notHotlineReportFixture, reportModelFixture } from './fixtures/report-model.js';

let dir: string;
let counter = 0;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writePdf(model: ReportModelType, attachments: ReportAttachmentType[] = []): Promise<string> {
  const file = join(dir, `report-${++counter}.pdf`);
  writeFileSync(file, await buildReportPdf(model, attachments));
  return file;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const run = (tool: string, args: string[]): string => execFileSync(tool, args, { encoding: 'utf8' });

/**
 * pdftotext in -raw mode keeps pdfmake's drawing order (cell by cell), but table columns wrap lines
 * at different places; comparing with all whitespace removed makes the check independent of where a
 * line broke while still requiring every character in order.
 */
const squash = (text: string): string => text.replace(/\s+/g, '');
const pdfText = (file: string): string => squash(run('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-']));

/** A stored case as the case store would embed it: answers, evidence, umlauts in the fields. */
function caseJson(): string {
  const c = newCase('c-2026-11-27-a1b2c3d4', new Date('2026-11-27T13:05:00.000Z'));
  const stored = CaseSchema.parse({
    ...c,
    title: 'Müller Straßenbau – Büro Karlsruhe',
    area: 'cloud',
    role: 'partner',
    scenarioId: 'cloud-phones-unregistered',
    checklistVersion: '2026.1',
    answers: {
      'pbx-log-unreachable': {
        value: 'yes',
        note: 'Peer 2456.WinClient seit 09:14 Uhr wiederholt UNREACHABLE.',
        answeredAt: '2026-11-27T13:12:00.000Z',
        evidence: {
          kind: 'pbx-log',
          measuredAt: '2026-11-27T13:11:40.000Z',
          summary: { de: '14× UNREACHABLE', en: '14× UNREACHABLE' },
          details: { peers: ['2456.WinClient', '1234.SFiphone'], unreachable: 14, lagged: 3 },
        },
      },
    },
    report: { company: 'Müller Straßenbau GmbH', firstName: 'Jürgen', lastName: 'Weiß', service: 'cloud' },
  });
  return JSON.stringify(stored, null, 2);
}

describe('buildReportPdf text content', () => {
  it('prints the title, verdict, every field, the description, every checklist step and the hotline block', async () => {
    const model = reportModelFixture();
    const text = pdfText(await writePdf(model));

    const expected = [
      model.title,
      model.meta.appName,
      model.verdict.label,
      model.verdict.headline,
      model.address.to,
      model.address.salutation,
      model.address.request,
      ...model.sections.flatMap((s) => [s.heading, ...s.rows.map((r) => r.label), ...s.rows.filter((r) => r.value).map((r) => r.value)]),
      model.description.heading,
      model.description.text,
      model.checklist.heading,
      model.checklist.scenario,
      ...model.checklist.steps.flatMap((s) => [s.question, s.answer, s.answeredAt, ...(s.note ? [s.note] : []), ...(s.evidence ? [s.evidence] : [])]),
      ...Object.values(reportFixedLabels('de').columns).filter((c) => c !== 'Nr.'),
      model.hotline?.heading ?? 'missing',
      ...(model.hotline?.lines ?? ['missing']),
      model.meta.caseId,
      model.meta.createdAt,
      model.meta.checklistVersion,
    ];
    for (const needle of expected) expect(text, needle).toContain(squash(needle));
  });

  it('prints umlauts and ß as themselves, with Roboto embedded', async () => {
    const file = await writePdf(reportModelFixture());
    const raw = run('pdftotext', ['-enc', 'UTF-8', file, '-']);
    expect(raw).toContain('Müller Straßenbau GmbH');
    expect(raw).toContain('Jürgen Weiß');
    const fonts = run('pdffonts', [file]).split('\n').filter((line) => line.includes('Roboto'));
    expect(fonts.length).toBeGreaterThan(0);
    // columns: name type encoding emb sub uni — every Roboto face embedded with a Unicode map
    for (const line of fonts) expect(line).toMatch(/Identity-H\s+yes\s+yes\s+yes/);
  });

  it('shows an empty value as "—" right beside its label', async () => {
    const text = pdfText(await writePdf(reportModelFixture()));
    expect(text).toContain(squash('Serverlizenz der Anlage —'));
    expect(text).toContain(squash('DSL-Bestellnummer —'));
    // a step without note and evidence prints its answer and time, and nothing empty under it
    expect(text).toContain(squash('Antwort: Nicht geprüft Beantwortet: 27.11.2026, 14:25'));
  });

  it('prints the against-the-verdict confirmation only when the model carries one', async () => {
    const withWarning = notHotlineReportFixture();
    const warned = pdfText(await writePdf(withWarning));
    expect(warned).toContain(squash(withWarning.againstVerdict ?? 'missing'));
    expect(warned).toContain(squash(withWarning.verdict.headline));

    const plain = pdfText(await writePdf(reportModelFixture()));
    expect(plain).not.toContain(squash('Auf ausdrücklichen Wunsch'));
  });

  it('puts page x/y, case id, generated-at and app version in the footer of every page', async () => {
    const model = reportModelFixture();
    const file = await writePdf(model);
    const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    for (let page = 1; page <= pages; page++) {
      const text = squash(run('pdftotext', ['-raw', '-f', String(page), '-l', String(page), file, '-']));
      expect(text).toContain(squash(`Seite ${page}/${pages}`));
      expect(text).toContain(squash(`Fall-ID: ${model.meta.caseId}`));
      expect(text).toContain(squash(`Erstellt: ${model.meta.generatedAt}`));
      expect(text).toContain(squash(`${model.meta.appName} ${model.meta.appVersion}`));
    }
  });

  it('sets title, subject, author and creator in the document info', async () => {
    const model = reportModelFixture();
    const info = run('pdfinfo', ['-enc', 'UTF-8', await writePdf(model)]);
    expect(info).toMatch(new RegExp(`^Title:\\s+${escapeRegExp(model.title)}$`, 'm'));
    expect(info).toMatch(new RegExp(`^Subject:\\s+${escapeRegExp(model.subject)}$`, 'm'));
    expect(info).toMatch(/^Author:\s+STARFACE Triage$/m);
    expect(info).toMatch(/^Creator:\s+STARFACE Triage 0\.1\.0$/m);
    expect(info).toMatch(/^Page size:.*\(A4\)$/m);
  });

  it('uses English column heads for an English report', async () => {
    const text = pdfText(await writePdf(reportModelFixture({ language: 'en' })));
    for (const head of Object.values(reportFixedLabels('en').columns).filter((c) => c !== 'No.')) expect(text).toContain(squash(head));
    expect(text).not.toContain(squash('Beantwortet'));
  });
});

describe('buildReportPdf attachments', () => {
  it('embeds the case JSON and a binary trace so pdfdetach lists them and saves the exact bytes', async () => {
    const json = caseJson();
    const trace = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));
    const file = await writePdf(reportModelFixture(), [
      { fileName: 'case.json', content: json, mimeType: 'application/json', description: 'Fall als JSON' },
      { fileName: 'Mitschnitt.pcapng', content: trace, mimeType: 'application/octet-stream', description: 'SIP-Mitschnitt' },
    ]);

    const list = run('pdfdetach', ['-list', '-enc', 'UTF-8', file]);
    expect(list).toMatch(/^2 embedded files$/m);
    const index = (name: string): string => {
      const found = new RegExp(`^(\\d+): ${escapeRegExp(name)}$`, 'm').exec(list)?.[1];
      if (found === undefined) throw new Error(`${name} not listed in:\n${list}`);
      return found;
    };

    const savedJson = join(dir, 'saved-case.json');
    run('pdfdetach', ['-save', index('case.json'), '-o', savedJson, file]);
    expect(JSON.parse(readFileSync(savedJson, 'utf8'))).toEqual(JSON.parse(json));
    expect(CaseSchema.parse(JSON.parse(readFileSync(savedJson, 'utf8'))).report.lastName).toBe('Weiß');

    const savedTrace = join(dir, 'saved-trace.pcapng');
    run('pdfdetach', ['-save', index('Mitschnitt.pcapng'), '-o', savedTrace, file]);
    expect(readFileSync(savedTrace).equals(trace)).toBe(true);
  });

  it('keeps both files when two attachments share a name, and strips directories from names', async () => {
    const file = await writePdf(reportModelFixture(), [
      { fileName: 'pbx.log', content: 'first', mimeType: 'text/plain', description: '' },
      { fileName: 'pbx.log', content: 'second', mimeType: 'text/plain', description: '' },
      { fileName: '../../etc/passwd', content: 'third', mimeType: 'text/plain', description: '' },
    ]);
    const list = run('pdfdetach', ['-list', file]);
    expect(list).toMatch(/^3 embedded files$/m);
    expect(list).toMatch(/^\d+: pbx\.log$/m);
    expect(list).toMatch(/^\d+: pbx-2\.log$/m);
    expect(list).toMatch(/^\d+: passwd$/m);

    const out = join(dir, 'saveall');
    run('mkdir', ['-p', out]);
    run('pdfdetach', ['-saveall', '-o', out, file]);
    expect(readFileSync(join(out, 'pbx.log'), 'utf8')).toBe('first');
    expect(readFileSync(join(out, 'pbx-2.log'), 'utf8')).toBe('second');
  });

  it('treats string content as text, never as a path to read', async () => {
    const file = await writePdf(reportModelFixture(), [
      { fileName: 'note.txt', content: '/etc/hostname', mimeType: 'text/plain', description: '' },
    ]);
    const saved = join(dir, 'note.txt');
    run('pdfdetach', ['-save', '1', '-o', saved, file]);
    expect(readFileSync(saved, 'utf8')).toBe('/etc/hostname');
  });
});

describe('buildReportPdf with hostile input', () => {
  it('survives huge and garbled text and still prints what follows it', async () => {
    const control = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\u007f\u0085\u009b';
    const model = reportModelFixture({
      title: `Störung ${control} Titel`,
      description: { heading: 'Beschreibung der Störung', text: `${'Rauschen '.repeat(560)}${control}\uD800 ${'x'.repeat(3000)} ENDE-DER-BESCHREIBUNG` },
    });
    const steps = model.checklist.steps.map((s, i) => (i === 0 ? { ...s, note: `${'Notiz mit Überlänge. '.repeat(500)}ENDE-DER-NOTIZ` } : s));
    const hostile = { ...model, checklist: { ...model.checklist, steps } };

    const file = await writePdf(hostile);
    const text = pdfText(file);
    expect(text).toContain('ENDE-DER-BESCHREIBUNG');
    expect(text).toContain('ENDE-DER-NOTIZ');
    expect(text).toContain(squash(model.hotline?.lines[0] ?? 'missing'));
    expect(Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [file]))?.[1])).toBeGreaterThan(2);
  });

  it('breaks an endless token inside its table cell instead of running off the page', async () => {
    const base = reportModelFixture();
    const token = 'A'.repeat(400);
    const sections = [{ heading: 'Melder', rows: [{ label: 'Firma', value: token }] }];
    const steps = base.checklist.steps.map((s) => ({ ...s, note: 'N'.repeat(400), evidence: 'E'.repeat(400) }));
    const file = await writePdf({ ...base, sections, verdict: { ...base.verdict, headline: 'H'.repeat(400) }, checklist: { ...base.checklist, steps } });
    const rightEdges = [...run('pdftotext', ['-bbox', file, '-']).matchAll(/xMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(rightEdges.length).toBeGreaterThan(50);
    // A4 is 595.28 pt wide with 40 pt margins; a word ending past the right margin ran off the layout.
    expect(Math.max(...rightEdges)).toBeLessThanOrEqual(595.28 - 40 + 1);
    expect(pdfText(file)).toContain(token);
  });
});

describe('reportDocDefinition verdict box', () => {
  it('gives each verdict kind its own colour and symbol beside the headline text', () => {
    const kinds = ['report', 'not-hotline', 'partner-only', 'pending'] as const;
    const boxes = kinds.map((kind) => {
      const base = reportModelFixture();
      const def = reportDocDefinition({ ...base, verdict: { ...base.verdict, kind, headline: `Urteil ${kind}` } });
      const serialized = JSON.stringify(def.content);
      const cell = /"text":"(.)","style":"symbol","fillColor":"(#[0-9a-f]{6})"/.exec(serialized);
      expect(serialized).toContain(`Urteil ${kind}`);
      return { symbol: cell?.[1], colour: cell?.[2] };
    });
    expect(new Set(boxes.map((b) => b.colour)).size).toBe(kinds.length);
    expect(new Set(boxes.map((b) => b.symbol)).size).toBe(kinds.length);
    expect(boxes.every((b) => b.symbol !== undefined && b.colour !== undefined)).toBe(true);
  });
});

describe('reportFileName', () => {
  const at = new Date(2026, 10, 27, 14, 30, 59);
  it('names German reports by form, identifier, customer, symptom and local time', () => {
    expect(reportFileName(reportModelFixture(), 'pdf', at)).toBe(
      'Stoerungsmeldung-mueller-strassenbau.starface-cloud.com-Mueller-Strassenbau-GmbH-Karlsruhe-Telefone-sind-nicht-mehr-angemeldet-und-2026-11-27-1430.pdf',
    );
    expect(reportFileName(reportModelFixture({ identifier: '', customer: '', symptom: '' }), 'eml', new Date(2026, 0, 5, 9, 7))).toBe('Stoerungsmeldung-2026-01-05-0907.eml');
  });
  it('names English reports Fault-report, other contacts by their form, and uses only safe characters', () => {
    const name = reportFileName(reportModelFixture({ language: 'en', customer: 'Ærø & Søn / Zürich', symptom: '' }), 'pdf', at);
    expect(name).toBe('Fault-report-mueller-strassenbau.starface-cloud.com-Aero-Son-Zuerich-2026-11-27-1430.pdf');
    expect(name).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(reportFileName(reportModelFixture({ form: 'provider', identifier: '', symptom: '' }), 'pdf', at)).toBe('Meldung-Provider-Mueller-Strassenbau-GmbH-Karlsruhe-2026-11-27-1430.pdf');
  });
  it('refuses an invalid date instead of printing NaN', () => {
    expect(() => reportFileName(reportModelFixture(), 'pdf', new Date(Number.NaN))).toThrow(RangeError);
  });
});

