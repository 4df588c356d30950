/**
 * Serving files from disk without ever leaving the folder they belong to: the built renderer and
 * the exports the engine resolves. Paths are checked segment by segment on the raw request path
 * (before any URL normalisation could hide a `..`), and again after resolving symlinks.
 */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, isAbsolute, join, relative } from 'node:path';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
  '.eml': 'message/rfc822',
  '.pcapng': 'application/octet-stream',
  '.pcap': 'application/vnd.tcpdump.pcap',
};

export function mimeTypeFor(fileName: string): string {
  return MIME_TYPES[extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Decodes the segments of a raw URL path, or returns null when any of them could climb out of a
 * folder or smuggle a separator: `..`, `.`, `%2e%2e`, `%2f`, backslashes, NUL, drive letters.
 */
export function safeSegments(rawPath: string): string[] | null {
  if (!rawPath.startsWith('/')) return null;
  const segments: string[] = [];
  for (const raw of rawPath.slice(1).split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments;
}

/** True when `candidate` is `root` itself or lies below it. */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

export type LookupType = { kind: 'file'; path: string; size: number } | { kind: 'forbidden' } | { kind: 'missing' };

/** Finds the renderer file a raw path names; `/` and folders mean their index.html. */
export async function lookupStatic(rootReal: string, rawPath: string): Promise<LookupType> {
  const segments = safeSegments(rawPath);
  if (segments === null) return { kind: 'forbidden' };
  let candidate = join(rootReal, ...segments);
  if (!isInside(rootReal, candidate)) return { kind: 'forbidden' };
  try {
    let info = await stat(candidate);
    if (info.isDirectory()) {
      candidate = join(candidate, 'index.html');
      info = await stat(candidate);
    }
    // A symlink inside the build could still point elsewhere.
    const real = await realpath(candidate);
    if (!isInside(rootReal, real)) return { kind: 'forbidden' };
    if (!info.isFile()) return { kind: 'missing' };
    return { kind: 'file', path: real, size: info.size };
  } catch {
    return { kind: 'missing' };
  }
}

/**
 * RFC 6266 `attachment` with an ASCII fallback name and the exact UTF-8 name in `filename*`
 * (RFC 8187 encoding), so "Störungsmeldung.pdf" keeps its umlaut in every current browser.
 */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** Streams a file that was already checked; HEAD gets the headers only. */
export function sendFile(
  res: ServerResponse,
  path: string,
  size: number,
  headOnly: boolean,
  headers: Record<string, string>,
): void {
  res.writeHead(200, { ...headers, 'Content-Length': String(size) });
  if (headOnly) {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}
