import { execFile } from 'node:child_process';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newPseudonymKey } from '../../electron/engine/trace/export/pseudonyms.js';
import { exportCapture, ExportError } from '../../electron/engine/trace/export/trace-export.js';
import { CaptureWriter, checksummed, ipv4, ipv6, tcp, udp } from '../unit/helpers/capture-writer.js';
import { messageWithNumbers, NUMBERS_PER_MESSAGE, phoneNumbers } from '../unit/helpers/phone-number-model.js';
import { prng } from '../unit/helpers/sip-traffic-model.js';
import { encapsulate, randomTunnel, type TunnelKindType } from '../unit/helpers/tunnel-model.js';
import { tempDir } from './peers/processes.js';

/**
 * Redaction over every way SIP reaches a capture (issue 8 §3): phone numbers in free-text headers
 * of messages over UDP/IPv4 (whole and in fragments, with a checksum), UDP/IPv6 in fragments, TCP in segments, TCP in IP-in-IP and UDP in
 * 6in4 (whole and with the outer packet fragmented), and in the tunnels of mirror ports and
 * overlays (GRE with checksum, key and sequence number, Ethernet over GRE, ERSPAN II and III,
 * VXLAN, Geneve; over IPv4 and IPv6; outer packets fragmented around an inner datagram without
 * a UDP checksum, so the tunnel's own checksum must take the change). The input's checksums are
 * all valid; the export must have none of the numbers (a byte search) and no checksum tshark
 * finds wrong.
 */

const run = promisify(execFile);
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('sft-redact-');
});
afterAll(async () => {
  await dir.remove();
});

/** Tunnelled carriers: the kind, outer IPv6, inner transport; `-nocsum-fragmented`: inner UDP without checksum, outer fragmented. */
const TUNNELLED = {
  'gre-udp': ['gre-ip', false, 'udp'],
  'gretap-tcp': ['gretap', false, 'tcp'],
  'erspan2-udp': ['erspan2', false, 'udp'],
  'erspan3-tcp-ip6': ['erspan3', true, 'tcp'],
  'vxlan-udp': ['vxlan', false, 'udp'],
  'geneve-udp-ip6': ['geneve-eth', true, 'udp'],
  'gre-nocsum-fragmented': ['gretap', false, 'udp'],
  'vxlan-nocsum-fragmented': ['vxlan', false, 'udp'],
} as const satisfies Record<string, [TunnelKindType, boolean, 'udp' | 'tcp']>;
type TunnelledCarrierType = keyof typeof TUNNELLED;
type CarrierType = 'udp4' | 'udp4-fragmented' | 'udp6-fragmented' | 'tcp4' | 'ipip-tcp' | '6in4-udp' | '6in4-udp-fragmented' | TunnelledCarrierType;
const CARRIERS: CarrierType[] = ['udp4', 'udp4-fragmented', 'udp6-fragmented', 'tcp4', 'ipip-tcp', '6in4-udp', '6in4-udp-fragmented', ...(Object.keys(TUNNELLED) as TunnelledCarrierType[])];

const A4 = '192.0.2.7';
const B4 = '192.0.2.60';
const A6 = '2001:db8::7';
const B6 = '2001:db8::60';
const TUNNEL = ['198.51.100.1', '198.51.100.2'] as const;

/** The IP packets that carry `message` from A to B (and back for the response) over `carrier`. */
function carry(carrier: CarrierType, message: Buffer, reply: boolean, id: number, rnd: () => number, seqs: Map<boolean, number>): Buffer[] {
  const [s4, d4, s6, d6] = reply ? [B4, A4, B6, A6] : [A4, B4, A6, B6];
  const [sp, dp] = reply ? [5060, 5062] : [5062, 5060];
  const udpTo = (src: string, dst: string) => checksummed(src, dst, 17, udp(sp, dp, message));
  const tcpSegments = (src: string, dst: string) => {
    // A connection opens with SYN / SYN-ACK; its stream goes on from message to message.
    const opening = seqs.has(reply) ? [] : [checksummed(src, dst, 6, tcp(sp, dp, 999, reply ? 0x12 : 0x02, Buffer.alloc(0)))];
    const seq = seqs.get(reply) ?? 1000;
    seqs.set(reply, seq + message.length);
    // Cut anywhere, also inside a number (the search through tshark's reassembled text finds those).
    const cut = 1 + Math.floor(rnd() * (message.length - 2));
    return [...opening, checksummed(src, dst, 6, tcp(sp, dp, seq, 0x18, message.subarray(0, cut))), checksummed(src, dst, 6, tcp(sp, dp, seq + cut, 0x18, message.subarray(cut)))];
  };
  switch (carrier) {
    case 'udp4':
      return ipv4(s4, d4, 17, udpTo(s4, d4), id);
    case 'udp4-fragmented':
      return ipv4(s4, d4, 17, udpTo(s4, d4), id, 1500);
    case 'udp6-fragmented':
      return ipv6(s6, d6, 17, udpTo(s6, d6), id, 1280);
    case 'tcp4':
      return tcpSegments(s4, d4).flatMap((segment, i) => ipv4(s4, d4, 6, segment, id * 2 + i));
    case 'ipip-tcp':
      return tcpSegments(s4, d4).flatMap((segment, i) => ipv4(TUNNEL[0], TUNNEL[1], 4, ipv4(s4, d4, 6, segment, id * 2 + i)[0]!, 7000 + id * 2 + i));
    case '6in4-udp':
    case '6in4-udp-fragmented':
      // The inner packet whole (a tunnel endpoint's MTU), the outer one fragmented on the way when large.
      return ipv4(TUNNEL[0], TUNNEL[1], 41, ipv6(s6, d6, 17, udpTo(s6, d6), id, 65_000)[0]!, 9000 + id, 1500);
    default: {
      const [kind, outerV6, transport] = TUNNELLED[carrier];
      // With every checksum field the tunnel has: GRE's (C), key and sequence number, VXLAN's/Geneve's UDP one.
      // ERSPAN III with Ethernet inside: tshark does not read its IP frame type.
      const tunnel = { ...randomTunnel(rnd, kind), outerV6, greChecksum: true, greKey: true, greSequence: true, udpChecksum: true, erspanIp: false, mtu: 1500 };
      const noChecksum = carrier.endsWith('-nocsum-fragmented');
      const inner = transport === 'tcp' ? tcpSegments(s4, d4).map((segment, i) => ipv4(s4, d4, 6, segment, id * 2 + i)[0]!) : [ipv4(s4, d4, 17, noChecksum ? udp(sp, dp, message) : udpTo(s4, d4), id, 65_000)[0]!];
      return inner.flatMap((packet, i) => encapsulate(packet, tunnel, 11_000 + id * 2 + i));
    }
  }
}

async function tshark(file: string, filter: string, fields: string[] = ['frame.number']): Promise<string[]> {
  const checks = ['-o', 'ip.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'tcp.check_checksum:TRUE', '-o', 'tcp.desegment_tcp_streams:TRUE'];
  const { stdout } = await run('tshark', ['-n', '-r', file, ...checks, '-Y', filter, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').filter((l) => l.trim() !== '');
}

const BAD = 'ip.checksum.status == 0 || udp.checksum.status == 0 || tcp.checksum.status == 0 || gre.checksum.status == 0';

/** Which checksum tshark must have found right in the export: the innermost one that is sent. */
function checked(carrier: CarrierType): string {
  if (carrier === 'gre-nocsum-fragmented') return 'gre.checksum.status == 1';
  return carrier.includes('tcp') ? 'tcp.checksum.status == 1' : 'udp.checksum.status == 1';
}

describe('redaction of phone numbers written as text, over every carrier', () => {
  it.each(CARRIERS)('%s: no number of the input in the export, every checksum valid, the same SIP messages', async (carrier) => {
    const rnd = prng(carrier.length * 31 + carrier.charCodeAt(0));
    const calls = 4;
    const numbers = phoneNumbers(carrier.length * 7 + 1, 2 * calls * NUMBERS_PER_MESSAGE);
    const w = new CaptureWriter({ format: 'pcapng', bigEndian: false, linkType: 1 });
    const secrets: string[] = [];
    const large = carrier.endsWith('-fragmented');
    const messageSize = carrier.endsWith('-nocsum-fragmented') ? 1450 : large ? 1800 : 0;
    let t = Date.UTC(2026, 10, 28, 10) * 1000;
    const seqs = new Map<boolean, number>();
    for (let c = 0; c < calls; c++) {
      for (const reply of [false, true]) {
        const k = 2 * c + (reply ? 1 : 0);
        const m = messageWithNumbers(numbers.slice(k * NUMBERS_PER_MESSAGE, (k + 1) * NUMBERS_PER_MESSAGE), reply ? 'response' : 'request', `call-${carrier}-${c}@${A4}`, messageSize);
        secrets.push(...m.secrets);
        for (const p of carry(carrier, m.bytes, reply, k + 1, rnd, seqs)) w.packet((t += 1000), p);
      }
    }
    const input = join(dir.path, `${carrier}.pcapng`);
    const out = join(dir.path, `${carrier}-redacted.pcapng`);
    const file = w.toBuffer();
    await writeFile(input, file);
    // What tshark decodes (TCP and fragments reassembled) has every number; the file's bytes those not cut by TCP.
    const text = async (f: string) => (await tshark(f, 'sip', ['sip.Request-Line', 'sip.Status-Line', 'sip.msg_hdr', 'sdp.session_name', 'sdp.session_info'])).join('\n');
    const decodedIn = await text(input);
    for (const s of secrets) expect(decodedIn, `input has ${s}`).toContain(s);
    const whole = secrets.filter((s) => file.includes(Buffer.from(s, 'utf8')));
    expect(whole.length).toBeGreaterThan(secrets.length / 2);
    expect(await tshark(input, BAD)).toEqual([]);

    const r = await exportCapture(input, out, { selection: { devices: [], dialogs: [] }, redact: true, key: newPseudonymKey(), comment: `carrier ${carrier}` });
    expect(r.sipMessages).toBe(2 * calls);
    const exported = await readFile(out);
    for (const s of whole) expect(exported.includes(Buffer.from(s, 'utf8')), `export still has ${s}`).toBe(false);
    const decodedOut = await text(out);
    for (const s of secrets) expect(decodedOut, `export still has ${s}`).not.toContain(s);
    expect(r.redactions.numbers).toBeGreaterThanOrEqual(secrets.length);
    // tshark validates every checksum (UDP over reassembled fragments, inner ones in tunnels): none wrong, some checked.
    expect(await tshark(out, BAD)).toEqual([]);
    expect((await tshark(out, checked(carrier))).length).toBeGreaterThan(0);
    const ids = async (f: string) => (await tshark(f, 'sip', ['sip.Call-ID', 'sip.CSeq'])).sort();
    const want = await ids(input);
    expect(want.length).toBe(2 * calls);
    expect(await ids(out)).toEqual(want);
  });
});

describe('what cannot be redacted safely', () => {
  it('SIP over TCP whose segment came in IP fragments stops the export, and no file is written', async () => {
    const numbers = phoneNumbers(99, NUMBERS_PER_MESSAGE);
    const m = messageWithNumbers(numbers, 'request', 'frag-tcp@192.0.2.7', 1800);
    const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
    w.packet(1e15, ipv4(A4, B4, 6, checksummed(A4, B4, 6, tcp(5062, 5060, 999, 0x02, Buffer.alloc(0))), 1)[0]!);
    for (const p of ipv4(A4, B4, 6, checksummed(A4, B4, 6, tcp(5062, 5060, 1000, 0x18, m.bytes)), 2, 1500)) w.packet(1e15 + 1000, p);
    const input = join(dir.path, 'tcp-in-fragments.pcap');
    const out = join(dir.path, 'tcp-in-fragments.pcapng');
    await writeFile(input, w.toBuffer());
    const error = await exportCapture(input, out, { selection: { devices: [], dialogs: [] }, redact: true, key: newPseudonymKey(), comment: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExportError);
    expect(error).toMatchObject({ code: 'unplaceable', detail: '1' });
    await expect(access(out)).rejects.toThrow();
  });

  it('a datagram fragmented inside a tunnel whose packets are fragmented again outside stops the export, and no file is written', async () => {
    const m = messageWithNumbers(phoneNumbers(98, NUMBERS_PER_MESSAGE), 'request', 'frag-frag@192.0.2.7', 1800);
    const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
    const tunnel = { ...randomTunnel(prng(5), 'vxlan'), outerV6: false, mtu: 1500 };
    // Inner fragments of 1500 bytes, each in VXLAN (+50): the first is cut again outside.
    for (const inner of ipv4(A4, B4, 17, checksummed(A4, B4, 17, udp(5062, 5060, m.bytes)), 3, 1500)) for (const p of encapsulate(inner, tunnel, 40)) w.packet(1e15, p);
    const input = join(dir.path, 'fragments-in-fragments.pcap');
    const out = join(dir.path, 'fragments-in-fragments.pcapng');
    await writeFile(input, w.toBuffer());
    expect(await tshark(input, 'vxlan && sip')).toHaveLength(1);
    const error = await exportCapture(input, out, { selection: { devices: [], dialogs: [] }, redact: true, key: newPseudonymKey(), comment: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unplaceable', detail: '1' });
    await expect(access(out)).rejects.toThrow();
  });
});
