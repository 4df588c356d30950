import { Worker, type WorkerOptions } from 'node:worker_threads';

/** How a worker's message handler ends the run: with a value or an error. Later calls are ignored. */
export interface WorkerEndType<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * One worker thread for one task: `onMessage` sees each message and ends the run through `end`; an
 * error in the worker, its unexpected exit (`what` names the task in that message) or a throwing
 * handler rejects. The worker is terminated as soon as the run ends, and when `signal` aborts.
 */
export function runWorker<T, M>(script: string, options: WorkerOptions, what: string, onMessage: (message: M, end: WorkerEndType<T>, worker: Worker) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(script, options);
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const end: WorkerEndType<T> = { resolve: (value) => settle(() => resolve(value)), reject: (error) => settle(() => reject(error)) };
    const onAbort = () => end.reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) onAbort();
    worker.on('message', (m: M) => {
      if (settled) return;
      try {
        onMessage(m, end, worker);
      } catch (error) {
        end.reject(error);
      }
    });
    worker.on('error', (error) => end.reject(error));
    worker.on('exit', (code) => end.reject(new Error(`${what} ended unexpectedly (${code})`)));
  });
}
