import { describe, it, expect } from 'vitest';
import { SCENARIOS } from '../../shared/checklists/scenarios.js';
import type { LocalizedTextType, OutcomeType, ScenarioType, VerdictIdType } from '../../shared/checklists/types.js';
import { VERDICTS } from '../../shared/checklists/verdicts.js';
import type { AnswerValueType } from '../../shared/model/case.js';
import { triage, type WalkType } from './fixtures/triage-walk.js';

/**
 * The verdicts each scenario can reach, written down from the guide (seed), not from the data:
 * - every path where an own change can be the cause starts with the guide's first exclusion
 *   (configuration, installation, update, modification – "auch bei Clouds!").
 * - telephony: the exclusions (change, line/numbers/redirect config, network, resolved), then the
 *   line cross-check: another provider → Connect test (provider, or the PBX); Connect → other trunk
 *   (daily limit, Connect fault, or the PBX). "The PBX" is a Cloud report for Clouds and own
 *   infrastructure for appliances/VMs; the Connect area asks which it is. An appliance/VM on
 *   another provider's line involves no STARFACE service: it ends right after the line question.
 * - the web front ends: wrong URL, caches, other site (blacklist for the Cloud, the site's network
 *   otherwise), unreachable everywhere → that service's report.
 * - another provider reporting an outage of a Cloud's line is the provider's; a login that fails on
 *   a page that opens, a precautionary look at the SIP debug, an iPhone never set up are general
 *   requests (support ticket), asked right after the own change.
 */
const EXPECTED: Record<string, VerdictIdType[]> = {
  'cloud-no-calls': [
    'not-config-change', 'not-local-config', 'not-local-network', 'not-resolved',
    'not-provider', 'report-cloud', 'not-daily-limit', 'report-connect',
  ],
  'cloud-web-ui': ['not-config-change', 'not-general-request', 'not-wrong-url', 'not-resolved', 'not-blacklist', 'not-local-network', 'report-cloud'],
  'cloud-phones-unregistered': ['not-config-change', 'not-nat-timeout', 'not-local-network', 'report-cloud'],
  'cloud-not-started': ['not-config-change', 'report-cloud', 'not-start-cloud'],
  'appliance-no-calls': [
    'not-config-change', 'not-own-pbx-other-line', 'not-local-config', 'not-local-network', 'not-resolved',
    'not-own-infrastructure', 'not-daily-limit', 'report-connect',
  ],
  'connect-no-calls': [
    'not-config-change', 'not-local-config', 'not-local-network', 'not-resolved',
    'not-daily-limit', 'report-connect', 'report-cloud', 'not-own-infrastructure',
  ],
  'connect-sip-debug': ['not-config-change', 'report-connect', 'not-general-request', 'not-local-network'],
  'connect-kunden-center': ['not-config-change', 'not-general-request', 'not-wrong-url', 'not-resolved', 'not-local-network', 'report-connect'],
  'dsl-no-internet': ['not-config-change', 'report-dsl', 'not-resolved', 'not-local-config'],
  'dsl-no-leds': ['not-config-change', 'not-resolved', 'not-hardware', 'report-dsl', 'not-local-config'],
  'other-partner-portal': ['not-config-change', 'not-general-request', 'not-wrong-url', 'not-resolved', 'not-local-network', 'report-partner-portal'],
  'other-push-iphone': ['not-config-change', 'not-general-request', 'report-push-server', 'not-local-network'],
};

interface ExplorationType {
  /** Each verdict with one walk that reaches it (for failure messages). */
  verdicts: Map<VerdictIdType, WalkType>;
  stepsSeen: Set<string>;
  walks: number;
}

/**
 * Depth-first over `evaluateTriage` itself: answer the current step with each of `answers`, and go
 * on until a verdict, or until a decisive step is left unchecked (the only other legal end).
 */
function explore(s: ScenarioType, answers: readonly AnswerValueType[]): ExplorationType {
  const result: ExplorationType = { verdicts: new Map(), stepsSeen: new Set(), walks: 0 };
  const stack: WalkType[] = [[]];
  while (stack.length > 0) {
    if (++result.walks > 100_000) throw new Error(`${s.id}: exploration does not end`);
    const walk = stack.pop() as WalkType;
    const t = triage(s.id, 'partner', walk);
    for (const p of t.path) result.stepsSeen.add(p.step.id);
    expect(t.path.length, `${s.id} ${JSON.stringify(walk)}`).toBeLessThanOrEqual(s.steps.length);
    expect(new Set(t.path.map((p) => p.step.id)).size, `${s.id}: no step twice on one path`).toBe(t.path.length);

    if (t.verdict.kind !== 'pending') {
      expect(t.current).toBeNull();
      const id = t.verdict.def?.id;
      expect(id, `${s.id} ${JSON.stringify(walk)}`).toBeDefined();
      if (id && !result.verdicts.has(id)) result.verdicts.set(id, walk);
      continue;
    }
    const current = t.current;
    expect(current, `${s.id} ${JSON.stringify(walk)}: pending without a current step`).not.toBeNull();
    if (!current) continue;
    const last = walk.at(-1);
    if (last && last[0] === current.id) {
      // Pending on a step that has an answer: only a decisive step left unchecked may do that.
      expect(last[1]).toBe('unchecked');
      expect(current.decisive).toBe(true);
      continue;
    }
    for (const a of answers) stack.push([...walk, [current.id, a]]);
  }
  return result;
}

/** An independent walk over the data alone: every outcome must land on a step or a verdict, no cycles. */
function verdictsFromData(s: ScenarioType): Set<VerdictIdType> {
  const found = new Set<VerdictIdType>();
  const follow = (index: number, seen: ReadonlySet<number>): void => {
    const step = s.steps[index];
    if (!step) throw new Error(`${s.id}: "next" runs past the last step`);
    if (seen.has(index)) throw new Error(`${s.id}: cycle through ${step.id}`);
    for (const outcome of [step.yes, step.no] as OutcomeType[]) {
      if (outcome === 'next') follow(index + 1, new Set([...seen, index]));
      else if ('goto' in outcome) {
        const target = s.steps.findIndex((x) => x.id === outcome.goto);
        if (target < 0) throw new Error(`${s.id}: ${step.id} jumps to a missing step ${outcome.goto}`);
        follow(target, new Set([...seen, index]));
      } else found.add(outcome.verdict);
    }
  };
  follow(0, new Set());
  return found;
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('every yes/no combination along every scenario', () => {
  it('the expectation table names every scenario and nothing else', () => {
    expect(sorted(Object.keys(EXPECTED))).toEqual(sorted(SCENARIOS.map((s) => s.id)));
  });

  describe.each(SCENARIOS.map((s) => ({ s, id: s.id })))('$id', ({ s, id }) => {
    it('every path ends in a verdict within steps.length steps and never throws; the verdicts reachable are exactly the guide’s', () => {
      const r = explore(s, ['yes', 'no']);
      expect(sorted(r.verdicts.keys())).toEqual(sorted(EXPECTED[id] ?? []));
    });

    it('the data alone (outcome graph) reaches the same verdicts, with no cycle, dangling jump or run-off', () => {
      expect(sorted(verdictsFromData(s))).toEqual(sorted(EXPECTED[id] ?? []));
    });

    it('every step is on some path', () => {
      const r = explore(s, ['yes', 'no']);
      expect(sorted(r.stepsSeen)).toEqual(sorted(s.steps.map((x) => x.id)));
    });

    it('with "Nicht geprüft" as a third answer every walk still ends, in a verdict or on the decisive step left unchecked', () => {
      const r = explore(s, ['yes', 'no', 'unchecked']);
      expect(r.verdicts.size).toBeGreaterThan(0);
    });

    it('"Nicht geprüft" never decides by itself: on non-decisive steps the fallback answer leads on to another step', () => {
      for (const step of s.steps.filter((x) => !x.decisive)) {
        const fallback = step.expected === 'either' ? step.yes : step[step.expected];
        expect(fallback === 'next' || 'goto' in fallback, `${id}/${step.id}`).toBe(true);
      }
    });

    it('step ids are unique within the scenario', () => {
      expect(new Set(s.steps.map((x) => x.id)).size).toBe(s.steps.length);
    });
  });

  it('scenario ids are unique', () => {
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
  });

  it('every verdict in VERDICTS is reachable from some scenario, and each is filed under its own id', () => {
    const reachable = new Set<string>();
    for (const s of SCENARIOS) for (const v of explore(s, ['yes', 'no']).verdicts.keys()) reachable.add(v);
    expect(sorted(reachable)).toEqual(sorted(Object.keys(VERDICTS)));
    for (const [key, def] of Object.entries(VERDICTS)) expect(def.id).toBe(key);
  });
});

describe('texts in both languages', () => {
  const filled = (t: LocalizedTextType, where: string) => {
    expect(t.de.trim(), `${where} (de)`).not.toBe('');
    expect(t.en.trim(), `${where} (en)`).not.toBe('');
  };
  const translated = (t: LocalizedTextType, where: string) => {
    expect(t.en, `${where}: en is a copy of de`).not.toBe(t.de);
    // Domain words like Kunden-Center stay German, but an umlaut in English text means untranslated text.
    expect(t.en, `${where}: German left in en`).not.toMatch(/[äöüÄÖÜß]/);
  };

  it('every scenario title, step question, why and implied meaning is filled in de and en and translated', () => {
    for (const s of SCENARIOS) {
      filled(s.title, s.id);
      translated(s.title, s.id);
      for (const step of s.steps) {
        const where = `${s.id}/${step.id}`;
        for (const [part, text] of [['question', step.question], ['why', step.why], ['implies.yes', step.implies.yes], ['implies.no', step.implies.no]] as const) {
          filled(text, `${where} ${part}`);
          translated(text, `${where} ${part}`);
        }
        if (step.reference) {
          filled(step.reference.title, `${where} reference`);
          expect(step.reference.url).toMatch(/^https:\/\/knowledge\.starface\.de\//);
        }
      }
    }
  });

  it('every verdict has a headline and next steps in de and en, headlines translated', () => {
    for (const v of Object.values(VERDICTS)) {
      filled(v.headline, `${v.id} headline`);
      translated(v.headline, `${v.id} headline`);
      expect(v.nextSteps.length, v.id).toBeGreaterThan(0);
      v.nextSteps.forEach((n, i) => {
        filled(n, `${v.id} nextSteps[${i}]`);
        translated(n, `${v.id} nextSteps[${i}]`);
      });
    }
  });

  it('German headlines are German: reports name the Störungshotline, exclusions say "Keine"/"Noch keine"', () => {
    for (const v of Object.values(VERDICTS)) {
      if (v.kind === 'report') expect(v.headline.de, v.id).toMatch(/^STARFACE-Störung: .*Störungshotline/);
      else expect(v.headline.de, v.id).toMatch(/^(Keine|Noch keine) Störung/);
    }
  });

  it('report verdicts name the report form’s service; exclusions name their cause', () => {
    for (const v of Object.values(VERDICTS)) {
      if (v.kind === 'report') {
        expect(v.service, v.id).toBeDefined();
        if (v.service === 'other') expect(v.serviceOther?.de.trim(), v.id).toBeTruthy();
      } else {
        expect(v.cause, v.id).toBeDefined();
      }
    }
  });
});
