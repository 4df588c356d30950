import { PBX_LOG_MAX_NAME, type PbxDeviceStateType } from '../../../shared/trace/pbx-log-result.js';

/**
 * One line of an Asterisk log → the event it reports (FACTS.md "Asterisk log lines").
 *
 * An *Asterisk log line* is, precisely:
 *   optional `[TIME]` (1–40 characters holding a clock time like `08:52:06`; `%b %e %T` by default,
 *     whatever `dateformat` in logger.conf makes it otherwise), blanks,
 *   `LEVEL[LWP]` (LEVEL: upper-case letters/underscore, 2–16; LWP: digits),
 *   optional `[C-xxxxxxxx]` (the call id, hex),
 *   then either ` file.c: ` (default file format, Asterisk 13+; the file may have a path such as
 *     `res_pjsip/pjsip_options.c`) or `: file.c:LINE function: ` (Asterisk 11, console output),
 *   then the message.
 * The file must end in .c, .h, .cc or .cpp: that is what keeps a Java or syslog line with an
 * upper-case word and a bracket from passing.
 * Or a *verbose line* as the console and a timestamped verbose log write it (res_pjsip reports a
 * contact's state at verbose level 3): optional `[TIME]`, blanks, Asterisk's verbose marker
 * (`==`, `--` or `>`, VERBOSE_PREFIX_2..4 in include/asterisk/logger.h), a blank, the message —
 * `[Jul  3 08:40:06]     -- Contact 1002/sip:1002@dynamic is now Unreachable.  RTT: 0.000 msec`.
 * Such a line counts in `lines` whatever its message; only the messages below yield an event,
 * every other one is `{ kind: 'other' }`. Anything else (blank lines, console prompts, other
 * programs' logs) is not an Asterisk log line: `classifyPbxLine` returns null and the caller
 * counts it as skipped.
 */

export type PbxEventSourceType = 'sip-peer' | 'pjsip-contact' | 'pjsip-endpoint';

export type PbxEventType =
  | { kind: 'state'; device: string; state: PbxDeviceStateType; rttMs: number | null; source: PbxEventSourceType }
  | { kind: 'registration-failed'; device: string; address: string; reason: string }
  | { kind: 'retransmission-timeout'; callId: string }
  | { kind: 'registered'; device: string }
  | { kind: 'unregistered'; device: string }
  | { kind: 'other' };

export interface PbxLineType {
  /** As written between the brackets; '' when the line has no time (console output). */
  time: string;
  level: string;
  event: PbxEventType;
}

// Bounded quantifiers and one anchor: no input can make these backtrack more than linearly.
const PREFIX =
  /^(?:\[([^[\]]{1,40})\][ \t]+)?([A-Z][A-Z_]{1,15})\[\d{1,10}\](?:\[C-[0-9A-Fa-f]{1,16}\])?(?::[ \t]*|[ \t]+)[A-Za-z0-9_./-]{0,78}\.(?:c|h|cc|cpp)(?::\d{1,7}(?:[ \t]+[A-Za-z0-9_]{1,80})?)?:(?:[ \t]+|$)/;
// The markers are indented (VERBOSE_PREFIX_2..4 start with 2, 4 and 7 blanks): a bare `>` or `--` is not one.
const VERBOSE = /^(?:\[([^[\]]{1,40})\])?[ \t]{1,16}(?:==|--|>)(?:[ \t]+|$)/;
const CLOCK = /\d:\d\d/;

const PEER = /^Peer '(.+?)' is now (UNREACHABLE!|Reachable\.|Lagged\.)(?:\s+\((\d{1,9})ms\s*\/\s*\d{1,9}ms\))?/;
const CONTACT = /^Contact ([^/]+)\/(.*?) is now ([A-Za-z]{1,20})\.(?:\s+RTT:\s+(\d{1,12}(?:\.\d{1,6})?)\s*msec)?/;
const ENDPOINT = /^Endpoint (\S+) is now (Reachable|Unreachable)\b/;
const REG_FAILED = /^Registration from '(.*)' failed for '([^']*)' - (.*)$/;
const RETRANSMIT = /^Retransmission timeout reached on transmission (\S+) for seqno/;
const REGISTERED = /^Registered SIP '(.+?)' at /;
const UNREGISTERED = /^Unregistered SIP '(.+?)'/;

const CONTACT_STATES: Record<string, PbxDeviceStateType> = { Reachable: 'reachable', Unreachable: 'unreachable' };

function name(text: string): string {
  return text.trim().slice(0, PBX_LOG_MAX_NAME);
}

/** `"Max" <sip:101@pbx.example.com;transport=udp>` → `101`; without a user part the whole value. */
export function registrationDevice(from: string): string {
  const user = /sips?:([^@;>:\s]{1,200})@/i.exec(from);
  if (user?.[1] !== undefined) return name(user[1]);
  const bare = /sips?:([^;>\s]{1,200})/i.exec(from);
  return name(bare?.[1] ?? from.replace(/[<>"]/g, ''));
}

function message(text: string): PbxEventType {
  let m = PEER.exec(text);
  if (m !== null) {
    const device = name(m[1] ?? '');
    if (m[2] === 'UNREACHABLE!') return { kind: 'state', device, state: 'unreachable', rttMs: null, source: 'sip-peer' };
    return { kind: 'state', device, state: m[2] === 'Lagged.' ? 'lagged' : 'reachable', rttMs: m[3] === undefined ? null : Number(m[3]), source: 'sip-peer' };
  }
  m = CONTACT.exec(text);
  if (m !== null) {
    // Unknown, NonQualified, Removed (and labels of newer versions): not a verdict on reachability.
    const state = CONTACT_STATES[m[3] ?? ''] ?? 'unknown';
    // pjsip writes `RTT: 0.000 msec` for an unreachable contact: a time only when it answered.
    const rtt = m[4] === undefined || state !== 'reachable' ? null : Number(m[4]);
    return { kind: 'state', device: name(m[1] ?? ''), state, rttMs: rtt !== null && Number.isFinite(rtt) ? rtt : null, source: 'pjsip-contact' };
  }
  m = ENDPOINT.exec(text);
  if (m !== null) return { kind: 'state', device: name(m[1] ?? ''), state: m[2] === 'Reachable' ? 'reachable' : 'unreachable', rttMs: null, source: 'pjsip-endpoint' };
  m = REG_FAILED.exec(text);
  if (m !== null) {
    // The second value is the source address, not a name: the device is the From's user part.
    return { kind: 'registration-failed', device: registrationDevice(m[1] ?? ''), address: name(m[2] ?? ''), reason: name(m[3] ?? '') };
  }
  m = RETRANSMIT.exec(text);
  if (m !== null) return { kind: 'retransmission-timeout', callId: name(m[1] ?? '') };
  m = REGISTERED.exec(text);
  if (m !== null) return { kind: 'registered', device: name(m[1] ?? '') };
  m = UNREGISTERED.exec(text);
  if (m !== null) return { kind: 'unregistered', device: name(m[1] ?? '') };
  return { kind: 'other' };
}

/** The event of one line (without its line ending), `{ kind: 'other' }` for other Asterisk lines, null for non-Asterisk lines. */
export function classifyPbxLine(line: string): PbxLineType | null {
  const prefix = PREFIX.exec(line);
  const verbose = prefix === null ? VERBOSE.exec(line) : null;
  const match = prefix ?? verbose;
  if (match === null) return null;
  const time = match[1];
  if (time !== undefined && !CLOCK.test(time)) return null;
  const level = prefix !== null ? (prefix[2] ?? '') : 'VERBOSE';
  const event = message(line.slice(match[0].length).trim());
  // A name that is empty after trimming names nothing: keep the line, drop the event.
  if ('device' in event && event.device === '') return { time: time ?? '', level, event: { kind: 'other' } };
  return { time: time ?? '', level, event };
}
