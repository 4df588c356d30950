import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WS_MAX_CONNECTIONS } from '../../electron/web/protocol.js';
import { send } from '../../electron/web/ws-api.js';
import { startWebHost, type WebHostType } from '../e2e/helpers.js';

/** The host's resident memory, from the kernel's view of its process. */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

function open(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { Origin: new URL(url).origin.replace('ws:', 'http:') } });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Closes sockets and waits until the host has seen them go. */
async function closeAll(sockets: WebSocket[]): Promise<void> {
  await Promise.all(sockets.map((ws) => new Promise((resolve) => (ws.readyState === ws.CLOSED ? resolve(null) : (ws.once('close', resolve), ws.close())))));
  await new Promise((r) => setTimeout(r, 100));
}

/** Calls over one socket; answers by id. */
function caller(ws: WebSocket) {
  const waiting = new Map<number, (envelope: { ok: boolean; error?: { code: string } }) => void>();
  ws.on('message', (data: Buffer) => {
    const m = JSON.parse(data.toString('utf8')) as { id?: number; envelope?: { ok: boolean } };
    if (typeof m.id === 'number' && m.envelope) waiting.get(m.id)?.(m.envelope);
  });
  let next = 1;
  return (method: string, payload: unknown = {}) =>
    new Promise<{ ok: boolean; error?: { code: string }; value?: unknown }>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, payload }));
    });
}

describe('an answer that cannot be serialised', () => {
  let server: Server;
  let wss: WebSocketServer;
  beforeAll(async () => {
    server = createServer();
    wss = new WebSocketServer({ server });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    wss.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('is answered with an error envelope for its id instead of silence', async () => {
    const port = (server.address() as AddressInfo).port;
    wss.once('connection', (socket) => {
      const deep: Record<string, unknown> = {};
      let cursor = deep;
      for (let i = 0; i < 20_000; i++) cursor = cursor.a = {}; // deeper than JSON.stringify's stack
      send(socket, { id: 7, envelope: { ok: true, value: deep } });
      send(socket, { id: 8, envelope: { ok: true, value: { big: 10n } } });
    });
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    const replies: unknown[] = [];
    await new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        replies.push(JSON.parse(data.toString('utf8')));
        if (replies.length === 2) resolve();
      });
    });
    ws.close();
    expect(replies).toEqual([
      { id: 7, envelope: { ok: false, error: { code: 'internal', detail: 'the answer could not be sent' } } },
      { id: 8, envelope: { ok: false, error: { code: 'internal', detail: 'the answer could not be sent' } } },
    ]);
  });
});

describe('the browser host under a flood', () => {
  let host: WebHostType;
  let wsUrl: string;
  beforeAll(async () => {
    host = await startWebHost();
    const url = new URL(host.url);
    wsUrl = `ws://${url.host}/api?token=${url.searchParams.get('token') ?? ''}`;
  });
  afterAll(async () => {
    await host?.stop();
  });

  it(`keeps at most ${WS_MAX_CONNECTIONS} connections and takes a new one when one closes`, async () => {
    const sockets = await Promise.all(Array.from({ length: WS_MAX_CONNECTIONS }, () => open(wsUrl)));
    await expect(open(wsUrl)).rejects.toThrow('HTTP 503');
    await closeAll(sockets.slice(0, 1));
    const again = await open(wsUrl);
    await closeAll([...sockets, again]);
  });

  it('stays within its memory under 200 connection attempts and thousands of calls for large cases, and answers afterwards', async () => {
    const pid = host.child.pid ?? 0;
    // Large but valid cases: 200 answers with long notes, about 2 MB each.
    const setup = await open(wsUrl);
    const call = caller(setup);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const created = (await call('cases.create')) as { value: { id: string; answers: unknown } };
      const answers = Object.fromEntries(Array.from({ length: 200 }, (_, k) => [`q${k}`, { value: 'yes', note: 'n'.repeat(10_000), answeredAt: '2026-11-27T10:00:00.000Z' }]));
      expect((await call('cases.save', { case: { ...created.value, answers } })).ok).toBe(true);
      ids.push(created.value.id);
    }
    await closeAll([setup]);
    const before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 50);
    const attempts = await Promise.allSettled(Array.from({ length: 200 }, () => open(wsUrl)));
    const sockets = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    expect(sockets.length).toBeLessThanOrEqual(WS_MAX_CONNECTIONS);
    const outcomes = await Promise.all(
      sockets.map(async (ws) => {
        const c = caller(ws);
        const all = await Promise.all(Array.from({ length: 150 }, (_, k) => (k % 3 === 0 ? c('cases.list') : c('cases.get', { id: ids[k % ids.length] }))));
        return all;
      }),
    );
    clearInterval(sampler);
    await closeAll(sockets);
    const flat = outcomes.flat();
    // Every call got an answer: served, or told to wait.
    expect(flat.every((e) => e.ok || e.error?.code === 'unavailable')).toBe(true);
    expect(flat.some((e) => e.ok)).toBe(true);
    expect(peak - before).toBeLessThan(600);
    const after = await open(wsUrl);
    expect((await caller(after)('app.info')).ok).toBe(true);
    await closeAll([after]);
    console.log(`flood: ${flat.length} calls, ${flat.filter((e) => e.ok).length} served, RSS ${Math.round(before)} → peak ${Math.round(peak)} MB`);
  });
});
