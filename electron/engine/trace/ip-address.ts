/** IP addresses from packet bytes as text, and which of them are private (RFC 1918, 6598, 4193). */

export function ipv4ToString(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** RFC 5952 text: lower case, the longest run of two or more zero groups as `::`. */
export function ipv6ToString(b: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(((b[at + 2 * i] ?? 0) << 8) | (b[at + 2 * i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** `IP:PORT`, with IPv6 in brackets as SIP and URLs write it. */
export function endpoint(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Addresses a NAT hides: RFC 1918, carrier-grade NAT (RFC 6598), IPv6 unique local (RFC 4193). */
export function isPrivateAddress(ip: string): boolean {
  const m = V4.exec(ip);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^f[cd][0-9a-f]{0,2}:/i.test(ip);
}

const publicCache = new Map<string, boolean>();

/** Loopback and link-local are neither public nor a NAT's inside. Cached: asked for every message. */
export function isPublicAddress(ip: string): boolean {
  let known = publicCache.get(ip);
  if (known === undefined) {
    known = isPublicUncached(ip);
    if (publicCache.size > 10_000) publicCache.clear();
    publicCache.set(ip, known);
  }
  return known;
}

function isPublicUncached(ip: string): boolean {
  const m = V4.exec(ip);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return !isPrivateAddress(ip) && a !== 127 && a !== 0 && !(a === 169 && b === 254) && a < 224;
  }
  if (!ip.includes(':')) return false;
  return !isPrivateAddress(ip) && ip !== '::1' && !/^fe[89ab]/i.test(ip) && !/^ff/i.test(ip) && ip !== '::';
}
