import { sniffFileKind } from '../../../shared/trace/trace-messages.js';
import { TraceFormatError } from './trace-error.js';

/**
 * Streaming reader of capture files: pcap (both byte orders, µs and ns), the FRITZ!Box "modified"
 * pcap (magic 0xa1b2cd34, 24-byte record headers; Wireshark wiretap/libpcap.h) and pcapng (several
 * sections and interfaces, both byte orders, if_tsresol/if_tsoffset; draft-ietf-opsawg-pcapng).
 * Bytes are pushed in chunks of any size; memory stays at one chunk plus one record. A packet's
 * `data` is a view that is valid only during the callback: whoever keeps it copies it.
 */

export type CaptureFormatType = 'pcap' | 'pcapng' | 'fritzbox';

export interface RawPacketType {
  /** Microseconds since the epoch (fractional for nanosecond captures); NaN when unknown. */
  time: number;
  linkType: number;
  data: Uint8Array;
  origLength: number;
}

/** Records larger than this are damage, not packets (pcap's own maximum snaplen is 256 KiB). */
const MAX_RECORD = 16 * 1024 * 1024;

interface InterfaceType {
  linkType: number;
  /** Timestamp units per second. */
  unitsPerSecond: number;
  offsetSeconds: number;
}

export interface CaptureEndType {
  /** Set when the file ends inside a record: where, and after how many packets. */
  cut: { offset: number; packets: number } | null;
}

export class CaptureReader {
  format: CaptureFormatType | null = null;
  bigEndian = false;
  nanoseconds = false;
  packets = 0;
  /** Bytes consumed before `#buf`. */
  #base = 0;
  #buf: Buffer = Buffer.alloc(0);
  #pos = 0;
  #linkType = 0;
  #interfaces: InterfaceType[] = [];
  #lastTime = Number.NaN;
  readonly #onPacket: (packet: RawPacketType) => void;

  constructor(onPacket: (packet: RawPacketType) => void) {
    this.#onPacket = onPacket;
  }

  /** One packet object, filled anew for each packet: the callback must not keep it (nor `data`). */
  readonly #packet: RawPacketType = { time: 0, linkType: 0, data: new Uint8Array(0), origLength: 0 };

  #emit(time: number, linkType: number, data: Uint8Array, origLength: number): void {
    const p = this.#packet;
    p.time = time;
    p.linkType = linkType;
    p.data = data;
    p.origLength = origLength;
    this.#onPacket(p);
  }

  /** Bytes fully read so far. */
  get offset(): number {
    return this.#base + this.#pos;
  }

  /** Throws TraceFormatError when the bytes are not a capture or a record is damaged. */
  push(chunk: Uint8Array): void {
    let incoming = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    // A record cut by the chunk boundary is completed from just the bytes it needs; the rest of
    // the chunk is read in place (copying every chunk whole cost a sixteenth of the time).
    while (this.#pos < this.#buf.length && incoming.length > 0) {
      const left = this.#buf.subarray(this.#pos);
      const need = this.format === null ? null : this.#unitLength(left);
      let take = need === null ? (this.format === null ? incoming.length : Math.min(incoming.length, 64)) : Math.min(incoming.length, need - left.length);
      if (take <= 0) take = incoming.length; // never loop without progress
      this.#base += this.#pos;
      this.#buf = Buffer.concat([left, incoming.subarray(0, take)]);
      this.#pos = 0;
      incoming = incoming.subarray(take);
      this.#parse();
    }
    if (incoming.length === 0) return;
    this.#base += this.#buf.length;
    this.#buf = incoming;
    this.#pos = 0;
    this.#parse();
  }

  #parse(): void {
    if (this.format === null && !this.#readFileHeader()) return;
    if (this.format === 'pcapng') this.#readBlocks();
    else this.#readRecords();
  }

  /** Bytes of the record or block that starts `left`, or null while its header is incomplete. */
  #unitLength(left: Buffer): number | null {
    if (this.format === 'pcapng') {
      if (left.length < 12) return null;
      let big = this.bigEndian;
      if (left.readUInt32LE(0) === 0x0a0d0d0a) big = left.readUInt32LE(8) === 0x4d3c2b1a;
      const length = big ? left.readUInt32BE(4) : left.readUInt32LE(4);
      return length >= 12 && length <= MAX_RECORD ? length : null;
    }
    const header = this.format === 'fritzbox' ? 24 : 16;
    if (left.length < header) return null;
    const included = this.bigEndian ? left.readUInt32BE(8) : left.readUInt32LE(8);
    return included <= MAX_RECORD ? header + included : null;
  }

  end(): CaptureEndType {
    if (this.format === null) {
      if (this.#base + this.#buf.length === 0) throw new TraceFormatError('empty', 0, 'empty file');
      throw new TraceFormatError('not-a-capture', 0, 'file ends inside the file header');
    }
    const left = this.#buf.length - this.#pos;
    return { cut: left > 0 ? { offset: this.offset, packets: this.packets } : null };
  }

  #u32(at: number): number {
    return this.bigEndian ? this.#buf.readUInt32BE(at) : this.#buf.readUInt32LE(at);
  }

  #u16(at: number): number {
    return this.bigEndian ? this.#buf.readUInt16BE(at) : this.#buf.readUInt16LE(at);
  }

  #readFileHeader(): boolean {
    const b = this.#buf;
    if (b.length < 4) return false;
    const magic = b.readUInt32LE(0);
    if (magic === 0x0a0d0d0a) {
      this.format = 'pcapng';
      return true; // the section header block is read as a block
    }
    const kinds: Record<number, [CaptureFormatType, boolean, boolean]> = {
      0xa1b2c3d4: ['pcap', false, false],
      0xd4c3b2a1: ['pcap', true, false],
      0xa1b23c4d: ['pcap', false, true],
      0x4d3cb2a1: ['pcap', true, true],
      0xa1b2cd34: ['fritzbox', false, false],
      0x34cdb2a1: ['fritzbox', true, false],
    };
    const kind = kinds[magic];
    if (kind === undefined) throw new TraceFormatError('not-a-capture', 0, 'unknown magic', sniffFileKind(b.subarray(0, 512)));
    if (b.length < 24) return false;
    [this.format, this.bigEndian, this.nanoseconds] = kind;
    const major = this.#u16(4);
    if (major !== 2) throw new TraceFormatError('bad-header', 4, `pcap version ${major}`);
    // The upper bits of the link-type field carry FCS information (pcap spec §"LinkType").
    this.#linkType = this.#u32(20) & 0x0fffffff;
    this.#pos = 24;
    return true;
  }

  #readRecords(): void {
    const headerLength = this.format === 'fritzbox' ? 24 : 16;
    const b = this.#buf;
    while (b.length - this.#pos >= headerLength) {
      const at = this.#pos;
      const seconds = this.#u32(at);
      const fraction = this.#u32(at + 4);
      const included = this.#u32(at + 8);
      const original = this.#u32(at + 12);
      if (included > MAX_RECORD) throw new TraceFormatError('too-large', this.offset, `record of ${included} bytes`);
      if (b.length - at - headerLength < included) return;
      const start = at + headerLength;
      this.#pos = start + included;
      this.packets++;
      const time = seconds * 1e6 + (this.nanoseconds ? fraction / 1000 : fraction);
      this.#emit(time, this.#linkType, b.subarray(start, start + included), original);
    }
  }

  #readBlocks(): void {
    const b = this.#buf;
    while (b.length - this.#pos >= 12) {
      const at = this.#pos;
      const type = b.readUInt32LE(at);
      if (type === 0x0a0d0d0a) {
        // A new section may switch byte order: read it from the byte-order magic.
        const order = b.readUInt32LE(at + 8);
        if (order === 0x1a2b3c4d) this.bigEndian = false;
        else if (order === 0x4d3c2b1a) this.bigEndian = true;
        else throw new TraceFormatError('bad-header', this.offset, 'bad byte-order magic');
        this.#interfaces = [];
      }
      const blockType = this.#u32(at);
      const length = this.#u32(at + 4);
      if (length < 12 || length % 4 !== 0) throw new TraceFormatError('bad-block', this.offset, `block length ${length}`);
      if (length > MAX_RECORD) throw new TraceFormatError('too-large', this.offset, `block of ${length} bytes`);
      if (b.length - at < length) return;
      if (this.#u32(at + length - 4) !== length) throw new TraceFormatError('bad-block', this.offset, 'trailing block length differs');
      this.#pos = at + length;
      this.#block(blockType, at, length);
    }
  }

  #block(type: number, at: number, length: number): void {
    const bodyEnd = at + length - 4;
    if (type === 1) {
      if (length < 20) throw new TraceFormatError('bad-block', this.offset, 'short interface block');
      this.#interfaces.push(this.#interfaceOptions(this.#u16(at + 8), at + 16, bodyEnd));
      return;
    }
    if (type === 6 || type === 2) {
      if (length < 32) throw new TraceFormatError('bad-block', this.offset, 'short packet block');
      const id = type === 6 ? this.#u32(at + 8) : this.#u16(at + 8);
      const high = this.#u32(at + 12);
      const low = this.#u32(at + 16);
      const captured = this.#u32(at + 20);
      const original = this.#u32(at + 24);
      if (captured > bodyEnd - (at + 28)) throw new TraceFormatError('bad-block', this.offset, 'packet longer than its block');
      const iface = this.#interfaces[id];
      if (iface === undefined) throw new TraceFormatError('bad-block', this.offset, `packet for undefined interface ${id}`);
      const units = high * 4294967296 + low;
      const time = (units / iface.unitsPerSecond + iface.offsetSeconds) * 1e6;
      this.#lastTime = time;
      this.packets++;
      this.#emit(time, iface.linkType, this.#buf.subarray(at + 28, at + 28 + captured), original);
      return;
    }
    if (type === 3) {
      if (length < 16) throw new TraceFormatError('bad-block', this.offset, 'short simple packet block');
      const iface = this.#interfaces[0];
      if (iface === undefined) throw new TraceFormatError('bad-block', this.offset, 'simple packet without interface');
      const original = this.#u32(at + 8);
      const captured = Math.min(original, bodyEnd - (at + 12));
      this.packets++;
      this.#emit(this.#lastTime, iface.linkType, this.#buf.subarray(at + 12, at + 12 + captured), original);
    }
    // Name resolution, statistics, decryption secrets and custom blocks carry no packets.
  }

  #interfaceOptions(linkType: number, from: number, to: number): InterfaceType {
    const iface: InterfaceType = { linkType, unitsPerSecond: 1e6, offsetSeconds: 0 };
    let at = from;
    while (at + 4 <= to) {
      const code = this.#u16(at);
      const length = this.#u16(at + 2);
      if (code === 0) break;
      if (at + 4 + length > to) throw new TraceFormatError('bad-block', this.offset, 'option runs past its block');
      if (code === 9 && length >= 1) {
        const r = this.#buf[at + 4] ?? 6;
        // MSB clear: 10^-n seconds; set: 2^-n (pcapng §4.2, if_tsresol).
        const exponent = r & 0x7f;
        iface.unitsPerSecond = r & 0x80 ? 2 ** Math.min(exponent, 63) : 10 ** Math.min(exponent, 18);
      } else if (code === 14 && length >= 8) {
        const offset = this.bigEndian ? this.#buf.readBigInt64BE(at + 4) : this.#buf.readBigInt64LE(at + 4);
        iface.offsetSeconds = Number(offset);
      }
      at += 4 + length + ((4 - (length % 4)) % 4);
    }
    return iface;
  }
}

