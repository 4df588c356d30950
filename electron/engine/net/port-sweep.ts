import { performance } from 'node:perf_hooks';
import type { HttpsResultType, PortsResultType, StunResultType, TcpEntryType, TlsResultType } from '../../../shared/diagnostics/results.js';
import { DEFAULT_TCP_PORTS, STUN_PORT, TLS_PORTS } from '../../../shared/diagnostics/starface-ports.js';
import { stunBinding } from '../nat/stun-binding.js';
import { resolveHost } from './dns.js';
import { httpsProbe } from './https-probe.js';
import { localEndpoint, localNetworkSnapshot } from './local-network.js';
import { tcpProbe } from './tcp-probe.js';
import { tlsProbe } from './tls-probe.js';

export interface PortSweepOptionsType {
  host: string;
  /** Empty: the STARFACE port table. */
  ports?: readonly number[];
  /** Per probe; the whole sweep takes about this long, since all probes run at once. */
  timeoutMs: number;
  dnsServers?: readonly string[];
  /** Where STUN is asked (default 3478/udp); 0 skips it. */
  stunPort?: number;
  /** The port of the web UI over HTTPS (default 443). */
  httpsPort?: number;
  signal?: AbortSignal;
  onProgress?: (partial: PortsResultType) => void;
}

/**
 * The reachability sweep of a STARFACE from this laptop: DNS first, then every TCP port on every
 * address, the TLS certificate, the web UI over HTTPS and a STUN binding — all at once, each with
 * its own time limit, so the sweep takes about one time limit, not the sum. Partial results are
 * reported as they arrive. Only the target host's addresses are contacted.
 */
export async function runPortSweep(options: PortSweepOptionsType): Promise<PortsResultType> {
  const started = performance.now();
  const ports = options.ports && options.ports.length > 0 ? [...new Set(options.ports)] : [...DEFAULT_TCP_PORTS];
  const httpsPort = options.httpsPort ?? 443;
  const stunPort = options.stunPort ?? STUN_PORT;
  const [dns, network] = await Promise.all([
    resolveHost(options.host, { servers: options.dnsServers, timeoutMs: Math.min(options.timeoutMs, 5000), signal: options.signal }),
    localNetworkSnapshot(),
  ]);
  const addresses = [...dns.a, ...dns.aaaa];
  const tcp: TcpEntryType[] = [];
  const tls: TlsResultType[] = [];
  let https: HttpsResultType | null = null;
  let stun: StunResultType | null = null;
  let localAddress: string | null = null;
  const snapshot = (): PortsResultType => ({
    host: options.host.slice(0, 253),
    dns,
    addresses,
    tcp: [...tcp].sort((a, b) => a.port - b.port || a.address.localeCompare(b.address)),
    tls: [...tls],
    https,
    stun,
    local: localEndpoint(localAddress),
    network,
    elapsedMs: Math.round(performance.now() - started),
  });
  const report = () => options.onProgress?.(snapshot());
  report();

  const work: Promise<void>[] = [];
  for (const address of addresses) {
    for (const port of ports) {
      work.push(
        tcpProbe(address, port, options.timeoutMs, options.signal).then(({ localAddress: local, ...entry }) => {
          localAddress ??= local;
          tcp.push(entry);
          report();
        }),
      );
    }
  }
  // TLS, HTTPS and STUN go to the first address (IPv4 first), like a browser or phone would.
  const first = addresses[0];
  if (first !== undefined) {
    // Only ports in the list are contacted: the TLS ports (the web UI's may be moved by httpsPort)
    // and the web UI itself when its port is there.
    const tlsPorts = [...new Set(ports.filter((p) => TLS_PORTS.includes(p) || p === httpsPort))];
    for (const port of tlsPorts) {
      work.push(
        tlsProbe(options.host, first, port, options.timeoutMs, options.signal).then((r) => {
          tls.push(r);
          report();
        }),
      );
    }
    if (ports.includes(httpsPort)) {
      work.push(
        httpsProbe(options.host, first, httpsPort, options.timeoutMs, options.signal).then((r) => {
          https = r;
          report();
        }),
      );
    }
    if (stunPort > 0) {
      work.push(
        stunBinding(first, stunPort, options.timeoutMs, options.signal, `${options.host}:${stunPort}`).then((r) => {
          stun = r;
          report();
        }),
      );
    }
  }
  await Promise.all(work);
  return snapshot();
}
