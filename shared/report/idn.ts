/**
 * Internationalised domain names (info@müller-technik.de) for validation: each label with letters
 * beyond ASCII becomes its ASCII form ("xn--…", Punycode, RFC 3492), so the one e-mail rule (zod's)
 * can judge the address. The user's spelling is what is shown and sent; this is only for checking.
 * shared/ has neither `URL` nor node:url's `domainToASCII`, hence the encoder here.
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;

/** RFC 3492 §6.1. */
function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

/** 0–25 → a–z, 26–35 → 0–9 (RFC 3492 §5). */
const digit = (d: number): string => String.fromCharCode(d < 26 ? d + 97 : d + 22);

/** RFC 3492 §6.3: the Punycode of one label, without the "xn--" prefix. */
export function punycodeEncode(label: string): string {
  const points = Array.from(label, (c) => c.codePointAt(0) ?? 0);
  let output = points.filter((c) => c < 0x80).map((c) => String.fromCharCode(c)).join('');
  const basic = output.length;
  let handled = basic;
  if (basic > 0) output += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < points.length) {
    const m = Math.min(...points.filter((c) => c >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const c of points) {
      if (c < n) delta++;
      if (c !== n) continue;
      let q = delta;
      for (let k = BASE; ; k += BASE) {
        const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
        if (q < t) break;
        output += digit(t + ((q - t) % (BASE - t)));
        q = Math.floor((q - t) / (BASE - t));
      }
      output += digit(q);
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return output;
}

/**
 * A domain as typed (any case, NFC or not, "。" as a dot) in its ASCII form, or null when a label
 * is empty, too long, or holds anything but letters, digits and hyphens. Lower-casing and NFC stand
 * in for UTS #46 mapping, enough for the names people type (umlauts, accents, other scripts).
 */
export function domainToAscii(domain: string): string | null {
  const labels = domain.normalize('NFC').toLowerCase().split(/[.\u3002\uff0e\uff61]/);
  const ascii: string[] = [];
  for (const label of labels) {
    if (label === '') return null;
    const encoded = /^[\x00-\x7f]*$/.test(label) ? label : /^(?!-)[\p{L}\p{M}\p{N}-]+(?<!-)$/u.test(label) ? `xn--${punycodeEncode(label)}` : null;
    if (encoded === null || encoded.length > 63) return null;
    ascii.push(encoded);
  }
  const joined = ascii.join('.');
  return joined.length <= 253 ? joined : null;
}
