import { ContractError } from '../../../shared/contract/errors.js';
import type { ReportAttachJobSpecType } from '../../../shared/jobs/job-specs.js';
import type { AttachmentRefType } from '../../../shared/model/case.js';
import type { ReportAttachments } from '../trace/export/report-attachments.js';
import type { ExportReadType } from '../trace/export/trace-export.js';
import type { JobContextType, JobDefinitionType } from './job-runner.js';

/**
 * A trace or PBX-log excerpt attached for the report, as a job (issue 8 §3): a capture of
 * hundreds of MB is read twice (plan, then write), so the window shows how far, and can cancel.
 * Cancel and failure leave no file and no attachment (report-attachments.ts, trace-export.ts);
 * the error detail is `export:CODE:DETAIL`, worded by exportFailureText in both languages.
 */

/** Two passes at well over 20 MB/s (96 MB take 1.5 s here): 30 minutes cover any capture the app takes. */
const MAX_ATTACH_MS = 30 * 60_000;

const mb = (bytes: number) => (bytes / 1048576).toFixed(1);

function progress(ctx: JobContextType<AttachmentRefType>, fraction: number, read: ExportReadType): void {
  ctx.progress({
    fraction: Math.min(0.99, fraction),
    message: {
      de: `${read.pass === 1 ? 'Durchgang 1 von 2 (Auswahl, Schwärzung)' : 'Durchgang 2 von 2 (Schreiben)'}: ${mb(read.bytes).replace('.', ',')} von ${mb(read.total).replace('.', ',')} MB gelesen`,
      en: `${read.pass === 1 ? 'Pass 1 of 2 (selection, redaction)' : 'Pass 2 of 2 (writing)'}: ${mb(read.bytes)} of ${mb(read.total)} MB read`,
    },
  });
}

/** The detail the window words: `export:CODE:DETAIL` for every failure the technician can act on. */
function detailOf(error: unknown): Error {
  if (error instanceof ContractError) {
    if (error.detail.startsWith('export:')) return new Error(error.detail);
    if (error.code === 'disk-full') return new Error(`export:no-space:${error.detail}`);
  }
  return error instanceof Error ? error : new Error(String(error));
}

export function reportAttachJob(attachments: ReportAttachments | null, changed: (caseId: string) => void): JobDefinitionType<ReportAttachJobSpecType, AttachmentRefType, AttachmentRefType> {
  return {
    type: 'report-attach',
    target: (s) => `${s.source}${s.devices.length + s.dialogs.length > 0 ? ` · ${[...s.devices, ...s.dialogs].join(', ')}` : ''}`,
    maxDurationMs: () => MAX_ATTACH_MS,
    run: async (s, ctx) => {
      if (attachments === null) throw new Error('report attachments are not available here');
      let ref: AttachmentRefType;
      try {
        ref = await attachments.attach({ caseId: ctx.caseId, source: s.source, devices: s.devices, dialogs: s.dialogs, redact: s.redact }, new Date(), { signal: ctx.signal, onProgress: (fraction, read) => progress(ctx, fraction, read) });
      } catch (error) {
        throw detailOf(error);
      }
      changed(ctx.caseId);
      return ref;
    },
    // The attachment is the result and is in the case already: no measurement to keep.
    toMeasurement: () => null,
  };
}
