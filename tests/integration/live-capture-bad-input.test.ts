import { execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCaptureFile } from '../../electron/engine/trace/trace-analyze.js';
import { startCaptureCli, type CaptureCliType } from './peers/capture-cli.js';
import { tempDir } from './peers/processes.js';

/**
 * Issue 8 bad input, for real: no capture rights (the CLI as user nobody), dumpcap missing (a
 * PATH without it), an interface deleted mid-capture (a dummy interface we make), a full disk (a
 * 1 MiB tmpfs we mount) and the capture file deleted mid-capture. Each ends with one clear line
 * in the user's language, and what was captured before is kept.
 */

const BACKENDS = ['node-pcap', 'dumpcap'] as const;
let dir: Awaited<ReturnType<typeof tempDir>>;
const tag = process.pid % 10000;

/** Folders above the checkout that `nobody` could not enter, with their modes to restore. */
const opened: Array<[string, number]> = [];

beforeAll(async () => {
  dir = await tempDir('lc-bad-');
  chmodSync(dir.path, 0o777);
  // CI clones into a `mktemp -d` folder (mode 700): user nobody could not even load the CLI. Let
  // others pass through (x only, not read) the folders above the checkout for these tests.
  for (let d = resolve(import.meta.dirname, '../..'); d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(d, mode | 0o001);
      opened.push([d, mode]);
    }
  }
});

afterAll(async () => {
  for (const [d, mode] of opened) chmodSync(d, mode);
  await dir?.remove();
});

function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l !== '');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0]!;
}

async function send(address: string, port: number, count: number, size = 300): Promise<void> {
  const socket = createSocket('udp4');
  const payload = Buffer.alloc(size, 0x42);
  for (let i = 0; i < count; i++) {
    await new Promise<void>((resolve) => socket.send(payload, port, address, () => resolve()));
    if (i % 100 === 99) await new Promise((r) => setTimeout(r, 5));
  }
  socket.close();
}

const settle = () => new Promise((r) => setTimeout(r, 700));

function partFile(out: string): string {
  const parts = readdirSync(dirname(out)).find((n) => n.startsWith(`.${basename(out)}.parts-`))!;
  const files = readdirSync(join(dirname(out), parts)).filter((f) => f.startsWith('part')).sort();
  return join(dirname(out), parts, files.at(-1)!);
}

describe('no capture rights', () => {
  it.each([
    ['en_US.UTF-8', /^No permission to capture on "lo"\. Fix: sudo setcap cap_net_raw,cap_net_admin=eip \/usr\/bin\/dumpcap .*usermod -aG wireshark .*Importing captures still works\.$/],
    ['de_DE.UTF-8', /^Keine Berechtigung zum Mitschneiden auf „lo“\. Abhilfe: sudo setcap cap_net_raw,cap_net_admin=eip \/usr\/bin\/dumpcap .*Der Import von Mitschnitten funktioniert weiterhin\.$/],
  ])('as an unprivileged user (%s): the fix for Linux in one line, both backends tried', async (lang, message) => {
    const out = join(dir.path, `nobody-${lang}.pcapng`);
    const capture = startCaptureCli(['--iface', 'lo', '--out', out], { lang, wrap: ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'] });
    const end = await capture.ended();
    expect(end.code).toBe(2);
    expect(oneLine(end.stderr)).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('dumpcap missing', () => {
  it('asked for by name: says so, how to get it, and that import still works', async () => {
    const end = await startCaptureCli(['--iface', 'lo', '--backend', 'dumpcap', '--out', join(dir.path, 'x.pcapng')], { env: { PATH: '/nonexistent' } }).ended();
    expect(end.code).toBe(2);
    expect(oneLine(end.stderr)).toBe('dumpcap was not found. Install dumpcap: sudo apt install tshark (or wireshark-common). Importing captures still works.');
  });
  it('and node-pcap absent: no backend, import only (German)', async () => {
    const end = await startCaptureCli(['--iface', 'lo', '--out', join(dir.path, 'y.pcapng')], { lang: 'de_DE.UTF-8', env: { PATH: '/nonexistent', STARFACE_TRIAGE_NO_NODE_PCAP: '1' } }).ended();
    expect(end.code).toBe(2);
    expect(oneLine(end.stderr)).toMatch(/^Mitschneiden ist hier nicht möglich: node-pcap ist nicht geladen und dumpcap fehlt\..*Der Import von Mitschnitten funktioniert weiterhin\.$/);
  });
});

describe.each(BACKENDS)('mid-capture problems (--backend %s)', (backend) => {
  it('a vanished interface ends the capture with one line; the packets before are kept', async () => {
    const n = BACKENDS.indexOf(backend);
    const iface = `lc${tag}d${n}`;
    const net = `10.251.${(tag % 200) + n}`;
    // A veth pair (its peer up, so the link has carrier) and a static neighbour: packets to .2 leave
    // through it without ARP, and deleting one end removes both.
    execFileSync('ip', ['link', 'add', iface, 'type', 'veth', 'peer', 'name', `${iface}p`]);
    let capture: CaptureCliType | null = null;
    try {
      execFileSync('ip', ['addr', 'add', `${net}.1/24`, 'dev', iface]);
      execFileSync('ip', ['link', 'set', `${iface}p`, 'up']);
      execFileSync('ip', ['link', 'set', iface, 'up']);
      execFileSync('ip', ['neigh', 'replace', `${net}.2`, 'lladdr', '02:00:00:00:00:02', 'dev', iface]);
      const out = join(dir.path, `gone-${backend}.pcapng`);
      capture = startCaptureCli(['--iface', iface, '--filter', 'udp port 5060', '--backend', backend, '--out', out]);
      await capture.started();
      await send(`${net}.2`, 5060, 50);
      await settle();
      execFileSync('ip', ['link', 'del', iface]);
      const end = await capture.ended();
      expect(end.code).toBe(2);
      expect(oneLine(end.stderr)).toBe(`The interface "${iface}" vanished during the capture (cable, Wi-Fi or VPN disconnected); the capture was ended. What was captured so far is saved: ${out}`);
      expect((await analyzeCaptureFile(out)).packets).toBe(50);
    } finally {
      await capture?.stop();
      try {
        execFileSync('ip', ['link', 'del', iface], { stdio: 'ignore' });
      } catch {
        // deleted by the test itself
      }
    }
  });

  it('a full disk ends the capture with one line; the packets written are kept', async () => {
    const mount = join(dir.path, `lcfull-${backend}`);
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', `lcfull${tag}`, mount]);
    let capture: CaptureCliType | null = null;
    try {
      const port = 31000 + tag + BACKENDS.indexOf(backend);
      const out = join(mount, 'full.pcapng');
      capture = startCaptureCli(['--iface', 'lo', '--filter', `udp port ${port}`, '--backend', backend, '--max-mb', '50', '--out', out]);
      await capture.started();
      await send('127.0.0.1', port, 3000, 1000);
      const end = await capture.ended();
      expect(end.code).toBe(2);
      expect(oneLine(end.stderr)).toBe(`The disk is full; the capture was ended. Free some space or choose a smaller --max-mb. What was captured so far is saved: ${out}`);
      const r = await analyzeCaptureFile(out);
      expect(r.packets).toBeGreaterThan(500);
    } finally {
      await capture?.stop();
      execFileSync('umount', [mount]);
    }
  });

  it('the capture file deleted mid-capture is written again whole: a warning, every packet kept', async () => {
    const port = 32000 + tag + BACKENDS.indexOf(backend);
    const out = join(dir.path, `deleted-${backend}.pcapng`);
    const capture = startCaptureCli(['--iface', 'lo', '--filter', `udp port ${port}`, '--backend', backend, '--out', out]);
    await capture.started();
    await send('127.0.0.1', port, 40);
    await settle();
    unlinkSync(partFile(out));
    await send('127.0.0.1', port, 60);
    await settle();
    const end = await capture.stop();
    expect(end.code).toBe(0);
    expect(oneLine(end.stderr)).toBe('The capture file was deleted during the capture; it has been written again.');
    expect((await analyzeCaptureFile(out)).packets).toBe(100);
  });
});
