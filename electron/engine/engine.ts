import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { EventPayload, HandlersType, RequestOutput } from '../../shared/contract/contract.js';
import { ContractError } from '../../shared/contract/errors.js';
import type { EventNameType } from '../../shared/contract/methods.js';
import type { CaseType } from '../../shared/model/case.js';
import { buildReportModel, prefillReport } from '../../shared/report/report-model.js';
import type { ReportModelType } from '../../shared/report/report-model-type.js';
import { hasBlockingIssues, validateReport } from '../../shared/report/validate.js';
import { evaluateTriage } from '../../shared/triage/evaluate.js';
import { isAgainstVerdict, recipientFor } from '../../shared/report/report-addressing.js';
import { parseRecipients } from '../../shared/report/recipients.js';
import { summarizeCase } from '../../shared/triage/summary.js';
import { CHECKLIST_VERSION } from '../../shared/checklists/scenarios.js';
import type { EngineOptionsType, EngineType } from './engine-type.js';
import { buildReportEml } from './report/eml.js';
import { reportFileName } from './report/file-names.js';
import { buildReportPdf, type ReportAttachmentType } from './report/pdf.js';
import { PdfWorkerPool } from './report/pdf-pool.js';
import { createJobs } from './jobs/job-handlers.js';
import { Uploads } from './trace/uploads.js';
import { createLadder } from './trace/ladder/ladder-service.js';
import { writeFileAtomic } from './store/atomic-write.js';
import { storageError } from './store/storage-error.js';
import { isCaseId } from './store/case-id.js';
import { CaseStore } from './store/case-store.js';
import { SettingsStore } from './store/settings-store.js';

export const APP_NAME = 'STARFACE Triage';
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/**
 * Checks a case is ready to go out: a hotline report needs the hotline verdict or the user's
 * confirmation (`asHotline` against the verdict); a report for the verdict's own contact needs
 * none. The guide's required fields are checked either way, with the same rules the form shows.
 */
export function assertExportable(c: CaseType, confirmNotHotline: boolean, asHotline = confirmNotHotline): void {
  const verdict = evaluateTriage(c).verdict;
  if (isAgainstVerdict(verdict, asHotline) && !confirmNotHotline) {
    throw new ContractError('not-hotline-unconfirmed', verdict.headline.en);
  }
  const issues = validateReport(prefillReport(c));
  if (hasBlockingIssues(issues)) {
    throw new ContractError('report-incomplete', issues.filter((i) => i.severity === 'error').map((i) => `${i.field}: ${i.code}`).join(', '));
  }
}

/** The report PDF with the case itself embedded as JSON, and the traces/log excerpts attached for the report. */
export async function renderReportPdf(c: CaseType, model: ReportModelType, build = buildReportPdf, extra: ReportAttachmentType[] = []): Promise<Buffer> {
  return build(model, [
    {
      fileName: 'case.json',
      content: `${JSON.stringify(c, null, 2)}\n`,
      mimeType: 'application/json',
      description: model.language === 'de' ? 'Fall als JSON (STARFACE Triage)' : 'Case as JSON (STARFACE Triage)',
    },
    ...extra,
  ]);
}

export async function createEngine(options: EngineOptionsType): Promise<EngineType> {
  // Summaries depend on the triage logic: a new app or checklist version makes them anew.
  const store = new CaseStore(options.dataDir, { summaryKey: `${options.appVersion}/${CHECKLIST_VERSION}` });
  const settings = new SettingsStore(options.dataDir);
  const emitter = new EventEmitter();
  const pdfWorker = new PdfWorkerPool();
  const emit = <E extends EventNameType>(event: E, payload: EventPayload<E>) => emitter.emit(event, payload);
  const changed = (...ids: string[]) => emit('cases.changed', { ids });
  await store.open();
  const jobs = createJobs(store, { job: (snapshot) => emit('job.updated', snapshot), caseChanged: (id) => changed(id) }, options.net, options.keepAwake ?? null);
  const uploads = new Uploads(store);
  const reportAttachments = jobs.reportAttachments;
  const ladder = createLadder((caseId, fileName) => store.attachmentPath(caseId, fileName));

  async function exportReport(request: RequestOutput<'report.exportPdf'>, kind: 'pdf' | 'eml') {
    const c = await store.get(request.id);
    // The confirmation is the request to export the hotline's form against the verdict.
    assertExportable(c, request.confirmNotHotline);
    const now = new Date();
    const model = buildReportModel(c, request.language, { appName: APP_NAME, appVersion: options.appVersion, generatedAt: now }, { asHotline: request.confirmNotHotline });
    const extra: ReportAttachmentType[] = (await reportAttachments.contents(c.id, c.attachments)).map(({ ref, content }) => ({
      fileName: ref.fileName,
      content,
      mimeType: ref.kind === 'trace' ? 'application/vnd.tcpdump.pcap' : 'text/plain',
      description: ref.description,
    }));
    const pdf = await renderReportPdf(c, model, (m, a) => pdfWorker.build(m, a), extra);
    const pdfName = reportFileName(model, 'pdf', now);
    const dir = await store.exportsDir(c.id);
    let fileName = pdfName;
    let content: Buffer = pdf;
    if (kind === 'eml') {
      const line = recipientFor(model.form, c.recipient, await settings.get());
      // One line of addresses, every one valid: a line break would start a new header in the draft.
      const recipients = parseRecipients(line);
      if (/[\u0000-\u001f\u007f]/.test(line) || recipients.invalid.length > 0) throw new ContractError('invalid-request', `recipient: ${recipients.invalid.join(', ')}`);
      const to = recipients.addresses.join(', ');
      content = await buildReportEml({ model, to, pdf: { fileName: pdfName, content: pdf }, date: now, extraAttachments: extra });
      fileName = reportFileName(model, 'eml', now);
    }
    const path = join(dir, fileName);
    try {
      await writeFileAtomic(path, content);
    } catch (error) {
      throw storageError(error, dir);
    }
    return { path, fileName, bytes: content.length, downloadUrl: options.downloadUrl?.(c.id, fileName) ?? null };
  }

  async function resolveExport(caseId: string, fileName: string): Promise<string | null> {
    if (!isCaseId(caseId) || !SAFE_FILE_NAME.test(fileName) || fileName.includes('..')) return null;
    return store.exportFile(caseId, fileName);
  }

  const handlers: HandlersType = {
    'app.info': async () => ({
      name: APP_NAME,
      version: options.appVersion,
      host: options.host,
      dataDir: options.dataDir,
      platform: process.platform,
    }),
    'settings.get': () => settings.get(),
    'settings.set': (patch) => settings.set(patch),
    'cases.list': () => store.list(summarizeCase),
    'cases.create': async () => {
      const c = await store.create();
      changed(c.id);
      return c;
    },
    'cases.get': ({ id }) => store.get(id),
    'cases.save': async ({ case: c }) => {
      const saved = await store.save(c);
      changed(saved.id);
      return { updatedAt: saved.updatedAt };
    },
    'cases.duplicate': async ({ id }) => {
      const c = await store.duplicate(id);
      changed(c.id);
      return c;
    },
    'cases.delete': async ({ id }) => {
      await store.delete(id);
      changed(id);
      return { id };
    },
    'cases.restore': async ({ id }) => {
      const c = await store.restore(id);
      changed(id);
      return c;
    },
    'report.exportPdf': (request) => exportReport(request, 'pdf'),
    'report.exportEml': (request) => exportReport(request, 'eml'),
    'report.openFile': async ({ id, fileName }) => {
      const path = await resolveExport(id, fileName);
      if (!path) throw new ContractError('not-found', fileName);
      return { opened: await options.openFile(path) };
    },
    ...jobs.handlers,
    'attachments.begin': ({ caseId, name, kind, bytes }) => uploads.begin(caseId, name, kind, bytes),
    'attachments.chunk': ({ uploadId, offset, data }) => uploads.chunk(uploadId, offset, data),
    'attachments.finish': async ({ uploadId }) => {
      const ref = await uploads.finish(uploadId);
      return ref;
    },
    'attachments.abort': async ({ uploadId }) => {
      await uploads.abort(uploadId);
      return {};
    },
    'report.attach': async (request) => {
      const ref = await reportAttachments.attach(request);
      changed(request.caseId);
      return ref;
    },
    'report.detach': async ({ caseId, fileName }) => {
      await reportAttachments.detach(caseId, fileName);
      changed(caseId);
      return {};
    },
    ...ladder,
  };

  return {
    handlers,
    onEvent(event, listener) {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    resolveExport,
    async close() {
      // Running measurements end as "cancelled" and keep what they measured so far.
      await jobs.runner.close();
      await uploads.closeAll();
      emitter.removeAllListeners();
      await pdfWorker.close();
    },
  };
}
