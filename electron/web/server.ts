/**
 * The browser host: the built renderer and the contract (WebSocket at /api) on 127.0.0.1, for
 * machines where Electron cannot run and for the end-to-end tests in Chromium. Security model in
 * http-guard.ts; the engine is passed in and stays owned by the caller.
 */
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { EVENT_NAMES } from '../../shared/contract/methods.js';
import type { EngineType } from '../engine/engine-type.js';
import { DownloadTickets } from './download-tickets.js';
import { generateToken, hasToken, refusalFor, securityHeaders } from './http-guard.js';
import { WS_MAX_CONNECTIONS, WS_MAX_PAYLOAD_BYTES, WS_PATH } from './protocol.js';
import { contentDisposition, lookupStatic, mimeTypeFor, safeSegments, sendFile } from './static-files.js';
import { send, serveConnection, type HostLoadType, type UnexpectedErrorHandlerType } from './ws-api.js';

export interface WebHostOptionsType {
  engine: EngineType;
  /** Folder of the built renderer (index.html, assets/). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Given by tests; otherwise 32 random bytes. */
  token?: string;
  /** A handler failed unexpectedly (a bug, not a user error): where to tell someone. */
  onUnexpected?: UnexpectedErrorHandlerType;
  /** Tickets the engine's download URLs carry (see download-tickets.ts); shared with the engine. */
  tickets?: DownloadTickets;
}

/** HTTP sockets at once: the page needs a handful; a flood beyond this is dropped by the server. */
const MAX_HTTP_CONNECTIONS = 64;
/** Where the page checks its token (after a reload or a restart of the host). */
export const SESSION_PATH = '/session';

export interface WebHostType {
  /** The address to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Same-origin download URL of an exported file; the engine puts it into `downloadUrl`. */
export function downloadPath(caseId: string, fileName: string): string {
  return `/files/${encodeURIComponent(caseId)}/${encodeURIComponent(fileName)}`;
}

function splitUrl(url: string | undefined): { rawPath: string; queryToken: string | null; ticket: string | null } {
  const raw = url ?? '';
  const q = raw.indexOf('?');
  const rawPath = q < 0 ? raw : raw.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  return { rawPath, queryToken: query.get('token'), ticket: query.get('ticket') };
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Refuses an upgrade on the raw socket: the `ws` server never sees it. */
function refuseUpgrade(socket: Duplex, status: 403 | 404 | 503): void {
  const text = status === 403 ? 'Forbidden' : status === 404 ? 'Not Found' : 'Service Unavailable';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length}\r\n\r\n${text}`);
}

const defaultUnexpected: UnexpectedErrorHandlerType = (method, error) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`[web] ${method}: ${message.split('\n')[0] ?? ''}\n`);
};

export async function startWebHost(options: WebHostOptionsType): Promise<WebHostType> {
  const { engine } = options;
  const token = options.token ?? generateToken();
  if (token.length < 16) throw new Error('web host token must have at least 16 characters');
  const rootReal = await realpath(options.rendererDir);
  const onUnexpected = options.onUnexpected ?? defaultUnexpected;
  const tickets = options.tickets ?? new DownloadTickets();
  let port = 0; // set once listening; no request can arrive before

  async function serveDownload(res: ServerResponse, rawPath: string, ticket: string | null, headOnly: boolean, headers: Record<string, string>): Promise<void> {
    if (!tickets.valid(rawPath, ticket)) {
      plain(res, 403, 'Forbidden', headers);
      return;
    }
    const segments = safeSegments(rawPath);
    const [, caseId, fileName] = segments ?? [];
    if (segments?.length !== 3 || caseId === undefined || fileName === undefined) {
      plain(res, 404, 'Not Found', headers);
      return;
    }
    const path = await engine.resolveExport(caseId, fileName);
    const info = path === null ? null : await stat(path).catch(() => null);
    if (path === null || info === null || !info.isFile()) {
      plain(res, 404, 'Not Found', headers);
      return;
    }
    sendFile(res, path, info.size, headOnly, {
      ...headers,
      'Content-Type': mimeTypeFor(fileName),
      'Content-Disposition': contentDisposition(fileName),
      'Cache-Control': 'no-store',
    });
  }

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const headers = securityHeaders(port);
    const { rawPath, queryToken, ticket } = splitUrl(req.url);
    if (refusalFor({ headers: req.headers, port }) !== null) {
      plain(res, 403, 'Forbidden', headers);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      plain(res, 405, 'Method Not Allowed', { ...headers, Allow: 'GET, HEAD' });
      return;
    }
    const headOnly = req.method === 'HEAD';
    if (rawPath === WS_PATH) {
      plain(res, 426, 'Upgrade Required', headers);
      return;
    }
    if (rawPath === SESSION_PATH) {
      // The page asks whether its token is (still) this host's: after a restart it is not.
      res.writeHead(hasToken(queryToken, token) ? 204 : 403, { ...headers, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    if (rawPath.startsWith('/files/')) {
      await serveDownload(res, rawPath, ticket, headOnly, headers);
      return;
    }
    // The built renderer is public (the same files ship in every installer): served without a
    // credential, so the token is needed only where it protects something.
    const found = await lookupStatic(rootReal, rawPath);
    if (found.kind !== 'file') {
      plain(res, found.kind === 'forbidden' ? 403 : 404, found.kind === 'forbidden' ? 'Forbidden' : 'Not Found', headers);
      return;
    }
    // index.html names the hashed assets, so it must never come from a cache.
    const isHtml = found.path.endsWith('.html');
    sendFile(res, found.path, found.size, headOnly, {
      ...headers,
      'Content-Type': mimeTypeFor(found.path),
      'Cache-Control': isHtml ? 'no-store' : 'no-cache',
    });
  }

  const server = createServer((req, res) => {
    handleRequest(req, res).catch((error: unknown) => {
      onUnexpected(`${req.method ?? '?'} request`, error);
      if (res.headersSent) res.destroy();
      else plain(res, 500, 'Internal Server Error', securityHeaders(port));
    });
  });

  server.maxConnections = MAX_HTTP_CONNECTIONS;
  const load: HostLoadType = { inFlight: 0 };

  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD_BYTES });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const { rawPath, queryToken } = splitUrl(req.url);
    if (refusalFor({ headers: req.headers, port }) !== null || !hasToken(queryToken, token)) return refuseUpgrade(socket, 403);
    if (rawPath !== WS_PATH) return refuseUpgrade(socket, 404);
    // A window needs one connection; a few windows and reloads stay far below this.
    if (wss.clients.size >= WS_MAX_CONNECTIONS) return refuseUpgrade(socket, 503);
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, engine, onUnexpected, load));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // 127.0.0.1 only: neither the LAN nor ::1 ever sees this server.
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const unsubscribers = EVENT_NAMES.map((event) =>
    engine.onEvent(event, (payload) => {
      for (const client of wss.clients) send(client, { event, payload });
    }),
  );

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return { url: `http://127.0.0.1:${port}/?token=${token}`, port, token, close };
}
