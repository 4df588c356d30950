import type { CaseSummaryType, CaseType } from '../model/case.js';
import { evaluateTriage } from './evaluate.js';

/** The case list's row, with the verdict badge computed from the answers. */
export function summarizeCase(c: CaseType): CaseSummaryType {
  return {
    id: c.id,
    title: c.title,
    company: c.report.company,
    area: c.area,
    scenarioId: c.scenarioId,
    verdictKind: evaluateTriage(c).verdict.kind,
    updatedAt: c.updatedAt,
  };
}
