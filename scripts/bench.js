#!/usr/bin/env node
// `npm run bench`: the speed and size targets of issue 2, measured on the built app (out/).
//  - PDF build time for a full report: median of 25 runs after warm-up (target ≤ 300 ms)
//  - the renderer's JavaScript, gzipped (target ≤ 150 KB)
//  - listing 1 000 cases cold and warm, and the heap under 50 concurrent listings (issue 10)
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const out = (p) => join(root, 'out', p);
const { newCase } = await import(out('shared/model/case.js'));
const { buildReportModel } = await import(out('shared/report/report-model.js'));
const { findScenario, CHECKLIST_VERSION } = await import(out('shared/checklists/scenarios.js'));
const { benchPdf } = await import(out('electron/engine/report/bench-pdf.js'));
const { benchCaseList } = await import(out('electron/engine/store/bench-list.js'));

/** A Cloud "no calls" case answered along its longest path, with a note on every step. */
function fullCase() {
  const c = newCase('bench-0000-full', new Date('2026-11-27T08:00:00Z'));
  c.title = 'Müller Straßenbau GmbH, Zentrale Karlsruhe';
  c.role = 'partner';
  c.area = 'cloud';
  c.scenarioId = 'cloud-no-calls';
  c.checklistVersion = CHECKLIST_VERSION;
  const answers = { 'config-change': 'no', 'line-registered': 'yes', 'line-config': 'yes', 'numbers-assigned': 'yes', 'redirect-ifmc': 'no', 'network-firewall': 'yes', 'restart-changes': 'no', 'still-persists': 'yes', 'uses-connect': 'no', 'connect-test': 'no' };
  for (const step of findScenario(c.scenarioId).steps) {
    const value = answers[step.id];
    if (value) c.answers[step.id] = { value, note: `Geprüft vor Ort von Jürgen Weiß: ${step.question.de} – Ergebnis dokumentiert, Screenshot liegt vor.`, answeredAt: '2026-11-27T08:30:00.000Z' };
  }
  Object.assign(c.report, {
    company: 'Müller Straßenbau GmbH', firstName: 'Jürgen', lastName: 'Weiß', email: 'juergen.weiss@mueller-strassenbau.de',
    phone: '+49 721 50959-123', role: 'partner', service: 'cloud', cloudName: 'maxmuster.starface-cloud.com',
    description: 'Seit heute 8:00 Uhr können an allen Standorten keine Gespräche geführt werden. '.repeat(12),
  });
  return c;
}

const model = buildReportModel(fullCase(), 'de', { appName: 'STARFACE Triage', appVersion: 'bench', generatedAt: new Date() });
const pdf = await benchPdf(model, 25);

const list = await benchCaseList(1000);

const assets = out('renderer/assets');
const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
const gzipBytes = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const rows = [
  ['PDF build, full report (median of 25)', `${pdf.medianMs} ms`, '≤ 300 ms', pdf.medianMs <= 300],
  ['PDF build, p95', `${pdf.p95Ms} ms`, '', true],
  ['PDF size (with case JSON + 256 KiB trace)', `${Math.round(pdf.bytes / 1024)} KiB`, '', true],
  ['Case list, 1 000 cases, cold (no index)', `${list.coldMs} ms`, '', true],
  ['Case list, 1 000 cases, warm (index)', `${list.warmMs} ms`, '≤ 250 ms', list.warmMs <= 250],
  ['Case list, 50 calls at once: heap peak', `${list.floodPeakHeapMb} MB`, '≤ 64 MB', list.floodPeakHeapMb <= 64],
  ['Renderer JS, gzipped', `${(gzipBytes / 1024).toFixed(1)} KB`, '≤ 150 KB', gzipBytes <= 150 * 1024],
];
console.log(`Machine: ${machine}`);
for (const [name, value, target, ok] of rows) console.log(`${ok ? '✔' : '✘'} ${name.padEnd(44)} ${value.padStart(10)}  ${target}`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ machine, pdf, list, rendererJsGzipBytes: gzipBytes }));
process.exitCode = rows.every((r) => r[3]) ? 0 : 1;
