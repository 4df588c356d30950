import { describe, expect, it } from 'vitest';
import { packetLayout } from '../../electron/engine/trace/export/packet-layout.js';
import { PacketDecoder } from '../../electron/engine/trace/packet-decoder.js';
import { parseSip } from '../../electron/engine/trace/sip-parse.js';
import { CaptureAnalysis } from '../../electron/engine/trace/trace-analyze.js';
import { TraceFormatError } from '../../electron/engine/trace/trace-error.js';
import { TcpReassembler } from '../../electron/engine/trace/tcp-stream.js';
import { TraceResultSchema } from '../../shared/trace/trace-result.js';
import type { WriterOptionsType } from './helpers/capture-writer.js';
import { generateTraffic, prng } from './helpers/sip-traffic-model.js';
import { encapsulate, pcapPackets, randomTunnel } from './helpers/tunnel-model.js';

/**
 * At least 100 000 mutated and truncated inputs per byte parser (issue 7): the capture readers
 * (pcap, pcapng, modified pcap) through the whole analysis, the link/IP/tunnel/UDP/TCP decoder and
 * export's packet layout, the TCP reassembler and the SIP parser. Nothing may escape but TraceFormatError, and every run ends.
 */

const RUNS = 100_000;

function mutate(base: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(base);
  const kind = rnd();
  if (kind < 0.25) return b.subarray(0, Math.floor(rnd() * b.length)); // truncated
  if (kind < 0.7) {
    for (let i = 0, n = 1 + Math.floor(rnd() * 8); i < n; i++) b[Math.floor(rnd() * b.length)] = Math.floor(rnd() * 256);
    return b;
  }
  if (kind < 0.85) {
    // A 32-bit field (a length, most likely) set to something extreme.
    const at = Math.floor(rnd() * Math.max(1, b.length - 4));
    b.writeUInt32LE([0, 0xffffffff, 0x7fffffff, 0x10000, Math.floor(rnd() * 2 ** 32)][Math.floor(rnd() * 5)]! >>> 0, at);
    return b;
  }
  const at = Math.floor(rnd() * b.length);
  const insert = Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 32) }, () => Math.floor(rnd() * 256)));
  return Buffer.concat([b.subarray(0, at), insert, b.subarray(at)]);
}

function small(format: WriterOptionsType['format'], seed: number, linkType: WriterOptionsType['linkType'] = 1): Buffer {
  // The first 3 KiB of a generated capture: headers, a few packets, and a cut.
  return generateTraffic(seed, { format, bigEndian: seed % 2 === 0, linkType, vlanTags: 1, sectionEvery: 3 }).file.subarray(0, 3072);
}

describe('fuzzing the byte parsers', () => {
  it.each(['pcap', 'pcap-ns', 'pcapng', 'fritzbox'] as const)('%s reader and the analysis behind it: 100 000 inputs, only typed errors', (format) => {
    const rnd = prng(format.length * 31);
    const bases = [1, 2, 3, 4].map((s) => small(format, s, ([1, 113, 276, 101] as const)[s - 1]));
    let typed = 0;
    for (let i = 0; i < RUNS; i++) {
      const input = mutate(bases[i % bases.length]!, rnd);
      const capture = new CaptureAnalysis();
      try {
        // Half in one piece, half in two, so records also straddle chunks.
        const cut = i % 2 === 0 ? input.length : Math.floor(rnd() * input.length);
        capture.push(input.subarray(0, cut));
        capture.push(input.subarray(cut));
        const r = capture.finish();
        if (i % 5000 === 0) expect(TraceResultSchema.safeParse(r).success).toBe(true);
      } catch (error) {
        if (!(error instanceof TraceFormatError)) throw error;
        typed++;
      }
    }
    expect(typed).toBeGreaterThan(0);
  });

  it('link, IP, tunnel (IP in IP, GRE, ERSPAN, VXLAN, Geneve), UDP, TCP and ICMP decoding and the export layout: 100 000 mutated frames', () => {
    const rnd = prng(77);
    let sip = 0;
    let inTunnels = 0;
    let tunnelFrame = false;
    const decoder = new PacketDecoder({ sip: () => void (tunnelFrame ? inTunnels++ : sip++), icmp: () => undefined });
    const frames: Array<{ linkType: number; data: Buffer }> = [];
    for (const linkType of [1, 113, 276, 101, 0] as const) {
      const file = generateTraffic(5, { format: 'pcap', bigEndian: false, linkType, vlanTags: 2 }).file;
      for (let at = 24; at + 16 <= file.length && frames.length < 400 * (linkType + 1); ) {
        const length = file.readUInt32LE(at + 8);
        frames.push({ linkType, data: file.subarray(at + 16, at + 16 + length) });
        at += 16 + length;
      }
    }
    // As many again in random tunnels (some nested twice, some with the outer packet fragmented), raw IP.
    const firstTunnelled = frames.length;
    const plain = pcapPackets(generateTraffic(6, { format: 'pcap', bigEndian: false, linkType: 101 }).file);
    for (let i = 0; frames.length < 2 * 400 * 6; i++) {
      const tunnel = { ...randomTunnel(rnd), mtu: rnd() < 0.2 ? 600 : 65_000 };
      let outer = encapsulate(plain[i % plain.length]!.data, tunnel, i);
      if (rnd() < 0.2) outer = outer.flatMap((p) => encapsulate(p, randomTunnel(rnd), i));
      for (const data of outer) frames.push({ linkType: 101, data });
    }
    for (let i = 0; i < RUNS; i++) {
      const f = frames[i % frames.length]!;
      tunnelFrame = i % frames.length >= firstTunnelled;
      const p = { time: i * 1000, linkType: rnd() < 0.02 ? Math.floor(rnd() * 300) : f.linkType, data: mutate(f.data, rnd), origLength: f.data.length };
      decoder.packet(p);
      packetLayout(p.linkType, p.data);
    }
    expect(sip).toBeGreaterThan(0);
    expect(inTunnels).toBeGreaterThan(0);
  });

  it('TCP reassembly: 100 000 random segments on a few streams stay bounded', () => {
    const rnd = prng(11);
    const message = Buffer.from('INVITE sip:1@x SIP/2.0\r\nCall-ID: a\r\nCSeq: 1 INVITE\r\nContent-Length: 20\r\n\r\n01234567890123456789');
    let out = 0;
    const tcp = new TcpReassembler(() => void out++);
    for (let i = 0; i < RUNS; i++) {
      const key = `k${i % 7}`;
      const seq = Math.floor(rnd() * 2 ** 32);
      tcp.segment(key, rnd() < 0.5 ? seq : i * 40, Math.floor(rnd() * 64), mutate(message, rnd), i);
    }
    expect(tcp.pendingBytes).toBeLessThan(7 * 300 * 1024);
  });

  it('the SIP parser: 100 000 mutated messages, only TraceFormatError', () => {
    const rnd = prng(5);
    const bases = [
      'INVITE sip:+4989@198.51.100.7 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK1\r\nFrom: "A" <sip:1@x>;tag=1\r\nTo: <sip:2@y>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContact: <sip:1@10.0.0.2:5060>;expires=60\r\nContent-Type: application/sdp\r\nContent-Length: 60\r\n\r\nv=0\r\no=- 1 1 IN IP4 10.0.0.2\r\nc=IN IP4 203.0.113.5\r\nm=audio 1 RTP/AVP 0\r\n',
      'SIP/2.0 200 OK\r\nv: SIP/2.0/TCP [fd00::1]:5060;branch=z9hG4bK2\r\nf: <sip:1@x>;tag=1\r\nt: <sip:2@y>;tag=2\r\ni: c2\r\nCSeq: 7 OPTIONS\r\nl: 0\r\n\r\n',
    ].map((s) => Buffer.from(s, 'latin1'));
    let ok = 0;
    for (let i = 0; i < RUNS; i++) {
      try {
        parseSip(mutate(bases[i % 2]!, rnd));
        ok++;
      } catch (error) {
        if (!(error instanceof TraceFormatError)) throw error;
      }
    }
    expect(ok).toBeGreaterThan(RUNS / 10);
  });
});
