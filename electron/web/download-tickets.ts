import { randomBytes } from 'node:crypto';
import { tokensEqual } from './http-guard.js';

/**
 * Downloads of exported files are plain links the page follows, which cannot carry the token in a
 * header, and a token in a link ends up in the download list and wherever the link is copied. So
 * each download URL carries its own ticket instead: random, valid for one path only, for a few
 * minutes. Without a cookie, nothing of the host's credential reaches another local server.
 */
const TTL_MS = 10 * 60 * 1000;
const MAX_TICKETS = 1000;

export class DownloadTickets {
  readonly #tickets = new Map<string, { path: string; expires: number }>();

  /** `path?ticket=…` for a same-origin path such as `/files/ID/NAME`. */
  mint(path: string, now = Date.now()): string {
    this.#prune(now);
    const ticket = randomBytes(24).toString('base64url');
    this.#tickets.set(ticket, { path, expires: now + TTL_MS });
    return `${path}?ticket=${ticket}`;
  }

  /** True when `ticket` was minted for exactly `path` and has not expired. */
  valid(path: string, ticket: string | null, now = Date.now()): boolean {
    if (ticket === null) return false;
    const entry = this.#tickets.get(ticket);
    return entry !== undefined && entry.expires > now && tokensEqual(entry.path, path);
  }

  #prune(now: number): void {
    for (const [ticket, entry] of this.#tickets) if (entry.expires <= now) this.#tickets.delete(ticket);
    // Oldest first in a Map: beyond the bound, the oldest tickets go.
    while (this.#tickets.size >= MAX_TICKETS) this.#tickets.delete(this.#tickets.keys().next().value as string);
  }
}
