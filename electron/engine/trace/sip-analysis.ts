import { MAX_DEVICES, MAX_TIMELINE } from '../../../shared/trace/trace-limits.js';
import type { DeviceType, QualifyStateType } from '../../../shared/trace/trace-result.js';
import { endpoint, isPrivateAddress, isPublicAddress } from './ip-address.js';
import { NumberTable } from './number-table.js';
import { NumberColumn, QualifyColumns } from './qualify-columns.js';
import { TransactionQueue } from './transaction-queue.js';
import type { IcmpUnreachableType, SipPayloadMetaType } from './packet-decoder.js';
import type { SipMessageType } from './sip-parse.js';
import { hashAdd, hashNumber, hashValue, lanesFrom } from './sip-hash.js';

/** The key lanes of the message being read (SipMessageType.keyLanes). */
const KEYS = new Int32Array(4);

/**
 * Reads SIP messages in capture order into devices, qualify timelines, registrations and counts.
 * Qualify like Asterisk's chan_sip (FACTS.md): an OPTIONS answered within 2000 ms is OK, later is
 * LAGGED; no answer before the next OPTIONS to the same device, or within 32 s (64 × T1, RFC 3261
 * §17.1.2.2), is UNREACHABLE. Any final answer counts as an answer, as it does for Asterisk.
 * Memory is bounded: transactions are forgotten after 32 s of capture time.
 */

export const LAGGED_MS = 2000;

/** A copy that does not share memory with the message it was cut from (kept per device). */
function flat(text: string): string {
  return Buffer.from(text, 'latin1').toString('latin1');
}

const TRANSACTION_US = 32e6;
/** PendingType.timelineIndex of a probe that becomes a point only if it changes the state. */
const ON_CHANGE = -2;
/**
 * Idle time before a failure that counts as "a quiet period": shorter gaps are ordinary loss;
 * NAT UDP timeouts start at about 20 s in the wild (FACTS.md), so 10 s leaves room below them.
 */
const QUIET_US = 10e6;

interface PendingType {
  txKey: number;
  sent: number;
  timelineIndex: number;
  /** When the device was last heard before this probe left (NaN: never). */
  heardBefore: number;
}

/**
 * A device's unanswered probes, by who sent them (the qualifier; nearly always one). An answered
 * probe's entry is emptied, not deleted: a Map emptied and refilled at every probe reallocates its
 * table each time, and those tables, outliving the young generation, grew the old one with the
 * length of the capture. Emptied entries are dropped once they are most of a large map (a scanner
 * probing from ever new ports).
 */
class PendingProbes {
  readonly #map = new Map<string, PendingType | null>();
  size = 0;

  get(qualifier: string): PendingType | undefined {
    return this.#map.get(qualifier) ?? undefined;
  }

  set(qualifier: string, probe: PendingType): void {
    if ((this.#map.get(qualifier) ?? null) === null) this.size++;
    this.#map.set(qualifier, probe);
  }

  delete(qualifier: string): void {
    if ((this.#map.get(qualifier) ?? null) === null) return;
    this.size--;
    this.#map.set(qualifier, null);
    if (this.#map.size > 64 && this.size * 2 < this.#map.size) for (const [q, probe] of this.#map) if (probe === null) this.#map.delete(q);
  }
}

export interface DeviceStateType {
  address: string;
  transport: 'udp' | 'tcp';
  name: string | undefined;
  userAgent: string | undefined;
  ok: number;
  lagged: number;
  unreachable: number;
  rtts: NumberColumn;
  timeline: QualifyColumns;
  pending: PendingProbes;
  lastHeard: number;
  lastQualifyState: QualifyStateType | null;
  /** A failure after a quiet period, waiting for a re-register and an answer to confirm it. */
  suspect: { at: number; idle: number; registered: boolean } | null;
  natExpiry: DeviceType['natExpiry'];
  reg: { requests: number; successes: number; challenges: number; failures: number; run: number; authLoops: number; expires: number | null; lastSuccess: number; intervals: NumberColumn; gaps: number };
}

interface TransactionType {
  device: DeviceStateType;
  qualifier: string;
  sent: number;
  method: string;
  expires: number | null;
}

export class SipAnalysis {
  sipMessages = 0;
  readonly requests = new Map<string, number>();
  readonly responseCodes = new Map<number, number>();
  /**
   * Every dialog, kept as a 52-bit hash of its Call-ID: a number per dialog instead of a string
   * that would hold on to its message's header text (a million dialogs stay a few tens of MB).
   */
  readonly dialogs = new NumberTable(4096, { values: false });
  retransmittedRequests = 0;
  retransmittedResponses = 0;
  fragmentedSip = 0;
  devicesDropped = 0;
  /** Messages from a public address carrying a private one (Via, Contact, SDP). */
  privateFromPublic = { count: 0, example: '' };
  /** SDP whose `o=` is private while `c=` is public: something rewrote `c=`. */
  rewrittenSdp = { count: 0, example: '' };
  readonly devices = new Map<string, DeviceStateType>();
  /**
   * Keyed by 52-bit hashes, not strings: a key made of the Call-ID would keep its message's whole
   * header text alive for the 32 s a transaction is remembered (old-space growth with the file).
   */
  readonly #transactions = new TransactionQueue<TransactionType>();
  /**
   * Messages seen in the last 32 to 64 s, in two generations that swap every 32 s of capture time:
   * a lookup asks both, an insert goes to the newer, and forgetting is dropping the older map.
   */
  #seen = new NumberTable();
  #seenBefore = new NumberTable();
  #seenSince = Number.NaN;
  readonly #sipEndpoints = new Set<string>();
  readonly #icmp: IcmpUnreachableType[] = [];
  #now = 0;
  #sinceSweep = 0;

  readonly #timelines: boolean;

  /** `timelines`: record each device's qualify timeline (the CLI, which prints none, does not). */
  constructor(timelines = true) {
    this.#timelines = timelines;
  }

  message(m: SipMessageType, meta: SipPayloadMetaType): void {
    this.sipMessages++;
    this.#now = meta.time;
    if (meta.fragmented) this.fragmentedSip++;
    const src = endpoint(meta.src, meta.srcPort);
    if (this.#sipEndpoints.size < 10_000) {
      this.#sipEndpoints.add(src);
      this.#sipEndpoints.add(endpoint(meta.dst, meta.dstPort));
    }
    // Call-ID, then CSeq, method and branch, hashed by the parser on the bytes: no text of them
    // is made for the keys.
    m.keyLanes(KEYS, 0);
    lanesFrom(KEYS, 0);
    this.dialogs.set(hashValue(), 1);
    this.#checkAddresses(m, meta.src, src);
    const heard = this.devices.get(src);
    if (heard !== undefined) heard.lastHeard = meta.time;
    if (++this.#sinceSweep >= 256) this.#sweep();
    lanesFrom(KEYS, 2);
    const txKey = hashValue();
    // The same request or response seen again from the same sender: a retransmission.
    hashNumber(m.status);
    hashAdd(src);
    const seenKey = hashValue();
    if (!(meta.time - this.#seenSince <= TRANSACTION_US)) {
      const older = this.#seenBefore;
      older.clear();
      this.#seenBefore = this.#seen;
      this.#seen = older;
      this.#seenSince = meta.time;
    }
    const again = this.#seen.get(seenKey) ?? this.#seenBefore.get(seenKey);
    this.#seen.set(seenKey, meta.time);
    if (m.isRequest) {
      this.requests.set(m.method, (this.requests.get(m.method) ?? 0) + 1);
      if (again !== undefined && meta.time - again < TRANSACTION_US) {
        this.retransmittedRequests++;
        return;
      }
      if (m.method === 'OPTIONS') this.#options(txKey, m, src, endpoint(meta.dst, meta.dstPort), meta);
      else if (m.method === 'REGISTER') this.#register(txKey, m, src, meta);
      return;
    }
    this.responseCodes.set(m.status, (this.responseCodes.get(m.status) ?? 0) + 1);
    if (again !== undefined && meta.time - again < TRANSACTION_US) {
      this.retransmittedResponses++;
      return;
    }
    if (m.status < 200) return;
    const tx = this.#transactions.get(txKey);
    if (tx === undefined) return;
    this.#transactions.delete(txKey);
    if (tx.method === 'OPTIONS') this.#answered(tx, txKey, meta.time);
    else this.#registerAnswer(tx, m, meta.time);
  }

  icmp(event: IcmpUnreachableType): void {
    if (this.#icmp.length < 1000) this.#icmp.push(event);
  }

  /** ICMP errors that answered a datagram of a SIP conversation. */
  icmpAnsweringSip(): number {
    return this.#icmp.filter((e) => this.#sipEndpoints.has(endpoint(e.dst, e.dstPort)) || this.#sipEndpoints.has(endpoint(e.src, e.srcPort)) || e.dstPort === 5060 || e.dstPort === 5061).length;
  }

  #device(address: string, transport: 'udp' | 'tcp'): DeviceStateType | null {
    let d = this.devices.get(address);
    if (d !== undefined) return d;
    if (this.devices.size >= MAX_DEVICES) {
      this.devicesDropped++;
      return null;
    }
    d = {
      address, transport, name: undefined, userAgent: undefined, ok: 0, lagged: 0, unreachable: 0, rtts: new NumberColumn(), timeline: new QualifyColumns(),
      pending: new PendingProbes(), lastHeard: Number.NaN, lastQualifyState: null, suspect: null, natExpiry: null,
      reg: { requests: 0, successes: 0, challenges: 0, failures: 0, run: 0, authLoops: 0, expires: null, lastSuccess: Number.NaN, intervals: new NumberColumn(), gaps: 0 },
    };
    this.devices.set(address, d);
    return d;
  }

  #options(txKey: number, m: SipMessageType, src: string, dst: string, meta: SipPayloadMetaType): void {
    const device = this.#device(dst, meta.transport);
    if (device === null) return;
    if (device.name === undefined && m.requestUser !== null) device.name = flat(m.requestUser);
    // An earlier probe from the same qualifier still unanswered: Asterisk would have given up.
    const previous = device.pending.get(src);
    if (previous !== undefined) this.#decide(device, src, previous, 'unreachable', null);
    const index = this.#point(device, meta.time, 'ok', null);
    device.pending.set(src, { txKey, sent: meta.time, timelineIndex: index, heardBefore: device.lastHeard });
    this.#transactions.set(txKey, { device, qualifier: src, sent: meta.time, method: 'OPTIONS', expires: null }, meta.time);
  }

  #answered(tx: TransactionType, txKey: number, time: number): void {
    const pending = tx.device.pending.get(tx.qualifier);
    if (pending === undefined || pending.txKey !== txKey) return; // too late: already counted unreachable
    const rtt = (time - tx.sent) / 1000;
    if (time - tx.sent > TRANSACTION_US) this.#decide(tx.device, tx.qualifier, pending, 'unreachable', null);
    else this.#decide(tx.device, tx.qualifier, pending, rtt > LAGGED_MS ? 'lagged' : 'ok', rtt);
  }

  #decide(device: DeviceStateType, qualifier: string, pending: PendingType, state: QualifyStateType, rtt: number | null): void {
    device.pending.delete(qualifier);
    this.#transactions.delete(pending.txKey);
    device[state]++;
    if (rtt !== null && device.rtts.length < 100_000) device.rtts.push(rtt);
    const rttMs = rtt === null ? null : Math.round(rtt * 10) / 10;
    if (pending.timelineIndex >= 0) device.timeline.set(pending.timelineIndex, state, rttMs);
    else if (pending.timelineIndex === ON_CHANGE && state !== device.lastQualifyState && device.timeline.length < MAX_TIMELINE) device.timeline.push(pending.sent / 1000, state, rttMs);
    this.#natPattern(device, pending, state);
    device.lastQualifyState = state;
  }

  /**
   * A point for a probe while the timeline is short (its index; decided with the answer). From
   * half of MAX_TIMELINE on, ON_CHANGE: the probe becomes a point when it is decided, and only if
   * its state differs from the probe before (a week of a steady phone stays readable, and its one
   * LAGGED hour is still there). -1: the timeline is full.
   */
  #point(device: DeviceStateType, time: number, state: QualifyStateType, rtt: number | null): number {
    if (!this.#timelines || device.timeline.length >= MAX_TIMELINE) return -1;
    if (device.timeline.length >= MAX_TIMELINE / 2) return ON_CHANGE;
    return device.timeline.push(time / 1000, state, rtt);
  }

  /** Stops answering after a quiet period, answers again after re-registering: the NAT forgot it. */
  #natPattern(device: DeviceStateType, pending: PendingType, state: QualifyStateType): void {
    const sent = pending.sent;
    if (state === 'unreachable') {
      const idle = sent - pending.heardBefore;
      // The probe is decided only at the next one, which may come after the device re-registered.
      if (device.suspect === null && device.lastQualifyState !== 'unreachable' && idle >= QUIET_US) device.suspect = { at: sent, idle, registered: device.reg.lastSuccess > sent };
      return;
    }
    if (device.suspect !== null && device.suspect.registered) {
      const idleSeconds = Math.round(device.suspect.idle / 1e5) / 10;
      if (device.natExpiry === null || idleSeconds < device.natExpiry.idleSeconds) device.natExpiry = { idleSeconds, at: device.suspect.at / 1000, recoveredAfterRegister: true };
    }
    device.suspect = null;
  }

  #register(txKey: number, m: SipMessageType, src: string, meta: SipPayloadMetaType): void {
    const device = this.#device(src, meta.transport);
    if (device === null) return;
    if (device.name === undefined && (m.fromUser ?? m.toUser) !== null) device.name = flat(m.fromUser ?? m.toUser ?? '');
    if (device.userAgent === undefined && m.userAgent !== null) device.userAgent = flat(m.userAgent);
    device.reg.requests++;
    this.#transactions.set(txKey, { device, qualifier: '', sent: meta.time, method: 'REGISTER', expires: m.expires }, meta.time);
  }

  #registerAnswer(tx: TransactionType, m: SipMessageType, time: number): void {
    const reg = tx.device.reg;
    if (m.status >= 200 && m.status < 300) {
      reg.successes++;
      reg.run = 0;
      const expires = m.expires ?? tx.expires;
      if (!Number.isNaN(reg.lastSuccess) && expires !== 0) {
        const interval = (time - reg.lastSuccess) / 1e6;
        if (reg.intervals.length < 10_000) reg.intervals.push(interval);
        // Renewed only after the last registration ran out (with RFC 3261's usual margin).
        if (reg.expires !== null && reg.expires > 0 && interval > reg.expires + 5) reg.gaps++;
      }
      if (expires !== null) reg.expires = expires;
      reg.lastSuccess = time;
      if (tx.device.suspect !== null) tx.device.suspect.registered = true;
      return;
    }
    if (m.status === 401 || m.status === 407) reg.challenges++;
    else reg.failures++;
    reg.run++;
    if (reg.run === 3) reg.authLoops++;
  }

  #checkAddresses(m: SipMessageType, srcIp: string, src: string): void {
    if (!isPublicAddress(srcIp)) return;
    // A response's top Via is its requester's, not the sender's: only a request's Via counts. A
    // registrar's answer to REGISTER lists the phone's bindings as Contact, not its own address.
    const via = m.isRequest ? m.viaHost : '';
    const contact = !m.isRequest && m.method === 'REGISTER' ? null : m.contactHost;
    const sdp = m.sdpConnection;
    const privateHost = (via !== '' && isPrivateAddress(via)) || (contact !== null && isPrivateAddress(contact)) || (sdp !== null && isPrivateAddress(sdp));
    if (privateHost) {
      this.privateFromPublic.count++;
      this.privateFromPublic.example ||= src;
    }
    const origin = sdp === null ? null : m.sdpOrigin;
    if (origin !== null && sdp !== null && isPrivateAddress(origin) && isPublicAddress(sdp)) {
      this.rewrittenSdp.count++;
      this.rewrittenSdp.example ||= src;
    }
  }

  /** Forgets what is older than a transaction and times out unanswered probes (32 s). */
  #sweep(): void {
    this.#sinceSweep = 0;
    for (let old = this.#transactions.shiftOpenedBefore(this.#now - TRANSACTION_US); old !== undefined; old = this.#transactions.shiftOpenedBefore(this.#now - TRANSACTION_US)) {
      const { key, value: tx } = old;
      const pending = tx.device.pending.get(tx.qualifier);
      if (tx.method === 'OPTIONS' && pending !== undefined && pending.txKey === key) this.#decide(tx.device, tx.qualifier, pending, 'unreachable', null);
    }
  }

  /** At the end: probes older than 32 s are UNREACHABLE; younger ones stay undecided. */
  finish(lastTime: number): number {
    this.#now = lastTime;
    this.#sweep();
    let pending = 0;
    for (const d of this.devices.values()) pending += d.pending.size;
    return pending;
  }
}
