import { z } from 'zod';

/** Bumped whenever the stored shape changes; `migrateCase` lifts older files. */
export const CASE_SCHEMA_VERSION = 1;

export const LanguageSchema = z.enum(['de', 'en']);
export type LanguageType = z.infer<typeof LanguageSchema>;

/** Who reports: the guide lets only partners report Clouds and other services. */
export const ReporterRoleSchema = z.enum(['partner', 'customer']);
export type ReporterRoleType = z.infer<typeof ReporterRoleSchema>;

/** The service area the technician picks first (UX.md, screen 2). */
export const ServiceAreaSchema = z.enum(['cloud', 'connect', 'dsl', 'appliance', 'other']);
export type ServiceAreaType = z.infer<typeof ServiceAreaSchema>;

/** The report's "Gestörter Dienst" field, as the guide lists it. */
export const ReportServiceSchema = z.enum(['cloud', 'connect', 'dsl', 'other']);
export type ReportServiceType = z.infer<typeof ReportServiceSchema>;

export const AnswerValueSchema = z.enum(['yes', 'no', 'unchecked']);
export type AnswerValueType = z.infer<typeof AnswerValueSchema>;

/** What a measurement (port check, NAT timeout, PBX log analysis) can contribute to a step. */
export const MeasurementKindSchema = z.enum(['ports', 'nat-timeout', 'pbx-log']);
export type MeasurementKindType = z.infer<typeof MeasurementKindSchema>;

export const EvidenceSchema = z.object({
  kind: MeasurementKindSchema,
  measuredAt: z.iso.datetime(),
  /** One line per language, shown beside the answer and printed in the report. */
  summary: z.object({ de: z.string().max(2000), en: z.string().max(2000) }),
  /** Free-form details (e.g. open ports), kept for the report's JSON attachment. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type EvidenceType = z.infer<typeof EvidenceSchema>;

export const AnswerSchema = z.object({
  value: AnswerValueSchema,
  note: z.string().max(10_000).default(''),
  answeredAt: z.iso.datetime(),
  evidence: EvidenceSchema.optional(),
});
export type AnswerType = z.infer<typeof AnswerSchema>;

export const ReportFieldsSchema = z.object({
  company: z.string().max(200).default(''),
  firstName: z.string().max(100).default(''),
  lastName: z.string().max(100).default(''),
  email: z.string().max(254).default(''),
  phone: z.string().max(50).default(''),
  role: ReporterRoleSchema.nullable().default(null),
  service: ReportServiceSchema.nullable().default(null),
  serviceOther: z.string().max(200).default(''),
  cloudName: z.string().max(253).default(''),
  serverLicence: z.string().max(200).default(''),
  dslOrderNumber: z.string().max(100).default(''),
  description: z.string().max(20_000).default(''),
});
export type ReportFieldsType = z.infer<typeof ReportFieldsSchema>;

export const CaseSchema = z.object({
  schemaVersion: z.literal(CASE_SCHEMA_VERSION),
  id: z.string().regex(/^[a-z0-9-]{8,64}$/),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** A short label the technician gives the case (customer, site). */
  title: z.string().max(200).default(''),
  role: ReporterRoleSchema.nullable().default(null),
  area: ServiceAreaSchema.nullable().default(null),
  scenarioId: z.string().max(100).nullable().default(null),
  /** Version of the checklist data the answers were given against. */
  checklistVersion: z.string().max(20).nullable().default(null),
  answers: z.record(z.string().max(100), AnswerSchema).default({}),
  report: ReportFieldsSchema.default(ReportFieldsSchema.parse({})),
  /** Set when the user confirmed exporting a hotline report although the verdict says otherwise. */
  notHotlineConfirmedAt: z.iso.datetime().nullable().default(null),
  /** Where the hotline report e-mail draft goes; configurable per case. */
  recipient: z.string().max(254).default(''),
});
export type CaseType = z.infer<typeof CaseSchema>;

/** The list view's row: enough to show customer, service, verdict badge, last change. */
export const CaseSummarySchema = z.object({
  id: CaseSchema.shape.id,
  title: z.string(),
  company: z.string(),
  area: ServiceAreaSchema.nullable(),
  scenarioId: z.string().nullable(),
  verdictKind: z.enum(['report', 'not-hotline', 'partner-only', 'pending']),
  updatedAt: z.iso.datetime(),
});
export type CaseSummaryType = z.infer<typeof CaseSummarySchema>;

export function newCase(id: string, now: Date): CaseType {
  const at = now.toISOString();
  return CaseSchema.parse({ schemaVersion: CASE_SCHEMA_VERSION, id, createdAt: at, updatedAt: at });
}

/** Parses a stored case of any known version; throws a ZodError or Error on anything else. */
export function migrateCase(raw: unknown): CaseType {
  if (typeof raw === 'object' && raw !== null && 'schemaVersion' in raw) {
    const version = (raw as { schemaVersion: unknown }).schemaVersion;
    if (typeof version === 'number' && version > CASE_SCHEMA_VERSION) {
      throw new Error(`case schema version ${version} is newer than this app (${CASE_SCHEMA_VERSION})`);
    }
  }
  return CaseSchema.parse(raw);
}
