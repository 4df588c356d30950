/**
 * `starface-triage report`: case file in, PDF (and optionally the .eml draft) out, through the same
 * report model, PDF and e-mail builders the app uses. Every failure becomes a CliError with one
 * sentence for the user; the heavy modules are imported only here, so `--help` never loads them.
 */
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { CaseType, LanguageType } from '../../shared/model/case.js';
import type { ReportModelType } from '../../shared/report/report-model-type.js';
import { ContractError } from '../../shared/contract/errors.js';
import { errorDetail, type texts } from './messages.js';

type TextsType = ReturnType<typeof texts>;

/** Cases are small JSON; a file far beyond this is not a case and is not read into memory. */
const MAX_CASE_BYTES = 50 * 1024 * 1024;

export class CliError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'CliError';
    this.code = code;
  }
}

export interface ReportOptionsType {
  caseFile: string;
  pdf: string;
  eml: string | null;
  to: string | null;
  language: LanguageType;
  confirmNotHotline: boolean;
  appVersion: string;
  t: TextsType;
}

export interface ReportResultType {
  caseId: string;
  verdict: string;
  language: LanguageType;
  files: Array<{ kind: 'pdf' | 'eml'; path: string; bytes: number }>;
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

/** The first zod issue as `path: message`, else the error's first line. */
function validationDetail(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'issues' in error && Array.isArray(error.issues)) {
    const issue: unknown = error.issues[0];
    if (typeof issue === 'object' && issue !== null && 'message' in issue) {
      const path = 'path' in issue && Array.isArray(issue.path) ? issue.path.map(String).join('.') : '';
      return `${path || '(root)'}: ${String(issue.message)}`;
    }
  }
  return errorDetail(error);
}

async function readCase(path: string, t: TextsType): Promise<CaseType> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new CliError('case-unreadable', t.caseUnreadable(path, 'not a file'));
    if (info.size > MAX_CASE_BYTES) throw new CliError('case-too-large', t.caseTooLarge(path));
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (errnoCode(error) === 'ENOENT') throw new CliError('case-not-found', t.caseNotFound(path));
    throw new CliError('case-unreadable', t.caseUnreadable(path, errnoCode(error) ?? errorDetail(error)));
  }
  let raw: unknown;
  try {
    // Editors on Windows like to start UTF-8 files with a BOM, which JSON.parse refuses.
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new CliError('case-not-json', t.caseNotJson(path, errorDetail(error)));
  }
  const { migrateCase } = await import('../../shared/model/case.js');
  try {
    return migrateCase(raw);
  } catch (error) {
    throw new CliError('case-invalid', t.caseInvalid(path, validationDetail(error)));
  }
}

/** Written beside the target and renamed, so an interrupted run never leaves half a PDF. */
async function writeAtomically(path: string, content: Buffer, t: TextsType): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, content);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => {});
    throw new CliError('write-failed', t.writeFailed(path, errnoCode(error) ?? errorDetail(error)));
  }
}

export async function runReport(options: ReportOptionsType): Promise<ReportResultType> {
  const { t } = options;
  const casePath = resolve(options.caseFile);
  const pdfPath = resolve(options.pdf);
  const emlPath = options.eml === null ? null : resolve(options.eml);
  const paths = [casePath, pdfPath, ...(emlPath === null ? [] : [emlPath])];
  if (new Set(paths).size !== paths.length) throw new CliError('usage', t.sameOutput);

  const theCase = await readCase(casePath, t);
  const generatedAt = new Date();

  let model: ReportModelType;
  try {
    const { buildReportModel } = await import('../../shared/report/report-model.js');
    model = buildReportModel(theCase, options.language, { appName: 'STARFACE Triage', appVersion: options.appVersion, generatedAt });
  } catch (error) {
    throw new CliError('report-failed', t.reportFailed(errorDetail(error)));
  }
  // The same gate as the app's export: the hotline verdict (or --confirm-not-hotline instead of the
  // app's confirmation) and the guide's required fields.
  const { assertExportable, renderReportPdf } = await import('../engine/engine.js');
  try {
    assertExportable(theCase, options.confirmNotHotline);
  } catch (error) {
    if (error instanceof ContractError && error.code === 'not-hotline-unconfirmed') {
      throw new CliError('not-hotline-unconfirmed', t.notHotline(model.verdict.headline));
    }
    if (error instanceof ContractError && error.code === 'report-incomplete') {
      throw new CliError('report-incomplete', t.reportIncomplete(error.detail));
    }
    throw new CliError('report-failed', t.reportFailed(errorDetail(error)));
  }

  let pdf: Buffer;
  let eml: Buffer | null = null;
  try {
    pdf = await renderReportPdf(theCase, model);
    if (emlPath !== null) {
      const { buildReportEml } = await import('../engine/report/eml.js');
      eml = await buildReportEml({
        model,
        to: options.to ?? theCase.recipient,
        pdf: { fileName: basename(pdfPath), content: pdf },
        date: generatedAt,
      });
    }
  } catch (error) {
    throw new CliError('report-failed', t.reportFailed(errorDetail(error)));
  }

  await writeAtomically(pdfPath, pdf, t);
  const files: ReportResultType['files'] = [{ kind: 'pdf', path: pdfPath, bytes: pdf.length }];
  if (emlPath !== null && eml !== null) {
    await writeAtomically(emlPath, eml, t);
    files.push({ kind: 'eml', path: emlPath, bytes: eml.length });
  }
  return { caseId: theCase.id, verdict: model.verdict.kind, language: options.language, files };
}
