import { randomBytes } from 'node:crypto';

/**
 * Just enough SIP (RFC 3261) for OPTIONS probes: build a request, and read a response bounded and
 * strictly (every length checked, one SipParseError for anything malformed). Written here rather
 * than taken from npm: the parsers there are unmaintained or parse without limits, and a probe
 * needs only the status line and a handful of headers.
 */

export class SipParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SipParseError';
  }
}

/** Far above any OPTIONS answer; a peer that sends more is not answering our probe. */
export const MAX_SIP_MESSAGE = 64 * 1024;
const MAX_HEADERS = 200;

/** Compact forms (RFC 3261 §7.3.3) of the headers we read. */
const COMPACT: Record<string, string> = { v: 'via', i: 'call-id', f: 'from', t: 'to', l: 'content-length', m: 'contact', c: 'content-type' };

export interface SipResponseType {
  code: number;
  reason: string;
  /** Lower-case names; a header given twice keeps both values in order. */
  headers: Map<string, string[]>;
}

export function header(message: SipResponseType, name: string): string | undefined {
  return message.headers.get(name)?.[0];
}

export function newBranch(): string {
  // The magic cookie marks an RFC 3261 branch (§8.1.1.7).
  return `z9hG4bK${randomBytes(10).toString('hex')}`;
}

export function newTag(): string {
  return randomBytes(6).toString('hex');
}

export function newCallId(): string {
  return `${randomBytes(12).toString('hex')}@starface-triage`;
}

export interface OptionsRequestType {
  /** Request-URI, e.g. `sip:pbx.example.com:5060`. */
  uri: string;
  transport: 'udp' | 'tcp' | 'tls';
  localAddress: string;
  localPort: number;
  branch: string;
  callId: string;
  cseq: number;
  fromTag: string;
  /** Pad the request above this many bytes (fragmentation test), 0 for a normal one. */
  padTo?: number;
}

/** An OPTIONS request like a PBX's qualify: `rport` asks the peer to tell us our public port. */
export function buildOptions(r: OptionsRequestType): Buffer {
  const host = r.localAddress.includes(':') ? `[${r.localAddress}]` : r.localAddress;
  const lines = [
    `OPTIONS ${r.uri} SIP/2.0`,
    `Via: SIP/2.0/${r.transport.toUpperCase()} ${host}:${r.localPort};branch=${r.branch};rport`,
    'Max-Forwards: 70',
    `From: <sip:triage@${host}>;tag=${r.fromTag}`,
    `To: <${r.uri}>`,
    `Call-ID: ${r.callId}`,
    `CSeq: ${r.cseq} OPTIONS`,
    `Contact: <sip:triage@${host}:${r.localPort};transport=${r.transport}>`,
    'Accept: application/sdp',
    'User-Agent: STARFACE-Triage',
  ];
  const head = (padding: string) => `${lines.join('\r\n')}\r\n${padding}Content-Length: 0\r\n\r\n`;
  let text = head('');
  if (r.padTo && text.length < r.padTo) {
    // A header the peer ignores, long enough that the datagram exceeds a 1500-byte MTU.
    const pad = r.padTo - text.length - 'X-Triage-Padding: \r\n'.length;
    text = head(`X-Triage-Padding: ${'x'.repeat(Math.max(0, pad))}\r\n`);
  }
  return Buffer.from(text, 'utf8');
}

/** Reads a response; a request (the peer asking us something) or anything else throws. */
export function parseResponse(data: Buffer): SipResponseType {
  if (data.length > MAX_SIP_MESSAGE) throw new SipParseError('message too large');
  const text = data.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const lines = head.split(/\r?\n/);
  const status = /^SIP\/2\.0 ([1-6]\d\d) ?([^\r\n]{0,200})$/.exec(lines[0] ?? '');
  if (!status) throw new SipParseError('not a SIP response');
  if (lines.length > MAX_HEADERS) throw new SipParseError('too many header lines');
  const headers = new Map<string, string[]>();
  let last: string | null = null;
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && last !== null) {
      // Folded continuation line (§7.3.1).
      const values = headers.get(last) ?? [];
      values[values.length - 1] = `${values[values.length - 1] ?? ''} ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new SipParseError('header line without a name');
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    const value = line.slice(colon + 1).trim().slice(0, 1000);
    // Via may carry several values in one line; we read only the top one, the first.
    headers.set(name, [...(headers.get(name) ?? []), value]);
    last = name;
  }
  return { code: Number(status[1]), reason: (status[2] ?? '').trim(), headers };
}

/**
 * Splits a byte stream (TCP, TLS) into whole messages by Content-Length (§18.3); returns the
 * messages and what is left over. A stream that cannot be framed throws.
 */
export function frameStream(buffer: Buffer): { messages: Buffer[]; rest: Buffer } {
  const messages: Buffer[] = [];
  let rest = buffer;
  for (;;) {
    // Keep-alive CRLFs between messages (RFC 5626 §3.5.1) are skipped.
    let skip = 0;
    while (skip + 1 < rest.length && rest[skip] === 0x0d && rest[skip + 1] === 0x0a) skip += 2;
    rest = rest.subarray(skip);
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) {
      if (rest.length > MAX_SIP_MESSAGE) throw new SipParseError('header section too large');
      return { messages, rest };
    }
    const head = rest.subarray(0, end).toString('latin1');
    const match = /^(?:content-length|l)[ \t]*:[ \t]*(\d{1,6})[ \t]*$/im.exec(head);
    const bodyLength = match ? Number(match[1]) : 0;
    const total = end + 4 + bodyLength;
    if (total > MAX_SIP_MESSAGE) throw new SipParseError('message too large');
    if (rest.length < total) return { messages, rest };
    messages.push(Buffer.from(rest.subarray(0, total)));
    rest = rest.subarray(total);
  }
}

/** `branch`, `received` and `rport` of a Via value. */
export function viaParams(via: string): { branch: string | null; received: string | null; rport: string | null } {
  const param = (name: string) => new RegExp(`;\\s*${name}(?:=([^;,\\s]+))?`, 'i').exec(via)?.[1] ?? null;
  return { branch: param('branch'), received: param('received'), rport: param('rport') };
}

/** The number and method of a CSeq value. */
export function cseqOf(value: string | undefined): { number: number; method: string } | null {
  const m = /^(\d{1,10})\s+([A-Za-z]+)$/.exec(value?.trim() ?? '');
  return m ? { number: Number(m[1]), method: (m[2] ?? '').toUpperCase() } : null;
}

export interface SipTargetType {
  transport: 'udp' | 'tcp' | 'tls';
  host: string;
  port: number;
  uri: string;
}

/**
 * `sip:HOST[:PORT][;transport=udp|tcp|tls]` (also `sips:`, which means TLS on 5061). Throws a
 * SipParseError with the reason for anything else.
 */
export function parseSipTarget(text: string): SipTargetType {
  const m = /^(sips?):(?:[^@\s;]+@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?((?:;[A-Za-z0-9=._-]+)*)$/.exec(text.trim());
  if (!m) throw new SipParseError('not a SIP URI (sip:HOST[:PORT][;transport=udp|tcp|tls])');
  const secure = m[1] === 'sips';
  const params = new Map(
    (m[4] ?? '')
      .split(';')
      .filter((p) => p !== '')
      .map((p) => {
        const [k, v] = p.split('=');
        return [(k ?? '').toLowerCase(), (v ?? '').toLowerCase()] as const;
      }),
  );
  const t = params.get('transport') ?? (secure ? 'tls' : 'udp');
  if (t !== 'udp' && t !== 'tcp' && t !== 'tls') throw new SipParseError(`unknown transport ${t.slice(0, 20)}`);
  const port = m[3] === undefined ? (t === 'tls' ? 5061 : 5060) : Number(m[3]);
  if (port < 1 || port > 65535) throw new SipParseError('port out of range (1–65535)');
  const host = m[2] ?? '';
  return { transport: t, host, port, uri: `sip:${host}${m[3] === undefined ? '' : `:${port}`}` };
}
