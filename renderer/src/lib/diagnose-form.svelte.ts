import type { JobSnapshotType } from '../../../shared/jobs/job-model.js';
import type { CaseType } from '../../../shared/model/case.js';
import type { MeasurementType } from '../../../shared/model/measurement.js';

const PREFIX = 'starface-triage.diagnose.';

/** The options a technician typed for a case, remembered in this browser profile. */
export function rememberedOptions<T extends object>(caseId: string, kind: string, defaults: T): T {
  try {
    const raw = localStorage.getItem(`${PREFIX}${caseId}.${kind}`);
    if (raw) return { ...defaults, ...(JSON.parse(raw) as Partial<T>) };
  } catch {
    // Unreadable or disabled storage: the defaults from the case.
  }
  return defaults;
}

export function rememberOptions(caseId: string, kind: string, options: object): void {
  try {
    localStorage.setItem(`${PREFIX}${caseId}.${kind}`, JSON.stringify(options));
  } catch {
    // Not fatal: the options only save typing next time.
  }
}

/** The newest job of a type for the case, if this window knows one. */
export function latestJob<K extends JobSnapshotType['type']>(all: JobSnapshotType[], type: K): Extract<JobSnapshotType, { type: K }> | undefined {
  return all.find((j) => j.type === type) as Extract<JobSnapshotType, { type: K }> | undefined;
}

/** The newest stored measurement of a type. */
export function latestMeasurement<K extends MeasurementType['type']>(c: CaseType, type: K): Extract<MeasurementType, { type: K }> | undefined {
  const of = c.measurements.filter((m) => m.type === type);
  return of[of.length - 1] as Extract<MeasurementType, { type: K }> | undefined;
}

/** The host the case names: the cloud name from the report fields, if any. */
export function caseHost(c: CaseType): string {
  return c.report.cloudName.trim();
}
