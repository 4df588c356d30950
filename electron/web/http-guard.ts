/**
 * Who may talk to the browser host. The host listens on 127.0.0.1, but any web page the user has
 * open can still send requests there, and a DNS-rebinding page can even do so under its own host
 * name. So every request (files and the WebSocket alike) must carry the random token, must name
 * our own host and port in `Host`, and — when the browser says where it comes from — our own origin.
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

/** One cookie per port, so two hosts on the same machine do not overwrite each other's token. */
export function cookieName(port: number): string {
  return `starface_triage_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  // HttpOnly: no script reads it; SameSite=Strict: no other site's page makes the browser send it.
  return `${cookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
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
  /** The `token` query parameter, if any. */
  queryToken: string | null;
  port: number;
  token: string;
}

/** Why a request is refused, or null when it may pass. The order matters only for the log. */
export function refusalFor({ headers, queryToken, port, token }: GuardInputType): RefusalType {
  const host = (headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).includes(host)) return 'host';
  const origin = headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin)) return 'origin';
  // A page of another site may link here; its request carries no Origin but says so here.
  if (headers['sec-fetch-site'] === 'cross-site') return 'origin';
  const cookie = readCookie(headers.cookie, cookieName(port));
  const candidates = [queryToken, cookie].filter((t): t is string => typeof t === 'string');
  const ok = candidates.some((candidate) => tokensEqual(candidate, token));
  return ok ? null : 'token';
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
