import { AREAS } from '../../../shared/checklists/areas.js';
import { findScenario } from '../../../shared/checklists/scenarios.js';
import type { ContractError } from '../../../shared/contract/errors.js';
import type { MessagesType } from '../../../shared/i18n/messages.js';
import type { LanguageType, ServiceAreaType } from '../../../shared/model/case.js';
import type { VerdictKindType } from '../../../shared/triage/evaluate.js';

type Messages = { [K in keyof MessagesType]: unknown } & { errors: Record<string, string>; verdict: { kinds: Record<VerdictKindType, string> } };

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
export function errorText(t: Messages, error: unknown): string {
  const code = (error as ContractError | undefined)?.code;
  return (code && t.errors[code]) || t.errors.internal || '';
}

export function formatWhen(iso: string, language: LanguageType): string {
  const d = new Date(iso);
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}
