import { HostSchema } from '../../../shared/jobs/job-specs.js';

/** `HOST:PORT`, `[IPv6]:PORT` or `HOST` (port 3478). */
export function parseStunServer(text: string): { host: string; port: number } | null {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^:\s[\]]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) return null;
  const port = m[2] === undefined ? 3478 : Number(m[2]);
  const host = HostSchema.safeParse(m[1] ?? '');
  return host.success && port >= 1 && port <= 65535 ? { host: host.data, port } : null;
}

