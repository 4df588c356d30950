/**
 * The idle times probed at once, shortest first. A timeout τ is found when the first probe past it
 * expires, at about τ + one step; so steps are fine where τ is short (where a few seconds of warm-up
 * and waiting weigh most) and coarser where they weigh nothing. Every step stays within the 10 %
 * (or 2 s) the answer may be wide. The last idle time is the maximum itself.
 */
export function idleGrid(maxSeconds: number, minSeconds = 3): number[] {
  const grid: number[] = [];
  let g = minSeconds;
  while (g < maxSeconds) {
    grid.push(Math.round(g * 100) / 100);
    const ratio = g < 30 ? 0.02 : g < 60 ? 0.03 : g < 600 ? 0.05 : 0.1;
    g += Math.max(0.2, g * ratio);
  }
  grid.push(maxSeconds);
  return grid;
}
