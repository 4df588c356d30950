import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packetLayout } from '../../electron/engine/trace/export/packet-layout.js';
import { newPseudonymKey } from '../../electron/engine/trace/export/pseudonyms.js';
import { exportCapture, ExportError } from '../../electron/engine/trace/export/trace-export.js';
import { analyzeCapture } from '../../electron/engine/trace/trace-analyze.js';
import type { TraceResultType } from '../../shared/trace/trace-result.js';
import { CaptureWriter, ip, udp } from './helpers/capture-writer.js';
import { generateTraffic, prng } from './helpers/sip-traffic-model.js';
import { encapsulate, pcapPackets, randomTunnel, TUNNEL_KINDS } from './helpers/tunnel-model.js';

/**
 * SIP inside the tunnels of mirror ports and overlays (GRE, ERSPAN, VXLAN, Geneve, IP in IP):
 * generated traffic sent once plain and once with every packet in a random tunnel must be read
 * the same, laid out for export the same, and exported without a number, name or digest left.
 */

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sft-tunnels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface TunnelledType {
  plain: Buffer;
  tunnelled: Buffer;
  secrets: string[];
  outerFragmented: boolean;
}

/** A generated capture, and the same packets each in a random tunnel (every kind, flags, VLANs, IPv4/IPv6 outside and in). */
function tunnelled(seed: number): TunnelledType {
  const rnd = prng(seed * 7717);
  const { file, secrets } = generateTraffic(seed, { format: 'pcap', bigEndian: false, linkType: 101 });
  const outerFragmented = seed % 4 === 0;
  const w = new CaptureWriter({ format: 'pcap', bigEndian: rnd() < 0.5, linkType: 1, vlanTags: Math.floor(rnd() * 2) });
  pcapPackets(file).forEach((p, i) => {
    const tunnel = { ...randomTunnel(rnd, TUNNEL_KINDS[i % TUNNEL_KINDS.length]), mtu: outerFragmented ? 1280 : 65_000 };
    for (const o of encapsulate(p.data, tunnel, i + 1)) w.packet(p.timeUs, o);
  });
  return { plain: file, tunnelled: w.toBuffer(), secrets: [...secrets.numbers, ...secrets.names, ...secrets.authValues], outerFragmented };
}

/** What does not depend on the file's make-up (format, size) or, with fragmented outer packets, the packet count (packets without SIP, fragments). */
function comparable(r: TraceResultType, outerFragmented: boolean) {
  const { format: _f, byteOrder: _b, nanoseconds: _n, bytes: _y, ...rest } = r;
  if (!outerFragmented) return rest;
  const { packets: _p, fragmentedSip: _s, findings: _i, warnings: _w, skipped: _k, ...same } = rest;
  return same;
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe('generated SIP traffic in random tunnels', () => {
  it.each(SEEDS)('seed %i: analyze reads the tunnelled capture exactly as the plain one', async (seed) => {
    const t = tunnelled(seed);
    const plain = await analyzeCapture([t.plain]);
    const inTunnels = await analyzeCapture([t.tunnelled]);
    expect(plain.sipMessages).toBeGreaterThan(0);
    expect(comparable(inTunnels, t.outerFragmented)).toEqual(comparable(plain, t.outerFragmented));
    if (t.outerFragmented) expect(inTunnels.fragmentedSip).toBeGreaterThanOrEqual(plain.fragmentedSip);
  });

  it.each(SEEDS.filter((s) => s % 4 !== 0))('seed %i: the export layout finds the inner packet of every frame, as of the plain packet', (seed) => {
    const rnd = prng(seed * 7717);
    const { file } = generateTraffic(seed, { format: 'pcap', bigEndian: false, linkType: 101 });
    pcapPackets(file).forEach((p, i) => {
      const tunnel = randomTunnel(rnd, TUNNEL_KINDS[i % TUNNEL_KINDS.length]);
      const outer = encapsulate(p.data, tunnel, i + 1);
      expect(outer).toHaveLength(1);
      const frame = Buffer.concat([Buffer.alloc(12, 2), Buffer.from([0x81, 0, 0, 5, outer[0]![0]! >> 4 === 6 ? 0x86 : 0x08, outer[0]![0]! >> 4 === 6 ? 0xdd : 0x00]), outer[0]!]);
      const want = packetLayout(101, p.data);
      const got = packetLayout(1, frame);
      expect(got, tunnel.kind).not.toBeNull();
      expect(want).not.toBeNull();
      const shift = frame.length - p.data.length;
      expect({ proto: got!.proto, v6: got!.v6, fragment: got!.fragment, tcp: got!.tcp && { ...got!.tcp, payloadAt: got!.tcp.payloadAt - shift } }, tunnel.kind).toEqual({
        proto: want!.proto,
        v6: want!.v6,
        fragment: want!.fragment,
        tcp: want!.tcp,
      });
      expect(frame.subarray(got!.l4At, got!.l4End).equals(p.data.subarray(want!.l4At, want!.l4End))).toBe(true);
      // Checksums of the tunnel headers that cover the inner packet: GRE's with C, the outer UDP one when sent.
      const gre = tunnel.greChecksum && tunnel.kind !== 'ipip' && !tunnel.kind.startsWith('vxlan') && !tunnel.kind.startsWith('geneve');
      const udpSum = (tunnel.kind === 'vxlan' || tunnel.kind.startsWith('geneve')) && (tunnel.outerV6 || tunnel.udpChecksum);
      expect(got!.covering.map((c) => c.kind)).toEqual([...(gre ? ['gre'] : []), ...(udpSum ? ['udp'] : [])]);
    });
  });

  it.each(SEEDS.filter((s) => s % 5 === 1 || s % 4 === 0))('seed %i: the redacted export has none of the numbers, names and digests, and as many SIP messages', async (seed) => {
    const t = tunnelled(seed);
    const input = join(dir, `t${seed}.cap`);
    const out = join(dir, `t${seed}.pcapng`);
    await writeFile(input, t.tunnelled);
    const result = await exportCapture(input, out, { selection: { devices: [], dialogs: [] }, redact: true, key: newPseudonymKey(), comment: 'tunnels' }).catch((e: unknown) => e);
    if (result instanceof ExportError) {
      // Only where edits cannot be placed (TCP, or fragments, inside a fragmented tunnel): no file then.
      expect(t.outerFragmented).toBe(true);
      expect(result.code).toBe('unplaceable');
      return;
    }
    if (result instanceof Error) throw result;
    const exported = await readFile(out);
    const whole = t.secrets.filter((s) => t.tunnelled.includes(Buffer.from(s, 'latin1')));
    expect(whole.length).toBeGreaterThan(0);
    for (const s of whole) expect(exported.includes(Buffer.from(s, 'latin1')), `export still has ${s}`).toBe(false);
    const again = await analyzeCapture([exported]);
    expect(again.sipMessages).toBe((await analyzeCapture([t.plain])).sipMessages);
  });

  it('--dialog and --device select the tunnelled messages as the plain ones', async () => {
    const t = tunnelled(3);
    const plain = await analyzeCapture([t.plain]);
    const callIds = [...new Set([...t.plain.toString('latin1').matchAll(/\r\nCall-ID: ([^\r\n]+)/g)].map((m) => m[1]!))];
    const selections = [
      { devices: [], dialogs: callIds.slice(0, 2) },
      { devices: [plain.devices[0]!.address], dialogs: [] },
    ];
    for (const [name, file] of [['plain', t.plain], ['tunnelled', t.tunnelled]] as const) await writeFile(join(dir, `${name}.cap`), file);
    for (const selection of selections) {
      const count = async (name: string) => (await exportCapture(join(dir, `${name}.cap`), join(dir, `${name}-sel.pcapng`), { selection, redact: true, key: newPseudonymKey(), comment: 'x' })).sipMessages;
      const want = await count('plain');
      expect(want).toBeGreaterThan(0);
      expect(await count('tunnelled')).toBe(want);
    }
  });
});

describe('what is not a tunnel, and what is too deep', () => {
  const T0 = 1_764_000_000e6;
  const options = (udpChecksum: boolean) => ({ ...randomTunnel(prng(1), 'gre-ip'), greChecksum: true, udpChecksum });

  it('a SIP message sent to UDP 4789 or 6081 is read as SIP, not as VXLAN or Geneve', async () => {
    const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
    const sip = (start: string) => Buffer.from(`${start}\r\nVia: SIP/2.0/UDP 192.0.2.1:4789;branch=z9hG4bK1\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\nCall-ID: v1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`);
    w.packet(T0, ip('192.0.2.1', '192.0.2.2', 17, udp(5060, 4789, sip('OPTIONS sip:b@192.0.2.2:4789 SIP/2.0')), 1)[0]!);
    w.packet(T0 + 1000, ip('192.0.2.2', '192.0.2.1', 17, udp(4789, 6081, sip('SIP/2.0 200 OK')), 2)[0]!);
    const r = await analyzeCapture([w.toBuffer()]);
    expect(r.sipMessages).toBe(2);
  });

  it('a tunnel nested deeper than four levels is not followed (and nothing breaks)', async () => {
    const message = Buffer.from('OPTIONS sip:b@y SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK2\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@y>\r\nCall-ID: deep\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n');
    const counts: number[] = [];
    for (const depth of [1, 4, 5, 40]) {
      let packet = ip('10.0.0.1', '10.0.0.2', 17, udp(5060, 5060, message), 1)[0]!;
      for (let i = 0; i < depth; i++) packet = encapsulate(packet, { ...options(i % 2 === 0), kind: TUNNEL_KINDS[(i * 5) % TUNNEL_KINDS.length]! }, i)[0]!;
      const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
      w.packet(T0, packet);
      counts.push((await analyzeCapture([w.toBuffer()])).sipMessages);
      expect(packetLayout(1, Buffer.concat([Buffer.alloc(12), Buffer.from([packet[0]! >> 4 === 6 ? 0x86 : 0x08, packet[0]! >> 4 === 6 ? 0xdd : 0]), packet]))).not.toBeNull();
    }
    expect(counts).toEqual([1, 1, 0, 0]);
  });
});
