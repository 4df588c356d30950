import { execFile } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { startPeer, waitFor, type PeerType } from './processes.js';

const run = promisify(execFile);

/**
 * Captures on loopback with the real tools (tcpdump → pcap, dumpcap → pcapng), conversions with
 * editcap (pcapng, nanosecond pcap, the FRITZ!Box "modpcap"), and tshark's own count of SIP
 * messages and response codes to compare with.
 */

export interface CaptureType {
  peer: PeerType;
  file: string;
  stop(): Promise<void>;
}

export async function startCapture(tool: 'tcpdump' | 'dumpcap', file: string, filter: string): Promise<CaptureType> {
  const args = tool === 'tcpdump' ? ['-i', 'lo', '-U', '-n', '-s', '0', '-w', file, filter] : ['-i', 'lo', '-q', '-f', filter, '-w', file];
  const peer = startPeer(tool, args);
  // Both announce on stderr once the interface is open.
  await waitFor(tool, async () => /listening on|Capturing on/i.test(peer.output()), peer);
  return {
    peer,
    file,
    async stop() {
      // Let the last packets reach the file before the signal.
      await new Promise((r) => setTimeout(r, 500));
      await peer.stop();
      await waitFor(`${tool} file`, async () => (await stat(file)).size > 24, peer);
    },
  };
}

export async function editcap(format: 'pcapng' | 'nsecpcap' | 'modpcap' | 'pcap', from: string, to: string): Promise<void> {
  await run('editcap', ['-F', format, from, to]);
}

/** tshark's count of SIP messages and of response codes (each message of a frame counted). */
export async function tsharkSipCounts(file: string): Promise<{ messages: number; codes: Record<string, number> }> {
  const { stdout } = await run('tshark', ['-n', '-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Method', '-e', 'sip.Status-Code', '-E', 'occurrence=a', '-E', 'separator=;'], { maxBuffer: 64 * 1024 * 1024 });
  let messages = 0;
  const codes: Record<string, number> = {};
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const [methods = '', statuses = ''] = line.split(';');
    const m = methods.split(',').filter((x) => x !== '');
    const s = statuses.split(',').filter((x) => x !== '');
    // A response carries sip.Method? No: sip.Method is the request line's method only.
    messages += m.length + s.length;
    for (const c of s) codes[c] = (codes[c] ?? 0) + 1;
  }
  return { messages, codes };
}

/** The same pcap with every header field in the other byte order (tcpdump writes host order). */
export async function swapPcapByteOrder(from: string, to: string): Promise<void> {
  const b = await readFile(from);
  const out = Buffer.from(b);
  const little = b.readUInt32LE(0) === 0xa1b2c3d4 || b.readUInt32LE(0) === 0xa1b23c4d;
  const r32 = (at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const w32 = (at: number, v: number) => (little ? out.writeUInt32BE(v, at) : out.writeUInt32LE(v, at));
  const r16 = (at: number) => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const w16 = (at: number, v: number) => (little ? out.writeUInt16BE(v, at) : out.writeUInt16LE(v, at));
  w32(0, r32(0));
  w16(4, r16(4));
  w16(6, r16(6));
  for (const at of [8, 12, 16, 20]) w32(at, r32(at));
  let at = 24;
  while (at + 16 <= b.length) {
    const included = r32(at + 8);
    for (const f of [0, 4, 8, 12]) w32(at + f, r32(at + f));
    at += 16 + included;
  }
  await writeFile(to, out);
}
