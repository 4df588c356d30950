import { describe, expect, it } from 'vitest';
import { NumberTable } from '../../electron/engine/trace/number-table.js';
import { TransactionQueue } from '../../electron/engine/trace/transaction-queue.js';
import { prng } from './helpers/sip-traffic-model.js';

/**
 * The analysis's hash tables against a JS Map doing the same operations: random keys (some
 * colliding in their home slot on purpose, so deletion has runs to shift), inserts, lookups,
 * deletes and growth.
 */

function randomKey(rnd: () => number, mask: number): number {
  // Keys that share low bits land in the same slot: long probe runs, wrapping at the table's end.
  const low = rnd() < 0.5 ? Math.floor(rnd() * 8) + (rnd() < 0.3 ? mask - 3 : 0) : Math.floor(rnd() * 2 ** 32);
  return Math.floor(rnd() * 2 ** 20) * 2 ** 32 + (low >>> 0);
}

describe('NumberTable with deletion', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: the same answers as a Map over 20 000 random operations', (seed) => {
    const rnd = prng(seed);
    for (const values of [true, false]) {
      const table = new NumberTable(16, { values });
      const model = new Map<number, number>();
      const keys: number[] = [];
      for (let op = 0; op < 20_000; op++) {
        const r = rnd();
        const key = keys.length > 0 && r < 0.6 ? keys[Math.floor(rnd() * keys.length)]! : randomKey(rnd, 1023);
        if (r < 0.45) {
          const v = Math.floor(rnd() * 1e9);
          expect(table.set(key, v)).toBe(!model.has(key));
          model.set(key, values ? v : 0);
          keys.push(key);
        } else if (r < 0.8) {
          expect(table.delete(key)).toBe(model.delete(key));
        } else {
          expect(table.get(key)).toBe(model.get(key));
        }
        expect(table.size).toBe(model.size);
      }
      for (const k of keys) expect(table.get(k)).toBe(model.get(k));
    }
  });
});

describe('TransactionQueue', () => {
  it.each([1, 2, 3, 4, 5, 6])('seed %i: oldest first, answered ones gone, as a Map in insertion order', (seed) => {
    const rnd = prng(seed * 13);
    const queue = new TransactionQueue<string>(4);
    const model = new Map<number, { value: string; opened: number }>();
    let now = 0;
    for (let op = 0; op < 20_000; op++) {
      now += Math.floor(rnd() * 100);
      const r = rnd();
      const open = [...model.keys()];
      if (r < 0.5) {
        const key = open.length > 0 && rnd() < 0.05 ? open[Math.floor(rnd() * open.length)]! : randomKey(rnd, 63);
        model.delete(key);
        model.set(key, { value: `v${op}`, opened: now });
        queue.set(key, `v${op}`, now);
      } else if (r < 0.8 && open.length > 0) {
        const key = open[Math.floor(rnd() * open.length)]!;
        expect(queue.get(key)).toBe(model.get(key)!.value);
        expect(queue.delete(key)).toBe(true);
        model.delete(key);
        expect(queue.get(key)).toBeUndefined();
      } else {
        const before = now - Math.floor(rnd() * 3000);
        const expected: Array<{ key: number; value: string }> = [];
        for (const [key, e] of model) {
          if (!(e.opened < before)) break;
          expected.push({ key, value: e.value });
        }
        const got: Array<{ key: number; value: string }> = [];
        for (let o = queue.shiftOpenedBefore(before); o !== undefined; o = queue.shiftOpenedBefore(before)) got.push(o);
        expect(got).toEqual(expected);
        for (const e of expected) model.delete(e.key);
      }
      expect(queue.size).toBe(model.size);
    }
  });
});
