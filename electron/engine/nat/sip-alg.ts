import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import type { AlgResultType, AlgTransportCheckType } from '../../../shared/diagnostics/alg-results.js';
import { resolveHost } from '../net/dns.js';
import { routeTo } from '../net/local-network.js';
import { frameStream, newBranch, newCallId, newTag } from '../net/sip-message.js';
import { PADDING_HEADER } from './reflector/sip-echo.js';

/**
 * An INVITE as a phone behind the NAT sends it: the laptop's private address in Via, Contact and
 * the SDP's c= and m= lines, the lines a SIP ALG rewrites. Padded so the reflector's answer (the
 * request base64-encoded) is not larger than the request.
 */
export function algProbeRequest(local: string, localPort: number, reflector: string, transport: 'UDP' | 'TCP'): string {
  const sdp = ['v=0', `o=- 1 1 IN IP4 ${local}`, 's=-', `c=IN IP4 ${local}`, 't=0 0', 'm=audio 40000 RTP/AVP 8 0 101', 'a=rtpmap:101 telephone-event/8000', ''].join('\r\n');
  const head = [
    `INVITE sip:alg-check@${reflector} SIP/2.0`,
    `Via: SIP/2.0/${transport} ${local}:${localPort};branch=${newBranch()};rport`,
    'Max-Forwards: 70',
    `From: <sip:triage@${local}>;tag=${newTag()}`,
    `To: <sip:alg-check@${reflector}>`,
    `Call-ID: ${newCallId()}`,
    'CSeq: 1 INVITE',
    `Contact: <sip:triage@${local}:${localPort};transport=${transport.toLowerCase()}>`,
    'Content-Type: application/sdp',
  ];
  const unpadded = `${head.join('\r\n')}\r\nContent-Length: ${Buffer.byteLength(sdp)}\r\n\r\n${sdp}`;
  // The echo is compressed (about half) and base64-encoded (4/3), and carries ~300 bytes of headers.
  const padding = `${PADDING_HEADER}: ${'x'.repeat(Math.ceil(unpadded.length / 2) + 100)}`;
  return `${head.join('\r\n')}\r\n${padding}\r\nContent-Length: ${Buffer.byteLength(sdp)}\r\n\r\n${sdp}`;
}

/** Line-by-line differences between what was sent and what the reflector saw. */
export function diffLines(sent: string, received: string): AlgTransportCheckType['changes'] {
  const a = sent.split('\r\n').filter((l) => !l.startsWith(`${PADDING_HEADER}:`));
  const b = received.split('\r\n');
  const changes: AlgTransportCheckType['changes'] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && changes.length < 50; i++) {
    if (a[i] !== b[i]) changes.push({ sent: (a[i] ?? '').slice(0, 300), received: (b[i] ?? '').slice(0, 300) });
  }
  return changes;
}

function echoedBody(reply: string): string | null {
  if (!reply.startsWith('SIP/2.0 200')) return null;
  const body = reply.split('\r\n\r\n')[1];
  if (body === undefined) return null;
  try {
    return inflateRawSync(Buffer.from(body, 'base64'), { maxOutputLength: 64 * 1024 }).toString('latin1');
  } catch {
    return null;
  }
}

function checkUdp(address: string, port: number, local: string, reflector: string, timeoutMs: number): Promise<AlgTransportCheckType> {
  return new Promise((resolve) => {
    const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
    let sent = '';
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const done = (r: AlgTransportCheckType) => {
      clearTimeout(timer);
      socket.close();
      resolve(r);
    };
    socket.on('error', (e: NodeJS.ErrnoException) => done({ answered: false, rewritten: null, changes: [], error: e.code ?? e.message }));
    socket.on('message', (data) => {
      const body = echoedBody(data.toString('latin1'));
      if (body === null) return;
      const changes = diffLines(sent, body);
      done({ answered: true, rewritten: changes.length > 0, changes, error: null });
    });
    const send = () => {
      if (tries++ >= 3) return done({ answered: false, rewritten: null, changes: [], error: 'no answer' });
      socket.send(sent, port, address);
      timer = setTimeout(send, timeoutMs / 3);
    };
    socket.bind(0, () => {
      sent = algProbeRequest(local, socket.address().port, reflector, 'UDP');
      send();
    });
  });
}

function checkTcp(address: string, port: number, local: string, reflector: string, timeoutMs: number): Promise<AlgTransportCheckType> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, localAddress: undefined });
    let sent = '';
    let buffer: Buffer = Buffer.alloc(0);
    const timer = setTimeout(() => done({ answered: false, rewritten: null, changes: [], error: 'no answer' }), timeoutMs);
    const done = (r: AlgTransportCheckType) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(r);
    };
    socket.on('error', (e: NodeJS.ErrnoException) => done({ answered: false, rewritten: null, changes: [], error: e.code ?? e.message }));
    socket.on('connect', () => {
      sent = algProbeRequest(local, socket.localPort ?? 0, reflector, 'TCP');
      socket.write(sent);
    });
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      try {
        const framed = frameStream(buffer);
        buffer = framed.rest;
        const first = framed.messages[0];
        if (!first) return;
        const body = echoedBody(first.toString('latin1'));
        if (body === null) return done({ answered: true, rewritten: null, changes: [], error: 'not an echo' });
        const changes = diffLines(sent, body);
        done({ answered: true, rewritten: changes.length > 0, changes, error: null });
      } catch {
        done({ answered: true, rewritten: null, changes: [], error: 'unreadable answer' });
      }
    });
  });
}

/**
 * The SIP-ALG check (FACTS.md): the same INVITE over UDP and TCP to the reflector's echo, and the
 * echo compared with what was sent. Any difference was made on the way: a SIP ALG.
 */
export async function checkSipAlg(options: { host: string; port: number; timeoutMs: number; dnsServers?: readonly string[] }): Promise<AlgResultType> {
  const reflector = `${options.host}:${options.port}`;
  const dns = await resolveHost(options.host, { servers: options.dnsServers, timeoutMs: 3000 });
  const address = dns.a[0] ?? dns.aaaa[0];
  const none = (error: string): AlgTransportCheckType => ({ answered: false, rewritten: null, changes: [], error });
  if (address === undefined) return { reflector, localAddress: null, udp: none(dns.status), tcp: none(dns.status) };
  const local = (await routeTo(address))?.address ?? '0.0.0.0';
  const [udp, tcp] = await Promise.all([checkUdp(address, options.port, local, reflector, options.timeoutMs), checkTcp(address, options.port, local, reflector, options.timeoutMs)]);
  return { reflector, localAddress: local, udp, tcp };
}
