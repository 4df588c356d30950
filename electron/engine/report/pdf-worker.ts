/**
 * Runs in a worker thread: builds one report PDF per message. Layout and font parsing take
 * 100–300 ms of synchronous work, which would otherwise freeze Electron's main process (and every
 * window with it) or stall the browser host's other requests.
 */
import { parentPort } from 'node:worker_threads';
import { buildReportPdf } from './pdf.js';
import type { PdfJobType, PdfResultType } from './pdf-pool.js';

parentPort?.on('message', (job: PdfJobType) => {
  // Structured clone turns Buffers into Uint8Arrays; pdfkit wants Buffers back.
  const attachments = job.attachments.map((a) => ({ ...a, content: typeof a.content === 'string' ? a.content : Buffer.from(a.content) }));
  buildReportPdf(job.model, attachments).then(
    (pdf) => {
      const bytes = new Uint8Array(pdf.byteLength);
      bytes.set(pdf);
      parentPort?.postMessage({ id: job.id, ok: true, pdf: bytes } satisfies PdfResultType, [bytes.buffer]);
    },
    (error: unknown) => {
      parentPort?.postMessage({ id: job.id, ok: false, message: error instanceof Error ? error.message : String(error) } satisfies PdfResultType);
    },
  );
});
