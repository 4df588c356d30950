import { describe, expect, it } from 'vitest';
import { Pseudonyms } from '../../electron/engine/trace/export/pseudonyms.js';
import { redactSipMessage } from '../../electron/engine/trace/export/sip-redact.js';
import { messageWithNumbers, NUMBERS_PER_MESSAGE, phoneNumbers } from './helpers/phone-number-model.js';

/**
 * Phone numbers written as text (issue 8 §3, DSGVO): in Subject, Warning, the reason phrase,
 * Call-Info, identity-header parameters, In-Reply-To, X- headers, Reason and SDP text lines, in
 * the formats people write (+49…, 0049…, 0721 1234567, 0721/123-456, (0721) 12 34 56,
 * +49 (0)721 …) – pseudonymised with the URI user parts' table; structure left exactly as it was.
 */

const KEY = Buffer.alloc(32, 3);

const STRUCTURE = [
  'Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1234567890;rport',
  'From: <sip:',
  ';tag=4711081512',
  'CSeq: 1234567 INVITE',
  'Max-Forwards: 70',
  'Expires: 3600',
  'Date: Sat, 28 Nov 2026 10:00:09 GMT',
  'User-Agent: Yealink SIP-T46S 66.86.0.15',
  'Warning: 399 pbx.example.com "Rufnummer ',
  'Call-Info: <http://192.0.2.80/cb?nr=',
  ';purpose=info',
  ';reason=unconditional;counter=1;x-number=',
  '@192.0.2.7',
  'Reason: Q.850;cause=16;text="',
  'o=- 1732788009 1732788010 IN IP4 192.0.2.7',
  'c=IN IP4 192.0.2.7',
  'm=audio 40000 RTP/AVP 8 0 101',
  'a=rtpmap:101 telephone-event/8000',
  'Content-Type: application/sdp',
];

describe('phone numbers in free text', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: none of the generated numbers survives, in any format or place; structure stays byte for byte', (seed) => {
    const numbers = phoneNumbers(seed, 4 * NUMBERS_PER_MESSAGE);
    const p = new Pseudonyms(KEY);
    for (let m = 0; m < 4; m++) {
      const mine = numbers.slice(m * NUMBERS_PER_MESSAGE, (m + 1) * NUMBERS_PER_MESSAGE);
      const { bytes: message, secrets } = messageWithNumbers(mine, m % 2 === 0 ? 'request' : 'response', `c${seed}-${m}@192.0.2.7`);
      const r = redactSipMessage(message, p, true);
      expect(r.bytes.length).toBe(message.length);
      const text = r.bytes.toString('utf8');
      for (const s of secrets) expect(message.toString('utf8')).toContain(s);
      for (const s of secrets) expect(text, s).not.toContain(s);
      for (const kept of STRUCTURE) expect(text).toContain(kept);
      expect(text).toContain(`Call-ID: c${seed}-${m}@192.0.2.7`);
      expect(text).toMatch(/\r\nContent-Length: \d+\r\n\r\nv=0/);
      expect(r.counts.numbers).toBeGreaterThanOrEqual(NUMBERS_PER_MESSAGE - 1);
    }
  });

  it('gives a number written as text the pseudonym its URI form gets, in every grouping', () => {
    const p = new Pseudonyms(KEY);
    const uri = redactSipMessage(Buffer.from('INVITE sip:+497211234567@pbx SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n'), p, true).bytes.toString();
    const pseudonym = /sip:\+(\d+)@/.exec(uri)![1]!;
    expect(pseudonym).not.toBe('497211234567');
    for (const written of ['+497211234567', '+49 721 1234567', '+49 (0)721 1234567', '+49-721-123 4567', '+49/721/1234567']) {
      const out = redactSipMessage(Buffer.from(`OPTIONS sip:pbx SIP/2.0\r\nSubject: ${written}\r\n\r\n`), p, true).bytes.toString();
      const got = /Subject: (.*)\r/.exec(out)![1]!;
      expect(got.replace(/\(0\)/, '').replace(/\D/g, ''), written).toBe(pseudonym);
      expect(got.replace(/\d/g, '9'), written).toBe(written.replace(/\d/g, '9'));
    }
  });

  it('leaves numbers that are not phone numbers: addresses, ports, dates, times, codes, ids glued to letters, short extensions in text', () => {
    const lines = [
      'SIP/2.0 486 Busy Here',
      'Warning: 392 200.68.120.81:5060 "Noisy feedback tells: pid=24301 req_src_ip=200.68.120.81 req_src_port=5060"',
      'Subject: Termin 2026-11-28 um 10:00:09, Nebenstelle 2456, Raum 12',
      'X-Trace: z9hG4bK776123456 C-00000012 took 2345ms; uuid urn:uuid:00000000-0000-1000-8000-00085D0B1234',
      'Contact: <sip:pbx.example.com:5060>;+sip.instance="<urn:uuid:12345678-1234-1234-1234-123456789012>";reg-id=1;expires=3600',
      'X-Host: media01.example.com:40000 [2001:db8::5]:5061 10.0.0.1',
    ];
    const message = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`);
    const r = redactSipMessage(message, new Pseudonyms(KEY), true);
    expect(r.bytes.toString()).toBe(message.toString());
    expect(r.counts.numbers).toBe(0);
  });
});

describe('parties in text bodies', () => {
  it('a BLF NOTIFY (dialog-info+xml) and a text MESSAGE: URIs, display names and numbers pseudonymised, the XML intact', () => {
    const xml = [
      '<?xml version="1.0"?>',
      '<dialog-info xmlns="urn:ietf:params:xml:ns:dialog-info" version="12" state="full" entity="sip:2456@pbx.example.com">',
      '<dialog id="as7d900as8" call-id="a84b4c76e66710@pc33" direction="recipient">',
      '<state>confirmed</state>',
      '<remote><identity display="Anna Schmidt">sip:+4930555123@pbx.example.com</identity><target uri="sip:07211234567@192.0.2.9:5060"/></remote>',
      '</dialog></dialog-info>',
    ].join('\r\n');
    const notify = Buffer.from(`NOTIFY sip:2456@192.0.2.7 SIP/2.0\r\nCall-ID: n1@192.0.2.7\r\nEvent: dialog\r\nContent-Type: application/dialog-info+xml\r\nContent-Length: ${xml.length}\r\n\r\n${xml}`, 'latin1');
    const r = redactSipMessage(notify, new Pseudonyms(KEY), true);
    const text = r.bytes.toString('latin1');
    expect(r.bytes.length).toBe(notify.length);
    for (const gone of ['Anna Schmidt', '4930555123', '07211234567', 'sip:2456@']) expect(text).not.toContain(gone);
    for (const kept of ['version="12" state="full" entity="sip:', '@pbx.example.com">', 'call-id="a84b4c76e66710@pc33"', '<state>confirmed</state>', '@192.0.2.9:5060"/></remote>']) expect(text).toContain(kept);
    const message = Buffer.from('MESSAGE sip:100@pbx SIP/2.0\r\nContent-Type: text/plain\r\nContent-Length: 34\r\n\r\nBitte zurückrufen: 0721 / 123 4567', 'latin1');
    const said = redactSipMessage(message, new Pseudonyms(KEY), true).bytes.toString('latin1');
    expect(said).toMatch(/zurückrufen: \d{4} \/ \d{3} \d{4}$/);
    expect(said).not.toContain('0721');
    expect(said).not.toContain('4567');
  });
});
