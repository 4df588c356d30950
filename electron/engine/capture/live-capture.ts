/**
 * One live capture (issue 8 §1): a backend writes ring files, RingTail reads them as they grow
 * into the same push analysis an import uses (live counters), and at the end the kept files become
 * one pcapng under the size limit. Stop keeps and hands back what was captured; cancel drops it.
 * Every problem (rights, a vanished interface, a full disk, a deleted file) ends the capture with
 * what was captured so far kept.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { CaptureBackendNameType, CaptureCountersType, CaptureEndType } from '../../../shared/capture/live-capture.js';
import { CaptureAnalysis } from '../trace/trace-analyze.js';
import { findDumpcap, loadNodePcap } from './backends.js';
import { CaptureProblem, type BackendOptionsType, type BackendRunType } from './capture-backend.js';
import { defaultCaptureFilter } from './capture-filter.js';
import { startDumpcap } from './dumpcap-backend.js';
import { startNodePcap } from './node-pcap-backend.js';
import { RingTail } from './ring-tail.js';

export interface LiveCaptureOptionsType {
  iface: string;
  /** BPF; default: SIP (to and from `pbx` when given). */
  filter?: string | null;
  pbx?: string | null;
  rtp?: boolean;
  durationS?: number | null;
  maxMb: number;
  out: string;
  /** null: automatic (node-pcap where it may capture, else dumpcap). */
  backend?: CaptureBackendNameType | null;
  env?: NodeJS.ProcessEnv;
  onCounters?: (counters: CaptureCountersType) => void;
}

export interface LiveCaptureType {
  readonly backend: CaptureBackendNameType;
  counters(): CaptureCountersType;
  /** A normal end: keeps and returns what was captured. */
  stop(): void;
  /** Ends and drops what was captured. */
  cancel(): void;
  readonly done: Promise<CaptureEndType>;
}

/** Ring files: the limit in `files` parts, sized so that all of them stay under it. */
function ringShape(maxMb: number): { files: number; fileBytes: number } {
  const limit = maxMb * 1024 * 1024;
  const files = maxMb >= 8 ? 8 : 4;
  return { files, fileBytes: Math.floor(limit / (files + 1)) };
}

async function openBackend(o: LiveCaptureOptionsType, b: BackendOptionsType): Promise<{ name: CaptureBackendNameType; run: BackendRunType }> {
  const want = o.backend ?? null;
  let nodePcapProblem: CaptureProblem | null = null;
  if (want !== 'dumpcap') {
    const { pcap } = loadNodePcap();
    if (pcap !== null) {
      try {
        return { name: 'node-pcap', run: startNodePcap(pcap, b) };
      } catch (error) {
        if (!(error instanceof CaptureProblem)) throw error;
        // Without the capability in-process, dumpcap (with its own) may still capture.
        if (want === 'node-pcap' || error.code !== 'no-rights') throw error;
        nodePcapProblem = error;
      }
    } else if (want === 'node-pcap') throw new CaptureProblem('no-backend', 'node-pcap');
  }
  const dumpcap = findDumpcap(o.env);
  if (dumpcap === null) throw nodePcapProblem ?? new CaptureProblem(want === 'dumpcap' ? 'dumpcap-missing' : 'no-backend');
  return { name: 'dumpcap', run: await startDumpcap(dumpcap, b) };
}

export async function startLiveCapture(o: LiveCaptureOptionsType): Promise<LiveCaptureType> {
  const parts = join(dirname(o.out), `.${basename(o.out)}.parts-${process.pid}-${Date.now().toString(36)}`);
  try {
    mkdirSync(parts, { mode: 0o700 });
  } catch (error) {
    throw new CaptureProblem((error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'disk-full' : 'write-failed', (error as NodeJS.ErrnoException).code ?? '');
  }
  const shape = ringShape(o.maxMb);
  const analysis = new CaptureAnalysis();
  const tail = new RingTail(analysis, shape.files);
  const started = Date.now();
  let backend: { name: CaptureBackendNameType; run: BackendRunType };
  try {
    backend = await openBackend(o, { iface: o.iface, filter: o.filter ?? defaultCaptureFilter({ pbx: o.pbx, rtp: o.rtp }), dir: parts, ...shape, durationS: o.durationS ?? null, onFile: (path) => tail.add(path) });
  } catch (error) {
    rmSync(parts, { recursive: true, force: true });
    throw error;
  }
  let deleted = false;
  const counters = (): CaptureCountersType => {
    const live = analysis.live();
    const stats = backend.run.stats();
    return {
      backend: backend.name,
      packets: Math.max(stats.packets, live.packets),
      sipMessages: live.sipMessages,
      dropped: stats.dropped,
      bytesKept: tail.bytesKept,
      seconds: (Date.now() - started) / 1000,
      devices: live.devices.slice(0, 200).map((d) => ({ address: d.address.slice(0, 64), name: d.name?.slice(0, 128) ?? null, state: d.state })),
      devicesSeen: live.devices.length,
    };
  };
  const ticker = setInterval(() => {
    try {
      tail.poll();
      deleted ||= tail.currentDeleted;
    } catch {
      // A read error on a ring file: the backend reports the cause when it ends.
    }
    o.onCounters?.(counters());
  }, 500);
  let cancelled = false;
  let keepParts = false;
  const done = backend.run.ended.then((end): CaptureEndType => {
    clearInterval(ticker);
    try {
      if (cancelled) return { counters: counters(), file: null, bytes: 0, endedBy: 'cancel', problem: null, ringDropped: tail.ringDropped };
      let file: string | null = o.out;
      let bytes = 0;
      let problem = end.problem ?? (deleted ? 'file-deleted' : null);
      try {
        bytes = tail.assemble(o.out);
      } catch (error) {
        problem = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'disk-full' : 'write-failed';
        // Not enough room for one file: the ring files stay where they are and are named instead.
        keepParts = true;
        file = parts;
      }
      const c = counters();
      return { counters: c, file, bytes, endedBy: end.endedBy, problem, ringDropped: tail.ringDropped };
    } finally {
      tail.close();
      // The parts are kept only when they could not be assembled (then they are what is left).
      if (!keepParts) rmSync(parts, { recursive: true, force: true });
    }
  });
  return {
    backend: backend.name,
    counters,
    stop: () => backend.run.stop(),
    cancel: () => {
      cancelled = true;
      backend.run.stop();
    },
    done,
  };
}
