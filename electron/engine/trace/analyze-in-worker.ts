import { Worker } from 'node:worker_threads';
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
  return new Promise((resolve, reject) => {
    const worker = new Worker(SCRIPT, { workerData: { kind, path }, resourceLimits: { maxOldGenerationSizeMb: 384 } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => settle(() => reject(Object.assign(new Error('cancelled'), { name: 'AbortError' })));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted === true) onAbort();
    worker.on('message', (m: MessageType) => {
      if (m.type === 'progress') options.onProgress?.(m.bytes, m.packets);
      else if (m.type === 'done') settle(() => resolve(m.result));
      else if (m.type === 'format-error') settle(() => reject(new TraceFormatError(m.code, m.offset, m.code, m.fileKind)));
      else settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`analysis ended unexpectedly (${code})`))));
  });
}
