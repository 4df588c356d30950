import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCaptureFilter, checkedFilter } from '../../electron/engine/capture/capture-filter.js';
import { compileCli, expectOneLineError, runCli } from './helpers/run-cli.js';

/** `capture`'s arguments: the issue's flags exactly, each mistake one line in the user's language. */

let dir: string;
beforeAll(async () => {
  // The bin script runs the compiled CLI (as in cli.test.ts).
  compileCli();
  dir = await mkdtemp(join(tmpdir(), 'lc-cli-'));
}, 180_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('capture: bad arguments', () => {
  it.each([
    [['capture', '--out', 'x.pcapng'], 'en_US.UTF-8', 'Usage: starface-triage capture --iface IF [--filter BPF] [--duration S] [--max-mb N] --out FILE.pcapng'],
    [['capture', '--iface', 'lo'], 'de_DE.UTF-8', 'Aufruf: starface-triage capture --iface SCHNITTSTELLE [--filter BPF] [--duration S] [--max-mb N] --out DATEI.pcapng'],
    [['capture', '--iface', 'lo', '--out', 'x.pcap'], 'en_US.UTF-8', 'The output file must end in .pcapng.'],
    [['capture', '--iface', 'lo', '--out', 'x.pcapng', '--duration', '0'], 'en_US.UTF-8', '--duration expects a whole number above 0, not "0".'],
    [['capture', '--iface', 'lo', '--out', 'x.pcapng', '--max-mb', '1.5'], 'de_DE.UTF-8', '--max-mb erwartet eine ganze Zahl größer 0, nicht „1.5“.'],
    [['capture', '--iface', 'lo', '--out', 'x.pcapng', '--backend', 'tcpdump'], 'en_US.UTF-8', '--backend is node-pcap or dumpcap, not "tcpdump".'],
    [['capture', '--iface', 'lo', '--out', 'x.pcapng', '--filter=-w /etc/passwd'], 'en_US.UTF-8', 'The filter must be one line of BPF (at most 500 characters).'],
    [['capture', '--iface=-w', '--out', 'x.pcapng'], 'en_US.UTF-8', '--iface expects an interface name (at most 256 characters, no control characters, not starting with "-" or a space), not "-w". To list them: starface-triage capture --list'],
    [['capture', '--iface', 'eth0\x1b[2J', '--out', 'x.pcapng'], 'de_DE.UTF-8', '--iface erwartet den Namen einer Schnittstelle (höchstens 256 Zeichen, ohne Steuerzeichen, nicht mit „-“ oder Leerzeichen am Anfang), nicht „eth0\\u001b[2J“. Die Liste zeigt: starface-triage capture --list'],
  ])('%j (%s)', (args, lang, message) => {
    expect(expectOneLineError(runCli(args, dir, lang))).toBe(message);
  });

  it.each(['\\Device\\NPF_{4A3F0C1E-9B2D-4C6E-8F1A-2B3C4D5E6F70}', 'LAN-Verbindung* 2', 'WLAN (2)', 'Ethernet 2', 'Drahtlosnetzwerkverbindung'])('takes the Windows name %j as the app does (here: no such interface)', (iface) => {
    const r = runCli(['capture', '--iface', iface, '--out', 'x.pcapng', '--duration', '1'], dir);
    expect(r.code).toBe(2);
    // libpcap may warn first on its own line; ours is the last one: the name reached the backend.
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).not.toContain('--iface expects');
    expect(last).toMatch(/^(There is no interface "|No permission to capture on "|Capturing is not possible here)/);
    if (!last.startsWith('Capturing')) expect(last).toContain(`"${iface}"`);
  });
});

describe('the default capture filter', () => {
  it('is SIP over UDP and TCP on 5060/5061, narrowed to the PBX, widened by RTP; what libpcap compiles', () => {
    const filters = [
      defaultCaptureFilter(),
      defaultCaptureFilter({ rtp: true }),
      ...['192.0.2.10', '10.0.0.1', '2001:db8::5', '[fd00::1]'].flatMap((pbx) => [defaultCaptureFilter({ pbx }), defaultCaptureFilter({ pbx, rtp: true })]),
    ];
    expect(filters[0]).toBe('(tcp or udp) and (port 5060 or port 5061)');
    expect(defaultCaptureFilter({ pbx: '192.0.2.10' })).toBe('host 192.0.2.10 and (tcp or udp) and (port 5060 or port 5061)');
    // A host name is not put into a filter (it would be resolved at capture start): SIP only.
    expect(defaultCaptureFilter({ pbx: 'pbx.example.com; rm -rf' })).toBe(filters[0]);
    // tcpdump -d compiles each with libpcap, as the backends will (Ethernet link type).
    for (const f of filters) expect(() => execFileSync('tcpdump', ['-y', 'EN10MB', '-d', f], { stdio: 'pipe' }), f).not.toThrow();
  });

  it('takes a user filter of one line only', () => {
    expect(checkedFilter(' udp port 5060 ')).toBe('udp port 5060');
    for (const bad of ['', 'udp\nport 5060', '-i eth0', 'x'.repeat(501)]) expect(checkedFilter(bad)).toBeNull();
  });
});
