import { getServers } from 'node:dns';
import { readFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import type { LocalNetworkType } from '../../../shared/diagnostics/results.js';
import type { LocalEndpointType } from '../../../shared/model/measurement.js';

/** The interface an address of this machine belongs to (`eth0`, `WLAN`), or null. */
export function interfaceOf(address: string | null | undefined): string | null {
  if (!address) return null;
  const bare = address.replace(/^::ffff:/, '').replace(/%.*$/, '');
  for (const [name, list] of Object.entries(networkInterfaces())) {
    if (list?.some((a) => a.address.replace(/%.*$/, '') === bare)) return name.slice(0, 64);
  }
  return null;
}

export function localEndpoint(address: string | null | undefined): LocalEndpointType {
  const bare = address ? address.replace(/^::ffff:/, '') : null;
  return { address: bare?.slice(0, 64) ?? null, interface: interfaceOf(bare) };
}

/** Linux: the default route from /proc/net/route (little-endian hex); elsewhere not known here. */
async function defaultGateway(): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  try {
    const lines = (await readFile('/proc/net/route', 'utf8')).split('\n').slice(1);
    for (const line of lines) {
      const [, destination, gateway] = line.trim().split(/\s+/);
      if (destination === '00000000' && gateway && gateway !== '00000000') {
        const n = Number.parseInt(gateway, 16);
        return [0, 8, 16, 24].map((s) => (n >>> s) & 0xff).join('.');
      }
    }
  } catch {
    // Not readable: the snapshot goes without it.
  }
  return null;
}

/**
 * The laptop's own network, as the hotline asks for it with every report: interfaces and their
 * addresses, the default gateway, the DNS servers. Read locally; nothing is sent.
 */
export async function localNetworkSnapshot(): Promise<LocalNetworkType> {
  const interfaces = Object.entries(networkInterfaces())
    .slice(0, 64)
    .map(([name, list]) => ({
      name: name.slice(0, 64),
      addresses: (list ?? []).slice(0, 32).map((a) => ({ address: a.address.slice(0, 64), family: a.family === 'IPv6' ? ('IPv6' as const) : ('IPv4' as const), cidr: a.cidr?.slice(0, 80) ?? null })),
    }));
  return { interfaces, gateway: await defaultGateway(), dnsServers: getServers().slice(0, 16).map((s) => s.slice(0, 80)) };
}

/**
 * Which local address (and interface) the system would use to reach `address`: a UDP socket is
 * "connected" to it, which only consults the routing table — no packet is sent.
 */
export async function routeTo(address: string): Promise<LocalEndpointType | null> {
  const { createSocket } = await import('node:dgram');
  const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(9, address, () => resolve());
    });
    return localEndpoint(socket.address().address);
  } catch {
    return null;
  } finally {
    socket.close();
  }
}
