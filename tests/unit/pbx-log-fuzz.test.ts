import { describe, expect, it } from 'vitest';
import { classifyPbxLine } from '../../electron/engine/pbxlog/pbx-log-lines.js';
import { analyzePbxLog, PbxLogError } from '../../electron/engine/pbxlog/pbx-log.js';
import { PbxLogResultSchema } from '../../shared/trace/pbx-log-result.js';
import { encode, int, pick, rng, scenario, type RngType } from './pbx-log-scenario.js';

/**
 * Mutated and truncated PBX logs, seeded so a failure is reproducible: the analysis never throws
 * anything (in-memory sources cannot fail) and never hangs, and every physical line is counted
 * once, as an Asterisk line or as skipped.
 */

const INPUTS = 100_000;
/** Bytes that matter to the parser: line ends, a BOM, invalid UTF-8, quotes and brackets. */
const SPECIAL = [0x0a, 0x0d, 0xef, 0xbb, 0xbf, 0xc3, 0xa4, 0xff, 0x80, 0x27, 0x5b, 0x5d, 0x3a, 0x2f, 0x00, 0x20];

function corpus(): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let seed = 1; seed <= 40; seed++) {
    const { lines } = scenario(seed * 31, 12, 4);
    out.push(encode(lines, { latin1: seed % 2 === 0, crlf: seed % 3 === 0, bom: seed % 5 === 0, finalBreak: seed % 4 !== 0 }));
  }
  return out;
}

function mutate(r: RngType, base: Uint8Array, all: Uint8Array[]): Uint8Array {
  let bytes = Buffer.from(base);
  const steps = int(r, 1, 6);
  for (let s = 0; s < steps; s++) {
    const at = int(r, 0, Math.max(0, bytes.length - 1));
    switch (int(r, 0, 5)) {
      case 0: // flip bytes
        for (let k = int(r, 1, 8); k > 0 && bytes.length > 0; k--) bytes[int(r, 0, bytes.length - 1)] = r() < 0.5 ? pick(r, SPECIAL) : int(r, 0, 255);
        break;
      case 1: // truncate
        bytes = bytes.subarray(0, at);
        break;
      case 2: // insert random bytes
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(Array.from({ length: int(r, 1, 16) }, () => (r() < 0.5 ? pick(r, SPECIAL) : int(r, 0, 255)))), bytes.subarray(at)]);
        break;
      case 3: { // splice in a piece of another log
        const other = pick(r, all);
        const from = int(r, 0, other.length);
        bytes = Buffer.concat([bytes.subarray(0, at), other.subarray(from, from + int(r, 1, 400)), bytes.subarray(int(r, at, bytes.length))]);
        break;
      }
      case 4: // cut a piece out
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + int(r, 1, 200)))]);
        break;
      default: // duplicate a piece
        bytes = Buffer.concat([bytes.subarray(0, at + int(r, 0, 80)), bytes.subarray(at)]);
    }
  }
  return bytes;
}

/** Physical lines: LF-separated, a final break does not start another one. */
function physicalLines(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  let n = 0;
  for (const b of bytes) if (b === 0x0a) n++;
  return bytes[bytes.length - 1] === 0x0a ? n : n + 1;
}

async function* pieces(bytes: Uint8Array, r: RngType): AsyncGenerator<Uint8Array> {
  // Few chunks per input keep 100 000 runs fast; the boundaries still fall anywhere.
  let at = 0;
  while (at < bytes.length) {
    const size = r() < 0.5 ? int(r, 1, 64) : int(r, 1, 4096);
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

describe('PBX log fuzz', () => {
  it(`analyses ${INPUTS} mutated logs without throwing, counting every line once`, async () => {
    const started = Date.now();
    const r = rng(20261128);
    const all = corpus();
    let asterisk = 0;
    for (let i = 0; i < INPUTS; i++) {
      const bytes = mutate(r, pick(r, all), all);
      let result;
      try {
        result = await analyzePbxLog(pieces(bytes, r));
      } catch (error) {
        throw new Error(`input ${i} threw ${String(error)}: ${Buffer.from(bytes).toString('base64')}`);
      }
      if (result.lines + result.skipped !== physicalLines(bytes)) throw new Error(`input ${i}: ${result.lines}+${result.skipped} lines of ${physicalLines(bytes)}`);
      if (i % 500 === 0) expect(PbxLogResultSchema.safeParse(result).success).toBe(true);
      if (result.lines > 0) asterisk++;
    }
    // The mutations must leave most inputs readable, or the fuzz only tests the rejection path.
    expect(asterisk).toBeGreaterThan(INPUTS / 2);
    expect(Date.now() - started).toBeLessThan(25_000);
  }, 60_000);

  it(`classifies ${INPUTS} mutated lines without throwing`, () => {
    const r = rng(7);
    const lines = corpus().flatMap((b) => Buffer.from(b).toString('latin1').split('\n'));
    const alphabet = "[]:/' .!()CNOTIE0123456789-_\tabcdefghijklmnopqrstuvwxyzäöüß\u0000\u{1F600}";
    const started = Date.now();
    let events = 0;
    for (let i = 0; i < INPUTS; i++) {
      let line = pick(r, lines);
      for (let k = int(r, 0, 4); k > 0; k--) {
        const at = int(r, 0, line.length);
        const roll = r();
        if (roll < 0.4) line = line.slice(0, at) + pick(r, [...alphabet]) + line.slice(at + 1);
        else if (roll < 0.6) line = line.slice(0, at);
        else if (roll < 0.8) line = line.slice(0, at) + pick(r, lines).slice(int(r, 0, 60)) ;
        else line = line.slice(0, at) + line.slice(at, at + int(r, 1, 40)).repeat(int(r, 2, 50)) + line.slice(at);
      }
      const parsed = classifyPbxLine(line);
      if (parsed !== null && parsed.event.kind !== 'other') events++;
    }
    expect(events).toBeGreaterThan(INPUTS / 10);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('classifies 64 KiB lines of repeated prefixes and quotes in linear time', () => {
    const started = Date.now();
    const hostile = [
      `[Mar  4 08:52:06] NOTICE[1] chan_sip.c: Peer '${"' is now ".repeat(7000)}`,
      `[Mar  4 08:52:06] NOTICE[1] chan_sip.c: Registration from '${"' failed for '".repeat(4500)}`,
      `[Mar  4 08:52:06] NOTICE[1] chan_sip.c: Contact ${'a/'.repeat(30_000)}`,
      `${'NOTICE[1]: '.repeat(6000)}`,
      `[${'['.repeat(60_000)}`,
    ];
    for (const line of hostile) classifyPbxLine(line);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('rejects only with PbxLogError when the source itself fails mid-way', async () => {
    const r = rng(99);
    for (let i = 0; i < 200; i++) {
      const bytes = mutate(r, pick(r, corpus()), corpus());
      const failAt = int(r, 0, 5);
      const source = (async function* () {
        let n = 0;
        for await (const chunk of pieces(bytes, r)) {
          if (n++ === failAt) throw pick(r, [new Error('boom'), 'a string', null, Object.assign(new Error('gone'), { code: 'ENOENT' })]);
          yield chunk;
        }
      })();
      await analyzePbxLog(source).catch((error: unknown) => expect(error).toBeInstanceOf(PbxLogError));
    }
  });
});
