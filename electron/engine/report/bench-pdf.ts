import { performance } from 'node:perf_hooks';
import type { ReportModelType } from '../../../shared/report/report-model-type.js';
import { buildReportPdf, type ReportAttachmentType } from './pdf.js';

export interface PdfBenchResultType {
  medianMs: number;
  p95Ms: number;
  /** Size of the last PDF built, attachments included. */
  bytes: number;
}

/** Deterministic pseudo-random bytes: a constant fill would deflate to nothing and time nothing. */
function noise(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 0x2545f491;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

/** Nearest-rank percentile of an ascending list. */
function percentile(sorted: number[], p: number): number {
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/**
 * Times `buildReportPdf` for a full report, the way the export button runs it. Two untimed warm-up
 * builds first: the first build pays for loading pdfmake and JIT-compiling fontkit, which says
 * nothing about the steady cost the user feels on every export.
 */
export async function benchPdf(model: ReportModelType, runs = 25): Promise<PdfBenchResultType> {
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError('benchPdf: runs must be a positive integer');
  // A realistic payload: the case JSON and a small binary trace, so attachment embedding is timed too.
  const attachments: ReportAttachmentType[] = [
    { fileName: 'case.json', content: JSON.stringify(model, null, 2), mimeType: 'application/json', description: 'case' },
    { fileName: 'trace.pcapng', content: noise(256 * 1024), mimeType: 'application/octet-stream', description: 'trace' },
  ];
  for (let i = 0; i < 2; i++) await buildReportPdf(model, attachments);

  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const pdf = await buildReportPdf(model, attachments);
    times.push(performance.now() - start);
    bytes = pdf.length;
  }
  times.sort((a, b) => a - b);
  const round = (ms: number): number => Math.round(ms * 10) / 10;
  return { medianMs: round(median(times)), p95Ms: round(percentile(times, 95)), bytes };
}
