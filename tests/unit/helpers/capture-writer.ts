/**
 * Writes captures for the tests: pcap (µs/ns, either byte order), pcapng (sections, interfaces,
 * either byte order), the FRITZ!Box modified pcap; link types Ethernet (with VLAN tags), SLL,
 * SLL2, raw IP, BSD loopback; IPv4 (with fragments) and IPv6 (with fragment headers), UDP, TCP,
 * ICMP. Written from the format specifications independently of the reader under test;
 * tests/integration/trace-generated.test.ts has tshark read the same files as a check.
 */

export type FileFormatType = 'pcap' | 'pcap-ns' | 'pcapng' | 'fritzbox';

export interface WriterOptionsType {
  format: FileFormatType;
  bigEndian: boolean;
  linkType: 1 | 113 | 276 | 101 | 0;
  vlanTags?: number;
  /** pcapng: start a new section every N packets (with its own interface block). */
  sectionEvery?: number;
}

const ip4 = (s: string) => Buffer.from(s.split('.').map(Number));

function ip6(s: string): Buffer {
  const [head = '', tail = ''] = s.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = s.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(parseInt(g, 16), i * 2));
  return b;
}

export const isV6 = (a: string) => a.includes(':');

export function udp(sport: number, dport: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt16BE(8 + payload.length, 4);
  return Buffer.concat([h, payload]);
}

export function tcp(sport: number, dport: number, seq: number, flags: number, payload: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(sport, 0);
  h.writeUInt16BE(dport, 2);
  h.writeUInt32BE(seq >>> 0, 4);
  h.writeUInt32BE(1, 8);
  h[12] = 5 << 4;
  h[13] = flags;
  h.writeUInt16BE(65535, 14);
  return Buffer.concat([h, payload]);
}

/** RFC 1071: the one’s-complement checksum of `b`. */
export function checksum(b: Buffer): number {
  let sum = 0;
  for (let i = 0; i + 1 < b.length; i += 2) sum += b.readUInt16BE(i);
  if (b.length % 2) sum += (b[b.length - 1] ?? 0) << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return ~sum & 0xffff;
}

/**
 * A UDP or TCP segment with its checksum filled in (RFC 768, RFC 793 §3.1 and RFC 8200 §8.1
 * pseudo-headers), for captures that tshark's checksum validation must find valid.
 */
export function checksummed(src: string, dst: string, proto: 6 | 17, segment: Buffer): Buffer {
  const out = Buffer.from(segment);
  const at = proto === 17 ? 6 : 16;
  out.writeUInt16BE(0, at);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(out.length);
  const pseudo = isV6(src) ? Buffer.concat([ip6(src), ip6(dst), length, Buffer.from([0, 0, 0, proto])]) : Buffer.concat([ip4(src), ip4(dst), Buffer.from([0, proto]), length.subarray(2)]);
  let sum = checksum(Buffer.concat([pseudo, out]));
  if (proto === 17 && sum === 0) sum = 0xffff;
  out.writeUInt16BE(sum, at);
  return out;
}

/** IPv4 packets for a transport payload, fragmented at `mtu` when it does not fit. */
export function ipv4(src: string, dst: string, proto: number, payload: Buffer, id: number, mtu = 1500): Buffer[] {
  const max = Math.floor((mtu - 20) / 8) * 8;
  const pieces: Buffer[] = [];
  for (let off = 0; off < payload.length || off === 0; off += max) {
    const part = payload.subarray(off, off + max);
    const more = off + max < payload.length;
    const h = Buffer.alloc(20);
    h[0] = 0x45;
    h.writeUInt16BE(20 + part.length, 2);
    h.writeUInt16BE(id & 0xffff, 4);
    h.writeUInt16BE((more ? 0x2000 : 0) | (off / 8), 6);
    h[8] = 64;
    h[9] = proto;
    ip4(src).copy(h, 12);
    ip4(dst).copy(h, 16);
    h.writeUInt16BE(checksum(h), 10);
    pieces.push(Buffer.concat([h, part]));
    if (payload.length === 0) break;
  }
  return pieces;
}

/** IPv6 packets, with fragment headers (RFC 8200 §4.5) when the payload exceeds `mtu`. */
export function ipv6(src: string, dst: string, proto: number, payload: Buffer, id: number, mtu = 1500): Buffer[] {
  const header = (next: number, length: number) => {
    const h = Buffer.alloc(40);
    h[0] = 0x60;
    h.writeUInt16BE(length, 4);
    h[6] = next;
    h[7] = 64;
    ip6(src).copy(h, 8);
    ip6(dst).copy(h, 24);
    return h;
  };
  if (payload.length + 40 <= mtu) return [Buffer.concat([header(proto, payload.length), payload])];
  const max = Math.floor((mtu - 48) / 8) * 8;
  const out: Buffer[] = [];
  for (let off = 0; off < payload.length; off += max) {
    const part = payload.subarray(off, off + max);
    const f = Buffer.alloc(8);
    f[0] = proto;
    f.writeUInt16BE(off | (off + max < payload.length ? 1 : 0), 2);
    f.writeUInt32BE(id >>> 0, 4);
    out.push(Buffer.concat([header(44, 8 + part.length), f, part]));
  }
  return out;
}

export function ip(src: string, dst: string, proto: number, payload: Buffer, id: number, mtu = 1500): Buffer[] {
  return isV6(src) ? ipv6(src, dst, proto, payload, id, mtu) : ipv4(src, dst, proto, payload, id, mtu);
}

/** ICMP port unreachable quoting the first bytes of `original` (an IPv4 packet). */
export function icmpPortUnreachable(from: string, to: string, original: Buffer): Buffer[] {
  const body = Buffer.alloc(8);
  body[0] = 3;
  body[1] = 3;
  const msg = Buffer.concat([body, original.subarray(0, 28)]);
  msg.writeUInt16BE(checksum(msg), 2);
  return ipv4(from, to, 1, msg, 7);
}

export class CaptureWriter {
  readonly #o: WriterOptionsType;
  readonly #chunks: Buffer[] = [];
  #count = 0;

  constructor(options: WriterOptionsType) {
    this.#o = options;
    if (options.format === 'pcapng') this.#section();
    else this.#pcapHeader();
  }

  #u32(v: number): Buffer {
    const b = Buffer.alloc(4);
    if (this.#o.bigEndian) b.writeUInt32BE(v >>> 0);
    else b.writeUInt32LE(v >>> 0);
    return b;
  }

  #u16(v: number): Buffer {
    const b = Buffer.alloc(2);
    if (this.#o.bigEndian) b.writeUInt16BE(v);
    else b.writeUInt16LE(v);
    return b;
  }

  #pcapHeader(): void {
    const magic = this.#o.format === 'fritzbox' ? 0xa1b2cd34 : this.#o.format === 'pcap-ns' ? 0xa1b23c4d : 0xa1b2c3d4;
    this.#chunks.push(Buffer.concat([this.#u32(magic), this.#u16(2), this.#u16(4), this.#u32(0), this.#u32(0), this.#u32(262144), this.#u32(this.#o.linkType)]));
  }

  #block(type: number, body: Buffer): Buffer {
    const pad = Buffer.alloc((4 - (body.length % 4)) % 4);
    const length = 12 + body.length + pad.length;
    return Buffer.concat([this.#u32(type), this.#u32(length), body, pad, this.#u32(length)]);
  }

  #section(): void {
    const shb = Buffer.concat([this.#u32(0x1a2b3c4d), this.#u16(1), this.#u16(0), Buffer.alloc(8, 0xff)]);
    this.#chunks.push(this.#block(0x0a0d0d0a, shb));
    // Interface 0: another link type nobody uses; interface 1: ours, in nanoseconds (if_tsresol 9).
    this.#chunks.push(this.#block(1, Buffer.concat([this.#u16(147), this.#u16(0), this.#u32(0)])));
    const tsresol = Buffer.concat([this.#u16(9), this.#u16(1), Buffer.from([9, 0, 0, 0]), this.#u16(0), this.#u16(0)]);
    this.#chunks.push(this.#block(1, Buffer.concat([this.#u16(this.#o.linkType), this.#u16(0), this.#u32(0), tsresol])));
  }

  #link(packet: Buffer): Buffer {
    const v6 = packet[0]! >> 4 === 6;
    const type = v6 ? 0x86dd : 0x0800;
    switch (this.#o.linkType) {
      case 1: {
        const tags: Buffer[] = [];
        for (let i = 0; i < (this.#o.vlanTags ?? 0); i++) tags.push(Buffer.from([0x81, 0x00, 0x00, 10 + i]));
        const mac = Buffer.from([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2]);
        const t = Buffer.alloc(2);
        t.writeUInt16BE(type);
        return Buffer.concat([mac, ...tags, t, packet]);
      }
      case 113: {
        const h = Buffer.alloc(16);
        h.writeUInt16BE(0, 0);
        h.writeUInt16BE(772, 2);
        h.writeUInt16BE(6, 4);
        h.writeUInt16BE(type, 14);
        return Buffer.concat([h, packet]);
      }
      case 276: {
        const h = Buffer.alloc(20);
        h.writeUInt16BE(type, 0);
        h.writeUInt32BE(1, 4);
        h.writeUInt16BE(772, 8);
        h[11] = 6;
        return Buffer.concat([h, packet]);
      }
      case 101:
        return packet;
      case 0: {
        const h = Buffer.alloc(4);
        h.writeUInt32LE(v6 ? 30 : 2);
        return Buffer.concat([h, packet]);
      }
    }
  }

  /** One IP packet at `timeUs` (µs since the epoch). */
  packet(timeUs: number, ipPacket: Buffer): void {
    this.frame(timeUs, this.#link(ipPacket));
  }

  /** One frame as the link type has it, written as is (another ethertype, a damaged header …). */
  frame(timeUs: number, frame: Buffer): void {
    this.#count++;
    if (this.#o.format === 'pcapng') {
      if (this.#o.sectionEvery !== undefined && this.#count % this.#o.sectionEvery === 0) this.#section();
      const ns = BigInt(Math.round(timeUs)) * 1000n;
      const body = Buffer.concat([this.#u32(1), this.#u32(Number(ns >> 32n)), this.#u32(Number(ns & 0xffffffffn)), this.#u32(frame.length), this.#u32(frame.length), frame]);
      this.#chunks.push(this.#block(6, body));
      return;
    }
    const seconds = Math.floor(timeUs / 1e6);
    const micros = Math.round(timeUs - seconds * 1e6);
    const fraction = this.#o.format === 'pcap-ns' ? micros * 1000 : micros;
    const parts = [this.#u32(seconds), this.#u32(fraction), this.#u32(frame.length), this.#u32(frame.length)];
    if (this.#o.format === 'fritzbox') parts.push(this.#u32(1), this.#u16(0x0800), Buffer.from([0, 0]));
    this.#chunks.push(Buffer.concat([...parts, frame]));
  }

  get count(): number {
    return this.#count;
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.#chunks);
  }
}
