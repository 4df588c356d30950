import { createSocket, type Socket } from 'node:dgram';
import { performance } from 'node:perf_hooks';
import type { StunResultType } from '../../../shared/diagnostics/results.js';
import { ATTR, attribute, BINDING_ERROR, BINDING_SUCCESS, decodeAddress, decodeErrorCode, decodeMessage, encodeRequest, formatAddress, newTransactionId, StunParseError } from './stun-message.js';

/** RFC 5389 §7.2.1: the first retransmission after RTO = 500 ms, doubling each time. */
const RTO_MS = 500;

/**
 * One Binding request to `address:port` over UDP, retransmitted per RFC 5389 until an answer with
 * our transaction id arrives or the time limit ends: our public address as the server sees it.
 */
export function stunBinding(address: string, port: number, timeoutMs: number, signal?: AbortSignal, label = `${address}:${port}`): Promise<StunResultType> {
  return new Promise((resolve) => {
    const started = performance.now();
    const socket: Socket = createSocket(address.includes(':') ? 'udp6' : 'udp4');
    const transactionId = newTransactionId();
    const request = encodeRequest(transactionId);
    let transmissions = 0;
    let retransmit: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const base = { server: label.slice(0, 300), publicAddress: null, mappedAddress: null, rttMs: null, error: null };
    const finish = (result: Partial<StunResultType> & Pick<StunResultType, 'status'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(retransmit);
      signal?.removeEventListener('abort', onAbort);
      socket.close();
      resolve({ ...base, transmissions, ...result });
    };
    const send = (rto: number) => {
      transmissions += 1;
      socket.send(request, port, address, (error) => {
        if (error) finish({ status: 'error', error: ((error as NodeJS.ErrnoException).code ?? error.message).slice(0, 300) });
      });
      retransmit = setTimeout(() => send(rto * 2), rto);
    };
    const deadline = setTimeout(() => finish({ status: 'no-answer' }), timeoutMs);
    const onAbort = () => finish({ status: 'no-answer', error: 'cancelled' });
    signal?.addEventListener('abort', onAbort, { once: true });
    socket.on('error', (error: NodeJS.ErrnoException) => finish({ status: 'error', error: (error.code ?? error.message).slice(0, 300) }));
    socket.on('message', (data) => {
      try {
        const message = decodeMessage(data);
        if (!message.transactionId.equals(transactionId)) return; // someone else's answer
        if (message.type === BINDING_ERROR) {
          const e = attribute(message, ATTR.ERROR_CODE);
          const err = e ? decodeErrorCode(e) : { code: 0, reason: '' };
          finish({ status: 'error', error: `STUN error ${err.code} ${err.reason}`.trim().slice(0, 300) });
          return;
        }
        if (message.type !== BINDING_SUCCESS) return;
        const xor = attribute(message, ATTR.XOR_MAPPED_ADDRESS);
        const plain = attribute(message, ATTR.MAPPED_ADDRESS);
        finish({
          status: 'ok',
          rttMs: Math.round(performance.now() - started),
          publicAddress: xor ? formatAddress(decodeAddress(xor, true, transactionId)) : null,
          mappedAddress: plain ? formatAddress(decodeAddress(plain, false, transactionId)) : null,
        });
      } catch (error) {
        if (!(error instanceof StunParseError)) throw error;
        // Not STUN, or broken: ignored, the retransmission goes on.
      }
    });
    socket.bind(0, () => send(RTO_MS));
  });
}
