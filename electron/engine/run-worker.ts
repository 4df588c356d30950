import { Worker, type WorkerOptions } from 'node:worker_threads';

/** How a worker's message handler ends the run: with a value or an error. Later calls are ignored. */
export interface WorkerEndType<T> {
  resolve(value: T): void;
  reject(error: unknown): void;
}

/**
 * A worker started before anyone listens (so that it loads while its caller still does): what it
 * sends, fails or ends with is kept until `attach`, then handed on in order.
 */
export class StartedWorker {
  readonly worker: Worker;
  readonly #queue: Array<['message' | 'error' | 'exit', unknown]> = [];
  #sink: ((event: 'message' | 'error' | 'exit', value: unknown) => void) | null = null;

  constructor(script: string, options: WorkerOptions) {
    this.worker = new Worker(script, options);
    for (const event of ['message', 'error', 'exit'] as const) this.worker.on(event, (value: unknown) => (this.#sink ? this.#sink(event, value) : this.#queue.push([event, value])));
  }

  attach(sink: (event: 'message' | 'error' | 'exit', value: unknown) => void): void {
    this.#sink = sink;
    for (const [event, value] of this.#queue.splice(0)) sink(event, value);
  }
}

/**
 * One worker thread for one task (a script to start, or one started already): `onMessage` sees
 * each message and ends the run through `end`; an error in the worker, its unexpected exit
 * (`what` names the task in that message) or a throwing handler rejects. The worker is terminated
 * as soon as the run ends, and when `signal` aborts.
 */
export function runWorker<T, M>(source: string | StartedWorker, options: WorkerOptions, what: string, onMessage: (message: M, end: WorkerEndType<T>, worker: Worker) => void, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const started = typeof source === 'string' ? new StartedWorker(source, options) : source;
    const worker = started.worker;
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
    started.attach((event, value) => {
      if (event === 'error') end.reject(value);
      else if (event === 'exit') end.reject(new Error(`${what} ended unexpectedly (${String(value)})`));
      else if (!settled) {
        try {
          onMessage(value as M, end, worker);
        } catch (error) {
          end.reject(error);
        }
      }
    });
  });
}
