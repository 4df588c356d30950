import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, generateToken, hasToken, refusalFor, tokensEqual } from '../../electron/web/http-guard.js';
import { openerCommand } from '../../electron/web/open-file.js';
import { contentDisposition, lookupStatic, mimeTypeFor, safeSegments } from '../../electron/web/static-files.js';

const TOKEN = 'x'.repeat(43);
const PORT = 4321;

describe('token', () => {
  it('is 32 random bytes in base64url', () => {
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(token);
  });

  it('compares equal only to itself, whatever the length', () => {
    expect(tokensEqual(TOKEN, TOKEN)).toBe(true);
    expect(tokensEqual(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokensEqual('', TOKEN)).toBe(false);
  });

  it('is accepted from the query only, and only when equal', () => {
    expect(hasToken(TOKEN, TOKEN)).toBe(true);
    expect(hasToken(null, TOKEN)).toBe(false);
    expect(hasToken('wrong', TOKEN)).toBe(false);
  });
});

describe('request guard', () => {
  const ok = { host: `127.0.0.1:${PORT}` };
  const check = (headers: Record<string, string>) => refusalFor({ headers, port: PORT });

  it('passes our host and origin', () => {
    expect(check(ok)).toBeNull();
    expect(check({ host: `localhost:${PORT}` })).toBeNull();
    expect(check({ ...ok, origin: `http://127.0.0.1:${PORT}` })).toBeNull();
  });

  it('refuses foreign host names (DNS rebinding) and other ports', () => {
    expect(check({ host: `evil.example:${PORT}` })).toBe('host');
    expect(check({ host: '127.0.0.1:1' })).toBe('host');
    expect(check({})).toBe('host');
  });

  it('refuses foreign origins and cross-site requests', () => {
    expect(check({ ...ok, origin: 'https://evil.example' })).toBe('origin');
    expect(check({ ...ok, origin: 'null' })).toBe('origin');
    expect(check({ ...ok, origin: `http://127.0.0.1:${PORT}.evil.example` })).toBe('origin');
    expect(check({ ...ok, 'sec-fetch-site': 'cross-site' })).toBe('origin');
  });

  it('builds a policy that allows only our own socket', () => {
    const csp = contentSecurityPolicy(PORT);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${PORT} ws://localhost:${PORT}`);
    expect(csp).not.toMatch(/https?:/);
  });
});

describe('static paths', () => {
  it.each(['/../package.json', '/assets/../../x', '/%2e%2e/x', '/a%2f..%2fb', '/a\\..\\b', '/%00', '/C:/x', '/%zz'])('refuses %s', (p) => {
    expect(safeSegments(p)).toBeNull();
  });

  it('decodes ordinary names', () => {
    expect(safeSegments('/assets/St%C3%B6rung.js')).toEqual(['assets', 'Störung.js']);
  });

  it('does not follow a symlink out of the renderer folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'sft-static-'));
    await mkdir(join(root, 'www'));
    await writeFile(join(root, 'secret.txt'), 'secret');
    await writeFile(join(root, 'www', 'index.html'), '<!doctype html>');
    await symlink(join(root, 'secret.txt'), join(root, 'www', 'leak.txt'));
    expect(await lookupStatic(join(root, 'www'), '/leak.txt')).toEqual({ kind: 'forbidden' });
    expect(await lookupStatic(join(root, 'www'), '/')).toMatchObject({ kind: 'file' });
    expect(await lookupStatic(join(root, 'www'), '/nope.js')).toEqual({ kind: 'missing' });
  });

  it('names MIME types browsers accept for module scripts', () => {
    expect(mimeTypeFor('index-abc.js')).toBe('text/javascript; charset=utf-8');
    expect(mimeTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeTypeFor('font.woff2')).toBe('font/woff2');
    expect(mimeTypeFor('x.unknown')).toBe('application/octet-stream');
  });
});

describe('downloads', () => {
  it('sends an RFC 6266 attachment with an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('Störungsmeldung "1".pdf')).toBe(
      `attachment; filename="St_rungsmeldung _1_.pdf"; filename*=UTF-8''St%C3%B6rungsmeldung%20%221%22.pdf`,
    );
  });
});

describe('system opener', () => {
  it('uses xdg-open, open and cmd start per platform', () => {
    expect(openerCommand('linux', '/tmp/a.eml')).toMatchObject({ command: 'xdg-open', args: ['/tmp/a.eml'] });
    expect(openerCommand('darwin', '/tmp/a.eml')).toMatchObject({ command: 'open', args: ['/tmp/a.eml'] });
    expect(openerCommand('win32', 'C:\\x\\a.eml')?.args.at(-1)).toBe('start "" "C:\\x\\a.eml"');
  });

  it('refuses Windows paths cmd would reinterpret', () => {
    expect(openerCommand('win32', 'C:\\%PATH%\\a.eml')).toBeNull();
    expect(openerCommand('win32', 'C:\\a" & calc & ".eml')).toBeNull();
  });
});
