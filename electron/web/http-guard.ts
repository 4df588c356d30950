/**
 * Who may talk to the browser host. The host listens on 127.0.0.1, but any web page the user has
 * open can still send requests there, and a DNS-rebinding page can even do so under its own host
 * name. So every request must name our own host and port in `Host` and — when the browser says
 * where it comes from — our own origin; the contract also needs the token, downloads a ticket.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes the lengths equal without leaking them. */
export function tokensEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

export type RefusalType = 'host' | 'origin' | 'token' | null;

export interface GuardInputType {
  headers: IncomingHttpHeaders;
  port: number;
}

/**
 * Why a request is refused for coming from the wrong place, or null. Every request must name our
 * own host and port (DNS rebinding) and, when the browser says where it comes from, our origin.
 */
export function refusalFor({ headers, port }: GuardInputType): RefusalType {
  const host = (headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).includes(host)) return 'host';
  const origin = headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin)) return 'origin';
  // A page of another site may link here; its request carries no Origin but says so here.
  if (headers['sec-fetch-site'] === 'cross-site') return 'origin';
  return null;
}

/**
 * The credential: only the contract (the WebSocket) and the session check need it, and it comes
 * in the query of that one request, which the page builds from its session storage. No cookie:
 * browsers send cookies to every port of 127.0.0.1, so any other local server would receive it.
 */
export function hasToken(queryToken: string | null, token: string): boolean {
  return queryToken !== null && tokensEqual(queryToken, token);
}

/**
 * The page's policy. Svelte puts component styles in <style> elements and sets inline styles for
 * transitions, hence 'unsafe-inline' for styles only; scripts come from our own files alone.
 */
export function contentSecurityPolicy(port: number): string {
  const sockets = allowedHosts(port).map((host) => `ws://${host}`);
  return [
    "default-src 'self'",
    "script-src 'self'",
    `connect-src 'self' ${sockets.join(' ')}`,
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers every response carries, including refusals. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
