import { parentPort, workerData } from 'node:worker_threads';
import { BatchWriter, IN_FLIGHT, type BatchMemoryType, type PipelineMessageType } from './capture-batches.js';
import { TraceFormatError } from './trace-error.js';
import { CaptureFront, readChunks } from './capture-front.js';

/**
 * The reading side of capture-pipeline: reads the file, decodes and parses, and hands the
 * messages over in batches; waits while IN_FLIGHT batches are not yet analysed.
 */
const { path } = workerData as { path: string };
const port = parentPort!;
const post = (m: PipelineMessageType, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

let inFlight = 0;
let wake: (() => void) | null = null;
port.on('message', (memory: BatchMemoryType) => {
  inFlight--;
  writer.recycle(memory);
  wake?.();
  wake = null;
});

const writer = new BatchWriter((batch, transfer) => {
  inFlight++;
  post({ type: 'batch', batch }, transfer);
});
const front = new CaptureFront(writer);

try {
  let reported = 0;
  for await (const chunk of readChunks(path)) {
    const more = front.push(chunk);
    if (front.bytes - reported >= 4 * 1024 * 1024) {
      reported = front.bytes;
      writer.flush();
      post({ type: 'progress', bytes: front.bytes, packets: front.packets });
    }
    while (inFlight >= IN_FLIGHT) await new Promise<void>((resolve) => (wake = resolve));
    if (!more) break;
  }
  const totals = front.finish();
  writer.flush();
  post({ type: 'end', totals });
} catch (error) {
  if (error instanceof TraceFormatError) post({ type: 'format-error', code: error.code, offset: error.offset, why: error.message, fileKind: error.fileKind });
  else {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    post({ type: 'failed', message: error instanceof Error ? error.message.slice(0, 300) : 'unknown', code: typeof code === 'string' ? code : null });
  }
}
