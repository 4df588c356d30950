import { hashAdd, hashAddBytes, hashNumber, hashStart, lanesInto } from './sip-hash.js';
import { TraceFormatError } from './trace-error.js';

/**
 * A bounded SIP message parser (RFC 3261 §7, §20) for captured traffic. The design named a
 * `sip-parser` package that does not exist on the registry; the maintained ones (sip.js, jssip,
 * drachtio's) are user-agent stacks that build a full object tree per message and reject real
 * traffic's oddities. Analysis needs a dozen header fields from up to a million messages, so this
 * reads only those, in one pass over the header text, with every length checked: at most
 * MAX_HEADER bytes of header, MAX_LINES lines, and values capped. Anything else is one
 * TraceFormatError('malformed').
 */

const MAX_HEADER = 64 * 1024;
const MAX_LINES = 300;
const MAX_VALUE = 1024;

export interface SipMessageType {
  isRequest: boolean;
  /** The request's method; for a response, the method of its CSeq. */
  method: string;
  /** 0 for requests. */
  status: number;
  requestUser: string | null;
  callId: string;
  cseq: number;
  /** Top Via's branch parameter ('' when missing). */
  branch: string;
  /** Top Via's sent-by host (without port). */
  viaHost: string;
  fromUser: string | null;
  toUser: string | null;
  /** Host of the first Contact URI. */
  contactHost: string | null;
  /** Expires header or the first Contact's expires parameter, in seconds. */
  expires: number | null;
  userAgent: string | null;
  /** SDP `c=` and `o=` addresses, when there is an SDP body. */
  sdpConnection: string | null;
  sdpOrigin: string | null;
  /** Bytes of the whole message (header and body). */
  length: number;
  /**
   * The analysis's key lanes (sip-hash) into out[at..at+4): after the Call-ID, then after CSeq,
   * method and branch, hashed on the bytes.
   */
  keyLanes(out: Int32Array, at: number): void;
}

function malformed(why: string): never {
  throw new TraceFormatError('malformed', 0, why);
}


const SIP_VERSION = [0x53, 0x49, 0x50, 0x2f, 0x32, 0x2e, 0x30]; // "SIP/2.0"

function isToken(c: number): boolean {
  // RFC 3261 §25.1 token characters that may appear in a method: upper-case letters and a few marks.
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0x21 || c === 0x25 || c === 0x2a || c === 0x5f || c === 0x2b || c === 0x60 || c === 0x27 || c === 0x7e;
}

function versionAt(b: Uint8Array, at: number): boolean {
  for (let i = 0; i < 7; i++) if (b[at + i] !== SIP_VERSION[i]) return false;
  return true;
}

/**
 * Does a payload start with a SIP request or status line? Looks at bytes only (no string is made:
 * this runs on every UDP datagram of a capture, RTP included): `SIP/2.0 NNN` or
 * `METHOD SP uri SP SIP/2.0 CRLF` (RFC 3261 §7.1, §7.2). parseSip relies on it for the start line.
 */
export function looksLikeSip(b: Uint8Array, at = 0): boolean {
  const first = b[at] ?? 0;
  if (first < 0x41 || first > 0x5a) return false; // SIP starts with an upper-case letter
  if (versionAt(b, at)) {
    const d = (i: number) => (b[at + i] ?? 0) >= 0x30 && (b[at + i] ?? 0) <= 0x39;
    return b[at + 7] === 0x20 && (b[at + 8] ?? 0) >= 0x31 && (b[at + 8] ?? 0) <= 0x36 && d(9) && d(10) && (b[at + 11] === 0x20 || b[at + 11] === 0x0d || b[at + 11] === 0x0a);
  }
  let i = at;
  while (i < at + 32 && i < b.length && isToken(b[i] ?? 0)) i++;
  if (i === at || b[i] !== 0x20) return false;
  const end = Math.min(b.length, at + 2100);
  let eol = -1;
  for (let j = i + 1; j < end; j++) {
    if (b[j] === 0x0a) {
      eol = j;
      break;
    }
  }
  if (eol < 0) return false;
  let last = eol;
  while (last > i && (b[last - 1] === 0x0d || b[last - 1] === 0x20 || b[last - 1] === 0x09)) last--;
  // "… SP SIP/2.0" ends the line, with a non-empty URI without spaces between.
  if (last - 8 <= i + 1 || b[last - 8] !== 0x20 || !versionAt(b, last - 7)) return false;
  for (let j = i + 1; j < last - 8; j++) if (b[j] === 0x20 || b[j] === 0x09) return false;
  return true;
}

/** The user part of a SIP/SIPS/TEL URI inside a header value ('' when none). */
function uriUser(value: string): string | null {
  const m = /<?(?:sips?|tel):([^@;>?\s]{1,128})@/i.exec(value) ?? /<?tel:([^;>?\s]{1,128})/i.exec(value);
  return m?.[1] ?? null;
}

function uriHost(value: string): string | null {
  const m = /(?:sips?):(?:[^@;>\s]*@)?(\[[0-9a-fA-F:.]{2,45}\]|[^:;>?\s]{1,253})/i.exec(value);
  if (m?.[1] === undefined) return null;
  return m[1].replace(/^\[|\]$/g, '');
}

// Compiled once: a RegExp per call was a fifth of the parse time on a 200 000-message capture.
const PARAMS = {
  branch: /;\s*branch\s*=\s*"?([^;,>"\s]{0,256})/i,
  expires: /;\s*expires\s*=\s*"?([^;,>"\s]{0,256})/i,
};

function param(value: string, name: keyof typeof PARAMS): string {
  return PARAMS[name].exec(value)?.[1] ?? '';
}


const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Where CRLF CRLF ends the header (-1: none within MAX_HEADER). Buffer#indexOf with a Buffer
 * needle is native; with a string needle it converted the needle on every call (a tenth of the time).
 */
export function headerEndOf(b: Uint8Array, from = 0): number {
  const buffer = b instanceof Buffer ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  const end = Math.min(buffer.length, from + MAX_HEADER + 4);
  const at = (end === buffer.length ? buffer : buffer.subarray(0, end)).indexOf(CRLFCRLF, from);
  return at;
}

/** Header names analysis reads (RFC 3261 §20, compact forms §7.3.3), by kind. */
const enum H {
  Other,
  Via,
  From,
  To,
  CallId,
  CSeq,
  Contact,
  Expires,
  Agent,
  ContentType,
}

/** Slots of ParsedSip's ranges after the header kinds' start/end pairs. */
const R_BODY = 2 * (H.ContentType + 1);
/** The top Via's branch value: -1 none, -2 read it from the text (a folded Via). */
const R_BRANCH = R_BODY + 2;
const R_FOLDED = R_BRANCH + 2;

/** Does the name at b[from..from+lit.length) equal `lit` (lower case), ignoring case? */
function nameIs(b: Uint8Array, from: number, lit: string): boolean {
  for (let i = 0; i < lit.length; i++) if (((b[from + i] ?? 0) | 0x20) !== lit.charCodeAt(i)) return false;
  return true;
}

function headerKind(b: Uint8Array, from: number, length: number): H {
  const c = (b[from] ?? 0) | 0x20;
  switch (length) {
    case 1:
      return c === 0x76 ? H.Via : c === 0x66 ? H.From : c === 0x74 ? H.To : c === 0x69 ? H.CallId : c === 0x6d ? H.Contact : c === 0x63 ? H.ContentType : H.Other;
    case 2:
      return nameIs(b, from, 'to') ? H.To : H.Other;
    case 3:
      return nameIs(b, from, 'via') ? H.Via : H.Other;
    case 4:
      return nameIs(b, from, 'from') ? H.From : nameIs(b, from, 'cseq') ? H.CSeq : H.Other;
    case 6:
      return nameIs(b, from, 'server') ? H.Agent : H.Other;
    case 7:
      return nameIs(b, from, 'call-id') ? H.CallId : nameIs(b, from, 'contact') ? H.Contact : nameIs(b, from, 'expires') ? H.Expires : H.Other;
    case 10:
      return nameIs(b, from, 'user-agent') ? H.Agent : H.Other;
    case 12:
      return nameIs(b, from, 'content-type') ? H.ContentType : H.Other;
    default:
      return H.Other;
  }
}

const isBlank = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0d;

/** The methods of RFC 3261 and its extensions, as shared strings: most messages make none. */
const METHODS = ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS', 'REGISTER', 'PRACK', 'SUBSCRIBE', 'NOTIFY', 'PUBLISH', 'INFO', 'REFER', 'MESSAGE', 'UPDATE'];

/** The method name in b[from..to), upper-cased; a shared string for the known ones. */
function methodAt(b: Buffer, from: number, to: number): string {
  for (const name of METHODS) if (name.length === to - from && nameIs(b, from, name.toLowerCase())) return name;
  return b.toString('latin1', from, to).toUpperCase();
}

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;
const isAlpha = (c: number | undefined) => c !== undefined && ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);

/**
 * The branch parameter in a Via value b[v..e), on the bytes: what `;\s*branch\s*=\s*"?` and up to
 * 256 characters other than `;,>"` and blanks would match (RFC 3261 §20.42), the first such.
 */
function branchIn(b: Buffer, v: number, e: number, m: ParsedSip): void {
  // A loop, not Buffer#indexOf: a Via is a few dozen bytes, and a native call per ';' cost more.
  for (let i = v; i < e; i++) {
    if (b[i] !== 0x3b) continue;
    let j = i + 1;
    while (j < e && isBlank(b[j])) j++;
    if (e - j < 6 || !nameIs(b, j, 'branch')) continue;
    j += 6;
    while (j < e && isBlank(b[j])) j++;
    if (b[j] !== 0x3d) continue;
    j++;
    while (j < e && isBlank(b[j])) j++;
    if (b[j] === 0x22) j++;
    const start = j;
    while (j < e && j - start < 256) {
      const c = b[j]!;
      if (c === 0x3b || c === 0x2c || c === 0x3e || c === 0x22 || c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a) break;
      j++;
    }
    m.keepBranch(start, j);
    return;
  }
}

export function parseSip(bytes: Uint8Array): ParsedSip {
  const buffer = bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The start line, on the bytes (looksLikeSip checks its grammar): no string for a response.
  // This is the one check of it for UDP: the decoder hands over whatever starts like text.
  if (!looksLikeSip(buffer, 0)) throw new TraceFormatError('not-sip', 0, 'no SIP start line');
  let isRequest = true;
  let method = '';
  let status = 0;
  let uriStart = 0;
  let uriEnd = 0;
  if (buffer[0] === 0x53 && buffer[3] === 0x2f && buffer[7] === 0x20 && buffer[1] === 0x49) {
    isRequest = false;
    status = (buffer[8]! - 0x30) * 100 + (buffer[9]! - 0x30) * 10 + (buffer[10]! - 0x30);
  } else {
    const space = buffer.indexOf(0x20, 0);
    method = methodAt(buffer, 0, space);
    uriStart = space + 1;
    uriEnd = buffer.indexOf(0x20, uriStart);
  }
  const message = new ParsedSip(buffer, isRequest, method, status, uriStart, uriEnd);
  let sdp = false;
  let count = 1;
  const length = buffer.length;
  const limit = Math.min(length, MAX_HEADER);
  let pos = buffer.indexOf(0x0a, 0) + 1;
  // Header lines, on the bytes, up to the empty line that ends the header (found by the same
  // scan; a message without body may be cut after its last header): only their byte ranges are
  // kept, and a value is made into a string when analysis asks for it.
  let headerEnd = -1;
  while (pos < length) {
    if (buffer[pos] === 0x0a || (buffer[pos] === 0x0d && buffer[pos + 1] === 0x0a)) {
      headerEnd = pos;
      break;
    }
    // One pass over the line for its first colon and its end: header lines are short, and a
    // native indexOf per line cost more in calls than it saved in scanning.
    let colon = -1;
    let eol = pos;
    for (; eol < length; eol++) {
      const c = buffer[eol];
      if (c === 0x0a) break;
      if (c === 0x3a && colon < 0) colon = eol;
    }
    if (eol > limit) malformed('header too long');
    if (++count > MAX_LINES) malformed('too many header lines');
    let lineEnd = eol;
    // Folded continuation lines (RFC 3261 §7.3.1) belong to the header before them.
    while (lineEnd + 1 < length && (buffer[lineEnd + 1] === 0x20 || buffer[lineEnd + 1] === 0x09)) {
      const next = buffer.indexOf(0x0a, lineEnd + 1);
      lineEnd = next < 0 ? length : next;
    }
    if (lineEnd > limit) malformed('header too long');
    const from = pos;
    pos = lineEnd + 1;
    if (colon < 0) {
      for (let i = from; i < eol; i++) if (!isBlank(buffer[i])) malformed('header line without colon');
      continue;
    }
    let nameEnd = colon;
    while (nameEnd > from && (buffer[nameEnd - 1] === 0x20 || buffer[nameEnd - 1] === 0x09)) nameEnd--;
    const kind = headerKind(buffer, from, nameEnd - from);
    if (kind === H.Other) continue;
    let v = colon + 1;
    let e = Math.min(lineEnd, colon + 1 + MAX_VALUE);
    while (v < e && isBlank(buffer[v])) v++;
    while (e > v && (isBlank(buffer[e - 1]) || buffer[e - 1] === 0x0a)) e--;
    const folded = lineEnd !== eol;
    if (kind === H.CSeq) {
      // `digits LWS method` (RFC 3261 §20.16), on the bytes.
      let i = v;
      let cseq = 0;
      while (i < e && i - v < 10 && isDigit(buffer[i])) cseq = cseq * 10 + (buffer[i++]! - 0x30);
      const digits = i - v;
      while (i < e && (isBlank(buffer[i]) || buffer[i] === 0x0a)) i++;
      const name = i;
      while (i < e && i - name < 32 && isAlpha(buffer[i])) i++;
      if (digits === 0 || name === v + digits || i === name) malformed('bad CSeq');
      message.cseq = cseq;
      if (!isRequest) message.method = methodAt(buffer, name, i);
    } else if (kind === H.ContentType) {
      sdp = e - v >= 15 && nameIs(buffer, v, 'application/sdp');
    } else {
      if (kind === H.Via && message.keptNoVia) {
        if (folded) message.keepBranch(-2, -2);
        else branchIn(buffer, v, e, message);
      }
      message.keep(kind, v, e, folded);
    }
  }
  if (headerEnd < 0 && length > MAX_HEADER) malformed('header too long');
  const bodyStart = headerEnd < 0 ? length : headerEnd + (buffer[headerEnd] === 0x0d ? 2 : 1);
  if (message.callIdEmpty || message.cseq < 0) malformed('no Call-ID or CSeq');
  if (sdp && bodyStart < length) message.keepBody(bodyStart, Math.min(length, bodyStart + 16384));
  return message;
}


/**
 * A parsed message. What every message needs (method, status, CSeq) is read at once; the rest
 * (Call-ID, Via and branch, users, tags, Contact, Expires, User-Agent, SDP) is kept as byte
 * ranges and made into text only when analysis asks for it — most messages of a capture are calls
 * that need little of it. The lazy fields read the packet's bytes, so they are valid while the
 * message is being analysed (which is synchronous).
 */
export class ParsedSip implements SipMessageType {
  cseq = -1;
  readonly length: number;
  readonly #buffer: Buffer;
  /**
   * Byte ranges per kind of header, as start/end (-1: absent; the first one wins, Expires the
   * last), the body's, the top Via's branch, and a bit per kind whose value
   * spans folded lines (slots R_…).
   */
  readonly #r: number[];
  #callId: string | null = null;
  #via: string | null | undefined = undefined;
  #branch: string | null = null;
  #sdp: { c: string | null; o: string | null } | null = null;

  constructor(
    buffer: Buffer,
    readonly isRequest: boolean,
    public method: string,
    readonly status: number,
    readonly uriStart: number,
    readonly uriEnd: number,
  ) {
    this.#buffer = buffer;
    this.length = buffer.length;
    // An array literal: a typed array per message cost a third of the parse time to allocate.
    // Slots: header kinds' start/end, R_BODY, R_BRANCH, R_FOLDED.
    this.#r = [-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0];
  }

  /** While parsing: no Via kept yet (the first is the top one). */
  get keptNoVia(): boolean {
    return this.#range(2 * H.Via) < 0;
  }

  /** While parsing (own ranges): a header's value range. */
  keep(kind: H, start: number, end: number, folded: boolean): void {
    const r = this.#r;
    if (r[2 * kind]! >= 0 && kind !== H.Expires) return;
    if (folded) r[R_FOLDED]! |= 1 << kind;
    r[2 * kind] = start;
    r[2 * kind + 1] = end;
  }

  /** The top Via's branch range (the first Via kept), or -2 to read it from the text. */
  keepBranch(start: number, end: number): void {
    this.#r[R_BRANCH] = start;
    this.#r[R_BRANCH + 1] = end;
  }

  keepBody(start: number, end: number): void {
    this.#r[R_BODY] = start;
    this.#r[R_BODY + 1] = end;
  }

  keyLanes(out: Int32Array, at: number): void {
    hashStart();
    const callId = this.#range(2 * H.CallId);
    if (callId >= 0 && (this.#range(R_FOLDED) & (1 << H.CallId)) === 0) hashAddBytes(this.#buffer, callId, Math.min(this.#range(2 * H.CallId + 1), callId + 256));
    else hashAdd(this.callId);
    lanesInto(out, at);
    hashNumber(this.cseq);
    hashAdd(this.method);
    const branch = this.#range(R_BRANCH);
    if (branch >= 0) hashAddBytes(this.#buffer, branch, this.#range(R_BRANCH + 1));
    else hashAdd(this.branch);
    lanesInto(out, at + 2);
  }

  #range(i: number): number {
    return this.#r[i]!;
  }

  get callIdEmpty(): boolean {
    return this.#range(2 * H.CallId) < 0 || this.#range(2 * H.CallId) === this.#range(2 * H.CallId + 1);
  }

  #text(kind: H): string | null {
    const start = this.#range(2 * kind);
    if (start < 0) return null;
    const raw = this.#buffer.toString('latin1', start, this.#range(2 * kind + 1));
    return (this.#range(R_FOLDED) & (1 << kind)) !== 0 ? raw.replace(/\r?\n[ \t]+/g, ' ') : raw;
  }

  get callId(): string {
    return (this.#callId ??= (this.#text(H.CallId) ?? '').slice(0, 256));
  }
  /** The top Via's value. */
  get via(): string | null {
    if (this.#via === undefined) this.#via = this.#text(H.Via);
    return this.#via;
  }
  /** Top Via's branch parameter ('' when missing). */
  get branch(): string {
    if (this.#branch === null) {
      const start = this.#range(R_BRANCH);
      this.#branch = start === -2 ? param(this.via ?? '', 'branch') : start < 0 ? '' : this.#buffer.toString('latin1', start, this.#range(R_BRANCH + 1));
    }
    return this.#branch;
  }
  get body(): Buffer | null {
    const start = this.#range(R_BODY);
    return start < 0 ? null : this.#buffer.subarray(start, this.#range(R_BODY + 1));
  }
  get from(): string {
    return this.#text(H.From) ?? '';
  }
  get to(): string {
    return this.#text(H.To) ?? '';
  }
  get contact(): string | null {
    return this.#text(H.Contact);
  }
  get expiresHeader(): string | null {
    return this.#text(H.Expires);
  }
  get agent(): string | null {
    return this.#text(H.Agent);
  }

  get requestUser(): string | null {
    return this.isRequest ? uriUser(this.#buffer.toString('latin1', this.uriStart, this.uriEnd)) : null;
  }
  get viaHost(): string {
    const sentBy = /^SIP\s*\/\s*2\.0\s*\/\s*[A-Za-z]+\s+(\[[0-9a-fA-F:.]+\]|[^:;,\s]+)/i.exec(this.via ?? '');
    return (sentBy?.[1] ?? '').replace(/^\[|\]$/g, '');
  }
  get fromUser(): string | null {
    return uriUser(this.from);
  }
  get toUser(): string | null {
    return uriUser(this.to);
  }
  get contactHost(): string | null {
    const contact = this.contact;
    return contact === null ? null : uriHost(contact);
  }
  /** Expires header, else the first Contact's expires parameter, in seconds. */
  get expires(): number | null {
    const header = this.expiresHeader;
    if (header !== null && /^\d{1,10}$/.test(header)) return Number(header);
    const contact = this.contact;
    const e = contact === null ? '' : param(contact, 'expires');
    return /^\d{1,10}$/.test(e) ? Number(e) : null;
  }
  get userAgent(): string | null {
    return this.agent?.slice(0, 128) ?? null;
  }
  get sdpConnection(): string | null {
    return this.#readSdp().c;
  }
  get sdpOrigin(): string | null {
    return this.#readSdp().o;
  }
  #readSdp(): { c: string | null; o: string | null } {
    const body = this.body;
    if (this.#sdp === null) this.#sdp = body === null ? { c: null, o: null } : readSdp(body.toString('latin1'));
    return this.#sdp;
  }
}

/** `c=IN IP4 addr` and `o=… IN IP4 addr` (RFC 8866 §5.2, §5.7): what an ALG rewrites. */
function readSdp(body: string): { c: string | null; o: string | null } {
  const c = /^c=IN IP[46] ([^\s/]{1,64})/m.exec(body);
  const o = /^o=\S{0,128} \S{1,32} \S{1,32} IN IP[46] (\S{1,64})/m.exec(body);
  return { c: c?.[1] ?? null, o: o?.[1] ?? null };
}

/** Content-Length of a header block (for TCP framing, RFC 3261 §18.3); 0 when missing. */
export function contentLength(header: string): number {
  const m = /(?:^|\n)(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})/i.exec(header);
  return m === null ? 0 : Number(m[1]);
}
