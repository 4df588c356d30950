import { open } from 'node:fs/promises';
import { DIALOG_STATES, type DialogPageType, type DialogRowType, type DialogSortType, type LadderMessageType, type LadderPageType, type LadderSummaryType, type SipMessageWholeType } from '../../../../shared/trace/ladder.js';
import { FLAG_REQUEST, FLAG_RETRANSMISSION, FLAG_TCP, type LadderDataType } from './ladder-indexer.js';
import { splitSipMessage } from './sip-message-text.js';

/**
 * Pages of a loaded ladder index: the dialog list sorted and filtered (the last order and filter
 * are kept, so scrolling through 100 000 dialogs sorts once), a dialog's or device's messages, and
 * one message read whole from the side file.
 */
export class LadderIndex {
  readonly #d: LadderDataType['dialogs'];
  readonly #m: LadderDataType['messages'];
  readonly #data: LadderDataType;
  readonly #messagesPath: string;
  #order: { key: string; ids: Uint32Array } | null = null;
  /** Messages per dialog (counting sort by dialog): start of each dialog's run in `#byDialog`. */
  #dialogStart: Uint32Array | null = null;
  #byDialog: Uint32Array | null = null;
  #device: { address: string; ids: Uint32Array; parties: string[] } | null = null;

  constructor(data: LadderDataType, messagesPath: string) {
    this.#data = data;
    this.#d = data.dialogs;
    this.#m = data.messages;
    this.#messagesPath = messagesPath;
  }

  get summary(): LadderSummaryType {
    return { dialogs: this.#d.callId.length, messages: this.#m.time.length, skipped: this.#data.skipped, stoppedAt: this.#data.stoppedAt, dropped: this.#data.dropped };
  }

  row(id: number): DialogRowType {
    const d = this.#d;
    return {
      id,
      callId: d.callId[id] ?? '',
      from: d.from[id] ?? '',
      to: d.to[id] ?? '',
      method: this.#data.methods[d.method[id] ?? 0] ?? '',
      state: DIALOG_STATES[d.state[id] ?? 0] ?? 'no-answer',
      start: (d.start[id] ?? 0) / 1000,
      durationMs: ((d.end[id] ?? 0) - (d.start[id] ?? 0)) / 1000,
      codes: d.codes[id] ?? [],
      messages: d.count[id] ?? 0,
      retransmissions: d.retransmissions[id] ?? 0,
      src: this.#data.parties[d.src[id] ?? 0] ?? '',
      dst: this.#data.parties[d.dst[id] ?? 0] ?? '',
    };
  }

  dialogPage(r: { offset: number; limit: number; sort: DialogSortType; descending: boolean; filter: string }): DialogPageType {
    const ids = this.#ordered(r.sort, r.descending, r.filter.trim().toLowerCase());
    const rows: DialogRowType[] = [];
    for (let i = r.offset; i < Math.min(ids.length, r.offset + r.limit); i++) rows.push(this.row(ids[i]!));
    return { summary: this.summary, total: ids.length, offset: r.offset, dialogs: rows };
  }

  #ordered(sort: DialogSortType, descending: boolean, filter: string): Uint32Array {
    const key = `${sort}\u0001${descending}\u0001${filter}`;
    if (this.#order?.key === key) return this.#order.ids;
    const d = this.#d;
    const n = d.callId.length;
    let ids: number[] = [];
    if (filter === '') ids = Array.from({ length: n }, (_, i) => i);
    else
      for (let i = 0; i < n; i++) {
        const method = this.#data.methods[d.method[i] ?? 0] ?? '';
        if ((d.from[i] ?? '').toLowerCase().includes(filter) || (d.to[i] ?? '').toLowerCase().includes(filter) || (d.callId[i] ?? '').toLowerCase().includes(filter) || method.toLowerCase().includes(filter)) ids.push(i);
      }
    if (sort !== 'time' || descending) {
      const compare = this.#comparator(sort);
      const sign = descending ? -1 : 1;
      // Ties by first message (the id), so the order is stable whichever way it is sorted.
      ids.sort((a, b) => sign * compare(a, b) || a - b);
    }
    this.#order = { key, ids: Uint32Array.from(ids) };
    return this.#order.ids;
  }

  #comparator(sort: DialogSortType): (a: number, b: number) => number {
    const d = this.#d;
    const text = (values: string[]) => (a: number, b: number) => {
      const x = values[a] ?? '';
      const y = values[b] ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const methods = this.#data.methods;
    switch (sort) {
      case 'time':
        return (a, b) => (d.start[a] ?? 0) - (d.start[b] ?? 0);
      case 'from':
        return text(d.from);
      case 'to':
        return text(d.to);
      case 'method':
        return (a, b) => {
          const x = methods[d.method[a] ?? 0] ?? '';
          const y = methods[d.method[b] ?? 0] ?? '';
          return x < y ? -1 : x > y ? 1 : 0;
        };
      case 'state':
        return (a, b) => (d.state[a] ?? 0) - (d.state[b] ?? 0);
      case 'duration':
        return (a, b) => (d.end[a] ?? 0) - (d.start[a] ?? 0) - ((d.end[b] ?? 0) - (d.start[b] ?? 0));
    }
  }

  /** Message ids of one dialog, in capture order; null for an unknown dialog. */
  #dialogMessages(dialog: number): Uint32Array | null {
    const n = this.#d.callId.length;
    if (dialog >= n) return null;
    if (this.#dialogStart === null || this.#byDialog === null) {
      const start = new Uint32Array(n + 1);
      const of = this.#m.dialog;
      for (let i = 0; i < of.length; i++) start[(of[i] ?? 0) + 1]!++;
      for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
      const fill = start.slice(0, n);
      const by = new Uint32Array(of.length);
      for (let i = 0; i < of.length; i++) by[fill[of[i] ?? 0]!++] = i;
      this.#dialogStart = start;
      this.#byDialog = by;
    }
    return this.#byDialog.subarray(this.#dialogStart[dialog], this.#dialogStart[dialog + 1]);
  }

  /** Message ids sent or received by one `IP:PORT`; null when the capture has no such party. */
  #deviceMessages(address: string): { ids: Uint32Array; parties: string[] } | null {
    if (this.#device?.address === address) return this.#device;
    const party = this.#data.parties.indexOf(address);
    if (party < 0) return null;
    const { src, dst } = this.#m;
    const ids: number[] = [];
    for (let i = 0; i < src.length; i++) if (src[i] === party || dst[i] === party) ids.push(i);
    const list = Uint32Array.from(ids);
    this.#device = { address, ids: list, parties: this.#parties(list, party) };
    return this.#device;
  }

  /** The columns of a ladder: its parties in order of first appearance (the device first). */
  #parties(ids: Uint32Array, first = -1): string[] {
    const seen: number[] = first >= 0 ? [first] : [];
    for (const i of ids) {
      for (const p of [this.#m.src[i] ?? 0, this.#m.dst[i] ?? 0]) if (!seen.includes(p)) seen.push(p);
      if (seen.length >= 200) break;
    }
    return seen.map((p) => this.#data.parties[p] ?? '');
  }

  ladder(r: { dialog?: number | undefined; device?: string | undefined; offset: number; limit: number }): LadderPageType | null {
    let ids: Uint32Array;
    let parties: string[];
    if (r.dialog !== undefined) {
      const found = this.#dialogMessages(r.dialog);
      if (found === null) return null;
      ids = found;
      parties = this.#parties(ids);
    } else {
      const found = this.#deviceMessages(r.device ?? '');
      if (found === null) return null;
      ({ ids, parties } = found);
    }
    const messages: LadderMessageType[] = [];
    for (let k = r.offset; k < Math.min(ids.length, r.offset + r.limit); k++) {
      const id = ids[k]!;
      const previous = k > 0 ? ids[k - 1]! : id;
      messages.push(this.message(id, Math.max(0, ((this.#m.time[id] ?? 0) - (this.#m.time[previous] ?? 0)) / 1000)));
    }
    return { parties, total: ids.length, offset: r.offset, messages };
  }

  get messageCount(): number {
    return this.#m.time.length;
  }

  message(id: number, deltaMs = 0): LadderMessageType {
    const m = this.#m;
    const flags = m.flags[id] ?? 0;
    return {
      id,
      time: (m.time[id] ?? 0) / 1000,
      deltaMs,
      src: this.#data.parties[m.src[id] ?? 0] ?? '',
      dst: this.#data.parties[m.dst[id] ?? 0] ?? '',
      transport: (flags & FLAG_TCP) !== 0 ? 'tcp' : 'udp',
      isRequest: (flags & FLAG_REQUEST) !== 0,
      method: this.#data.methods[m.method[id] ?? 0] ?? '',
      status: m.status[id] ?? 0,
      cseq: m.cseq[id] ?? 0,
      retransmission: (flags & FLAG_RETRANSMISSION) !== 0,
      callId: this.#d.callId[m.dialog[id] ?? 0] ?? '',
      bytes: m.length[id] ?? 0,
    };
  }

  /** One message whole, read from the side file; null for an unknown id. */
  async whole(id: number): Promise<SipMessageWholeType | null> {
    if (id >= this.#m.time.length) return null;
    const length = Math.min(this.#m.length[id] ?? 0, 256 * 1024);
    const bytes = Buffer.alloc(length);
    const handle = await open(this.#messagesPath, 'r');
    try {
      await handle.read(bytes, 0, length, this.#m.offset[id] ?? 0);
    } finally {
      await handle.close();
    }
    return { message: this.message(id), ...splitSipMessage(bytes) };
  }
}
