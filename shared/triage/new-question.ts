import { CHECKLIST_VERSION } from '../checklists/scenarios.js';
import type { CaseType } from '../model/case.js';
import type { TriageType } from './evaluate.js';

/**
 * A case answered against an older checklist meets a question added since (e.g. a second question
 * inserted before the ones it answered): the walk stops there, pending, while the case holds answers
 * further on. Such a step is asked like any other, but says why it is open (TriageFlow), so an old
 * case is never left "pending" without a word. Answering it brings the case to the current checklist.
 */
export function isNewQuestionForCase(c: Pick<CaseType, 'checklistVersion' | 'answers'>, t: TriageType): boolean {
  const current = t.current;
  if (!current || !t.scenario || c.checklistVersion === null || c.checklistVersion === CHECKLIST_VERSION || c.answers[current.id]) return false;
  const onPath = new Set(t.path.map((p) => p.step.id));
  return t.scenario.steps.some((s) => !onPath.has(s.id) && c.answers[s.id] !== undefined);
}
