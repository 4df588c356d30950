/** IP addresses from packet bytes as text, and which of them are private (RFC 1918, 6598, 4193). */

/**
 * A capture has few addresses and many packets: each address's text is made once and shared
 * (fewer strings to build and to collect, and Map/Set lookups on them hash only once).
 */
const v4Names = new Map<number, string>();
const endpointNames = new Map<string, Map<number, string>>();
const NAME_CACHE_LIMIT = 65_536;

export function ipv4ToString(b: Uint8Array, at: number): string {
  const key = (((b[at] ?? 0) << 24) | ((b[at + 1] ?? 0) << 16) | ((b[at + 2] ?? 0) << 8) | (b[at + 3] ?? 0)) >>> 0;
  let name = v4Names.get(key);
  if (name === undefined) {
    name = `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
    if (v4Names.size >= NAME_CACHE_LIMIT) v4Names.clear();
    v4Names.set(key, name);
  }
  return name;
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

/** `IP:PORT`, with IPv6 in brackets as SIP and URLs write it. Shared text, like the addresses. */
export function endpoint(ip: string, port: number): string {
  let ports = endpointNames.get(ip);
  if (ports === undefined) {
    if (endpointNames.size >= NAME_CACHE_LIMIT) endpointNames.clear();
    ports = new Map();
    endpointNames.set(ip, ports);
  }
  let name = ports.get(port);
  if (name === undefined) {
    name = ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
    if (ports.size >= NAME_CACHE_LIMIT) ports.clear();
    ports.set(port, name);
  }
  return name;
}

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A test of an address, remembered per address text: asked for every message of a capture. */
function cachedTest(test: (ip: string) => boolean): (ip: string) => boolean {
  const cache = new Map<string, boolean>();
  return (ip) => {
    let known = cache.get(ip);
    if (known === undefined) {
      known = test(ip);
      if (cache.size > 10_000) cache.clear();
      cache.set(ip, known);
    }
    return known;
  };
}

/** Addresses a NAT hides: RFC 1918, carrier-grade NAT (RFC 6598), IPv6 unique local (RFC 4193). */
export const isPrivateAddress = cachedTest(isPrivateUncached);

function isPrivateUncached(ip: string): boolean {
  const m = V4.exec(ip);
  if (m !== null) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  return /^f[cd][0-9a-f]{0,2}:/i.test(ip);
}

/** Loopback and link-local are neither public nor a NAT's inside. */
export const isPublicAddress = cachedTest(isPublicUncached);

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
