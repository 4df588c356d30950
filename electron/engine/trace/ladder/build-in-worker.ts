import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { FileKindType } from '../../../../shared/trace/trace-messages.js';
import { TraceFormatError, type TraceErrorCodeType } from '../trace-error.js';
import type { ladderPaths } from './ladder-build.js';

const SCRIPT = fileURLToPath(new URL('./ladder-worker.js', import.meta.url));

type MessageType =
  | { type: 'progress'; bytes: number; messages: number }
  | { type: 'done'; dialogs: number }
  | { type: 'format-error'; code: TraceErrorCodeType; offset: number; fileKind: FileKindType }
  | { type: 'failed'; message: string };

/** Builds a capture's ladder index in a worker thread; resolves when the index file is written. */
export function buildLadderInWorker(path: string, paths: ReturnType<typeof ladderPaths>): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(SCRIPT, { workerData: { path, paths }, resourceLimits: { maxOldGenerationSizeMb: 1024 } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: MessageType) => {
      if (m.type === 'done') settle(resolve);
      else if (m.type === 'format-error') settle(() => reject(new TraceFormatError(m.code, m.offset, m.code, m.fileKind)));
      else if (m.type === 'failed') settle(() => reject(new Error(m.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`ladder index ended unexpectedly (${code})`))));
  });
}
