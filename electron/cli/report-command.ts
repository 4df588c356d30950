/**
 * `starface-triage report`: case file in, PDF (and optionally the .eml draft) out, through the same
 * report model, PDF and e-mail builders the app uses. Every failure becomes a CliError with one
 * sentence for the user; the heavy modules are imported only here, so `--help` never loads them.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { CaseType, LanguageType } from '../../shared/model/case.js';
import type { ReportModelType } from '../../shared/report/report-model-type.js';
import { ContractError } from '../../shared/contract/errors.js';
import { jsonProblem, schemaProblem } from '../engine/store/parse-problem.js';
import { errorDetail, type texts } from './messages.js';
import { CliError } from './cli-error.js';

export { CliError } from './cli-error.js';

type TextsType = ReturnType<typeof texts>;

/** Cases are small JSON; a file far beyond this is not a case and is not read into memory. */
const MAX_CASE_BYTES = 50 * 1024 * 1024;

export interface ReportOptionsType {
  caseFile: string;
  pdf: string;
  eml: string | null;
  to: string | null;
  language: LanguageType;
  confirmNotHotline: boolean;
  /** The hotline's form although the verdict names another contact (needs `confirmNotHotline`). */
  hotline?: boolean;
  appVersion: string;
  t: TextsType;
}

export interface ReportResultType {
  caseId: string;
  verdict: string;
  /** Who the report is for: the verdict's contact, or `hotline`. */
  form: string;
  language: LanguageType;
  files: Array<{ kind: 'pdf' | 'eml'; path: string; bytes: number }>;
}

function errnoCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
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
    throw new CliError('case-not-json', t.caseNotJson(path, jsonProblem(error)));
  }
  const { migrateCase } = await import('../../shared/model/case.js');
  try {
    return migrateCase(raw);
  } catch (error) {
    throw new CliError('case-invalid', t.caseInvalid(path, error instanceof Error && !('issues' in error) ? errorDetail(error) : schemaProblem(error)));
  }
}

/**
 * The engine's atomic writer (random exclusive temp names, fsync, rename; a planted symlink is
 * replaced, never followed): all outputs or none, so a failed .eml leaves no PDF behind either.
 */
async function writeOutputs(files: Array<{ path: string; data: Buffer }>, t: TextsType): Promise<void> {
  const { AtomicWriteError, writeFilesAtomic } = await import('../engine/store/atomic-write.js');
  try {
    await writeFilesAtomic(files);
  } catch (error) {
    const path = error instanceof AtomicWriteError ? error.path : (files[0]?.path ?? '');
    const cause = error instanceof AtomicWriteError ? error.cause : error;
    throw new CliError('write-failed', t.writeFailed(path, errnoCode(cause) ?? errorDetail(cause)));
  }
}

/** The draft's recipients: the given line, else the app's default for the report's contact (same settings file). */
async function recipientLine(model: ReportModelType, given: string, t: TextsType): Promise<string> {
  const [{ recipientFor }, { parseRecipients }, { SettingsStore }, { defaultDataDir }] = await Promise.all([
    import('../../shared/report/report-addressing.js'),
    import('../../shared/report/recipients.js'),
    import('../engine/store/settings-store.js'),
    import('../engine/store/data-dir.js'),
  ]);
  const settings = given.trim() === '' ? await new SettingsStore(defaultDataDir()).get().catch(() => null) : null;
  const line = recipientFor(model.form, given, settings);
  const { addresses, invalid } = parseRecipients(line);
  if (invalid[0] !== undefined) throw new CliError('usage', t.badAddress(invalid[0]));
  return addresses.join(', ');
}

export async function runReport(options: ReportOptionsType): Promise<ReportResultType> {
  const { t } = options;
  const casePath = resolve(options.caseFile);
  const pdfPath = resolve(options.pdf);
  const emlPath = options.eml === null ? null : resolve(options.eml);
  const paths = [casePath, pdfPath, ...(emlPath === null ? [] : [emlPath])];
  if (new Set(paths).size !== paths.length) throw new CliError('usage', t.sameOutput);
  if (options.to !== null) {
    // The same e-mail rule as the app's (zod's), and a line with two addresses keeps both.
    const { parseRecipients } = await import('../../shared/report/recipients.js');
    const bad = parseRecipients(options.to).invalid[0];
    if (bad !== undefined) throw new CliError('usage', t.badAddress(bad));
  }

  const theCase = await readCase(casePath, t);
  const generatedAt = new Date();

  // --confirm-not-hotline alone asks for the hotline's form, as it always did.
  const asHotline = options.hotline === true || options.confirmNotHotline;
  let model: ReportModelType;
  try {
    const { buildReportModel } = await import('../../shared/report/report-model.js');
    model = buildReportModel(theCase, options.language, { appName: 'STARFACE Triage', appVersion: options.appVersion, generatedAt }, { asHotline });
  } catch (error) {
    throw new CliError('report-failed', t.reportFailed(errorDetail(error)));
  }
  // The same gate as the app's export: a hotline report against the verdict needs the confirmation
  // (the app's checkbox, --confirm-not-hotline here), and the guide's required fields.
  const { assertExportable, renderReportPdf } = await import('../engine/engine.js');
  try {
    assertExportable(theCase, options.confirmNotHotline, asHotline);
  } catch (error) {
    if (error instanceof ContractError && error.code === 'not-hotline-unconfirmed') {
      // Quoted in the language the user reads this line in, not the report's.
      const { evaluateTriage } = await import('../../shared/triage/evaluate.js');
      throw new CliError('not-hotline-unconfirmed', t.notHotline(evaluateTriage(theCase).verdict.headline[t.language]));
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
        to: await recipientLine(model, options.to ?? theCase.recipient, t),
        pdf: { fileName: basename(pdfPath), content: pdf },
        date: generatedAt,
      });
    }
  } catch (error) {
    throw new CliError('report-failed', t.reportFailed(errorDetail(error)));
  }

  const outputs = [{ path: pdfPath, data: pdf }, ...(emlPath !== null && eml !== null ? [{ path: emlPath, data: eml }] : [])];
  await writeOutputs(outputs, t);
  const files: ReportResultType['files'] = outputs.map((o) => ({ kind: o.path === pdfPath ? 'pdf' : 'eml', path: o.path, bytes: o.data.length }));
  return { caseId: theCase.id, verdict: model.verdict.kind, form: model.form, language: options.language, files };
}
