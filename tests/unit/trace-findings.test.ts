import { describe, expect, it } from 'vitest';
import { analyzeCapture } from '../../electron/engine/trace/trace-analyze.js';
import { CaptureWriter, ip, udp } from './helpers/capture-writer.js';

/** Findings that generated variety does not reach: SIP-ALG traces and the guide's error codes. */

const T0 = 1_764_000_000e6;

function sip(start: string, headers: Record<string, string>, body = ''): Buffer {
  const lines = [start, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(body)}`, '', body];
  return Buffer.from(lines.join('\r\n'), 'latin1');
}

function capture(messages: Array<{ from: string; to: string; data: Buffer }>): Buffer {
  const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
  messages.forEach((m, i) => w.packet(T0 + i * 10_000, ip(m.from, m.to, 17, udp(5060, 5060, m.data), i + 1)[0]!));
  return w.toBuffer();
}

const base = (i: number, method: string) => ({ Via: `SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK${i}`, From: '<sip:101@pbx.example>;tag=a', To: '<sip:101@pbx.example>', 'Call-ID': `c${i}`, CSeq: `1 ${method}` });

describe('SIP-ALG traces', () => {
  it('a private address in Via/Contact from a public source is counted; a rewritten c= (o= still private) is named', async () => {
    const phone = '203.0.113.5';
    const pbx = '198.51.100.10';
    const sdp = 'v=0\r\no=- 1 1 IN IP4 192.168.1.20\r\ns=-\r\nc=IN IP4 203.0.113.5\r\nt=0 0\r\nm=audio 4000 RTP/AVP 8\r\n';
    const r = await analyzeCapture([
      capture([
        { from: phone, to: pbx, data: sip('REGISTER sip:pbx.example SIP/2.0', { ...base(1, 'REGISTER'), Contact: '<sip:101@192.168.1.20:5060>' }) },
        { from: phone, to: pbx, data: sip('INVITE sip:102@pbx.example SIP/2.0', { ...base(2, 'INVITE'), Contact: '<sip:101@203.0.113.5:5060>', 'Content-Type': 'application/sdp' }, sdp) },
        // A response from the public PBX: its top Via is the phone's (private) – not the PBX's doing.
        { from: pbx, to: phone, data: sip('SIP/2.0 100 Trying', base(2, 'INVITE')) },
        // The registrar's 200 lists the phone's binding (private) as Contact – not its own address.
        { from: pbx, to: phone, data: sip('SIP/2.0 200 OK', { ...base(1, 'REGISTER'), Contact: '<sip:101@192.168.1.20:5060>;expires=600' }) },
      ]),
    ]);
    // REGISTER (Via and Contact) and INVITE (Via); the PBX's response is not counted.
    expect(r.alg).toEqual({ privateFromPublic: 2, rewrittenSdp: 1, example: `${phone}:5060` });
    expect(r.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['sip-alg-rewrite', 'private-address-from-public']));
    expect(r.findings.find((f) => f.id === 'sip-alg-rewrite')?.text.de).toMatch(/SIP-ALG in der Firewall abschalten/);
  });
});

describe('tunnelled traffic', () => {
  it('SIP inside IP-in-IP and IPv6-in-IPv4 is read from the inner packet', async () => {
    const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
    const invite = sip('INVITE sip:1@x SIP/2.0', { ...base(7, 'INVITE'), Via: 'SIP/2.0/UDP [fd00::2]:5060;branch=z9hG4bKt7' });
    const inner4 = ip('10.0.0.2', '10.0.0.3', 17, udp(5060, 5060, sip('SIP/2.0 180 Ringing', base(7, 'INVITE'))), 1)[0]!;
    const inner6 = ip('fd00::2', 'fd00::3', 17, udp(5060, 5060, invite), 2)[0]!;
    w.packet(T0, ip('192.0.2.1', '192.0.2.2', 4, inner4, 3)[0]!);
    w.packet(T0 + 1000, ip('192.0.2.1', '192.0.2.2', 41, inner6, 4)[0]!);
    const r = await analyzeCapture([w.toBuffer()]);
    expect(r.sipMessages).toBe(2);
    expect(r.responseCodes).toEqual({ '180': 1 });
    expect(r.requests).toEqual({ INVITE: 1 });
  });
});

describe('the guide’s error codes', () => {
  const calls = (codes: number[]) =>
    capture(
      codes.flatMap((code, i) => [
        { from: '198.51.100.10', to: '198.51.100.20', data: sip('INVITE sip:1@x SIP/2.0', { ...base(100 + i, 'INVITE'), Via: `SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKi${i}` }) },
        { from: '198.51.100.20', to: '198.51.100.10', data: sip(`SIP/2.0 ${code} X`, { ...base(100 + i, 'INVITE'), Via: `SIP/2.0/UDP 198.51.100.10:5060;branch=z9hG4bKi${i}` }) },
      ]),
    );

  it('"sehr häufig": at least 10 and a tenth of all final answers → a warning for the error-codes step', async () => {
    const r = await analyzeCapture([calls([...Array<number>(6).fill(503), ...Array<number>(5).fill(404), ...Array<number>(20).fill(200)])]);
    const f = r.findings.find((x) => x.step === 'error-codes');
    expect(f?.id).toBe('error-codes-frequent');
    expect(f?.text.de).toMatch(/404: 5×, 503: 6×; 35,5 % aller Endantworten/);
  });

  it('a few among many answers → only mentioned', async () => {
    const r = await analyzeCapture([calls([480, 500, ...Array<number>(40).fill(200)])]);
    expect(r.findings.find((x) => x.step === 'error-codes')?.id).toBe('error-codes-rare');
  });

  it('none of them → no finding for the step', async () => {
    const r = await analyzeCapture([calls([200, 200, 486])]);
    expect(r.findings.some((x) => x.step === 'error-codes')).toBe(false);
    expect(r.responseCodes).toEqual({ '200': 2, '486': 1 });
  });
});

describe('re-registering as a keep-alive', () => {
  const phone = '192.168.1.20';
  const pbx = '192.168.1.1';
  const registrations = (every: number, expires: number, count: number) => {
    const w = new CaptureWriter({ format: 'pcap', bigEndian: false, linkType: 1 });
    for (let i = 0; i < count; i++) {
      const t = T0 + i * every * 1e6;
      const headers = { ...base(100 + i, 'REGISTER'), Contact: `<sip:101@${phone}:5060>`, Expires: String(expires) };
      w.packet(t, ip(phone, pbx, 17, udp(5060, 5060, sip('REGISTER sip:pbx.example SIP/2.0', headers)), 2 * i + 1)[0]!);
      w.packet(t + 20_000, ip(pbx, phone, 17, udp(5060, 5060, sip('SIP/2.0 200 OK', { ...base(100 + i, 'REGISTER'), Contact: `<sip:101@${phone}:5060>;expires=${expires}` })), 2 * i + 2)[0]!);
    }
    return w.toBuffer();
  };

  it('every 30 s while the registration lasts an hour → named for the NAT-timeout step', async () => {
    const r = await analyzeCapture([registrations(30, 3600, 6)]);
    const f = r.findings.find((x) => x.id === 'register-keepalive');
    expect(f?.step).toBe('nat-timeout');
    expect(f?.text.de).toMatch(/alle 30 s, gültig 60 min/);
  });

  it('renewing at half the lifetime, as phones do by default → nothing said', async () => {
    for (const [every, expires] of [[1800, 3600], [300, 600], [60, 120]] as const) {
      const r = await analyzeCapture([registrations(every, expires, 4)]);
      expect(r.findings.map((x) => x.id)).not.toContain('register-keepalive');
    }
  });
});
