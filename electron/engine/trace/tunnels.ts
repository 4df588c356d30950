import { linkLayer } from './link-layer.js';

/**
 * Encapsulations that switches' and firewalls' mirror ports and overlay networks wrap traffic in,
 * followed to the inner IP packet: GRE (RFC 2784, key and sequence number RFC 2890) carrying IPv4,
 * IPv6 or Ethernet (0x6558, transparent Ethernet bridging); ERSPAN type I/II (GRE 0x88BE) and
 * type III (GRE 0x22EB, draft-foschiano-erspan-03 §4); VXLAN (RFC 7348, UDP 4789) and Geneve
 * (RFC 8926, UDP 6081). Shared by the decoder and export's packet layout, so both follow exactly
 * the same packets. Every length is checked before it is read; what does not look like the
 * encapsulation gives null (the bytes are then taken as what the outer header says they are).
 */

export const VXLAN_PORT = 4789;
export const GENEVE_PORT = 6081;

export interface TunnelInnerType {
  /** IP version of the inner packet and where it starts; its bytes end at the `end` given. */
  version: 4 | 6;
  at: number;
  /** GRE with the C flag: where its checksum is (it covers the GRE header and everything after); else -1. */
  checksumAt: number;
}

/** An IP packet of `version` at `at`: its first nibble must say so (a plausibility check as much as a parse). */
function ipAt(d: Uint8Array, at: number, end: number, version: 4 | 6, checksumAt = -1): TunnelInnerType | null {
  if (end < at + (version === 4 ? 20 : 40) || d[at]! >> 4 !== version) return null;
  return { version, at, checksumAt };
}

/** An Ethernet frame at `at` (802.1Q/802.1ad tags and PPPoE as on a capture's link layer) carrying IP. */
function etherAt(d: Uint8Array, at: number, end: number, checksumAt = -1): TunnelInnerType | null {
  if (end < at) return null;
  const link = linkLayer(1, d.subarray(at, end));
  if (typeof link === 'string') return null;
  if (link.ethertype === 0x0800) return ipAt(d, at + link.at, end, 4, checksumAt);
  if (link.ethertype === 0x86dd) return ipAt(d, at + link.at, end, 6, checksumAt);
  return null;
}

/** What a payload of `type` (an ethertype, as GRE and Geneve name their payload) at `at` holds. */
function byType(d: Uint8Array, type: number, at: number, end: number, checksumAt = -1): TunnelInnerType | null {
  if (type === 0x0800) return ipAt(d, at, end, 4, checksumAt);
  if (type === 0x86dd) return ipAt(d, at, end, 6, checksumAt);
  if (type === 0x6558) return etherAt(d, at, end, checksumAt);
  return null;
}

/** The GRE packet (IP protocol 47) in `d[at, end)`. */
export function greInner(d: Uint8Array, at: number, end: number): TunnelInnerType | null {
  if (end < at + 4) return null;
  const flags = d[at]!;
  // Version 0 only (version 1 is PPTP's enhanced GRE); the routing field of RFC 1701 (R) is not followed.
  if ((d[at + 1]! & 0x07) !== 0 || (flags & 0x40) !== 0) return null;
  const type = (d[at + 2]! << 8) | d[at + 3]!;
  const checksumAt = (flags & 0x80) !== 0 ? at + 4 : -1;
  const sequence = (flags & 0x10) !== 0;
  const p = at + 4 + ((flags & 0x80) !== 0 ? 4 : 0) + ((flags & 0x20) !== 0 ? 4 : 0) + (sequence ? 4 : 0);
  if (type === 0x88be) {
    // ERSPAN type I has no sequence number and no header of its own; type II an 8-byte one, version 1.
    if (!sequence) return etherAt(d, p, end, checksumAt);
    if (end < p + 8 || d[p]! >> 4 !== 1) return null;
    return etherAt(d, p + 8, end, checksumAt);
  }
  if (type === 0x22eb) {
    // ERSPAN type III: 12-byte header, version 2; with the O flag an 8-byte platform subheader
    // follows. The frame type (FT) says what is mirrored: 0 Ethernet, 2 an IP packet.
    if (end < p + 12 || d[p]! >> 4 !== 2) return null;
    const at = p + 12 + ((d[p + 11]! & 0x01) !== 0 ? 8 : 0);
    const frameType = (d[p + 10]! >> 2) & 0x1f;
    if (frameType === 0) return etherAt(d, at, end, checksumAt);
    if (frameType === 2 && end > at) return ipAt(d, at, end, d[at]! >> 4 === 6 ? 6 : 4, checksumAt);
    return null;
  }
  return byType(d, type, p, end, checksumAt);
}

/**
 * The VXLAN or Geneve packet in the UDP datagram `d[at, end)` (UDP header included), decided by
 * the destination port and the header's plausibility: VXLAN's I flag, Geneve's version 0, an
 * inner Ethernet frame or IP packet whose type and version agree. A SIP message sent to 4789
 * fails these (its first byte is a letter: no Geneve version 0, and no ethertype where VXLAN's
 * inner frame would have one) and is read as SIP.
 */
export function udpTunnelInner(d: Uint8Array, at: number, end: number): TunnelInnerType | null {
  if (end < at + 16) return null;
  const port = (d[at + 2]! << 8) | d[at + 3]!;
  const h = at + 8;
  if (port === VXLAN_PORT) {
    if ((d[h]! & 0x08) === 0) return null;
    return etherAt(d, h + 8, end);
  }
  if (port === GENEVE_PORT) {
    if (d[h]! >> 6 !== 0) return null;
    const length = 8 + (d[h]! & 0x3f) * 4;
    if (end < h + length) return null;
    return byType(d, (d[h + 2]! << 8) | d[h + 3]!, h + length, end);
  }
  return null;
}
