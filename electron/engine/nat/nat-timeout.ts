import { setMaxListeners } from 'node:events';
import { abortableSleep } from '../net/abortable-sleep.js';
import { performance } from 'node:perf_hooks';
import { GUIDE_NAT_TIMEOUT_SECONDS, type NatProbeOutcomeType, type NatTimeoutResultType } from '../../../shared/diagnostics/nat-results.js';
import { resolveHost } from '../net/dns.js';
import { localEndpoint, routeTo } from '../net/local-network.js';
import { idleGrid } from './idle-grid.js';
import { ATTR, attribute, BINDING_ERROR, decodeAddress, formatAddress, newTransactionId, responsePortAttribute } from './stun-message.js';
import { familyOf, StunSocket, type StunAnswerType } from './stun-socket.js';

export interface NatTimeoutOptionsType {
  /** The STUN server: RFC 5780 with RESPONSE-PORT (coturn in RFC 5780 mode, or our reflector). */
  host: string;
  port: number;
  kind: 'stream' | 'oneshot';
  /** Longest idle time to prove; the default 3700 s proves "≥ 61 minutes" without waiting longer. */
  maxSeconds: number;
  dnsServers?: readonly string[];
  signal?: AbortSignal;
  onProgress?: (partial: NatTimeoutResultType) => void;
}

/**
 * Linux conntrack treats a UDP flow as a stream (udp_timeout_stream, 120 s by default) once it has
 * seen replies and is still active two seconds after it began (nf_conntrack_proto_udp.c); a single
 * exchange keeps udp_timeout (30 s). A registered phone is the first kind, so that is what we hold
 * open: three exchanges over just over two seconds.
 */
const STREAM_EXCHANGES_AT_MS = [0, 1050, 2100];
const MAX_RETRIES_PER_IDLE = 2;
/**
 * A wall clock that moved this much more (or less) than the monotonic one: the laptop slept (the
 * monotonic clock stops in suspend) or the clock was set. A 1 s tick that came this much late: the
 * process was stopped or starved, so probes went out late and their idle times are not the planned.
 */
const CLOCK_JUMP_MS = 1500;
const TICK_MS = 1000;

interface BindingType {
  idle: number;
  socket: StunSocket;
  mappedPort: number;
  /** Monotonic time (ms) of the last packet of the flow, when idling began. */
  idleSince: number;
  retries: number;
}

function mappedOf(answer: StunAnswerType): { address: string; port: number } | null {
  const xor = attribute(answer.message, ATTR.XOR_MAPPED_ADDRESS);
  const plain = attribute(answer.message, ATTR.MAPPED_ADDRESS);
  const value = xor ?? plain;
  if (!value) return null;
  const a = decodeAddress(value, xor !== undefined, answer.message.transactionId);
  return { address: a.address, port: a.port };
}


/**
 * The NAT's UDP binding timeout, by RFC 5780 §4.6 with many bindings at once: socket X_i learns
 * its public port, falls silent for its own idle time, then a fresh socket asks the server to
 * answer to X_i's public port (RESPONSE-PORT). An answer at X_i: alive; none, while the server
 * still answers the fresh socket directly: expired; none at all: ambiguous, tried again. The
 * answer is the bracket between the longest alive and the shortest expired idle time.
 */
export async function measureNatTimeout(options: NatTimeoutOptionsType): Promise<NatTimeoutResultType> {
  const t0 = performance.now();
  const elapsed = () => Math.round((performance.now() - t0) / 100) / 10;
  const probes: NatTimeoutResultType['probes'] = [];
  const result: NatTimeoutResultType = {
    status: 'running',
    lowerSeconds: null,
    upperSeconds: null,
    meets61Minutes: null,
    elapsedSeconds: 0,
    kind: options.kind,
    maxSeconds: options.maxSeconds,
    server: `${options.host}:${options.port}`.slice(0, 300),
    publicAddress: null,
    probes,
    reason: null,
    local: { address: null, interface: null },
  };
  const report = () => {
    result.elapsedSeconds = elapsed();
    options.onProgress?.({ ...result, probes: [...probes] });
  };
  const finish = (status: NatTimeoutResultType['status'], reason: string | null = null): NatTimeoutResultType => {
    result.status = status;
    result.reason = reason;
    result.elapsedSeconds = elapsed();
    if (status === 'measured' || status === 'at-least') {
      const lower = result.lowerSeconds ?? 0;
      result.meets61Minutes = lower >= GUIDE_NAT_TIMEOUT_SECONDS ? true : result.upperSeconds !== null && result.upperSeconds < GUIDE_NAT_TIMEOUT_SECONDS ? false : null;
    }
    return { ...result, probes: [...probes] };
  };

  const dns = await resolveHost(options.host, { servers: options.dnsServers, timeoutMs: 3000, signal: options.signal });
  const server = dns.a[0] ?? dns.aaaa[0];
  if (server === undefined) return finish('failed', dns.status === 'resolver-unreachable' ? 'dns-unreachable' : 'dns-not-found');
  const family = familyOf(server);
  // Stops every waiting probe once the answer is known (or the user cancels): nothing lingers.
  const internal = new AbortController();
  // Every binding waits on it (about 180 at once): not a leak, so no warning.
  setMaxListeners(0, internal.signal);
  const cancelled = () => options.signal?.aborted === true;
  options.signal?.addEventListener('abort', () => internal.abort(), { once: true });
  const signal = internal.signal;
  result.local = (await routeTo(server)) ?? localEndpoint(null);

  // 1. Does the server honour RESPONSE-PORT? Checked at idle ≈ 0, where the binding is surely alive.
  const x0 = await StunSocket.open(family);
  const y0 = await StunSocket.open(family);
  const sockets: StunSocket[] = [x0, y0];
  try {
    const first = await x0.request(server, options.port, [], { timeoutMs: 3000, signal });
    if (first === null) return finish('failed', 'server-no-answer');
    const mapped = mappedOf(first);
    if (mapped === null) return finish('server-unsuitable', 'no-mapped-address');
    result.publicAddress = formatAddress({ family, ...mapped });
    const rttMs = Math.max(first.rttMs, 1);
    const check = await responsePortProbe(y0, x0, server, options.port, mapped.port, rttMs, signal);
    if (check !== 'alive') {
      return finish('server-unsuitable', check === 'wrong-port' ? 'wrong-port' : check === 'refused' ? 'response-port-refused' : 'response-port-unanswered');
    }
    report();

    // 2. One binding per idle time, all opened now; each falls silent after its warm-up.
    const grid = idleGrid(options.maxSeconds);
    const open = async (idle: number, retries: number): Promise<BindingType | null> => {
      const socket = await StunSocket.open(family);
      sockets.push(socket);
      const start = performance.now();
      let last: StunAnswerType | null = null;
      for (const at of options.kind === 'stream' ? STREAM_EXCHANGES_AT_MS : [0]) {
        await abortableSleep(start + at - performance.now(), signal);
        if (signal.aborted) return null;
        last = await socket.request(server, options.port, [], { timeoutMs: 2000, signal });
        if (last === null) return null;
      }
      const m = last ? mappedOf(last) : null;
      return m ? { idle, socket, mappedPort: m.port, idleSince: performance.now(), retries } : null;
    };

    let verdictAt: number | null = null; // the shortest idle time seen expired
    let aliveUpTo = 0;
    let stopped = false;
    const outcomes = new Map<number, NatProbeOutcomeType>();
    let lastTick = { wall: Date.now(), mono: performance.now() };
    let jumpedAt: number | null = null;
    // Checked every tick and again whenever a probe goes out, so a timer that fires right after a
    // resume cannot slip through before the tick notices.
    const checkClock = () => {
      const now = { wall: Date.now(), mono: performance.now() };
      const skew = Math.abs(now.wall - lastTick.wall - (now.mono - lastTick.mono));
      const stall = now.mono - lastTick.mono - TICK_MS;
      if (skew > CLOCK_JUMP_MS || stall > CLOCK_JUMP_MS) jumpedAt = now.mono;
      lastTick = now;
    };
    const ticker = setInterval(checkClock, TICK_MS);

    const decided = () => verdictAt !== null && grid.filter((g) => g < (verdictAt ?? 0)).every((g) => outcomes.get(g) === 'alive');

    const run = async (idle: number, retries: number): Promise<void> => {
      const binding = await open(idle, retries);
      if (binding === null) {
        if (!signal.aborted && !stopped) {
          probes.push({ idleSeconds: idle, outcome: 'ambiguous', atSeconds: elapsed(), note: 'no binding: the server did not answer the warm-up' });
          if (retries < MAX_RETRIES_PER_IDLE) return run(idle, retries + 1);
          outcomes.set(idle, 'ambiguous');
        }
        return;
      }
      await abortableSleep(binding.idleSince + idle * 1000 - performance.now(), signal);
      checkClock();
      // Sent much later than planned (the process was stopped): the binding idled longer than `idle`.
      const late = performance.now() - (binding.idleSince + idle * 1000) > CLOCK_JUMP_MS;
      if (signal.aborted || stopped || (verdictAt !== null && idle > verdictAt)) {
        binding.socket.close();
        return;
      }
      const y = await StunSocket.open(family);
      const outcome = await responsePortProbe(y, binding.socket, server, options.port, binding.mappedPort, rttMs, signal);
      y.close();
      binding.socket.close();
      if (signal.aborted) return;
      // A sleep or a lost network while this binding idled: its outcome says nothing about the NAT.
      checkClock();
      const invalid = late || (jumpedAt !== null && jumpedAt > binding.idleSince) || binding.socket.sendError !== null || y.sendError !== null;
      const kind: NatProbeOutcomeType = invalid ? 'invalid' : outcome === 'alive' ? 'alive' : outcome === 'expired' ? 'expired' : 'ambiguous';
      probes.push({ idleSeconds: idle, outcome: kind, atSeconds: elapsed(), note: invalid ? 'the laptop slept or lost its network meanwhile' : outcome === 'wrong-port' ? 'answered on the wrong port' : null });
      if ((kind === 'ambiguous' || kind === 'invalid') && retries < MAX_RETRIES_PER_IDLE && !stopped) {
        report();
        return run(idle, retries + 1);
      }
      outcomes.set(idle, kind);
      if (kind === 'alive') aliveUpTo = Math.max(aliveUpTo, idle);
      if (kind === 'expired' && (verdictAt === null || idle < verdictAt)) verdictAt = idle;
      report();
    };

    await new Promise<void>((resolve) => {
      let pending = grid.length;
      const check = () => {
        if (decided() || pending === 0 || signal.aborted) {
          stopped = true;
          internal.abort();
          resolve();
        }
      };
      for (const idle of grid) {
        void run(idle, 0)
          .catch(() => undefined)
          .finally(() => {
            pending -= 1;
            check();
          });
      }
      signal.addEventListener('abort', check, { once: true });
    });
    clearInterval(ticker);
    if (cancelled()) return finish('failed', 'cancelled');
    if (verdictAt !== null) {
      const below = grid.filter((g) => g < (verdictAt ?? 0));
      result.lowerSeconds = below.length > 0 ? Math.max(...below.filter((g) => outcomes.get(g) === 'alive'), 0) : 0;
      result.upperSeconds = verdictAt;
      return finish('measured');
    }
    if (outcomes.get(options.maxSeconds) === 'alive') {
      result.lowerSeconds = options.maxSeconds;
      return finish('at-least');
    }
    result.lowerSeconds = aliveUpTo > 0 ? aliveUpTo : null;
    return finish(aliveUpTo > 0 ? 'at-least' : 'failed', 'packets-lost');
  } finally {
    for (const s of sockets) s.close();
  }
}

/**
 * One RESPONSE-PORT probe from `y` for the binding of `x`: alive (the answer reached x), expired (no
 * answer at x, but the server still answers y directly), wrong-port (the answer came to y),
 * refused (420), lost (nothing at all: network or server trouble, not a verdict).
 */
export async function responsePortProbe(
  y: StunSocket,
  x: StunSocket,
  server: string,
  port: number,
  mappedPort: number,
  rttMs: number,
  signal?: AbortSignal,
): Promise<'alive' | 'expired' | 'wrong-port' | 'refused' | 'lost'> {
  // Three transmissions, spaced by a few round trips: a lost datagram is not mistaken for expiry.
  const wait = Math.min(4000, Math.max(150, rttMs * 8));
  const id = newTransactionId();
  const atY = y.waitFor(id, wait, signal);
  const atX = y.request(server, port, [responsePortAttribute(mappedPort)], { timeoutMs: wait, answerOn: x, signal, id, rtoMs: wait / 3 });
  const [onX, onY] = await Promise.all([atX, atY]);
  if (onX !== null) return onX.message.type === BINDING_ERROR ? 'refused' : 'alive';
  if (onY !== null) return onY.message.type === BINDING_ERROR ? 'refused' : 'wrong-port';
  const direct = await y.request(server, port, [], { timeoutMs: wait, signal, rtoMs: wait / 3 });
  return direct === null ? 'lost' : 'expired';
}
