/**
 * Seeded PBX-log scenarios for the tests: random devices, a random sequence of the Asterisk
 * messages FACTS.md lists, interleaved with noise, written in the prefix formats Asterisk uses —
 * together with exactly what an analysis must count. No big hand-typed fixture files.
 */
import type { PbxDeviceStateType, PbxTimelinePointType } from '../../shared/trace/pbx-log-result.js';

export type RngType = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function rng(seed: number): RngType {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const int = (r: RngType, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
export const pick = <T>(r: RngType, list: readonly T[]): T => list[Math.floor(r() * list.length)] as T;

export interface ExpectedDeviceType {
  name: string;
  unreachable: number;
  lagged: number;
  reachable: number;
  lastState: PbxDeviceStateType;
  registrationFailures: number;
  registered: number;
  unregistered: number;
  maxRttMs: number | null;
  timeline: PbxTimelinePointType[];
}

export interface ScenarioType {
  lines: string[];
  expected: {
    lines: number;
    skipped: number;
    devices: Map<string, ExpectedDeviceType>;
    registrationFailures: number;
    retransmissionTimeouts: number;
    firstTime: string | null;
    lastTime: string | null;
  };
}

const UMLAUT_NAMES = ['Küche-Süd', 'Straße.WinClient', 'Büro_Öl', 'Grüße.SFiphone'];
const REASONS = ['Wrong password', 'No matching peer found', 'Device does not match ACL', 'Username/auth name mismatch'];
const LEVELS = ['NOTICE', 'WARNING', 'VERBOSE', 'DEBUG', 'ERROR'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const OTHER_ASTERISK = [
  'Executing [101@default:1] Dial("SIP/101-00000001", "SIP/102,20") in new stack',
  'Received response: "Forbidden" from \'<sip:101@pbx.example.com>;tag=as1\'',
  'Contact 101/sip:101@10.0.0.5:5060 has been deleted',
  'Call from \'\' (10.0.0.9:5060) to extension \'0049\' rejected because extension not found in context \'default\'.',
  'Peer \'101\' is now something else',
  '',
];
const GARBAGE = [
  '2024-03-04 08:52:06,123 INFO  [main] de.vertico.starface.Server - started',
  'asterisk*CLI> sip show peers',
  'Connected to Asterisk 20.5.0 currently running on pbx (pid = 1234)',
  '[Mar  4 08:52:06] no level here at all',
  'NOTICE chan_sip.c: Peer \'101\' is now UNREACHABLE!  Last qualify: 0',
  'at de.vertico.starface.Foo.bar(Foo.java:12)',
  'Peer \'101\' is now Lagged. (2345ms / 2000ms)',
];

function deviceName(r: RngType, withUmlaut: boolean): string {
  if (withUmlaut && r() < 0.3) return pick(r, UMLAUT_NAMES);
  switch (int(r, 0, 5)) {
    case 0: return String(int(r, 100, 999));
    case 1: return `${int(r, 1000, 9999)}.WinClient`;
    case 2: return `${int(r, 1000, 9999)}.SFiphone`;
    case 3: return `trunk_${int(r, 1, 99)}`;
    default: return `${int(r, 1000, 9999)}.SFandroid`;
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** A line prefix in one of the formats Asterisk writes; returns the time as written ('' for none). */
function prefix(r: RngType, clock: number, file: string): { text: string; time: string } {
  const day = 1 + Math.floor(clock / 86_400) % 28;
  const clockText = `${pad2(Math.floor(clock / 3600) % 24)}:${pad2(Math.floor(clock / 60) % 60)}:${pad2(clock % 60)}`;
  const short = `${MONTHS[2]} ${String(day).padStart(2, ' ')} ${clockText}`;
  const iso = `2024-03-${pad2(day)} ${clockText}${r() < 0.5 ? `.${int(r, 100, 999)}` : ''}`;
  const level = pick(r, LEVELS);
  const lwp = int(r, 1, 99999);
  const callId = `[C-${int(r, 0, 0xffffff).toString(16).padStart(8, '0')}]`;
  switch (int(r, 0, 5)) {
    case 0: return { text: `[${short}] ${level}[${lwp}] ${file}: `, time: short };
    case 1: return { text: `[${short}] ${level}[${lwp}]${callId} ${file}: `, time: short };
    case 2: return { text: `[${iso}] ${level}[${lwp}] ${file}: `, time: iso };
    case 3: return { text: `${level}[${lwp}]: ${file}:${int(r, 1, 40000)} sip_poke_noanswer: `, time: '' };
    case 4: return { text: `[${short}] ${level}[${lwp}]: ${file}:${int(r, 1, 40000)} some_function: `, time: short };
    // The console's (and a timestamped verbose log's) form: verbose marker, no level or file.
    default: return r() < 0.5 ? { text: `[${short}]     -- `, time: short } : { text: `  == `, time: '' };
  }
}

function spaces(r: RngType): string {
  return r() < 0.5 ? ' ' : '  ';
}

/** A scenario of `events` lines over `deviceCount` devices; umlaut names only when asked. */
export function scenario(seed: number, events = 200, deviceCount = 8, withUmlaut = true): ScenarioType {
  const r = rng(seed);
  const names = [...new Set(Array.from({ length: deviceCount }, () => deviceName(r, withUmlaut)))];
  const devices = new Map<string, ExpectedDeviceType>();
  const expected: ScenarioType['expected'] = { lines: 0, skipped: 0, devices, registrationFailures: 0, retransmissionTimeouts: 0, firstTime: null, lastTime: null };
  const device = (name: string): ExpectedDeviceType => {
    let d = devices.get(name);
    if (d === undefined) {
      d = { name, unreachable: 0, lagged: 0, reachable: 0, lastState: 'unknown', registrationFailures: 0, registered: 0, unregistered: 0, maxRttMs: null, timeline: [] };
      devices.set(name, d);
    }
    return d;
  };
  const state = (name: string, s: PbxDeviceStateType, rtt: number | null, time: string) => {
    const d = device(name);
    if (s !== 'unknown') d[s]++;
    d.lastState = s;
    if (rtt !== null) d.maxRttMs = Math.max(d.maxRttMs ?? 0, rtt);
    d.timeline.push({ time, state: s, rttMs: rtt });
  };
  const lines: string[] = [];
  let clock = int(r, 0, 86_400 * 20);
  for (let i = 0; i < events; i++) {
    clock += int(r, 0, 120);
    const name = pick(r, names);
    const kind = int(r, 0, 13);
    if (kind >= 12) {
      // Not Asterisk's: garbage or blank.
      lines.push(kind === 12 ? pick(r, GARBAGE) : pick(r, ['', '   ', '\t']));
      expected.skipped++;
      continue;
    }
    const pjsip = kind >= 4 && kind <= 6;
    const p = prefix(r, clock, pjsip ? 'res_pjsip/pjsip_options.c' : 'chan_sip.c');
    expected.lines++;
    if (p.time !== '') {
      expected.firstTime ??= p.time;
      expected.lastTime = p.time;
    }
    let message: string;
    switch (kind) {
      case 0: message = `Peer '${name}' is now UNREACHABLE!${spaces(r)}Last qualify: ${int(r, 0, 5000)}`; state(name, 'unreachable', null, p.time); break;
      case 1: { const rtt = int(r, 1, 1999); message = `Peer '${name}' is now Reachable. (${rtt}ms / 2000ms)`; state(name, 'reachable', rtt, p.time); break; }
      case 2: { const rtt = int(r, 2001, 9000); message = `Peer '${name}' is now Lagged. (${rtt}ms / 2000ms)`; state(name, 'lagged', rtt, p.time); break; }
      case 3: message = pick(r, OTHER_ASTERISK); break;
      case 4: {
        const label = pick(r, ['Reachable', 'Unreachable', 'Unknown', 'NonQualified', 'Removed']);
        const uri = `sip:${name}@10.0.${int(r, 0, 255)}.${int(r, 1, 254)}:5060;ob`;
        const rtt = (int(r, 0, 5_000_000) / 1000).toFixed(3);
        const withRtt = label === 'Reachable' || label === 'Unreachable';
        message = `Contact ${name}/${uri} is now ${label}.${withRtt ? `${spaces(r)}RTT: ${label === 'Unreachable' ? '0.000' : rtt} msec` : ''}`;
        const s: PbxDeviceStateType = label === 'Reachable' ? 'reachable' : label === 'Unreachable' ? 'unreachable' : 'unknown';
        state(name, s, label === 'Reachable' ? Number(rtt) : null, p.time);
        break;
      }
      case 5: { const up = r() < 0.5; message = `Endpoint ${name} is now ${up ? 'Reachable' : 'Unreachable'}`; state(name, up ? 'reachable' : 'unreachable', null, p.time); break; }
      case 6: message = `Contact ${name}/sip:${name}@10.0.0.1:5060 has been created`; break;
      case 7: {
        const from = r() < 0.5 ? `"${name}" <sip:${name}@pbx.example.com>` : `<sip:${name}@10.0.0.1;transport=udp>`;
        message = `Registration from '${from}' failed for '10.0.${int(r, 0, 255)}.${int(r, 1, 254)}:${int(r, 1024, 65535)}' - ${pick(r, REASONS)}`;
        device(name).registrationFailures++;
        expected.registrationFailures++;
        break;
      }
      case 8: message = `Retransmission timeout reached on transmission ${int(r, 1, 1e9).toString(16)}@10.0.0.1:5060 for seqno ${int(r, 1, 99999)} (Critical Request) -- See https://wiki.asterisk.org/`; expected.retransmissionTimeouts++; break;
      case 9: message = `Registered SIP '${name}' at 10.0.0.${int(r, 1, 254)}:5060`; device(name).registered++; break;
      case 10: message = `Unregistered SIP '${name}'`; device(name).unregistered++; break;
      default: message = `    -- Executing [${name}@default:1] NoOp("SIP/${name}-0000001", "") in new stack`;
    }
    lines.push(p.text + message);
  }
  return { lines, expected };
}

/** The file as bytes: encoding, line ending, optional BOM and final line break. */
export function encode(lines: string[], options: { latin1: boolean; crlf: boolean; bom: boolean; finalBreak: boolean }): Uint8Array {
  const eol = options.crlf ? '\r\n' : '\n';
  const text = lines.join(eol) + (options.finalBreak && lines.length > 0 ? eol : '');
  const body = Buffer.from(text, options.latin1 ? 'latin1' : 'utf8');
  return options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** The bytes as an async source in random chunk sizes from 1 byte to 64 KiB. */
export async function* chunked(bytes: Uint8Array, r: RngType, max = 64 * 1024): AsyncGenerator<Uint8Array> {
  let at = 0;
  while (at < bytes.length) {
    const roll = r();
    const size = roll < 0.3 ? int(r, 1, 8) : roll < 0.8 ? int(r, 1, 512) : int(r, 1, max);
    yield bytes.subarray(at, Math.min(bytes.length, at + size));
    at += size;
  }
}
