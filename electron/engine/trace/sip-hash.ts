/**
 * The hash SIP analysis keys dialogs and transactions by (sip-analysis), shared with the parser,
 * which hashes Call-ID and branch on the bytes so that no text of them is made per message.
 */

/**
 * FNV-1a over two 32-bit lanes, folded to 52 bits (exact in a double): collisions ~1e-4 at a
 * million keys. Streamed over the parts of a key (no string is built for it): start, add, value.
 */
let laneA = 0;
let laneB = 0;

export function hashStart(): void {
  laneA = 0x811c9dc5;
  laneB = 0x01000193;
}

export function hashAdd(text: string): void {
  let a = laneA;
  let b = laneB;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  // A separator, so that ("ab", "c") and ("a", "bc") differ.
  laneA = Math.imul(a ^ 0x1f, 0x01000193);
  laneB = Math.imul(b ^ 0x1f, 0x5bd1e995);
}

export function hashNumber(n: number): void {
  laneA = Math.imul(laneA ^ (n | 0), 0x01000193);
  laneB = Math.imul(laneB ^ ((n / 4294967296) | 0) ^ 0x55, 0x5bd1e995);
}

export function hashValue(): number {
  return (laneA >>> 0) * 1048576 + ((laneB >>> 0) & 0xfffff);
}
/** The same as hashAdd on the latin1 text of b[start, end), without making it. */
export function hashAddBytes(b: Uint8Array, start: number, end: number): void {
  let a = laneA;
  let c = laneB;
  for (let i = start; i < end; i++) {
    const x = b[i]!;
    a = Math.imul(a ^ x, 0x01000193);
    c = Math.imul(c ^ x, 0x5bd1e995);
  }
  laneA = Math.imul(a ^ 0x1f, 0x01000193);
  laneB = Math.imul(c ^ 0x1f, 0x5bd1e995);
}

/** The lanes as two integers at out[at], and back: a hash carried on elsewhere (another thread). */
export function lanesInto(out: Int32Array, at: number): void {
  out[at] = laneA;
  out[at + 1] = laneB;
}

export function lanesFrom(from: Int32Array, at: number): void {
  laneA = from[at]!;
  laneB = from[at + 1]!;
}
