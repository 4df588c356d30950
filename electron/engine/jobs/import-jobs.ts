import type { FindingType } from '../../../shared/model/finding.js';
import type { PbxLogJobSpecType, TraceJobSpecType } from '../../../shared/jobs/job-specs.js';
import type { TraceFindingType } from '../../../shared/trace/trace-finding.js';
import { storedPbxLog, storedTrace, type StoredPbxLogType, type StoredTraceType } from '../../../shared/trace/trace-stored.js';
import { stat } from 'node:fs/promises';
import { analyzeInWorker, type WorkerRunOptionsType } from '../trace/analyze-in-worker.js';
import { TraceFormatError } from '../trace/trace-error.js';
import type { JobContextType, JobDefinitionType, MeasurementMetaType } from './job-runner.js';
import type { MeasurementType } from '../../../shared/model/measurement.js';

/**
 * Imported captures and PBX logs as jobs (issue 7): the file is already attached to the case
 * (engine/trace/uploads.ts); the job reads it in a worker with progress and cancel, and the case
 * keeps the result as a measurement whose findings answer checklist steps.
 */

export type AttachmentResolverType = (caseId: string, fileName: string) => Promise<string | null>;

/** An analysis takes at most this long (a 2 GB capture reads in well under a minute). */
const MAX_IMPORT_MS = 15 * 60_000;

export function asFinding(f: TraceFindingType): FindingType {
  return { code: f.id, severity: f.severity, text: f.text, next: null, stepIds: f.step === undefined ? [] : [f.step] };
}

function progress(ctx: JobContextType<unknown>, bytes: number, packets: number | null, total: number): void {
  const mb = (bytes / 1048576).toFixed(1);
  ctx.progress({
    fraction: total > 0 ? Math.min(0.99, bytes / total) : 0,
    message: packets === null ? { de: `${mb} MB gelesen`, en: `${mb} MB read` } : { de: `${mb} MB gelesen, ${packets} Pakete`, en: `${mb} MB read, ${packets} packets` },
  });
}

/**
 * Finds the attachment, reads it with `read` (in the worker) while reporting progress, and turns a
 * format error into the code the window words (`trace-format:CODE:OFFSET`, importFailureText in
 * shared/trace/trace-messages.ts). On failure the case keeps no result.
 */
async function readAttachment<R>(resolve: AttachmentResolverType, ctx: JobContextType<unknown>, fileName: string, read: (path: string, options: WorkerRunOptionsType) => Promise<R>): Promise<R> {
  const path = await resolve(ctx.caseId, fileName);
  if (path === null) throw new Error('trace-format:not-found:0');
  const total = (await stat(path)).size;
  try {
    return await read(path, { signal: ctx.signal, onProgress: (bytes, packets) => progress(ctx, bytes, packets, total) });
  } catch (error) {
    if (error instanceof TraceFormatError) throw new Error(`trace-format:${error.code}:${error.offset}`);
    throw error;
  }
}

const NO_LOCAL = { address: null, interface: null };

/** A capture's analysis as the case keeps it: the same for an import and a live capture. */
export function traceMeasurement(fileName: string, result: StoredTraceType, meta: MeasurementMetaType): MeasurementType {
  return { ...meta, type: 'trace', target: fileName, spec: { type: 'trace', fileName }, result, local: NO_LOCAL, findings: result.findings.map(asFinding) };
}

export function traceJob(resolve: AttachmentResolverType): JobDefinitionType<TraceJobSpecType, StoredTraceType, StoredTraceType> {
  return {
    type: 'trace',
    target: (s) => s.fileName,
    maxDurationMs: () => MAX_IMPORT_MS,
    run: async (s, ctx) => storedTrace(await readAttachment(resolve, ctx, s.fileName, (path, options) => analyzeInWorker('trace', path, options))),
    toMeasurement: (spec, result, meta) => traceMeasurement(spec.fileName, result, meta),
  };
}

export function pbxLogJob(resolve: AttachmentResolverType): JobDefinitionType<PbxLogJobSpecType, StoredPbxLogType, StoredPbxLogType> {
  return {
    type: 'pbx-log',
    target: (s) => s.fileName,
    maxDurationMs: () => MAX_IMPORT_MS,
    run: async (s, ctx) => storedPbxLog(await readAttachment(resolve, ctx, s.fileName, (path, options) => analyzeInWorker('pbx-log', path, options))),
    toMeasurement: (spec, result, meta) => ({ ...meta, type: 'pbx-log', target: spec.fileName, spec, result, local: NO_LOCAL, findings: result.findings.map(asFinding) }),
  };
}
