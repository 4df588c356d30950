import { describe, expect, it } from 'vitest';
import { portsFindings } from '../../shared/diagnostics/explain.js';
import { proposeAnswer } from '../../shared/diagnostics/propose.js';
import type { PortsResultType, TcpStatusType } from '../../shared/diagnostics/results.js';
import { DEFAULT_TCP_PORTS } from '../../shared/diagnostics/starface-ports.js';
import { MeasurementSchema, type MeasurementType } from '../../shared/model/measurement.js';

const STATUSES: TcpStatusType[] = ['open', 'refused', 'no-answer', 'unreachable'];

/** A deterministic stream of pseudo-random numbers, so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function measurement(tcp: PortsResultType['tcp'], https: PortsResultType['https'] = null, addresses = ['203.0.113.10']): MeasurementType {
  const result: PortsResultType = {
    host: 'kunde.starface-cloud.com',
    dns: { status: 'ok', resolver: '192.0.2.53', ms: 3, a: addresses, aaaa: [], detail: null },
    addresses,
    tcp,
    tls: [],
    https,
    stun: null,
    local: { address: '192.168.1.20', interface: 'eth0' },
    network: { interfaces: [], gateway: '192.168.1.1', dnsServers: ['192.0.2.53'] },
    elapsedMs: 3000,
  };
  return MeasurementSchema.parse({
    id: 'm-test-000001', type: 'ports', startedAt: '2026-11-28T08:00:00.000Z', finishedAt: '2026-11-28T08:00:03.000Z', status: 'done',
    target: 'kunde.starface-cloud.com', local: result.local, spec: { type: 'ports', host: 'kunde.starface-cloud.com' }, result, findings: portsFindings(result),
  });
}

describe('the firewall step proposed from a port check', () => {
  it('holds for 500 generated sweeps: "no" exactly when 443 or 5060 is not open on any address, "yes" when both are', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const next = rng(seed);
      const addresses = next() < 0.3 ? ['203.0.113.10', '2001:db8::10'] : ['203.0.113.10'];
      const tcp = addresses.flatMap((address) => DEFAULT_TCP_PORTS.map((port) => ({ address, port, status: STATUSES[Math.floor(next() * 4)] ?? 'open', ms: Math.round(next() * 3000), code: null })));
      const openOn = (port: number) => tcp.some((e) => e.port === port && e.status === 'open');
      const proposal = proposeAnswer('network-firewall', measurement(tcp, null, addresses));
      const expected = openOn(443) && openOn(5060) ? 'yes' : 'no';
      expect(proposal?.value, `seed ${seed}`).toBe(expected);
      expect(proposal?.evidence).toMatchObject({ kind: 'ports', measurementId: 'm-test-000001', proposed: expected });
    }
  });

  it('gives no proposal when the required ports were not measured, and "no address" when DNS failed', () => {
    expect(proposeAnswer('network-firewall', measurement([{ address: '203.0.113.10', port: 5222, status: 'open', ms: 5, code: null }]))?.value).toBeNull();
    expect(proposeAnswer('network-firewall', measurement([], null, []))?.value).toBeNull();
  });

  it('answers the web UI step from the HTTPS check, a portal redirect included', () => {
    const base = { url: 'https://kunde.starface-cloud.com/', redirects: [], serverDate: null, skewSeconds: null, ms: 40, error: null };
    expect(proposeAnswer('after-cache-clear', measurement([], { ...base, status: 200, finalUrl: base.url, captivePortal: false }))?.value).toBe('yes');
    expect(proposeAnswer('after-cache-clear', measurement([], { ...base, status: 302, finalUrl: 'https://wifi.hotel.example/', captivePortal: true }))?.value).toBe('no');
    expect(proposeAnswer('after-cache-clear', measurement([], { ...base, status: null, finalUrl: base.url, captivePortal: false, error: 'ETIMEDOUT' }))?.value).toBe('no');
    expect(proposeAnswer('some-other-step', measurement([]))).toBeNull();
  });
});
