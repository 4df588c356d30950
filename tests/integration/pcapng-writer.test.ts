import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaptureReader, type RawPacketType } from '../../electron/engine/trace/capture-reader.js';
import { PcapngEncoder } from '../../electron/engine/trace/pcapng-writer.js';
import { analyzeCaptureFile } from '../../electron/engine/trace/trace-analyze.js';
import { generateTraffic } from '../unit/helpers/sip-traffic-model.js';
import { tsharkSipCounts } from './peers/capture-tools.js';
import { tempDir } from './peers/processes.js';

const run = promisify(execFile);
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('sft-pcapng-');
});
afterAll(async () => {
  await dir.remove();
});

interface CopiedType {
  time: number;
  linkType: number;
  data: Buffer;
  origLength: number;
}

function readAll(file: Buffer): CopiedType[] {
  const out: CopiedType[] = [];
  const reader = new CaptureReader((p: RawPacketType) => out.push({ time: p.time, linkType: p.linkType, data: Buffer.from(p.data), origLength: p.origLength }));
  reader.push(file);
  return out;
}

describe('the pcapng writer', () => {
  it('re-encodes generated captures of every format and link type so that tshark and our reader see the same packets, times and SIP', async () => {
    const formats = ['pcap', 'pcap-ns', 'pcapng', 'fritzbox'] as const;
    const links = [1, 113, 276, 101, 0] as const;
    for (let i = 0; i < 8; i++) {
      const options = { format: formats[i % 4]!, bigEndian: i % 3 === 0, linkType: links[i % 5]!, vlanTags: i % 2 };
      const { file, expected } = generateTraffic(4000 + i, options);
      const packets = readAll(file);
      const encoder = new PcapngEncoder((linkType) => ({ linkType, name: `if-${linkType}` }));
      const comment = `Fall „Müller GmbH“ #${i}`;
      const out = Buffer.concat([encoder.header({ comment, application: 'starface-triage test' }), ...packets.map((p) => encoder.packet(p.linkType, p.time, p.data, p.origLength))]);
      const path = join(dir.path, `re-${i}.pcapng`);
      await writeFile(path, out);

      const back = readAll(out);
      expect(back.length).toBe(packets.length);
      for (let k = 0; k < packets.length; k++) {
        expect(back[k]!.data.equals(packets[k]!.data)).toBe(true);
        expect(back[k]!.linkType).toBe(packets[k]!.linkType);
        expect(Math.abs(back[k]!.time - packets[k]!.time)).toBeLessThanOrEqual(0.25);
      }
      expect((await analyzeCaptureFile(path)).sipMessages).toBe(expected.sipMessages);

      const { stdout } = await run('capinfos', ['-c', '-k', '-M', path]);
      expect(stdout).toMatch(new RegExp(`Number of packets:\\s+${packets.length}\\b`));
      expect(stdout).toContain(comment);
      if (!Object.values(expected.devices).some((d) => d.transport === 'tcp')) {
        expect((await tsharkSipCounts(path)).messages).toBe(expected.sipMessages);
      }
    }
  });

  it('keeps the original length of a packet written cut', async () => {
    const encoder = new PcapngEncoder();
    const data = Buffer.alloc(60, 7);
    const out = Buffer.concat([encoder.header(), encoder.packet(101, 1_764_000_000_123_456, data.subarray(0, 33), 60, 'cut')]);
    const [p] = readAll(out);
    expect(p!.data.length).toBe(33);
    expect(p!.origLength).toBe(60);
    expect(p!.time).toBe(1_764_000_000_123_456);
  });
});
