import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCapture } from '../../electron/engine/trace/export/trace-export.js';
import { newPseudonymKey } from '../../electron/engine/trace/export/pseudonyms.js';
import { CaptureWriter, ip, udp } from '../unit/helpers/capture-writer.js';
import { prng } from '../unit/helpers/sip-traffic-model.js';
import { tempDir } from './peers/processes.js';

/**
 * A redacted export of a whole capture never writes SIP it could not read: SIP in an
 * encapsulation the decoder does not follow (MPLS here, as on a carrier's link), or a message
 * too damaged to parse, carries numbers and names the redaction never saw. Such packets are left
 * out and counted; everything else is written, and tshark reads the file. Unredacted, nothing is
 * left out.
 */

const run = promisify(execFile);
let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('sft-withheld-');
});
afterAll(async () => {
  await dir.remove();
});

const MAC = Buffer.from([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]);
const ethernet = (type: number, payload: Buffer) => Buffer.concat([MAC, Buffer.from([type >> 8, type & 255]), payload]);
/** One MPLS label stack entry (bottom of stack), then the IPv4 packet. */
const mpls = (label: number, packet: Buffer) => ethernet(0x8847, Buffer.concat([Buffer.from([label >> 12, (label >> 4) & 255, ((label & 15) << 4) | 1, 64]), packet]));

function pcap(frames: Buffer[]): Buffer {
  const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
  frames.forEach((f, i) => w.frame((1_764_000_000 + i) * 1e6, f));
  return w.toBuffer();
}

function invite(number: string, name: string, n: number): Buffer {
  return Buffer.from(
    [`INVITE sip:${number}@192.0.2.10 SIP/2.0`, `Via: SIP/2.0/UDP 10.0.0.5:5060;branch=z9hG4bK${n}`, `From: "${name}" <sip:${number}@192.0.2.10>;tag=a${n}`, `To: <sip:${number}@192.0.2.10>`, `Call-ID: w${n}@10.0.0.5`, 'CSeq: 1 INVITE', 'Content-Length: 0', '', ''].join('\r\n'),
    'latin1',
  );
}

const sipUdp = (payload: Buffer, id: number) => ip('10.0.0.5', '192.0.2.10', 17, udp(5060, 5060, payload), id)[0]!;

describe('redacted export of a whole capture: SIP it cannot read is left out', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: readable SIP redacted, MPLS-carried and damaged SIP withheld, the rest written', async (seed) => {
    const rnd = prng(seed);
    const digits = () => String(Math.floor(1e8 + rnd() * 9e8));
    const frames: Buffer[] = [];
    const readable: string[] = [];
    const unreadable: string[] = [];
    let withheld = 0;
    let rtp = 0;
    for (let n = 0; n < 40; n++) {
      const number = `0${digits()}`;
      const name = `Frau Schmitt ${n}`;
      const kind = rnd();
      if (kind < 0.4) {
        frames.push(ethernet(0x0800, sipUdp(invite(number, name, n), n)));
        readable.push(number);
      } else if (kind < 0.55) {
        frames.push(mpls(16 + n, sipUdp(invite(number, name, n), n)));
        unreadable.push(number, name);
        withheld++;
      } else if (kind < 0.7) {
        // Bytes before the start line (a broken relay): not a SIP message the parser accepts.
        frames.push(ethernet(0x0800, sipUdp(Buffer.concat([Buffer.from([0, 1, 2, 3]), invite(number, name, n)]), n)));
        unreadable.push(number, name);
        withheld++;
      } else {
        const body = Buffer.alloc(172);
        body[0] = 0x80;
        body[1] = 8;
        body.writeUInt16BE(n, 2);
        for (let i = 12; i < body.length; i++) body[i] = Math.floor(rnd() * 256);
        frames.push(ethernet(0x0800, ip('10.0.0.5', '192.0.2.10', 17, udp(40000, 40002, body), 1000 + n)[0]!));
        rtp++;
      }
    }
    const input = join(dir.path, `in-${seed}.pcap`);
    await writeFile(input, pcap(frames));
    const key = newPseudonymKey();
    const out = join(dir.path, `out-${seed}.pcapng`);
    const r = await exportCapture(input, out, { selection: { devices: [], dialogs: [] }, redact: true, key, comment: 'Fall Test' });
    expect(r.redactions.withheld).toBe(withheld);
    expect(r.packets).toBe(frames.length - withheld);
    const bytes = await readFile(out);
    for (const v of [...readable, ...unreadable]) expect(bytes.includes(Buffer.from(v, 'latin1')), v).toBe(false);
    const { stdout } = await run('tshark', ['-n', '-r', out, '-T', 'fields', '-e', 'frame.number']);
    expect(stdout.trim().split('\n').length).toBe(frames.length - withheld);
    const sip = await run('tshark', ['-n', '-r', out, '-Y', 'sip']);
    expect(sip.stdout.trim() === '' ? 0 : sip.stdout.trim().split('\n').length).toBe(readable.length);
    expect(rtp + readable.length).toBe(frames.length - withheld);

    // Not redacted: every packet, numbers as they were.
    const plain = join(dir.path, `plain-${seed}.pcapng`);
    const p = await exportCapture(input, plain, { selection: { devices: [], dialogs: [] }, redact: false, key, comment: 'Fall Test' });
    expect(p.redactions.withheld).toBe(0);
    expect(p.packets).toBe(frames.length);
    const plainBytes = await readFile(plain);
    for (const v of unreadable.filter((u) => /^\d/.test(u))) expect(plainBytes.includes(Buffer.from(v, 'latin1'))).toBe(true);
  });
});
