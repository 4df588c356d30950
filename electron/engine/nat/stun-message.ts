import { randomBytes } from 'node:crypto';

/**
 * STUN messages (RFC 5389 §6, §15; RFC 5780 §7): encoding of requests and a bounded decoder of
 * answers. Every length is checked before it is read; anything malformed is one StunParseError.
 */

export const MAGIC_COOKIE = 0x2112a442;
export const BINDING_REQUEST = 0x0001;
export const BINDING_SUCCESS = 0x0101;
export const BINDING_ERROR = 0x0111;

export const ATTR = {
  MAPPED_ADDRESS: 0x0001,
  PADDING: 0x0026,
  CHANGE_REQUEST: 0x0003,
  ERROR_CODE: 0x0009,
  XOR_MAPPED_ADDRESS: 0x0020,
  RESPONSE_PORT: 0x0027,
  SOFTWARE: 0x8022,
  RESPONSE_ORIGIN: 0x802b,
  OTHER_ADDRESS: 0x802c,
} as const;

const HEADER = 20;
/** A binding answer is a few dozen bytes; anything above a UDP datagram's usual size is not STUN. */
const MAX_MESSAGE = 1500;

export class StunParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StunParseError';
  }
}

export interface StunAddressType {
  family: 4 | 6;
  address: string;
  port: number;
}

export interface StunMessageType {
  type: number;
  transactionId: Buffer;
  attributes: Array<{ type: number; value: Buffer }>;
}

export function newTransactionId(): Buffer {
  return randomBytes(12);
}

/**
 * Requests are padded to this size with a SOFTWARE attribute (comprehension-optional, so every
 * server ignores it): our reflector answers only requests at least as large as its answer, so it
 * can never amplify, and its largest answer (four IPv6 addresses) fits.
 */
export const PADDED_REQUEST_BYTES = 124;

/** A request with the given attributes (each padded to 4 bytes, §15), padded as above. */
export function encodeRequest(transactionId: Buffer, attributes: Array<{ type: number; value: Buffer }> = [], type = BINDING_REQUEST): Buffer {
  const used = 20 + attributes.reduce((sum, a) => sum + 4 + Math.ceil(a.value.length / 4) * 4, 0);
  const room = PADDED_REQUEST_BYTES - used - 4;
  if (room > 0) attributes = [...attributes, { type: ATTR.SOFTWARE, value: Buffer.from('STARFACE-Triage'.padEnd(room, ' ').slice(0, room)) }];
  return encodeMessage(transactionId, attributes, type);
}

/** Any message: header and attributes, each attribute padded to 4 bytes. */
export function encodeMessage(transactionId: Buffer, attributes: Array<{ type: number; value: Buffer }>, type: number): Buffer {
  const body = Buffer.concat(
    attributes.map(({ type: t, value }) => {
      const padded = Buffer.alloc(4 + Math.ceil(value.length / 4) * 4);
      padded.writeUInt16BE(t, 0);
      padded.writeUInt16BE(value.length, 2);
      value.copy(padded, 4);
      return padded;
    }),
  );
  const header = Buffer.alloc(HEADER);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(body.length, 2);
  header.writeUInt32BE(MAGIC_COOKIE, 4);
  transactionId.copy(header, 8);
  return Buffer.concat([header, body]);
}

/** RESPONSE-PORT (RFC 5780 §7.5): the port, then two bytes of padding. */
export function responsePortAttribute(port: number): { type: number; value: Buffer } {
  const value = Buffer.alloc(4);
  value.writeUInt16BE(port, 0);
  return { type: ATTR.RESPONSE_PORT, value };
}

/** CHANGE-REQUEST (RFC 5780 §7.2): change IP (0x4) and/or port (0x2). */
export function changeRequestAttribute(changeIp: boolean, changePort: boolean): { type: number; value: Buffer } {
  const value = Buffer.alloc(4);
  value.writeUInt32BE((changeIp ? 4 : 0) | (changePort ? 2 : 0), 0);
  return { type: ATTR.CHANGE_REQUEST, value };
}

export function decodeMessage(data: Buffer): StunMessageType {
  if (data.length < HEADER) throw new StunParseError('shorter than a STUN header');
  if (data.length > MAX_MESSAGE) throw new StunParseError('longer than a STUN message can be here');
  const type = data.readUInt16BE(0);
  if ((type & 0xc000) !== 0) throw new StunParseError('first two bits are not zero');
  const length = data.readUInt16BE(2);
  if (length % 4 !== 0 || HEADER + length !== data.length) throw new StunParseError('length does not match the datagram');
  if (data.readUInt32BE(4) !== MAGIC_COOKIE) throw new StunParseError('no magic cookie');
  const attributes: StunMessageType['attributes'] = [];
  let offset = HEADER;
  while (offset < data.length) {
    if (offset + 4 > data.length) throw new StunParseError('attribute header cut off');
    const attrType = data.readUInt16BE(offset);
    const attrLength = data.readUInt16BE(offset + 2);
    const end = offset + 4 + attrLength;
    if (end > data.length) throw new StunParseError('attribute longer than the message');
    attributes.push({ type: attrType, value: data.subarray(offset + 4, end) });
    offset += 4 + Math.ceil(attrLength / 4) * 4;
  }
  return { type, transactionId: Buffer.from(data.subarray(8, HEADER)), attributes };
}

/** MAPPED-ADDRESS-style value (§15.1); with `xor`, unmasked with the cookie and transaction (§15.2). */
export function decodeAddress(value: Buffer, xor: boolean, transactionId: Buffer): StunAddressType {
  if (value.length < 4) throw new StunParseError('address attribute too short');
  const familyCode = value.readUInt8(1);
  let port = value.readUInt16BE(2);
  if (xor) port ^= MAGIC_COOKIE >>> 16;
  if (familyCode === 0x01) {
    if (value.length !== 8) throw new StunParseError('IPv4 address attribute has the wrong length');
    const raw = value.readUInt32BE(4);
    const ip = (xor ? (raw ^ MAGIC_COOKIE) >>> 0 : raw) >>> 0;
    return { family: 4, port, address: [24, 16, 8, 0].map((s) => (ip >>> s) & 0xff).join('.') };
  }
  if (familyCode === 0x02) {
    if (value.length !== 20) throw new StunParseError('IPv6 address attribute has the wrong length');
    const bytes = Buffer.from(value.subarray(4, 20));
    if (xor) {
      const mask = Buffer.alloc(16);
      mask.writeUInt32BE(MAGIC_COOKIE, 0);
      transactionId.copy(mask, 4);
      for (let i = 0; i < 16; i++) bytes[i] = (bytes[i] ?? 0) ^ (mask[i] ?? 0);
    }
    const groups = Array.from({ length: 8 }, (_, i) => bytes.readUInt16BE(i * 2).toString(16));
    // The URL parser writes IPv6 in its canonical short form (RFC 5952).
    return { family: 6, port, address: new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1) };
  }
  throw new StunParseError('unknown address family');
}

export function attribute(message: StunMessageType, type: number): Buffer | undefined {
  return message.attributes.find((a) => a.type === type)?.value;
}

export function formatAddress(a: StunAddressType): string {
  return a.family === 6 ? `[${a.address}]:${a.port}` : `${a.address}:${a.port}`;
}

/** An address attribute's value: plain (§15.1) or XOR-ed with the cookie and transaction (§15.2). */
export function encodeAddress(a: StunAddressType, xor: boolean, transactionId: Buffer): Buffer {
  const v6 = a.family === 6;
  const value = Buffer.alloc(v6 ? 20 : 8);
  value.writeUInt8(v6 ? 0x02 : 0x01, 1);
  value.writeUInt16BE(xor ? a.port ^ (MAGIC_COOKIE >>> 16) : a.port, 2);
  const bytes = v6 ? ipv6Bytes(a.address) : Buffer.from(a.address.split('.').map(Number));
  if (xor) {
    const mask = Buffer.alloc(16);
    mask.writeUInt32BE(MAGIC_COOKIE, 0);
    transactionId.copy(mask, 4);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (bytes[i] ?? 0) ^ (mask[i] ?? 0);
  }
  bytes.copy(value, 4);
  return value;
}

function ipv6Bytes(address: string): Buffer {
  const [head = '', tail = ''] = address.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::') ? [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(Number.parseInt(g || '0', 16), i * 2));
  return out;
}

export function errorCodeAttribute(code: number, reason: string): { type: number; value: Buffer } {
  const text = Buffer.from(reason.slice(0, 60));
  const value = Buffer.alloc(4 + text.length);
  value.writeUInt8(Math.floor(code / 100), 2);
  value.writeUInt8(code % 100, 3);
  text.copy(value, 4);
  return { type: ATTR.ERROR_CODE, value };
}

/** ERROR-CODE (§15.6): class × 100 + number, and the reason phrase (bounded). */
export function decodeErrorCode(value: Buffer): { code: number; reason: string } {
  if (value.length < 4) throw new StunParseError('error code attribute too short');
  return { code: (value.readUInt8(2) & 0x07) * 100 + value.readUInt8(3), reason: value.subarray(4, 132).toString('utf8') };
}
