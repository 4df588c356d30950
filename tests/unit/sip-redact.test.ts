import { describe, expect, it } from 'vitest';
import { Pseudonyms } from '../../electron/engine/trace/export/pseudonyms.js';
import { redactSipMessage, redactTextLine, noRedactions } from '../../electron/engine/trace/export/sip-redact.js';
import { prng } from './helpers/sip-traffic-model.js';

/** Redaction of single SIP messages (issue 8 §3): same length, parties gone, addresses and framing kept. */

const KEY = Buffer.alloc(32, 7);

function message(lines: string[], body = ''): Buffer {
  return Buffer.from([...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'), 'utf8');
}

describe('redactSipMessage', () => {
  it('replaces numbers, user parts and display names in every identity header form, keeps hosts, tags and length', () => {
    const m = message(
      [
        'INVITE sip:+4972150959580@pbx.example.com;user=phone SIP/2.0',
        'Via: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bK776',
        'f: "Jürgen \\"Jo\\" Müller" <sip:0721123456@192.168.1.20>;tag=a1',
        't: Hotline Empfang <sip:5095958@pbx.example.com>',
        'Contact: <sip:2456.WinClient@192.168.1.20:5060>',
        'P-Asserted-Identity: "Anna Schmidt" <tel:+4930555123>',
        'Diversion: <sip:08001234567@pbx.example.com>;reason=unconditional',
        'History-Info: <sip:017012345678@pbx.example.com?Reason=SIP%3Bcause%3D302>;index=1',
        'Refer-To: <sip:anonymous@anonymous.invalid>',
        'Call-ID: abc123@192.168.1.20',
        'Content-Type: application/sdp',
      ],
      'v=0\r\no=Jürgen 123 456 IN IP4 192.168.1.20\r\ns=Anruf von 0721 123456\r\nc=IN IP4 192.168.1.20\r\nm=audio 4000 RTP/AVP 8\r\n',
    );
    const r = redactSipMessage(m, new Pseudonyms(KEY), true);
    expect(r.bytes.length).toBe(m.length);
    const text = r.bytes.toString('utf8');
    for (const gone of ['4972150959580', '0721123456', 'Jürgen', 'Müller', 'Hotline Empfang', '5095958', 'WinClient', 'Anna Schmidt', '4930555123', '08001234567', '017012345678', '0721 123456']) expect(text).not.toContain(gone);
    for (const kept of ['pbx.example.com;user=phone SIP/2.0', '192.168.1.20:5060;branch=z9hG4bK776', ';tag=a1', 'anonymous@anonymous.invalid', 'Call-ID: abc123@192.168.1.20', 'o=', ' 123 456 IN IP4 192.168.1.20', ';reason=unconditional', 'm=audio 4000 RTP/AVP 8']) expect(text).toContain(kept);
    expect(r.counts.names).toBeGreaterThanOrEqual(3);
    expect(r.counts.numbers).toBeGreaterThanOrEqual(6);
    expect(r.counts.authValues).toBe(0);
  });

  it('redacts URI user parts in any header, e.g. a proxy quoting the URIs in a Warning (found in sngrep’s aaa.pcap)', () => {
    const m = message([
      'SIP/2.0 403 Forbidden',
      'Via: SIP/2.0/UDP 192.168.1.2:5060;branch=z9hG4bK1',
      'From: <sip:816666@voip.example.net>;tag=1',
      'To: <sip:97239287044@voip.example.net>;tag=2',
      'Call-ID: 105090259-446faf7a@192.168.1.2',
      'CSeq: 1 INVITE',
      'Warning: 392 200.68.120.81:5060 "Noisy feedback tells: in_uri=sip:97239287044@voip.example.net out_uri=sip:97239287044@voip.example.net via_cnt==1"',
      'Call-Info: <sip:4971199887766@info.example.net>;purpose=info',
    ]);
    const r = redactSipMessage(m, new Pseudonyms(KEY), true);
    const text = r.bytes.toString('latin1');
    expect(r.bytes.length).toBe(m.length);
    for (const gone of ['97239287044', '816666', '4971199887766']) expect(text).not.toContain(gone);
    for (const kept of ['392 200.68.120.81:5060 "Noisy feedback tells: in_uri=sip:', '@voip.example.net via_cnt==1"', ';purpose=info']) expect(text).toContain(kept);
    // A run of a number's length in a Call-ID is pseudonymised too (call-ids.ts); the rest of it stays.
    expect(text).toMatch(/^Call-ID: (?!105090259)\d{9}-446faf7a@192\.168\.1\.2\r$/m);
  });

  it('always blanks Authorization and Proxy-Authorization, also without redaction, and touches nothing else then', () => {
    const m = message(['REGISTER sip:pbx SIP/2.0', 'From: "Max" <sip:100@pbx>;tag=1', 'Authorization: Digest username="100", realm="pbx", nonce="abc", uri="sip:pbx", response="0123456789abcdef0123456789abcdef"', 'Proxy-Authorization: Digest response="ff"']);
    const r = redactSipMessage(m, new Pseudonyms(KEY), false);
    const text = r.bytes.toString('latin1');
    expect(r.bytes.length).toBe(m.length);
    expect(text).not.toContain('0123456789abcdef');
    expect(text).not.toContain('response="ff"');
    expect(text).toContain('From: "Max" <sip:100@pbx>;tag=1');
    expect(r.counts).toEqual({ numbers: 0, names: 0, authValues: 2, rtpPayloads: 0, withheld: 0 });
  });

  it('on generated numbers: the same number always gets the same pseudonym of the same length, digits only, never itself', () => {
    const rnd = prng(99);
    const p = new Pseudonyms(KEY);
    const other = new Pseudonyms(Buffer.alloc(32, 8));
    for (let i = 0; i < 2000; i++) {
      const n = String(Math.floor(rnd() * 1e12)).slice(0, 3 + Math.floor(rnd() * 10));
      const a = p.number(n);
      expect(a).toMatch(new RegExp(`^\\d{${n.length}}$`));
      expect(a).not.toBe(n);
      expect(new Pseudonyms(KEY).number(n)).toBe(a);
      if (n.length >= 6) expect(other.number(n)).not.toBe(a);
    }
  });
});

describe('redactTextLine (PBX-log excerpts)', () => {
  it('pseudonymises URIs, quoted names and long digit runs, keeps times, addresses and peer states', () => {
    const counts = noRedactions();
    const line = "[2026-11-28 10:00:09] NOTICE[123] chan_sip.c: Registration from '\"Anna Schmidt\" <sip:+4930555123@10.0.0.7:5060>' failed for '10.0.0.7:5060', call 004972150959581";
    const out = redactTextLine(line, new Pseudonyms(KEY), counts);
    expect(out.length).toBe(line.length);
    expect(out).not.toContain('Anna Schmidt');
    expect(out).not.toContain('4930555123');
    expect(out).not.toContain('004972150959581');
    expect(out).toContain("[2026-11-28 10:00:09] NOTICE[123] chan_sip.c: Registration from");
    expect(out).toContain("failed for '10.0.0.7:5060'");
    expect(counts.numbers).toBe(2);
    expect(counts.names).toBe(1);
  });
});
