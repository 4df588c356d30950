import { runWorker } from '../../run-worker.js';
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
  return runWorker<void, MessageType>(SCRIPT, { workerData: { path, paths }, resourceLimits: { maxOldGenerationSizeMb: 1024 } }, 'ladder index', (m, end) => {
    if (m.type === 'done') end.resolve();
    else if (m.type === 'format-error') end.reject(new TraceFormatError(m.code, m.offset, m.code, m.fileKind));
    else if (m.type === 'failed') end.reject(new Error(m.message));
  });
}
