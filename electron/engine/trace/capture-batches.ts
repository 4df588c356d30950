import type { FileKindType } from '../../../shared/trace/trace-messages.js';
import type { ReadTotalsType } from './capture-front.js';
import type { IcmpUnreachableType, SipPayloadMetaType } from './packet-decoder.js';
import { ParsedSip, RECORD_INTS } from './sip-parse.js';
import type { TraceErrorCodeType } from './trace-error.js';

/**
 * The batches in which the reading thread of capture-pipeline hands messages over: their bytes
 * copied into one buffer, the parser's byte ranges and the packet's fields as integers, texts
 * (methods, addresses) numbered once per file.
 */

/** Integers per message in a batch: the parser's ranges, then the fields below. */
export const STRIDE = RECORD_INTS + 13;
const F_START = RECORD_INTS;
const F_LENGTH = RECORD_INTS + 1;
const F_FLAGS = RECORD_INTS + 2;
const F_STATUS = RECORD_INTS + 3;
const F_METHOD = RECORD_INTS + 4;
const F_SRC = RECORD_INTS + 5;
const F_SRC_PORT = RECORD_INTS + 6;
const F_DST = RECORD_INTS + 7;
const F_DST_PORT = RECORD_INTS + 8;
/** The analysis's key lanes, hashed here (SipMessageType.keyLanes): four integers. */
const F_LANES = RECORD_INTS + 9;
const FLAG_REQUEST = 1;
const FLAG_TCP = 2;
const FLAG_FRAGMENTED = 4;

export const IN_FLIGHT = 4;
const BATCH_BYTES = 1 << 20;
const BATCH_MESSAGES = 4096;

export interface BatchType {
  bytes: ArrayBuffer;
  ints: Int32Array;
  /** Per message: time (µs), CSeq. */
  nums: Float64Array;
  count: number;
  /** Texts (methods, addresses) first seen in this batch, appended to the shared list in order. */
  texts: string[];
  icmp: IcmpUnreachableType[];
}

export type PipelineMessageType =
  | { type: 'batch'; batch: BatchType }
  | { type: 'progress'; bytes: number; packets: number }
  | { type: 'end'; totals: ReadTotalsType }
  | { type: 'format-error'; code: TraceErrorCodeType; offset: number; why: string; fileKind: FileKindType }
  | { type: 'failed'; message: string; code: string | null };

/** A batch's memory, handed back with the acknowledgement so that the next batch reuses it. */
export interface BatchMemoryType {
  bytes: ArrayBuffer;
  ints: Int32Array;
  nums: Float64Array;
}

/** The reading side's half: messages into batches, texts numbered once. */
export class BatchWriter {
  readonly #texts = new Map<string, number>();
  /** Memory handed back by the analysing side (fresh memory costs page faults per batch). */
  readonly #spare: BatchMemoryType[] = [];
  #batch: BatchType & { buffer: Buffer };
  #used = 0;
  readonly #send: (batch: BatchType, transfer: ArrayBuffer[]) => void;

  constructor(send: (batch: BatchType, transfer: ArrayBuffer[]) => void) {
    this.#send = send;
    this.#batch = this.#fresh(BATCH_BYTES);
  }

  /** Memory of an analysed batch, to reuse. */
  recycle(memory: BatchMemoryType): void {
    if (memory.bytes.byteLength === BATCH_BYTES && this.#spare.length < IN_FLIGHT) this.#spare.push(memory);
  }

  #fresh(bytes: number): BatchType & { buffer: Buffer } {
    const spare = bytes === BATCH_BYTES ? this.#spare.pop() : undefined;
    const memory = spare ?? { bytes: new ArrayBuffer(bytes), ints: new Int32Array(BATCH_MESSAGES * STRIDE), nums: new Float64Array(BATCH_MESSAGES * 2) };
    return { ...memory, buffer: Buffer.from(memory.bytes), count: 0, texts: [], icmp: [] };
  }

  #text(t: string): number {
    let n = this.#texts.get(t);
    if (n === undefined) {
      n = this.#texts.size;
      this.#texts.set(t, n);
      this.#batch.texts.push(t);
    }
    return n;
  }

  message(m: ParsedSip, meta: SipPayloadMetaType): void {
    if (this.#batch.count === BATCH_MESSAGES || this.#used + m.length > this.#batch.buffer.length) {
      this.flush();
      if (m.length > BATCH_BYTES) this.#batch = this.#fresh(m.length);
    }
    const b = this.#batch;
    const i = b.count++;
    const at = i * STRIDE;
    const ints = b.ints;
    m.writeRanges(ints, at);
    m.keyLanes(ints, at + F_LANES);
    m.copyTo(b.buffer, this.#used);
    ints[at + F_START] = this.#used;
    ints[at + F_LENGTH] = m.length;
    ints[at + F_FLAGS] = (m.isRequest ? FLAG_REQUEST : 0) | (meta.transport === 'tcp' ? FLAG_TCP : 0) | (meta.fragmented ? FLAG_FRAGMENTED : 0);
    ints[at + F_STATUS] = m.status;
    ints[at + F_METHOD] = this.#text(m.method);
    ints[at + F_SRC] = this.#text(meta.src);
    ints[at + F_SRC_PORT] = meta.srcPort;
    ints[at + F_DST] = this.#text(meta.dst);
    ints[at + F_DST_PORT] = meta.dstPort;
    b.nums[2 * i] = meta.time;
    b.nums[2 * i + 1] = m.cseq;
    this.#used += m.length;
  }

  icmp(event: IcmpUnreachableType): void {
    this.#batch.icmp.push(event);
  }

  flush(): void {
    const b = this.#batch;
    if (b.count === 0 && b.icmp.length === 0 && b.texts.length === 0) return;
    const { buffer: _buffer, ...batch } = b;
    this.#send(batch, [batch.bytes, batch.ints.buffer as ArrayBuffer, batch.nums.buffer as ArrayBuffer]);
    this.#batch = this.#fresh(BATCH_BYTES);
    this.#used = 0;
  }
}

/** A batch's messages, revived over its bytes, in capture order. `texts` is the list so far. */
export function eachMessage(batch: BatchType, texts: string[], fn: (m: ParsedSip, meta: SipPayloadMetaType) => void): void {
  for (const t of batch.texts) texts.push(t);
  const bytes = Buffer.from(batch.bytes);
  const { ints, nums } = batch;
  for (let i = 0; i < batch.count; i++) {
    const at = i * STRIDE;
    const flags = ints[at + F_FLAGS]!;
    const m = ParsedSip.revive(bytes, ints[at + F_START]!, ints[at + F_LENGTH]!, ints, at, (flags & FLAG_REQUEST) !== 0, texts[ints[at + F_METHOD]!]!, ints[at + F_STATUS]!, nums[2 * i + 1]!, at + F_LANES);
    fn(m, {
      time: nums[2 * i]!,
      src: texts[ints[at + F_SRC]!]!,
      srcPort: ints[at + F_SRC_PORT]!,
      dst: texts[ints[at + F_DST]!]!,
      dstPort: ints[at + F_DST_PORT]!,
      transport: (flags & FLAG_TCP) !== 0 ? 'tcp' : 'udp',
      fragmented: (flags & FLAG_FRAGMENTED) !== 0,
    });
  }
}
