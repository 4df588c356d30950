import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportModelFixture } from './fixtures/report-model.js';

// The worker runs the compiled engine (a worker thread cannot load TypeScript sources): `npm test`
// builds before it tests.
const compiled = join(import.meta.dirname, '..', '..', 'out', 'electron', 'engine', 'report', 'pdf-pool.js');

describe('PDF builds in a worker thread', () => {
  let dir: string;
  let pool: { threaded: boolean; build: (m: unknown, a: unknown[]) => Promise<Buffer>; close: () => Promise<void> };

  beforeAll(async () => {
    if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run npm run build first`);
    const { PdfWorkerPool } = (await import(compiled)) as { PdfWorkerPool: new () => typeof pool };
    pool = new PdfWorkerPool();
    dir = await mkdtemp(join(tmpdir(), 'sft-pool-'));
  });

  afterAll(async () => {
    await pool?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the worker in the built app and returns complete PDFs, also for concurrent builds', async () => {
    expect(pool.threaded).toBe(true);
    const model = reportModelFixture();
    const attachment = { fileName: 'trace.bin', content: Buffer.from([0, 1, 2, 250, 255]), mimeType: 'application/octet-stream', description: 'trace' };
    const [a, b] = await Promise.all([pool.build(model, [attachment]), pool.build(model, [])]);
    for (const [name, pdf] of [['a.pdf', a], ['b.pdf', b]] as const) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      await writeFile(join(dir, name), pdf);
      expect(execFileSync('pdftotext', [join(dir, name), '-'], { encoding: 'utf8' })).toContain(model.verdict.headline.slice(0, 20));
    }
    execFileSync('pdfdetach', ['-save', '1', '-o', join(dir, 'trace.bin'), join(dir, 'a.pdf')]);
    expect(execFileSync('od', ['-An', '-tu1', join(dir, 'trace.bin')], { encoding: 'utf8' }).trim().split(/\s+/)).toEqual(['0', '1', '2', '250', '255']);
  });

  it('fails a build with a clear error when the worker dies, and works again on the next one', async () => {
    const pending = pool.build(reportModelFixture(), []);
    await pool.close();
    await expect(pending).rejects.toThrow(/PDF worker exited/);
    const pdf = await pool.build(reportModelFixture(), []);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
