/**
 * Open-addressing tables keyed by the analysis's 52-bit hashes (never 0 after `key || 1`): one
 * Float64Array slot per key instead of a Map entry with a boxed number, so keeping every dialog of
 * a long capture costs 8 bytes a slot (a set: `values: false`) or 16 (a map), and no garbage.
 */
export class NumberTable {
  #keys: Float64Array;
  /** Empty for a set: `get` then answers 0 for a key that is there. */
  #values: Float64Array;
  readonly #withValues: boolean;
  #mask: number;
  size = 0;

  constructor(capacity = 1024, { values = true }: { values?: boolean } = {}) {
    this.#withValues = values;
    this.#keys = new Float64Array(capacity);
    this.#values = new Float64Array(values ? capacity : 0);
    this.#mask = capacity - 1;
  }

  #slot(key: number): number {
    let i = (key >>> 0) & this.#mask;
    while (this.#keys[i] !== 0 && this.#keys[i] !== key) i = (i + 1) & this.#mask;
    return i;
  }

  /** The value stored for `key`, or undefined. */
  get(key: number): number | undefined {
    const k = key || 1;
    const i = this.#slot(k);
    return this.#keys[i] === k ? (this.#values[i] ?? 0) : undefined;
  }

  /** Sets the value; returns true when the key is new. */
  set(key: number, value: number): boolean {
    const k = key || 1;
    const i = this.#slot(k);
    const fresh = this.#keys[i] !== k;
    this.#keys[i] = k;
    if (this.#withValues) this.#values[i] = value;
    if (fresh && ++this.size * 2 > this.#keys.length) this.#grow();
    return fresh;
  }

  /**
   * Removes `key` (true when it was there). Backward-shift deletion: the keys after it in its probe
   * run move up, so no tombstones build up in a table that churns (the open transactions).
   */
  delete(key: number): boolean {
    const k = key || 1;
    const keys = this.#keys;
    const mask = this.#mask;
    let hole = this.#slot(k);
    if (keys[hole] !== k) return false;
    for (let j = (hole + 1) & mask; keys[j] !== 0; j = (j + 1) & mask) {
      const home = (keys[j]! >>> 0) & mask;
      // A key stays where it is when its home slot lies cyclically in (hole, j].
      if (hole <= j ? hole < home && home <= j : hole < home || home <= j) continue;
      keys[hole] = keys[j]!;
      if (this.#withValues) this.#values[hole] = this.#values[j]!;
      hole = j;
    }
    keys[hole] = 0;
    this.size--;
    return true;
  }

  /** Empty again, keeping the room it grew to (a table refilled at the same rate needs it again). */
  clear(): void {
    this.#keys.fill(0);
    this.size = 0;
  }

  #grow(): void {
    const keys = this.#keys;
    const values = this.#values;
    this.#keys = new Float64Array(keys.length * 2);
    this.#values = new Float64Array(this.#withValues ? keys.length * 2 : 0);
    this.#mask = this.#keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j] ?? 0;
      if (k === 0) continue;
      const i = this.#slot(k);
      this.#keys[i] = k;
      if (this.#withValues) this.#values[i] = values[j] ?? 0;
    }
  }
}
