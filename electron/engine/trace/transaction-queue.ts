import { NumberTable } from './number-table.js';

/**
 * The open transactions of an analysis, keyed by 52-bit hash, in the order they were opened, so
 * that those older than a transaction's life are found from the front. A JS Map did this, but a
 * Map that every request fills and every answer empties keeps reallocating its table; those tables
 * outlived the young generation and grew the old one with the length of the capture (the bench's
 * "SIP only ×5" memory). Here a ring of slots and a key table that deletes without tombstones
 * grow to the most transactions open at once, and stay.
 */
export class TransactionQueue<T> {
  #values: Array<T | undefined>;
  #keys: Float64Array;
  #opened: Float64Array;
  /** Ring positions (ever increasing; the slot is `position & mask`) by key. */
  readonly #where = new NumberTable(64);
  #head = 0;
  #tail = 0;
  #mask: number;

  constructor(capacity = 64) {
    this.#values = new Array<T | undefined>(capacity).fill(undefined);
    this.#keys = new Float64Array(capacity).fill(Number.NaN);
    this.#opened = new Float64Array(capacity);
    this.#mask = capacity - 1;
  }

  get size(): number {
    return this.#where.size;
  }

  get(key: number): T | undefined {
    const at = this.#where.get(key);
    return at === undefined ? undefined : this.#values[at & this.#mask];
  }

  /** Opens a transaction (at the back; a key already open is moved there). */
  set(key: number, value: T, opened: number): void {
    this.delete(key);
    if (this.#tail - this.#head > this.#mask) this.#compact();
    const slot = this.#tail & this.#mask;
    this.#values[slot] = value;
    this.#keys[slot] = key;
    this.#opened[slot] = opened;
    this.#where.set(key, this.#tail++);
  }

  delete(key: number): boolean {
    const at = this.#where.get(key);
    if (at === undefined) return false;
    this.#where.delete(key);
    const slot = at & this.#mask;
    this.#values[slot] = undefined;
    this.#keys[slot] = Number.NaN;
    // Answered in the order they were opened (most are): the front moves on, no compaction needed.
    if (at === this.#head) while (this.#head < this.#tail && Number.isNaN(this.#keys[this.#head & this.#mask])) this.#head++;
    return true;
  }

  /** Removes and returns the oldest open transaction if it was opened before `before`. */
  shiftOpenedBefore(before: number): { key: number; value: T } | undefined {
    while (this.#head < this.#tail) {
      const slot = this.#head & this.#mask;
      const key = this.#keys[slot]!;
      if (Number.isNaN(key)) {
        this.#head++;
        continue;
      }
      if (!(this.#opened[slot]! < before)) return undefined;
      const value = this.#values[slot]!;
      // Moves the front past it (and past the answered ones after it).
      this.delete(key);
      return { key, value };
    }
    return undefined;
  }

  /**
   * The ring is full (answered transactions leave gaps until the front passes them): the open
   * ones move to the front in their order, into twice the room if they fill half of it.
   */
  #compact(): void {
    const values = this.#values;
    const keys = this.#keys;
    const opened = this.#opened;
    const mask = this.#mask;
    const capacity = this.size * 2 > mask ? (mask + 1) * 2 : mask + 1;
    this.#values = new Array<T | undefined>(capacity).fill(undefined);
    this.#keys = new Float64Array(capacity).fill(Number.NaN);
    this.#opened = new Float64Array(capacity);
    this.#mask = capacity - 1;
    let n = 0;
    for (let p = this.#head; p < this.#tail; p++) {
      const slot = p & mask;
      if (Number.isNaN(keys[slot])) continue;
      this.#values[n] = values[slot];
      this.#keys[n] = keys[slot]!;
      this.#opened[n] = opened[slot]!;
      this.#where.set(keys[slot]!, n++);
    }
    this.#head = 0;
    this.#tail = n;
  }
}
