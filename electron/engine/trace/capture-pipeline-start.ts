import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { StartedWorker } from '../run-worker.js';

/**
 * Whether and how a capture is analysed on two threads (capture-pipeline), without loading the
 * analysis: the CLI starts the reading thread first and loads the rest while it starts.
 */

export const PIPELINE_SCRIPT = fileURLToPath(new URL('./capture-pipeline-worker.js', import.meta.url));

/** Below this size a second thread costs more to start than it saves. */
export const PIPELINE_MIN_BYTES = 16 * 1024 * 1024;

/**
 * Whether `analyzeCaptureFile` would use the pipeline for this file: the worker script is built,
 * there is a second core, and the file is large enough.
 */
export function pipelineFor(path: string, minBytes = PIPELINE_MIN_BYTES): boolean {
  if (!existsSync(PIPELINE_SCRIPT) || (minBytes > 0 && availableParallelism() < 2)) return false;
  try {
    return statSync(path).size >= minBytes;
  } catch {
    return false; // the reading side says what is wrong with the file, in one place
  }
}

/** The reading thread for `path`, started now (null where the pipeline is not used). */
export function startPipeline(path: string, minBytes = PIPELINE_MIN_BYTES): StartedWorker | null {
  return pipelineFor(path, minBytes) ? new StartedWorker(PIPELINE_SCRIPT, { workerData: { path } }) : null;
}
