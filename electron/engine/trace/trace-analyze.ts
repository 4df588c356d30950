import type { BilingualTextType } from '../../../shared/model/bounded.js';
import { MAX_TIMELINE } from '../../../shared/trace/trace-limits.js';
import type { DeviceType, TraceResultType } from '../../../shared/trace/trace-result.js';
import { CaptureFront, readChunks, type ReadTotalsType } from './capture-front.js';
import { SipAnalysis, type DeviceStateType } from './sip-analysis.js';
import { stoppedAtText } from '../../../shared/trace/trace-messages.js';
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
  /**
   * Qualify points per device in the result (default MAX_TIMELINE), thinned as a case keeps them:
   * the worker sends a case's share, the CLI (whose JSON has no timelines) none.
   */
  timelinePoints?: number;
}

/**
 * The analysis as a push parser: bytes in (any chunking), result out. Synchronous, so the worker,
 * a growing live capture (issue 8) and the fuzz tests drive the same code.
 */
export class CaptureAnalysis {
  readonly #analysis: SipAnalysis;
  readonly #front: CaptureFront;
  readonly #timelinePoints: number;

  /** `timelinePoints`: qualify points per device in the result (0: none are recorded at all). */
  constructor(timelinePoints = MAX_TIMELINE) {
    this.#timelinePoints = timelinePoints;
    const analysis = (this.#analysis = new SipAnalysis(timelinePoints > 0));
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
    return buildResult(this.#front.finish(), this.#analysis, this.#timelinePoints);
  }
}

export async function analyzeCapture(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: AnalyzeOptionsType = {}): Promise<TraceResultType> {
  const capture = new CaptureAnalysis(options.timelinePoints);
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

function buildResult(totals: ReadTotalsType, analysis: SipAnalysis, timelinePoints: number): TraceResultType {
  const { notSip, first, last, bytes, stoppedAt } = totals;
  const pendingTotal = analysis.finish(last ?? 0);
  const devices = [...analysis.devices.values()].map((d) => deviceResult(d, timelinePoints)).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
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

function median(values: Float64Array): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort();
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

function extreme(values: Float64Array, pick: (a: number, b: number) => number): number | null {
  if (values.length === 0) return null;
  let best = values[0]!;
  for (let i = 1; i < values.length; i++) best = pick(best, values[i]!);
  return best;
}

function round(v: number | null): number | null {
  return v === null ? null : Math.round(v * 10) / 10;
}

function deviceResult(d: DeviceStateType, timelinePoints: number): DeviceType {
  const rtts = d.rtts.values();
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
      minRttMs: round(extreme(rtts, Math.min)),
      medianRttMs: round(median(rtts)),
      maxRttMs: round(extreme(rtts, Math.max)),
      // Without the probes not yet decided (pending at the end).
      timeline: d.timeline.points(timelinePoints),
    },
    registrations: {
      requests: d.reg.requests,
      successes: d.reg.successes,
      challenges: d.reg.challenges,
      failures: d.reg.failures,
      authLoops: d.reg.authLoops,
      expiresSeconds: d.reg.expires,
      intervalSeconds: round(median(d.reg.intervals.values())),
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


export function analyzeCaptureFile(path: string, options: AnalyzeOptionsType = {}): Promise<TraceResultType> {
  return analyzeCapture(readChunks(path), options);
}
