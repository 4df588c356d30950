import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { decodeMessage, encodeRequest, newTransactionId, StunParseError, type StunMessageType } from './stun-message.js';

/** RFC 5389 §7.2.1: RTO 500 ms, doubling. */
const RTO_MS = 500;

export interface StunAnswerType {
  message: StunMessageType;
  from: RemoteInfo;
  /** From the first transmission. */
  rttMs: number;
}

/**
 * A UDP socket that speaks STUN: requests with retransmission, and waiting for the answer to a
 * transaction sent from another socket (RESPONSE-PORT, RFC 5780 §4.6). Answers are matched by
 * transaction id only; anything else (garbage, someone else's transaction) is counted and dropped.
 */
export class StunSocket {
  readonly #socket: Socket;
  readonly #waiting = new Map<string, (answer: StunAnswerType) => void>();
  readonly #sentAt = new Map<string, number>();
  #closed = false;
  /** Datagrams that were not STUN or not for a transaction waited for. */
  stray = 0;
  /** A send failed with this code (no network, no route): the measurement is not valid. */
  sendError: string | null = null;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('message', (data, from) => {
      let message: StunMessageType;
      try {
        message = decodeMessage(data);
      } catch (error) {
        if (!(error instanceof StunParseError)) throw error;
        this.stray += 1;
        return;
      }
      const key = message.transactionId.toString('hex');
      const wake = this.#waiting.get(key);
      if (!wake) {
        this.stray += 1;
        return;
      }
      this.#waiting.delete(key);
      wake({ message, from, rttMs: performance.now() - (this.#sentAt.get(key) ?? performance.now()) });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.sendError = error.code ?? error.message;
    });
  }

  static async open(family: 4 | 6 = 4, port = 0): Promise<StunSocket> {
    const socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new StunSocket(socket);
  }

  get localPort(): number {
    return this.#socket.address().port;
  }

  /** Waits for the answer to transaction `id` (sent by any socket), or null after `timeoutMs`. */
  waitFor(id: Buffer, timeoutMs: number, signal?: AbortSignal): Promise<StunAnswerType | null> {
    const key = id.toString('hex');
    return new Promise((resolve) => {
      const done = (answer: StunAnswerType | null) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiting.delete(key);
        resolve(answer);
      };
      const onAbort = () => done(null);
      const timer = setTimeout(() => done(null), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.set(key, done);
    });
  }

  /** Sends one datagram of a transaction; records when, for the round-trip time. */
  send(data: Buffer, id: Buffer, address: string, port: number): void {
    if (this.#closed) return;
    this.#sentAt.set(id.toString('hex'), this.#sentAt.get(id.toString('hex')) ?? performance.now());
    this.#socket.send(data, port, address, (error) => {
      if (error) this.sendError = (error as NodeJS.ErrnoException).code ?? error.message;
    });
  }

  /**
   * A request to `address:port`, retransmitted (RFC 5389 §7.2.1) until the answer arrives at
   * `answerOn` (this socket unless given) or `timeoutMs` passes.
   */
  async request(
    address: string,
    port: number,
    attributes: Array<{ type: number; value: Buffer }> = [],
    options: { timeoutMs: number; answerOn?: StunSocket; signal?: AbortSignal; id?: Buffer; rtoMs?: number },
  ): Promise<StunAnswerType | null> {
    const id = options.id ?? newTransactionId();
    const data = encodeRequest(id, attributes);
    const receiver = options.answerOn ?? this;
    const answer = receiver.waitFor(id, options.timeoutMs, options.signal);
    let rto = options.rtoMs ?? RTO_MS;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const transmit = () => {
      this.send(data, id, address, port);
      timer = setTimeout(transmit, rto);
      rto *= 2;
    };
    // The other socket measures the round trip of a RESPONSE-PORT request from this send.
    receiver.#sentAt.set(id.toString('hex'), performance.now());
    transmit();
    try {
      return await answer;
    } finally {
      clearTimeout(timer);
      this.#sentAt.delete(id.toString('hex'));
      receiver.#sentAt.delete(id.toString('hex'));
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    // Waiters still pending resolve with null when their timers run out.
    this.#socket.close();
  }
}

export function familyOf(address: string): 4 | 6 {
  return isIP(address) === 6 ? 6 : 4;
}
