import { createSocket } from 'node:dgram';
import { connect as tcpConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { frameStream, SipParseError } from './sip-message.js';

/**
 * One transport to the PBX for a whole probe series, like a phone's registration: one UDP socket,
 * or one TCP/TLS connection (re-opened if the peer closes it). Delivers whole SIP messages.
 */
export interface SipChannelType {
  readonly transport: 'udp' | 'tcp' | 'tls';
  localAddress: string;
  localPort: number;
  tls: { authorized: boolean; error: string | null; subject: string | null } | null;
  send(data: Buffer): Promise<void>;
  close(): void;
}

export interface SipChannelEventsType {
  message(data: Buffer): void;
  /** A stream that could not be framed; the connection is dropped and re-opened on the next send. */
  garbage(): void;
}

export class SipChannelError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.name = 'SipChannelError';
    this.code = code;
  }
}

function errCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : error instanceof Error ? error.message : 'ERROR';
}

export async function openUdpChannel(address: string, port: number, events: SipChannelEventsType): Promise<SipChannelType> {
  const socket = createSocket(isIP(address) === 6 ? 'udp6' : 'udp4');
  socket.on('message', (data) => events.message(data));
  // ICMP port unreachable arrives as ECONNREFUSED on a connected UDP socket: the probe times out.
  socket.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  const local = socket.address();
  return {
    transport: 'udp',
    localAddress: local.address,
    localPort: local.port,
    tls: null,
    send: (data) =>
      new Promise((resolve) => {
        socket.send(data, () => resolve());
      }),
    close: () => {
      try {
        socket.close();
      } catch {
        // already closed
      }
    },
  };
}

/** TCP or TLS: connects on first use, and again after the peer closed the connection. */
export function streamChannel(kind: 'tcp' | 'tls', address: string, port: number, servername: string, timeoutMs: number, events: SipChannelEventsType): SipChannelType {
  let socket: Socket | TLSSocket | null = null;
  let connecting: Promise<Socket | TLSSocket> | null = null;
  let buffer: Buffer = Buffer.alloc(0);
  const channel: SipChannelType = {
    transport: kind,
    localAddress: '',
    localPort: 0,
    tls: null,
    async send(data) {
      const s = socket ?? (await connectOnce());
      s.write(data);
    },
    close() {
      socket?.destroy();
      socket = null;
    },
  };
  const connectOnce = (): Promise<Socket | TLSSocket> => {
    connecting ??= new Promise<Socket | TLSSocket>((resolve, reject) => {
      const s: Socket | TLSSocket =
        kind === 'tls'
          ? tlsConnect({ host: address, port, servername: isIP(servername) === 0 ? servername : undefined, rejectUnauthorized: false })
          : tcpConnect({ host: address, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new SipChannelError('ETIMEDOUT'));
      }, timeoutMs);
      s.once(kind === 'tls' ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket = s;
        buffer = Buffer.alloc(0);
        channel.localAddress = s.localAddress ?? '';
        channel.localPort = s.localPort ?? 0;
        if (kind === 'tls') {
          const t = s as TLSSocket;
          const subject = t.getPeerCertificate()?.subject?.CN;
          channel.tls = { authorized: t.authorized, error: t.authorizationError ? String(t.authorizationError).slice(0, 100) : null, subject: (Array.isArray(subject) ? subject.join(', ') : subject)?.slice(0, 300) ?? null };
        }
        resolve(s);
      });
      s.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        try {
          const framed = frameStream(buffer);
          buffer = framed.rest;
          for (const m of framed.messages) events.message(m);
        } catch (error) {
          if (!(error instanceof SipParseError)) throw error;
          events.garbage();
          s.destroy();
        }
      });
      // `on`, not `once`: a reset after the connection was up must not become an unhandled error.
      s.on('error', (error) => {
        clearTimeout(timer);
        reject(new SipChannelError(errCode(error)));
      });
      s.once('close', () => {
        if (socket === s) socket = null;
        connecting = null;
      });
    });
    return connecting;
  };
  return channel;
}
