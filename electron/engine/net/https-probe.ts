import { request } from 'node:https';
import { performance } from 'node:perf_hooks';
import type { HttpsResultType } from '../../../shared/diagnostics/results.js';

const MAX_REDIRECTS = 5;
const MAX_BODY = 64 * 1024;

interface HopType {
  status: number | null;
  location: string | null;
  date: string | null;
  error: string | null;
}

/** One GET; the body is read (bounded) and dropped, certificates are judged by tlsProbe. */
function hop(url: URL, address: string, timeoutMs: number, signal?: AbortSignal): Promise<HopType> {
  return new Promise((resolve) => {
    const req = request(
      url,
      {
        method: 'GET',
        rejectUnauthorized: false,
        // Connect to the address the sweep resolved (maybe by another resolver than the system's),
        // while Host and SNI carry the name.
        lookup: (_hostname, options, callback) => {
          const family = address.includes(':') ? 6 : 4;
          if (typeof options === 'object' && options !== null && 'all' in options && options.all) callback(null, [{ address, family }]);
          else callback(null, address, family);
        },
        headers: { 'User-Agent': 'STARFACE-Triage', Accept: 'text/html' },
        timeout: timeoutMs,
        signal,
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_BODY) res.destroy();
        });
        const done = () => resolve({ status: res.statusCode ?? null, location: res.headers.location ?? null, date: res.headers.date ?? null, error: null });
        res.once('end', done);
        res.once('close', done);
      },
    );
    req.once('timeout', () => req.destroy(new Error('no answer within the time limit')));
    req.once('error', (error: NodeJS.ErrnoException) => resolve({ status: null, location: null, date: null, error: (error.code ?? error.message).slice(0, 300) }));
    req.end();
  });
}

/**
 * GET of the web UI over HTTPS, following up to five redirects by hand so each is recorded. A
 * redirect to another host is what hotel and guest networks do with a login portal; the server's
 * Date header against our clock shows a skew that breaks certificates and tokens.
 */
export async function httpsProbe(host: string, address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<HttpsResultType> {
  const started = performance.now();
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const first = new URL(`https://${hostPart}${port === 443 ? '' : `:${port}`}/`);
  let url = first;
  const redirects: HttpsResultType['redirects'] = [];
  let last: HopType = { status: null, location: null, date: null, error: null };
  for (;;) {
    // Only hops to the PBX itself use its address; any other host is not contacted.
    if (url.hostname !== first.hostname) break;
    last = await hop(url, address, timeoutMs, signal);
    if (last.status === null || last.status < 300 || last.status >= 400 || last.location === null || redirects.length >= MAX_REDIRECTS) break;
    const next = new URL(last.location, url);
    redirects.push({ status: last.status, location: next.href.slice(0, 500) });
    if (next.protocol !== 'https:') break;
    url = next;
  }
  const finalUrl = redirects.length > 0 ? (redirects[redirects.length - 1]?.location ?? first.href) : first.href;
  const serverDate = last.date;
  const serverTime = serverDate ? Date.parse(serverDate) : Number.NaN;
  return {
    url: first.href,
    status: last.status,
    redirects,
    finalUrl,
    serverDate: serverDate?.slice(0, 60) ?? null,
    skewSeconds: Number.isNaN(serverTime) ? null : Math.round((serverTime - Date.now()) / 1000),
    captivePortal: new URL(finalUrl).hostname !== first.hostname,
    ms: Math.round(performance.now() - started),
    error: last.error,
  };
}
