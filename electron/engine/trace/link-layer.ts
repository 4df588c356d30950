/**
 * Where the IP packet starts in a frame of this link type (Ethernet with VLAN tags and PPPoE,
 * Linux cooked SLL and SLL2, raw IP, BSD loopback) and which ethertype it has (-1: not IP).
 */
export function linkLayer(linkType: number, d: Uint8Array): { ethertype: number; at: number } | 'short' | 'unknown' {
  let at = 0;
  let ethertype = -1;
  switch (linkType) {
    case 1: // Ethernet
      if (d.length < 14) return 'short';
      ethertype = (d[12]! << 8) | d[13]!;
      at = 14;
      // 802.1Q / 802.1ad / QinQ tags, as many as there are.
      while ((ethertype === 0x8100 || ethertype === 0x88a8 || ethertype === 0x9100) && d.length >= at + 4) {
        ethertype = (d[at + 2]! << 8) | d[at + 3]!;
        at += 4;
      }
      if (ethertype === 0x8864) {
        // PPPoE session (DSL, as a FRITZ!Box captures its WAN side): 6-byte header, PPP protocol.
        if (d.length < at + 8) return 'short';
        const ppp = (d[at + 6]! << 8) | d[at + 7]!;
        ethertype = ppp === 0x0021 ? 0x0800 : ppp === 0x0057 ? 0x86dd : -1;
        at += 8;
      }
      break;
    case 113: // Linux cooked v1: protocol at 14, 16-byte header
      if (d.length < 16) return 'short';
      ethertype = (d[14]! << 8) | d[15]!;
      at = 16;
      break;
    case 276: // Linux cooked v2: protocol at 0, 20-byte header
      if (d.length < 20) return 'short';
      ethertype = (d[0]! << 8) | d[1]!;
      at = 20;
      break;
    case 101: // raw IP (and the OS-specific numbers of DLT_RAW)
    case 12:
    case 14:
      if (d.length < 1) return 'short';
      ethertype = d[0]! >> 4 === 6 ? 0x86dd : 0x0800;
      break;
    case 228:
      ethertype = 0x0800;
      break;
    case 229:
      ethertype = 0x86dd;
      break;
    case 0: // BSD loopback: address family in host order
    case 108: {
      // OpenBSD loop: network order
      if (d.length < 4) return 'short';
      const family = linkType === 108 ? (d[0]! << 24) | (d[1]! << 16) | (d[2]! << 8) | d[3]! : d[0]! !== 0 ? d[0]! : d[3]!;
      ethertype = family === 2 ? 0x0800 : family === 24 || family === 28 || family === 30 || family === 10 ? 0x86dd : -1;
      at = 4;
      break;
    }
    default:
      return 'unknown';
  }
  return { ethertype, at };
}
