import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TcpEntryType, TcpStatusType } from '../../../shared/diagnostics/results.js';

/**
 * ICMP answers a TCP SYN can get, and what the system makes of them: Linux aborts a connect in
 * SYN_SENT on any ICMP unreachable (net, host, admin-prohibited → EHOSTUNREACH/ENETUNREACH).
 * A RST is ECONNREFUSED. Silence until the time limit means the packets were dropped.
 */
const UNREACHABLE_CODES = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENONET', 'EACCES', 'EPERM', 'EADDRNOTAVAIL']);

export interface TcpProbeResultType extends TcpEntryType {
  /** Our side of an open connection, for "from where". */
  localAddress: string | null;
}

export function classifyTcpError(code: string): TcpStatusType {
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET') return 'refused';
  if (UNREACHABLE_CODES.has(code)) return 'unreachable';
  return 'no-answer';
}

/** One TCP connect to `address:port`, closed at once; never throws. */
export function tcpProbe(address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TcpProbeResultType> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket = connect({ host: address, port });
    let settled = false;
    const finish = (status: TcpStatusType, code: string | null, localAddress: string | null = null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({ address, port, status, ms: Math.round(performance.now() - started), code, localAddress });
    };
    const timer = setTimeout(() => finish('no-answer', null), timeoutMs);
    const onAbort = () => finish('no-answer', 'ABORTED');
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish('open', null, socket.localAddress ?? null));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'ERROR';
      finish(classifyTcpError(code), code);
    });
  });
}
