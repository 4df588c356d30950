import { DIALOG_STATES, type DialogStateType } from '../../../../shared/trace/ladder.js';
import { CaptureReader } from '../capture-reader.js';
import { endpoint } from '../ip-address.js';
import { PacketDecoder, type SipPayloadMetaType } from '../packet-decoder.js';
import { parseSip, type SipMessageType } from '../sip-parse.js';
import { TraceFormatError } from '../trace-error.js';
import { Column, Interner } from './columns.js';

/**
 * The ladder's index of a capture (issue 8 §2), as a push parser like CaptureAnalysis but a pass
 * of its own, so `analyze` keeps its speed: every SIP message as a row of numbers (time, parties,
 * method/code, CSeq, dialog, where its bytes are), dialogs by Call-ID with sngrep's states. The
 * message bytes go to `store` (a side file) and are read back one at a time when shown; the
 * index itself never holds a message's text.
 */

export const MAX_DIALOGS = 1_000_000;
export const MAX_MESSAGES = 10_000_000;
/** How long a message is remembered to mark its retransmissions: RFC 3261 timer B/F (64·T1). */
const RETRANSMIT_WINDOW_US = 32e6;

export const FLAG_REQUEST = 1;
export const FLAG_TCP = 2;
export const FLAG_RETRANSMISSION = 4;

const state = (s: DialogStateType) => DIALOG_STATES.indexOf(s);
const S = {
  calling: state('calling'),
  ringing: state('ringing'),
  inCall: state('in-call'),
  completed: state('completed'),
  cancelled: state('cancelled'),
  rejected: state('rejected'),
  busy: state('busy'),
  diverted: state('diverted'),
  failed: state('failed'),
  noAnswer: state('no-answer'),
};

export interface LadderDataType {
  parties: string[];
  methods: string[];
  dialogs: {
    callId: string[];
    from: string[];
    to: string[];
    codes: number[][];
    method: Uint16Array;
    state: Uint8Array;
    start: Float64Array;
    end: Float64Array;
    count: Uint32Array;
    retransmissions: Uint32Array;
    src: Uint32Array;
    dst: Uint32Array;
  };
  messages: {
    time: Float64Array;
    offset: Float64Array;
    length: Uint32Array;
    dialog: Uint32Array;
    src: Uint32Array;
    dst: Uint32Array;
    status: Uint16Array;
    method: Uint16Array;
    cseq: Uint32Array;
    flags: Uint8Array;
  };
  skipped: number;
  dropped: number;
  stoppedAt: number | null;
}

/** A header's URI without scheme and parameters: `"Anna" <sip:100@pbx;transport=tcp>;tag=1` → `100@pbx`. */
export function uriOf(header: string): string {
  const angle = /<([^>]*)>/.exec(header);
  const uri = angle ? (angle[1] ?? '') : (header.split(';')[0] ?? '');
  return uri.trim().replace(/^(sips?|tel):/i, '').split(';')[0]!.slice(0, 256);
}

function headerOf(m: SipMessageType, name: 'from' | 'to'): string {
  const value = (m as unknown as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

export class LadderIndexer {
  readonly #parties = new Interner();
  readonly #methods = new Interner();
  readonly #dialogIds = new Map<string, number>();
  readonly #partyIds = new Map<string, Map<number, number>>();
  readonly #d = {
    callId: [] as string[],
    from: [] as string[],
    to: [] as string[],
    codes: [] as number[][],
    method: new Column(Uint16Array),
    state: new Column(Uint8Array),
    start: new Column(Float64Array),
    end: new Column(Float64Array),
    count: new Column(Uint32Array),
    retransmissions: new Column(Uint32Array),
    src: new Column(Uint32Array),
    dst: new Column(Uint32Array),
  };
  readonly #m = {
    time: new Column(Float64Array, 4096),
    offset: new Column(Float64Array, 4096),
    length: new Column(Uint32Array, 4096),
    dialog: new Column(Uint32Array, 4096),
    src: new Column(Uint32Array, 4096),
    dst: new Column(Uint32Array, 4096),
    status: new Column(Uint16Array, 4096),
    method: new Column(Uint16Array, 4096),
    cseq: new Column(Uint32Array, 4096),
    flags: new Column(Uint8Array, 4096),
  };
  /** Keys of recent messages in two generations of RETRANSMIT_WINDOW_US: bounded however long the capture. */
  #recent = new Set<string>();
  #older = new Set<string>();
  #generationStart = Number.NaN;
  #skipped = 0;
  #dropped = 0;
  #stoppedAt: number | null = null;
  readonly #reader: CaptureReader;
  readonly #store: (bytes: Uint8Array) => number;

  /** `store` keeps a message's bytes and answers where (an offset into the side file). */
  constructor(store: (bytes: Uint8Array) => number) {
    this.#store = store;
    const decoder = new PacketDecoder({
      sip: (payload, meta) => this.#message(payload, meta),
      icmp() {},
    });
    this.#reader = new CaptureReader((p) => decoder.packet(p));
  }

  /** False once reading stopped at damage; throws TraceFormatError when it is no capture at all. */
  push(chunk: Uint8Array): boolean {
    if (this.#stoppedAt !== null) return false;
    try {
      this.#reader.push(chunk);
      return true;
    } catch (error) {
      if (!(error instanceof TraceFormatError) || this.#reader.format === null || this.#reader.packets === 0) throw error;
      this.#stoppedAt = this.#reader.offset;
      return false;
    }
  }

  get messages(): number {
    return this.#m.time.length;
  }

  #message(payload: Uint8Array, meta: SipPayloadMetaType): void {
    let m: SipMessageType;
    try {
      m = parseSip(payload);
    } catch (error) {
      if (!(error instanceof TraceFormatError)) throw error;
      if (error.code !== 'not-sip') this.#skipped++;
      return;
    }
    const src = this.#party(meta.src, meta.srcPort);
    const dst = this.#party(meta.dst, meta.dstPort);
    const method = this.#methods.id(m.method.slice(0, 32));
    let dialog = this.#dialogIds.get(m.callId);
    if (dialog === undefined) {
      if (this.#d.callId.length >= MAX_DIALOGS || this.messages >= MAX_MESSAGES) {
        this.#dropped++;
        return;
      }
      dialog = this.#newDialog(m, meta.time, method, src, dst);
    } else if (this.messages >= MAX_MESSAGES) {
      this.#dropped++;
      return;
    }
    const retransmission = this.#seen(m, meta.time, src, dst, payload.byteLength);
    const mm = this.#m;
    mm.time.push(meta.time);
    mm.offset.push(this.#store(payload));
    mm.length.push(payload.byteLength);
    mm.dialog.push(dialog);
    mm.src.push(src);
    mm.dst.push(dst);
    mm.status.push(m.status);
    mm.method.push(method);
    mm.cseq.push(Math.min(m.cseq, 0xffffffff));
    mm.flags.push((m.isRequest ? FLAG_REQUEST : 0) | (meta.transport === 'tcp' ? FLAG_TCP : 0) | (retransmission ? FLAG_RETRANSMISSION : 0));
    const d = this.#d;
    d.count.set(dialog, d.count.get(dialog) + 1);
    if (meta.time > d.end.get(dialog)) d.end.set(dialog, meta.time);
    if (retransmission) {
      d.retransmissions.set(dialog, d.retransmissions.get(dialog) + 1);
      return;
    }
    if (!m.isRequest) {
      const codes = d.codes[dialog]!;
      if (!codes.includes(m.status) && codes.length < 64) {
        codes.push(m.status);
        codes.sort((a, b) => a - b);
      }
    }
    d.state.set(dialog, nextState(d.state.get(dialog), this.#methods.values[d.method.get(dialog)] === 'INVITE', m));
  }

  #newDialog(m: SipMessageType, time: number, method: number, src: number, dst: number): number {
    const d = this.#d;
    const id = d.callId.length;
    this.#dialogIds.set(m.callId, id);
    d.callId.push(m.callId);
    d.from.push(uriOf(headerOf(m, 'from')));
    d.to.push(uriOf(headerOf(m, 'to')));
    d.codes.push([]);
    // A dialog first seen by a response (the capture started late) is named by its CSeq method.
    d.method.push(method);
    d.state.push(m.method === 'INVITE' ? S.calling : S.noAnswer);
    d.start.push(time);
    d.end.push(time);
    d.count.push(0);
    d.retransmissions.push(0);
    d.src.push(src);
    d.dst.push(dst);
    return id;
  }

  /** The number of an `IP:PORT`, without making its text again for every message. */
  #party(ip: string, port: number): number {
    let ports = this.#partyIds.get(ip);
    if (ports === undefined) {
      ports = new Map();
      this.#partyIds.set(ip, ports);
    }
    let id = ports.get(port);
    if (id === undefined) {
      id = this.#parties.id(endpoint(ip, port));
      ports.set(port, id);
    }
    return id;
  }

  /** Has this very message (same transaction, direction, code and size) been seen within 32 s? */
  #seen(m: SipMessageType, time: number, src: number, dst: number, length: number): boolean {
    if (!(time - this.#generationStart < RETRANSMIT_WINDOW_US)) {
      this.#older = this.#recent;
      this.#recent = new Set();
      this.#generationStart = time;
    }
    // The branch names the transaction (RFC 3261 §8.1.1.7); the Call-ID only where it is missing.
    const key = `${m.branch === '' ? m.callId : m.branch} ${m.cseq} ${m.method} ${m.status} ${src} ${dst} ${length}`;
    if (this.#recent.has(key) || this.#older.has(key)) return true;
    this.#recent.add(key);
    return false;
  }

  finish(): LadderDataType {
    if (this.#stoppedAt === null) {
      const end = this.#reader.end();
      if (end.cut !== null) this.#stoppedAt = end.cut.offset;
    }
    const d = this.#d;
    const m = this.#m;
    return {
      parties: this.#parties.values,
      methods: this.#methods.values,
      dialogs: {
        callId: d.callId,
        from: d.from,
        to: d.to,
        codes: d.codes,
        method: d.method.view(),
        state: d.state.view(),
        start: d.start.view(),
        end: d.end.view(),
        count: d.count.view(),
        retransmissions: d.retransmissions.view(),
        src: d.src.view(),
        dst: d.dst.view(),
      },
      messages: {
        time: m.time.view(),
        offset: m.offset.view(),
        length: m.length.view(),
        dialog: m.dialog.view(),
        src: m.src.view(),
        dst: m.dst.view(),
        status: m.status.view(),
        method: m.method.view(),
        cseq: m.cseq.view(),
        flags: m.flags.view(),
      },
      skipped: this.#skipped,
      dropped: this.#dropped,
      stoppedAt: this.#stoppedAt,
    };
  }
}

/**
 * A dialog's next state after one (not retransmitted) message, as sngrep's call states go
 * (irontec/sngrep sip_call.c): for INVITE dialogs the final answer to the first INVITE decides,
 * later re-INVITEs and their answers leave an established call alone; BYE ends it, CANCEL cancels
 * a call not yet answered. A digest challenge (401/407) is not an end: the request follows again.
 */
export function nextState(current: number, invite: boolean, m: SipMessageType): number {
  if (!invite) {
    if (m.isRequest || m.status < 200 || m.status === 401 || m.status === 407) return current;
    if (current === S.completed || current === S.failed) return current;
    return m.status < 300 ? S.completed : S.failed;
  }
  const open = current === S.calling || current === S.ringing;
  if (m.isRequest) {
    if (m.method === 'CANCEL' && open) return S.cancelled;
    if (m.method === 'BYE' && (open || current === S.inCall)) return S.completed;
    return current;
  }
  if (m.method !== 'INVITE' || !open) return current;
  const c = m.status;
  if (c < 200) return c === 180 || c === 183 ? S.ringing : current;
  if (c < 300) return S.inCall;
  if (c < 400) return S.diverted;
  if (c === 401 || c === 407) return S.calling;
  if (c === 487) return S.cancelled;
  if (c === 486 || c === 600) return S.busy;
  return S.rejected;
}
