import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../electron/engine/engine.js';
import type { EngineType } from '../../electron/engine/engine-type.js';
import type { JobSnapshotType } from '../../shared/jobs/job-model.js';
import { exportFailureText } from '../../shared/trace/export-messages.js';
import { CaptureWriter, ipv4, udp } from '../unit/helpers/capture-writer.js';
import { largeCapture } from '../unit/helpers/large-capture.js';

/**
 * Attaching a trace for the report as a job (issue 8 §3): a large capture shows how far each of
 * the two passes has read, cancel leaves neither an attachment nor a file, and a source deleted
 * while it is read or a full disk end in a sentence in German and English, the case unchanged.
 */

let dataDir: string;
let engine: EngineType;
const events: JobSnapshotType[] = [];

async function caseWith(file: Buffer): Promise<{ id: string; source: string }> {
  const h = engine.handlers;
  const c = await h['cases.create']({} as never);
  const { uploadId } = await h['attachments.begin']({ caseId: c.id, name: 'gross.pcap', kind: 'trace', bytes: file.length });
  for (let at = 0; at < file.length; at += 1_000_000) await h['attachments.chunk']({ uploadId, offset: at, data: file.subarray(at, at + 1_000_000).toString('base64') });
  const ref = await h['attachments.finish']({ uploadId });
  return { id: c.id, source: ref.fileName };
}

async function settled(jobId: string): Promise<JobSnapshotType> {
  for (;;) {
    const job = (await engine.handlers['jobs.get']({ jobId })) as JobSnapshotType;
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves at the job's first report of the pass named so (or its end). */
async function reached(jobId: string, pass: 'Pass 1' | 'Pass 2'): Promise<void> {
  while (!events.some((e) => e.id === jobId && (e.message?.en.startsWith(pass) === true || e.state !== 'running'))) await new Promise((r) => setTimeout(r, 2));
}

const files = (caseId: string) => readdir(join(dataDir, 'cases', caseId, 'attachments'));

let big: Buffer;
let bigSip = 0;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sft-attach-job-'));
  engine = await createEngine({ dataDir, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false, net: { stunPort: 0 } });
  engine.onEvent('job.updated', (s) => events.push(s));
  ({ file: big, sip: bigSip } = largeCapture(96));
}, 120_000);
afterAll(async () => {
  await engine?.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('attaching a trace for the report as a job', () => {
  it('says how many MB of the total each pass has read, and ends with the attachment in the case', async () => {
    const { id, source } = await caseWith(big);
    const job = await engine.handlers['jobs.start']({ caseId: id, spec: { type: 'report-attach', source, devices: [], dialogs: [], redact: true } });
    expect(job.type).toBe('report-attach');
    const done = await settled(job.id);
    expect(done.state).toBe('done');
    const mine = events.filter((e) => e.id === job.id);
    const fractions = mine.map((e) => e.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const total = (big.length / 1048576).toFixed(1);
    const messages = mine.map((e) => e.message).filter((m) => m !== null);
    expect(messages.some((m) => m.de.startsWith('Durchgang 1 von 2') && m.de.endsWith(`von ${total.replace('.', ',')} MB gelesen`))).toBe(true);
    expect(messages.some((m) => m.en.startsWith('Pass 2 of 2') && m.en.endsWith(`of ${total} MB read`))).toBe(true);
    expect(mine.filter((e) => e.state === 'running' && e.fraction > 0 && e.fraction < 1).length).toBeGreaterThan(1);
    if (done.type !== 'report-attach' || done.partial === null) throw new Error('no attachment in the result');
    const ref = done.partial;
    expect(ref.report?.items).toBe(bigSip);
    const c = await engine.handlers['cases.get']({ id });
    expect((c.attachments ?? []).map((a) => a.fileName)).toContain(ref.fileName);
    expect(done.measurementId).toBeNull();
  }, 180_000);

  it('cancel part-way: no attachment and no file left behind, not even a part file', async () => {
    const { id, source } = await caseWith(big);
    const before = (await files(id)).sort();
    const job = await engine.handlers['jobs.start']({ caseId: id, spec: { type: 'report-attach', source, devices: [], dialogs: [], redact: true } });
    // At the second pass's first report, while the part file is being written.
    await reached(job.id, 'Pass 2');
    await engine.handlers['jobs.cancel']({ jobId: job.id });
    const end = await settled(job.id);
    expect(end.state).toBe('cancelled');
    expect((await files(id)).sort()).toEqual(before);
    expect(((await engine.handlers['cases.get']({ id })).attachments ?? []).filter((a) => a.report !== undefined)).toEqual([]);
  }, 180_000);

  it('a source deleted while it is read: a sentence naming it in German and English, the case unchanged', async () => {
    const { id, source } = await caseWith(big);
    const job = await engine.handlers['jobs.start']({ caseId: id, spec: { type: 'report-attach', source, devices: [], dialogs: [], redact: true } });
    // At the first pass's first report: it still reads what it opened; the second pass finds the file gone.
    await reached(job.id, 'Pass 1');
    await unlink(join(dataDir, 'cases', id, 'attachments', source));
    const end = await settled(job.id);
    expect(end.state).toBe('failed');
    expect(end.error?.detail).toBe(`export:attachment-gone:${source}`);
    const text = exportFailureText('attachment-gone', source, '');
    expect(text.de).toContain(`„${source}“ ist nicht mehr im Fall`);
    expect(text.en).toContain(`"${source}" is no longer in the case`);
    expect((await files(id)).filter((f) => f !== source)).toEqual([]);
    expect(((await engine.handlers['cases.get']({ id })).attachments ?? []).filter((a) => a.report !== undefined)).toEqual([]);
  }, 180_000);
});

describe('a source that cannot be read any more', () => {
  it('locked or without rights (here: replaced by a folder while read): "cannot be read" in both languages, nothing attached', async () => {
    const { id, source } = await caseWith(big);
    const path = join(dataDir, 'cases', id, 'attachments', source);
    const job = await engine.handlers['jobs.start']({ caseId: id, spec: { type: 'report-attach', source, devices: [], dialogs: [], redact: true } });
    await reached(job.id, 'Pass 1');
    await unlink(path);
    // Windows reports a file another program holds as EBUSY, a folder here says EISDIR: both "unreadable".
    await mkdir(path);
    const end = await settled(job.id);
    expect(end.state).toBe('failed');
    const m = /^export:unreadable:(.+)$/.exec(end.error?.detail ?? '');
    expect(m, end.error?.detail).not.toBeNull();
    const text = exportFailureText('unreadable', source, m![1]!);
    expect(text.de).toBe(`„${source}“ lässt sich nicht lesen (gesperrt oder keine Zugriffsrechte?).`);
    expect(text.en).toBe(`"${source}" cannot be read (locked, or no permission?).`);
    expect(((await engine.handlers['cases.get']({ id })).attachments ?? []).filter((a) => a.report !== undefined)).toEqual([]);
    expect((await files(id)).sort()).toEqual([source]);
  }, 180_000);
});

describe('attaching on a full disk', () => {
  const root = process.getuid?.() === 0;
  it.skipIf(!root)('ends in "no space" in both languages, leaves no part file and the case as it was', async () => {
    const dir = join(dataDir, 'small');
    await mkdir(dir);
    // Room for the case and the capture, not for a second copy of its SIP (no RTP to drop here).
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2560k', 'tmpfs', dir]);
    const small = await createEngine({ dataDir: dir, host: 'cli', appVersion: '0.0.0-test', openFile: async () => false, net: { stunPort: 0 } });
    try {
      const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
      const sip = (i: number) => Buffer.from(`MESSAGE sip:pbx.example.com SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK${i}\r\nFrom: <sip:+4972150959580@pbx.example.com>;tag=${i}\r\nTo: <sip:pbx.example.com>\r\nCall-ID: c${i}@192.0.2.7\r\nCSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n${'x'.repeat(1000)}`);
      for (let i = 0; i < 1100; i++) w.packet(Date.UTC(2026, 10, 28) * 1000 + i * 1000, ipv4('192.0.2.7', '192.0.2.60', 17, udp(5060, 5060, sip(i)), i)[0]!);
      const file = w.toBuffer();
      const h = small.handlers;
      const c = await h['cases.create']({} as never);
      const { uploadId } = await h['attachments.begin']({ caseId: c.id, name: 'voll.pcap', kind: 'trace', bytes: file.length });
      for (let at = 0; at < file.length; at += 1_000_000) await h['attachments.chunk']({ uploadId, offset: at, data: file.subarray(at, at + 1_000_000).toString('base64') });
      const ref = await h['attachments.finish']({ uploadId });
      const job = await h['jobs.start']({ caseId: c.id, spec: { type: 'report-attach', source: ref.fileName, devices: [], dialogs: [], redact: true } });
      let end = await h['jobs.get']({ jobId: job.id });
      while (end.state === 'running') {
        await new Promise((r) => setTimeout(r, 50));
        end = await h['jobs.get']({ jobId: job.id });
      }
      expect(end.state).toBe('failed');
      const m = /^export:no-space:(.+)$/.exec(end.error?.detail ?? '');
      expect(m, end.error?.detail).not.toBeNull();
      const text = exportFailureText('no-space', ref.fileName, m![1]!);
      expect(text.de).toMatch(/^Kein Platz mehr auf dem Datenträger/);
      expect(text.en).toMatch(/^No space left on the disk/);
      expect(await readdir(join(dir, 'cases', c.id, 'attachments'))).toEqual([ref.fileName]);
      expect(((await h['cases.get']({ id: c.id })).attachments ?? []).map((a) => a.fileName)).toEqual([ref.fileName]);
    } finally {
      await small.close();
      execFileSync('umount', [dir]);
    }
  }, 120_000);
});
