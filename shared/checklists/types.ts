import type { MeasurementKindType, ReportServiceType, ServiceAreaType } from '../model/case.js';

export interface LocalizedTextType {
  de: string;
  en: string;
}

/** Where an answer leads: the next step in order, a named step, or a verdict. */
export type OutcomeType = 'next' | { goto: string } | { verdict: VerdictIdType };

/**
 * Why a case is not for the hotline, as the guide's exclusion list names it
 * ("Was kann NICHT über die Störungshotline gemeldet werden?").
 */
export type ExclusionCauseType =
  | 'configuration'
  | 'local-network'
  | 'provider'
  | 'hardware'
  | 'own-infrastructure'
  | 'general-request'
  | 'resolved'
  | 'daily-limit';

/** Who the technician calls next. */
export type ContactType = 'hotline' | 'connect-team' | 'provider' | 'partner' | 'local-it' | 'support-ticket' | 'dealer' | 'none';

export interface StepType {
  id: string;
  question: LocalizedTextType;
  /** One line: why the hotline asks this. */
  why: LocalizedTextType;
  /** The guide's knowledge-base reference for this check, if it names one. */
  reference?: { title: LocalizedTextType; url: string };
  /** A measurement that can answer this step and leave its result as evidence. */
  measurable?: MeasurementKindType;
  yes: OutcomeType;
  no: OutcomeType;
  /**
   * The answer that keeps a STARFACE fault possible. "Nicht geprüft" follows it and lists the step
   * as an open check — unless the step is `decisive`, where the path cannot go on without an answer.
   */
  expected: 'yes' | 'no' | 'either';
  decisive?: boolean;
  /**
   * For decisive steps: what to look at to answer it, shown when the step is left "Nicht geprüft"
   * (the path cannot go on without it).
   */
  check?: LocalizedTextType;
  /** What each answer means, shown under the buttons and used as the verdict's reasons. */
  implies: { yes: LocalizedTextType; no: LocalizedTextType };
}

export interface ScenarioType {
  id: string;
  area: ServiceAreaType;
  /** The guide's heading for the symptom. */
  title: LocalizedTextType;
  steps: StepType[];
}

export type VerdictIdType =
  | 'report-cloud'
  | 'report-connect'
  | 'report-dsl'
  | 'report-partner-portal'
  | 'report-push-server'
  | 'not-config-change'
  | 'not-local-config'
  | 'not-daily-limit'
  | 'not-local-network'
  | 'not-nat-timeout'
  | 'not-blacklist'
  | 'not-wrong-url'
  | 'not-provider'
  | 'not-own-infrastructure'
  | 'not-own-pbx-other-line'
  | 'not-hardware'
  | 'not-resolved'
  | 'not-start-cloud'
  | 'not-general-request';

export interface VerdictDefType {
  id: VerdictIdType;
  kind: 'report' | 'not-hotline';
  /** For reports: the report form's "Gestörter Dienst" and, for "other", what to specify. */
  service?: ReportServiceType;
  serviceOther?: LocalizedTextType;
  cause?: ExclusionCauseType;
  /** Further exclusions of the guide the same facts trip (an own PBX on another provider's line: both). */
  alsoCauses?: ExclusionCauseType[];
  contact: ContactType;
  headline: LocalizedTextType;
  nextSteps: LocalizedTextType[];
  /**
   * Where the app goes beyond the guide (a cause the guide does not list, or a reading of it the
   * guide leaves open): said as the app's reasoning, never as the guide's.
   */
  appReasoning?: LocalizedTextType;
  /** Where facts not in the guide come from (FACTS.md sections), shown with the verdict. */
  sources?: LocalizedTextType[];
}
