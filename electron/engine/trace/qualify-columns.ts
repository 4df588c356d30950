import type { QualifyPointType, QualifyStateType } from '../../../shared/trace/trace-result.js';
import { thin } from '../../../shared/trace/trace-limits.js';

const STATES: readonly QualifyStateType[] = ['ok', 'lagged', 'unreachable'];

function grown<T extends Float64Array | Uint8Array | Float32Array>(a: T, make: (n: number) => T): T {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Numbers kept per device for the whole capture (its RTTs), outside the JS heap: an array of them
 * growing by copies was most of what survived the young generation and made V8 enlarge it as the
 * capture grew (16 → 32 MB of RSS on the bench's ×5 capture).
 */
export class NumberColumn {
  #values = new Float64Array(8);
  length = 0;

  push(value: number): void {
    if (this.length === this.#values.length) this.#values = grown(this.#values, (n) => new Float64Array(n));
    this.#values[this.length++] = value;
  }

  /** The values so far (a view: valid until the next push). */
  values(): Float64Array {
    return this.#values.subarray(0, this.length);
  }
}

/**
 * A device's qualify timeline while a capture is read, in columns (time, state, RTT) instead of an
 * object per probe: 13 bytes a point instead of about 50 with its boxed numbers, so the heap of a
 * long capture grows by little more than its dialogs (bench: SIP only ×5). Points become objects
 * only for the result.
 */
export class QualifyColumns {
  #time = new Float64Array(8);
  #state = new Uint8Array(8);
  /** NaN: no RTT (unanswered, or not decided yet). */
  #rtt = new Float32Array(8);
  length = 0;

  /** Appends a point; returns its index. */
  push(time: number, state: QualifyStateType, rttMs: number | null): number {
    if (this.length === this.#time.length) {
      this.#time = grown(this.#time, (n) => new Float64Array(n));
      this.#state = grown(this.#state, (n) => new Uint8Array(n));
      this.#rtt = grown(this.#rtt, (n) => new Float32Array(n));
    }
    this.#time[this.length] = time;
    this.set(this.length, state, rttMs);
    return this.length++;
  }

  /** Decides point `i`: its state and RTT (ms, kept to 0.1 ms). */
  set(i: number, state: QualifyStateType, rttMs: number | null): void {
    this.#state[i] = STATES.indexOf(state);
    this.#rtt[i] = rttMs === null ? Number.NaN : rttMs;
  }

  /**
   * The points as the result has them, without those still undecided (no RTT and still 'ok'); at
   * most `max`, thinned as a case keeps them (every LAGGED and UNREACHABLE first): objects are
   * made only for the points kept.
   */
  points(max: number): QualifyPointType[] {
    const decided: number[] = [];
    for (let i = 0; i < this.length; i++) if (this.#state[i] !== 0 || !Number.isNaN(this.#rtt[i]!)) decided.push(i);
    return thin(decided, max, (i) => this.#state[i] !== 0).map((i) => {
      const rtt = this.#rtt[i]!;
      return { time: this.#time[i]!, state: STATES[this.#state[i]!]!, rttMs: Number.isNaN(rtt) ? null : Math.round(rtt * 10) / 10 };
    });
  }
}
