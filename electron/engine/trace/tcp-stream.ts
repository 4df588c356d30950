import { contentLength, headerEndOf, looksLikeSip } from './sip-parse.js';

/**
 * TCP stream reassembly for SIP (RFC 3261 §18.3: messages framed by Content-Length): several
 * messages in one segment, one message across segments, retransmitted and out-of-order segments.
 * A stream is followed from the first segment that starts with a SIP line (so a capture that begins
 * mid-connection still reads). Bounded: MAX_FLOWS streams, MAX_BUFFER bytes waiting per stream;
 * a gap that never fills makes the stream resynchronise on the next SIP start line.
 */

const MAX_FLOWS = 20_000;
const MAX_BUFFER = 256 * 1024;
const MAX_OUT_OF_ORDER = 64;
const IDLE_US = 600e6;

interface FlowType {
  /** Has carried a SIP message: bytes given up on later are lost SIP, not someone else's data. */
  sip: boolean;
  next: number;
  pending: Buffer;
  waiting: Map<number, Buffer>;
  last: number;
}

export interface TcpMessageSinkType {
  /** `seq`: the sequence number of the message's first byte. */
  (message: Buffer, time: number, seq: number): void;
}

export class TcpReassembler {
  #flows = new Map<string, FlowType>();
  retransmittedSegments = 0;
  /** Bytes given up on (gaps that never filled, streams that did not frame as SIP). */
  lostBytes = 0;
  readonly #sink: TcpMessageSinkType;

  constructor(sink: TcpMessageSinkType) {
    this.#sink = sink;
  }

  segment(key: string, seq: number, flags: number, payload: Uint8Array, time: number): void {
    const syn = (flags & 0x02) !== 0;
    const closing = (flags & 0x05) !== 0; // FIN or RST
    let flow = this.#flows.get(key);
    if (flow === undefined) {
      // Followed from its SYN (so early segments that arrive out of order are kept), or from the
      // first segment that starts a SIP message (a capture that begins mid-connection).
      if (!syn && (payload.length === 0 || !looksLikeSip(payload))) return;
      if (this.#flows.size >= MAX_FLOWS) this.#evictOldest();
      flow = { sip: false, next: seq, pending: Buffer.alloc(0), waiting: new Map(), last: time };
      this.#flows.set(key, flow);
    }
    flow.last = time;
    if (syn) flow.next = (seq + 1) >>> 0;
    if (payload.length > 0) this.#accept(key, flow, seq, payload, time);
    if (closing) {
      this.lostBytes += flow.pending.length;
      this.#flows.delete(key);
    }
  }

  #accept(key: string, flow: FlowType, seq: number, payload: Uint8Array, time: number): void {
    const diff = (seq - flow.next) | 0;
    let data = payload;
    if (diff < 0) {
      if (diff + payload.length <= 0) {
        this.retransmittedSegments++;
        return;
      }
      data = payload.subarray(-diff); // overlaps what we have: keep only the new bytes
    } else if (diff > 0) {
      if (flow.waiting.size < MAX_OUT_OF_ORDER && !flow.waiting.has(seq)) {
        flow.waiting.set(seq, Buffer.from(payload));
        return;
      }
      // The gap will not fill: start over on this segment if it begins a SIP message.
      this.lostBytes += flow.pending.length;
      this.#flows.delete(key);
      if (looksLikeSip(payload)) {
        const fresh: FlowType = { sip: false, next: seq, pending: Buffer.alloc(0), waiting: new Map(), last: time };
        this.#flows.set(key, fresh);
        this.#accept(key, fresh, seq, payload, time);
      }
      return;
    }
    flow.pending = flow.pending.length === 0 ? Buffer.from(data) : Buffer.concat([flow.pending, data]);
    flow.next = (flow.next + data.length) >>> 0;
    // Segments that arrived early may now fit.
    for (let again = true; again && flow.waiting.size > 0; ) {
      again = false;
      for (const [s, buffered] of flow.waiting) {
        const d = (s - flow.next) | 0;
        if (d > 0) continue;
        flow.waiting.delete(s);
        if (d + buffered.length > 0) {
          const rest = buffered.subarray(-d);
          flow.pending = Buffer.concat([flow.pending, rest]);
          flow.next = (flow.next + rest.length) >>> 0;
        } else this.retransmittedSegments++;
        again = true;
      }
    }
    this.#frame(key, flow, time);
  }

  #frame(key: string, flow: FlowType, time: number): void {
    let at = 0;
    const b = flow.pending;
    for (;;) {
      while (at < b.length && (b[at] === 0x0d || b[at] === 0x0a)) at++; // CRLF keep-alives (RFC 5626 §3.5.1)
      if (at >= b.length) break;
      // Not SIP after all (a SYN-tracked stream of something else): stop following it early.
      const first = b[at] ?? 0;
      const eol = b.indexOf(0x0a, at);
      if (first < 0x41 || first > 0x5a || (eol >= 0 && !looksLikeSip(b, at)) || (eol < 0 && b.length - at > 2100)) return this.#desync(key, flow, flow.sip ? b.length - at : 0);
      const end = headerEndOf(b, at);
      if (end < 0) {
        if (b.length - at > MAX_BUFFER) return this.#desync(key, flow, b.length - at);
        break;
      }
      const length = contentLength(b.toString('latin1', at, end));
      const total = end + 4 - at + length;
      if (total > MAX_BUFFER) return this.#desync(key, flow, b.length - at);
      if (b.length - at < total) break;
      flow.sip = true;
      this.#sink(b.subarray(at, at + total), time, (flow.next - b.length + at) >>> 0);
      at += total;
    }
    flow.pending = at === 0 ? b : Buffer.from(b.subarray(at));
  }

  #desync(key: string, flow: FlowType, bytes: number): void {
    this.lostBytes += bytes;
    flow.pending = Buffer.alloc(0);
    this.#flows.delete(key);
  }

  #evictOldest(): void {
    const first = this.#flows.keys().next();
    if (first.done !== true) {
      this.lostBytes += this.#flows.get(first.value)?.pending.length ?? 0;
      this.#flows.delete(first.value);
    }
  }

  /** Drops streams idle for ten minutes of capture time. */
  expire(now: number): void {
    for (const [key, flow] of this.#flows) if (now - flow.last > IDLE_US) {
      this.lostBytes += flow.pending.length;
      this.#flows.delete(key);
    }
  }

  /** Bytes still waiting at the end of the capture (a message cut by the end of the capture). */
  get pendingBytes(): number {
    let n = 0;
    for (const flow of this.#flows.values()) n += flow.pending.length;
    return n;
  }
}
