/**
 * Writes pcapng (draft-ietf-opsawg-pcapng), little-endian, one section: a Section Header Block
 * with a comment (the case), one Interface Description Block per link type (nanosecond
 * timestamps, `if_tsresol` = 9), Enhanced Packet Blocks. Interfaces are described when their
 * first packet comes, which the format allows (an IDB only has to precede the packets naming it).
 * Pure encoding: the caller writes the buffers where it wants (file, ring buffer, test).
 */

const SHB = 0x0a0d0d0a;
const IDB = 0x00000001;
const EPB = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const OPT_END = 0;
const OPT_COMMENT = 1;
const SHB_HARDWARE = 2;
const SHB_OS = 3;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;

/** pcap's usual maximum; a packet larger than this is written cut, with its original length. */
export const PCAPNG_SNAPLEN = 262_144;

export interface SectionOptionsType {
  /** Free text, e.g. which case the trace belongs to. */
  comment?: string;
  application?: string;
  os?: string;
  hardware?: string;
}

export interface InterfaceOptionsType {
  linkType: number;
  name?: string;
  description?: string;
}

type OptionType = [code: number, value: Uint8Array];

const pad4 = (n: number): number => (n + 3) & ~3;

function textOption(code: number, text: string | undefined): OptionType[] {
  return text === undefined || text === '' ? [] : [[code, Buffer.from(text, 'utf8')]];
}

function optionsLength(options: OptionType[]): number {
  if (options.length === 0) return 0;
  return options.reduce((sum, [, v]) => sum + 4 + pad4(v.length), 0) + 4;
}

function writeOptions(buf: Buffer, at: number, options: OptionType[]): number {
  if (options.length === 0) return at;
  for (const [code, value] of options) {
    if (value.length > 0xffff) throw new RangeError('pcapng option longer than 65535 bytes');
    buf.writeUInt16LE(code, at);
    buf.writeUInt16LE(value.length, at + 2);
    buf.set(value, at + 4);
    at += 4 + pad4(value.length);
  }
  buf.writeUInt16LE(OPT_END, at);
  buf.writeUInt16LE(0, at + 2);
  return at + 4;
}

/** A block: type, total length, body, options, total length again. */
function block(type: number, body: Buffer, options: OptionType[]): Buffer {
  const total = 12 + pad4(body.length) + optionsLength(options);
  const buf = Buffer.alloc(total);
  buf.writeUInt32LE(type, 0);
  buf.writeUInt32LE(total, 4);
  body.copy(buf, 8);
  writeOptions(buf, 8 + pad4(body.length), options);
  buf.writeUInt32LE(total, total - 4);
  return buf;
}

export function sectionHeaderBlock(options: SectionOptionsType = {}): Buffer {
  const body = Buffer.alloc(16);
  body.writeUInt32LE(BYTE_ORDER_MAGIC, 0);
  body.writeUInt16LE(1, 4);
  body.writeUInt16LE(0, 6);
  body.writeBigInt64LE(-1n, 8); // section length not given
  return block(SHB, body, [
    ...textOption(OPT_COMMENT, options.comment),
    ...textOption(SHB_HARDWARE, options.hardware),
    ...textOption(SHB_OS, options.os),
    ...textOption(SHB_USERAPPL, options.application),
  ]);
}

export function interfaceDescriptionBlock(iface: InterfaceOptionsType): Buffer {
  const body = Buffer.alloc(8);
  body.writeUInt16LE(iface.linkType, 0);
  body.writeUInt32LE(PCAPNG_SNAPLEN, 4);
  return block(IDB, body, [...textOption(IF_NAME, iface.name), ...textOption(IF_DESCRIPTION, iface.description), [IF_TSRESOL, Uint8Array.of(9)]]);
}

/** Whole microseconds exactly, the fraction (nanosecond captures) rounded to the nanosecond. */
function toNanos(timeMicros: number): bigint {
  const whole = Math.trunc(timeMicros);
  return BigInt(whole) * 1000n + BigInt(Math.round((timeMicros - whole) * 1000));
}

/**
 * One packet. `timeMicros` is microseconds since the epoch as the capture reader gives it
 * (fractional for nanosecond captures; NaN writes 0). `origLength` is the length on the wire when
 * `data` is shorter (cut by the snap length, or RTP payload dropped on export).
 */
export function enhancedPacketBlock(interfaceId: number, timeMicros: number, data: Uint8Array, origLength = data.length, comment?: string): Buffer {
  const captured = data.length > PCAPNG_SNAPLEN ? data.subarray(0, PCAPNG_SNAPLEN) : data;
  const nanos = Number.isFinite(timeMicros) && timeMicros > 0 ? toNanos(timeMicros) : 0n;
  const body = Buffer.alloc(20 + captured.length);
  body.writeUInt32LE(interfaceId, 0);
  body.writeUInt32LE(Number(nanos >> 32n), 4);
  body.writeUInt32LE(Number(nanos & 0xffffffffn), 8);
  body.writeUInt32LE(captured.length, 12);
  body.writeUInt32LE(Math.max(origLength, captured.length), 16);
  body.set(captured, 20);
  return block(EPB, body, textOption(OPT_COMMENT, comment));
}

/**
 * A pcapng stream in the making: the section header first, then packets; an interface per link
 * type is described before its first packet.
 */
export class PcapngEncoder {
  readonly #interfaces = new Map<number, number>();
  readonly #describe: (linkType: number) => InterfaceOptionsType;

  constructor(describe: (linkType: number) => InterfaceOptionsType = (linkType) => ({ linkType })) {
    this.#describe = describe;
  }

  header(options: SectionOptionsType = {}): Buffer {
    this.#interfaces.clear();
    return sectionHeaderBlock(options);
  }

  /** The blocks for one packet: its interface's description first when it is new. */
  packet(linkType: number, timeMicros: number, data: Uint8Array, origLength = data.length, comment?: string): Buffer {
    let id = this.#interfaces.get(linkType);
    if (id === undefined) {
      id = this.#interfaces.size;
      this.#interfaces.set(linkType, id);
      const idb = interfaceDescriptionBlock({ ...this.#describe(linkType), linkType });
      return Buffer.concat([idb, enhancedPacketBlock(id, timeMicros, data, origLength, comment)]);
    }
    return enhancedPacketBlock(id, timeMicros, data, origLength, comment);
  }
}
