import { CALL_ID_HEADERS, callIdHeaderSpans, callIdSpans, replacesParamSpans } from './call-ids.js';
import { phoneNumberSpans, spreadDigits, type NumberSpanType } from './phone-numbers.js';
import type { Pseudonyms } from './pseudonyms.js';

/**
 * Redaction of one SIP message (DSGVO), byte for byte in place so that nothing moves: phone
 * numbers and user parts of URIs, display names in the identity headers and the Request-URI,
 * the SDP `o=` user name, number-like runs in SDP text fields and in Call-IDs (call-ids.ts: the
 * same Call-ID stays the same wherever it is quoted) become pseudonyms of the same length. Authorization and Proxy-Authorization values are always blanked, redacting or not: a
 * digest response lets anyone who has the trace guess the SIP password offline.
 */

export interface RedactionCountsType {
  numbers: number;
  names: number;
  authValues: number;
  rtpPayloads: number;
  /**
   * Packets left out of a redacted export of a whole capture: they carry SIP text (`SIP/2.0`,
   * `sip:`) the export could not read as a message, so could not redact — SIP in an encapsulation
   * it does not decode, a damaged message, a TCP stream it could not put together.
   */
  withheld: number;
}

export const noRedactions = (): RedactionCountsType => ({ numbers: 0, names: 0, authValues: 0, rtpPayloads: 0, withheld: 0 });

export function addRedactions(into: RedactionCountsType, more: RedactionCountsType): void {
  into.numbers += more.numbers;
  into.names += more.names;
  into.authValues += more.authValues;
  into.rtpPayloads += more.rtpPayloads;
  into.withheld += more.withheld;
}

/** Headers that name a party (RFC 3261 §20 with compact forms, RFC 3325, 3515, 3892, 5806, 7044, draft Remote-Party-ID). */
const IDENTITY_HEADERS = new Set([
  'from', 'f', 'to', 't', 'contact', 'm', 'p-asserted-identity', 'p-preferred-identity', 'remote-party-id', 'diversion', 'history-info',
  'refer-to', 'r', 'referred-by', 'b', 'p-called-party-id', 'reply-to', 'p-charge-info', 'p-associated-uri', 'p-served-user', 'x-original-to',
]);
const AUTH_HEADERS = new Set(['authorization', 'proxy-authorization']);
/**
 * Headers whose values are protocol structure: their numbers are counts, lengths, times, ports,
 * sequence numbers, nonces and versions. Dialog identifiers (Call-ID, Replaces, Join,
 * Target-Dialog, In-Reply-To) have their own rule (call-ids.ts): a gateway may write the caller's
 * number into a Call-ID. Every other header may carry free text with a phone number in it
 * (Subject, Warning, Reason, Call-Info, Alert-Info, X-…, parameters of the identity headers). URI
 * user parts are pseudonymised in all headers alike.
 */
const STRUCTURAL_HEADERS = new Set([
  'via', 'v', 'cseq', 'call-id', 'i', 'content-length', 'l', 'content-type', 'c', 'content-encoding', 'e', 'content-disposition', 'content-language', 'content-id',
  'expires', 'min-expires', 'max-forwards', 'min-se', 'session-expires', 'x', 'rseq', 'rack', 'date', 'timestamp', 'allow', 'allow-events', 'u', 'supported', 'k',
  'require', 'proxy-require', 'unsupported', 'accept', 'accept-encoding', 'accept-language', 'event', 'o', 'subscription-state', 'www-authenticate',
  'proxy-authenticate', 'authentication-info', 'user-agent', 'server', 'record-route', 'route', 'path', 'service-route', 'security-client', 'security-server',
  'security-verify', 'p-charging-vector', 'p-charging-function-addresses', 'mime-version', 'max-breadth', 'priority', 'session-id', 'refer-sub', 'sip-etag',
  'sip-if-match', 'privacy',
]);
/** Fewest digits of a phone number in SIP's free text (shorter: codes, counts, ports, extensions; see README). */
const MIN_TEXT_DIGITS = 6;
/** User parts that name nobody. */
const KEEP_USERS = new Set(['anonymous', 'unknown', 'restricted', 'unavailable', 'invalid']);
const AUTH_PLACEHOLDER = '[removed]';

interface ContextType {
  text: string[];
  p: Pseudonyms;
  counts: RedactionCountsType;
  redact: boolean;
}

function put(ctx: ContextType, at: number, value: string): void {
  for (let i = 0; i < value.length; i++) ctx.text[at + i] = value[i]!;
}

/** A URI's user part (`from`..`to`): digit runs → number pseudonyms, letter runs → name pseudonyms. */
function redactUser(ctx: ContextType, line: string, from: number, to: number): void {
  const user = line.slice(from, to);
  if (KEEP_USERS.has(user.toLowerCase())) return;
  const counted = { number: false, name: false };
  for (const m of user.matchAll(/[0-9]+|[A-Za-z\u0080-\u00ff]+/g)) {
    const run = m[0];
    const isNumber = run.charCodeAt(0) <= 0x39;
    put(ctx, from + m.index, isNumber ? ctx.p.number(run) : ctx.p.name(run));
    if (isNumber) counted.number = true;
    else counted.name = true;
  }
  if (counted.number) ctx.counts.numbers++;
  else if (counted.name) ctx.counts.names++;
}

/** Every `sip:`/`sips:`/`tel:` URI in `line[from, to)`: its user part. */
function redactUris(ctx: ContextType, line: string, from: number, to: number): void {
  const re = /\b(sips?|tel):/gi;
  re.lastIndex = from;
  for (let m = re.exec(line); m !== null && m.index < to; m = re.exec(line)) {
    const start = m.index + m[0].length;
    let end = start;
    while (end < to && !';>,@ \t?'.includes(line[end]!)) end++;
    const isTel = m[1]!.toLowerCase() === 'tel';
    if (!isTel && line[end] !== '@') continue; // sip:host, no user part
    if (end > start) redactUser(ctx, line, start, end);
    re.lastIndex = end;
  }
}

/** Quoted display names, and the unquoted ones before `<` (RFC 3261 §25.1 name-addr). */
function redactNames(ctx: ContextType, line: string, from: number, to: number): void {
  let segment = from;
  // Past a `<…>` (until the next comma) come parameters: a quoted `"<urn:uuid:…>"` instance id
  // (RFC 5626) or text before a further `<` is no name. Other quoted values stay redacted as names.
  let params = false;
  for (let i = from; i < to; i++) {
    const c = line[i];
    if (c === '"') {
      let end = i + 1;
      while (end < to && line[end] !== '"') end += line[end] === '\\' ? 2 : 1;
      if (end > i + 1 && !(params && line[i + 1] === '<')) {
        put(ctx, i + 1, ctx.p.name(line.slice(i + 1, Math.min(end, to))));
        ctx.counts.names++;
      }
      i = end;
      segment = end + 1;
    } else if (c === '<') {
      const bare = line.slice(segment, i);
      const lead = bare.length - bare.trimStart().length;
      const name = bare.trim();
      if (name !== '' && !name.includes('"') && !params) {
        put(ctx, segment + lead, ctx.p.name(name));
        ctx.counts.names++;
      }
      const close = line.indexOf('>', i);
      i = close < 0 || close > to ? to : close;
      params = true;
    } else if (c === ',') {
      segment = i + 1;
      params = false;
    }
  }
}

/** Numbers found in `line` (positions in it), unless already pseudonymised (as a URI's user, or a Call-ID's). */
function redactSpans(ctx: ContextType, line: string, spans: NumberSpanType[]): void {
  for (const span of spans) {
    if (span.positions.some((at) => ctx.text[at] !== line[at])) continue;
    spreadDigits(ctx.text, span, ctx.p.number(span.digits));
    ctx.counts.numbers++;
  }
}

/** Phone numbers written as text in `line[from, to)`. */
function redactNumbers(ctx: ContextType, line: string, from: number, to: number, minDigits: number): void {
  redactSpans(ctx, line, phoneNumberSpans(line.slice(from, to), minDigits).map((s) => ({ positions: s.positions.map((at) => from + at), digits: s.digits })));
}

function redactHeader(ctx: ContextType, line: string, name: string, valueAt: number): void {
  if (AUTH_HEADERS.has(name)) {
    const value = line.slice(valueAt).trimEnd();
    const blank = value.length >= AUTH_PLACEHOLDER.length ? AUTH_PLACEHOLDER.padEnd(value.length, ' ') : 'x'.repeat(value.length);
    if (value.length > 0) {
      put(ctx, valueAt, blank);
      ctx.counts.authValues++;
    }
    return;
  }
  if (!ctx.redact) return;
  if (CALL_ID_HEADERS.has(name)) return redactSpans(ctx, line, callIdHeaderSpans(name, line, valueAt, line.length, MIN_TEXT_DIGITS));
  // Display names stand where a party is named; a URI can stand in any header (a proxy's Warning
  // text quoting in_uri/out_uri, Call-Info, …), so its user part is redacted everywhere.
  if (IDENTITY_HEADERS.has(name)) redactNames(ctx, line, valueAt, line.length);
  redactUris(ctx, line, valueAt, line.length);
  // A Call-ID in a URI's Replaces header (Refer-To) by the Call-ID rule, before the free-text one.
  redactSpans(ctx, line, replacesParamSpans(line, valueAt, line.length, MIN_TEXT_DIGITS));
  if (!STRUCTURAL_HEADERS.has(name)) redactNumbers(ctx, line, valueAt, line.length, MIN_TEXT_DIGITS);
}

/** SDP (RFC 8866 §5): the `o=` user name; number-like runs in free-text fields. */
function redactSdpLine(ctx: ContextType, line: string): void {
  const kind = line.slice(0, 2);
  if (kind === 'o=') {
    const end = line.indexOf(' ');
    const user = line.slice(2, end < 0 ? line.length : end);
    if (user !== '-' && user !== '') redactUser(ctx, line, 2, 2 + user.length);
  } else if (['s=', 'i=', 'u=', 'e=', 'p='].includes(kind)) {
    // Text fields only (session name, information, URI, e-mail, phone): a short number is one too.
    redactNumbers(ctx, line, 2, line.length, 3);
  }
}

/**
 * Bodies that are text and name parties: BLF/presence NOTIFYs (dialog-info+xml, RFC 4235: the
 * watched and the remote party's URI and display name), pidf, message summaries, sipfrag, text
 * MESSAGEs. Binary bodies (ISUP in multipart) are left alone: their numbers are BCD, not text.
 */
const TEXT_BODY = /^(text\/|application\/([\w.+-]*xml|simple-message-summary)\b|message\/sipfrag\b)/;

function redactBodyLine(ctx: ContextType, line: string): void {
  // dialog-info's `call-id="…"` (RFC 4235 §4.1.6.1): the Call-ID rule, as in the headers.
  for (const m of line.matchAll(/\bcall-id\s*=\s*"([^"]*)"/gi)) redactSpans(ctx, line, callIdSpans(m[1]!, MIN_TEXT_DIGITS, m.index + m[0].length - 1 - m[1]!.length));
  for (const m of line.matchAll(/\bdisplay(?:-name)?\s*=\s*"([^"<>]+)"/gi)) {
    const at = m.index + m[0].length - 1 - m[1]!.length;
    put(ctx, at, ctx.p.name(m[1]!));
    ctx.counts.names++;
  }
  redactUris(ctx, line, 0, line.length);
  redactNumbers(ctx, line, 0, line.length, MIN_TEXT_DIGITS);
}

export interface RedactedMessageType {
  bytes: Buffer;
  counts: RedactionCountsType;
}

/**
 * The message with the same length and the parties pseudonymised (`redact`), or only the
 * authorization values blanked (`redact` false).
 */
export function redactSipMessage(message: Uint8Array, p: Pseudonyms, redact: boolean): RedactedMessageType {
  const source = Buffer.from(message.buffer, message.byteOffset, message.byteLength).toString('latin1');
  const ctx: ContextType = { text: [...source], p, counts: noRedactions(), redact };
  let headerEnd = source.indexOf('\r\n\r\n');
  if (headerEnd < 0) headerEnd = source.length;
  let at = 0;
  let header = '';
  let contentType = '';
  let first = true;
  while (at < headerEnd) {
    let eol = source.indexOf('\n', at);
    if (eol < 0 || eol > headerEnd) eol = headerEnd;
    const line = source.slice(at, eol).replace(/\r$/, '');
    const shift = at;
    const local: ContextType = { ...ctx, text: [...line] };
    if (first) {
      // Request-URI: METHOD SP URI SP SIP/2.0
      const sp = line.indexOf(' ');
      if (redact && sp > 0 && !line.startsWith('SIP/')) redactUris(local, line, sp + 1, line.lastIndexOf(' '));
      // Status line: SIP/2.0 SP CODE SP reason phrase (free text, e.g. a number not reached).
      else if (redact && line.startsWith('SIP/') && sp > 0) redactNumbers(local, line, Math.min(line.length, sp + 5), line.length, MIN_TEXT_DIGITS);
      first = false;
    } else if (line.startsWith(' ') || line.startsWith('\t')) {
      if (header !== '') redactHeader(local, line, header, 0);
    } else {
      const colon = line.indexOf(':');
      header = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
      if (header === 'content-type' || header === 'c') contentType = line.slice(colon + 1).trim().toLowerCase();
      if (header !== '') redactHeader(local, line, header, colon + 1 + (line.slice(colon + 1).length - line.slice(colon + 1).trimStart().length));
    }
    for (let i = 0; i < local.text.length; i++) ctx.text[shift + i] = local.text[i]!;
    at = eol + 1;
  }
  const body = source.slice(Math.min(source.length, headerEnd + 4));
  const sdp = /(^|\n)v=0\r?\n/.test(body);
  if (redact && (sdp || TEXT_BODY.test(contentType))) {
    let lineAt = headerEnd + 4;
    for (const line of body.split('\n')) {
      const local: ContextType = { ...ctx, text: [...line] };
      if (sdp) redactSdpLine(local, line.replace(/\r$/, ''));
      else redactBodyLine(local, line.replace(/\r$/, ''));
      for (let i = 0; i < local.text.length; i++) ctx.text[lineAt + i] = local.text[i]!;
      lineAt += line.length + 1;
    }
  }
  return { bytes: Buffer.from(ctx.text.join(''), 'latin1'), counts: ctx.counts };
}

/** Where two buffers of the same length differ, as runs: the edits to make in the packets. */
export function changedRuns(before: Uint8Array, after: Uint8Array): Array<{ at: number; bytes: Buffer }> {
  const runs: Array<{ at: number; bytes: Buffer }> = [];
  for (let i = 0; i < before.length; i++) {
    if (before[i] === after[i]) continue;
    let end = i + 1;
    while (end < before.length && before[end] !== after[end]) end++;
    runs.push({ at: i, bytes: Buffer.from(after.subarray(i, end)) });
    i = end;
  }
  return runs;
}

/**
 * A line of free text (a PBX log line): SIP/tel URI user parts, quoted names, numbers in
 * Call-IDs and phone numbers written as text (phone-numbers.ts: six digits and more; times,
 * ports and addresses stay).
 */
export function redactTextLine(line: string, p: Pseudonyms, counts: RedactionCountsType): string {
  const ctx: ContextType = { text: [...line], p, counts, redact: true };
  redactNames(ctx, line, 0, line.length);
  redactUris(ctx, line, 0, line.length);
  // Call-IDs (`user@host` without a scheme; chan_sip: "Retransmission timeout reached on
  // transmission CALL-ID …") by the Call-ID rule, so the log names the trace's pseudonymised one.
  for (const m of line.matchAll(/(?<![\w:.-])[\w.+%!~*-]+@[\w.:[\]-]+/g)) redactSpans(ctx, line, callIdSpans(m[0], MIN_TEXT_DIGITS, m.index));
  redactNumbers(ctx, line, 0, line.length, MIN_TEXT_DIGITS);
  return ctx.text.join('');
}
