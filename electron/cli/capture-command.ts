/**
 * `starface-triage capture --iface IF [--filter BPF] [--duration S] [--max-mb N] --out FILE.pcapng`
 * (issue 8), plus `--backend node-pcap|dumpcap`, `--rtp`, `--pbx ADDR`, `--list`, `--json`.
 * Ctrl-C stops and keeps the file; live counters on stderr when it is a TTY; one summary line.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { CaptureBackendNameSchema, type CaptureEndType } from '../../shared/capture/live-capture.js';
import { IfaceNameSchema } from '../../shared/jobs/job-specs.js';
import { liveCaptureProblemText, liveCaptureSummary, liveCounterLine } from '../../shared/capture/live-capture-messages.js';
import { CaptureProblem } from '../engine/capture/capture-backend.js';
import { exitDespiteNodePcap } from '../engine/capture/backends.js';
import { captureSetup } from '../engine/capture/capture-interfaces.js';
import { checkedFilter } from '../engine/capture/capture-filter.js';
import { startLiveCapture } from '../engine/capture/live-capture.js';
import type { CliLanguageType } from './messages.js';
import { CliError } from './cli-error.js';

const T = {
  de: {
    usage: 'Aufruf: starface-triage capture --iface SCHNITTSTELLE [--filter BPF] [--duration S] [--max-mb N] --out DATEI.pcapng',
    badNumber: (o: string, v: string) => `--${o} erwartet eine ganze Zahl größer 0, nicht „${v}“.`,
    badBackend: (v: string) => `--backend ist node-pcap oder dumpcap, nicht „${v}“.`,
    badFilter: 'Der Filter muss eine Zeile BPF sein (höchstens 500 Zeichen).',
    badIface: (v: string) => `--iface erwartet den Namen einer Schnittstelle (höchstens 256 Zeichen, ohne Steuerzeichen, nicht mit „-“ oder Leerzeichen am Anfang), nicht „${v}“. Die Liste zeigt: starface-triage capture --list`,
    notPcapng: 'Die Ausgabedatei muss auf .pcapng enden.',
    hint: 'erreicht die Anlage',
    none: 'Keine Schnittstelle kann mitschneiden; Import funktioniert weiterhin.',
  },
  en: {
    usage: 'Usage: starface-triage capture --iface IF [--filter BPF] [--duration S] [--max-mb N] --out FILE.pcapng',
    badNumber: (o: string, v: string) => `--${o} expects a whole number above 0, not "${v}".`,
    badBackend: (v: string) => `--backend is node-pcap or dumpcap, not "${v}".`,
    badFilter: 'The filter must be one line of BPF (at most 500 characters).',
    badIface: (v: string) => `--iface expects an interface name (at most 256 characters, no control characters, not starting with "-" or a space), not "${v}". To list them: starface-triage capture --list`,
    notPcapng: 'The output file must end in .pcapng.',
    hint: 'reaches the PBX',
    none: 'No backend can capture; importing still works.',
  },
};

function positive(option: string, value: string | undefined, max: number, lang: CliLanguageType): number | null {
  if (value === undefined) return null;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw new CliError('usage', T[lang].badNumber(option, value));
  return n;
}

interface IoType {
  stdout: (t: string) => void;
  stderr: (t: string) => void;
}

export async function runCaptureCommand(argv: string[], lang: CliLanguageType, io: IoType): Promise<number> {
  try {
    return await capture(argv, lang, io);
  } finally {
    exitDespiteNodePcap();
  }
}

async function capture(argv: string[], lang: CliLanguageType, io: IoType): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: { iface: { type: 'string' }, filter: { type: 'string' }, duration: { type: 'string' }, 'max-mb': { type: 'string' }, out: { type: 'string' }, backend: { type: 'string' }, rtp: { type: 'boolean' }, pbx: { type: 'string' }, list: { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const t = T[lang];
  if (values.list) {
    const setup = await captureSetup({ pbx: values.pbx ?? null });
    if (values.json) io.stdout(`${JSON.stringify(setup)}\n`);
    else {
      for (const i of setup.interfaces) io.stdout(`${i.name}\t${i.addresses.join(', ')}${i.reachesPbx ? `\t← ${t.hint}` : ''}\n`);
      io.stdout(`${setup.backends.map((b) => `${b.name}: ${b.mayCapture ? 'ok' : b.available ? 'no rights' : 'missing'}`).join(', ')}\n`);
      if (setup.chosen === null) io.stdout(`${t.none}\n`);
    }
    return 0;
  }
  if (values.iface === undefined || values.out === undefined) throw new CliError('usage', t.usage);
  if (!values.out.toLowerCase().endsWith('.pcapng')) throw new CliError('usage', t.notPcapng);
  // The same names as the app's capture job takes (Windows' `\Device\NPF_{…}`, `WLAN (2)`, umlauts).
  if (!IfaceNameSchema.safeParse(values.iface).success) throw new CliError('usage', t.badIface(JSON.stringify(values.iface).slice(1, -1).slice(0, 80)));
  const backend = values.backend === undefined ? null : CaptureBackendNameSchema.safeParse(values.backend);
  if (backend !== null && !backend.success) throw new CliError('usage', t.badBackend(values.backend ?? ''));
  const filter = values.filter === undefined ? null : checkedFilter(values.filter);
  if (values.filter !== undefined && filter === null) throw new CliError('usage', t.badFilter);
  const out = resolve(values.out);
  const common = { platform: process.platform, iface: values.iface };
  const tty = process.stderr.isTTY === true;
  let live;
  try {
    live = await startLiveCapture({
      iface: values.iface,
      filter,
      pbx: values.pbx ?? null,
      rtp: values.rtp ?? false,
      durationS: positive('duration', values.duration, 7 * 86_400, lang),
      maxMb: positive('max-mb', values['max-mb'], 1_000_000, lang) ?? 100,
      out,
      backend: backend?.data ?? null,
      onCounters: tty ? (c) => io.stderr(`\r${liveCounterLine(c, lang)}\x1b[K`) : undefined,
    });
  } catch (error) {
    if (error instanceof CaptureProblem) throw new CliError('failed', liveCaptureProblemText(error.code, { ...common, detail: error.detail })[lang]);
    throw error;
  }
  const stop = () => live.stop();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  let end: CaptureEndType;
  try {
    end = await live.done;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (tty) io.stderr('\n');
  if (values.json) io.stdout(`${JSON.stringify(end)}\n`);
  else io.stdout(`${liveCaptureSummary(end, lang)}\n`);
  // A file deleted by hand was written again from what we still held: a warning, not a failure.
  if (end.problem === 'file-deleted') {
    io.stderr(`${liveCaptureProblemText('file-deleted', common)[lang]}\n`);
    return 0;
  }
  if (end.problem !== null) throw new CliError('failed', liveCaptureProblemText(end.problem, { ...common, saved: end.bytes > 0 || end.file !== out ? end.file : null })[lang]);
  return 0;
}
