import { describe, expect, it } from 'vitest';
import { parseSip } from '../../electron/engine/trace/sip-parse.js';
import { prng } from './helpers/sip-traffic-model.js';

/**
 * The top Via's branch is read on the bytes while parsing (no regex per message); it must be what
 * RFC 3261's grammar, as the reference regex below reads it, gives for every Via a capture holds.
 */
const REFERENCE = /;\s*branch\s*=\s*"?([^;,>"\s]{0,256})/i;

function message(via: string, more = ''): Buffer {
  return Buffer.from(`OPTIONS sip:100@192.0.2.10 SIP/2.0\r\nVia: ${via}\r\n${more}From: <sip:a@b>;tag=1\r\nTo: <sip:100@192.0.2.10>\r\nCall-ID: x@y\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`, 'latin1');
}

describe('the top Via’s branch, read on the bytes', () => {
  it('equals the reference reading on 20 000 generated Via values', () => {
    const rnd = prng(4711);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)]!;
    const blanks = ['', '', ' ', '  ', '\t'];
    for (let n = 0; n < 20_000; n++) {
      const value = Array.from({ length: 1 + Math.floor(rnd() * 300) }, () => pick(['z9hG4bK', 'a', '7', '-', '.', '!', '%', '*', '_', '+', '`', "'", '~', 'é', ';', ',', '>', '"', ' '])).join('');
      const name = pick(['branch', 'BRANCH', 'Branch', 'branches', 'bran', 'rport', 'received']);
      const param = `;${pick(blanks)}${name}${pick(blanks)}${pick(['=', '=', '', ':'])}${pick(blanks)}${pick(['', '', '"'])}${value}`;
      const before = pick(['', ';rport', ';received=192.0.2.1', ';x=";branch=no"', ';', ';;']);
      const after = pick(['', ';rport', ';branch=second', ',SIP/2.0/UDP 10.0.0.2;branch=other']);
      const via = `SIP/2.0/UDP 10.0.0.1:5060${before}${param}${after}`.slice(0, 1000);
      const parsed = parseSip(message(via));
      expect(parsed.branch, via).toBe(REFERENCE.exec(parsed.via ?? '')?.[1] ?? '');
    }
  });

  it('the first Via is the top one; a folded Via is read from its text', () => {
    expect(parseSip(message('SIP/2.0/UDP 10.0.0.1;branch=z9hG4bKtop', 'Via: SIP/2.0/UDP 10.0.0.2;branch=z9hG4bKlower\r\n')).branch).toBe('z9hG4bKtop');
    expect(parseSip(message('SIP/2.0/UDP 10.0.0.1\r\n ;branch=z9hG4bKfolded')).branch).toBe('z9hG4bKfolded');
    expect(parseSip(message('SIP/2.0/UDP 10.0.0.1;rport')).branch).toBe('');
  });
});
