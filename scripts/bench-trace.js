#!/usr/bin/env node
// The capture-analysis figures of `npm run bench` (issue: "analyze against tshark and sngrep"):
// two captures generated here, deterministically (seeded PRNG), into a temp dir removed afterwards:
//  - SIP only, 200 000 packets: 500 phones qualified with OPTIONS (some late, some never answering,
//    with UDP retransmissions), REGISTER → 401 → REGISTER → 200, and calls (INVITE with SDP, 100,
//    180, 200 with SDP, ACK, BYE, 200; some 404/480/500/503). Every OPTIONS transaction and every
//    call has its own Call-ID, so the file holds far more than sngrep's default 20 000 dialogs.
//  - mixed, 1 000 000 packets: the same kind of SIP with fewer, longer calls, and their RTP (both
//    directions, 20 ms apart, 12-byte RTP header + 160 bytes PCMA) – the large majority of packets.
//  - SIP only ×5, 1 000 000 packets: the first capture continued (same seed), for memory as the file
//    grows with the same traffic; only `analyze` runs on it.
// Then, on the first two files in the same run: `starface-triage analyze FILE --json` (the real CLI), `tshark -n
// -r FILE -Y sip` and `sngrep -N -q -I FILE -O out.pcap` (if installed), each under /usr/bin/time.
// Standalone: `node scripts/bench-trace.js [--json] [--keep]`.
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

// ───────────────────────────── capture generator ─────────────────────────────

/** mulberry32: small, fast, deterministic. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    exp: (mean) => -mean * Math.log(1 - next()),
    hex: (n) => {
      let s = '';
      while (s.length < n) s += ((next() * 4294967296) >>> 0).toString(16).padStart(8, '0');
      return s.slice(0, n);
    },
  };
}

const ip4 = (a, b, c, d) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const ipText = (n) => `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const PBX = ip4(192, 0, 2, 10);
const PBX_TEXT = ipText(PBX);
const ALLOW = 'INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, SUBSCRIBE, NOTIFY, INFO, PUBLISH, MESSAGE';
const PHONE_AGENTS = ['Yealink SIP-T46S 66.86.0.15', 'snom D785/10.1.141.13', 'Grandstream GXP2170 1.0.11.23', 'STARFACE SIP Phone 3.2.0'];

/** A min-heap of actors keyed by the time (µs) of their next packet; ties by insertion order. */
class Heap {
  a = [];
  seq = 0;
  push(e) {
    e.k = this.seq++;
    const a = this.a;
    let i = a.push(e) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p], e)) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = e;
  }
  pop() {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const c = l + 1 < a.length && less(a[l + 1], a[l]) ? l + 1 : l;
        if (less(last, a[c])) break;
        a[i] = a[c];
        i = c;
      }
      a[i] = last;
    }
    return top;
  }
  get size() {
    return this.a.length;
  }
}
const less = (x, y) => x.t < y.t || (x.t === y.t && x.k < y.k);

/** pcap (magic a1b2c3d4 little-endian, µs, linktype 1) written in 8 MiB batches. */
class PcapWriter {
  constructor(path) {
    this.stream = createWriteStream(path);
    this.buf = Buffer.allocUnsafe(8 << 20);
    this.off = 0;
    this.ipId = 1;
    const h = this.buf;
    h.writeUInt32LE(0xa1b2c3d4, 0);
    h.writeUInt16LE(2, 4);
    h.writeUInt16LE(4, 6);
    h.writeInt32LE(0, 8);
    h.writeUInt32LE(0, 12);
    h.writeUInt32LE(65535, 16);
    h.writeUInt32LE(1, 20);
    this.off = 24;
  }
  full(bytes) {
    return this.off + bytes + 58 > this.buf.length;
  }
  async flush() {
    const chunk = this.buf.subarray(0, this.off);
    this.buf = Buffer.allocUnsafe(8 << 20);
    this.off = 0;
    if (!this.stream.write(chunk)) await new Promise((res) => this.stream.once('drain', res));
  }
  /** One Ethernet/IPv4/UDP frame; UDP checksum 0 (allowed for IPv4). */
  udp(tUs, src, sport, dst, dport, payload) {
    const b = this.buf;
    let o = this.off;
    const frame = 14 + 20 + 8 + payload.length;
    b.writeUInt32LE(Math.floor(tUs / 1e6), o);
    b.writeUInt32LE(tUs % 1e6, o + 4);
    b.writeUInt32LE(frame, o + 8);
    b.writeUInt32LE(frame, o + 12);
    o += 16;
    // Ethernet: the PBX's MAC and the phone's (from its address)
    const phone = src === PBX ? dst : src;
    const pbxMac = [0x00, 0x50, 0x56, 0x0a, 0x00, 0x0a];
    const phoneMac = [0x80, 0x5e, 0xc0, (phone >>> 16) & 255, (phone >>> 8) & 255, phone & 255];
    const [dm, sm] = src === PBX ? [phoneMac, pbxMac] : [pbxMac, phoneMac];
    for (let i = 0; i < 6; i++) {
      b[o + i] = dm[i];
      b[o + 6 + i] = sm[i];
    }
    b[o + 12] = 0x08;
    b[o + 13] = 0x00;
    o += 14;
    // IPv4
    const ip = o;
    b[o] = 0x45;
    b[o + 1] = 0xb8; // DSCP EF
    b.writeUInt16BE(20 + 8 + payload.length, o + 2);
    b.writeUInt16BE(this.ipId, o + 4);
    this.ipId = (this.ipId + 1) & 0xffff;
    b.writeUInt16BE(0x4000, o + 6);
    b[o + 8] = 64;
    b[o + 9] = 17;
    b[o + 10] = 0;
    b[o + 11] = 0;
    b.writeUInt32BE(src, o + 12);
    b.writeUInt32BE(dst, o + 16);
    let sum = 0;
    for (let i = 0; i < 20; i += 2) sum += (b[ip + i] << 8) | b[ip + i + 1];
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    b.writeUInt16BE(~sum & 0xffff, ip + 10);
    o += 20;
    // UDP
    b.writeUInt16BE(sport, o);
    b.writeUInt16BE(dport, o + 2);
    b.writeUInt16BE(8 + payload.length, o + 4);
    b.writeUInt16BE(0, o + 6);
    o += 8;
    payload.copy(b, o);
    this.off = o + payload.length;
  }
  async close() {
    await this.flush();
    await new Promise((res, rej) => this.stream.end((e) => (e ? rej(e) : res())));
  }
}

const sip = (lines, body = '') => Buffer.from(`${lines.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`, 'latin1');

function sdp(rng, addr, port) {
  const id = rng.int(100000000, 999999999);
  return [
    'v=0',
    `o=- ${id} ${id} IN IP4 ${addr}`,
    's=SIP Call',
    `c=IN IP4 ${addr}`,
    't=0 0',
    `m=audio ${port} RTP/AVP 8 0 9 101`,
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:9 G722/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-15',
    'a=ptime:20',
    'a=maxptime:150',
    'a=sendrecv',
    '',
  ].join('\r\n');
}

/**
 * Writes a capture of `packets` packets. Returns the ground truth: packets, SIP messages, distinct
 * Call-IDs, RTP packets, bytes, span. Actors are generator functions yielding packets
 * `{ t, src, sport, dst, dport, payload }` in their own time order, or `{ t, spawn }` to start another.
 */
export async function generateCapture(path, { packets, seed = 1, devices: deviceCount = 500, callsPerSecond, callMeanSeconds, ringMeanSeconds = 4, rtp = false, qualifySeconds = 60, registerSeconds = 150 }) {
  const rng = prng(seed);
  const devices = [];
  for (let i = 0; i < deviceCount; i++) {
    const addr = ip4(10, 20, 1 + Math.floor(i / 200), 10 + (i % 200));
    const roll = rng.next();
    devices.push({
      i,
      addr,
      text: ipText(addr),
      ext: String(200 + i),
      agent: PHONE_AGENTS[i % PHONE_AGENTS.length],
      // 2 % never answer OPTIONS; 5 % answer late (> 2000 ms) now and then
      silent: roll < 0.02,
      slow: roll >= 0.02 && roll < 0.07,
      regCallId: `${rng.hex(16)}@${ipText(addr)}`,
      regCseq: rng.int(1, 500),
    });
  }
  const callIds = new Set();
  const truth = { packets: 0, sipMessages: 0, rtpPackets: 0, dialogs: 0, bytes: 0, seconds: 0 };
  const start = Date.UTC(2026, 10, 27, 8, 0, 0) * 1000; // µs
  const us = (s) => Math.round(s * 1e6);
  const branch = () => `z9hG4bK${rng.hex(16)}`;
  const tag = () => rng.hex(10);

  function* qualify(d) {
    let t = start + us(rng.next() * qualifySeconds);
    let cseq = 102;
    for (;;) {
      const callId = `${rng.hex(32)}@${PBX_TEXT}:5060`;
      const via = `Via: SIP/2.0/UDP ${PBX_TEXT}:5060;branch=${branch()};rport`;
      const from = `From: "STARFACE" <sip:starface@${PBX_TEXT}>;tag=${tag()}`;
      const cs = `CSeq: ${cseq++} OPTIONS`;
      const req = sip([`OPTIONS sip:${d.ext}@${d.text}:5060 SIP/2.0`, via, 'Max-Forwards: 70', from, `To: <sip:${d.ext}@${d.text}:5060>`, `Contact: <sip:starface@${PBX_TEXT}:5060>`, `Call-ID: ${callId}`, cs, 'User-Agent: STARFACE PBX 9.0.0', `Allow: ${ALLOW}`, 'Supported: replaces, timer']);
      const late = d.slow && rng.next() < 0.3;
      const rtt = d.silent ? Infinity : late ? 2.05 + rng.next() * 1.5 : 0.004 + rng.exp(0.02);
      // UDP retransmissions (T1 = 500 ms doubling) until the answer or 32 s
      let at = 0;
      let gap = 0.5;
      const answerAt = t + us(rtt);
      while (at < 32) {
        const when = t + us(at);
        if (when >= answerAt) break;
        yield { t: when, src: PBX, sport: 5060, dst: d.addr, dport: 5060, payload: req };
        at += gap;
        gap = Math.min(gap * 2, 4);
      }
      if (!d.silent) {
        const res = sip(['SIP/2.0 200 OK', `${via};received=${PBX_TEXT}`, from, `To: <sip:${d.ext}@${d.text}:5060>;tag=${tag()}`, `Call-ID: ${callId}`, cs, `Contact: <sip:${d.ext}@${d.text}:5060>`, `User-Agent: ${d.agent}`, `Allow: ${ALLOW}`, 'Accept: application/sdp', 'Supported: replaces, timer']);
        yield { t: answerAt, src: d.addr, sport: 5060, dst: PBX, dport: 5060, payload: res };
      }
      t += us(qualifySeconds + rng.next() * 0.2);
    }
  }

  function* register(d) {
    let t = start + us(rng.next() * registerSeconds);
    for (;;) {
      const fromTag = tag();
      const head = (cseq, b) => [`REGISTER sip:${PBX_TEXT} SIP/2.0`, `Via: SIP/2.0/UDP ${d.text}:5060;branch=${b};rport`, 'Max-Forwards: 70', `From: <sip:${d.ext}@${PBX_TEXT}>;tag=${fromTag}`, `To: <sip:${d.ext}@${PBX_TEXT}>`, `Call-ID: ${d.regCallId}`, `CSeq: ${cseq} REGISTER`, `Contact: <sip:${d.ext}@${d.text}:5060>`, `User-Agent: ${d.agent}`, 'Expires: 300', `Allow: ${ALLOW}`];
      const b1 = branch();
      const c1 = d.regCseq++;
      yield { t, src: d.addr, sport: 5060, dst: PBX, dport: 5060, payload: sip(head(c1, b1)) };
      const nonce = rng.hex(24);
      t += us(0.002 + rng.exp(0.003));
      yield { t, src: PBX, sport: 5060, dst: d.addr, dport: 5060, payload: sip(['SIP/2.0 401 Unauthorized', `Via: SIP/2.0/UDP ${d.text}:5060;branch=${b1};rport=5060;received=${d.text}`, `From: <sip:${d.ext}@${PBX_TEXT}>;tag=${fromTag}`, `To: <sip:${d.ext}@${PBX_TEXT}>;tag=${tag()}`, `Call-ID: ${d.regCallId}`, `CSeq: ${c1} REGISTER`, 'Server: STARFACE PBX 9.0.0', `WWW-Authenticate: Digest algorithm=MD5, realm="starface", nonce="${nonce}", qop="auth"`]) };
      const b2 = branch();
      const c2 = d.regCseq++;
      t += us(0.01 + rng.exp(0.01));
      yield { t, src: d.addr, sport: 5060, dst: PBX, dport: 5060, payload: sip([...head(c2, b2), `Authorization: Digest username="${d.ext}", realm="starface", nonce="${nonce}", uri="sip:${PBX_TEXT}", response="${rng.hex(32)}", algorithm=MD5, cnonce="${rng.hex(8)}", qop=auth, nc=00000001`]) };
      t += us(0.003 + rng.exp(0.005));
      yield { t, src: PBX, sport: 5060, dst: d.addr, dport: 5060, payload: sip(['SIP/2.0 200 OK', `Via: SIP/2.0/UDP ${d.text}:5060;branch=${b2};rport=5060;received=${d.text}`, `From: <sip:${d.ext}@${PBX_TEXT}>;tag=${fromTag}`, `To: <sip:${d.ext}@${PBX_TEXT}>;tag=${tag()}`, `Call-ID: ${d.regCallId}`, `CSeq: ${c2} REGISTER`, `Contact: <sip:${d.ext}@${d.text}:5060>;expires=300`, 'Server: STARFACE PBX 9.0.0', `Date: ${new Date(t / 1000).toUTCString()}`]) };
      t += us(registerSeconds * (0.95 + rng.next() * 0.1));
    }
  }

  function* rtpStream(t, end, src, sport, dst, dport) {
    const payload = Buffer.allocUnsafe(172);
    const ssrc = (rng.next() * 4294967296) >>> 0;
    let seq = rng.int(0, 65535);
    let ts = (rng.next() * 4294967296) >>> 0;
    for (let first = true; t < end; first = false) {
      payload[0] = 0x80;
      payload[1] = first ? 0x88 : 0x08; // PT 8 (PCMA), marker on the first
      payload.writeUInt16BE(seq, 2);
      payload.writeUInt32BE(ts, 4);
      payload.writeUInt32BE(ssrc, 8);
      for (let i = 12; i < 172; i += 4) payload.writeUInt32LE((rng.next() * 4294967296) >>> 0, i);
      yield { t, src, sport, dst, dport, payload };
      seq = (seq + 1) & 0xffff;
      ts = (ts + 160) >>> 0;
      t += 20000 + Math.round((rng.next() - 0.5) * 600);
    }
  }

  function* call(t, d) {
    const callId = `${rng.hex(24)}@${d.text}`;
    const fromTag = tag();
    const toTag = tag();
    const callee = rng.next() < 0.6 ? String(rng.int(200, 200 + deviceCount - 1)) : `0${rng.int(6000000, 7999999)}`;
    const b = branch();
    const from = `From: "${d.ext}" <sip:${d.ext}@${PBX_TEXT}>;tag=${fromTag}`;
    const to = `To: <sip:${callee}@${PBX_TEXT}>`;
    const phonePort = 2 * rng.int(5000, 9999);
    const pbxPort = 2 * rng.int(5000, 9999);
    const inviteVia = `Via: SIP/2.0/UDP ${d.text}:5060;branch=${b};rport`;
    const resVia = `${inviteVia.replace(';rport', ';rport=5060')};received=${d.text}`;
    const up = (t2, payload) => ({ t: t2, src: d.addr, sport: 5060, dst: PBX, dport: 5060, payload });
    const down = (t2, payload) => ({ t: t2, src: PBX, sport: 5060, dst: d.addr, dport: 5060, payload });
    yield up(t, sip([`INVITE sip:${callee}@${PBX_TEXT} SIP/2.0`, inviteVia, 'Max-Forwards: 70', from, to, `Call-ID: ${callId}`, 'CSeq: 1 INVITE', `Contact: <sip:${d.ext}@${d.text}:5060>`, `User-Agent: ${d.agent}`, `Allow: ${ALLOW}`, 'Supported: replaces, timer', 'Content-Type: application/sdp'], sdp(rng, d.text, phonePort)));
    t += us(0.002 + rng.exp(0.002));
    yield down(t, sip(['SIP/2.0 100 Trying', resVia, from, to, `Call-ID: ${callId}`, 'CSeq: 1 INVITE', 'Server: STARFACE PBX 9.0.0']));
    const roll = rng.next();
    const fail = roll < 0.05 ? '404 Not Found' : roll < 0.09 ? '480 Temporarily Unavailable' : roll < 0.105 ? '500 Server Internal Error' : roll < 0.12 ? '503 Service Unavailable' : null;
    const toTagged = `${to};tag=${toTag}`;
    if (fail === null || fail.startsWith('480')) {
      t += us(0.05 + rng.exp(0.1));
      yield down(t, sip(['SIP/2.0 180 Ringing', resVia, from, toTagged, `Call-ID: ${callId}`, 'CSeq: 1 INVITE', `Contact: <sip:${callee}@${PBX_TEXT}:5060>`, 'Server: STARFACE PBX 9.0.0']));
    }
    if (fail !== null) {
      t += us(fail.startsWith('480') ? 20 + rng.next() * 10 : 0.01 + rng.exp(0.05));
      yield down(t, sip([`SIP/2.0 ${fail}`, resVia, from, toTagged, `Call-ID: ${callId}`, 'CSeq: 1 INVITE', 'Server: STARFACE PBX 9.0.0']));
      t += us(0.001 + rng.exp(0.002));
      yield up(t, sip([`ACK sip:${callee}@${PBX_TEXT} SIP/2.0`, inviteVia, 'Max-Forwards: 70', from, toTagged, `Call-ID: ${callId}`, 'CSeq: 1 ACK']));
      return;
    }
    t += us(0.5 + rng.exp(ringMeanSeconds));
    yield down(t, sip(['SIP/2.0 200 OK', resVia, from, toTagged, `Call-ID: ${callId}`, 'CSeq: 1 INVITE', `Contact: <sip:${callee}@${PBX_TEXT}:5060>`, 'Server: STARFACE PBX 9.0.0', `Allow: ${ALLOW}`, 'Supported: replaces, timer', 'Content-Type: application/sdp'], sdp(rng, PBX_TEXT, pbxPort)));
    t += us(0.005 + rng.exp(0.01));
    yield up(t, sip([`ACK sip:${callee}@${PBX_TEXT}:5060 SIP/2.0`, `Via: SIP/2.0/UDP ${d.text}:5060;branch=${branch()};rport`, 'Max-Forwards: 70', from, toTagged, `Call-ID: ${callId}`, 'CSeq: 1 ACK']));
    const end = t + us(1 + rng.exp(callMeanSeconds));
    if (rtp) {
      yield { t: t + us(0.01), spawn: rtpStream(t + us(0.01), end, d.addr, phonePort, PBX, pbxPort) };
      yield { t: t + us(0.015), spawn: rtpStream(t + us(0.015), end, PBX, pbxPort, d.addr, phonePort) };
    }
    t = end + us(0.03);
    const byeBranch = branch();
    if (rng.next() < 0.5) {
      const v = `Via: SIP/2.0/UDP ${d.text}:5060;branch=${byeBranch};rport`;
      yield up(t, sip([`BYE sip:${callee}@${PBX_TEXT}:5060 SIP/2.0`, v, 'Max-Forwards: 70', from, toTagged, `Call-ID: ${callId}`, 'CSeq: 2 BYE', `User-Agent: ${d.agent}`]));
      t += us(0.002 + rng.exp(0.003));
      yield down(t, sip(['SIP/2.0 200 OK', `${v.replace(';rport', ';rport=5060')};received=${d.text}`, from, toTagged, `Call-ID: ${callId}`, 'CSeq: 2 BYE', 'Server: STARFACE PBX 9.0.0']));
    } else {
      const v = `Via: SIP/2.0/UDP ${PBX_TEXT}:5060;branch=${byeBranch};rport`;
      const pf = `From: <sip:${callee}@${PBX_TEXT}>;tag=${toTag}`;
      const pt = `To: "${d.ext}" <sip:${d.ext}@${PBX_TEXT}>;tag=${fromTag}`;
      yield down(t, sip([`BYE sip:${d.ext}@${d.text}:5060 SIP/2.0`, v, 'Max-Forwards: 70', pf, pt, `Call-ID: ${callId}`, 'CSeq: 102 BYE', 'User-Agent: STARFACE PBX 9.0.0']));
      t += us(0.005 + rng.exp(0.01));
      yield up(t, sip(['SIP/2.0 200 OK', `${v};received=${PBX_TEXT}`, pf, pt, `Call-ID: ${callId}`, 'CSeq: 102 BYE', `User-Agent: ${d.agent}`]));
    }
  }

  function* calls() {
    let t = start + us(rng.exp(1 / callsPerSecond));
    for (;;) {
      yield { t, spawn: call(t, devices[rng.int(0, deviceCount - 1)]) };
      t += us(rng.exp(1 / callsPerSecond));
    }
  }

  const heap = new Heap();
  const add = (gen) => {
    const r = gen.next();
    if (!r.done) heap.push({ t: r.value.t, gen, v: r.value });
  };
  for (const d of devices) {
    add(qualify(d));
    add(register(d));
  }
  add(calls());
  const w = new PcapWriter(path);
  let last = start;
  while (truth.packets < packets && heap.size > 0) {
    const e = heap.pop();
    const v = e.v;
    if (v.spawn !== undefined) add(v.spawn);
    else {
      if (w.full(v.payload.length)) await w.flush();
      w.udp(v.t, v.src, v.sport, v.dst, v.dport, v.payload);
      truth.packets++;
      last = v.t;
      if (v.sport === 5060) {
        truth.sipMessages++;
        const m = /\r\nCall-ID: ([^\r]+)/.exec(v.payload.toString('latin1', 0, 1200));
        callIds.add(m[1]);
      } else truth.rtpPackets++;
    }
    add(e.gen);
  }
  await w.close();
  truth.dialogs = callIds.size;
  truth.bytes = statSync(path).size;
  truth.seconds = Math.round((last - start) / 1e6);
  return truth;
}

// ─────────────────────────────── measurement ────────────────────────────────

/** Runs a command under /usr/bin/time; stdout is handed to `onData` (not kept). Wall ms, peak RSS MB. */
function timed(cmd, args, onData = () => {}) {
  return new Promise((resolve, reject) => {
    const dir = mkdtempSync(join(tmpdir(), 'sft-bench-time-'));
    const file = join(dir, 'time');
    const started = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%M', '-o', file, cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', onData);
    child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      let rssMb = null;
      try {
        const kb = Number(readFileSync(file, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb)) rssMb = Math.round(kb / 1024);
      } catch {}
      rmSync(dir, { recursive: true, force: true });
      resolve({ code, ms: Math.round(ms), rssMb, stderr });
    });
  });
}

async function runOurs(root, file) {
  const chunks = [];
  const r = await timed(process.execPath, [join(root, 'bin', 'starface-triage.js'), 'analyze', file, '--json'], (c) => chunks.push(c));
  if (r.code !== 0) throw new Error(`analyze failed (${r.code}): ${r.stderr}`);
  const result = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  return { ms: r.ms, rssMb: r.rssMb, packets: result.packets, sipMessages: result.sipMessages, dialogs: result.dialogs };
}

/**
 * Exactly the issue's command, `tshark -n -r FILE -Y sip`: one summary line per SIP frame, so the
 * lines are its count of SIP messages. (With `-T fields` tshark is two to three times slower here,
 * which would flatter us.)
 */
async function runTshark(file) {
  let lines = 0;
  const r = await timed('tshark', ['-n', '-r', file, '-Y', 'sip'], (c) => {
    for (let i = c.indexOf(10); i >= 0; i = c.indexOf(10, i + 1)) lines++;
  });
  if (r.code !== 0) throw new Error(`tshark failed (${r.code}): ${r.stderr}`);
  return { ms: r.ms, rssMb: r.rssMb, sipMessages: lines };
}

/** Distinct Call-IDs in a capture, by tshark (for sngrep's -O output). */
function tsharkCallIds(file) {
  const out = execFileSync('tshark', ['-n', '-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID'], { maxBuffer: 1 << 30, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return new Set(out.split('\n').filter(Boolean)).size;
}

/**
 * sngrep without its interface: -N (no interface) -q (quiet) reads the file and exits at its end;
 * -O writes the messages of the dialogs it kept, whose Call-IDs tshark then counts.
 */
async function runSngrep(file, dir) {
  const sngrep = ['/usr/bin/sngrep', '/usr/local/bin/sngrep'].find((p) => existsSync(p));
  if (sngrep === undefined) return { present: false };
  const dump = join(dir, 'sngrep-out.pcap');
  const r = await timed(sngrep, ['-N', '-q', '-I', file, '-O', dump]);
  if (r.code !== 0 || !existsSync(dump)) return { present: true, ran: false, reason: `exit ${r.code}: ${r.stderr.trim().split('\n').pop() ?? ''}` };
  const dialogs = tsharkCallIds(dump);
  rmSync(dump, { force: true });
  return { present: true, ran: true, ms: r.ms, rssMb: r.rssMb, dialogs };
}

/** The faster of two runs, with the higher peak RSS of both and the number of runs. */
function best(prev, r) {
  if (prev === null) return { ...r, runs: 1, last: r };
  const fast = r.ms < prev.ms ? r : prev;
  return { ...fast, rssMb: Math.max(prev.rssMb ?? 0, r.rssMb ?? 0), runs: prev.runs + 1, last: r };
}

const pps = (packets, ms) => Math.round(packets / (ms / 1000));
const fmt = (n) => n.toLocaleString('en-US').replace(/,/g, ' ');

export async function benchTrace(root, { keep = false, runs = 2, log = () => {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sft-bench-trace-'));
  try {
    const specs = [
      { name: 'sip', label: 'SIP only', packets: 200_000, options: { seed: 20260001, callsPerSecond: 3, callMeanSeconds: 90 } },
      { name: 'mixed', label: 'mixed RTP/SIP', packets: 1_000_000, options: { seed: 20260002, callsPerSecond: 0.4, callMeanSeconds: 90, rtp: true } },
      // Memory as the file grows with the same traffic: the SIP capture continued to 5× (same seed,
      // so its first 200 000 packets are the file above). Only `analyze` runs on it.
      { name: 'sipLarge', label: 'SIP only ×5', packets: 1_000_000, oursOnly: true, options: { seed: 20260001, callsPerSecond: 3, callMeanSeconds: 90 } },
    ];
    const files = {};
    for (const s of specs) {
      const path = join(dir, `${s.name}.pcap`);
      const started = performance.now();
      const truth = await generateCapture(path, { packets: s.packets, ...s.options });
      truth.generateMs = Math.round(performance.now() - started);
      log(`generated ${s.label}: ${fmt(truth.packets)} packets, ${fmt(truth.sipMessages)} SIP, ${fmt(truth.dialogs)} dialogs, ${(truth.bytes / 1048576).toFixed(1)} MiB, ${truth.seconds} s of traffic, in ${truth.generateMs} ms`);
      // The machine is shared: analyze and tshark run `runs` times each, alternating; the fastest
      // run of each counts, and the highest peak RSS.
      let ours = null;
      let tshark = null;
      for (let run = 0; run < (s.oursOnly ? 1 : runs); run++) {
        ours = best(ours, await runOurs(root, path));
        log(`  analyze: ${ours.last.ms} ms, ${ours.last.rssMb} MB`);
        if (s.oursOnly) break;
        tshark = best(tshark, await runTshark(path));
        log(`  tshark:  ${tshark.last.ms} ms, ${tshark.last.rssMb} MB`);
      }
      delete ours.last;
      ours.pps = pps(truth.packets, ours.ms);
      if (s.oursOnly) {
        files[s.name] = { label: s.label, path: keep ? path : undefined, truth, ours };
      } else {
        delete tshark.last;
        const sngrep = await runSngrep(path, dir);
        log(`  sngrep:  ${sngrep.ran ? `${sngrep.ms} ms, ${sngrep.rssMb} MB, ${sngrep.dialogs} dialogs` : sngrep.present ? `did not run: ${sngrep.reason}` : 'not installed'}`);
        tshark.pps = pps(truth.packets, tshark.ms);
        if (sngrep.ran) sngrep.pps = pps(truth.packets, sngrep.ms);
        files[s.name] = { label: s.label, path: keep ? path : undefined, truth, ours, tshark, sngrep, speedup: Math.round((ours.pps / tshark.pps) * 100) / 100 };
      }
      if (!keep) rmSync(path, { force: true });
    }
    const rows = [];
    for (const f of [files.sip, files.mixed]) {
      const { label, truth, ours, tshark, sngrep } = f;
      rows.push([`Capture ${label}, ${fmt(truth.packets)} pkts: analyze`, `${fmt(ours.pps)} pkt/s`, '', true]);
      rows.push([`Capture ${label}: tshark -Y sip`, `${fmt(tshark.pps)} pkt/s`, '', true]);
      rows.push([`Capture ${label}: analyze ÷ tshark packets/s`, `${f.speedup}×`, '≥ 3×', f.speedup >= 3]);
      rows.push([`Capture ${label}: dialogs kept (${fmt(truth.dialogs)} in file)`, fmt(ours.dialogs), 'all', ours.dialogs === truth.dialogs]);
      if (sngrep.ran) rows.push([`Capture ${label}: sngrep -N (${fmt(sngrep.pps)} pkt/s), dialogs kept`, fmt(sngrep.dialogs), '(its default limit: 20 000)', true]);
      else rows.push([`Capture ${label}: sngrep`, sngrep.present ? 'did not run' : 'not installed', '', true]);
      rows.push([`Capture ${label}: SIP messages, ours = tshark`, `${fmt(ours.sipMessages)} / ${fmt(tshark.sipMessages)}`, 'equal', ours.sipMessages === tshark.sipMessages && ours.sipMessages === truth.sipMessages]);
      rows.push([`Capture ${label}: analyze peak RSS`, `${ours.rssMb} MB`, '≤ 256 MB', ours.rssMb !== null && ours.rssMb <= 256]);
    }
    const growth = (big, small) => Math.round((big.ours.rssMb / small.ours.rssMb - 1) * 100);
    const pct = (g) => `${g >= 0 ? '+' : ''}${g} %`;
    const mixedGrowth = growth(files.mixed, files.sip);
    const sipGrowth = growth(files.sipLarge, files.sip);
    const large = files.sipLarge;
    rows.push([`Capture peak RSS, mixed 1 000 000 vs SIP 200 000 pkts`, pct(mixedGrowth), '≤ +30 %', mixedGrowth <= 30]);
    rows.push([`Capture SIP only ×5 (${fmt(large.truth.packets)} pkts, ${fmt(large.truth.dialogs)} dialogs): peak RSS`, `${large.ours.rssMb} MB`, '≤ 256 MB', large.ours.rssMb !== null && large.ours.rssMb <= 256]);
    rows.push([`Capture peak RSS, SIP only ×5 vs 200 000 pkts`, pct(sipGrowth), '≤ +30 %', sipGrowth <= 30]);
    rows.push([`Capture SIP only ×5: analyze, dialogs kept`, `${fmt(large.ours.pps)} pkt/s, ${fmt(large.ours.dialogs)}`, 'all', large.ours.dialogs === large.truth.dialogs]);
    return { files, rssGrowthPercent: { mixedVsSip: mixedGrowth, sipX5VsSip: sipGrowth }, rows };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir}`);
  }
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  const root = join(import.meta.dirname, '..');
  const trace = await benchTrace(root, { keep: process.argv.includes('--keep'), log: (t) => process.stderr.write(`${t}\n`) });
  console.log(`Machine: ${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${execFileSync('tshark', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0]}`);
  for (const [name, value, target, ok] of trace.rows) console.log(`${ok ? '✔' : '✘'} ${name.padEnd(58)} ${value.padStart(10)}  ${target}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ trace: { files: trace.files, rssGrowthPercent: trace.rssGrowthPercent } }));
  process.exitCode = trace.rows.every((r) => r[3]) ? 0 : 1;
}
