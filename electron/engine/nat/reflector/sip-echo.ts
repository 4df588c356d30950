/**
 * The reflector's SIP echo for the SIP-ALG check (FACTS.md): it answers any SIP request with a 200
 * whose body is the request exactly as it arrived, base64-encoded, so that an ALG on the way back
 * cannot rewrite the echo (it rewrites addresses it recognises, and base64 hides them). The
 * client's padding header is left out of the echo; over UDP the answer is never larger than the
 * request.
 */
import { deflateRawSync } from 'node:zlib';

export const PADDING_HEADER = 'X-Triage-Padding';
const MAX_REQUEST = 16 * 1024;

function header(text: string, name: string): string | null {
  return new RegExp(`^${name}[ \\t]*:.*$`, 'mi').exec(text)?.[0] ?? null;
}

export function sipEcho(data: Buffer, datagram: boolean): Buffer | null {
  if (data.length > MAX_REQUEST) return null;
  const text = data.toString('latin1');
  if (!/^[A-Z]{3,20} \S+ SIP\/2\.0\r?\n/.test(text)) return null;
  const echoed = text.replace(new RegExp(`^${PADDING_HEADER}:.*\\r?\\n`, 'mi'), '');
  // Compressed first: the echo of a 700-byte INVITE stays small, so neither the request's padding
  // nor the answer has to grow past one packet.
  const body = deflateRawSync(Buffer.from(echoed, 'latin1')).toString('base64');
  const copy = ['Via', 'From', 'To', 'Call-ID', 'CSeq'].map((n) => header(text, n)).filter((h): h is string => h !== null);
  const reply = Buffer.from(
    ['SIP/2.0 200 OK', ...copy, 'Content-Type: application/x-starface-triage-echo', `Content-Length: ${body.length}`, '', body].join('\r\n'),
    'latin1',
  );
  return datagram && reply.length > data.length ? null : reply;
}
