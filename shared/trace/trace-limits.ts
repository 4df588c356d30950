/**
 * The bounds of a capture analysis's result and of what a case keeps of it, and the thinning that
 * keeps a timeline within them. Without zod: the analysis (and the CLI's analyze, whose start-up
 * it would be a tenth of) needs these, not the schemas.
 */
export const MAX_TIMELINE = 5000;
export const MAX_DEVICES = 2000;

/** A case keeps the 60 devices that matter most, 240 timeline points each (trace-stored.ts). */
export const STORED_DEVICES = 60;
export const STORED_POINTS = 240;

/** Evenly spread points, always keeping those that are not OK (what the technician looks for). */
export function thin<T>(points: readonly T[], max: number, keep: (p: T) => boolean): T[] {
  if (points.length <= max) return [...points];
  const marked = points.filter(keep);
  if (marked.length >= max) return marked.filter((_, i) => i % Math.ceil(marked.length / max) === 0).slice(0, max);
  const rest = max - marked.length;
  const step = points.length / rest;
  const picked = new Set<number>();
  for (let i = 0; i < rest; i++) picked.add(Math.floor(i * step));
  return points.filter((p, i) => keep(p) || picked.has(i)).slice(0, max);
}
