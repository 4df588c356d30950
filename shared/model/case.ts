import { z } from 'zod';
import { boundedRecord, ScalarSchema } from './bounded.js';
import { MAX_MEASUREMENTS_PER_CASE, MeasurementIdSchema, MeasurementSchema } from './measurement.js';

/**
 * Bumped whenever the stored shape changes; `migrateCase` lifts older files.
 * 1: first release. 2: closed and bounded (evidence holds flat figures and points at a measurement
 * instead of free-form JSON; attachments by reference; measurements with their raw figures).
 */
export const CASE_SCHEMA_VERSION = 2;

/** Far above a real checklist path (the longest has ~20 steps); bounds what a save can carry. */
export const MAX_ANSWERS = 200;
/** A whole case, serialised, may not exceed this: checked on save, before anything is written. */
export const MAX_CASE_BYTES = 4 * 1024 * 1024;

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
export const MeasurementKindSchema = z.enum(['ports', 'nat-timeout', 'pbx-log', 'trace']);
export type MeasurementKindType = z.infer<typeof MeasurementKindSchema>;

export const EvidenceSchema = z.object({
  kind: MeasurementKindSchema,
  measuredAt: z.iso.datetime(),
  /** One line per language, shown beside the answer and printed in the report. */
  summary: z.object({ de: z.string().max(2000), en: z.string().max(2000) }),
  /** The measurement (in `measurements`) this evidence comes from, when the case holds it. */
  measurementId: MeasurementIdSchema.nullable().default(null),
  /** What the measurement proposed; differs from the answer when the technician overrode it. */
  proposed: z.enum(['yes', 'no']).nullable().default(null),
  /** A few flat figures (e.g. `open: "443, 5061"`), kept for the report's JSON attachment. */
  figures: boundedRecord(ScalarSchema, 50).default({}),
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

export const MAX_ATTACHMENTS = 50;

/** A file in the case folder's `attachments/`, named by the store, never by the sender. */
/**
 * An attachment made for the report (issue 8 §3): a trace exported from an imported capture, or an
 * excerpt of a PBX log, redacted or not; embedded in the PDF, attached to the e-mail, listed in
 * the text with what it shows and what was redacted.
 */
export const ReportAttachmentInfoSchema = z.object({
  /** The attachment it was made from. */
  source: z.string().regex(/^[\w.\- ]{1,120}$/),
  selection: z.object({ devices: z.array(z.string().max(64)).max(64).default([]), dialogs: z.array(z.string().max(256)).max(64).default([]) }),
  redacted: z.boolean(),
  redactions: z.object({ numbers: z.number().int().nonnegative(), names: z.number().int().nonnegative(), authValues: z.number().int().nonnegative(), rtpPayloads: z.number().int().nonnegative(), withheld: z.number().int().nonnegative().default(0) }),
  /** SIP messages (trace) or lines (log excerpt) it holds. */
  items: z.number().int().nonnegative(),
});
export type ReportAttachmentInfoType = z.infer<typeof ReportAttachmentInfoSchema>;

export const AttachmentRefSchema = z.object({
  fileName: z.string().regex(/^[\w.\- ]{1,120}$/),
  kind: z.enum(['trace', 'log', 'other']),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  description: z.string().max(500).default(''),
  addedAt: z.iso.datetime(),
  /** Set when the file was made for the report (engine/trace/export/report-attachments.ts). */
  report: ReportAttachmentInfoSchema.optional(),
});
export type AttachmentRefType = z.infer<typeof AttachmentRefSchema>;

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
  answers: boundedRecord(AnswerSchema, MAX_ANSWERS).default({}),
  report: ReportFieldsSchema.default(ReportFieldsSchema.parse({})),
  /** Set when the user confirmed exporting a hotline report although the verdict says otherwise. */
  notHotlineConfirmedAt: z.iso.datetime().nullable().default(null),
  /** Who confirmed it (the reporter's name at the time), printed with the time in the report. */
  notHotlineConfirmedBy: z.string().max(200).default(''),
  /** Where the hotline report e-mail draft goes; configurable per case. */
  recipient: z.string().max(254).default(''),
  /** Files kept beside case.json (traces, log excerpts), by reference: the case never inlines them. */
  attachments: z.array(AttachmentRefSchema).max(MAX_ATTACHMENTS).default([]),
  /**
   * Results of the measurements run for this case (engine-owned: a save from a front end never
   * changes them; the job runner adds them). Answers point at them as evidence.
   */
  measurements: z.array(MeasurementSchema).max(MAX_MEASUREMENTS_PER_CASE).default([]),
});
export type CaseType = z.infer<typeof CaseSchema>;

/** The list view's row: enough to show customer, service, verdict badge, last change. */
export const CaseSummarySchema = z.object({
  id: CaseSchema.shape.id,
  title: z.string().max(200),
  company: z.string().max(200),
  area: ServiceAreaSchema.nullable(),
  scenarioId: z.string().max(100).nullable(),
  verdictKind: z.enum(['report', 'not-hotline', 'partner-only', 'pending']),
  updatedAt: z.iso.datetime(),
});
export type CaseSummaryType = z.infer<typeof CaseSummarySchema>;

export function newCase(id: string, now: Date): CaseType {
  const at = now.toISOString();
  return CaseSchema.parse({ schemaVersion: CASE_SCHEMA_VERSION, id, createdAt: at, updatedAt: at });
}

/**
 * Parses a stored case of any known version; throws a ZodError or Error on anything else.
 * Older versions are lifted step by step, so each step stays small and testable.
 */
export function migrateCase(raw: unknown): CaseType {
  const version = typeof raw === 'object' && raw !== null ? (raw as { schemaVersion?: unknown }).schemaVersion : undefined;
  if (typeof version === 'number' && version > CASE_SCHEMA_VERSION) {
    throw new Error(`case schema version ${version} is newer than this app (${CASE_SCHEMA_VERSION})`);
  }
  return CaseSchema.parse(version === 1 ? liftV1(raw as Record<string, unknown>) : raw);
}

/** v1 → v2: evidence `details` (free-form JSON) becomes flat `figures`; nested values are dropped. */
function liftV1(v1: Record<string, unknown>): Record<string, unknown> {
  const answers = isPlainObject(v1.answers) ? v1.answers : {};
  const lifted: Record<string, unknown> = {};
  for (const [stepId, answer] of Object.entries(answers)) {
    if (!isPlainObject(answer) || !isPlainObject(answer.evidence)) {
      lifted[stepId] = answer;
      continue;
    }
    const { details, ...evidence } = answer.evidence;
    lifted[stepId] = { ...answer, evidence: { ...evidence, figures: flatFigures(details) } };
  }
  return { ...v1, schemaVersion: 2, answers: lifted };
}

function flatFigures(details: unknown): Record<string, string | number | boolean | null> {
  const figures: Record<string, string | number | boolean | null> = {};
  if (!isPlainObject(details)) return figures;
  for (const [key, value] of Object.entries(details).slice(0, 50)) {
    if (key.length > 100) continue;
    if (value === null || typeof value === 'number' || typeof value === 'boolean') figures[key] = value;
    else if (typeof value === 'string') figures[key] = value.slice(0, 500);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
      figures[key] = value.join(', ').slice(0, 500);
    }
  }
  return figures;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
