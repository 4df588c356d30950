import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeCaptureFile as inProcess } from '../../electron/engine/trace/trace-analyze.js';
import type { TraceResultType } from '../../shared/trace/trace-result.js';
import type { WriterOptionsType } from './helpers/capture-writer.js';
import { generateTraffic, prng } from './helpers/sip-traffic-model.js';

/**
 * The pipeline (reading and parsing in a worker thread, analysis here: engine/trace/
 * capture-pipeline) against the analysis on one thread: the same result, field for field, on
 * generated variety, a capture of many batches, cut and damaged files and files that are no
 * capture. The pipeline runs from the build (its worker is compiled JavaScript), forced on with a
 * size threshold of 0; the reference runs from the sources.
 */
const built = (await import(join(import.meta.dirname, '..', '..', 'out', 'electron', 'engine', 'trace', 'trace-analyze.js'))) as { analyzeCaptureFile: typeof inProcess };
const bench = (await import(join(import.meta.dirname, '..', '..', 'scripts', 'bench-trace.js'))) as { generateCapture: (path: string, o: Record<string, unknown>) => Promise<{ packets: number; sipMessages: number }> };
const dir = mkdtempSync(join(tmpdir(), 'sft-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const piped = (path: string, onProgress?: (bytes: number, packets: number) => void) => built.analyzeCaptureFile(path, { pipeline: 0, onProgress });
const single = (path: string) => inProcess(path, { pipeline: false });

async function outcome(run: Promise<TraceResultType>): Promise<TraceResultType | { error: string; code: unknown; offset: unknown }> {
  try {
    return await run;
  } catch (error) {
    const e = error as { name?: string; code?: unknown; offset?: unknown };
    return { error: e.name ?? 'Error', code: e.code, offset: e.offset };
  }
}

const FORMATS: WriterOptionsType['format'][] = ['pcap', 'pcap-ns', 'pcapng', 'fritzbox'];
const LINKS: WriterOptionsType['linkType'][] = [1, 113, 276, 101, 0];

describe('the pipeline gives the one-thread result', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('generated traffic, seed %i (formats, link types, IPv4/IPv6, TCP, fragments; whole, cut or damaged)', async (seed) => {
    const rnd = prng(seed * 31337);
    const linkType = LINKS[Math.floor(rnd() * LINKS.length)] ?? 1;
    const options: WriterOptionsType = { format: FORMATS[Math.floor(rnd() * FORMATS.length)] ?? 'pcap', bigEndian: rnd() < 0.5, linkType, vlanTags: linkType === 1 ? Math.floor(rnd() * 3) : 0 };
    let { file } = generateTraffic(seed, options);
    const damage = seed % 4;
    if (damage === 1) file = file.subarray(0, Math.floor(file.length * (0.3 + 0.6 * rnd()))); // cut
    if (damage === 2) {
      file = Buffer.from(file);
      file.fill(0xff, Math.floor(file.length / 2), Math.floor(file.length / 2) + 64); // damaged record
    }
    const path = join(dir, `seed-${seed}.cap`);
    writeFileSync(path, file);
    const a = await outcome(piped(path));
    expect(a).not.toHaveProperty('error');
    expect(a).toEqual(await outcome(single(path)));
  });

  it('a capture of many batches (30 000 packets of calls, qualify and registrations), with progress', async () => {
    const path = join(dir, 'many.pcap');
    const truth = await bench.generateCapture(path, { packets: 30_000, seed: 7, devices: 120, callsPerSecond: 3, callMeanSeconds: 30 });
    const progress: number[] = [];
    const a = await piped(path, (bytes) => progress.push(bytes));
    expect(a.packets).toBe(truth.packets);
    expect(a.sipMessages).toBe(truth.sipMessages);
    expect(a).toEqual(await single(path));
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toBe(a.bytes);
    expect([...progress].sort((x, y) => x - y)).toEqual(progress);
  });

  it.each([
    ['an empty file', Buffer.alloc(0)],
    ['a JPEG', Buffer.from('ffd8ffe000104a46494600010101004800480000ffdb0043000806060706050806', 'hex')],
    ['text', Buffer.from('INVITE sip:1@example.com SIP/2.0\r\n\r\n')],
  ])('%s: the same typed error', async (_name, bytes) => {
    const path = join(dir, `bad-${bytes.length}.pcap`);
    writeFileSync(path, bytes);
    const a = await outcome(piped(path));
    expect(a).toHaveProperty('error', 'TraceFormatError');
    expect(a).toEqual(await outcome(single(path)));
  });

  it('a missing file and a folder: the same error code (the CLI words it)', async () => {
    for (const path of [join(dir, 'nothing-here.pcap'), dir]) {
      const a = await outcome(built.analyzeCaptureFile(path, { pipeline: 0 }));
      expect(a).toEqual(await outcome(single(path)));
    }
  });
});
