import { GUIDE_EXCLUSIONS, VERDICTS } from '../checklists/verdicts.js';
import { findScenario } from '../checklists/scenarios.js';
import type { ContactType, ExclusionCauseType, LocalizedTextType, OutcomeType, ScenarioType, StepType, VerdictDefType } from '../checklists/types.js';
import type { AnswerType, CaseType, ReportServiceType, ReporterRoleType } from '../model/case.js';

export type VerdictKindType = 'report' | 'not-hotline' | 'partner-only' | 'pending';

/** One step on the path the answers took, in order. */
export interface PathStepType {
  step: StepType;
  answer: AnswerType | null;
  /** Answered "Nicht geprüft" and passed over, to be checked before reporting. */
  open: boolean;
}

export interface VerdictType {
  kind: VerdictKindType;
  /** The checklist verdict reached, null while pending. */
  def: VerdictDefType | null;
  headline: LocalizedTextType;
  reasons: LocalizedTextType[];
  nextSteps: LocalizedTextType[];
  contact: ContactType;
  cause: ExclusionCauseType | null;
  service: ReportServiceType | null;
  serviceOther: LocalizedTextType | null;
  /** Steps answered "Nicht geprüft" on the way. */
  openChecks: StepType[];
  /** The guide's own names of the exclusions that apply; empty where the guide lists none. */
  exclusions: LocalizedTextType[];
  /** The app's own reasoning where it goes beyond the guide (shown as the app's, not the guide's). */
  appReasoning: LocalizedTextType | null;
  /** Sources of facts not in the guide. */
  sources: LocalizedTextType[];
  /**
   * Who does what when the contact is the partner: the reporter may be that partner (then there is
   * nobody to call) or an end customer (then the partner is told).
   */
  contactNote: LocalizedTextType | null;
}

export interface TriageType {
  scenario: ScenarioType | null;
  path: PathStepType[];
  /** The first unanswered step on the path, or the decisive step left unchecked; null when done. */
  current: StepType | null;
  verdict: VerdictType;
}

const PENDING_INTAKE: LocalizedTextType = {
  de: 'Noch offen: Melder, Dienst und Fehlerbild wählen',
  en: 'Still open: choose reporter, service and symptom',
};
const PENDING_STEPS: LocalizedTextType = {
  de: 'Noch offen: weitere Prüfungen nötig',
  en: 'Still open: more checks needed',
};
const PARTNER_ONLY: LocalizedTextType = {
  de: 'STARFACE-Störung – Meldung nur durch den betreuenden STARFACE-Partner',
  en: 'STARFACE fault – only the STARFACE partner in charge can report it',
};

/** The reporter is the partner in charge: nobody else to call, the partner acts. */
const PARTNER_SELF: LocalizedTextType = {
  de: 'Sie sind der betreuende Partner: Kein Anruf nötig – Sie beheben die Ursache selbst (siehe nächste Schritte) und informieren den Kunden.',
  en: 'You are the partner in charge: no call needed – you fix the cause yourself (see the next steps) and inform the customer.',
};
const PARTNER_INFORM: LocalizedTextType = {
  de: 'Den betreuenden STARFACE-Partner informieren und ihm dieses Ergebnis mitgeben; er prüft und behebt die Ursache bzw. meldet die Störung.',
  en: 'Inform the STARFACE partner in charge and pass on this result; the partner checks and fixes the cause or reports the fault.',
};

function pending(headline: LocalizedTextType, openChecks: StepType[], reasons: LocalizedTextType[] = []): VerdictType {
  return {
    kind: 'pending', def: null, headline, reasons, nextSteps: [], contact: 'none', cause: null, service: null, serviceOther: null, openChecks,
    exclusions: [], appReasoning: null, sources: [], contactNote: null,
  };
}

function stepIndex(scenario: ScenarioType, id: string): number {
  const index = scenario.steps.findIndex((s) => s.id === id);
  if (index < 0) throw new Error(`checklist ${scenario.id}: no step ${id}`);
  return index;
}

/** The guide: partners report Clouds and other services; end customers only Connect and DSL. */
export function mayReport(role: ReporterRoleType, service: ReportServiceType): boolean {
  return role === 'partner' || service === 'connect' || service === 'dsl';
}

/**
 * Walks a scenario's steps from the first, following each answer's outcome, and returns the path,
 * where the technician is, and the verdict. Pure: the UI re-runs it after every answer, so changing
 * an earlier answer re-evaluates everything after it.
 */
export function evaluateTriage(c: Pick<CaseType, 'role' | 'area' | 'scenarioId' | 'answers'>): TriageType {
  const scenario = findScenario(c.scenarioId);
  if (!c.role || !c.area || !scenario || scenario.area !== c.area) {
    return { scenario: scenario ?? null, path: [], current: null, verdict: pending(PENDING_INTAKE, []) };
  }
  const path: PathStepType[] = [];
  const openChecks: StepType[] = [];
  const reasons: LocalizedTextType[] = [];
  let index = 0;
  // Bounded: every outcome moves forward or jumps; a cycle in the data must not hang the UI.
  for (let guard = 0; guard <= scenario.steps.length && index < scenario.steps.length; guard++) {
    const step = scenario.steps[index] as StepType;
    const answer = c.answers[step.id] ?? null;
    if (!answer) {
      path.push({ step, answer: null, open: false });
      return { scenario, path, current: step, verdict: pending(PENDING_STEPS, openChecks, reasons) };
    }
    let value = answer.value;
    if (value === 'unchecked') {
      if (step.decisive) {
        path.push({ step, answer, open: true });
        return { scenario, path, current: step, verdict: pending(PENDING_STEPS, [...openChecks, step], reasons) };
      }
      openChecks.push(step);
      path.push({ step, answer, open: true });
      // An informational step ("either") leads on the same way for both answers.
      value = step.expected === 'either' ? 'yes' : step.expected;
    } else {
      path.push({ step, answer, open: false });
      reasons.push(step.implies[value]);
    }
    const outcome = step[value];
    if (outcome === 'next') {
      index += 1;
    } else if ('goto' in outcome) {
      index = stepIndex(scenario, outcome.goto);
    } else {
      return { scenario, path, current: null, verdict: verdictFrom(VERDICTS[outcome.verdict], c.role, reasons, openChecks) };
    }
  }
  throw new Error(`checklist ${scenario.id} ends without a verdict`);
}

function verdictFrom(def: VerdictDefType, role: ReporterRoleType, reasons: LocalizedTextType[], openChecks: StepType[]): VerdictType {
  const base: VerdictType = {
    kind: def.kind,
    def,
    headline: def.headline,
    reasons,
    nextSteps: def.nextSteps,
    contact: def.contact,
    cause: def.cause ?? null,
    service: def.service ?? null,
    serviceOther: def.serviceOther ?? null,
    openChecks,
    exclusions: (def.cause ? [def.cause, ...(def.alsoCauses ?? [])] : []).flatMap((cause) => GUIDE_EXCLUSIONS[cause] ?? []),
    appReasoning: def.appReasoning ?? null,
    sources: def.sources ?? [],
    contactNote: def.contact === 'partner' ? (role === 'partner' ? PARTNER_SELF : PARTNER_INFORM) : null,
  };
  if (def.kind === 'report' && def.service && !mayReport(role, def.service)) {
    return {
      ...base,
      kind: 'partner-only',
      headline: PARTNER_ONLY,
      contact: 'partner',
      contactNote: PARTNER_INFORM,
      nextSteps: [
        {
          de: 'Endkunden können nur Connect und DSL melden: bitte den betreuenden STARFACE-Partner informieren; er prüft und meldet die Störung.',
          en: 'End customers can report only Connect and DSL: please inform the STARFACE partner in charge, who checks and reports the fault.',
        },
      ],
    };
  }
  return base;
}

/**
 * The most questions left from `stepId` (itself included) to any verdict: "what is left" for the
 * progress line, exact for linear checklists and an upper bound where answers branch.
 */
export function maxRemainingSteps(scenario: ScenarioType, stepId: string): number {
  const memo = new Map<string, number>();
  const walk = (index: number, depth: number): number => {
    const step = scenario.steps[index];
    if (!step || depth > scenario.steps.length) return 0;
    const cached = memo.get(step.id);
    if (cached !== undefined) return cached;
    const follow = (o: StepType['yes']): number =>
      o === 'next' ? walk(index + 1, depth + 1) : 'goto' in o ? walk(stepIndex(scenario, o.goto), depth + 1) : 0;
    const result = 1 + Math.max(follow(step.yes), follow(step.no));
    memo.set(step.id, result);
    return result;
  };
  return walk(stepIndex(scenario, stepId), 0);
}

/** Where an answer leads, in words: the verdict's headline or the next question. */
export function outcomeText(scenario: ScenarioType, step: StepType, value: 'yes' | 'no'): LocalizedTextType {
  const outcome: OutcomeType = step[value];
  if (outcome !== 'next' && !('goto' in outcome)) return VERDICTS[outcome.verdict].headline;
  const target = outcome === 'next' ? scenario.steps[stepIndex(scenario, step.id) + 1] : scenario.steps[stepIndex(scenario, outcome.goto)];
  if (!target) throw new Error(`checklist ${scenario.id}: ${step.id} runs past the last step`);
  return { de: `weiter mit: ${target.question.de}`, en: `continue with: ${target.question.en}` };
}
