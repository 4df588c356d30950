import type { SipPingResultType, SipProbeType } from '../../../shared/diagnostics/results.js';

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * Counts and round-trip figures of a series. Jitter is the mean difference between consecutive
 * answered probes (in send order), the way RFC 3550 §6.4.1 smooths it, without the smoothing.
 */
export function summarizeProbes(probes: readonly SipProbeType[]): SipPingResultType['summary'] {
  const ordered = [...probes].sort((a, b) => a.seq - b.seq);
  const rtts = ordered.flatMap((p) => (p.rttMs === null ? [] : [p.rttMs]));
  const sorted = [...rtts].sort((a, b) => a - b);
  const diffs = rtts.slice(1).map((v, i) => Math.abs(v - (rtts[i] ?? v)));
  const large = ordered.filter((p) => p.large);
  const small = ordered.filter((p) => !p.large);
  const answered = (list: SipProbeType[]) => list.filter((p) => p.status === 'answered').length;
  return {
    sent: ordered.length,
    ok: ordered.filter((p) => p.class === 'ok').length,
    lagged: ordered.filter((p) => p.class === 'lagged').length,
    unreachable: ordered.filter((p) => p.class === 'unreachable').length,
    rttMs: { min: sorted[0] ?? null, median: median(sorted), max: sorted[sorted.length - 1] ?? null },
    lossPercent: ordered.length === 0 ? 0 : Math.round((1000 * (ordered.length - rtts.length)) / ordered.length) / 10,
    jitterMs: diffs.length === 0 ? null : Math.round(diffs.reduce((a, b) => a + b, 0) / diffs.length),
    fragmentationTrouble: large.length === 0 ? null : answered(large) === 0 && answered(small) > 0,
  };
}
