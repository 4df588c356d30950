import { parentPort, workerData } from 'node:worker_threads';
import { analyzePbxLogFile } from '../pbxlog/pbx-log.js';
import { STORED_POINTS } from '../../../shared/trace/trace-limits.js';
import { analyzeCaptureFile } from './trace-analyze.js';
import { TraceFormatError } from './trace-error.js';

/**
 * Runs one analysis off the engine's thread (DESIGN.md: heavy parsing in worker threads), so a
 * 2 GB capture never stalls the contract or the window. Posts progress, then the result or a
 * typed failure; the engine ends the worker to cancel.
 */
interface WorkType {
  kind: 'trace' | 'pbx-log';
  path: string;
}

const { kind, path } = workerData as WorkType;
const progress = (bytes: number, packets?: number) => parentPort?.postMessage({ type: 'progress', bytes, packets: packets ?? null });

try {
  const result = kind === 'trace' ? await analyzeCaptureFile(path, { onProgress: progress, timelinePoints: STORED_POINTS }) : await analyzePbxLogFile(path, { onProgress: (b) => progress(b) });
  parentPort?.postMessage({ type: 'done', result });
} catch (error) {
  if (error instanceof TraceFormatError) parentPort?.postMessage({ type: 'format-error', code: error.code, offset: error.offset, fileKind: error.fileKind });
  else parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
}
