import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { summarizeCase } from '../../../shared/triage/summary.js';
import { CaseStore } from './case-store.js';

export interface ListBenchResultType {
  cases: number;
  /** A fresh store and no index: every case.json read once. */
  coldMs: number;
  /** A fresh store with the index on disk: no case.json read. */
  warmMs: number;
  /** Heap growth at its highest while 50 listings were asked for at once on a cold store. */
  floodPeakHeapMb: number;
}

/** `count` cases with large texts, listed cold, warm and under a burst of concurrent calls. */
export async function benchCaseList(count: number): Promise<ListBenchResultType> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-list-'));
  try {
    const seed = new CaseStore(dir, { summaryKey: 'bench' });
    const notes = 'Vor Ort geprüft, Screenshot liegt vor. '.repeat(200);
    for (let i = 0; i < count; i++) {
      const c = await seed.create(new Date(Date.UTC(2026, 0, 1) + i * 60_000));
      const answers = Object.fromEntries(Array.from({ length: 20 }, (_, k) => [`q${k}`, { value: 'yes' as const, note: notes, answeredAt: c.createdAt }]));
      await seed.save({ ...c, title: `Kunde ${i}`, answers, report: { ...c.report, description: notes } });
    }
    const rmIndex = () => rm(join(dir, 'case-index.json'), { force: true });
    await rmIndex();
    let start = performance.now();
    await new CaseStore(dir, { summaryKey: 'bench' }).list(summarizeCase);
    const coldMs = performance.now() - start;
    start = performance.now();
    await new CaseStore(dir, { summaryKey: 'bench' }).list(summarizeCase);
    const warmMs = performance.now() - start;

    await rmIndex();
    globalThis.gc?.();
    const base = process.memoryUsage().heapUsed;
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }, 5);
    const flooded = new CaseStore(dir, { summaryKey: 'bench' });
    await Promise.all(Array.from({ length: 50 }, () => flooded.list(summarizeCase)));
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return { cases: count, coldMs: Math.round(coldMs), warmMs: Math.round(warmMs), floodPeakHeapMb: Math.round((peak - base) / 2 ** 20) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
