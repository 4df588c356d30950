import { open } from 'node:fs/promises';
import type { TraceResultType } from '../../../shared/trace/trace-result.js';
import { CaptureReader, type CaptureFormatType } from './capture-reader.js';
import { PacketDecoder, type IcmpUnreachableType, type SipPayloadMetaType } from './packet-decoder.js';
import { parseSip, type ParsedSip } from './sip-parse.js';
import { TraceFormatError } from './trace-error.js';

/*
 * Reading a capture up to parsed SIP messages, apart from the analysis: the same reading for the
 * analysis, the ladder index and the export (which read their own way from here).
 */

/** What reads and decodes a capture hands on: each SIP message parsed, and ICMP errors. */
export interface CaptureSinkType {
  message(m: ParsedSip, meta: SipPayloadMetaType): void;
  icmp(event: IcmpUnreachableType): void;
}

/** Everything the result needs from reading and decoding, as plain data. */
export interface ReadTotalsType {
  format: CaptureFormatType | null;
  bigEndian: boolean;
  nanoseconds: boolean;
  packets: number;
  bytes: number;
  notSip: number;
  malformedSip: number;
  first: number | null;
  last: number | null;
  stoppedAt: TraceResultType['stoppedAt'];
  unknownLinkType: number;
  unknownLinkTypes: number[];
  notIp: number;
  truncatedFrames: number;
  tcpRetransmittedSegments: number;
  tcpLostBytes: number;
  fragmentsDropped: number;
}

/**
 * Reading and decoding as a push parser: bytes in (any chunking), parsed SIP messages out to the
 * sink, in capture order. Synchronous, so the analysis of a file, a growing live capture (issue
 * 8) and the fuzz tests drive the same code.
 */
export class CaptureFront {
  readonly #decoder: PacketDecoder;
  readonly #reader: CaptureReader;
  sipMessages = 0;
  #malformed = 0;
  #notSip = 0;
  #first: number | null = null;
  #last: number | null = null;
  #bytes = 0;
  #stoppedAt: TraceResultType['stoppedAt'] = null;

  constructor(sink: CaptureSinkType) {
    this.#decoder = new PacketDecoder({
      sip: (payload, meta) => {
        let m: ParsedSip;
        try {
          m = parseSip(payload);
        } catch (error) {
          if (!(error instanceof TraceFormatError)) throw error;
          // Not SIP at all is counted as such below (nothing was added); a broken SIP message is.
          if (error.code !== 'not-sip') this.#malformed++;
          return;
        }
        this.sipMessages++;
        sink.message(m, meta);
      },
      icmp: (event) => sink.icmp(event),
    });
    this.#reader = new CaptureReader((p) => {
      if (!Number.isNaN(p.time)) {
        this.#first ??= p.time;
        this.#last = p.time;
      }
      const before = this.sipMessages + this.#malformed;
      this.#decoder.packet(p);
      if (this.sipMessages + this.#malformed === before) this.#notSip++;
    });
  }

  get packets(): number {
    return this.#reader.packets;
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** False once reading stopped at damage; throws TraceFormatError when it is no capture at all. */
  push(chunk: Uint8Array): boolean {
    if (this.#stoppedAt !== null) return false;
    this.#bytes += chunk.byteLength;
    try {
      this.#reader.push(chunk);
      return true;
    } catch (error) {
      if (!(error instanceof TraceFormatError) || this.#reader.format === null || this.#reader.packets === 0) throw error;
      this.#stoppedAt = { offset: this.#reader.offset, packets: this.#reader.packets, reason: 'damaged' };
      return false;
    }
  }

  /** At the end of the bytes: where a cut record stopped reading, and the totals. */
  finish(): ReadTotalsType {
    if (this.#stoppedAt === null) {
      const end = this.#reader.end();
      if (end.cut !== null) this.#stoppedAt = { offset: end.cut.offset, packets: end.cut.packets, reason: 'cut' };
    }
    const reader = this.#reader;
    const decoder = this.#decoder;
    return {
      format: reader.format,
      bigEndian: reader.bigEndian,
      nanoseconds: reader.nanoseconds,
      packets: reader.packets,
      bytes: this.#bytes,
      notSip: this.#notSip,
      malformedSip: this.#malformed,
      first: this.#first,
      last: this.#last,
      stoppedAt: this.#stoppedAt,
      unknownLinkType: decoder.counts.unknownLinkType,
      unknownLinkTypes: [...decoder.unknownLinkTypes],
      notIp: decoder.counts.notIp,
      truncatedFrames: decoder.counts.truncatedFrames,
      tcpRetransmittedSegments: decoder.tcp.retransmittedSegments,
      tcpLostBytes: decoder.tcp.lostBytes + decoder.tcp.pendingBytes,
      fragmentsDropped: decoder.fragments.dropped,
    };
  }
}

/**
 * The file in 1 MiB pieces read into two buffers used in turn. A fresh buffer per chunk (as a
 * read stream gives) left the process's resident memory growing with the file through malloc's
 * fragmentation, though the live heap stayed flat; CaptureAnalysis keeps at most the latest chunk
 * between two pushes, so the other buffer is free to be read into.
 */
export async function* readChunks(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    for (let turn = 0; ; turn ^= 1) {
      const buffer = buffers[turn] as Buffer;
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

const CHUNK = 1024 * 1024;
