/**
 * The in-process backend: libpcap through node-pcap, each packet written at once as a pcapng
 * block (PcapngEncoder) into ring files of about `fileBytes`. Needs CAP_NET_RAW on the app
 * itself, so the automatic choice takes it only where it may capture (backends.ts).
 */
import { closeSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PcapngEncoder } from '../trace/pcapng-writer.js';
import { CaptureProblem, type BackendEndType, type BackendOptionsType, type BackendRunType } from './capture-backend.js';
import { isPermissionError, type NodePcapSessionType, type NodePcapType } from './backends.js';

const LINK_TYPES: Record<string, number> = { LINKTYPE_NULL: 0, LINKTYPE_ETHERNET: 1, LINKTYPE_RAW: 101, LINKTYPE_LINUX_SLL: 113, LINKTYPE_IEEE802_11_RADIO: 127 };
const FLUSH_MS = 200;
const FLUSH_BYTES = 256 * 1024;

function openProblem(error: unknown, pcap: NodePcapType, iface: string): CaptureProblem {
  const text = error instanceof Error ? error.message : String(error);
  if (isPermissionError(text)) return new CaptureProblem('no-rights', text);
  if (!pcap.findalldevs().some((d) => d.name === iface)) return new CaptureProblem('no-interface', text);
  if (/syntax|filter|expression/i.test(text)) return new CaptureProblem('bad-filter', text.slice(0, 200));
  return new CaptureProblem('backend-failed', text.slice(0, 200));
}

export function startNodePcap(pcap: NodePcapType, o: BackendOptionsType): BackendRunType {
  let session: NodePcapSessionType;
  try {
    session = pcap.createSession(o.iface, { filter: o.filter, buffer_size: 16 * 1024 * 1024, snap_length: 262_144, promiscuous: false, buffer_timeout: 100 });
  } catch (error) {
    throw openProblem(error, pcap, o.iface);
  }
  const linkType = LINK_TYPES[session.link_type];
  if (linkType === undefined) {
    session.close();
    throw new CaptureProblem('backend-failed', session.link_type);
  }
  const encoder = new PcapngEncoder(() => ({ linkType, name: o.iface }));
  const paths: string[] = [];
  let fd = -1;
  let sequence = 0;
  let written = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let packets = 0;
  let finish: (end: BackendEndType) => void = () => undefined;
  const ended = new Promise<BackendEndType>((resolve) => (finish = resolve));
  let over = false;
  let lastDropped: number | null = null;
  const readStats = () => {
    try {
      const s = session.stats();
      lastDropped = s.ps_drop + s.ps_ifdrop;
    } catch {
      // closed (the device went away): the last figures stand
    }
  };

  const newFile = () => {
    if (fd >= 0) closeSync(fd);
    fd = -1;
    const path = join(o.dir, `part_${String(++sequence).padStart(5, '0')}.pcapng`);
    fd = openSync(path, 'wx', 0o600);
    paths.push(path);
    written = 0;
    // The ring keeps the newest files; the reader still holds older ones it has not finished.
    while (paths.length > o.files) {
      try {
        unlinkSync(paths.shift()!);
      } catch {
        // already gone (deleted by hand)
      }
    }
    o.onFile(path);
    pending.unshift(encoder.header({ application: 'STARFACE Triage (node-pcap)' }));
    pendingBytes += pending[0]!.length;
  };

  /** Writes what is pending; on a write error cuts the file back to its last whole block. */
  const flush = (): CaptureProblem | null => {
    if (pendingBytes === 0) return null;
    const data = pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    try {
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
      written += data.length;
      return null;
    } catch (error) {
      try {
        ftruncateSync(fd, written);
      } catch {
        // keep what is there
      }
      const code = (error as NodeJS.ErrnoException).code;
      return new CaptureProblem(code === 'ENOSPC' || code === 'EDQUOT' ? 'disk-full' : 'write-failed', code ?? '');
    }
  };

  const end = (e: BackendEndType) => {
    if (over) return;
    over = true;
    clearInterval(ticker);
    if (timer !== null) clearTimeout(timer);
    const problem = flush();
    readStats();
    try {
      session.close();
    } catch {
      // closed already (the device went away)
    }
    if (fd >= 0) closeSync(fd);
    finish(problem !== null && e.problem === null ? { endedBy: 'problem', problem: problem.code, detail: problem.detail } : e);
  };

  const deviceGone = () => !pcap.findalldevs().some((d) => d.name === o.iface);

  try {
    newFile();
  } catch (error) {
    session.close();
    throw new CaptureProblem('write-failed', (error as NodeJS.ErrnoException).code ?? '');
  }
  session.on('packet', (p) => {
    if (over) return;
    const sec = p.header.readUInt32LE(0);
    const usec = p.header.readUInt32LE(4);
    const caplen = p.header.readUInt32LE(8);
    const len = p.header.readUInt32LE(12);
    const block = encoder.packet(linkType, sec * 1e6 + usec, p.buf.subarray(0, caplen), len);
    packets++;
    pending.push(block);
    pendingBytes += block.length;
    // Rotating at the packet that fills the file keeps each file within one packet of its size.
    if (pendingBytes >= FLUSH_BYTES || written + pendingBytes >= o.fileBytes) tick();
  });
  // node-pcap ignores a failed read (the device went away); we look at the count ourselves.
  session.session.read_callback = () => {
    if (over) return;
    const n = session.session.dispatch(session.buf, session.header);
    if (n < 0) end(deviceGone() ? { endedBy: 'problem', problem: 'interface-gone' } : { endedBy: 'problem', problem: 'backend-failed', detail: 'read failed' });
  };
  let checks = 0;
  const tick = () => {
    if (over) return;
    const problem = flush();
    if (problem !== null) return end({ endedBy: 'problem', problem: problem.code, detail: problem.detail });
    if (written >= o.fileBytes) {
      try {
        newFile();
      } catch (error) {
        return end({ endedBy: 'problem', problem: 'write-failed', detail: (error as NodeJS.ErrnoException).code ?? '' });
      }
    }
    // A device removed while idle gives no read error: look for it about once a second.
    if (++checks % 5 === 0 && deviceGone()) end({ endedBy: 'problem', problem: 'interface-gone' });
  };
  const ticker = setInterval(tick, FLUSH_MS);
  const timer = o.durationS === null ? null : setTimeout(() => end({ endedBy: 'duration', problem: null }), o.durationS * 1000);

  return {
    stats: () => {
      if (!over) readStats();
      return { packets, dropped: lastDropped };
    },
    stop: () => end({ endedBy: 'stop', problem: null }),
    ended,
  };
}
