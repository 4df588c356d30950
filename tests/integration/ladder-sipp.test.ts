import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DialogPageSchema, type DialogRowType } from '../../shared/trace/ladder.js';
import { startCapture } from './peers/capture-tools.js';
import { tempDir } from './peers/processes.js';
import { SippTraffic } from './peers/sipp-traffic.js';

const run = promisify(execFile);
const CLI = new URL('../../bin/starface-triage.js', import.meta.url).pathname;

interface TsharkDialogType {
  messages: number;
  codes: Set<number>;
  method: string;
  finals: number[];
}

/** tshark's view of the same capture: per Call-ID its messages, codes and first CSeq method. */
async function tsharkDialogs(file: string): Promise<Map<string, TsharkDialogType>> {
  const { stdout } = await run('tshark', ['-n', '-r', file, '-Y', 'sip', '-T', 'fields', '-e', 'sip.Call-ID', '-e', 'sip.CSeq.method', '-e', 'sip.Status-Code', '-E', 'occurrence=a', '-E', 'separator=;', '-E', 'aggregator=|'], { maxBuffer: 64 * 1024 * 1024 });
  const dialogs = new Map<string, TsharkDialogType>();
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    const [ids = '', methods = '', statuses = ''] = line.split(';');
    const idList = ids.split('|');
    const methodList = methods.split('|');
    // Responses in a frame come with a status; requests without (their field is left out).
    const statusList = statuses.split('|').filter((s) => s !== '');
    idList.forEach((id, i) => {
      const d = dialogs.get(id) ?? { messages: 0, codes: new Set<number>(), method: methodList[i] ?? '', finals: [] };
      d.messages++;
      dialogs.set(id, d);
    });
    // Frames carrying one message each (UDP; sipp's TCP sends one per segment): codes by position.
    if (idList.length === 1 && statusList.length === 1) {
      const d = dialogs.get(idList[0]!)!;
      const code = Number(statusList[0]);
      d.codes.add(code);
      if (code >= 200) d.finals.push(code);
    }
  }
  return dialogs;
}

/** The state a dialog must have from tshark's codes (sngrep's rule, see ladder-indexer.ts). */
function stateFromTshark(d: TsharkDialogType): DialogRowType['state'] {
  const last = d.finals.filter((c) => c !== 401 && c !== 407).at(-1);
  if (d.method === 'INVITE') {
    if (last === undefined) return d.codes.has(180) || d.codes.has(183) ? 'ringing' : 'calling';
    return last < 300 ? 'in-call' : last === 486 || last === 600 ? 'busy' : last === 487 ? 'cancelled' : last < 400 ? 'diverted' : 'rejected';
  }
  if (last === undefined) return 'no-answer';
  return last < 300 ? 'completed' : 'failed';
}

let dir: Awaited<ReturnType<typeof tempDir>>;
let capture = '';

beforeAll(async () => {
  dir = await tempDir('sft-ladder-');
  const traffic = new SippTraffic(dir.path, 45000 + (process.pid % 2000) * 8);
  const [low, high] = traffic.portRange;
  const tcpdump = await startCapture('tcpdump', join(dir.path, 'ladder.pcap'), `(udp or tcp) and portrange ${low}-${high}`);
  try {
    await traffic.run({ ok: 3, lagged: 1, silent: 2, tcp: 2, invites: 3 });
  } finally {
    for (const p of traffic.peers) await p.stop();
    await tcpdump.stop();
  }
  capture = tcpdump.file;
}, 120_000);

afterAll(async () => {
  await dir?.remove();
});

describe('ladder of sipp traffic captured with tcpdump', () => {
  it('`dialogs --json` lists exactly tshark’s Call-IDs, each with tshark’s message count, codes and the state they mean', async () => {
    const { stdout } = await run(process.execPath, [CLI, 'dialogs', capture, '--json'], { maxBuffer: 64 * 1024 * 1024 });
    const page = DialogPageSchema.parse(JSON.parse(stdout));
    const shark = await tsharkDialogs(capture);
    expect(shark.size).toBeGreaterThan(10);
    expect(page.dialogs.map((d) => d.callId).sort()).toEqual([...shark.keys()].sort());
    for (const d of page.dialogs) {
      const s = shark.get(d.callId)!;
      expect({ callId: d.callId, messages: d.messages, method: d.method }).toEqual({ callId: d.callId, messages: s.messages, method: s.method });
      if (s.codes.size > 0) expect(d.codes).toEqual([...s.codes].sort((a, b) => a - b));
      expect({ callId: d.callId, state: d.state }).toEqual({ callId: d.callId, state: stateFromTshark(s) });
    }
    const states = new Set(page.dialogs.map((d) => d.state));
    for (const s of ['completed', 'failed', 'no-answer', 'rejected'] as const) expect(states).toContain(s);
    expect(page.dialogs.some((d) => d.retransmissions > 0)).toBe(true);
  });

  it('the text listing names the states in the user’s language', async () => {
    const de = await run(process.execPath, [CLI, 'dialogs', capture, '--filter', 'invite'], { env: { ...process.env, LANG: 'de_DE.UTF-8', LC_ALL: '' } });
    expect(de.stdout).toMatch(/^\d+ von \d+ Dialogen, \d+ SIP-Nachrichten$/m);
    expect(de.stdout).toMatch(/INVITE\s+Abgewiesen/);
    const en = await run(process.execPath, [CLI, 'dialogs', capture, '--sort', 'state', '--desc'], { env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '' } });
    expect(en.stdout).toMatch(/^\d+ of \d+ dialogs, \d+ SIP messages$/m);
  });
});
