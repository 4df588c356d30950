import type { RawPacketType } from '../capture-reader.js';
import { endpoint } from '../ip-address.js';
import { PacketDecoder, type SipPayloadMetaType } from '../packet-decoder.js';
import { looksLikeSip } from '../sip-parse.js';
import { checksumDelta } from './packet-layout.js';
import type { Pseudonyms } from './pseudonyms.js';
import { addRedactions, changedRuns, noRedactions, redactSipMessage, type RedactionCountsType } from './sip-redact.js';

/**
 * The first of export's two passes: every SIP message is decoded (fragments and TCP reassembled),
 * selected or not (devices, dialogs), and redacted; what changes is remembered as byte edits at
 * the place the message's bytes have in the packets that carried it (the packet itself for plain
 * UDP, the datagram offset for fragments, the sequence number for TCP). The second pass
 * (trace-export.ts) then streams the packets again and applies them. Memory grows with the SIP
 * messages selected (their edits), not with the file.
 */

export interface ExportSelectionType {
  /** `IP:PORT` as `analyze` names devices; SIP from or to it. */
  devices: string[];
  /** Call-IDs. */
  dialogs: string[];
}

export interface EditType {
  at: number;
  bytes: Buffer;
}

const CALL_ID = /^(?:call-id|i)[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?$/im;

function callIdOf(message: Uint8Array): string | null {
  const text = Buffer.from(message.buffer, message.byteOffset, Math.min(message.byteLength, 8192)).toString('latin1');
  return CALL_ID.exec(text)?.[1] ?? null;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

export class ExportPlan {
  readonly all: boolean;
  readonly packetEdits = new Map<number, EditType[]>();
  /** Edits by datagram key; `at` counts from the start of the IP payload (UDP header included). */
  readonly fragmentEdits = new Map<string, EditType[]>();
  /** Edits by TCP stream; `at` is a sequence number. */
  readonly tcpEdits = new Map<string, EditType[]>();
  /**
   * The UDP checksums of fragmented datagrams, by datagram key and the checksum's offset in the
   * reassembled IP payload: what redaction adds to their sums, applied by whoever carries it.
   */
  readonly fragmentChecksums = new Map<string, Map<number, { delta: number; zeroIsNone: boolean }>>();
  /** Messages changed whose bytes cannot be placed in the packets (TCP over IP fragments). */
  unplaced = 0;
  readonly selectedPackets = new Set<number>();
  readonly selectedFragments = new Set<string>();
  readonly selectedTcp = new Map<string, Array<{ seq: number; length: number }>>();
  readonly matchedDevices = new Set<string>();
  readonly matchedDialogs = new Set<string>();
  readonly redactions: RedactionCountsType = noRedactions();
  sipMessages = 0;
  readonly #devices: Set<string>;
  readonly #dialogs: Set<string>;
  readonly #decoder: PacketDecoder;
  #packet: RawPacketType | null = null;
  #index = -1;

  constructor(selection: ExportSelectionType, pseudonyms: Pseudonyms, redact: boolean) {
    this.#devices = new Set(selection.devices);
    this.#dialogs = new Set(selection.dialogs);
    this.all = this.#devices.size === 0 && this.#dialogs.size === 0;
    this.#decoder = new PacketDecoder({
      sip: (payload, meta) => {
        if (looksLikeSip(payload)) this.#message(payload, meta, pseudonyms, redact);
      },
      icmp: () => undefined,
    });
  }

  /** Packets in file order, numbered from 0 as the second pass numbers them. */
  packet(p: RawPacketType): void {
    this.#index++;
    this.#packet = p;
    this.#decoder.packet(p);
    this.#packet = null;
  }

  #selects(payload: Uint8Array, meta: SipPayloadMetaType): boolean {
    if (this.all) return true;
    let hit = false;
    for (const address of [endpoint(meta.src, meta.srcPort), endpoint(meta.dst, meta.dstPort)]) {
      if (this.#devices.has(address)) {
        this.matchedDevices.add(address);
        hit = true;
      }
    }
    const callId = this.#dialogs.size > 0 ? callIdOf(payload) : null;
    if (callId !== null && this.#dialogs.has(callId)) {
      this.matchedDialogs.add(callId);
      hit = true;
    }
    return hit;
  }

  #message(payload: Uint8Array, meta: SipPayloadMetaType, pseudonyms: Pseudonyms, redact: boolean): void {
    if (!this.#selects(payload, meta)) return;
    this.sipMessages++;
    const redacted = redactSipMessage(payload, pseudonyms, redact);
    addRedactions(this.redactions, redacted.counts);
    const runs = changedRuns(payload, redacted.bytes);
    const frame = this.#packet?.data;
    if (meta.tcp !== undefined && meta.fragmented) {
      // A TCP segment in IP fragments: its sequence numbers are in the first fragment only.
      if (runs.length > 0) this.unplaced++;
    } else if (meta.tcp !== undefined) {
      const { flow, seq } = meta.tcp;
      pushTo(this.selectedTcp, flow, { seq, length: payload.length });
      for (const r of runs) pushTo(this.tcpEdits, flow, { at: (seq + r.at) >>> 0, bytes: r.bytes });
    } else if (meta.fragmentKey !== undefined && meta.datagramAt !== undefined) {
      const key = meta.fragmentKey;
      this.selectedFragments.add(key);
      for (const r of runs) pushTo(this.fragmentEdits, key, { at: meta.datagramAt + r.at, bytes: r.bytes });
      // The UDP header sits 8 bytes before the message: the checksum at -2, the sum's words aligned
      // (as for a tunnel's checksums: every header on the way has an even length).
      if (runs.length > 0) {
        const delta = checksumDelta(payload, redacted.bytes);
        this.#fixChecksum(key, meta.datagramAt - 2, delta, !meta.src.includes(':'));
        for (const at of meta.coveringChecksums ?? []) this.#fixChecksum(key, at, delta, false);
      }
    } else if (frame !== undefined && payload.buffer === frame.buffer) {
      const base = payload.byteOffset - frame.byteOffset;
      this.selectedPackets.add(this.#index);
      for (const r of runs) pushTo(this.packetEdits, this.#index, { at: base + r.at, bytes: r.bytes });
    } else if (runs.length > 0) this.unplaced++;
  }

  #fixChecksum(key: string, at: number, delta: number, zeroIsNone: boolean): void {
    let fixes = this.fragmentChecksums.get(key);
    if (fixes === undefined) this.fragmentChecksums.set(key, (fixes = new Map()));
    const known = fixes.get(at);
    let sum = (known?.delta ?? 0) + delta;
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    fixes.set(at, { delta: sum, zeroIsNone });
  }
}
