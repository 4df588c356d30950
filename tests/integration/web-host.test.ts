import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createEngine } from '../../electron/engine/engine.js';
import type { EngineType } from '../../electron/engine/engine-type.js';
import { WsServerMessageSchema, type WsReplyType } from '../../electron/web/protocol.js';
import { DownloadTickets } from '../../electron/web/download-tickets.js';
import { downloadPath, startWebHost, type WebHostType } from '../../electron/web/server.js';

let dataDir: string;
let rendererDir: string;
let engine: EngineType;
let host: WebHostType;
let origin: string;
let tickets: DownloadTickets;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'sft-web-data-'));
  process.env.STARFACE_TRIAGE_DATA_DIR = dataDir;
  // A stand-in for the built renderer: the host serves whatever folder it is given.
  rendererDir = await mkdtemp(join(tmpdir(), 'sft-web-ui-'));
  await mkdir(join(rendererDir, 'assets'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="/assets/app.js"></script>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'export const ok = true;\n');
  tickets = new DownloadTickets();
  engine = await createEngine({ dataDir, host: 'web', appVersion: '0.0.0-test', openFile: async () => false, downloadUrl: (id, name) => tickets.mint(downloadPath(id, name)) });
  host = await startWebHost({ engine, rendererDir, port: 0, tickets });
  origin = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  delete process.env.STARFACE_TRIAGE_DATA_DIR;
  await host?.close();
  await engine?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(rendererDir, { recursive: true, force: true });
});

interface ResponseType {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Raw HTTP, so Host and the path go out exactly as written (no URL normalisation). */
function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<ResponseType> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: host.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** 'connected' or the error code of a TCP connect to address:port. */
function tryConnect(address: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, timeout: 2000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

function openSocket(headers: Record<string, string>, query = ''): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends raw frames and collects replies by id (null for unreadable frames). */
class Client {
  readonly replies: WsReplyType[] = [];
  readonly others: unknown[] = [];
  #waiters: Array<() => void> = [];
  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      const message = WsServerMessageSchema.parse(JSON.parse(data.toString('utf8')));
      if ('envelope' in message) this.replies.push(message);
      else this.others.push(message);
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }
  async nextReply(predicate: (reply: WsReplyType) => boolean): Promise<WsReplyType> {
    for (;;) {
      const found = this.replies.find(predicate);
      if (found) return found;
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
  }
  async call(id: number, method: string, payload: unknown = {}): Promise<WsReplyType['envelope']> {
    this.ws.send(JSON.stringify({ id, method, payload }));
    return (await this.nextReply((r) => r.id === id)).envelope;
  }
}

describe('browser host: network exposure', () => {
  it('prints a 127.0.0.1 URL carrying the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('is reachable on 127.0.0.1 but not on another loopback address or ::1', async () => {
    expect(await tryConnect('127.0.0.1', host.port)).toBe('connected');
    expect(await tryConnect('127.0.0.2', host.port)).not.toBe('connected');
    expect(await tryConnect('::1', host.port)).not.toBe('connected');
  });
});

describe('browser host: HTTP', () => {
  it('serves the page and its assets without a credential, sets no cookie, with the security headers', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const asset = await get('/assets/app.js', { Origin: origin });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.body).toContain('export const ok');
    expect((await get(`/?token=${host.token}`)).headers['set-cookie']).toBeUndefined();
  });

  it("tells the page whether its token is this host's", async () => {
    expect((await get(`/session?token=${host.token}`)).status).toBe(204);
    expect((await get('/session')).status).toBe(403);
    expect((await get(`/session?token=${'A'.repeat(43)}`)).status).toBe(403);
  });

  it('refuses a foreign Origin, a cross-site fetch and a foreign Host (DNS rebinding)', async () => {
    expect((await get('/', { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await get('/', { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await get('/', { Host: `evil.example:${host.port}` })).status).toBe(403);
  });

  it.each(['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json'])('refuses path traversal %s', async (path) => {
    const res = await get(path);
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('"name"');
  });

  it('serves a download only with a ticket minted for exactly that path', async () => {
    expect((await get('/files/no-such-case-0/x.pdf')).status).toBe(403);
    expect((await get(`/files/no-such-case-0/x.pdf?token=${host.token}`)).status).toBe(403);
    expect((await get(tickets.mint('/files/no-such-case-0/x.pdf'))).status).toBe(404);
    const other = tickets.mint('/files/no-such-case-0/y.pdf').split('?')[1];
    expect((await get(`/files/no-such-case-0/x.pdf?${other}`)).status).toBe(403);
  });

  it('accepts only GET and HEAD', async () => {
    expect((await get('/', {}, 'POST')).status).toBe(405);
    expect((await get('/', {}, 'HEAD')).status).toBe(200);
  });
});

describe('browser host: WebSocket', () => {
  it('refuses a connection without the token', async () => {
    await expect(openSocket({ Origin: origin })).rejects.toThrow('HTTP 403');
  });

  it('refuses a foreign Origin or Host even with the token', async () => {
    await expect(openSocket({ Origin: 'https://evil.example' }, `?token=${host.token}`)).rejects.toThrow('HTTP 403');
    await expect(openSocket({ Origin: origin, Host: `evil.example:${host.port}` }, `?token=${host.token}`)).rejects.toThrow('HTTP 403');
  });

  it('refuses the cookie the host used to set: only the token in the query counts', async () => {
    await expect(openSocket({ Origin: origin, Cookie: `starface_triage_${host.port}=${host.token}` })).rejects.toThrow('HTTP 403');
  });

  it('carries cases.create and cases.list with the token', async () => {
    const client = new Client(await openSocket({ Origin: origin }, `?token=${host.token}`));
    try {
      const created = await client.call(1, 'cases.create');
      expect(created.ok).toBe(true);
      const id = created.ok ? (created.value as { id: string }).id : '';
      const listed = await client.call(2, 'cases.list');
      expect(listed.ok).toBe(true);
      expect(listed.ok && (listed.value as { cases: Array<{ id: string }> }).cases.map((c) => c.id)).toContain(id);
    } finally {
      client.ws.close();
    }
  });

  it('answers garbage frames with error envelopes and stays usable', async () => {
    const client = new Client(await openSocket({ Origin: origin }, `?token=${host.token}`));
    try {
      client.ws.send('not json at all');
      expect((await client.nextReply((r) => r.id === null)).envelope).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      client.ws.send(Buffer.from([0, 1, 2]), { binary: true });
      client.ws.send('[1,2,3]');
      client.ws.send(JSON.stringify({ id: 9, method: 42 }));
      expect((await client.nextReply((r) => r.id === 9)).envelope.ok).toBe(false);
      expect(await client.call(10, 'no.such.method')).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect(await client.call(11, 'cases.get', { id: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
      expect((await client.call(12, 'app.info')).ok).toBe(true);
      expect(client.replies.filter((r) => r.id === null).length).toBeGreaterThanOrEqual(3);
    } finally {
      client.ws.close();
    }
  });

  it('takes a file slice as a binary frame (header, then bytes), only for attachments.chunk', async () => {
    const client = new Client(await openSocket({ Origin: origin }, `?token=${host.token}`));
    const frame = (header: unknown, bytes: Buffer) => {
      const json = Buffer.from(JSON.stringify(header));
      const length = Buffer.alloc(4);
      length.writeUInt32BE(json.length);
      return Buffer.concat([length, json, bytes]);
    };
    try {
      const created = await client.call(40, 'cases.create');
      const caseId = created.ok ? (created.value as { id: string }).id : '';
      // A pcap header and one packet record: any bytes, among them every value a byte can have.
      const bytes = Buffer.concat([Buffer.from('d4c3b2a1020004000000000000000000ffff000001000000', 'hex'), Buffer.from(Array.from({ length: 256 * 3 }, (_, i) => i & 255))]);
      const begun = await client.call(41, 'attachments.begin', { caseId, name: 'binary.pcap', kind: 'trace', bytes: bytes.length });
      const uploadId = begun.ok ? (begun.value as { uploadId: string }).uploadId : '';
      const half = 100;
      client.ws.send(frame({ id: 42, method: 'attachments.chunk', payload: { uploadId, offset: 0 } }, bytes.subarray(0, half)), { binary: true });
      expect((await client.nextReply((r) => r.id === 42)).envelope).toMatchObject({ ok: true, value: { received: half } });
      client.ws.send(frame({ id: 43, method: 'attachments.chunk', payload: { uploadId, offset: half } }, bytes.subarray(half)), { binary: true });
      expect((await client.nextReply((r) => r.id === 43)).envelope).toMatchObject({ ok: true, value: { received: bytes.length } });
      const finished = await client.call(44, 'attachments.finish', { uploadId });
      expect(finished.ok).toBe(true);
      const ref = (finished.ok ? finished.value : {}) as { fileName: string };
      const { readFile } = await import('node:fs/promises');
      expect((await readFile(join(dataDir, 'cases', caseId, 'attachments', ref.fileName))).equals(bytes)).toBe(true);
      // Another method, a header carrying data itself, a header longer than the frame: refused.
      client.ws.send(frame({ id: 45, method: 'cases.list', payload: {} }, Buffer.from('x')), { binary: true });
      client.ws.send(frame({ id: 46, method: 'attachments.chunk', payload: { uploadId, offset: 0, data: 'AAAA' } }, Buffer.from('x')), { binary: true });
      const short = frame({ id: 47, method: 'attachments.chunk', payload: { uploadId, offset: 0 } }, Buffer.alloc(0));
      short.writeUInt32BE(1_000_000);
      client.ws.send(short, { binary: true });
      await expect.poll(() => client.replies.filter((r) => r.id === null && !r.envelope.ok).length).toBeGreaterThanOrEqual(3);
      expect(client.replies.some((r) => r.id === 45 || r.id === 46 || r.id === 47)).toBe(false);
      expect((await client.call(48, 'app.info')).ok).toBe(true);
    } finally {
      client.ws.close();
    }
  });

  it('exports a report and serves it as a download with an RFC 6266 file name', async () => {
    const client = new Client(await openSocket({ Origin: origin }, `?token=${host.token}`));
    try {
      const created = await client.call(20, 'cases.create');
      if (!created.ok) throw new Error('cases.create failed');
      const theCase = created.value as { id: string; report: Record<string, unknown> };
      const report = {
        ...theCase.report,
        company: 'Müller Straßenbau GmbH',
        firstName: 'Max',
        lastName: 'Müller',
        email: 'max@example.com',
        phone: '0721 5095958',
        role: 'partner',
        service: 'cloud',
        cloudName: 'mueller.starface-cloud.com',
        description: 'Seit heute früh sind alle Telefone abgemeldet.',
      };
      expect((await client.call(21, 'cases.save', { case: { ...theCase, report } })).ok).toBe(true);
      const exported = await client.call(22, 'report.exportPdf', { id: theCase.id, language: 'de', confirmNotHotline: true });
      expect(exported).toMatchObject({ ok: true });
      const file = (exported.ok ? exported.value : {}) as { fileName: string; downloadUrl: string };
      expect(file.downloadUrl.startsWith(`${downloadPath(theCase.id, file.fileName)}?ticket=`)).toBe(true);

      const res = await get(file.downloadUrl);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
      expect(res.body.startsWith('%PDF-')).toBe(true);
      expect((await get(`/files/${theCase.id}/..%2f..%2fcase.json?${file.downloadUrl.split('?')[1] ?? ''}`)).status).toBe(403);
    } finally {
      client.ws.close();
    }
  });

  it('pushes engine events to connected browsers', async () => {
    const client = new Client(await openSocket({ Origin: origin }, `?token=${host.token}`));
    try {
      const created = await client.call(30, 'cases.create');
      const id = created.ok ? (created.value as { id: string }).id : '';
      await expect.poll(() => client.others).toContainEqual({ event: 'cases.changed', payload: { ids: [id] } });
    } finally {
      client.ws.close();
    }
  });
});
