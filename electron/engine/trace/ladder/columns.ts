/**
 * Growable typed-array columns: a ladder index holds a few numbers per message (a million messages
 * is tens of MB as columns, hundreds as objects) and never a message's text.
 */
type TypedType = Float64Array | Uint32Array | Uint16Array | Uint8Array;
type CtorType<T extends TypedType> = { new (length: number): T };

export class Column<T extends TypedType> {
  #data: T;
  #length = 0;
  readonly #ctor: CtorType<T>;

  constructor(ctor: CtorType<T>, capacity = 1024) {
    this.#ctor = ctor;
    this.#data = new ctor(capacity);
  }

  get length(): number {
    return this.#length;
  }

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const bigger = new this.#ctor(this.#data.length * 2);
      bigger.set(this.#data);
      this.#data = bigger;
    }
    this.#data[this.#length++] = value;
  }

  get(i: number): number {
    return this.#data[i] ?? 0;
  }

  set(i: number, value: number): void {
    this.#data[i] = value;
  }

  /** The filled part (a view, not a copy). */
  view(): T {
    return this.#data.subarray(0, this.#length) as T;
  }
}

/** Strings numbered in the order first seen (addresses, methods): one copy of each. */
export class Interner {
  readonly values: string[] = [];
  readonly #ids = new Map<string, number>();

  id(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.#ids.set(value, id);
    }
    return id;
  }
}
