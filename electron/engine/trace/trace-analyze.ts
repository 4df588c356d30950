import { open } from 'node:fs/promises';
import type { BilingualTextType } from '../../../shared/model/bounded.js';
import type { DeviceType, TraceResultType } from '../../../shared/trace/trace-result.js';
import { CaptureReader, type CaptureFormatType } from './capture-reader.js';
import { PacketDecoder, type IcmpUnreachableType, type SipPayloadMetaType } from './packet-decoder.js';
import { SipAnalysis, type DeviceStateType } from './sip-analysis.js';
import { parseSip, type ParsedSip } from './sip-parse.js';
import { analyzeCapturePiped, pipelineFor } from './capture-pipeline.js';
import { stoppedAtText } from '../../../shared/trace/trace-messages.js';
import { TraceFormatError } from './trace-error.js';
import { traceFindings } from './trace-findings.js';

/**
 * `analyze`: a capture file, streamed once, into the figures and findings of TraceResultType.
 * Memory stays flat however long the file (bounded tables everywhere, see the readers). A file
 * that is not a capture throws TraceFormatError; damage after the first packets stops reading
 * there and the result says where.
 */

export interface AnalyzeOptionsType {
  /** Called about every 4 MiB: bytes read, packets read. */
  onProgress?: (bytes: number, packets: number) => void;
}

/** What reads and decodes a capture hands on: each SIP message parsed, and ICMP errors. */
export interface CaptureSinkType {
  message(m: ParsedSip, meta: SipPayloadMetaType): void;
  icmp(event: IcmpUnreachableType): void;
}

/** Everything the result needs from reading and decoding, as plain data (it crosses threads). */
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
 * sink, in capture order. Synchronous, so the analysis, the reading thread of the pipeline
 * (capture-pipeline), a growing live capture (issue 8) and the fuzz tests drive the same code.
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
 * The analysis as a push parser: bytes in (any chunking), result out. Synchronous, so the worker,
 * a growing live capture (issue 8) and the fuzz tests drive the same code.
 */
export class CaptureAnalysis {
  readonly #analysis = new SipAnalysis();
  readonly #front: CaptureFront;

  constructor() {
    const analysis = this.#analysis;
    this.#front = new CaptureFront({ message: (m, meta) => analysis.message(m, meta), icmp: (event) => analysis.icmp(event) });
  }

  get packets(): number {
    return this.#front.packets;
  }

  get bytes(): number {
    return this.#front.bytes;
  }

  /**
   * The figures so far without ending the read, for a capture that is still growing (issue 8):
   * each device's latest qualify state.
   */
  live(): { packets: number; sipMessages: number; devices: Array<{ address: string; name: string | null; state: DeviceStateType['lastQualifyState'] }> } {
    const devices = [...this.#analysis.devices.values()].map((d) => ({ address: d.address, name: d.name ?? null, state: d.lastQualifyState }));
    return { packets: this.#front.packets, sipMessages: this.#analysis.sipMessages, devices };
  }

  /** False once reading stopped at damage; throws TraceFormatError when it is no capture at all. */
  push(chunk: Uint8Array): boolean {
    return this.#front.push(chunk);
  }

  finish(): TraceResultType {
    return buildResult(this.#front.finish(), this.#analysis);
  }
}

export async function analyzeCapture(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: AnalyzeOptionsType = {}): Promise<TraceResultType> {
  const capture = new CaptureAnalysis();
  let reported = 0;
  for await (const chunk of source) {
    if (!capture.push(chunk)) break;
    if (capture.bytes - reported >= 4 * 1024 * 1024) {
      reported = capture.bytes;
      options.onProgress?.(capture.bytes, capture.packets);
    }
  }
  const result = capture.finish();
  options.onProgress?.(result.bytes, result.packets);
  return result;
}

export function buildResult(totals: ReadTotalsType, analysis: SipAnalysis): TraceResultType {
  const { notSip, first, last, bytes, stoppedAt } = totals;
  const pendingTotal = analysis.finish(last ?? 0);
  const devices = [...analysis.devices.values()].map(deviceResult).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const base = {
    format: totals.format ?? 'pcap',
    byteOrder: totals.bigEndian ? ('big' as const) : ('little' as const),
    nanoseconds: totals.nanoseconds,
    bytes,
    packets: totals.packets,
    sipMessages: analysis.sipMessages,
    dialogs: analysis.dialogs.size,
    firstTime: first === null ? null : first / 1000,
    lastTime: last === null ? null : last / 1000,
    devices,
    responseCodes: Object.fromEntries([...analysis.responseCodes].sort((a, b) => a[0] - b[0]).map(([c, n]) => [String(c), n])),
    requests: Object.fromEntries([...analysis.requests].sort().slice(0, 64)),
    retransmissions: { requests: analysis.retransmittedRequests, responses: analysis.retransmittedResponses, tcpSegments: totals.tcpRetransmittedSegments },
    icmpUnreachable: analysis.icmpAnsweringSip(),
    fragmentedSip: analysis.fragmentedSip,
    alg: { privateFromPublic: analysis.privateFromPublic.count, rewrittenSdp: analysis.rewrittenSdp.count, example: analysis.rewrittenSdp.example || analysis.privateFromPublic.example || null },
    skipped: {
      notSip,
      malformedSip: totals.malformedSip,
      unknownLinkType: totals.unknownLinkType,
      notIp: totals.notIp,
      truncatedFrames: totals.truncatedFrames,
    },
    stoppedAt,
  } satisfies Omit<TraceResultType, 'findings' | 'warnings'>;
  const warnings = traceWarnings(base, totals, analysis, pendingTotal);
  return { ...base, findings: traceFindings(base), warnings };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}

function deviceResult(d: DeviceStateType): DeviceType {
  const rtts = d.rtts;
  return {
    address: d.address,
    ...(d.name !== undefined ? { name: d.name.slice(0, 128) } : {}),
    transport: d.transport,
    ...(d.userAgent !== undefined ? { userAgent: d.userAgent.slice(0, 128) } : {}),
    qualify: {
      ok: d.ok,
      lagged: d.lagged,
      unreachable: d.unreachable,
      pending: d.pending.size,
      minRttMs: round(rtts.length === 0 ? null : rtts.reduce((a, b) => Math.min(a, b))),
      medianRttMs: round(median(rtts)),
      maxRttMs: round(rtts.length === 0 ? null : rtts.reduce((a, b) => Math.max(a, b))),
      // A point still 'ok' without an RTT is a probe not yet decided (pending at the end).
      timeline: d.timeline.filter((p) => p.state !== 'ok' || p.rttMs !== null),
    },
    registrations: {
      requests: d.reg.requests,
      successes: d.reg.successes,
      challenges: d.reg.challenges,
      failures: d.reg.failures,
      authLoops: d.reg.authLoops,
      expiresSeconds: d.reg.expires,
      intervalSeconds: round(median(d.reg.intervals)),
      gaps: d.reg.gaps,
    },
    natExpiry: d.natExpiry,
  };
}

function traceWarnings(r: Omit<TraceResultType, 'findings' | 'warnings'>, totals: ReadTotalsType, analysis: SipAnalysis, pending: number): BilingualTextType[] {
  const w: BilingualTextType[] = [];
  if (r.stoppedAt !== null) w.push(stoppedAtText(r.stoppedAt));
  if (r.skipped.unknownLinkType > 0) {
    const types = totals.unknownLinkTypes.join(', ');
    w.push({ de: `${r.skipped.unknownLinkType} Pakete mit unbekanntem Verbindungstyp (Linktype ${types}) übersprungen.`, en: `${r.skipped.unknownLinkType} packets of an unknown link type (linktype ${types}) skipped.` });
  }
  if (r.skipped.truncatedFrames > 0) w.push({ de: `${r.skipped.truncatedFrames} Pakete waren zu kurz (beim Mitschnitt abgeschnitten) und wurden übersprungen.`, en: `${r.skipped.truncatedFrames} packets were too short (cut by the capture) and were skipped.` });
  if (r.skipped.malformedSip > 0) w.push({ de: `${r.skipped.malformedSip} SIP-Nachrichten waren unvollständig oder fehlerhaft und wurden nicht ausgewertet.`, en: `${r.skipped.malformedSip} SIP messages were incomplete or malformed and were not analysed.` });
  const lost = totals.tcpLostBytes;
  if (lost > 0) w.push({ de: `${lost} Byte SIP über TCP ließen sich nicht zusammensetzen (fehlende Segmente).`, en: `${lost} bytes of SIP over TCP could not be reassembled (missing segments).` });
  if (totals.fragmentsDropped > 0) w.push({ de: `${totals.fragmentsDropped} fragmentierte IP-Pakete blieben unvollständig.`, en: `${totals.fragmentsDropped} fragmented IP packets stayed incomplete.` });
  if (pending > 0) w.push({ de: `${pending} SIP OPTIONS am Ende des Mitschnitts ohne Antwort und jünger als 32 s: nicht bewertet.`, en: `${pending} SIP OPTIONS at the end of the capture without an answer and younger than 32 s: not rated.` });
  if (analysis.devicesDropped > 0) w.push({ de: `Mehr als 2000 Endgeräte: ${analysis.devicesDropped} Nachrichten weiterer Geräte nur gezählt.`, en: `More than 2000 devices: ${analysis.devicesDropped} messages of further devices only counted.` });
  return w;
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

/**
 * A capture file's analysis: on two threads (capture-pipeline) when the file is large enough for
 * that to pay, else here. `pipeline: false` keeps it on this thread (the in-process reference the
 * tests compare the pipeline with); a number sets the size from which the pipeline is used.
 */
export function analyzeCaptureFile(path: string, options: AnalyzeOptionsType & { pipeline?: boolean | number } = {}): Promise<TraceResultType> {
  const { pipeline = true, ...rest } = options;
  if (pipeline !== false && pipelineFor(path, typeof pipeline === 'number' ? pipeline : undefined)) return analyzeCapturePiped(path, rest);
  return analyzeCapture(readChunks(path), rest);
}
