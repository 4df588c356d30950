import type { NatBehaviourType, NatTypeResultType } from '../../../shared/diagnostics/nat-results.js';
import { resolveHost } from '../net/dns.js';
import { interfaceOf, localEndpoint, routeTo } from '../net/local-network.js';
import { ATTR, attribute, changeRequestAttribute, decodeAddress, encodeRequest, formatAddress, newTransactionId, type StunAddressType } from './stun-message.js';
import { familyOf, StunSocket, type StunAnswerType } from './stun-socket.js';

export interface NatTypeOptionsType {
  host: string;
  port: number;
  timeoutMs: number;
  dnsServers?: readonly string[];
  signal?: AbortSignal;
}

function address(answer: StunAnswerType | null, type: number, xor: boolean): StunAddressType | null {
  const value = answer ? attribute(answer.message, type) : undefined;
  return answer && value ? decodeAddress(value, xor, answer.message.transactionId) : null;
}

const same = (a: StunAddressType | null, b: StunAddressType | null) => a !== null && b !== null && a.address === b.address && a.port === b.port;

/**
 * RFC 5780 §4.5: a second socket sends a Binding Request to the first one's public address; the
 * NAT hairpins when the first socket receives it. The first socket sends to the second's public
 * address beforehand, so a NAT that filters by address and port lets the request in if it hairpins.
 */
async function hairpinning(x: StunSocket, m1: StunAddressType, server: string, options: NatTypeOptionsType): Promise<boolean | null> {
  const y = await StunSocket.open(familyOf(server));
  try {
    const timeoutMs = Math.min(options.timeoutMs, 2000);
    const my = address(await y.request(server, options.port, [], { timeoutMs, signal: options.signal }), ATTR.XOR_MAPPED_ADDRESS, true);
    if (my === null) return null;
    const opener = newTransactionId();
    x.send(encodeRequest(opener), opener, my.address, my.port);
    const back = await y.request(m1.address, m1.port, [], { timeoutMs, answerOn: x, signal: options.signal });
    return options.signal?.aborted ? null : back !== null;
  } finally {
    y.close();
  }
}

/**
 * NAT mapping and filtering behaviour by RFC 5780 §4.3 and §4.4, against a server that has a second
 * address (OTHER-ADDRESS). What a server without it cannot tell is "unknown", with the reason.
 */
export async function discoverNatType(options: NatTypeOptionsType): Promise<NatTypeResultType> {
  const dns = await resolveHost(options.host, { servers: options.dnsServers, timeoutMs: 3000, signal: options.signal });
  const server = dns.a[0] ?? dns.aaaa[0];
  const base: NatTypeResultType = {
    server: `${options.host}:${options.port}`.slice(0, 300),
    publicAddress: null,
    mapping: 'unknown',
    mappingReason: null,
    filtering: 'unknown',
    filteringReason: null,
    portPreserving: null,
    payloadRewritten: null,
    hairpinning: null,
    otherAddress: null,
    local: { address: null, interface: null },
  };
  if (server === undefined) return { ...base, mappingReason: `${options.host}: ${dns.status}`, filteringReason: `${options.host}: ${dns.status}` };
  base.local = (await routeTo(server)) ?? localEndpoint(null);
  const x = await StunSocket.open(familyOf(server));
  const ask = (to: string, port: number, attrs: Array<{ type: number; value: Buffer }> = []) => x.request(to, port, attrs, { timeoutMs: options.timeoutMs, signal: options.signal });
  try {
    // Test I (§4.3): the binding as the primary address sees it.
    const t1 = await ask(server, options.port);
    if (t1 === null) return { ...base, mappingReason: 'the STUN server did not answer', filteringReason: 'the STUN server did not answer' };
    const m1 = address(t1, ATTR.XOR_MAPPED_ADDRESS, true) ?? address(t1, ATTR.MAPPED_ADDRESS, false);
    const plain = address(t1, ATTR.MAPPED_ADDRESS, false);
    const other = address(t1, ATTR.OTHER_ADDRESS, false);
    const result: NatTypeResultType = {
      ...base,
      publicAddress: m1 ? formatAddress(m1) : null,
      portPreserving: m1 ? m1.port === x.localPort : null,
      payloadRewritten: m1 && plain && address(t1, ATTR.XOR_MAPPED_ADDRESS, true) ? !same(plain, m1) : null,
      hairpinning: m1 && interfaceOf(m1.address) === null ? await hairpinning(x, m1, server, options) : null,
      otherAddress: other ? formatAddress(other) : null,
    };
    if (other === null || other.address === server) {
      const why = 'the server has no second address (no OTHER-ADDRESS): only the public address can be known';
      return { ...result, mappingReason: why, filteringReason: why };
    }
    // Mapping: Test II to the other IP and the primary port, Test III to the other IP and port.
    let mapping: NatBehaviourType = 'unknown';
    let mappingReason: string | null = null;
    const t2 = await ask(other.address, options.port);
    const m2 = address(t2, ATTR.XOR_MAPPED_ADDRESS, true);
    if (m2 === null) mappingReason = 'no answer from the server’s second address';
    else if (same(m1, m2)) mapping = 'endpoint-independent';
    else {
      const m3 = address(await ask(other.address, other.port), ATTR.XOR_MAPPED_ADDRESS, true);
      if (m3 === null) mappingReason = 'no answer from the server’s second address and port';
      else mapping = same(m2, m3) ? 'address-dependent' : 'address-and-port-dependent';
    }
    // Filtering (§4.4): may the answer come from the other IP and port? From the other port only?
    let filtering: NatBehaviourType;
    const f2 = await ask(server, options.port, [changeRequestAttribute(true, true)]);
    if (f2 !== null) filtering = 'endpoint-independent';
    else {
      const f3 = await ask(server, options.port, [changeRequestAttribute(false, true)]);
      filtering = f3 !== null ? 'address-dependent' : 'address-and-port-dependent';
    }
    return { ...result, mapping, mappingReason, filtering, filteringReason: null };
  } finally {
    x.close();
  }
}
