import type { FindingType } from '../../../shared/model/finding.js';
import type { PbxLogJobSpecType, TraceJobSpecType } from '../../../shared/jobs/job-specs.js';
import type { TraceFindingType } from '../../../shared/trace/trace-finding.js';
import { storedPbxLog, storedTrace, type StoredPbxLogType, type StoredTraceType } from '../../../shared/trace/trace-stored.js';
import { analyzeInWorker } from '../trace/analyze-in-worker.js';
import { TraceFormatError } from '../trace/trace-error.js';
import type { JobContextType, JobDefinitionType } from './job-runner.js';

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

async function pathOf(resolve: AttachmentResolverType, ctx: JobContextType<unknown>, fileName: string): Promise<string> {
  const path = await resolve(ctx.caseId, fileName);
  if (path === null) throw new Error('trace-format:not-found:0');
  return path;
}

function progress(ctx: JobContextType<unknown>, bytes: number, packets: number | null, total: number): void {
  const mb = (bytes / 1048576).toFixed(1);
  ctx.progress({
    fraction: total > 0 ? Math.min(0.99, bytes / total) : 0,
    message: packets === null ? { de: `${mb} MB gelesen`, en: `${mb} MB read` } : { de: `${mb} MB gelesen, ${packets} Pakete`, en: `${mb} MB read, ${packets} packets` },
  });
}

export function traceJob(resolve: AttachmentResolverType, sizeOf: (path: string) => Promise<number>): JobDefinitionType<TraceJobSpecType, StoredTraceType, StoredTraceType> {
  return {
    type: 'trace',
    target: (s) => s.fileName,
    maxDurationMs: () => MAX_IMPORT_MS,
    run: async (s, ctx) => {
      const path = await pathOf(resolve, ctx, s.fileName);
      const total = await sizeOf(path);
      try {
        return storedTrace(await analyzeInWorker('trace', path, { signal: ctx.signal, onProgress: (b, p) => progress(ctx, b, p, total) }));
      } catch (error) {
        // The job's error carries the code; the window words it in the user's language
        // (shared/trace/trace-messages.ts, importFailureText). The case keeps no result.
        if (error instanceof TraceFormatError) throw new Error(`trace-format:${error.code}:${error.offset}`);
        throw error;
      }
    },
    toMeasurement: (spec, result, meta) => ({ ...meta, type: 'trace', target: spec.fileName, spec, result, local: { address: null, interface: null }, findings: result.findings.map(asFinding) }),
  };
}

export function pbxLogJob(resolve: AttachmentResolverType, sizeOf: (path: string) => Promise<number>): JobDefinitionType<PbxLogJobSpecType, StoredPbxLogType, StoredPbxLogType> {
  return {
    type: 'pbx-log',
    target: (s) => s.fileName,
    maxDurationMs: () => MAX_IMPORT_MS,
    run: async (s, ctx) => {
      const path = await pathOf(resolve, ctx, s.fileName);
      const total = await sizeOf(path);
      return storedPbxLog(await analyzeInWorker('pbx-log', path, { signal: ctx.signal, onProgress: (b) => progress(ctx, b, null, total) }));
    },
    toMeasurement: (spec, result, meta) => ({ ...meta, type: 'pbx-log', target: spec.fileName, spec, result, local: { address: null, interface: null }, findings: result.findings.map(asFinding) }),
  };
}
