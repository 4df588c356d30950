import type { RemoteInfo } from 'node:dgram';
import { isIP } from 'node:net';
import { ATTR, attribute, BINDING_ERROR, BINDING_REQUEST, BINDING_SUCCESS, decodeMessage, encodeAddress, encodeMessage, errorCodeAttribute, StunParseError, type StunAddressType } from '../stun-message.js';

/** One of the reflector's listening sockets: its address and port, and where it sends from. */
export interface ListenerType {
  address: string;
  port: number;
  send(data: Buffer, port: number, address: string): void;
}

export interface StunDecisionType {
  /** The socket to answer from (CHANGE-REQUEST may pick another), or null: no answer. */
  from: ListenerType | null;
  to: { address: string; port: number } | null;
  data: Buffer | null;
  /** Why there is no answer, for the log. */
  refused: 'not-stun' | 'not-a-request' | 'too-small' | null;
}

function endpoint(l: { address: string; port: number }): StunAddressType {
  return { family: isIP(l.address) === 6 ? 6 : 4, address: l.address, port: l.port };
}

/**
 * What the reflector answers to one datagram (RFC 5389 Binding; RFC 5780 RESPONSE-PORT,
 * CHANGE-REQUEST, OTHER-ADDRESS, RESPONSE-ORIGIN). Pure apart from the sockets it is given:
 * - answers go only to the requester's own address (RESPONSE-PORT changes the port, never the
 *   address), so the reflector cannot be aimed at a third party;
 * - an answer is never larger than the request: a smaller request gets none (our client pads).
 */
export function answerStun(data: Buffer, from: RemoteInfo, on: ListenerType, listeners: readonly ListenerType[]): StunDecisionType {
  let message;
  try {
    message = decodeMessage(data);
  } catch (error) {
    if (!(error instanceof StunParseError)) throw error;
    return { from: null, to: null, data: null, refused: 'not-stun' };
  }
  if (message.type !== BINDING_REQUEST) return { from: null, to: null, data: null, refused: 'not-a-request' };
  const id = message.transactionId;
  const portValue = attribute(message, ATTR.RESPONSE_PORT);
  const change = attribute(message, ATTR.CHANGE_REQUEST);
  const toPort = portValue && portValue.length >= 2 ? portValue.readUInt16BE(0) : from.port;
  const changeIp = change !== undefined && change.length >= 4 && (change.readUInt32BE(0) & 4) !== 0;
  const changePort = change !== undefined && change.length >= 4 && (change.readUInt32BE(0) & 2) !== 0;
  const otherIp = listeners.find((l) => l.address !== on.address)?.address ?? null;
  const otherPort = listeners.find((l) => l.port !== on.port)?.port ?? null;
  let reply: Buffer;
  let sender: ListenerType | null = on;
  if ((changeIp && otherIp === null) || (changePort && otherPort === null)) {
    // RFC 5780 §6.1: a server without a second address or port cannot honour CHANGE-REQUEST.
    reply = encodeMessage(id, [errorCodeAttribute(420, 'Unknown Attribute')], BINDING_ERROR);
  } else {
    const wantAddress = changeIp ? otherIp : on.address;
    const wantPort = changePort ? otherPort : on.port;
    sender = listeners.find((l) => l.address === wantAddress && l.port === wantPort) ?? null;
    const mapped = endpoint({ address: from.address, port: from.port });
    const attributes: Array<{ type: number; value: Buffer }> = [
      { type: ATTR.XOR_MAPPED_ADDRESS, value: encodeAddress(mapped, true, id) },
      { type: ATTR.MAPPED_ADDRESS, value: encodeAddress(mapped, false, id) },
      { type: ATTR.RESPONSE_ORIGIN, value: encodeAddress(endpoint(sender ?? on), false, id) },
    ];
    const other = otherIp !== null && otherPort !== null ? listeners.find((l) => l.address === otherIp && l.port === otherPort) : undefined;
    if (other) attributes.push({ type: ATTR.OTHER_ADDRESS, value: encodeAddress(endpoint(other), false, id) });
    reply = encodeMessage(id, attributes, BINDING_SUCCESS);
  }
  if (reply.length > data.length) return { from: null, to: null, data: null, refused: 'too-small' };
  return { from: sender, to: { address: from.address, port: toPort }, data: reply, refused: null };
}
