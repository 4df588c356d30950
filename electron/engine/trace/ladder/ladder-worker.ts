import { parentPort, workerData } from 'node:worker_threads';
import { TraceFormatError } from '../trace-error.js';
import { buildLadderIndex, type ladderPaths } from './ladder-build.js';

/**
 * Builds one ladder index off the engine's thread (DESIGN.md: heavy parsing in worker threads);
 * the engine then reads the index file it wrote. Posts progress, then done or a typed failure.
 */
const { path, paths } = workerData as { path: string; paths: ReturnType<typeof ladderPaths> };

try {
  const data = await buildLadderIndex(path, paths, (bytes, messages) => parentPort?.postMessage({ type: 'progress', bytes, messages }));
  parentPort?.postMessage({ type: 'done', dialogs: data.dialogs.callId.length });
} catch (error) {
  if (error instanceof TraceFormatError) parentPort?.postMessage({ type: 'format-error', code: error.code, offset: error.offset, fileKind: error.fileKind });
  else parentPort?.postMessage({ type: 'failed', message: error instanceof Error ? error.message.slice(0, 300) : 'unknown' });
}
