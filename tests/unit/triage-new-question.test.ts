import { describe, expect, it } from 'vitest';
import { CHECKLIST_VERSION } from '../../shared/checklists/scenarios.js';
import { evaluateTriage } from '../../shared/triage/evaluate.js';
import { isNewQuestionForCase } from '../../shared/triage/new-question.js';
import { TELEPHONY_PRECHECKS_PASSED, answersOf, end, type WalkType } from './fixtures/triage-walk.js';

/**
 * A case saved under checklist 2026.11-2 (before the provider and request questions were added
 * second) meets the new question when it is opened: asked, said to be new, and once answered the
 * old answers count again – the case is not left pending.
 */
const OLD_VERSION = '2026.11-2';
const OLD_CLOUD_CALLS: WalkType = [...TELEPHONY_PRECHECKS_PASSED, ['uses-connect', 'no'], ['connect-test', 'no']];

function oldCase(scenarioId: string, area: 'cloud' | 'other', walk: WalkType, checklistVersion: string | null = OLD_VERSION) {
  return { role: 'partner' as const, area, scenarioId, checklistVersion, answers: answersOf(walk) };
}

describe('an old case meets a question added to the checklist since', () => {
  it('stops at the new second question, and the step says it is new', () => {
    const c = oldCase('cloud-no-calls', 'cloud', OLD_CLOUD_CALLS);
    const t = evaluateTriage(c);
    expect(end(t)).toMatchObject({ kind: 'pending', current: 'provider-outage', path: ['config-change', 'provider-outage'] });
    expect(isNewQuestionForCase(c, t)).toBe(true);
  });

  it('once the new question is answered, the old answers count again and the verdict is reached', () => {
    const c = oldCase('cloud-no-calls', 'cloud', [...OLD_CLOUD_CALLS, ['provider-outage', 'no']]);
    const t = evaluateTriage(c);
    expect(end(t)).toMatchObject({ verdict: 'report-cloud', current: null });
    expect(isNewQuestionForCase(c, t)).toBe(false);
  });

  it('the same for the push path’s new request question', () => {
    const c = oldCase('other-push-iphone', 'other', [['config-change', 'no'], ['network-firewall', 'yes']]);
    const t = evaluateTriage(c);
    expect(t.current?.id).toBe('fault-or-request');
    expect(isNewQuestionForCase(c, t)).toBe(true);
    expect(end(evaluateTriage({ ...c, answers: { ...c.answers, ...answersOf([['fault-or-request', 'no']]) } })).verdict).toBe('report-push-server');
  });

  it('is not said for a case of the current checklist, a step already answered, or a plain next question', () => {
    const current = oldCase('cloud-no-calls', 'cloud', OLD_CLOUD_CALLS, CHECKLIST_VERSION);
    expect(isNewQuestionForCase(current, evaluateTriage(current))).toBe(false);
    const fresh = oldCase('cloud-no-calls', 'cloud', [['config-change', 'no']]);
    expect(isNewQuestionForCase(fresh, evaluateTriage(fresh))).toBe(false);
    const noVersion = oldCase('cloud-no-calls', 'cloud', OLD_CLOUD_CALLS, null);
    expect(isNewQuestionForCase(noVersion, evaluateTriage(noVersion))).toBe(false);
  });
});
