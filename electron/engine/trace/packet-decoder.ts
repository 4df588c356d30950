import type { RawPacketType } from './capture-reader.js';
import { FragmentTable } from './ip-fragments.js';
import { ipv4ToString, ipv6ToString } from './ip-address.js';
import { linkLayer } from './link-layer.js';
import { TcpReassembler } from './tcp-stream.js';
import { greInner, udpTunnelInner, type TunnelInnerType } from './tunnels.js';

/**
 * From a captured frame to SIP payloads: link layer (Ethernet with VLAN tags and PPPoE, Linux
 * cooked SLL and SLL2, raw IP, BSD loopback), IPv4/IPv6 with fragments, UDP, TCP (reassembled),
 * and ICMP "unreachable" answers to SIP. Every length is checked before it is read; what cannot
 * be decoded is counted, never thrown.
 */

export interface SipPayloadMetaType {
  time: number;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  transport: 'udp' | 'tcp';
  fragmented: boolean;
  /** Which packets carried it, for export (engine/trace/export): the fragments' datagram key. */
  fragmentKey?: string;
  /**
   * With `fragmentKey`: where the message starts in the reassembled IP payload (8 after a UDP
   * header; more when the fragmented packet is a tunnel and the UDP header is the inner one's).
   */
  datagramAt?: number;
  /**
   * With `fragmentKey` for a message inside a tunnel whose outer packet was fragmented and whose
   * own UDP checksum is 0 (none, IPv4): where in the reassembled datagram the checksums of the
   * tunnel headers that cover it are (GRE's, the outer UDP one of VXLAN/Geneve). With an inner
   * checksum there is nothing to do: updated by redaction, it keeps their sums as they were.
   */
  coveringChecksums?: number[];
  /** For TCP: the stream (`SRC|PORT>DST|PORT`) and the sequence number of the message's first byte. */
  tcp?: { flow: string; seq: number };
}

export interface IcmpUnreachableType {
  time: number;
  /** Who sent the ICMP error. */
  from: string;
  /** The original datagram's destination, which could not be reached. */
  dst: string;
  dstPort: number;
  src: string;
  srcPort: number;
}

export interface DecoderCountsType {
  unknownLinkType: number;
  notIp: number;
  truncatedFrames: number;
}

export interface DecoderSinkType {
  /** A UDP payload that starts like text (parseSip decides whether it is SIP), or a framed TCP message. */
  sip(payload: Uint8Array, meta: SipPayloadMetaType): void;
  icmp(event: IcmpUnreachableType): void;
}

/** Where a packet's addresses are, so that their text is made only when needed. */
interface AddressRefType {
  d: Uint8Array;
  src: number;
  dst: number;
  v6: boolean;
}

function addresses(a: AddressRefType): [string, string] {
  return a.v6 ? [ipv6ToString(a.d, a.src), ipv6ToString(a.d, a.dst)] : [ipv4ToString(a.d, a.src), ipv4ToString(a.d, a.dst)];
}

/** The reassembly key of an IPv4 fragment whose header starts at `at`: addresses, id, protocol. */
export function ipv4FragmentKey(d: Uint8Array, at: number): string {
  return `${ipv4ToString(d, at + 12)}>${ipv4ToString(d, at + 16)}/${(d[at + 4]! << 8) | d[at + 5]!}/${d[at + 9]!}`;
}

/** The same for IPv6: header at `at`, fragment extension header at `frag`. */
export function ipv6FragmentKey(d: Uint8Array, at: number, frag: number): string {
  const id = ((d[frag + 4]! << 24) | (d[frag + 5]! << 16) | (d[frag + 6]! << 8) | d[frag + 7]!) >>> 0;
  return `${ipv6ToString(d, at + 8)}>${ipv6ToString(d, at + 24)}/${id}/${d[frag]!}`;
}

export class PacketDecoder {
  readonly counts: DecoderCountsType = { unknownLinkType: 0, notIp: 0, truncatedFrames: 0 };
  readonly unknownLinkTypes = new Set<number>();
  readonly fragments = new FragmentTable();
  readonly tcp: TcpReassembler;
  readonly #sink: DecoderSinkType;
  #time = 0;
  #tcpMeta: SipPayloadMetaType | null = null;
  #tcpFlow = '';
  #sinceExpiry = 0;
  #tunnelDepth = 0;
  /** Inside a tunnel whose outer packet was fragmented: its datagram key and reassembled payload. */
  #outerFragment: { key: string; payload: Uint8Array; checksums: number[] } | null = null;

  constructor(sink: DecoderSinkType) {
    this.#sink = sink;
    this.tcp = new TcpReassembler((message, time, seq) => {
      if (this.#tcpMeta !== null) this.#sink.sip(message, { ...this.#tcpMeta, time, tcp: { flow: this.#tcpFlow, seq } });
    });
  }

  packet(p: RawPacketType): void {
    this.#time = p.time;
    if (++this.#sinceExpiry >= 65536) {
      this.#sinceExpiry = 0;
      this.fragments.expire(p.time);
      this.tcp.expire(p.time);
    }
    const d = p.data;
    const link = linkLayer(p.linkType, d);
    if (link === 'short') return this.#short();
    if (link === 'unknown') {
      this.counts.unknownLinkType++;
      if (this.unknownLinkTypes.size < 16) this.unknownLinkTypes.add(p.linkType);
      return;
    }
    const { ethertype, at } = link;
    if (ethertype === 0x0800) this.#ipv4(d, at);
    else if (ethertype === 0x86dd) this.#ipv6(d, at);
    else this.counts.notIp++;
  }

  #short(): void {
    this.counts.truncatedFrames++;
  }

  #ipv4(d: Uint8Array, at: number): void {
    if (d.length < at + 20 || d[at]! >> 4 !== 4) return this.#short();
    const headerLength = (d[at]! & 0x0f) * 4;
    const total = (d[at + 2]! << 8) | d[at + 3]!;
    if (headerLength < 20 || total < headerLength) return this.#short();
    const end = Math.min(d.length, at + total);
    if (end < at + headerLength) return this.#short();
    const proto = d[at + 9]!;
    const flags = (d[at + 6]! << 8) | d[at + 7]!;
    const offset = (flags & 0x1fff) * 8;
    const more = (flags & 0x2000) !== 0;
    const address = { d, src: at + 12, dst: at + 16, v6: false };
    let payload = d.subarray(at + headerLength, end);
    let fragment: string | null = null;
    if (offset !== 0 || more) {
      fragment = ipv4FragmentKey(d, at);
      const whole = this.fragments.add(fragment, offset, more, payload, this.#time, this.#outerFragment !== null);
      if (whole === null) return;
      payload = whole;
    }
    this.#transport(proto, address, payload, fragment);
  }

  #ipv6(d: Uint8Array, at: number): void {
    if (d.length < at + 40 || d[at]! >> 4 !== 6) return this.#short();
    const payloadLength = (d[at + 4]! << 8) | d[at + 5]!;
    let next = d[at + 6]!;
    const address = { d, src: at + 8, dst: at + 24, v6: true };
    const end = Math.min(d.length, at + 40 + payloadLength);
    let p = at + 40;
    // Extension headers: hop-by-hop, routing, destination options, fragment (RFC 8200 §4).
    for (let hops = 0; hops < 8; hops++) {
      if (next === 0 || next === 43 || next === 60) {
        if (end < p + 8) return this.#short();
        next = d[p]!;
        p += (d[p + 1]! + 1) * 8;
        continue;
      }
      if (next === 44) {
        if (end < p + 8) return this.#short();
        const proto = d[p]!;
        const offset = ((d[p + 2]! << 8) | d[p + 3]!) & 0xfff8;
        const more = (d[p + 3]! & 1) === 1;
        const key = ipv6FragmentKey(d, at, p);
        const whole = this.fragments.add(key, offset, more, d.subarray(p + 8, end), this.#time, this.#outerFragment !== null);
        if (whole !== null) this.#transport(proto, address, whole, key);
        return;
      }
      break;
    }
    if (p > end) return this.#short();
    this.#transport(next, address, d.subarray(p, end), null);
  }

  /** Address text is made only for what is kept (SIP, TCP, ICMP): most of a capture is RTP. */
  #transport(proto: number, a: AddressRefType, b: Uint8Array, fragment: string | null): void {
    const fragmented = fragment !== null;
    // IP in IP (RFC 2003), IPv6 in IP (RFC 4213) and GRE (tunnels.ts), as firewalls and mirror
    // ports tunnel traffic: the inner packet is what was sent. A few levels at most, so a crafted
    // packet cannot recurse.
    if (this.#tunnelDepth < 4) {
      if (proto === 4 || proto === 41) return this.#inner({ version: proto === 4 ? 4 : 6, at: 0, checksumAt: -1 }, b, fragment);
      if (proto === 47) {
        const inner = greInner(b, 0, b.length);
        if (inner !== null) this.#inner(inner, b, fragment);
        return;
      }
    }
    // Export places its edits by the packets that carried a message: in a fragmented tunnel,
    // those are the outer fragments (an inner packet fragmented again keeps its own key).
    const outer = fragment === null ? this.#outerFragment : null;
    if (proto === 17) {
      if (b.length < 8) return this.#short();
      const length = (b[4]! << 8) | b[5]!;
      // VXLAN and Geneve: decided by port and header, before the first-byte test below (and
      // without an allocation for the RTP that most UDP is).
      const inner = this.#tunnelDepth < 4 ? udpTunnelInner(b, 0, Math.max(8, Math.min(b.length, length))) : null;
      // The outer UDP checksum covers the inner packet; 0 is none (RFC 768, RFC 6935 for tunnels over IPv6).
      if (inner !== null) return this.#inner({ ...inner, checksumAt: b[6] !== 0 || b[7] !== 0 ? 6 : -1 }, b.subarray(0, Math.min(b.length, length)), fragment);
      const payload = b.subarray(8, Math.max(8, Math.min(b.length, length)));
      // RTP, STUN and friends start with a byte below 'A': reject before building anything. The
      // start line itself is checked once, by parseSip (a 'not-sip' error counts as not SIP).
      const first = payload[0] ?? 0;
      if (first < 0x41 || first > 0x5a) return;
      const [src, dst] = addresses(a);
      const meta: SipPayloadMetaType = { time: this.#time, src, srcPort: (b[0]! << 8) | b[1]!, dst, dstPort: (b[2]! << 8) | b[3]!, transport: 'udp', fragmented: fragmented || outer !== null };
      // Fragments of which one came inside a fragmented tunnel packet get neither: export cannot
      // place edits in fragments of fragments, and stops (`unplaceable`) rather than leak.
      if (fragment !== null && !this.fragments.lastNested) {
        meta.fragmentKey = fragment;
        meta.datagramAt = 8;
      } else if (outer !== null && payload.buffer === outer.payload.buffer) {
        meta.fragmentKey = outer.key;
        meta.datagramAt = payload.byteOffset - outer.payload.byteOffset;
        if (!a.v6 && b[6] === 0 && b[7] === 0 && outer.checksums.length > 0) meta.coveringChecksums = outer.checksums;
      }
      this.#sink.sip(payload, meta);
      return;
    }
    if (proto === 6) {
      if (b.length < 20) return this.#short();
      const dataOffset = (b[12]! >> 4) * 4;
      if (dataOffset < 20 || b.length < dataOffset) return this.#short();
      const srcPort = (b[0]! << 8) | b[1]!;
      const dstPort = (b[2]! << 8) | b[3]!;
      const seq = ((b[4]! << 24) | (b[5]! << 16) | (b[6]! << 8) | b[7]!) >>> 0;
      const [src, dst] = addresses(a);
      this.#tcpMeta = { time: this.#time, src, srcPort, dst, dstPort, transport: 'tcp', fragmented: fragmented || outer !== null };
      this.#tcpFlow = `${src}|${srcPort}>${dst}|${dstPort}`;
      this.tcp.segment(this.#tcpFlow, seq, b[13]!, b.subarray(dataOffset), this.#time);
      return;
    }
    if ((proto === 1 && b[0] === 3) || (proto === 58 && b[0] === 1)) return this.#icmp(proto, addresses(a)[0], b);
  }

  /**
   * Into the tunnel's inner packet in `b`. When the outer packet was reassembled from fragments,
   * export places edits by its datagram (and fixes the tunnel's checksums there): remember where.
   */
  #inner(inner: TunnelInnerType, b: Uint8Array, fragment: string | null): void {
    this.#tunnelDepth++;
    const saved = this.#outerFragment;
    if (fragment !== null) this.#outerFragment = { key: fragment, payload: b, checksums: [] };
    const outer = this.#outerFragment;
    if (inner.checksumAt >= 0 && outer !== null && b.buffer === outer.payload.buffer) {
      this.#outerFragment = { ...outer, checksums: [...outer.checksums, b.byteOffset - outer.payload.byteOffset + inner.checksumAt] };
    }
    try {
      if (inner.version === 4) this.#ipv4(b, inner.at);
      else this.#ipv6(b, inner.at);
    } finally {
      this.#tunnelDepth--;
      this.#outerFragment = saved;
    }
  }

  /** ICMP destination unreachable quoting a UDP datagram (RFC 792, RFC 4443 §3.1). */
  #icmp(proto: number, from: string, b: Uint8Array): void {
    const q = 8;
    let dst: string;
    let src: string;
    let udp: number;
    if (proto === 1) {
      if (b.length < q + 20 || b[q]! >> 4 !== 4) return this.#short();
      const ihl = (b[q]! & 0x0f) * 4;
      if (b[q + 9] !== 17 || b.length < q + ihl + 4) return;
      src = ipv4ToString(b, q + 12);
      dst = ipv4ToString(b, q + 16);
      udp = q + ihl;
    } else {
      if (b.length < q + 44 || b[q + 6] !== 17) return;
      src = ipv6ToString(b, q + 8);
      dst = ipv6ToString(b, q + 24);
      udp = q + 40;
    }
    this.#sink.icmp({ time: this.#time, from, src, srcPort: (b[udp]! << 8) | b[udp + 1]!, dst, dstPort: (b[udp + 2]! << 8) | b[udp + 3]! });
  }
}
