import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReflector, type ReflectorType } from '../../electron/engine/nat/reflector/reflector.js';
import { ATTR, decodeMessage, encodeMessage, encodeRequest, newTransactionId, responsePortAttribute, BINDING_REQUEST } from '../../electron/engine/nat/stun-message.js';
import { startPeer, waitFor } from './peers/processes.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'starface-triage.js');
const PORT = 33000 + (process.pid % 1000) * 4;

async function udp(address = '127.0.0.1'): Promise<Socket & { got: Array<{ data: Buffer; from: AddressInfo }> }> {
  const s = createSocket('udp4') as Socket & { got: Array<{ data: Buffer; from: AddressInfo }> };
  s.got = [];
  s.on('message', (data, from) => s.got.push({ data, from }));
  await new Promise<void>((resolve) => s.bind(0, address, resolve));
  return s;
}

const settle = (ms = 200) => new Promise((r) => setTimeout(r, ms));

describe('the reflector on loopback (two addresses)', () => {
  let reflector: ReflectorType;
  beforeAll(async () => {
    reflector = await startReflector({ listen: ['127.0.0.1', '127.0.0.3'], port: PORT, sipPort: PORT + 2 });
  });
  afterAll(async () => {
    await reflector?.close();
  });

  it('answers RESPONSE-PORT on the requester’s own address only, never on another', async () => {
    const asker = await udp('127.0.0.1');
    const samePortOtherAddress = await udp('127.0.0.2');
    const target = await udp('127.0.0.1');
    try {
      const id = newTransactionId();
      asker.send(encodeRequest(id, [responsePortAttribute(target.address().port)]), PORT, '127.0.0.1');
      await settle();
      expect(target.got).toHaveLength(1);
      expect(decodeMessage(target.got[0]?.data ?? Buffer.alloc(0)).transactionId.equals(id)).toBe(true);
      expect(asker.got).toHaveLength(0);
      expect(samePortOtherAddress.got).toHaveLength(0);
    } finally {
      for (const s of [asker, samePortOtherAddress, target]) s.close();
    }
  });

  it('never answers with more bytes than it received: 300 generated requests', async () => {
    const s = await udp();
    try {
      const sent = new Map<string, number>();
      for (let i = 0; i < 300; i++) {
        const id = newTransactionId();
        // Sizes from a bare 20-byte header up to a padded request, with random extra attributes.
        const extra = Array.from({ length: Math.floor(Math.random() * 4) }, () => ({ type: 0x8000 + Math.floor(Math.random() * 0x7fff), value: Buffer.alloc(Math.floor(Math.random() * 40)) }));
        const data = Math.random() < 0.5 ? encodeMessage(id, extra, BINDING_REQUEST) : encodeRequest(id, extra);
        sent.set(id.toString('hex'), data.length);
        s.send(data, PORT, '127.0.0.1');
      }
      await settle(500);
      expect(s.got.length).toBeGreaterThan(50);
      for (const { data } of s.got) {
        const id = decodeMessage(data).transactionId.toString('hex');
        expect(data.length).toBeLessThanOrEqual(sent.get(id) ?? 0);
      }
      // A bare 20-byte request is never answered: the answer would be larger.
      const bare = encodeMessage(newTransactionId(), [], BINDING_REQUEST);
      const before = s.got.length;
      s.send(bare, PORT, '127.0.0.1');
      await settle();
      expect(s.got.length).toBe(before);
    } finally {
      s.close();
    }
  });

  it('names its second address and answers from it on CHANGE-REQUEST', async () => {
    const s = await udp();
    try {
      const id = newTransactionId();
      s.send(encodeRequest(id, [{ type: ATTR.CHANGE_REQUEST, value: Buffer.from([0, 0, 0, 6]) }]), PORT, '127.0.0.1');
      await settle();
      expect(s.got[0]?.from).toMatchObject({ address: '127.0.0.3', port: PORT + 1 });
    } finally {
      s.close();
    }
  });

  it('echoes a SIP request base64-encoded over UDP, no larger than the request', async () => {
    const s = await udp();
    try {
      const request = `OPTIONS sip:echo SIP/2.0\r\nVia: SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bKx\r\nFrom: <sip:a@192.168.1.20>;tag=1\r\nTo: <sip:echo>\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContact: <sip:a@192.168.1.20:5060>\r\nX-Triage-Padding: ${'x'.repeat(400)}\r\nContent-Length: 0\r\n\r\n`;
      s.send(request, PORT + 2, '127.0.0.1');
      await settle();
      const reply = s.got[0]?.data.toString('latin1') ?? '';
      expect(reply.startsWith('SIP/2.0 200 OK')).toBe(true);
      expect(s.got[0]?.data.length).toBeLessThanOrEqual(Buffer.byteLength(request));
      const body = inflateRawSync(Buffer.from(reply.split('\r\n\r\n')[1] ?? '', 'base64')).toString('latin1');
      expect(body).toContain('Contact: <sip:a@192.168.1.20:5060>');
      expect(body).not.toContain('X-Triage-Padding');
    } finally {
      s.close();
    }
  });
});

describe('the reflector under a flood', () => {
  it('cuts one source to its rate, keeps its tables bounded across many sources, and its memory flat', async () => {
    const port = PORT + 100;
    const peer = startPeer(process.execPath, [BIN, 'reflector', '--listen', '127.0.0.1', '--port', String(port), '--sip-port', '0']);
    try {
      await waitFor('reflector', async () => peer.output().includes('"listening"'), peer);
      const pid = peer.child.pid ?? 0;
      const rss = async () => Number(/VmRSS:\s+(\d+)/.exec(await new Promise<string>((r) => execFile('cat', [`/proc/${pid}/status`], (_e, out) => r(out))))?.[1] ?? 0) / 1024;
      const before = await rss();
      // One source sends 4000 requests over about a second and a half, paced so that no socket buffer
      // overflows: at most the burst (1200) and the refill (200/s) get answers.
      const one = await udp();
      const started = Date.now();
      for (let batch = 0; batch < 40; batch++) {
        for (let i = 0; i < 100; i++) one.send(encodeRequest(newTransactionId()), port, '127.0.0.1');
        await settle(35);
      }
      await settle(500);
      const seconds = (Date.now() - started) / 1000;
      expect(one.got.length).toBeLessThanOrEqual(1200 + 200 * seconds + 50);
      expect(one.got.length).toBeGreaterThan(1000);
      one.close();
      // 200 sources (127.1.0.y), 20 requests each. (More loopback sources than 256 lose datagrams in
      // the kernel here, whatever the receiver.)
      const many = await Promise.all(Array.from({ length: 200 }, (_, i) => udp(`127.1.0.${i + 1}`)));
      for (let round = 0; round < 20; round++) {
        for (const s of many) s.send(encodeRequest(newTransactionId()), port, '127.0.0.1');
        await settle(150);
      }
      await settle(800);
      // Each source has its own bucket: all (but a datagram lost on the way now and then) are answered.
      expect(many.reduce((sum, s) => sum + s.got.length, 0)).toBeGreaterThan(0.95 * 200 * 20);
      for (const s of many) s.close();
      const after = await rss();
      expect(after - before).toBeLessThan(40);
      console.log(`reflector flood: one source answered ${one.got.length} of 4000; RSS ${Math.round(before)} → ${Math.round(after)} MB`);
    } finally {
      await peer.stop();
    }
  });
});
