import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { CaptureReader, type RawPacketType } from '../capture-reader.js';
import { PcapngEncoder } from '../pcapng-writer.js';
import { TraceFormatError } from '../trace-error.js';
import { readChunks } from '../capture-front.js';
import { ExportPlan, type EditType, type ExportSelectionType } from './export-plan.js';
import { adjustedChecksum, fixChecksums, packetLayout, type PacketLayoutType } from './packet-layout.js';
import { Pseudonyms } from './pseudonyms.js';
import type { RedactionCountsType } from './sip-redact.js';

/**
 * Export of a capture (issue 8 §3): all of it or the SIP of some devices/dialogs, redacted or not,
 * as pcapng with a section comment naming the case. Two streaming passes (export-plan.ts decides,
 * this one writes). The file appears under its name only when complete: it is written beside it
 * and renamed at the end; on any failure (full disk, cancel) the partial file is removed.
 */

export type ExportErrorCodeType = 'unknown-device' | 'unknown-dialog' | 'cut' | 'damaged' | 'no-space' | 'unwritable' | 'not-found' | 'unreadable' | 'unplaceable';

export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    readonly code: ExportErrorCodeType,
    /** The device or dialog not found, the byte offset of damage, or the path. */
    readonly detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export interface ExportOptionsType {
  selection: ExportSelectionType;
  redact: boolean;
  /** Keep RTP payload (voice); dropped by default, the RTP header stays. */
  keepRtpPayload?: boolean;
  /** The pseudonym key: the case's, or one for this run. */
  key: Uint8Array;
  /** The section comment: which case, what was selected, redacted or not. */
  comment: string;
  signal?: AbortSignal;
  /** 0..1 over both passes, and how far the pass in hand has read the file. */
  onProgress?: (fraction: number, read: ExportReadType) => void;
}

/** The file is read twice: to plan (decode, select, redact), then to write. */
export interface ExportReadType {
  pass: 1 | 2;
  bytes: number;
  total: number;
}

export interface ExportResultType {
  packets: number;
  sipMessages: number;
  bytes: number;
  redactions: RedactionCountsType;
}

function fileError(error: unknown, path: string, writing: boolean): unknown {
  if (error instanceof ExportError || error instanceof TraceFormatError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ExportError('no-space', path);
  if (writing && typeof code === 'string') return new ExportError('unwritable', path);
  if (code === 'ENOENT' || code === 'ENOTDIR') return new ExportError('not-found', path);
  if (typeof code === 'string') return new ExportError('unreadable', path);
  return error;
}

/** Streams `path` through `onPacket`; a non-capture throws TraceFormatError, damage an ExportError. */
async function readCapture(path: string, total: number, onPacket: (p: RawPacketType) => void, options: ExportOptionsType, base: number, afterChunk?: () => Promise<void>): Promise<void> {
  const reader = new CaptureReader(onPacket);
  let done = 0;
  try {
    for await (const chunk of readChunks(path)) {
      options.signal?.throwIfAborted();
      try {
        reader.push(chunk);
      } catch (error) {
        if (error instanceof TraceFormatError && reader.format !== null && reader.packets > 0) throw new ExportError('damaged', String(reader.offset));
        throw error;
      }
      done += chunk.byteLength;
      await afterChunk?.();
      options.onProgress?.(base + (total > 0 ? (0.5 * Math.min(done, total)) / total : 0), { pass: base === 0 ? 1 : 2, bytes: done, total });
    }
  } catch (error) {
    throw fileError(error, path, false);
  }
  const end = reader.end();
  if (end.cut !== null) throw new ExportError('cut', String(end.cut.offset));
}

/** Writes `edits` that fall into `[from, from + length)` of a stream/datagram at `into + (at - from)`. */
function applyEdits(d: Buffer, edits: EditType[] | undefined, into: number, from: number, length: number, wrap: boolean): boolean {
  if (edits === undefined) return false;
  let changed = false;
  for (const e of edits) {
    const rel = wrap ? (e.at - from) | 0 : e.at - from;
    for (let i = Math.max(0, -rel); i < e.bytes.length && rel + i < length; i++) {
      const at = into + rel + i;
      if (at >= d.length) break;
      d[at] = e.bytes[i]!;
      changed = true;
    }
  }
  return changed;
}

/** The RTP header length of a UDP payload that is RTP version 2 (not RTCP), else -1 (RFC 3550 §5.1). */
function rtpHeaderLength(d: Uint8Array, at: number, end: number): number {
  if (end - at < 12 || d[at]! >> 6 !== 2) return -1;
  const pt = d[at + 1]! & 0x7f;
  if (pt >= 72 && pt <= 76) return -1; // RTCP (RFC 5761 §4)
  let length = 12 + 4 * (d[at]! & 0x0f);
  if ((d[at]! & 0x10) !== 0) {
    if (end - at < length + 4) return -1;
    length += 4 + 4 * ((d[at + length + 2]! << 8) | d[at + length + 3]!);
  }
  return length <= end - at ? length : -1;
}

/** Text only SIP carries: a packet with it that the plan did not read as SIP is not written redacted. */
const SIP_MARKS = [Buffer.from('SIP/2.0'), Buffer.from('sip:')];

class PacketRewriter {
  index = -1;
  written = 0;
  rtpPayloads = 0;
  withheld = 0;
  constructor(
    readonly plan: ExportPlan,
    readonly keepRtp: boolean,
    readonly redact: boolean,
  ) {}

  /** Whether the plan read SIP in this packet (and placed its edits there). */
  #read(l: PacketLayoutType | null): boolean {
    const plan = this.plan;
    if (plan.selectedPackets.has(this.index)) return true;
    if (l === null) return false;
    if (l.fragment !== null) return plan.selectedFragments.has(l.fragment.key);
    if (l.tcp === null) return false;
    const ranges = plan.selectedTcp.get(l.tcp.flow);
    const length = l.l4End - l.tcp.payloadAt;
    if (ranges === undefined || length <= 0) return false;
    return ranges.some((r) => ((l.tcp!.seq - r.seq) | 0) < r.length && ((r.seq - l.tcp!.seq) | 0) < length);
  }

  /**
   * A datagram's UDP checksum (and in a fragmented tunnel, the tunnel's checksums) lives in one of
   * its fragments: updated there by what redaction changed. True when this fragment held one.
   */
  #fixFragmentChecksums(d: Buffer, l: PacketLayoutType, fragment: { key: string; offset: number }): boolean {
    let changed = false;
    for (const [at, fix] of this.plan.fragmentChecksums.get(fragment.key) ?? []) {
      const pos = l.l4At + at - fragment.offset;
      if (pos < l.l4At || pos + 2 > l.l4End) continue;
      const old = (d[pos]! << 8) | d[pos + 1]!;
      if (old === 0 && fix.zeroIsNone) continue; // IPv4: sent without a checksum
      d.writeUInt16BE(adjustedChecksum(old, fix.delta), pos);
      changed = true;
    }
    return changed;
  }

  /**
   * The frame to write and its captured length, or null when it is not selected — or when a
   * redacted export of the whole capture meets SIP text in a packet it did not read as SIP
   * (`withheld`): better a packet less than a phone number left in the file.
   */
  rewrite(p: RawPacketType): { data: Uint8Array; origLength: number } | null {
    this.index++;
    const l = packetLayout(p.linkType, p.data);
    if (!this.plan.all && !this.#read(l)) return null;
    if (this.plan.all && this.redact && !this.#read(l)) {
      const bytes = Buffer.from(p.data.buffer, p.data.byteOffset, p.data.byteLength);
      if (SIP_MARKS.some((m) => bytes.indexOf(m) >= 0)) {
        this.withheld++;
        return null;
      }
    }
    this.written++;
    const plan = this.plan;
    const d = Buffer.from(p.data);
    let changed = applyEdits(d, plan.packetEdits.get(this.index), 0, 0, d.length, false);
    if (l !== null && l.fragment !== null) {
      changed = applyEdits(d, plan.fragmentEdits.get(l.fragment.key), l.l4At, l.fragment.offset, l.l4End - l.l4At, false) || changed;
      changed = this.#fixFragmentChecksums(d, l, l.fragment) || changed;
    } else if (l !== null && l.tcp !== null) changed = applyEdits(d, plan.tcpEdits.get(l.tcp.flow), l.tcp.payloadAt, l.tcp.seq, l.l4End - l.tcp.payloadAt, true) || changed;
    // The transport checksum (unless a fragment's: above), then the tunnels' around it.
    if (changed && l !== null) fixChecksums(d, l);
    if (!this.keepRtp && l !== null && l.proto === 17 && l.fragment === null && !changed) {
      const header = rtpHeaderLength(d, l.l4At + 8, l.l4End);
      if (header >= 0 && l.l4At + 8 + header < l.l4End) {
        this.rtpPayloads++;
        return { data: d.subarray(0, l.l4At + 8 + header), origLength: p.origLength };
      }
    }
    return { data: d, origLength: p.origLength };
  }
}

export async function exportCapture(inPath: string, outPath: string, options: ExportOptionsType): Promise<ExportResultType> {
  let total = 0;
  let handle: FileHandle;
  try {
    handle = await open(inPath, 'r');
    total = (await handle.stat()).size;
    await handle.close();
  } catch (error) {
    throw fileError(error, inPath, false);
  }
  const pseudonyms = new Pseudonyms(options.key);
  const plan = new ExportPlan(options.selection, pseudonyms, options.redact);
  await readCapture(inPath, total, (p) => plan.packet(p), options, 0);
  // Never write what could not be redacted (DSGVO): better no file than a number left in it.
  if (plan.unplaced > 0) throw new ExportError('unplaceable', String(plan.unplaced));
  const missingDevice = options.selection.devices.find((d) => !plan.matchedDevices.has(d));
  if (missingDevice !== undefined) throw new ExportError('unknown-device', missingDevice);
  const missingDialog = options.selection.dialogs.find((d) => !plan.matchedDialogs.has(d));
  if (missingDialog !== undefined) throw new ExportError('unknown-dialog', missingDialog);

  const partPath = `${outPath}.part-${process.pid}`;
  let out: FileHandle;
  try {
    out = await open(partPath, 'w');
  } catch (error) {
    throw fileError(error, outPath, true);
  }
  const encoder = new PcapngEncoder();
  const rewriter = new PacketRewriter(plan, options.keepRtpPayload === true, options.redact);
  let pending: Buffer[] = [encoder.header({ comment: options.comment, application: 'STARFACE Triage' })];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    const data = Buffer.concat(pending);
    pending = [];
    try {
      // A nearly full disk takes part of a write without an error; the next part then fails.
      for (let at = 0; at < data.length; ) at += (await out.write(data, at, data.length - at)).bytesWritten;
    } catch (error) {
      throw fileError(error, outPath, true);
    }
    bytes += data.length;
  };
  try {
    await readCapture(inPath, total, (p) => {
      const frame = rewriter.rewrite(p);
      if (frame !== null) pending.push(encoder.packet(p.linkType, p.time, frame.data, frame.origLength));
    }, options, 0.5, flush);
    await flush();
    await out.sync().catch((error: unknown) => Promise.reject(fileError(error, outPath, true)));
    await out.close();
    await rename(partPath, outPath).catch((error: unknown) => Promise.reject(fileError(error, outPath, true)));
  } catch (error) {
    await out.close().catch(() => undefined);
    await unlink(partPath).catch(() => undefined);
    throw error;
  }
  options.onProgress?.(1, { pass: 2, bytes: total, total });
  return { packets: rewriter.written, sipMessages: plan.sipMessages, bytes, redactions: { ...plan.redactions, rtpPayloads: rewriter.rtpPayloads, withheld: rewriter.withheld } };
}
