import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../../shared/checklists/scenarios.js';
import type { ExclusionCauseType, ScenarioType, StepType } from '../../shared/checklists/types.js';
import { GUIDE_EXCLUSIONS, VERDICTS } from '../../shared/checklists/verdicts.js';
import { messages } from '../../shared/i18n/messages.js';
import type { AnswerValueType, ReporterRoleType } from '../../shared/model/case.js';
import { evaluateTriage, outcomeText, type TriageType } from '../../shared/triage/evaluate.js';
import { answersOf, type WalkType } from './fixtures/triage-walk.js';

/**
 * The guide's exclusions ("Was kann NICHT über die Störungshotline gemeldet werden?") that a fact
 * known on site trips, per scenario, written down from the guide and the issue, not from the data:
 * - an own change: every path where a change can be the cause;
 * - where the PBX runs: an own appliance/VM; on another provider's line no STARFACE service is
 *   involved, and that verdict names both exclusions (own VM, other provider's line);
 * - another provider's line: only where a non-STARFACE line carries the service – a Cloud's calls
 *   (the provider reports the outage itself). Connect and DSL are STARFACE's own lines; the web
 *   front ends, the Cloud's start, its phones and the push server involve no provider's line;
 * - a general request or support ticket: where the symptom can also be met by a matter that is no
 *   outage – a login on a web front end (Cloud web UI, Kunden-Center, Partner-Portal), a
 *   precautionary look at the SIP debug, an iPhone never set up. Where the symptom is the outage of
 *   the service itself (no calls, Cloud not started, phones unregistered, no internet, dark
 *   FRITZ!Box) a new set-up that never worked is the guide's "Installation", the own-change question;
 * - hardware: a FRITZ!Box that stays dark.
 */
const TRIPPED_EARLY: Record<string, ExclusionCauseType[]> = {
  'cloud-no-calls': ['configuration', 'provider'],
  'cloud-web-ui': ['configuration', 'general-request'],
  'cloud-phones-unregistered': ['configuration'],
  'cloud-not-started': ['configuration'],
  'appliance-no-calls': ['configuration', 'own-infrastructure', 'provider'],
  'connect-no-calls': ['configuration'],
  'connect-sip-debug': ['configuration', 'general-request'],
  'connect-kunden-center': ['configuration', 'general-request'],
  'dsl-no-internet': ['configuration'],
  'dsl-no-leds': ['configuration', 'hardware'],
  'other-partner-portal': ['configuration', 'general-request'],
  'other-push-iphone': ['configuration', 'general-request'],
};

/** The guide's wording of each exclusion (seed, list after "Ausfälle, ..."). */
const GUIDE_WORDS: Partial<Record<ExclusionCauseType, string>> = {
  configuration: 'durch Konfiguration, Installation, Update oder Modifikation einer Anlage verursacht wurden (auch bei Clouds!)',
  provider: 'von Leitungen anderer Provider (Telekom, Vodafone, Gamma, etc.)',
  hardware: 'von Hardware (Telefone, Headsets), einschließlich STARFACE Hardware wie Appliances',
  'own-infrastructure': 'von VMs die im Rechenzentrum des Kunden bzw. STARFACE Partners betrieben werden',
  'general-request': 'Anfragen oder Support-Tickets',
};

function run(s: ScenarioType, role: ReporterRoleType, walk: WalkType): TriageType {
  return evaluateTriage({ role, area: s.area, scenarioId: s.id, answers: answersOf(walk) });
}

/**
 * Breadth-first over evaluateTriage with every answer (Nicht geprüft included): for each exclusion
 * cause, the fewest answers after the intake that reach a verdict naming it.
 */
function fewestAnswers(s: ScenarioType, role: ReporterRoleType, maxDepth: number): Map<ExclusionCauseType, WalkType> {
  const found = new Map<ExclusionCauseType, WalkType>();
  let frontier: WalkType[] = [[]];
  for (let depth = 0; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: WalkType[] = [];
    for (const walk of frontier) {
      const t = run(s, role, walk);
      if (t.verdict.kind !== 'pending') {
        const def = t.verdict.def;
        for (const cause of def?.cause ? [def.cause, ...(def.alsoCauses ?? [])] : []) if (!found.has(cause)) found.set(cause, walk);
        continue;
      }
      const current = t.current;
      if (!current || walk.at(-1)?.[0] === current.id) continue;
      for (const a of ['yes', 'no', 'unchecked'] as AnswerValueType[]) next.push([...walk, [current.id, a]]);
    }
    frontier = next;
  }
  return found;
}

const decisiveSteps = (): Array<{ s: ScenarioType; step: StepType }> =>
  SCENARIOS.flatMap((s) => s.steps.filter((step) => step.decisive).map((step) => ({ s, step })));

describe('the guide’s exclusions apply early on every path', () => {
  it('the table names every scenario', () => {
    expect(Object.keys(TRIPPED_EARLY).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
  });

  describe.each(SCENARIOS.map((s) => ({ s, id: s.id })))('$id', ({ s, id }) => {
    for (const role of ['partner', 'customer'] as const) {
      it(`(${role}) a case that trips each applicable exclusion reaches it in at most two answers after the intake`, () => {
        const found = fewestAnswers(s, role, 2);
        for (const cause of TRIPPED_EARLY[id] ?? []) {
          const walk = found.get(cause);
          expect(walk, `${id}: ${cause} not reached within two answers`).toBeDefined();
          expect(walk?.length).toBeLessThanOrEqual(2);
          // The verdict names the guide's exclusion in the guide's words.
          const t = run(s, role, walk ?? []);
          expect(t.verdict.exclusions.map((e) => e.de).join(' | '), `${id}: ${cause}`).toContain(GUIDE_WORDS[cause]);
        }
      });
    }

    it('an own change is asked first, except where dark LEDs come first (no configuration can cause them)', () => {
      const first = s.steps[0]?.id;
      if (id === 'dsl-no-leds') expect(s.steps.slice(0, 2).map((x) => x.id)).toEqual(['leds-after-power-cycle', 'config-change']);
      else expect(first).toBe('config-change');
    });
  });
});

describe('exclusion names, the app’s own reasoning and sources', () => {
  it('each guide exclusion is named in the guide’s words', () => {
    for (const [cause, words] of Object.entries(GUIDE_WORDS)) {
      expect(GUIDE_EXCLUSIONS[cause as ExclusionCauseType]?.de, cause).toContain(words);
      expect(GUIDE_EXCLUSIONS[cause as ExclusionCauseType]?.en, cause).toBeTruthy();
    }
  });

  it('a not-for-the-hotline verdict whose cause the guide does not list says why as the app’s reasoning', () => {
    for (const v of Object.values(VERDICTS)) {
      if (v.kind !== 'not-hotline' || !v.cause || v.cause === 'resolved' || GUIDE_EXCLUSIONS[v.cause]) continue;
      expect(v.appReasoning?.de, v.id).toMatch(/App/);
      expect(v.appReasoning?.en, v.id).toMatch(/app/);
    }
    expect(VERDICTS['not-local-network'].appReasoning).toBeDefined();
    expect(VERDICTS['not-daily-limit'].appReasoning).toBeDefined();
    expect(VERDICTS['not-daily-limit'].cause).toBe('daily-limit');
  });

  it('the dark FRITZ!Box verdict presents both readings and what decides between them', () => {
    const v = VERDICTS['not-hardware'];
    expect(v.appReasoning?.de).toMatch(/Telefone, Headsets und Appliances/);
    expect(v.appReasoning?.de).toMatch(/STARFACE DSL/);
    expect(v.appReasoning?.de).toMatch(/Händler/);
    expect(v.appReasoning?.de).toMatch(/entscheidet/);
    expect(v.appReasoning?.en).toMatch(/decides/);
    expect(v.nextSteps.map((n) => n.de).join(' ')).toMatch(/Händler.*STARFACE DSL/);
  });

  it('figures the guide does not give (ports, block durations) cite their source in FACTS.md', () => {
    for (const v of Object.values(VERDICTS)) {
      const figures = v.nextSteps.some((n) => /\b(\d{3,5}|24 Stunden|10 Minuten)\b/.test(n.de));
      if (!figures) continue;
      expect(v.sources?.length, v.id).toBeGreaterThan(0);
      for (const src of v.sources ?? []) {
        expect(src.de, v.id).toContain('FACTS.md');
        expect(src.en, v.id).toContain('FACTS.md');
      }
    }
  });
});

describe('"Nicht geprüft" on a decisive step says why the path stops and what to check', () => {
  it('every decisive step has a check in both languages, translated', () => {
    for (const { s, step } of decisiveSteps()) {
      expect(step.check?.de.trim(), `${s.id}/${step.id}`).toBeTruthy();
      expect(step.check?.en.trim(), `${s.id}/${step.id}`).toBeTruthy();
      expect(step.check?.en, `${s.id}/${step.id}`).not.toMatch(/[äöüÄÖÜß]/);
    }
  });

  it('both answers of every decisive step lead somewhere different, in words', () => {
    for (const { s, step } of decisiveSteps()) {
      const yes = outcomeText(s, step, 'yes');
      const no = outcomeText(s, step, 'no');
      expect(yes.de, `${s.id}/${step.id}`).not.toBe(no.de);
      expect(yes.en.trim()).not.toBe('');
      expect(no.en.trim()).not.toBe('');
    }
  });
});

describe('partner or end customer: who does what when the contact is the partner', () => {
  /** Every verdict reachable by any yes/no walk, per role. */
  function reachable(role: ReporterRoleType): TriageType[] {
    const out: TriageType[] = [];
    for (const s of SCENARIOS) {
      const stack: WalkType[] = [[]];
      while (stack.length > 0) {
        const walk = stack.pop() as WalkType;
        const t = run(s, role, walk);
        if (t.verdict.kind !== 'pending') {
          out.push(t);
          continue;
        }
        if (t.current) for (const a of ['yes', 'no'] as const) stack.push([...walk, [t.current.id, a]]);
      }
    }
    return out;
  }

  it('a partner reporting is never told to contact the partner in charge: the note says what the partner does', () => {
    const withPartner = reachable('partner').filter((t) => t.verdict.contact === 'partner');
    expect(withPartner.length).toBeGreaterThan(0);
    for (const t of withPartner) {
      expect(t.verdict.contactNote?.de).toMatch(/^Sie sind der betreuende Partner/);
      expect(t.verdict.contactNote?.en).toMatch(/^You are the partner in charge/);
    }
  });

  it('an end customer is told to inform the partner in charge', () => {
    const withPartner = reachable('customer').filter((t) => t.verdict.contact === 'partner');
    expect(withPartner.some((t) => t.verdict.kind === 'partner-only')).toBe(true);
    for (const t of withPartner) expect(t.verdict.contactNote?.de).toMatch(/STARFACE-Partner informieren/);
  });
});

describe('German wording', () => {
  const germanTexts = (): string[] => [
    ...SCENARIOS.flatMap((s) => s.steps.flatMap((st) => [st.question.de, st.why.de, st.implies.yes.de, st.implies.no.de, st.check?.de ?? ''])),
    ...Object.values(VERDICTS).flatMap((v) => [v.headline.de, ...v.nextSteps.map((n) => n.de), v.appReasoning?.de ?? '']),
  ];

  it('the hotline "nimmt … nicht an", it does not "melden … nicht"', () => {
    for (const text of germanTexts()) expect(text).not.toMatch(/\bmeldet\b[^.;:]*\bnicht\b/);
  });

  it('no doubled word in a reference link label', () => {
    for (const language of ['de', 'en'] as const) {
      const prefix = messages(language).triage.reference;
      for (const s of SCENARIOS) {
        for (const st of s.steps) {
          if (!st.reference) continue;
          const first = st.reference.title[language].split(/\s+/)[0] ?? '';
          expect(first.toLowerCase(), `${s.id}/${st.id}`).not.toBe(prefix.toLowerCase());
        }
      }
    }
  });
});
