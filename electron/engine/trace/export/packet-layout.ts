import { ipv4ToString as v4, ipv6ToString as v6 } from '../ip-address.js';
import { linkLayer } from '../link-layer.js';
import { ipv4FragmentKey, ipv6FragmentKey } from '../packet-decoder.js';
import { greInner, udpTunnelInner, type TunnelInnerType } from '../tunnels.js';

/**
 * Where the IP and transport headers of a frame are, for rewriting it on export: the fragment a
 * packet is part of, its TCP stream and sequence number, and where checksums are. Tunnels (IP in
 * IP, RFC 2003; IPv6 in IPv4, RFC 4213; GRE, ERSPAN, VXLAN, Geneve: tunnels.ts) are followed to
 * the innermost packet, as the decoder follows them, so that the inner UDP/TCP checksum is the one
 * fixed; outer IP headers do not change (redaction keeps every length), but the checksums of GRE
 * and of VXLAN's/Geneve's UDP cover the inner bytes and are fixed after it (`covering`). Every
 * length is checked before it is read.
 */

/** A checksum of an enclosing tunnel header over the inner packet: GRE's, or the outer UDP one. */
export type CoveringChecksumType = { kind: 'gre'; from: number; checksumAt: number; end: number; complete: boolean } | { kind: 'udp'; layout: PacketLayoutType };

export interface PacketLayoutType {
  ipAt: number;
  v6: boolean;
  /** Transport protocol (17 UDP, 6 TCP). */
  proto: number;
  /** Start and end (within the frame's captured bytes) of the IP payload. */
  l4At: number;
  l4End: number;
  /** The IP packet is longer than the bytes at hand (captured cut). */
  cut: boolean;
  /** Innermost first: checksums of the (unfragmented) tunnels around this packet that cover it. */
  covering: CoveringChecksumType[];
  /** Set for fragments: the datagram key and this fragment's offset in it. */
  fragment: { key: string; offset: number } | null;
  /** For unfragmented TCP: the stream key (as the decoder names it), sequence number, payload start. */
  tcp: { flow: string; seq: number; payloadAt: number } | null;
}

/** The IP packet at `at` whose bytes end at `limit` at the latest (the frame, or the outer packet's payload). */
function ipLayout(d: Uint8Array, at: number, limit: number, version: 4 | 6): PacketLayoutType | null {
  if (version === 4) {
    if (limit < at + 20 || d[at]! >> 4 !== 4) return null;
    const headerLength = (d[at]! & 0x0f) * 4;
    const total = (d[at + 2]! << 8) | d[at + 3]!;
    if (headerLength < 20 || total < headerLength || limit < at + headerLength) return null;
    const flags = (d[at + 6]! << 8) | d[at + 7]!;
    const offset = (flags & 0x1fff) * 8;
    const fragment = offset !== 0 || (flags & 0x2000) !== 0 ? { key: ipv4FragmentKey(d, at), offset } : null;
    return { ipAt: at, v6: false, proto: d[at + 9]!, l4At: at + headerLength, l4End: Math.min(limit, at + total), cut: at + total > limit, fragment, tcp: null, covering: [] };
  }
  if (limit < at + 40 || d[at]! >> 4 !== 6) return null;
  const declared = at + 40 + ((d[at + 4]! << 8) | d[at + 5]!);
  const end = Math.min(limit, declared);
  let next = d[at + 6]!;
  let p = at + 40;
  let fragment: PacketLayoutType['fragment'] = null;
  for (let hops = 0; hops < 8 && (next === 0 || next === 43 || next === 60 || next === 44); hops++) {
    if (end < p + 8) return null;
    if (next === 44) {
      fragment = { key: ipv6FragmentKey(d, at, p), offset: ((d[p + 2]! << 8) | d[p + 3]!) & 0xfff8 };
      next = d[p]!;
      p += 8;
      break;
    }
    next = d[p]!;
    p += (d[p + 1]! + 1) * 8;
  }
  if (p > end) return null;
  return { ipAt: at, v6: true, proto: next, l4At: p, l4End: end, cut: declared > limit, fragment, tcp: null, covering: [] };
}

/** The packet inside `l` when `l` is a tunnel (tunnels.ts decides, as for the decoder); notes the checksums that cover it. */
function tunnelIn(d: Uint8Array, l: PacketLayoutType, covering: CoveringChecksumType[]): (TunnelInnerType & { end: number }) | null {
  if (l.proto === 4 || l.proto === 41) return { version: l.proto === 4 ? 4 : 6, at: l.l4At, checksumAt: -1, end: l.l4End };
  if (l.proto === 47) {
    const inner = greInner(d, l.l4At, l.l4End);
    if (inner !== null && inner.checksumAt >= 0) covering.push({ kind: 'gre', from: l.l4At, checksumAt: inner.checksumAt, end: l.l4End, complete: !l.cut });
    return inner === null ? null : { ...inner, end: l.l4End };
  }
  if (l.proto !== 17 || l.l4End - l.l4At < 8) return null;
  const end = Math.max(l.l4At + 8, Math.min(l.l4End, l.l4At + ((d[l.l4At + 4]! << 8) | d[l.l4At + 5]!)));
  const inner = udpTunnelInner(d, l.l4At, end);
  if (inner !== null && (d[l.l4At + 6] !== 0 || d[l.l4At + 7] !== 0)) covering.push({ kind: 'udp', layout: { ...l } });
  return inner === null ? null : { ...inner, end };
}

export function packetLayout(linkType: number, d: Uint8Array): PacketLayoutType | null {
  const link = linkLayer(linkType, d);
  if (typeof link === 'string' || (link.ethertype !== 0x0800 && link.ethertype !== 0x86dd)) return null;
  let layout = ipLayout(d, link.at, d.length, link.ethertype === 0x0800 ? 4 : 6);
  const covering: CoveringChecksumType[] = [];
  // The same depth as the decoder's (packet-decoder.ts): a crafted packet cannot recurse.
  for (let depth = 0; layout !== null && layout.fragment === null && depth < 4; depth++) {
    const inner = tunnelIn(d, layout, covering);
    if (inner === null) break;
    layout = ipLayout(d, inner.at, inner.end, inner.version);
  }
  if (layout === null) return null;
  layout.covering = covering.reverse();
  const at = layout.ipAt;
  if (layout.proto === 6 && layout.fragment === null && layout.l4End - layout.l4At >= 20) {
    const b = layout.l4At;
    const dataOffset = (d[b + 12]! >> 4) * 4;
    if (dataOffset >= 20 && layout.l4End >= b + dataOffset) {
      const [src, dst] = layout.v6 ? [v6(d, at + 8), v6(d, at + 24)] : [v4(d, at + 12), v4(d, at + 16)];
      const seq = ((d[b + 4]! << 24) | (d[b + 5]! << 16) | (d[b + 6]! << 8) | d[b + 7]!) >>> 0;
      layout.tcp = { flow: `${src}|${(d[b]! << 8) | d[b + 1]!}>${dst}|${(d[b + 2]! << 8) | d[b + 3]!}`, seq, payloadAt: b + dataOffset };
    }
  }
  return layout;
}

/** RFC 1071 one's-complement sum of `d[from, to)`, continued from `sum`. */
export function onesSum(d: Uint8Array, from: number, to: number, sum = 0): number {
  for (let i = from; i + 1 < to; i += 2) sum += (d[i]! << 8) | d[i + 1]!;
  if ((to - from) % 2 === 1) sum += d[to - 1]! << 8;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/**
 * After an unfragmented packet's payload changed: its UDP/TCP checksum, then those of the tunnel
 * headers around it, innermost first (each covers what the one before it changed).
 */
export function fixChecksums(d: Uint8Array, l: PacketLayoutType): void {
  fixTransportChecksum(d, l);
  for (const c of l.covering) {
    if (c.kind === 'udp') fixTransportChecksum(d, c.layout);
    else if (c.complete && c.checksumAt + 2 <= d.length) {
      // RFC 2784 §2.5: over the GRE header and its payload, the checksum field taken as 0.
      d[c.checksumAt] = d[c.checksumAt + 1] = 0;
      const check = ~onesSum(d, c.from, c.end) & 0xffff;
      d[c.checksumAt] = check >> 8;
      d[c.checksumAt + 1] = check & 0xff;
    }
  }
}

/**
 * Recomputes the UDP or TCP checksum of an unfragmented packet after its payload changed (RFC 768,
 * RFC 793 §3.1, RFC 8200 §8.1). A packet captured cut cannot be summed: UDP over IPv4 then gets
 * checksum 0 (no checksum, allowed), the rest is left as it was.
 */
export function fixTransportChecksum(d: Uint8Array, l: PacketLayoutType): void {
  const isUdp = l.proto === 17;
  if ((!isUdp && l.proto !== 6) || l.fragment !== null) return;
  const at = l.l4At + (isUdp ? 6 : 16);
  if (at + 2 > d.length) return;
  const length = isUdp ? (d[l.l4At + 4]! << 8) | d[l.l4At + 5]! : l.l4End - l.l4At;
  const complete = l.l4At + length <= d.length && length >= (isUdp ? 8 : 20);
  if (!complete) {
    if (isUdp && !l.v6) d[at] = d[at + 1] = 0;
    return;
  }
  d[at] = d[at + 1] = 0;
  let sum = l.v6 ? onesSum(d, l.ipAt + 8, l.ipAt + 40) : onesSum(d, l.ipAt + 12, l.ipAt + 20);
  sum += l.proto + (length >>> 16) + (length & 0xffff);
  sum = onesSum(d, l.l4At, l.l4At + length, sum);
  let check = ~sum & 0xffff;
  if (isUdp && check === 0) check = 0xffff;
  d[at] = check >> 8;
  d[at + 1] = check & 0xff;
}

/**
 * What a change of `before` into `after` (the same length, starting at an even offset from the
 * transport header) adds to the one's-complement sum: for a checksum whose covered bytes are not
 * all at hand, such as a datagram's that the first of its fragments carries (RFC 1624 §3).
 */
export function checksumDelta(before: Uint8Array, after: Uint8Array): number {
  let sum = onesSum(after, 0, after.length) + (~onesSum(before, 0, before.length) & 0xffff);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

/** A UDP/TCP checksum `old` updated by the deltas of its changes (RFC 1624 eqn. 3). */
export function adjustedChecksum(old: number, delta: number): number {
  let sum = (~old & 0xffff) + delta;
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const check = ~sum & 0xffff;
  return check === 0 ? 0xffff : check;
}
