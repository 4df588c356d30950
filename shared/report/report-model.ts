import type { CaseType, LanguageType } from '../model/case.js';
import type { ReportModelType } from './report-model-type.js';

export interface ReportMetaInput {
  appName: string;
  appVersion: string;
  generatedAt: Date;
}

/** Turns a case into the translated report model every output renders. (Being written.) */
export function buildReportModel(_c: CaseType, _language: LanguageType, _meta: ReportMetaInput): ReportModelType {
  throw new Error('buildReportModel: not yet implemented');
}
