import type { DialogStateType } from '../../../shared/trace/ladder.js';
import type { WriterOptionsType } from './capture-writer.js';
import { prng, write, type WireType } from './sip-traffic-model.js';

/**
 * Generated dialogs for the ladder: whole calls (answered and hung up, busy, cancelled, rejected,
 * diverted, still ringing, unanswered, answered after a digest challenge), registrations and
 * OPTIONS, over UDP (some INVITEs big enough to be fragmented) or TCP (cut into segments), IPv4 or
 * IPv6, with requests and responses retransmitted at random. `expected` is counted while
 * generating: each dialog's state, codes, messages and retransmissions as sent.
 */

export interface ExpectedDialogType {
  method: string;
  state: DialogStateType;
  codes: number[];
  messages: number;
  retransmissions: number;
  from: string;
  to: string;
  src: string;
}

type KindType = DialogStateType | 'auth-call' | 'reg-ok' | 'reg-failed' | 'reg-none' | 'options-ok' | 'options-none';
const KINDS: KindType[] = ['completed', 'busy', 'cancelled', 'rejected', 'diverted', 'in-call', 'ringing', 'calling', 'auth-call', 'reg-ok', 'reg-failed', 'reg-none', 'options-ok', 'options-none'];

const START = 1_764_000_000e6;

export function generateDialogs(seed: number, options: WriterOptionsType, dialogs: number): { file: Buffer; expected: Map<string, ExpectedDialogType>; wire: WireType[] } {
  const rnd = prng(seed);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const v6 = options.linkType !== 0 && rnd() < 0.3;
  const pbx = v6 ? 'fd00::10' : '192.0.2.10';
  const at = (addr: string, port: number) => (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);
  const expected = new Map<string, ExpectedDialogType>();
  const wire: WireType[] = [];
  let t = START;
  let branch = 0;

  for (let n = 0; n < dialogs; n++) {
    const kind = KINDS[int(0, KINDS.length - 1)]!;
    const phone = v6 ? `fd00::1:${int(1, 40)}` : `10.0.${int(0, 3)}.${int(20, 60)}`;
    const tcp = rnd() < 0.3;
    const port = tcp ? 41000 + n : 5060;
    const transport = tcp ? ('tcp' as const) : ('udp' as const);
    const up = { src: phone, sport: port, dst: pbx, dport: 5060, transport };
    const down = { src: pbx, sport: 5060, dst: phone, dport: port, transport };
    const callId = `d${seed}-${n}@${phone.includes(':') ? `[${phone}]` : phone}`;
    const user = `${100 + int(0, 899)}`;
    const callee = `0${int(100000, 999999)}`;
    const invite = !kind.startsWith('reg') && !kind.startsWith('options');
    const method = invite ? 'INVITE' : kind.startsWith('reg') ? 'REGISTER' : 'OPTIONS';
    const to = method === 'REGISTER' ? `${user}@${pbx}` : method === 'OPTIONS' ? `${pbx}` : `${callee}@${pbx}`;
    const e: ExpectedDialogType = { method, state: 'no-answer', codes: [], messages: 0, retransmissions: 0, from: `${user}@${pbx}`, to, src: at(phone, port) };
    expected.set(callId, e);
    t += int(1, 400) * 1000;
    let now = t;
    let cseq = 1;
    let via = `SIP/2.0/${transport.toUpperCase()} ${at(phone, port)};branch=z9hG4bK${seed}x${++branch}`;
    const headers = () => ({ Via: via, From: `"Tel ${user}" <sip:${user}@${pbx}>;tag=f${n}`, To: `<sip:${to}>`, 'Call-ID': callId, 'Max-Forwards': '70' });
    const build = (start: string, h: Record<string, string>, body = '') =>
      Buffer.from([start, ...Object.entries(h).map(([k, v]) => `${k}: ${v}`), ...(body ? ['Content-Type: application/sdp'] : []), `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'), 'latin1');
    const send = (w: typeof up, data: Buffer, gap: number, code = 0) => {
      now += gap;
      wire.push({ time: now, ...w, data });
      e.messages++;
      if (code > 0 && !e.codes.includes(code)) e.codes.push(code);
      // UDP only: over TCP a SIP message is not resent (RFC 3261 §17.1.1.2).
      if (!tcp && rnd() < 0.12) {
        for (let k = 0, times = int(1, 2); k < times; k++) {
          now += 500e3;
          wire.push({ time: now, ...w, data });
          e.messages++;
          e.retransmissions++;
        }
      }
    };
    const request = (m: string, body = '') => build(`${m} sip:${m === 'REGISTER' ? pbx : to} SIP/2.0`, { ...headers(), CSeq: `${cseq} ${m}` }, body);
    const response = (code: number, m: string, tag = true) => build(`SIP/2.0 ${code} Text`, { ...headers(), ...(tag ? { To: `<sip:${to}>;tag=t${n}` } : {}), CSeq: `${cseq} ${m}` });
    const sdp = `v=0\r\no=- ${n} 1 IN IP4 ${phone}\r\ns=-\r\nc=IN IP4 ${phone}\r\nt=0 0\r\nm=audio ${10000 + 2 * (n % 5000)} RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\n${!tcp && rnd() < 0.2 ? `a=x-filler:${'y'.repeat(1700)}\r\n` : ''}`;
    const ack = () => send(up, build(`ACK sip:${to} SIP/2.0`, { ...headers(), To: `<sip:${to}>;tag=t${n}`, CSeq: `${cseq} ACK` }), int(1, 20) * 1000);
    const newTransaction = () => {
      cseq++;
      via = `SIP/2.0/${transport.toUpperCase()} ${at(phone, port)};branch=z9hG4bK${seed}x${++branch}`;
    };

    if (invite) {
      send(up, request('INVITE', sdp), 0);
      if (kind === 'calling') {
        e.state = 'calling';
        continue;
      }
      if (kind === 'auth-call') {
        send(down, response(407, 'INVITE'), int(5, 40) * 1000, 407);
        ack();
        newTransaction();
        send(up, request('INVITE', sdp), int(5, 40) * 1000);
      }
      send(down, response(100, 'INVITE', false), int(5, 40) * 1000, 100);
      if (kind === 'busy') {
        send(down, response(486, 'INVITE'), int(50, 400) * 1000, 486);
        ack();
        e.state = 'busy';
        continue;
      }
      if (kind === 'rejected' || kind === 'diverted') {
        const code = kind === 'diverted' ? 302 : [403, 404, 480, 503, 603][int(0, 4)]!;
        send(down, response(code, 'INVITE'), int(50, 400) * 1000, code);
        ack();
        e.state = kind;
        continue;
      }
      send(down, response(180, 'INVITE'), int(50, 400) * 1000, 180);
      e.state = 'ringing';
      if (kind === 'ringing') continue;
      if (kind === 'cancelled') {
        const cancel = build(`CANCEL sip:${to} SIP/2.0`, { ...headers(), CSeq: `${cseq} CANCEL` });
        send(up, cancel, int(1000, 5000) * 1000);
        send(down, response(200, 'CANCEL'), int(5, 40) * 1000, 200);
        send(down, response(487, 'INVITE'), int(1, 10) * 1000, 487);
        ack();
        e.state = 'cancelled';
        continue;
      }
      send(down, build(`SIP/2.0 200 OK`, { ...headers(), To: `<sip:${to}>;tag=t${n}`, CSeq: `${cseq} INVITE` }, sdp), int(1000, 8000) * 1000, 200);
      ack();
      e.state = 'in-call';
      if (kind === 'in-call') continue;
      newTransaction();
      send(up, build(`BYE sip:${to} SIP/2.0`, { ...headers(), To: `<sip:${to}>;tag=t${n}`, CSeq: `${cseq} BYE` }), int(2000, 60000) * 1000);
      send(down, response(200, 'BYE'), int(5, 40) * 1000, 200);
      e.state = 'completed';
      continue;
    }
    send(up, request(method), 0);
    if (kind === 'reg-none' || kind === 'options-none') continue;
    if (kind === 'reg-ok') {
      send(down, response(401, 'REGISTER'), int(5, 40) * 1000, 401);
      newTransaction();
      send(up, request('REGISTER'), int(5, 40) * 1000);
      send(down, response(200, 'REGISTER'), int(5, 40) * 1000, 200);
      e.state = 'completed';
    } else if (kind === 'reg-failed') {
      send(down, response(403, 'REGISTER'), int(5, 40) * 1000, 403);
      e.state = 'failed';
    } else {
      send(down, response(200, 'OPTIONS'), int(5, 40) * 1000, 200);
      e.state = 'completed';
    }
  }
  for (const d of expected.values()) d.codes.sort((a, b) => a - b);
  wire.sort((a, b) => a.time - b.time);
  const last = wire[wire.length - 1]?.time ?? START;
  return { file: write(wire, options, rnd, last + 1e6), expected, wire };
}
