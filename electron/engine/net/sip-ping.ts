import { setMaxListeners } from 'node:events';
import { abortableSleep } from './abortable-sleep.js';
import { performance } from 'node:perf_hooks';
import type { SipClassType, SipPingResultType, SipProbeType } from '../../../shared/diagnostics/results.js';
import { resolveHost } from './dns.js';
import { localEndpoint } from './local-network.js';
import { openUdpChannel, SipChannelError, streamChannel, type SipChannelType } from './sip-channel.js';
import { buildOptions, cseqOf, header, newBranch, newCallId, newTag, parseResponse, parseSipTarget, SipParseError, viaParams } from './sip-message.js';
import { summarizeProbes } from './sip-summary.js';

/** Asterisk's qualify (chan_sip `maxms`, FACTS.md): answered later than this is LAGGED. */
export const LAGGED_AFTER_MS = 2000;
/** RFC 3261 §17.1.2.2: Timer E starts at T1 and doubles up to T2 for non-INVITE over UDP. */
const T1_MS = 500;
const T2_MS = 4000;
/** Timer F (64 × T1): no transaction waits longer. */
export const TIMER_F_MS = 64 * T1_MS;
/**
 * RFC 3261 §18.1.1 calls requests over 1300 bytes too large for UDP without a known path MTU: on
 * PPPoE or VPN links they fragment. 1600 bytes fragment on plain Ethernet (MTU 1500) as well, so a
 * site that drops IP fragments anywhere on the path shows it.
 */
export const LARGE_REQUEST_BYTES = 1600;

export interface SipPingOptionsType {
  target: string;
  count: number;
  intervalMs: number;
  /** Every second probe is a large request, to see whether fragments get through. */
  large?: boolean;
  /** How long one probe waits for its answer (default 6 s; at most Timer F, 32 s). */
  probeTimeoutMs?: number;
  dnsServers?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (partial: SipPingResultType) => void;
}

/** The target could not be used: a malformed URI, or a name that does not resolve. */
export class SipTargetError extends Error {
  readonly code: 'bad-uri' | 'not-found' | 'resolver-unreachable';
  constructor(code: SipTargetError['code'], message: string) {
    super(message);
    this.name = 'SipTargetError';
    this.code = code;
  }
}

export function classify(status: SipProbeType['status'], rttMs: number | null): SipClassType {
  if (status !== 'answered' || rttMs === null) return 'unreachable';
  return rttMs > LAGGED_AFTER_MS ? 'lagged' : 'ok';
}

interface PendingType {
  callId: string;
  cseq: number;
  started: number;
  resolve: (answer: { code: number; reason: string; server: string | null; via: string | undefined }) => void;
}

/**
 * A series of SIP OPTIONS probes to one target, the way a PBX qualifies a phone: a new transaction
 * every `intervalMs`, each classified as Asterisk does (OK within 2000 ms, LAGGED later,
 * UNREACHABLE without an answer). Answers are matched to their transaction by the top Via's
 * branch, the Call-ID and the CSeq; anything else is counted and ignored.
 */
export async function runSipPing(options: SipPingOptionsType): Promise<SipPingResultType> {
  let target;
  try {
    target = parseSipTarget(options.target);
  } catch (error) {
    throw new SipTargetError('bad-uri', error instanceof Error ? error.message : String(error));
  }
  const probeTimeoutMs = Math.min(options.probeTimeoutMs ?? 6000, TIMER_F_MS);
  const dns = await resolveHost(target.host, { servers: options.dnsServers, timeoutMs: 3000, signal: options.signal });
  const address = dns.a[0] ?? dns.aaaa[0];
  if (address === undefined) {
    const code = dns.status === 'resolver-unreachable' ? 'resolver-unreachable' : 'not-found';
    throw new SipTargetError(code, `${target.host}: ${dns.status}`);
  }

  const pending = new Map<string, PendingType>();
  const probes: SipProbeType[] = [];
  let foreignResponses = 0;
  let garbage = 0;
  let server: string | null = null;
  let publicAddress: string | null = null;

  const onMessage = (data: Buffer) => {
    if (data.toString('latin1').trim() === '') return; // keep-alive
    let response;
    try {
      response = parseResponse(data);
    } catch (error) {
      if (!(error instanceof SipParseError)) throw error;
      garbage += 1;
      return;
    }
    const via = header(response, 'via');
    const branch = via ? viaParams(via).branch : null;
    const entry = branch ? pending.get(branch) : undefined;
    const cseq = cseqOf(header(response, 'cseq'));
    if (!entry || header(response, 'call-id') !== entry.callId || cseq?.number !== entry.cseq || cseq.method !== 'OPTIONS') {
      foreignResponses += 1;
      return;
    }
    if (response.code < 200) return; // provisional: the final answer is still to come
    pending.delete(branch ?? '');
    entry.resolve({ code: response.code, reason: response.reason.slice(0, 200), server: (header(response, 'server') ?? header(response, 'user-agent') ?? null)?.slice(0, 200) ?? null, via });
  };
  const events = { message: onMessage, garbage: () => (garbage += 1) };
  let channel: SipChannelType;
  try {
    channel = target.transport === 'udp' ? await openUdpChannel(address, target.port, events) : streamChannel(target.transport, address, target.port, target.host, probeTimeoutMs, events);
  } catch (error) {
    throw new SipTargetError('not-found', error instanceof Error ? error.message : String(error));
  }

  const fromTag = newTag();
  const snapshot = (): SipPingResultType => ({
    target: options.target.slice(0, 300),
    transport: target.transport,
    host: target.host.slice(0, 253),
    port: target.port,
    address,
    probes: [...probes].sort((a, b) => a.seq - b.seq),
    summary: summarizeProbes(probes),
    server,
    publicAddress,
    local: localEndpoint(channel.localAddress || null),
    foreignResponses,
    garbage,
    tls: channel.tls,
  });

  const probe = async (seq: number): Promise<void> => {
    const large = options.large === true && seq % 2 === 1;
    // A new Call-ID for every probe, as Asterisk's qualify does: each OPTIONS is its own dialog-less
    // transaction, and peers that track calls by Call-ID see each as new.
    const callId = newCallId();
    const branch = newBranch();
    const cseq = seq + 1;
    const started = performance.now();
    let transmissions = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answer = new Promise<Awaited<Parameters<PendingType['resolve']>[0]> | null>((resolve) => {
      pending.set(branch, { callId, cseq, started, resolve });
      timer = setTimeout(() => resolve(null), probeTimeoutMs);
      options.signal?.addEventListener('abort', () => resolve(null), { once: true });
    });
    let sendError: string | null = null;
    const send = async () => {
      transmissions += 1;
      // The request is built at send time: a TCP/TLS channel knows its local port only once connected.
      const request = buildOptions({ uri: target.uri, transport: target.transport, localAddress: channel.localAddress || '0.0.0.0', localPort: channel.localPort, branch, callId, cseq, fromTag, padTo: large ? LARGE_REQUEST_BYTES : 0 });
      await channel.send(request);
    };
    let retransmit: ReturnType<typeof setTimeout> | undefined;
    const schedule = (interval: number) => {
      retransmit = setTimeout(() => {
        void send().catch(() => {});
        schedule(Math.min(interval * 2, T2_MS));
      }, interval);
    };
    try {
      await send();
      if (target.transport === 'udp') schedule(T1_MS); // reliable transports are not retransmitted (§17.1.2.2)
    } catch (error) {
      sendError = (error instanceof SipChannelError ? error.code : error instanceof Error ? error.message : String(error)).slice(0, 300);
    }
    const got = sendError === null ? await answer : null;
    clearTimeout(timer);
    clearTimeout(retransmit);
    pending.delete(branch);
    if (options.signal?.aborted && got === null) return; // cut off by cancel: not a result
    const rttMs = got ? Math.round(performance.now() - started) : null;
    const status: SipProbeType['status'] = got ? 'answered' : sendError ? 'error' : 'timeout';
    if (got) {
      server ??= got.server;
      const via = got.via ? viaParams(got.via) : null;
      if (via?.received || via?.rport) publicAddress = `${via.received ?? channel.localAddress}:${via.rport ?? channel.localPort}`.slice(0, 80);
    }
    probes.push({ seq, status, rttMs, code: got?.code ?? null, class: classify(status, rttMs), reason: got?.reason ?? null, large, transmissions, error: sendError });
    options.onProgress?.(snapshot());
  };

  if (options.signal) setMaxListeners(0, options.signal); // one listener per probe in flight
  const running: Promise<void>[] = [];
  try {
    for (let seq = 0; seq < options.count && !options.signal?.aborted; seq++) {
      if (seq > 0) await abortableSleep(options.intervalMs, options.signal);
      if (options.signal?.aborted) break;
      running.push(probe(seq));
    }
    await Promise.all(running);
  } finally {
    channel.close();
  }
  return snapshot();
}
