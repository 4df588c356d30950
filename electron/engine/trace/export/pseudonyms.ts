import { createHmac, randomBytes } from 'node:crypto';

/**
 * Consistent pseudonyms (DSGVO): the same number gives the same pseudonym under one key, so a
 * trace still shows "the same caller again"; a different key (another case) does not link. Same
 * length as the original, so SIP lengths, Content-Length and TCP sequence numbers stay right.
 */

export const PSEUDONYM_KEY_BYTES = 32;

export function newPseudonymKey(): Buffer {
  return randomBytes(PSEUDONYM_KEY_BYTES);
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

export class Pseudonyms {
  readonly #key: Buffer;
  readonly #cache = new Map<string, string>();

  constructor(key: Uint8Array) {
    this.#key = Buffer.from(key);
  }

  /** `length` symbols from the keyed hash of `kind:value`, never the value itself. */
  #derive(kind: string, value: string, alphabet: string): string {
    const cacheKey = `${kind}\0${value}`;
    const known = this.#cache.get(cacheKey);
    if (known !== undefined) return known;
    let out = '';
    for (let round = 0; out.length < value.length || out === value; round++) {
      if (out.length >= value.length) out = ''; // equal to the original by chance: draw again
      const digest = createHmac('sha256', this.#key).update(`${kind}:${round}:${value}`).digest();
      for (const byte of digest) if (out.length < value.length) out += alphabet[byte % alphabet.length];
    }
    if (this.#cache.size > 100_000) this.#cache.clear();
    this.#cache.set(cacheKey, out);
    return out;
  }

  /** A digit string → a digit string of the same length. */
  number(digits: string): string {
    return this.#derive('n', digits, '0123456789');
  }

  /** A name (any bytes) → letters of the same length, spaces kept where they were. */
  name(text: string): string {
    const letters = this.#derive('a', text, LETTERS);
    let out = '';
    for (let i = 0; i < text.length; i++) out += text[i] === ' ' ? ' ' : i === 0 || text[i - 1] === ' ' ? letters[i]!.toUpperCase() : letters[i]!;
    return out;
  }
}
