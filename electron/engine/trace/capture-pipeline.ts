import type { TraceResultType } from '../../../shared/trace/trace-result.js';
import { runWorker, type StartedWorker } from '../run-worker.js';
import { PIPELINE_SCRIPT } from './capture-pipeline-start.js';
import { SipAnalysis } from './sip-analysis.js';
import { eachMessage, type BatchMemoryType, type BatchType, type PipelineMessageType } from './capture-batches.js';
import { TraceFormatError } from './trace-error.js';
import { buildResult, type AnalyzeOptionsType } from './trace-analyze.js';

/**
 * `analyze` on two cores: a worker thread reads the file, decodes the packets and parses the SIP
 * (capture-pipeline-worker), while this thread analyses what it hands over. Reading and parsing
 * are about half the work, the analysis the other half, so a large capture is analysed in a
 * little over half the time. The worker hands over batches of messages: their bytes copied into
 * one buffer and the parser's byte ranges as integers (transferred, not copied), so the text of a
 * header is still made only here and only when the analysis asks for it. At most IN_FLIGHT
 * batches are under way: memory stays bounded when the analysis is the slower side.
 */

/** This thread's half: each batch's messages into the analysis, in order. */
export class BatchReader {
  readonly #texts: string[] = [];
  readonly analysis = new SipAnalysis();

  read(batch: BatchType): void {
    const analysis = this.analysis;
    eachMessage(batch, this.#texts, (m, meta) => analysis.message(m, meta));
    for (const e of batch.icmp) analysis.icmp(e);
  }
}

/** The analysis of a capture file on two threads; the same result as CaptureAnalysis. */
export function analyzeCapturePiped(path: string, options: AnalyzeOptionsType = {}, started: StartedWorker | null = null): Promise<TraceResultType> {
  const reader = new BatchReader();
  return runWorker<TraceResultType, PipelineMessageType>(started ?? PIPELINE_SCRIPT, { workerData: { path } }, 'analysis', (m, end, worker) => {
    if (m.type === 'batch') {
      reader.read(m.batch);
      const { bytes, ints, nums } = m.batch;
      worker.postMessage({ bytes, ints, nums } satisfies BatchMemoryType, [bytes, ints.buffer as ArrayBuffer, nums.buffer as ArrayBuffer]);
    } else if (m.type === 'progress') options.onProgress?.(m.bytes, m.packets);
    else if (m.type === 'end') {
      const result = buildResult(m.totals, reader.analysis);
      options.onProgress?.(result.bytes, result.packets);
      end.resolve(result);
    } else if (m.type === 'format-error') end.reject(new TraceFormatError(m.code, m.offset, m.why, m.fileKind));
    else end.reject(Object.assign(new Error(m.message), m.code === null ? {} : { code: m.code }));
  });
}
