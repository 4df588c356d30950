import { prng } from './sip-traffic-model.js';

/**
 * Phone numbers as people and devices write them (German formats first), and SIP messages that
 * carry them in free-text headers, parameters, the reason phrase and SDP text lines: for the
 * redaction tests (issue 8 §3, "no phone number of the input survives redaction").
 */

export interface WrittenNumberType {
  /** As written in the message. */
  text: string;
  /** Its digits only. */
  digits: string;
}

const AREAS = ['30', '40', '69', '89', '721', '711', '221', '7031', '6221', '3641', '151', '170', '176'];

export function phoneNumbers(seed: number, count: number): WrittenNumberType[] {
  const rnd = prng(seed);
  const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;
  const digitsOf = (n: number) => Array.from({ length: n }, () => String(Math.floor(rnd() * 10))).join('');
  const out: WrittenNumberType[] = [];
  const seen = new Set<string>();
  while (out.length < count) {
    const area = pick(AREAS);
    const sub = String(1 + Math.floor(rnd() * 9)) + digitsOf(3 + Math.floor(rnd() * 5));
    const a = sub.slice(0, 3);
    const b = sub.slice(3);
    const pairs = sub.match(/.{1,2}/g)!.join(' ');
    const formats = [
      `+49${area}${sub}`,
      `+49 ${area} ${sub}`,
      `0049${area}${sub}`,
      `0049-${area}-${sub}`,
      `0${area} ${sub}`,
      `0${area}/${a}-${b}`,
      `0${area}-${sub}`,
      `(0${area}) ${pairs}`,
      `+49 (0)${area} ${sub}`,
      `0${area}${sub}`,
      `+49-${area}-${a} ${b}`,
      `0${area} / ${sub}`,
      `0${area} - ${a} ${b}`,
    ];
    const text = pick(formats);
    const digits = onlyDigits(text);
    if (seen.has(digits)) continue;
    seen.add(digits);
    out.push({ text, digits });
  }
  return out;
}

const compact = (n: string) => n.replace(/ /g, '');
const onlyDigits = (n: string) => n.replace(/\(0\)/, '').replace(/\D/g, '');

/** Where a number stands in a message (a header line), and the form it is written in there. */
export const NUMBER_PLACES: ReadonlyArray<(n: string) => [line: string, written: string]> = [
  (n) => [`Subject: Rückruf an ${n} erbeten`, n],
  (n) => [`Warning: 399 pbx.example.com "Rufnummer ${n} nicht erreichbar"`, n],
  (n) => [`Call-Info: <http://192.0.2.80/cb?nr=${onlyDigits(n)}>;purpose=info`, onlyDigits(n)],
  (n) => [`P-Asserted-Identity: <sip:100@pbx.example.com>;x-orig="${n}"`, n],
  (n) => [`Diversion: <sip:100@pbx.example.com>;reason=unconditional;counter=1;x-number=${compact(n)}`, compact(n)],
  (n) => [`In-Reply-To: ${onlyDigits(n)}@192.0.2.7`, onlyDigits(n)],
  (n) => [`X-Original-Caller: ${n}`, n],
  (n) => [`X-Asterisk-Info: dialed ${n} via trunk 2`, n],
  (n) => [`Reason: Q.850;cause=16;text="${n} hung up"`, n],
];

/** How many numbers one message carries at most. */
export const NUMBERS_PER_MESSAGE = NUMBER_PLACES.length + 3;

export interface NumberMessageType {
  bytes: Buffer;
  /** Every number as it was written into the message: none may survive redaction. */
  secrets: string[];
}

/**
 * A SIP message with `numbers` put into the places above (one each, in turn), the status line of
 * a response naming one too, and SDP whose `s=` and `i=` lines name one; `pad` bytes of `a=`
 * lines make it as large as wanted (so that IP fragments it).
 */
export function messageWithNumbers(numbers: WrittenNumberType[], kind: 'request' | 'response', callId: string, pad = 0): NumberMessageType {
  const it = numbers[Symbol.iterator]();
  const secrets: string[] = [];
  const next = (): string => {
    const n = it.next().value;
    if (n === undefined) throw new Error('too few numbers');
    return n.text;
  };
  const place = (make: (n: string) => [string, string]): string => {
    const [line, written] = make(next());
    secrets.push(written);
    return line;
  };
  const lines = [
    kind === 'request' ? 'INVITE sip:200@pbx.example.com SIP/2.0' : place((n) => [`SIP/2.0 480 Nicht erreichbar: ${n}`, n]),
    'Via: SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1234567890;rport',
    'From: <sip:100@pbx.example.com>;tag=4711081512',
    'To: <sip:200@pbx.example.com>',
    `Call-ID: ${callId}`,
    'CSeq: 1234567 INVITE',
    'Max-Forwards: 70',
    'Expires: 3600',
    'Date: Sat, 28 Nov 2026 10:00:09 GMT',
    'User-Agent: Yealink SIP-T46S 66.86.0.15',
    ...NUMBER_PLACES.map(place),
    'Content-Type: application/sdp',
  ];
  const sdp = [
    'v=0',
    'o=- 1732788009 1732788010 IN IP4 192.0.2.7',
    place((n) => [`s=Anruf von ${n}`, n]),
    place((n) => [`i=Rückruf ${n}`, n]),
    'c=IN IP4 192.0.2.7',
    't=0 0',
    'm=audio 40000 RTP/AVP 8 0 101',
    'a=rtpmap:101 telephone-event/8000',
    ...Array.from({ length: Math.ceil(pad / 40) }, (_, i) => `a=x-pad:${String(i).padStart(4, '0')}${'-'.repeat(24)}`),
    '',
  ].join('\r\n');
  return { bytes: Buffer.from([...lines, `Content-Length: ${Buffer.byteLength(sdp)}`, '', sdp].join('\r\n'), 'utf8'), secrets: [...new Set(secrets)] };
}
