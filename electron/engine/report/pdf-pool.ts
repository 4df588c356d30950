import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReportModelType } from '../../../shared/report/report-model-type.js';
import { buildReportPdf, type ReportAttachmentType } from './pdf.js';

export interface PdfJobType {
  id: number;
  model: ReportModelType;
  attachments: Array<Omit<ReportAttachmentType, 'content'> & { content: string | Uint8Array }>;
}
export type PdfResultType = { id: number; ok: true; pdf: Uint8Array } | { id: number; ok: false; message: string };

/**
 * One worker thread that builds report PDFs off the calling thread, started on first use and
 * restarted if it dies. Where the compiled worker script is absent (tests running the TypeScript
 * sources), it builds in-process instead: same function, same result.
 */
export class PdfWorkerPool {
  readonly #script = fileURLToPath(new URL('./pdf-worker.js', import.meta.url));
  #worker: Worker | null = null;
  #nextId = 1;
  readonly #pending = new Map<number, { resolve: (pdf: Buffer) => void; reject: (error: Error) => void }>();

  /** True when builds run in a worker thread (the built app), false in-process. */
  get threaded(): boolean {
    return existsSync(this.#script);
  }

  build(model: ReportModelType, attachments: ReportAttachmentType[]): Promise<Buffer> {
    if (!this.threaded) return buildReportPdf(model, attachments);
    const worker = this.#ensureWorker();
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, model, attachments } satisfies PdfJobType);
    });
  }

  #ensureWorker(): Worker {
    if (this.#worker) return this.#worker;
    const worker = new Worker(this.#script);
    worker.on('message', (result: PdfResultType) => {
      const job = this.#pending.get(result.id);
      this.#pending.delete(result.id);
      if (this.#pending.size === 0) worker.unref(); // an idle worker must not keep a CLI alive
      if (!job) return;
      if (result.ok) job.resolve(Buffer.from(result.pdf.buffer, result.pdf.byteOffset, result.pdf.byteLength));
      else job.reject(new Error(result.message));
    });
    const fail = (error: Error) => {
      this.#worker = null;
      for (const job of this.#pending.values()) job.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`PDF worker exited (${code})`)));
    this.#worker = worker;
    return worker;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = null;
    if (worker) await worker.terminate();
  }
}
