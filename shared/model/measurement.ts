import { z } from 'zod';
import { PortsResultSchema, SipPingResultSchema } from '../diagnostics/results.js';
import { NatTimeoutResultSchema, NatTypeResultSchema } from '../diagnostics/nat-results.js';
import { AlgResultSchema } from '../diagnostics/alg-results.js';
import { AlgJobSpecSchema, NatTimeoutJobSpecSchema, NatTypeJobSpecSchema, PbxLogJobSpecSchema, PortsJobSpecSchema, SipPingJobSpecSchema, TraceJobSpecSchema } from '../jobs/job-specs.js';
import { StoredPbxLogSchema, StoredTraceSchema } from '../trace/trace-stored.js';
import { FindingSchema, LocalEndpointSchema } from './finding.js';

export * from './finding.js';

/**
 * A measurement as the case keeps it: what was measured, against which target, from where, when,
 * how it ended, the raw figures (typed per kind, bounded) and the findings drawn from them.
 * Jobs (electron/engine/jobs) produce these; checklist answers point at them as evidence.
 */

export const MAX_MEASUREMENTS_PER_CASE = 200;
export const MAX_FINDINGS_PER_MEASUREMENT = 200;

export const MeasurementIdSchema = z.string().regex(/^m-[a-z0-9-]{6,60}$/);

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
  z.object({ ...measurementBase, type: z.literal('nat-type'), spec: NatTypeJobSpecSchema, result: NatTypeResultSchema }),
  z.object({ ...measurementBase, type: z.literal('nat-timeout'), spec: NatTimeoutJobSpecSchema, result: NatTimeoutResultSchema }),
  z.object({ ...measurementBase, type: z.literal('alg'), spec: AlgJobSpecSchema, result: AlgResultSchema }),
  z.object({ ...measurementBase, type: z.literal('trace'), spec: TraceJobSpecSchema, result: StoredTraceSchema }),
  z.object({ ...measurementBase, type: z.literal('pbx-log'), spec: PbxLogJobSpecSchema, result: StoredPbxLogSchema }),
]);
export type MeasurementType = z.infer<typeof MeasurementSchema>;
