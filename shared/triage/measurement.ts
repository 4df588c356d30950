import type { AnswerValueType, CaseType, EvidenceType } from '../model/case.js';
import { findScenario } from '../checklists/scenarios.js';

/**
 * Fills a step's answer from a measurement (port check, NAT timeout, PBX log analysis) and keeps
 * the result as evidence beside it. A note the technician typed is kept. Returns a new case.
 */
export function applyMeasurement(c: CaseType, stepId: string, value: Exclude<AnswerValueType, 'unchecked'>, evidence: EvidenceType): CaseType {
  const step = findScenario(c.scenarioId)?.steps.find((s) => s.id === stepId);
  if (!step) throw new Error(`no step ${stepId} in this case's checklist`);
  if (step.measurable !== evidence.kind) {
    throw new Error(`step ${stepId} cannot take a ${evidence.kind} measurement`);
  }
  const previous = c.answers[stepId];
  return {
    ...c,
    answers: {
      ...c.answers,
      [stepId]: { value, note: previous?.note ?? '', answeredAt: evidence.measuredAt, evidence },
    },
  };
}
