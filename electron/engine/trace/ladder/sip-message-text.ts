/**
 * A captured SIP message split for showing it whole: start line, header lines in order (folded
 * lines joined, RFC 3261 §7.3.1), body. The bytes are untrusted: everything is cut to the sizes
 * the contract allows, control characters other than tab and line breaks are made visible.
 */
export interface SipMessageTextType {
  startLine: string;
  headers: { name: string; value: string }[];
  body: string;
  contentType: string;
  isSdp: boolean;
}

const visible = (s: string) => s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);

export function splitSipMessage(bytes: Uint8Array): SipMessageTextType {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  const split = /\r?\n\r?\n/.exec(text);
  const head = split === null ? text : text.slice(0, split.index);
  const body = split === null ? '' : text.slice(split.index + split[0].length);
  const lines = head.split(/\r?\n/);
  const headers: { name: string; value: string }[] = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && headers.length > 0) {
      const last = headers[headers.length - 1]!;
      last.value = `${last.value} ${line.trim()}`.slice(0, 8192);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    if (headers.length >= 400) break;
    headers.push({ name: visible(line.slice(0, colon).trim()).slice(0, 256), value: visible(line.slice(colon + 1).trim()).slice(0, 8192) });
  }
  const contentType = headers.find((h) => /^(content-type|c)$/i.test(h.name))?.value.slice(0, 256) ?? '';
  return { startLine: visible(lines[0] ?? '').slice(0, 2048), headers, body: visible(body).slice(0, 65536), contentType, isSdp: /^application\/sdp/i.test(contentType) };
}
