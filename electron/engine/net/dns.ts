import { lookup, Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DnsResultType } from '../../../shared/diagnostics/results.js';

export interface DnsOptionsType {
  /** `IP` or `IP:PORT` (IPv6 as `[IP]:PORT`); default: the system's resolvers. */
  servers?: readonly string[];
  timeoutMs: number;
  signal?: AbortSignal;
}

const NOT_FOUND = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);
const UNREACHABLE = new Set(['ETIMEOUT', 'ECONNREFUSED', 'ETIMEDOUT', 'ECANCELLED']);

function code(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'ERROR';
}

/** `[::1]` → `::1`: URIs bracket IPv6 literals, sockets do not. */
export function bareHost(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/**
 * A and AAAA of `host`, asked of one resolver with one try each and a time limit, so that "the name
 * does not exist" (NXDOMAIN, no records) is told apart from "no resolver answered" (timeout,
 * refused). An IP literal is not looked up. Without a resolver given, names the system knows
 * otherwise (hosts file) are found as the operating system would find them.
 */
export async function resolveHost(host: string, options: DnsOptionsType): Promise<DnsResultType> {
  const started = performance.now();
  const bare = bareHost(host);
  const family = isIP(bare);
  if (family !== 0) {
    return { status: 'literal', resolver: null, ms: 0, a: family === 4 ? [bare] : [], aaaa: family === 6 ? [bare] : [], detail: null };
  }
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers && options.servers.length > 0) resolver.setServers([...options.servers]);
  const abort = () => resolver.cancel();
  options.signal?.addEventListener('abort', abort, { once: true });
  const [a, aaaa] = await Promise.allSettled([resolver.resolve4(bare), resolver.resolve6(bare)]);
  options.signal?.removeEventListener('abort', abort);
  const v4 = a.status === 'fulfilled' ? a.value.slice(0, 32) : [];
  const v6 = aaaa.status === 'fulfilled' ? aaaa.value.slice(0, 32) : [];
  const codes = [a, aaaa].flatMap((r) => (r.status === 'rejected' ? [code(r.reason)] : []));
  const base = { resolver: (options.servers?.[0] ?? resolver.getServers()[0] ?? null)?.slice(0, 80) ?? null, a: v4, aaaa: v6 };
  if (v4.length + v6.length > 0) return { ...base, status: 'ok', ms: performance.now() - started, detail: null };
  if (!options.servers || options.servers.length === 0) {
    const system = await lookup(bare, { all: true }).catch(() => []);
    if (system.length > 0) {
      return {
        status: 'ok',
        resolver: 'system',
        ms: performance.now() - started,
        a: system.filter((s) => s.family === 4).map((s) => s.address).slice(0, 32),
        aaaa: system.filter((s) => s.family === 6).map((s) => s.address).slice(0, 32),
        detail: 'hosts file or system resolver',
      };
    }
  }
  const status = codes.every((c) => NOT_FOUND.has(c)) ? 'not-found' : codes.some((c) => UNREACHABLE.has(c)) ? 'resolver-unreachable' : 'error';
  return { ...base, status, ms: performance.now() - started, detail: [...new Set(codes)].join(', ').slice(0, 300) };
}
