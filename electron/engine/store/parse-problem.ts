/**
 * Why a file could not be used, in words that never repeat its content: a case.json may be a link
 * to someone else's file, and JSON.parse's message quotes the start of it ("root:x:0:0"...).
 * Only positions, field paths of known shape and zod's issue codes are named.
 */

/** `not valid JSON (at byte N)` or `… (ends too early)`. */
export function jsonProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position !== undefined) return `not valid JSON (at byte ${position})`;
  if (/end of JSON input/i.test(message)) return 'not valid JSON (ends too early)';
  return 'not valid JSON';
}

const SAFE_SEGMENT = /^[A-Za-z0-9_-]{1,40}$/;

/** `field.path: issue-code` for the first few schema issues; keys of unknown shape become `…`. */
export function schemaProblem(error: unknown): string {
  if (typeof error !== 'object' || error === null || !('issues' in error) || !Array.isArray(error.issues)) {
    return 'does not match the schema';
  }
  const issues = error.issues as ReadonlyArray<{ path?: ReadonlyArray<PropertyKey>; code?: unknown }>;
  const described = issues.slice(0, 5).map((issue) => {
    const path = (issue.path ?? []).map((p) => (typeof p === 'number' || (typeof p === 'string' && SAFE_SEGMENT.test(p)) ? String(p) : '…')).join('.');
    const code = typeof issue.code === 'string' && SAFE_SEGMENT.test(issue.code) ? issue.code : 'invalid';
    return `${path || '(root)'}: ${code}`;
  });
  return `does not match the schema (${described.join('; ')})`;
}
