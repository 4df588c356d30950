/**
 * Per-source token buckets with a bounded number of sources: a flood from one address is cut to
 * the refill rate, and a flood from many addresses cannot grow the table past `maxSources` (the
 * least recently seen source is forgotten first).
 */
export class RateLimit {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #burst: number;
  readonly #perSecond: number;
  readonly #maxSources: number;
  dropped = 0;

  constructor(options: { burst: number; perSecond: number; maxSources: number }) {
    this.#burst = options.burst;
    this.#perSecond = options.perSecond;
    this.#maxSources = options.maxSources;
  }

  allow(source: string, now = Date.now()): boolean {
    let bucket = this.#buckets.get(source);
    if (bucket === undefined) {
      if (this.#buckets.size >= this.#maxSources) this.#buckets.delete(this.#buckets.keys().next().value as string);
      bucket = { tokens: this.#burst, at: now };
    } else {
      this.#buckets.delete(source); // re-inserted below: Map order is the recency order
      bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond);
      bucket.at = now;
    }
    this.#buckets.set(source, bucket);
    if (bucket.tokens < 1) {
      this.dropped += 1;
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  get sources(): number {
    return this.#buckets.size;
  }
}
