import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { checkServerIdentity, connect, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import type { TlsResultType } from '../../../shared/diagnostics/results.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function name(part: PeerCertificate['subject'] | undefined): string | null {
  if (!part) return null;
  const cn = part.CN;
  const text = Array.isArray(cn) ? cn.join(', ') : cn;
  return (text ?? (Object.entries(part).map(([k, v]) => `${k}=${String(v)}`).join(', ') || null))?.slice(0, 300) ?? null;
}

/** The chain as the server sent it, leaf first; the loop stops at a self-issued certificate. */
function chainOf(cert: DetailedPeerCertificate): string[] {
  const names: string[] = [];
  let current: DetailedPeerCertificate | undefined = cert;
  const seen = new Set<string>();
  while (current && names.length < 10 && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    names.push(name(current.subject) ?? '?');
    current = current.issuerCertificate;
  }
  return names;
}

const EMPTY = { protocol: null, subject: null, altNames: [], issuer: null, chain: [], validFrom: null, validTo: null, daysLeft: null, selfSigned: null, hostnameMatch: null, authorized: null, authorizationError: null };

/**
 * The TLS handshake of the web UI (443) or SIP over TLS (5061), to `address` but in the name of
 * `host` (SNI and the name check). Certificate problems are recorded, not fatal: a PBX with a
 * self-signed certificate is common, and the technician needs to see what exactly is wrong.
 */
export function tlsProbe(host: string, address: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<TlsResultType> {
  return new Promise((resolve) => {
    const started = performance.now();
    const servername = isIP(host) === 0 ? host : undefined;
    const socket = connect({ host: address, port, servername, rejectUnauthorized: false });
    let settled = false;
    const finish = (result: Partial<TlsResultType>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve({ address, port, status: 'failed', ms: Math.round(performance.now() - started), error: null, ...EMPTY, ...result });
    };
    const timer = setTimeout(() => finish({ error: 'no TLS handshake within the time limit' }), timeoutMs);
    const onAbort = () => finish({ error: 'cancelled' });
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ error: (error.code ?? error.message).slice(0, 300) }));
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      if (!cert || Object.keys(cert).length === 0) {
        finish({ status: 'ok', protocol: socket.getProtocol(), error: 'no certificate' });
        return;
      }
      const validTo = new Date(cert.valid_to);
      const selfSigned = cert.issuerCertificate === undefined || cert.issuerCertificate.fingerprint256 === cert.fingerprint256;
      const altNames = (cert.subjectaltname ?? '')
        .split(/,\s*/)
        .filter((s) => s !== '')
        .map((s) => s.replace(/^(DNS|IP Address):/, ''))
        .slice(0, 100);
      finish({
        status: 'ok',
        protocol: socket.getProtocol(),
        subject: name(cert.subject),
        altNames,
        issuer: name(cert.issuer),
        chain: chainOf(cert),
        validFrom: new Date(cert.valid_from).toISOString(),
        validTo: validTo.toISOString(),
        daysLeft: Math.floor((validTo.getTime() - Date.now()) / DAY_MS),
        selfSigned,
        hostnameMatch: checkServerIdentity(host, cert) === undefined,
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError).slice(0, 100) : null,
      });
    });
  });
}
