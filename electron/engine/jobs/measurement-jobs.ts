import { portsFindings, sipPingFindings } from '../../../shared/diagnostics/explain.js';
import type { PortsResultType, SipPingResultType } from '../../../shared/diagnostics/results.js';
import { DEFAULT_TCP_PORTS } from '../../../shared/diagnostics/starface-ports.js';
import type { AlgJobSpecType, NatTimeoutJobSpecType, NatTypeJobSpecType, PortsJobSpecType, SipPingJobSpecType } from '../../../shared/jobs/job-specs.js';
import { algSentences, natTimeoutFindings, natTypeSentences } from '../../../shared/diagnostics/nat-explain.js';
import type { AlgResultType } from '../../../shared/diagnostics/alg-results.js';
import { checkSipAlg } from '../nat/sip-alg.js';
import type { NatTimeoutResultType, NatTypeResultType } from '../../../shared/diagnostics/nat-results.js';
import { parseStunServer } from '../nat/stun-server-address.js';
import { measureNatTimeout } from '../nat/nat-timeout.js';
import { discoverNatType } from '../nat/nat-type.js';
import { runPortSweep } from '../net/port-sweep.js';
import { runSipPing, TIMER_F_MS } from '../net/sip-ping.js';
import type { JobDefinitionType } from './job-runner.js';

/**
 * The reachability measurements as jobs. A test or the CLI may point them at other resolvers or
 * ports; the app uses the defaults (the system's resolver, STUN on 3478).
 */
export interface NetOverridesType {
  dnsServers?: readonly string[];
  stunPort?: number;
  httpsPort?: number;
}

/** A SIP probe waits at most this long for its answer before it counts as UNREACHABLE. */
const SIP_PROBE_TIMEOUT_MS = 6000;

export function portsJob(net: NetOverridesType = {}): JobDefinitionType<PortsJobSpecType, PortsResultType, PortsResultType> {
  return {
    type: 'ports',
    target: (s) => `${s.host} · TCP ${(s.ports.length > 0 ? s.ports : DEFAULT_TCP_PORTS).join(', ')} · UDP 3478`,
    // DNS (up to 5 s) and then one probe time limit, plus HTTPS redirects.
    maxDurationMs: (s) => Math.min(s.timeoutMs, 5000) + s.timeoutMs * 6,
    run: (s, ctx) =>
      runPortSweep({
        host: s.host,
        ports: s.ports,
        timeoutMs: s.timeoutMs,
        ...net,
        signal: ctx.signal,
        onProgress: (partial) => {
          const planned = Math.max(1, partial.addresses.length * (s.ports.length || DEFAULT_TCP_PORTS.length));
          ctx.progress({ partial, fraction: Math.min(0.95, partial.tcp.length / planned), message: { de: `Prüfe ${s.host} (${partial.tcp.length} von ${planned} Ports)`, en: `Checking ${s.host} (${partial.tcp.length} of ${planned} ports)` } });
        },
      }),
    toMeasurement: (spec, result, meta) => ({ ...meta, type: 'ports', target: `${spec.host}`, spec, result, local: result.local, findings: portsFindings(result) }),
  };
}

export function sipPingJob(net: NetOverridesType = {}): JobDefinitionType<SipPingJobSpecType, SipPingResultType, SipPingResultType> {
  return {
    type: 'sip-ping',
    target: (s) => `${s.target} · ${s.count} × OPTIONS`,
    maxDurationMs: (s) => 3000 + (s.count - 1) * s.intervalMs + Math.min(SIP_PROBE_TIMEOUT_MS, TIMER_F_MS),
    run: (s, ctx) =>
      runSipPing({
        target: s.target,
        count: s.count,
        intervalMs: s.intervalMs,
        large: s.large,
        probeTimeoutMs: SIP_PROBE_TIMEOUT_MS,
        dnsServers: net.dnsServers,
        signal: ctx.signal,
        onProgress: (partial) =>
          ctx.progress({ partial, fraction: partial.probes.length / s.count, message: { de: `${partial.probes.length} von ${s.count} OPTIONS beantwortet oder abgelaufen`, en: `${partial.probes.length} of ${s.count} OPTIONS answered or timed out` } }),
      }),
    toMeasurement: (spec, result, meta) => ({ ...meta, type: 'sip-ping', target: spec.target, spec, result, local: result.local, findings: sipPingFindings(result) }),
  };
}

function stunTarget(stun: string): { host: string; port: number } {
  const parsed = parseStunServer(stun);
  if (parsed === null) throw new Error(`not HOST:PORT: ${stun}`);
  return parsed;
}

export function natTypeJob(net: NetOverridesType = {}): JobDefinitionType<NatTypeJobSpecType, NatTypeResultType, NatTypeResultType> {
  return {
    type: 'nat-type',
    target: (s) => `${s.stun} · STUN (RFC 5780)`,
    maxDurationMs: () => 30_000,
    run: (s, ctx) => discoverNatType({ ...stunTarget(s.stun), timeoutMs: 2500, dnsServers: net.dnsServers, signal: ctx.signal }),
    toMeasurement: (spec, result, meta) => ({ ...meta, type: 'nat-type', target: spec.stun, spec, result, local: result.local, findings: natTypeSentences(result).map((text, i) => ({ code: `nat-type-${i}`, severity: 'info' as const, text, next: null, stepIds: [] })) }),
  };
}

export function natTimeoutJob(net: NetOverridesType = {}): JobDefinitionType<NatTimeoutJobSpecType, NatTimeoutResultType, NatTimeoutResultType> {
  return {
    type: 'nat-timeout',
    target: (s) => `${s.stun} · STUN RESPONSE-PORT · ${s.kind}, max ${s.maxSeconds} s`,
    // The warm-up, the longest idle time, and the waits of a few retried probes.
    maxDurationMs: (s) => (s.maxSeconds + 30) * 1000,
    run: (s, ctx) =>
      measureNatTimeout({
        ...stunTarget(s.stun),
        kind: s.kind,
        maxSeconds: s.maxSeconds,
        dnsServers: net.dnsServers,
        signal: ctx.signal,
        onProgress: (partial) => {
          const lastIdle = Math.max(0, ...partial.probes.map((p) => p.idleSeconds));
          ctx.progress({ partial, fraction: Math.min(0.99, lastIdle / s.maxSeconds), message: { de: `Leerlauf bis ${Math.round(lastIdle)} s geprüft`, en: `Idle times up to ${Math.round(lastIdle)} s checked` } });
        },
      }),
    toMeasurement: (spec, result, meta) => ({ ...meta, type: 'nat-timeout', target: spec.stun, spec, result, local: result.local, findings: natTimeoutFindings(result) }),
  };
}

export function algJob(net: NetOverridesType = {}): JobDefinitionType<AlgJobSpecType, AlgResultType, AlgResultType> {
  return {
    type: 'alg',
    target: (s) => `${s.reflector} · SIP INVITE (UDP, TCP) · Echo`,
    maxDurationMs: () => 15_000,
    run: (s) => {
      const target = stunTarget(s.reflector);
      const port = /:\d+$/.test(s.reflector.trim()) ? target.port : 5060;
      return checkSipAlg({ host: target.host, port, timeoutMs: 3000, dnsServers: net.dnsServers });
    },
    toMeasurement: (spec, result, meta) => ({
      ...meta,
      type: 'alg',
      target: spec.reflector,
      spec,
      result,
      local: { address: result.localAddress, interface: null },
      findings: algSentences(result).map((text, i) => ({ code: `alg-${i}`, severity: result[i === 0 ? 'udp' : 'tcp'].rewritten ? ('error' as const) : ('info' as const), text, next: null, stepIds: [] })),
    }),
  };
}
