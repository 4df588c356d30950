import { createSocket, type Socket } from 'node:dgram';
import { createServer, type Server, type Socket as TcpSocket } from 'node:net';
import { frameStream, SipParseError } from '../../net/sip-message.js';
import { RateLimit } from './rate-limit.js';
import { sipEcho } from './sip-echo.js';
import { answerStun, type ListenerType } from './stun-responder.js';

export interface ReflectorOptionsType {
  /** One or two addresses; with two, CHANGE-REQUEST and OTHER-ADDRESS work (RFC 5780). */
  listen: readonly string[];
  port: number;
  /** The second STUN port (default port + 1). */
  altPort?: number;
  /** SIP echo on UDP and TCP, on the first address; 0 turns it off. */
  sipPort: number;
  log?: (event: Record<string, unknown>) => void;
}

export interface ReflectorType {
  close(): Promise<void>;
  stats(): { answered: number; refused: number; rateLimited: number; sources: number; tcpConnections: number };
}

const MAX_TCP_CONNECTIONS = 200;
const TCP_IDLE_MS = 10_000;

/**
 * The reflector a partner runs once on a public host for all its technicians: STUN with RFC 5780
 * (RESPONSE-PORT, CHANGE-REQUEST, OTHER-ADDRESS) and the SIP echo. Hardened for the open
 * internet: answers only to the requester's own address, never more bytes than it received over
 * UDP, a token bucket per source address, bounded tables and connections, idle TCP closed.
 */
export async function startReflector(options: ReflectorOptionsType): Promise<ReflectorType> {
  const log = options.log ?? (() => {});
  const limit = new RateLimit({ burst: 1200, perSecond: 200, maxSources: 20_000 });
  const counters = { answered: 0, refused: 0 };
  const ports = [options.port, options.altPort ?? options.port + 1];
  const sockets: Socket[] = [];
  const listeners: ListenerType[] = [];
  const bind = (address: string, port: number) =>
    new Promise<Socket>((resolve, reject) => {
      const socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
      socket.once('error', reject);
      socket.bind(port, address, () => {
        socket.off('error', reject);
        socket.on('error', (error) => log({ event: 'socket-error', address, port, error: error.message }));
        resolve(socket);
      });
    });
  for (const address of options.listen) {
    for (const port of ports) {
      const socket = await bind(address, port);
      sockets.push(socket);
      listeners.push({ address, port, send: (data, toPort, toAddress) => socket.send(data, toPort, toAddress) });
    }
  }
  listeners.forEach((on, i) => {
    sockets[i]?.on('message', (data, from) => {
      if (!limit.allow(from.address)) return;
      const decision = answerStun(data, from, on, listeners);
      if (decision.data === null || decision.from === null || decision.to === null) {
        counters.refused += 1;
        return;
      }
      counters.answered += 1;
      decision.from.send(decision.data, decision.to.port, decision.to.address);
    });
  });

  let sipUdp: Socket | null = null;
  let sipTcp: Server | null = null;
  const connections = new Set<TcpSocket>();
  const first = options.listen[0];
  if (options.sipPort > 0 && first !== undefined) {
    sipUdp = await bind(first, options.sipPort);
    sipUdp.on('message', (data, from) => {
      if (!limit.allow(from.address)) return;
      const reply = sipEcho(data, true);
      if (reply === null) {
        counters.refused += 1;
        return;
      }
      counters.answered += 1;
      sipUdp?.send(reply, from.port, from.address);
    });
    sipTcp = createServer((socket) => {
      if (connections.size >= MAX_TCP_CONNECTIONS || !limit.allow(socket.remoteAddress ?? '')) {
        socket.destroy();
        return;
      }
      connections.add(socket);
      socket.setTimeout(TCP_IDLE_MS, () => socket.destroy());
      socket.on('error', () => socket.destroy());
      socket.on('close', () => connections.delete(socket));
      let buffer: Buffer = Buffer.alloc(0);
      socket.on('data', (chunk: Buffer) => {
        buffer = Buffer.concat([buffer, chunk]);
        try {
          const framed = frameStream(buffer);
          buffer = framed.rest;
          for (const m of framed.messages) {
            const reply = sipEcho(m, false);
            if (reply) socket.write(reply);
          }
        } catch (error) {
          if (!(error instanceof SipParseError)) throw error;
          socket.destroy();
        }
      });
    });
    await new Promise<void>((resolve, reject) => {
      sipTcp?.once('error', reject);
      sipTcp?.listen(options.sipPort, first, () => resolve());
    });
  }
  log({ event: 'listening', stun: listeners.map((l) => `${l.address}:${l.port}`), sip: sipUdp ? `${first}:${options.sipPort}` : null });
  return {
    stats: () => ({ ...counters, rateLimited: limit.dropped, sources: limit.sources, tcpConnections: connections.size }),
    async close() {
      for (const s of sockets) s.close();
      sipUdp?.close();
      for (const c of connections) c.destroy();
      await new Promise<void>((resolve) => (sipTcp ? sipTcp.close(() => resolve()) : resolve()));
      log({ event: 'stopped', ...counters, rateLimited: limit.dropped });
    },
  };
}
