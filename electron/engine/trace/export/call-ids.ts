import { phoneNumberSpans, type NumberSpanType } from './phone-numbers.js';

/**
 * Phone numbers inside Call-IDs (DSGVO): gateways write the caller's number into them
 * (`491711234567-1732791111@gw`). The Call-ID is how Wireshark and sngrep group a dialog, so it
 * must stay the same Call-ID everywhere it is quoted after redaction: the Call-ID header, Replaces
 * (RFC 3891), Join (RFC 3911), Target-Dialog (RFC 4538), In-Reply-To (RFC 3261 §20.21), the
 * Replaces header inside a Refer-To URI (URL-escaped, RFC 3891 §7.1) and a dialog-info body's
 * `call-id` attribute (RFC 4235). Each place hands the bare Call-ID to `callIdSpans`, so the same
 * Call-ID gives the same spans, and the pseudonym table (pseudonyms.ts) the same digits.
 */

/** The runs of a bare Call-ID that are taken for numbers, positions counted from `offset`. */
export function callIdSpans(callId: string, minDigits: number, offset = 0): NumberSpanType[] {
  // Numbers as people and devices write them (grouped, ≤ 20 digits: phone-numbers.ts) …
  const spans = phoneNumberSpans(callId, minDigits);
  const taken = new Set(spans.flatMap((s) => s.positions));
  // … and digit runs of a number's length set off by punctuation: in `491711234567-1732791111@gw`
  // the two runs make 22 digits, too many for one number, but the first is one.
  for (const m of callId.matchAll(/(?<![A-Za-z0-9_])[0-9]+(?![A-Za-z_])/g)) {
    const run = m[0];
    if (run.length < minDigits || run.length > 20) continue;
    const positions = Array.from(run, (_, k) => m.index + k);
    if (positions.some((at) => taken.has(at))) continue;
    spans.push({ positions, digits: run });
  }
  return offset === 0 ? spans : spans.map((s) => ({ positions: s.positions.map((at) => at + offset), digits: s.digits }));
}

/** Headers whose value is a Call-ID, or starts with one (then `;` and parameters), or lists them (`,`). */
export const CALL_ID_HEADERS = new Set(['call-id', 'i', 'replaces', 'join', 'target-dialog', 'in-reply-to']);

/** The spans of every Call-ID in the value `line[from, to)` of header `name` (one of CALL_ID_HEADERS). */
export function callIdHeaderSpans(name: string, line: string, from: number, to: number, minDigits: number): NumberSpanType[] {
  const value = line.slice(from, to);
  // In-Reply-To lists Call-IDs; the others have one, then parameters (`;to-tag=…`).
  const ids = name === 'in-reply-to' ? value.matchAll(/[^,\s]+/g) : [/[^;\s]+/.exec(value)].filter((m) => m !== null);
  return [...ids].flatMap((m) => callIdSpans(m[0], minDigits, from + m.index));
}

/**
 * The Call-ID of a `Replaces=` header inside a URI (Refer-To: `<sip:b@x?Replaces=CALLID%3Bto-tag%3D…>`)
 * in `line[from, to)`, unescaped to find its numbers; a digit written escaped (`%3N`) is rewritten
 * at its `N`, so the pseudonym stays escaped and the same length.
 */
export function replacesParamSpans(line: string, from: number, to: number, minDigits: number): NumberSpanType[] {
  const spans: NumberSpanType[] = [];
  const re = /[?&]replaces=/gi;
  re.lastIndex = from;
  for (let m = re.exec(line); m !== null && m.index < to; m = re.exec(line)) {
    let decoded = '';
    const where: number[] = [];
    for (let i = m.index + m[0].length; i < to && !'&> \t,"'.includes(line[i]!); i++) {
      const hex = line[i] === '%' && /^[0-9a-f]{2}$/i.test(line.slice(i + 1, i + 3)) ? line.slice(i + 1, i + 3) : null;
      decoded += hex === null ? line[i] : String.fromCharCode(parseInt(hex, 16));
      where.push(hex === null ? i : i + 2);
      if (hex !== null) i += 2;
    }
    const callId = decoded.split(';')[0]!;
    for (const span of callIdSpans(callId, minDigits)) {
      // An escaped digit is `%3N`: its `N` is rewritten, so it stays escaped and the same length.
      spans.push({ positions: span.positions.map((k) => where[k]!), digits: span.digits });
    }
  }
  return spans;
}
