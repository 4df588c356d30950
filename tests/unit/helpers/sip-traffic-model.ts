import { CaptureWriter, ip, tcp, udp, type WriterOptionsType } from './capture-writer.js';

/**
 * Generated variety for the trace analysis: a random PBX with random phones (UDP or TCP, IPv4 or
 * IPv6), each qualified with OPTIONS answered at once, late (LAGGED) or never (with or without
 * retransmissions), some registering (digest or a 401/403 loop), calls to a provider with random
 * final codes, INVITEs large enough to be fragmented, TCP cut into segments at random places,
 * retransmitted and reordered, and RTP noise. `expected` is counted while generating, so the
 * analysis is checked against what was sent, not against itself.
 */

export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export interface ModelExpectedType {
  sipMessages: number;
  responseCodes: Record<string, number>;
  devices: Record<string, { ok: number; lagged: number; unreachable: number; transport: 'udp' | 'tcp' }>;
  registrations: Record<string, { successes: number; challenges: number; failures: number; authLoops: number }>;
  retransmittedRequests: number;
  fragmentedSip: number;
}

/** What redaction must remove (issue 8 §3): phone numbers, display names, digest responses as sent. */
export interface ModelSecretsType {
  numbers: string[];
  names: string[];
  authValues: string[];
}

export interface WireType {
  time: number;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  transport: 'udp' | 'tcp';
  data: Buffer;
}

const START = 1_764_000_000e6;

export function generateTraffic(seed: number, options: WriterOptionsType): { file: Buffer; expected: ModelExpectedType; secrets: ModelSecretsType } {
  const rnd = prng(seed);
  const int = (a: number, b: number) => a + Math.floor(rnd() * (b - a + 1));
  const v6 = options.linkType !== 0 && rnd() < 0.3;
  const pbx = v6 ? 'fd00::10' : '192.0.2.10';
  const expected: ModelExpectedType = { sipMessages: 0, responseCodes: {}, devices: {}, registrations: {}, retransmittedRequests: 0, fragmentedSip: 0 };
  const wire: WireType[] = [];
  const secrets: ModelSecretsType = { numbers: [], names: [], authValues: [] };
  let branch = 0;
  const code = (c: number) => (expected.responseCodes[String(c)] = (expected.responseCodes[String(c)] ?? 0) + 1);
  const at = (addr: string, port: number) => (addr.includes(':') ? `[${addr}]:${port}` : `${addr}:${port}`);

  const sip = (start: string, headers: Record<string, string>, body = ''): Buffer => {
    const lines = [start, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(body)}`, '', body];
    return Buffer.from(lines.join('\r\n'), 'latin1');
  };
  const send = (w: Omit<WireType, 'data'>, data: Buffer, isResponse: number) => {
    wire.push({ ...w, data });
    expected.sipMessages++;
    if (isResponse > 0) code(isResponse);
  };

  const devices = int(1, 6);
  for (let d = 0; d < devices; d++) {
    const addr = v6 ? `fd00::1:${d + 1}` : `10.0.${int(0, 9)}.${d + 20}`;
    const transport: 'udp' | 'tcp' = rnd() < 0.3 ? 'tcp' : 'udp';
    const port = 5060 + d;
    const pbxPort = transport === 'tcp' ? 40000 + d : 5060;
    const name = `${100 + d}.SFiphone`;
    const device = { ok: 0, lagged: 0, unreachable: 0, transport };
    expected.devices[at(addr, port)] = device;
    let t = START + int(0, 5) * 1e6;
    const toPhone = { src: pbx, sport: pbxPort, dst: addr, dport: port, transport };
    const toPbx = { src: addr, sport: port, dst: pbx, dport: pbxPort, transport };
    // Registration first, as a phone does after boot.
    const reg = rnd();
    if (reg < 0.6) {
      const loop = reg < 0.2;
      const r = { successes: 0, challenges: 0, failures: 0, authLoops: 0 };
      const answers = loop ? [401, 401, 403] : [401, 200];
      answers.forEach((c, i) => {
        const h = { Via: `SIP/2.0/${transport.toUpperCase()} ${at(addr, port)};branch=z9hG4bKr${++branch}`, From: `<sip:${name}@${pbx}>;tag=r${d}`, To: `<sip:${name}@${pbx}>`, 'Call-ID': `reg-${seed}-${d}`, CSeq: `${i + 1} REGISTER`, Contact: `<sip:${name}@${at(addr, port)}>`, Expires: '3600' };
        const response = ((seed * 2654435761 + d * 40503 + i) >>> 0).toString(16).padStart(8, 'f').repeat(4);
        const auth: Record<string, string> = i === 0 ? {} : { Authorization: `Digest username="${name}", realm="starface", nonce="n${seed}x${d}", uri="sip:${pbx}", response="${response}", algorithm=MD5` };
        if (i > 0) secrets.authValues.push(response);
        send({ time: t, ...toPbx }, sip(`REGISTER sip:${pbx} SIP/2.0`, { ...h, ...auth }), 0);
        t += int(5, 80) * 1000;
        send({ time: t, ...toPhone }, sip(`SIP/2.0 ${c} X`, { ...h, To: `${h.To};tag=p${d}`, ...(c === 200 ? { Expires: '600' } : {}) }), c);
        t += int(5, 80) * 1000;
        if (c === 200) r.successes++;
        else if (c === 401) r.challenges++;
        else r.failures++;
      });
      if (loop) r.authLoops = 1;
      expected.registrations[at(addr, port)] = r;
    }
    const probes = int(1, 8);
    for (let p = 0; p < probes; p++) {
      t += int(6, 60) * 1e6;
      const h = { Via: `SIP/2.0/${transport.toUpperCase()} ${at(pbx, pbxPort)};branch=z9hG4bKq${++branch}`, From: `<sip:pbx@${pbx}>;tag=q${branch}`, To: `<sip:${name}@${at(addr, port)}>`, 'Call-ID': `q-${seed}-${branch}`, CSeq: '102 OPTIONS', 'Max-Forwards': '70' };
      const request = sip(`OPTIONS sip:${name}@${at(addr, port)} SIP/2.0`, h);
      send({ time: t, ...toPhone }, request, 0);
      const fate = rnd();
      if (fate < 0.55) {
        device.ok++;
        send({ time: t + int(1, 1900) * 1000, ...toPhone, ...toPbx }, sip('SIP/2.0 200 OK', { ...h, To: `${h.To};tag=a${branch}` }), 200);
      } else if (fate < 0.75) {
        device.lagged++;
        send({ time: t + int(2100, 5000) * 1000, ...toPbx }, sip('SIP/2.0 200 OK', { ...h, To: `${h.To};tag=a${branch}` }), 200);
      } else {
        device.unreachable++;
        if (transport === 'udp')
          for (let k = 0, n = int(0, 2); k < n; k++) {
            send({ time: t + (k === 0 ? 500 : 1500) * 1000, ...toPhone }, request, 0);
            expected.retransmittedRequests++;
          }
      }
    }
  }
  // Calls from the PBX to the provider, some with an SDP big enough to be fragmented over UDP.
  const provider = v6 ? 'fd00::99' : '198.51.100.7';
  let t = START + 10e6;
  for (let c = 0, calls = int(0, 6); c < calls; c++) {
    t += int(1, 20) * 1e6;
    const big = rnd() < 0.4;
    const body = `v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 10000 RTP/AVP 8 0 101\r\n${big ? 'a=x-filler:'.concat('y'.repeat(1800), '\r\n') : ''}`;
    const caller = `Jürgen Müller ${String.fromCharCode(65 + c)}`;
    const called = `+49891${seed % 1000}${c}7`;
    secrets.names.push(caller);
    secrets.numbers.push('+4930123', `+4930123${seed % 100}${c}9`, called);
    const h = { Via: `SIP/2.0/UDP ${at(pbx, 5060)};branch=z9hG4bKc${++branch}`, From: `"${caller}" <sip:+4930123@${pbx}>;tag=c${c}`, To: `<sip:${called}@${provider}>`, 'Call-ID': `call-${seed}-${c}`, CSeq: '1 INVITE', 'Content-Type': 'application/sdp', 'P-Asserted-Identity': `"${caller}" <tel:+4930123${seed % 100}${c}9>` };
    const out = { src: pbx, sport: 5060, dst: provider, dport: 5060, transport: 'udp' as const };
    const back = { src: provider, sport: 5060, dst: pbx, dport: 5060, transport: 'udp' as const };
    send({ time: t, ...out }, sip(`INVITE sip:${called}@${provider} SIP/2.0`, h, body), 0);
    if (big) expected.fragmentedSip++;
    const final = [200, 404, 480, 486, 500, 503][int(0, 5)] ?? 404;
    const { 'Content-Type': _ct, ...plain } = h;
    send({ time: t + 30e3, ...back }, sip('SIP/2.0 100 Trying', plain), 100);
    send({ time: t + 900e3, ...back }, sip(`SIP/2.0 ${final} X`, { ...plain, To: `${h.To};tag=x${c}` }), final);
    send({ time: t + 910e3, ...out }, sip(`ACK sip:${called}@${provider} SIP/2.0`, { ...plain, CSeq: '1 ACK', To: `${h.To};tag=x${c}` }), 0);
  }
  wire.sort((a, b) => a.time - b.time);
  const last = wire.length > 0 ? (wire[wire.length - 1]?.time ?? START) : START;
  return { file: write(wire, options, rnd, last + 40e6), expected, secrets };
}

export function write(wire: WireType[], options: WriterOptionsType, rnd: () => number, end: number): Buffer {
  const w = new CaptureWriter(options);
  const seq = new Map<string, number>();
  let id = 1;
  for (const m of wire) {
    if (rnd() < 0.3) w.packet(m.time - 1, ip(m.src, m.dst, 17, udp(16384, 16386, rtp(rnd)), id++)[0]!); // RTP noise
    if (m.transport === 'udp') {
      for (const p of ip(m.src, m.dst, 17, udp(m.sport, m.dport, m.data), id++, 1500)) w.packet(m.time, p);
      continue;
    }
    const key = `${m.src}|${m.sport}>${m.dst}|${m.dport}`;
    const start = seq.get(key) ?? 1000;
    // A connection opens with SYN / SYN-ACK, as it does on the wire.
    if (!seq.has(key)) w.packet(m.time - 1000, ip(m.src, m.dst, 6, tcp(m.sport, m.dport, start - 1, m.sport < m.dport ? 0x12 : 0x02, Buffer.alloc(0)), id++)[0]!);
    seq.set(key, start + m.data.length);
    // Cut the message at random places; sometimes send a piece twice or two pieces swapped.
    const cuts = [0, ...[1, 2].map(() => Math.floor(rnd() * m.data.length)).sort((a, b) => a - b), m.data.length].filter((v, i, a) => i === 0 || v > (a[i - 1] ?? -1));
    const segments = cuts.slice(0, -1).map((c, i) => ({ seq: start + c, data: m.data.subarray(c, cuts[i + 1]) }));
    if (segments.length > 1 && rnd() < 0.3) segments.reverse();
    if (rnd() < 0.3) segments.push(segments[0]!);
    for (const s of segments) w.packet(m.time, ip(m.src, m.dst, 6, tcp(m.sport, m.dport, s.seq, 0x18, s.data), id++)[0]!);
  }
  // Something after the last exchange, so that every unanswered probe is past its 32 s.
  w.packet(end, ip(wire[0]?.src ?? '192.0.2.10', wire[0]?.dst ?? '192.0.2.11', 17, udp(9, 9, Buffer.from([0])), id++)[0]!);
  return w.toBuffer();
}

function rtp(rnd: () => number): Buffer {
  const b = Buffer.alloc(172);
  b[0] = 0x80;
  b[1] = 8;
  for (let i = 12; i < b.length; i++) b[i] = Math.floor(rnd() * 256);
  return b;
}
