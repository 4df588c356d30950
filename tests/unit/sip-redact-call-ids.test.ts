import { describe, expect, it } from 'vitest';
import { Pseudonyms } from '../../electron/engine/trace/export/pseudonyms.js';
import { noRedactions, redactSipMessage, redactTextLine } from '../../electron/engine/trace/export/sip-redact.js';
import { phoneNumbers } from './helpers/phone-number-model.js';
import { prng } from './helpers/sip-traffic-model.js';

/** Numbers inside Call-IDs: pseudonymised, and the same Call-ID stays the same wherever it is quoted. */

const KEY = Buffer.alloc(32, 9);

function redact(lines: string[], body = '', key = KEY): { text: string; numbers: number } {
  const m = Buffer.from([...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n'), 'latin1');
  const r = redactSipMessage(m, new Pseudonyms(key), true);
  expect(r.bytes.length).toBe(m.length);
  return { text: r.bytes.toString('latin1'), numbers: r.counts.numbers };
}

const value = (text: string, header: RegExp) => header.exec(text)?.[1];

describe('Call-IDs with numbers in them', () => {
  it('a gateway’s Call-ID loses the caller’s number, keeps its shape and gets the pseudonym the From user gets', () => {
    const { text, numbers } = redact(['INVITE sip:200@pbx SIP/2.0', 'From: <sip:+491711234567@gw>;tag=1', 'Call-ID: 491711234567-1732791111@gw', 'CSeq: 1 INVITE']);
    expect(text).not.toContain('491711234567');
    const callId = value(text, /^Call-ID: (.*)$/m)!;
    expect(callId).toMatch(/^\d{12}-\d{10}@gw$/);
    const fromUser = value(text, /^From: <sip:\+(\d+)@gw>/m)!;
    expect(callId.slice(0, 12)).toBe(fromUser);
    expect(numbers).toBe(4); // the Request-URI's and the From user, and the Call-ID's two runs
  });

  it('the same Call-ID quoted in Replaces, Join, Target-Dialog, In-Reply-To, an escaped Refer-To Replaces and a dialog-info body reads the same after redaction', () => {
    const id = '0721-1234567.1732791111@10.0.0.1';
    const escaped = encodeURIComponent(id).replace(/\./g, '%2E').replace('1234567', '%31234567');
    const { text } = redact(
      [
        'NOTIFY sip:2456@192.0.2.7 SIP/2.0',
        `i: ${id}`,
        `Replaces: ${id};to-tag=7743;from-tag=6472`,
        `Join: ${id};to-tag=1;from-tag=2`,
        `Target-Dialog: ${id};local-tag=a;remote-tag=b`,
        `In-Reply-To: 70710@saturn.bell-tel.com, ${id}`,
        `Refer-To: <sip:bob@b.example?Replaces=${escaped}%3Bto-tag%3D7743%3Bfrom-tag%3D6472&Require=replaces>`,
        'Content-Type: application/dialog-info+xml',
      ],
      `<dialog id="x1" call-id="${id}" direction="recipient"/>`,
    );
    for (const gone of ['1234567', '%31234567', '1732791111']) expect(text).not.toContain(gone);
    const redacted = value(text, /^i: (.*)$/m)!;
    expect(redacted).toMatch(/^\d{4}-\d{7}\.\d{10}@10\.0\.0\.1$/);
    expect(value(text, /^Replaces: ([^;]*);to-tag=7743;from-tag=6472$/m)).toBe(redacted);
    expect(value(text, /^Join: ([^;]*);/m)).toBe(redacted);
    expect(value(text, /^Target-Dialog: ([^;]*);local-tag=a/m)).toBe(redacted);
    expect(value(text, /^In-Reply-To: 70710@saturn\.bell-tel\.com, (.*)$/m)).toBe(redacted);
    expect(decodeURIComponent(value(text, /Replaces=([^&]*)&Require/m)!)).toBe(`${redacted};to-tag=7743;from-tag=6472`);
    expect(value(text, /call-id="([^"]*)"/)).toBe(redacted);
  });

  it('identifiers stay: digits glued to letters, short runs, addresses, tags', () => {
    const ids = ['a84b4c76e66710@pc33.atlanta.com', 'f81d4fae7dec11d0a76500a0c91e6bf6@atlanta.example.com', 'c1-4711@127.0.0.1', 'KqKU-3fB9@192.168.1.2:5060'];
    for (const id of ids) expect(value(redact(['SIP/2.0 200 OK', `Call-ID: ${id}`, `Replaces: ${id};to-tag=123456789`]).text, /^Call-ID: (.*)$/m)).toBe(id);
    expect(redact(['SIP/2.0 200 OK', 'Replaces: abc;to-tag=123456789']).text).toContain('to-tag=123456789');
  });

  it('generated numbers inside Call-IDs, as gateways write them: none survives, one Call-ID gives one pseudonym per key', () => {
    const rnd = prng(4242);
    const numbers = phoneNumbers(17, 200).map((n) => n.text.replace(/\D/g, '')).filter((d) => d.length >= 6 && d.length <= 20);
    const other = Buffer.alloc(32, 3);
    for (const digits of numbers) {
      const shape = Math.floor(rnd() * 4);
      const stamp = String(1_700_000_000 + Math.floor(rnd() * 1e8));
      const id = [`${digits}-${stamp}@gw.example`, `${digits}@10.1.2.3`, `${stamp}.${digits}@sbc`, `call-${digits}@x`][shape]!;
      const lines = ['SIP/2.0 200 OK', `Call-ID: ${id}`, `Replaces: ${id};to-tag=1;from-tag=2`];
      const a = redact(lines).text;
      expect(a, id).not.toContain(digits);
      expect(value(a, /^Call-ID: (.*)$/m)).toBe(value(a, /^Replaces: ([^;]*);/m));
      expect(redact(lines).text).toBe(a);
      expect(redact(lines, '', other).text).not.toBe(a);
    }
  });

  it('a PBX log line naming the Call-ID names the pseudonymised one the trace has', () => {
    const id = '491711234567-1732791111@gw.example';
    const trace = value(redact(['BYE sip:x@y SIP/2.0', `Call-ID: ${id}`]).text, /^Call-ID: (.*)$/m);
    const counts = noRedactions();
    const log = redactTextLine(`[Nov 28 10:00:09] WARNING[1234]: chan_sip.c:4061 retrans_pkt: Retransmission timeout reached on transmission ${id} for seqno 102 (Critical Request)`, new Pseudonyms(KEY), counts);
    expect(log).not.toContain('491711234567');
    expect(log).toContain(`on transmission ${trace} for seqno 102 (Critical Request)`);
    expect(log).toContain('[Nov 28 10:00:09] WARNING[1234]: chan_sip.c:4061 retrans_pkt:');
    expect(counts.numbers).toBe(2);
  });
});
