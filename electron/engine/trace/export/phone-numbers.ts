/**
 * Phone numbers written as text (DSGVO, issue 8 §3): in a Subject, a Warning's or a reason
 * phrase's words, Call-Info, P-Asserted-Identity/Diversion parameters, a Call-ID (call-ids.ts), a vendor's
 * X- header, an SDP `s=`/`i=` line or a PBX log line. People and devices write them grouped:
 * `+49 721 1234567`, `0049-721-1234567`, `0721 1234567`, `0721/123-456`, `(0721) 12 34 56`,
 * `+49 (0)721 123456`, `0721 / 123 456`. A run of digits joined by single spaces, `/`, `-`, `.` and parentheses
 * with enough digits is taken for one; what is structure stays: IPv4 addresses, `host:port`,
 * ISO dates, identifiers whose digits are glued to letters (`z9hG4bK776`, `3f2a9c…`, `2345ms`)
 * and the values of parameters that are identifiers (tag, branch, …; masked here).
 */

export interface NumberSpanType {
  /** Where its digits are (separators and a trunk prefix `(0)` left out). */
  positions: number[];
  /** Those digits, as the URI user parts' pseudonyms take them: `+49 (0)721 1234567` as `sip:+497211234567`. */
  digits: string;
}

/** Parameters whose values are protocol identifiers or counters, never a party's number. */
const ID_PARAMS = /;[ \t]*(?:tag|branch|epid|received|rport|maddr|ttl|reg-id|expires|q|index|counter|cause|icid-value|orig-ioi|term-ioi|gr|pub-gruu|temp-gruu|ftag|to-tag|from-tag|ob|lr|sigcomp-id|\+sip\.instance|\+g\.[\w.]+)[ \t]*=[ \t]*("[^"]*"|[^;,>\s]*)/gi;
const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
/** Canonical IPv4 (no leading zeros: `089.123.45.67` is a number, not an address). */
const IPV4 = new RegExp(`(?<![\\d.])${OCTET}(?:\\.${OCTET}){3}(?![\\d.]*\\d)`, 'g');
const PORT = /(?<=[\w\]]):\d{1,5}(?!\d)/g;
const ISO_DATE = /(?<!\d)(?:19|20)\d\d-[01]\d-[0-3]\d(?!\d)/g;
const URN = /urn:[^\s>";,]*/gi;

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const WORD_BEYOND_ASCII = /[\p{L}\p{N}]/u;
function isWordChar(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return WORD_BEYOND_ASCII.test(c);
}

/** Fewer digits in all than a number needs: most header lines. */
function tooFewDigits(text: string, minDigits: number): boolean {
  let n = 0;
  for (let i = 0; i < text.length && n < minDigits; i++) if (text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) n++;
  return n < minDigits;
}

/** `text` with everything that is structure overwritten by '#', at the same positions. */
function masked(text: string): string {
  let out = text;
  // Ports first: an address masked before would no longer be followed by its port.
  for (const re of [ID_PARAMS, PORT, IPV4, ISO_DATE, URN]) out = out.replace(re, (m) => '#'.repeat(m.length));
  return out;
}

/**
 * The phone-number-like runs of `text` with `minDigits` to 20 digits (longer runs are
 * identifiers: E.164 numbers have at most 15 digits, with `00` and an extension a few more).
 */
export function phoneNumberSpans(text: string, minDigits: number): NumberSpanType[] {
  if (tooFewDigits(text, minDigits)) return [];
  const t = masked(text);
  const spans: NumberSpanType[] = [];
  for (let i = 0; i < t.length; i++) {
    if (!isDigit(t[i])) continue;
    const before = t[i - 1];
    // Glued to a word (`z9hG4bK776`, `C-00000012`): an identifier. Skip the whole word.
    if (isWordChar(before) || (before === '-' && isWordChar(t[i - 2]))) {
      while (i < t.length && (isWordChar(t[i]) || t[i] === '-')) i++;
      continue;
    }
    let end = i;
    let digits = '';
    const positions: number[] = [];
    for (;;) {
      const trunk = end > i && t.startsWith('(0)', end - 1);
      while (isDigit(t[end])) {
        if (!trunk) {
          digits += t[end];
          positions.push(end);
        }
        end++;
      }
      // One separator between groups: ` `, `/`, `-`, `.`, ` / `, ` - `, or parentheses (`(0)721`, `(0721) 12`).
      let next = end;
      if (t[next] === ')') next++;
      if (t[next] === ' ') next++;
      if (t[next] !== undefined && '/.-'.includes(t[next]!)) next += t[next + 1] === ' ' && t[next - 1] === ' ' ? 2 : 1;
      if (t[next] === '(') next++;
      if (next > end && isDigit(t[next])) end = next;
      else break;
    }
    if (!isWordChar(t[end]) && digits.length >= minDigits && digits.length <= 20) spans.push({ positions, digits });
    i = end;
  }
  return spans;
}

/** `chars` with `pseudonym` (digits, as many as the span's) written over the span's digits. */
export function spreadDigits(chars: string[], span: NumberSpanType, pseudonym: string): void {
  span.positions.forEach((at, k) => (chars[at] = pseudonym[k]!));
}
