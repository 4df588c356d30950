import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../shared/checklists/scenarios.js';
import { measurementFor } from '../../shared/diagnostics/propose.js';
import { messages } from '../../shared/i18n/messages.js';
import { countedPhrase } from '../../renderer/src/lib/labels.js';

describe('counted words follow each language’s plural rules', () => {
  it.each([
    ['de', 1, 'danach höchstens 1 weitere Frage'],
    ['de', 2, 'danach höchstens 2 weitere Fragen'],
    ['de', 7, 'danach höchstens 7 weitere Fragen'],
    ['en', 1, 'at most 1 more question after this'],
    ['en', 2, 'at most 2 more questions after this'],
    ['en', 11, 'at most 11 more questions after this'],
  ] as const)('%s, %i', (language, n, expected) => {
    expect(countedPhrase(language, n, messages(language).triage.remaining)).toBe(expected);
  });
});

describe('"Diese Frage kann eine Messung beantworten" only where a measurement exists', () => {
  it('a step names a measurement exactly when the diagnostics can propose its answer (the UI shows the measure block by measurementFor)', () => {
    for (const s of SCENARIOS) {
      for (const step of s.steps) {
        expect(measurementFor(step.id), `${s.id}/${step.id}`).toBe(step.measurable ?? null);
      }
    }
  });
});
