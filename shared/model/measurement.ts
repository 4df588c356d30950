import { z } from 'zod';
import { PortsResultSchema, SipPingResultSchema } from '../diagnostics/results.js';
import { PortsJobSpecSchema, SipPingJobSpecSchema } from '../jobs/job-specs.js';
import { BilingualTextSchema } from './bounded.js';

/**
 * A measurement as the case keeps it: what was measured, against which target, from where, when,
 * how it ended, the raw figures (typed per kind, bounded) and the findings drawn from them.
 * Jobs (electron/engine/jobs) produce these; checklist answers point at them as evidence.
 */

export const MAX_MEASUREMENTS_PER_CASE = 200;
export const MAX_FINDINGS_PER_MEASUREMENT = 200;

export const MeasurementIdSchema = z.string().regex(/^m-[a-z0-9-]{6,60}$/);

export const SeveritySchema = z.enum(['info', 'warning', 'error']);
export type SeverityType = z.infer<typeof SeveritySchema>;

/** A conclusion drawn from a measurement (or, later, a trace or log), in plain words. */
export const FindingSchema = z.object({
  /** Stable machine code, e.g. `port-no-answer`, `sip-lagged`. */
  code: z.string().regex(/^[a-z0-9-]{1,60}$/),
  severity: SeveritySchema,
  text: BilingualTextSchema,
  /** What to do next, when there is something to do. */
  next: BilingualTextSchema.nullable().default(null),
  /** Checklist steps this finding helps answer. */
  stepIds: z.array(z.string().max(100)).max(10).default([]),
});
export type FindingType = z.infer<typeof FindingSchema>;

/** The laptop's side of a measurement: the hotline always asks from where it was measured. */
export const LocalEndpointSchema = z.object({
  address: z.string().max(64).nullable(),
  interface: z.string().max(64).nullable(),
});
export type LocalEndpointType = z.infer<typeof LocalEndpointSchema>;

export const MeasurementStatusSchema = z.enum(['done', 'cancelled', 'failed']);
export type MeasurementStatusType = z.infer<typeof MeasurementStatusSchema>;

const measurementBase = {
  id: MeasurementIdSchema,
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  status: MeasurementStatusSchema,
  /** Why it failed or stopped early; null when done. */
  error: z.string().max(500).nullable().default(null),
  /** What was contacted, as the technician saw it before the start. */
  target: z.string().max(300),
  local: LocalEndpointSchema,
  findings: z.array(FindingSchema).max(MAX_FINDINGS_PER_MEASUREMENT).default([]),
};

/** One measurement kept with the case, with what was asked (`spec`) and the raw figures (`result`). */
export const MeasurementSchema = z.discriminatedUnion('type', [
  z.object({ ...measurementBase, type: z.literal('ports'), spec: PortsJobSpecSchema, result: PortsResultSchema }),
  z.object({ ...measurementBase, type: z.literal('sip-ping'), spec: SipPingJobSpecSchema, result: SipPingResultSchema }),
]);
export type MeasurementType = z.infer<typeof MeasurementSchema>;
