import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CaseStore } from '../../electron/engine/store/case-store.js';
import { Uploads } from '../../electron/engine/trace/uploads.js';

/** Importing a file into a case in slices: the front end keeps several in flight (file-import.ts). */
describe('uploads with slices in flight', () => {
  let dir: string;
  let store: CaseStore;
  let uploads: Uploads;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sft-uploads-'));
    store = new CaseStore(dir);
    await store.open();
    uploads = new Uploads(store);
  });
  afterEach(async () => {
    await uploads.closeAll();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes slices sent at once in the order they came, and finish waits for the last', async () => {
    const c = await store.create();
    const file = randomBytes(10 * 65_536 + 123);
    const slice = 65_536;
    const { uploadId } = await uploads.begin(c.id, 'firewall.pcap', 'trace', file.length);
    const sent: Array<Promise<{ received: number }>> = [];
    for (let offset = 0; offset < file.length; offset += slice) sent.push(uploads.chunk(uploadId, offset, file.subarray(offset, offset + slice).toString('base64')));
    const finished = uploads.finish(uploadId);
    expect((await Promise.all(sent)).at(-1)?.received).toBe(file.length);
    const ref = await finished;
    expect(ref.sha256).toBe(createHash('sha256').update(file).digest('hex'));
    expect((await readFile(join(store.caseDir(c.id), 'attachments', ref.fileName))).equals(file)).toBe(true);
  });

  it('a slice out of place fails alone; the next in place still fits', async () => {
    const c = await store.create();
    const { uploadId } = await uploads.begin(c.id, 'log.txt', 'log', 8);
    const first = uploads.chunk(uploadId, 0, Buffer.from('abcd').toString('base64'));
    const wrong = uploads.chunk(uploadId, 6, Buffer.from('gh').toString('base64'));
    const right = uploads.chunk(uploadId, 4, Buffer.from('efgh').toString('base64'));
    await expect(first).resolves.toEqual({ received: 4 });
    await expect(wrong).rejects.toThrow(/slice at 6, expected 4/);
    await expect(right).resolves.toEqual({ received: 8 });
    expect((await uploads.finish(uploadId)).bytes).toBe(8);
  });

  it('aborted with slices still queued: they fail, and no part file is left', async () => {
    const c = await store.create();
    const { uploadId } = await uploads.begin(c.id, 'x.pcap', 'trace', 3 * 4);
    const queued = [0, 4, 8].map((offset) => uploads.chunk(uploadId, offset, Buffer.from('wxyz').toString('base64')));
    await uploads.abort(uploadId);
    const outcomes = await Promise.allSettled(queued);
    expect(outcomes.some((o) => o.status === 'rejected')).toBe(true);
    await expect(uploads.finish(uploadId)).rejects.toThrow(/upload/);
    expect((await readdir(join(store.caseDir(c.id), 'attachments'))).filter((f) => f.endsWith('.part'))).toEqual([]);
  });
});
