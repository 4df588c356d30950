/**
 * IP fragment reassembly (IPv4 RFC 791 §3.2, IPv6 RFC 8200 §4.5): large SIP over UDP (an INVITE
 * with a big SDP, or our 1600-byte probes) arrives in pieces. Bounded: at most MAX_DATAGRAMS
 * datagrams in progress, 64 KiB each, dropped when incomplete after EXPIRY_US of capture time.
 */

const MAX_DATAGRAMS = 4096;
const MAX_LENGTH = 65535;
const EXPIRY_US = 60e6;

interface PartialType {
  parts: Array<{ offset: number; data: Buffer }>;
  /** Known once the last fragment (MF clear) arrived. */
  total: number;
  received: number;
  first: number;
  /** One of its fragments came inside a fragmented tunnel packet (packet-decoder.ts). */
  nested: boolean;
}

export class FragmentTable {
  #pending = new Map<string, PartialType>();
  /** Datagrams dropped incomplete (expired, evicted, overlapping or too large). */
  dropped = 0;
  /** Whether the datagram `add` returned last had a fragment marked `nested`. */
  lastNested = false;

  /**
   * Adds a fragment; returns the whole transport payload when this fragment completes it.
   * `offset` is in bytes, `more` is the MF flag; `nested`: it came inside a fragmented tunnel packet.
   */
  add(key: string, offset: number, more: boolean, data: Uint8Array, time: number, nested = false): Buffer | null {
    if (offset + data.length > MAX_LENGTH) {
      this.dropped++;
      this.#pending.delete(key);
      return null;
    }
    let entry = this.#pending.get(key);
    if (entry === undefined) {
      if (this.#pending.size >= MAX_DATAGRAMS) this.#evict(time);
      entry = { parts: [], total: -1, received: 0, first: time, nested: false };
      this.#pending.set(key, entry);
    }
    if (entry.parts.some((p) => p.offset === offset)) return null; // a duplicate fragment
    entry.parts.push({ offset, data: Buffer.from(data) });
    entry.nested ||= nested;
    entry.received += data.length;
    if (!more) entry.total = offset + data.length;
    if (entry.total < 0 || entry.received < entry.total) return null;
    this.#pending.delete(key);
    this.lastNested = entry.nested;
    entry.parts.sort((a, b) => a.offset - b.offset);
    const whole = Buffer.alloc(entry.total);
    let covered = 0;
    for (const p of entry.parts) {
      if (p.offset > covered || p.offset + p.data.length > entry.total) {
        this.dropped++;
        return null; // a hole or an overlap past the end: not a datagram we can trust
      }
      p.data.copy(whole, p.offset);
      covered = Math.max(covered, p.offset + p.data.length);
    }
    if (covered !== entry.total) {
      this.dropped++;
      return null;
    }
    return whole;
  }

  #evict(now: number): void {
    for (const [key, entry] of this.#pending) {
      if (now - entry.first > EXPIRY_US || this.#pending.size >= MAX_DATAGRAMS) {
        this.#pending.delete(key);
        this.dropped++;
      } else break;
    }
  }

  /** Called now and then with the capture's clock. */
  expire(now: number): void {
    for (const [key, entry] of this.#pending) {
      if (now - entry.first <= EXPIRY_US) break; // insertion order is age order
      this.#pending.delete(key);
      this.dropped++;
    }
  }
}
