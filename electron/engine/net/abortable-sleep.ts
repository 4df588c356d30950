/**
 * Waits `ms` (at least 0), or less if `signal` aborts first; never rejects. The listener is removed
 * either way, so thousands of waits on one job's signal leave nothing behind.
 */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal?.addEventListener('abort', done, { once: true });
  });
}
