import { runWorker } from '../run-worker.js';
import { fileURLToPath } from 'node:url';
import type { PbxLogResultType } from '../../../shared/trace/pbx-log-result.js';
import type { TraceResultType } from '../../../shared/trace/trace-result.js';
import type { FileKindType } from '../../../shared/trace/trace-messages.js';
import { TraceFormatError, type TraceErrorCodeType } from './trace-error.js';

const SCRIPT = fileURLToPath(new URL('./trace-worker.js', import.meta.url));

export interface WorkerRunOptionsType {
  signal?: AbortSignal;
  onProgress?: (bytes: number, packets: number | null) => void;
}

type MessageType =
  | { type: 'progress'; bytes: number; packets: number | null }
  | { type: 'done'; result: unknown }
  | { type: 'format-error'; code: TraceErrorCodeType; offset: number; fileKind: FileKindType }
  | { type: 'failed'; message: string };

export function analyzeInWorker(kind: 'trace', path: string, options?: WorkerRunOptionsType): Promise<TraceResultType>;
export function analyzeInWorker(kind: 'pbx-log', path: string, options?: WorkerRunOptionsType): Promise<PbxLogResultType>;
/** One worker per analysis; cancelling terminates it (the stream and its memory go with it). */
export function analyzeInWorker(kind: 'trace' | 'pbx-log', path: string, options: WorkerRunOptionsType = {}): Promise<unknown> {
  const limits = { resourceLimits: { maxOldGenerationSizeMb: 384 } };
  return runWorker<unknown, MessageType>(SCRIPT, { workerData: { kind, path }, ...limits }, 'analysis', (m, end) => {
    if (m.type === 'progress') options.onProgress?.(m.bytes, m.packets);
    else if (m.type === 'done') end.resolve(m.result);
    else if (m.type === 'format-error') end.reject(new TraceFormatError(m.code, m.offset, m.code, m.fileKind));
    else end.reject(new Error(m.message));
  }, options.signal);
}
