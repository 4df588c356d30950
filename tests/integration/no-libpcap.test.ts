import { spawnSync } from 'node:child_process';
import { cp, mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../unit/helpers/run-cli.js';
import { tempDir } from './peers/processes.js';

/**
 * Issue 8, done when: on a machine without libpcap's headers or a compiler, `npm ci` still
 * succeeds and the app offers dumpcap or import. Simulated for real and fast: a throw-away project
 * whose optional dependency is node-pcap (packed from the installed one, so no registry is asked),
 * installed with the compiler forced to fail (CXX=false, --offline: node-gyp cannot fetch headers
 * either). Then the built CLI runs from that project, where `pcap` truly does not resolve.
 */

let dir: Awaited<ReturnType<typeof tempDir>>;
const npm = (args: string[]) => spawnSync('npm', [...args, '--offline', '--no-audit', '--no-fund'], { cwd: dir.path, env: { ...process.env, CC: 'false', CXX: 'false' }, encoding: 'utf8', timeout: 120_000 });

beforeAll(async () => {
  dir = await tempDir('lc-nopcap-');
  const pack = spawnSync('npm', ['pack', join(ROOT, 'node_modules', 'pcap'), '--pack-destination', dir.path], { encoding: 'utf8' });
  expect(pack.status, pack.stderr).toBe(0);
  const tarball = (await readdir(dir.path)).find((f) => f.endsWith('.tgz'))!;
  await writeFile(join(dir.path, 'package.json'), JSON.stringify({ name: 'lc-nopcap', version: '1.0.0', private: true, type: 'module', optionalDependencies: { pcap: `file:./${tarball}` } }));
}, 60_000);

afterAll(async () => {
  await dir?.remove();
});

describe('without libpcap headers or a compiler', () => {
  it('npm install and npm ci exit 0 and leave node-pcap out', () => {
    const install = npm(['install', '--foreground-scripts']);
    expect(install.status, install.stderr).toBe(0);
    // It did try to build, and failed: the optional dependency was dropped, not skipped unseen.
    expect(install.stderr + install.stdout).toMatch(/gyp ERR!/);
    expect(existsSync(join(dir.path, 'node_modules', 'pcap'))).toBe(false);
    const ci = npm(['ci']);
    expect(ci.status, ci.stderr).toBe(0);
    expect(existsSync(join(dir.path, 'node_modules', 'pcap'))).toBe(false);
  });

  it('the CLI then lists node-pcap as missing, captures with dumpcap, and says import works when dumpcap is gone too', async () => {
    // The built app beside that node_modules, with the app's other dependencies linked in.
    await cp(join(ROOT, 'out'), join(dir.path, 'out'), { recursive: true });
    await cp(join(ROOT, 'bin'), join(dir.path, 'bin'), { recursive: true });
    await mkdir(join(dir.path, 'node_modules'), { recursive: true });
    for (const name of await readdir(join(ROOT, 'node_modules'))) {
      if (name === 'pcap' || name.startsWith('.') || existsSync(join(dir.path, 'node_modules', name))) continue;
      await symlink(join(ROOT, 'node_modules', name), join(dir.path, 'node_modules', name));
    }
    const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, [join(dir.path, 'bin', 'starface-triage.js'), ...args], { cwd: dir.path, env: { ...process.env, LANG: 'en_US.UTF-8', ...env }, encoding: 'utf8', timeout: 60_000 });
    const list = cli(['capture', '--list', '--json']);
    expect(list.status, list.stderr).toBe(0);
    const setup = JSON.parse(list.stdout) as { backends: Array<{ name: string; available: boolean; mayCapture: boolean; detail: string | null }>; chosen: string | null };
    expect(setup.backends[0]).toMatchObject({ name: 'node-pcap', available: false, mayCapture: false, detail: expect.stringMatching(/Cannot find (package|module) 'pcap'/) });
    expect(setup.chosen).toBe('dumpcap');
    const out = join(dir.path, 'c.pcapng');
    const capture = cli(['capture', '--iface', 'lo', '--filter', 'udp port 9', '--duration', '1', '--out', out]);
    expect(capture.status, capture.stderr).toBe(0);
    expect(capture.stdout).toMatch(/^Capture \(dumpcap\): /);
    expect(existsSync(out)).toBe(true);
    const none = cli(['capture', '--iface', 'lo', '--out', out], { PATH: '/nonexistent' });
    expect(none.status).toBe(2);
    expect(none.stderr.trim()).toBe('Capturing is not possible here: node-pcap is not loaded and dumpcap is missing. Install dumpcap: sudo apt install tshark (or wireshark-common). Importing captures still works.');
  });
});
