import { z } from 'zod';
import { PortsResultSchema, SipPingResultSchema } from '../diagnostics/results.js';
import { BilingualTextSchema } from '../model/bounded.js';
import { MeasurementIdSchema } from '../model/measurement.js';
import { NatTimeoutResultSchema, NatTypeResultSchema } from '../diagnostics/nat-results.js';
import { AlgResultSchema } from '../diagnostics/alg-results.js';
import { AlgJobSpecSchema, CaptureJobSpecSchema, NatTimeoutJobSpecSchema, NatTypeJobSpecSchema, PbxLogJobSpecSchema, PortsJobSpecSchema, ReportAttachJobSpecSchema, SipPingJobSpecSchema, TraceJobSpecSchema } from './job-specs.js';
import { AttachmentRefSchema } from '../model/case.js';
import { CaptureJobResultSchema } from '../capture/live-capture.js';
import { StoredPbxLogSchema, StoredTraceSchema } from '../trace/trace-stored.js';

export * from './job-specs.js';

export const JobIdSchema = z.string().regex(/^job-[a-z0-9-]{6,60}$/);
export const JobStateSchema = z.enum(['running', 'done', 'cancelled', 'failed']);
/** Jobs that can be stopped (a normal end that keeps what they have: a live capture) besides cancelled. */
export const STOPPABLE_JOB_TYPES = ['capture'] as const;
export type JobStateType = z.infer<typeof JobStateSchema>;

const snapshotBase = {
  id: JobIdSchema,
  caseId: z.string().max(64),
  /** What is contacted, as shown before the start. */
  target: z.string().max(300),
  state: JobStateSchema,
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  /** The latest it will end: the UI says "höchstens noch …". */
  deadlineAt: z.iso.datetime(),
  fraction: z.number().min(0).max(1),
  /** What it is doing now. */
  message: BilingualTextSchema.nullable(),
  error: z.object({ detail: z.string().max(500) }).nullable(),
  /** Set when the result was stored with the case. */
  measurementId: MeasurementIdSchema.nullable(),
};

/**
 * A job as the front end sees it: the whole state in one object, so a window that reloads gets
 * everything from `jobs.list` and every `job.updated` event simply replaces what it had.
 * `partial` is the result so far (the final result once `state` is `done`).
 */
export const JobSnapshotSchema = z.discriminatedUnion('type', [
  z.object({ ...snapshotBase, type: z.literal('ports'), spec: PortsJobSpecSchema, partial: PortsResultSchema.nullable() }),
  z.object({ ...snapshotBase, type: z.literal('sip-ping'), spec: SipPingJobSpecSchema, partial: SipPingResultSchema.nullable() }),
  z.object({ ...snapshotBase, type: z.literal('nat-type'), spec: NatTypeJobSpecSchema, partial: NatTypeResultSchema.nullable() }),
  z.object({ ...snapshotBase, type: z.literal('nat-timeout'), spec: NatTimeoutJobSpecSchema, partial: NatTimeoutResultSchema.nullable() }),
  z.object({ ...snapshotBase, type: z.literal('alg'), spec: AlgJobSpecSchema, partial: AlgResultSchema.nullable() }),
  z.object({ ...snapshotBase, type: z.literal('trace'), spec: TraceJobSpecSchema, partial: StoredTraceSchema.nullable() }),
  z.object({ ...snapshotBase, type: z.literal('pbx-log'), spec: PbxLogJobSpecSchema, partial: StoredPbxLogSchema.nullable() }),
  z.object({ ...snapshotBase, type: z.literal('capture'), spec: CaptureJobSpecSchema, partial: CaptureJobResultSchema.nullable() }),
  /** `partial`: the attachment made, once done; error detail `export:CODE:DETAIL` (exportFailureText). */
  z.object({ ...snapshotBase, type: z.literal('report-attach'), spec: ReportAttachJobSpecSchema, partial: AttachmentRefSchema.nullable() }),
]);
export type JobSnapshotType = z.infer<typeof JobSnapshotSchema>;
