import { AREAS } from '../../../shared/checklists/areas.js';
import { findScenario } from '../../../shared/checklists/scenarios.js';
import { ContractError } from '../../../shared/contract/errors.js';
import type { messages } from '../../../shared/i18n/messages.js';
import type { LanguageType, ServiceAreaType } from '../../../shared/model/case.js';
import type { VerdictKindType } from '../../../shared/triage/evaluate.js';

export function areaLabel(area: ServiceAreaType | null, language: LanguageType): string {
  return AREAS.find((a) => a.id === area)?.label[language] ?? '';
}

export function scenarioTitle(id: string | null, language: LanguageType): string {
  return findScenario(id)?.title[language] ?? '';
}

export function verdictIcon(kind: VerdictKindType): 'alert' | 'check' | 'user' | 'clock' {
  return kind === 'report' ? 'alert' : kind === 'not-hotline' ? 'check' : kind === 'partner-only' ? 'user' : 'clock';
}

/** An error as a sentence in the user's language; the technical detail stays behind "Details". */
export function errorText(t: Pick<ReturnType<typeof messages>, 'errors'>, error: unknown): string {
  const code = error instanceof ContractError ? error.code : 'internal';
  // The disk-full sentence names where: the engine puts the data folder into the detail.
  return t.errors[code].replace('{where}', error instanceof ContractError && error.detail ? error.detail : '…');
}

/** A counted phrase: the form for `n`'s plural category in `language` (Intl.PluralRules), {n} filled. */
export function countedPhrase(language: LanguageType, n: number, forms: { one: string; other: string }): string {
  const category = new Intl.PluralRules(language).select(n);
  return (category === 'one' ? forms.one : forms.other).replace('{n}', String(n));
}
