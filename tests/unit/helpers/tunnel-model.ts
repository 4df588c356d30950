import { checksum, checksummed, ip, isV6, udp } from './capture-writer.js';

/**
 * Tunnels as mirror ports and overlays send them, written from the specifications independently
 * of the decoder under test: IP in IP and 6in4 (RFC 2003, 4213), GRE with random checksum, key
 * and sequence fields (RFC 2784, 2890) carrying IP or Ethernet, ERSPAN type I, II and III with and
 * without the platform subheader, VXLAN (RFC 7348) and Geneve (RFC 8926) with random options,
 * over IPv4 or IPv6, the inner Ethernet with 0–2 VLAN tags, the outer packet fragmented at `mtu`.
 */

export const TUNNEL_KINDS = ['ipip', 'gre-ip', 'gretap', 'erspan1', 'erspan2', 'erspan3', 'vxlan', 'geneve-eth', 'geneve-ip'] as const;
export type TunnelKindType = (typeof TUNNEL_KINDS)[number];

export interface TunnelOptionsType {
  kind: TunnelKindType;
  outerV6: boolean;
  /** GRE flags (C, K, S); ERSPAN II/III always have S. */
  greChecksum: boolean;
  greKey: boolean;
  greSequence: boolean;
  vlanTags: number;
  /** ERSPAN III: the O flag and its 8-byte platform subheader. */
  erspanSubheader: boolean;
  /** ERSPAN III: the mirrored frame is an IP packet (frame type 2), not Ethernet. */
  erspanIp: boolean;
  /** Geneve: option words (0–63). */
  geneveWords: number;
  /** VXLAN/Geneve over IPv4: send the outer UDP checksum (else 0, none). Over IPv6 it is always sent. */
  udpChecksum: boolean;
  /** Fragment the outer packet at this MTU. */
  mtu: number;
}

export function randomTunnel(rnd: () => number, kind?: TunnelKindType): TunnelOptionsType {
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  return {
    kind: kind ?? pick(TUNNEL_KINDS),
    outerV6: rnd() < 0.4,
    greChecksum: rnd() < 0.5,
    greKey: rnd() < 0.5,
    greSequence: rnd() < 0.5,
    vlanTags: Math.floor(rnd() * 3),
    erspanSubheader: rnd() < 0.5,
    erspanIp: rnd() < 0.3,
    geneveWords: pick([0, 0, 1, 3, 5, 12]),
    udpChecksum: rnd() < 0.5,
    mtu: 65_000,
  };
}

const OUTER = { v4: ['198.51.100.1', '198.51.100.2'], v6: ['2001:db8:ff::1', '2001:db8:ff::2'] } as const;

export function ethernet(packet: Buffer, vlanTags: number): Buffer {
  const tags = Array.from({ length: vlanTags }, (_, i) => Buffer.from([i === 0 && vlanTags > 1 ? 0x88 : 0x81, i === 0 && vlanTags > 1 ? 0xa8 : 0x00, 0x00, 20 + i]));
  const type = Buffer.alloc(2);
  type.writeUInt16BE(packet[0]! >> 4 === 6 ? 0x86dd : 0x0800);
  return Buffer.concat([Buffer.from([2, 0, 0, 0, 0, 0xa, 2, 0, 0, 0, 0, 0xb]), ...tags, type, packet]);
}

function gre(type: number, payload: Buffer, o: TunnelOptionsType, sequence: boolean): Buffer {
  const fields: Buffer[] = [];
  if (o.greChecksum) fields.push(Buffer.alloc(4));
  if (o.greKey) fields.push(Buffer.from([0, 0, 0x12, 0x34]));
  if (sequence) fields.push(Buffer.from([0, 0, 0, 7]));
  const head = Buffer.from([(o.greChecksum ? 0x80 : 0) | (o.greKey ? 0x20 : 0) | (sequence ? 0x10 : 0), 0, type >> 8, type & 0xff]);
  const out = Buffer.concat([head, ...fields, payload]);
  if (o.greChecksum) out.writeUInt16BE(checksum(out), 4);
  return out;
}

function geneve(type: number, payload: Buffer, words: number): Buffer {
  const options: Buffer[] = [];
  for (let left = words; left > 0; ) {
    const data = Math.min(left - 1, 31);
    options.push(Buffer.from([0x01, 0x02, 0x80 | (left % 7), data]), Buffer.alloc(data * 4, 0x5a));
    left -= 1 + data;
  }
  const head = Buffer.from([words & 0x3f, 0, type >> 8, type & 0xff, 0, 0, 42, 0]);
  return Buffer.concat([head, ...options, payload]);
}

/** The outer IP packets that carry the IP packet `inner` through the tunnel `o`. */
export function encapsulate(inner: Buffer, o: TunnelOptionsType, id: number): Buffer[] {
  const [src, dst] = o.outerV6 ? OUTER.v6 : OUTER.v4;
  const v6 = inner[0]! >> 4 === 6;
  const ipType = v6 ? 0x86dd : 0x0800;
  const overUdp = (port: number, payload: Buffer) => {
    const segment = udp(49152 + (id % 16000), port, payload);
    return ip(src, dst, 17, isV6(src) || o.udpChecksum ? checksummed(src, dst, 17, segment) : segment, id, o.mtu);
  };
  switch (o.kind) {
    case 'ipip':
      return ip(src, dst, v6 ? 41 : 4, inner, id, o.mtu);
    case 'gre-ip':
      return ip(src, dst, 47, gre(ipType, inner, o, o.greSequence), id, o.mtu);
    case 'gretap':
      return ip(src, dst, 47, gre(0x6558, ethernet(inner, o.vlanTags), o, o.greSequence), id, o.mtu);
    case 'erspan1':
      return ip(src, dst, 47, gre(0x88be, ethernet(inner, o.vlanTags), o, false), id, o.mtu);
    case 'erspan2': {
      const head = Buffer.from([0x10, 20, 0x08, 0x01, 0, 0, 0, 5]);
      return ip(src, dst, 47, gre(0x88be, Buffer.concat([head, ethernet(inner, o.vlanTags)]), o, true), id, o.mtu);
    }
    case 'erspan3': {
      // Version 2, VLAN 20, session 1, a timestamp; P=1 and frame type 0 (Ethernet) or P=0 and
      // frame type 2 (IP), hardware id 3, the O flag.
      const head = Buffer.from([0x20, 20, 0x08, 0x01, 0x11, 0x22, 0x33, 0x44, 0, 0, o.erspanIp ? 0x08 : 0x80, 0x30 | (o.erspanSubheader ? 0x01 : 0x00)]);
      const platform = o.erspanSubheader ? [Buffer.from([0x0c, 0, 0, 0, 0x55, 0x66, 0x77, 0x88])] : [];
      return ip(src, dst, 47, gre(0x22eb, Buffer.concat([head, ...platform, o.erspanIp ? inner : ethernet(inner, o.vlanTags)]), o, true), id, o.mtu);
    }
    case 'vxlan':
      return overUdp(4789, Buffer.concat([Buffer.from([0x08, 0, 0, 0, 0, 0, 42, 0]), ethernet(inner, o.vlanTags)]));
    case 'geneve-eth':
      return overUdp(6081, geneve(0x6558, ethernet(inner, o.vlanTags), o.geneveWords));
    case 'geneve-ip':
      return overUdp(6081, geneve(ipType, inner, o.geneveWords));
  }
}

/** The packets of a classic little-endian pcap (as `generateTraffic` writes with format 'pcap'). */
export function pcapPackets(file: Buffer): Array<{ timeUs: number; data: Buffer }> {
  const out: Array<{ timeUs: number; data: Buffer }> = [];
  for (let at = 24; at + 16 <= file.length; ) {
    const length = file.readUInt32LE(at + 8);
    out.push({ timeUs: file.readUInt32LE(at) * 1e6 + file.readUInt32LE(at + 4), data: file.subarray(at + 16, at + 16 + length) });
    at += 16 + length;
  }
  return out;
}
