import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportPdf } from '../../electron/engine/report/pdf.js';
import { fileNamePart, reportFileName } from '../../electron/engine/report/file-names.js';
import { reportFixedLabels } from '../../shared/report/report-text.js';
import { SCENARIOS } from '../../shared/checklists/scenarios.js';
import type { ScenarioType } from '../../shared/checklists/types.js';
import { newCase, type AnswerValueType, type CaseType, type LanguageType } from '../../shared/model/case.js';
import { buildReportModel } from '../../shared/report/report-model.js';
import { evaluateTriage } from '../../shared/triage/evaluate.js';
import { answersOf, type WalkType } from './fixtures/triage-walk.js';

/**
 * Issue 9 §4 as the receiver meets it: for paths of every scenario with notes of every length, no
 * check-path step is split across pages (read back page by page with `pdftotext -layout`), and the
 * customer, the identifier and the symptom are in the subject, the file name and on the first page.
 */

let dir: string;
let previousTz: string | undefined;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'report-paths-'));
  previousTz = process.env.TZ;
  process.env.TZ = 'Europe/Berlin';
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (previousTz === undefined) delete process.env.TZ;
  else process.env.TZ = previousTz;
});

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Every walk to an end (verdict or decisive step left open) with yes/no answers. */
function walks(s: ScenarioType): WalkType[] {
  const done: WalkType[] = [];
  const stack: WalkType[] = [[]];
  while (stack.length > 0) {
    const walk = stack.pop() as WalkType;
    const t = evaluateTriage({ role: 'partner', area: s.area, scenarioId: s.id, answers: answersOf(walk) });
    if (t.current === null) {
      done.push(walk);
      continue;
    }
    for (const a of ['yes', 'no'] as AnswerValueType[]) stack.push([...walk, [t.current.id, a]]);
  }
  return done;
}

const WORDS = 'Telefon Anlage Leitung Firewall Umleitung Rufnummer geprüft zeigt nach Neustart weiterhin keine Änderung Kunden-Center Straße'.split(' ');

function note(next: () => number, n: number, length: number): string {
  if (length === 0) return '';
  const words: string[] = [];
  let size = 0;
  while (size < length) {
    const w = WORDS[Math.floor(next() * WORDS.length)] ?? 'x';
    words.push(next() < 0.03 ? `${w}\n` : w);
    size += w.length + 1;
  }
  return `S${n}BEGIN ${words.join(' ')} S${n}END`;
}

const squash = (text: string): string => text.replace(/\s+/g, '');
const pages = (file: string): string[] => {
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
  return Array.from({ length: count }, (_, i) => squash(execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' })));
};
const pagesWith = (all: string[], needle: string): number[] => all.flatMap((p, i) => (p.includes(squash(needle)) ? [i] : []));

function caseFor(s: ScenarioType, walk: WalkType, next: () => number, index: number): CaseType {
  const c = newCase(`path-${s.id}-${index}`.slice(0, 60), new Date('2026-11-27T10:00:00.000Z'));
  c.title = `Praxis Körner ${index}, Filiale Süd`;
  c.role = 'partner';
  c.area = s.area;
  c.scenarioId = s.id;
  // Lengths from none to more than a page: the last one must flow on, all others stay whole.
  const lengths = [0, 150, 600, 1500, 3000, 9000];
  walk.forEach(([stepId, value], i) => {
    const length = lengths[Math.floor(next() * lengths.length)] ?? 0;
    c.answers[stepId] = { value, note: note(next, i + 1, length), answeredAt: new Date(Date.UTC(2026, 10, 27, 10, i)).toISOString() };
  });
  Object.assign(c.report, {
    company: 'Körner Medizintechnik GmbH',
    firstName: 'Jörg',
    lastName: 'Maß',
    email: 'jm@koerner.example',
    phone: '0721 1234567',
    description: 'Seit heute früh kein Telefonat möglich; Neustart ohne Änderung. '.repeat(1 + Math.floor(next() * 20)),
    cloudName: `koerner${index}.starface-cloud.com`,
    serverLicence: `SF-LIC-${4711 + index}`,
    dslOrderNumber: `DSL-${900 + index}`,
    ...(s.area === 'appliance' ? { service: 'connect' } : {}),
  });
  return c;
}

describe('report PDF on the paths of every scenario', () => {
  const next = rng(9);
  const cases = SCENARIOS.flatMap((s, i) => {
    const all = walks(s).sort((a, b) => b.length - a.length);
    // The longest path and one more picked at random.
    const picked = [all[0], all[1 + Math.floor(next() * Math.max(1, all.length - 1))]].filter((w): w is WalkType => w !== undefined);
    return picked.map((walk, k) => ({ s, walk, index: i * 2 + k, language: (k === 0 ? 'de' : 'en') as LanguageType }));
  });

  it.each(cases.map((c) => [`${c.s.id} (${c.walk.length} steps, ${c.language})`, c] as const))('%s', async (_name, { s, walk, index, language }) => {
    const c = caseFor(s, walk, next, index);
    const model = buildReportModel(c, language, { appName: 'STARFACE Triage', appVersion: '0.1.0', generatedAt: new Date('2026-11-27T12:00:00.000Z') });
    const file = join(dir, `${index}.pdf`);
    writeFileSync(file, await buildReportPdf(model, []));
    const all = pages(file);
    const labels = reportFixedLabels(language).columns;

    expect(model.checklist.steps.length).toBe(walk.length);
    for (const step of model.checklist.steps) {
      const where = `${s.id} step ${step.number}`;
      const question = pagesWith(all, `${step.number}.${step.question}`);
      const answer = pagesWith(all, `${labels.answer}:${step.answer}${labels.answeredAt}:${step.answeredAt}`);
      // The head (number, question, answer, time) is on exactly one page, all of it together.
      expect(question, `${where}: question`).toHaveLength(1);
      expect(answer, `${where}: answer time`).toContain(question[0]);
      if (step.note === '') continue;
      const begin = pagesWith(all, `S${step.number}BEGIN`);
      const end = pagesWith(all, `S${step.number}END`);
      // A note shorter than a page stays with its step; only a step taller than a page flows on
      // (its head still whole, the note from there or from the next page on).
      if (step.note.length <= 3500) {
        expect(begin, `${where}: note start`).toEqual(question);
        expect(end, `${where}: note end`).toEqual(question);
      } else {
        expect(begin[0], `${where}: note start`).toBeGreaterThanOrEqual(question[0] as number);
        expect(begin[0], `${where}: note start`).toBeLessThanOrEqual((question[0] as number) + 1);
        expect(end[0], `${where}: note end`).toBeGreaterThan(begin[0] as number);
      }
    }

    // Customer, identifier and symptom: subject, file name, first page.
    const subject = execFileSync('pdfinfo', ['-enc', 'UTF-8', file], { encoding: 'utf8' });
    const fileName = reportFileName(model, 'pdf', new Date(2026, 10, 27, 13, 0));
    // The whole subject: what the receiver's inbox shows.
    expect(squash(subject)).toContain(squash(`Subject: ${model.subject}`));
    const identifier = s.area === 'other' ? '' : model.identifier;
    if (s.area !== 'other') expect(identifier, s.id).not.toBe('');
    for (const needle of [c.title, ...identifier.split(' / '), s.title[language]].filter(Boolean)) {
      expect(model.subject, `subject: ${needle}`).toContain(needle);
      if (needle !== c.title && needle !== s.title[language]) expect(fileName, `file name: ${needle}`).toContain(needle);
      expect(squash(subject), `PDF subject: ${needle}`).toContain(squash(needle));
      expect(all[0], `first page: ${needle}`).toContain(squash(needle));
    }
    expect(fileName).toContain(`Praxis-Koerner-${index}-Filiale-Sued`);
    expect(fileName).toContain(fileNamePart(s.title[language], 40));
  });
});
