/**
 * Which capture backend this machine has: node-pcap in-process (libpcap; Linux, macOS) or
 * Wireshark's dumpcap as a child process (Windows with Npcap, or where the app itself lacks the
 * capture capability). node-pcap is an optional native dependency: its absence is a normal state.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';
import type { CaptureBackendNameType, CaptureBackendStatusType } from '../../../shared/capture/live-capture.js';

/** The part of node-pcap (pcap@3) we use. */
export interface NodePcapSessionType {
  link_type: string;
  session: { dispatch(buf: Buffer, header: Buffer): number; read_callback: () => void };
  buf: Buffer;
  header: Buffer;
  on(event: 'packet', listener: (p: { buf: Buffer; header: Buffer; link_type: string }) => void): void;
  stats(): { ps_recv: number; ps_drop: number; ps_ifdrop: number };
  close(): void;
}
export interface NodePcapType {
  createSession(device: string, options: { filter?: string; buffer_size?: number; snap_length?: number; promiscuous?: boolean; buffer_timeout?: number }): NodePcapSessionType;
  findalldevs(): Array<{ name: string; addresses: Array<{ addr?: string } | null>; flags?: string }>;
  lib_version: string;
}

let loaded: { pcap: NodePcapType | null; error: string | null } | null = null;

/** node-pcap, or null with why (not installed, not built, libpcap missing). Loaded once. */
export function loadNodePcap(): { pcap: NodePcapType | null; error: string | null } {
  if (loaded !== null) return loaded;
  if (process.env.STARFACE_TRIAGE_NO_NODE_PCAP === '1') return (loaded = { pcap: null, error: 'disabled' });
  try {
    const require = createRequire(import.meta.url);
    loaded = { pcap: require('pcap') as NodePcapType, error: null };
  } catch (error) {
    loaded = { pcap: null, error: (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300) };
  }
  return loaded;
}

/** dumpcap's path: on the PATH, or where Wireshark installs it. */
export function findDumpcap(env: NodeJS.ProcessEnv = process.env): string | null {
  const names = process.platform === 'win32' ? ['dumpcap.exe'] : ['dumpcap'];
  const dirs = (env.PATH ?? '').split(delimiter).filter((d) => d !== '');
  if (process.platform === 'win32') dirs.push('C:\\Program Files\\Wireshark');
  if (process.platform === 'darwin') dirs.push('/Applications/Wireshark.app/Contents/MacOS');
  for (const dir of dirs) {
    for (const name of names) {
      const path = join(dir, name);
      try {
        accessSync(path, constants.X_OK);
        return path;
      } catch {
        // next
      }
    }
  }
  return null;
}

/** Whether an error text says "not allowed" (libpcap: socket: Operation not permitted). */
export function isPermissionError(text: string): boolean {
  return /permission|not permitted|access denied|EPERM|EACCES/i.test(text);
}

function nodePcapStatus(iface: string): CaptureBackendStatusType {
  const { pcap, error } = loadNodePcap();
  if (pcap === null) return { name: 'node-pcap', available: false, mayCapture: false, detail: error };
  try {
    pcap.createSession(iface, { filter: 'udp port 9', buffer_size: 65536 }).close();
    return { name: 'node-pcap', available: true, mayCapture: true, detail: pcap.lib_version };
  } catch (e) {
    return { name: 'node-pcap', available: true, mayCapture: false, detail: (e instanceof Error ? e.message : String(e)).slice(0, 300) };
  }
}

/** dumpcap may capture when a one-packet capture of nothing starts: it says so on stderr at once. */
async function dumpcapStatus(env: NodeJS.ProcessEnv, iface: string): Promise<CaptureBackendStatusType> {
  const path = findDumpcap(env);
  if (path === null) return { name: 'dumpcap', available: false, mayCapture: false, detail: null };
  const text = await new Promise<string>((resolve) => {
    let stderr = '';
    const child = spawn(path, ['-i', iface, '-f', 'udp port 9', '-a', 'duration:1', '-w', process.platform === 'win32' ? 'NUL' : '/dev/null', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      // "Capturing on …" means it opened the device; no need to wait for the second.
      if (stderr.includes('Capturing on') && !isPermissionError(stderr)) child.kill();
    });
    child.on('error', (e) => resolve(e.message));
    child.on('close', () => resolve(stderr));
  });
  const denied = isPermissionError(text);
  return { name: 'dumpcap', available: true, mayCapture: !denied, detail: denied ? (text.split('\n').find((l) => isPermissionError(l)) ?? '').slice(0, 300) : path };
}

export async function backendStatus(options: { env?: NodeJS.ProcessEnv; iface?: string } = {}): Promise<CaptureBackendStatusType[]> {
  const iface = options.iface ?? (process.platform === 'linux' ? 'lo' : process.platform === 'darwin' ? 'lo0' : '1');
  return [nodePcapStatus(iface), await dumpcapStatus(options.env ?? process.env, iface)];
}

/** node-pcap where it loads and may capture, else dumpcap where it may, else none (import only). */
export function chooseBackend(status: CaptureBackendStatusType[]): CaptureBackendNameType | null {
  return status.find((s) => s.name === 'node-pcap' && s.mayCapture)?.name ?? status.find((s) => s.name === 'dumpcap' && s.mayCapture)?.name ?? null;
}

/**
 * node-pcap 3.1 keeps the event loop alive after its session is closed (its poll handle is never
 * closed), so a command-line process would not end. The CLI calls this when it is done: once
 * everything else has drained, the process exits with the exit code already set.
 */
export function exitDespiteNodePcap(): void {
  if (loaded?.pcap) setTimeout(() => process.exit(), 300).unref();
}
