/**
 * The capture filter (BPF, as libpcap and dumpcap take it). The default is SIP only — 5060 (UDP,
 * TCP) and 5061 (TLS) — narrowed to the PBX when its address is known; RTP widens it to the
 * STARFACE media ports (FACTS.md: 10000–20000 incoming; a phone's own RTP port is any UDP port, so
 * with the PBX known RTP is simply all UDP to and from it).
 */

const SIP = '(tcp or udp) and (port 5060 or port 5061)';
const RTP = 'udp portrange 10000-20000';

/** An IPv4/IPv6 literal safe to put into a filter; anything else is left out. */
function literal(address: string | null | undefined): string | null {
  if (!address) return null;
  const bare = address.trim().replace(/^\[|\]$/g, '');
  return /^[0-9.]{7,15}$/.test(bare) || /^[0-9A-Fa-f:.]{2,45}$/.test(bare) ? bare : null;
}

export function defaultCaptureFilter(options: { pbx?: string | null; rtp?: boolean } = {}): string {
  const pbx = literal(options.pbx);
  if (pbx !== null) return options.rtp ? `host ${pbx} and (${SIP} or udp)` : `host ${pbx} and ${SIP}`;
  return options.rtp ? `(${SIP}) or (${RTP})` : SIP;
}

/** A filter from the user: one line, bounded, no shell or option characters reach a process. */
export function checkedFilter(filter: string): string | null {
  const f = filter.trim();
  if (f.length === 0 || f.length > 500 || /[\0\n\r]/.test(f) || f.startsWith('-')) return null;
  return f;
}
