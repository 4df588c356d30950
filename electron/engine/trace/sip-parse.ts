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
  fromTag: string;
  toUser: string | null;
  toTag: string;
  /** Host of the first Contact URI. */
  contactHost: string | null;
  /** Expires header or the first Contact's expires parameter, in seconds. */
  expires: number | null;
  /** Contact header is `*` (de-registration of all bindings). */
  contactStar: boolean;
  userAgent: string | null;
  /** SDP `c=` and `o=` addresses, when there is an SDP body. */
  sdpConnection: string | null;
  sdpOrigin: string | null;
  /** Bytes of the whole message (header and body). */
  length: number;
}

function malformed(why: string): never {
  throw new TraceFormatError('malformed', 0, why);
}

const REQUEST_LINE = /^([A-Z][A-Z0-9._!%*+`'~-]{0,31}) (\S{1,2048}) SIP\/2\.0$/;
const STATUS_LINE = /^SIP\/2\.0 ([1-6]\d\d)(?: .{0,256})?$/;

/** Does a payload start with a SIP request or status line? Cheap: looks at the first line only. */
export function looksLikeSip(b: Uint8Array, at = 0): boolean {
  const first = b[at] ?? 0;
  if (first < 0x41 || first > 0x5a) return false; // SIP starts with an upper-case letter
  const end = Math.min(b.length, at + 2100);
  let eol = -1;
  for (let i = at; i < end; i++) {
    if (b[i] === 0x0a) {
      eol = i;
      break;
    }
  }
  if (eol < 0) return false;
  const line = Buffer.from(b.buffer, b.byteOffset + at, eol - at).toString('latin1').trimEnd();
  return STATUS_LINE.test(line) || REQUEST_LINE.test(line);
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
  tag: /;\s*tag\s*=\s*"?([^;,>"\s]{0,256})/i,
  expires: /;\s*expires\s*=\s*"?([^;,>"\s]{0,256})/i,
};

function param(value: string, name: keyof typeof PARAMS): string {
  return PARAMS[name].exec(value)?.[1] ?? '';
}

/** Long names of the compact forms (RFC 3261 §7.3.3) that analysis reads. */
const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type' };

export function parseSip(bytes: Uint8Array): SipMessageType {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerEnd = buffer.indexOf('\r\n\r\n');
  let bodyStart = headerEnd + 4;
  if (headerEnd < 0) {
    headerEnd = buffer.length; // a message without body may be cut after its last header
    bodyStart = buffer.length;
  }
  if (headerEnd > MAX_HEADER) malformed('header too long');
  const text = buffer.toString('latin1', 0, headerEnd);
  const firstEnd = text.indexOf('\n');
  const start = (firstEnd < 0 ? text : text.slice(0, firstEnd)).trimEnd();
  let isRequest = true;
  let method = '';
  let status = 0;
  let requestUser: string | null = null;
  const request = REQUEST_LINE.exec(start);
  if (request !== null) {
    method = request[1] ?? '';
    requestUser = uriUser(request[2] ?? '');
  } else {
    const response = STATUS_LINE.exec(start);
    if (response === null) malformed('no SIP start line');
    isRequest = false;
    status = Number(response[1]);
  }
  const message: SipMessageType = {
    isRequest, method, status, requestUser, callId: '', cseq: -1, branch: '', viaHost: '', fromUser: null, fromTag: '', toUser: null, toTag: '',
    contactHost: null, expires: null, contactStar: false, userAgent: null, sdpConnection: null, sdpOrigin: null, length: buffer.length,
  };
  let sawVia = false;
  let sawContact = false;
  let contentType = '';
  let count = 1;
  for (let pos = firstEnd < 0 ? text.length : firstEnd + 1; pos < text.length; ) {
    let eol = text.indexOf('\n', pos);
    if (eol < 0) eol = text.length;
    if (++count > MAX_LINES) malformed('too many header lines');
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > eol) {
      if (text.slice(pos, eol).trim() !== '') malformed('header line without colon');
      pos = eol + 1;
      continue;
    }
    // Only a dozen header names matter: decide by the name's length before building any string.
    let nameEnd = colon;
    while (nameEnd > pos && (text.charCodeAt(nameEnd - 1) === 32 || text.charCodeAt(nameEnd - 1) === 9)) nameEnd--;
    const length = nameEnd - pos;
    let lineEnd = eol;
    // Folded continuation lines (RFC 3261 §7.3.1) belong to the header before them.
    while (lineEnd + 1 < text.length && (text.charCodeAt(lineEnd + 1) === 32 || text.charCodeAt(lineEnd + 1) === 9)) {
      const next = text.indexOf('\n', lineEnd + 1);
      lineEnd = next < 0 ? text.length : next;
    }
    pos = lineEnd + 1;
    if (!(length === 1 || length === 2 || length === 3 || length === 4 || length === 6 || length === 7 || length === 10 || length === 12)) continue;
    const raw = text.slice(nameEnd - length, nameEnd).toLowerCase();
    const name = COMPACT[raw] ?? raw;
    const slice = text.slice(colon + 1, Math.min(lineEnd, colon + 1 + MAX_VALUE));
    const value = (lineEnd === eol ? slice : slice.replace(/\r?\n[ \t]+/g, ' ')).trim();
    switch (name) {
      case 'via':
        if (!sawVia) {
          sawVia = true;
          message.branch = param(value, 'branch');
          const sentBy = /^SIP\s*\/\s*2\.0\s*\/\s*[A-Za-z]+\s+(\[[0-9a-fA-F:.]+\]|[^:;,\s]+)/i.exec(value);
          message.viaHost = (sentBy?.[1] ?? '').replace(/^\[|\]$/g, '');
        }
        break;
      case 'from':
        message.fromUser = uriUser(value);
        message.fromTag = param(value, 'tag');
        break;
      case 'to':
        message.toUser = uriUser(value);
        message.toTag = param(value, 'tag');
        break;
      case 'call-id':
        message.callId = value.slice(0, 256);
        break;
      case 'cseq': {
        const m = /^(\d{1,10})\s+([A-Za-z]{1,32})/.exec(value);
        if (m === null) malformed('bad CSeq');
        message.cseq = Number(m[1]);
        if (!isRequest) message.method = (m[2] ?? '').toUpperCase();
        break;
      }
      case 'contact':
        if (!sawContact) {
          sawContact = true;
          if (value === '*') message.contactStar = true;
          message.contactHost = uriHost(value);
          const e = param(value, 'expires');
          if (/^\d{1,10}$/.test(e) && message.expires === null) message.expires = Number(e);
        }
        break;
      case 'expires':
        if (/^\d{1,10}$/.test(value)) message.expires = Number(value);
        break;
      case 'user-agent':
      case 'server':
        message.userAgent ??= value.slice(0, 128);
        break;
      case 'content-type':
        contentType = value.toLowerCase();
        break;
    }
  }
  if (message.callId === '' || message.cseq < 0) malformed('no Call-ID or CSeq');
  if (contentType.startsWith('application/sdp') && bodyStart < buffer.length) readSdp(buffer.toString('latin1', bodyStart, Math.min(buffer.length, bodyStart + 16384)), message);
  return message;
}

/** `c=IN IP4 addr` and `o=… IN IP4 addr` (RFC 8866 §5.2, §5.7): what an ALG rewrites. */
function readSdp(body: string, message: SipMessageType): void {
  const c = /^c=IN IP[46] ([^\s/]{1,64})/m.exec(body);
  const o = /^o=\S{0,128} \S{1,32} \S{1,32} IN IP[46] (\S{1,64})/m.exec(body);
  message.sdpConnection = c?.[1] ?? null;
  message.sdpOrigin = o?.[1] ?? null;
}

/** Content-Length of a header block (for TCP framing, RFC 3261 §18.3); 0 when missing. */
export function contentLength(header: string): number {
  const m = /(?:^|\n)(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})/i.exec(header);
  return m === null ? 0 : Number(m[1]);
}
