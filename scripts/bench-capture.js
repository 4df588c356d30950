// Live capture under load (issue 8): sipp sends SIP OPTIONS at 1 000 per second to a sipp that
// answers each with 200 OK — 2 000 SIP messages/s on loopback — for `seconds`, while the app's
// capture runs with each backend (node-pcap in-process, dumpcap as a child). Reports the drops the
// backend itself reports (kernel and capture buffer) and the SIP messages captured vs sent.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HEAD = '<?xml version="1.0" encoding="ISO-8859-1" ?>';
const UAC = `${HEAD}<scenario name="qualify"><send><![CDATA[
OPTIONS sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]
Max-Forwards: 70
From: <sip:pbx@[local_ip]:[local_port]>;tag=[pid]f[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>
Call-ID: [call_id]
CSeq: 1 OPTIONS
Content-Length: 0

]]></send><recv response="200"/></scenario>`;
const UAS = `${HEAD}<scenario name="phone"><recv request="OPTIONS"/><send><![CDATA[
SIP/2.0 200 OK
[last_Via:]
[last_From:]
[last_To:];tag=[pid]t[call_number]
[last_Call-ID:]
[last_CSeq:]
Content-Length: 0

]]></send></scenario>`;

function run(command, args, cwd) {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return { child, done: new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr }))) };
}

export async function benchCapture(root, seconds = 10, rate = 1000) {
  const { startLiveCapture } = await import(join(root, 'out/electron/engine/capture/live-capture.js'));
  const { analyzeCaptureFile } = await import(join(root, 'out/electron/engine/trace/trace-analyze.js'));
  const dir = await mkdtemp(join(tmpdir(), 'lc-bench-'));
  const results = [];
  try {
    await writeFile(join(dir, 'uac.xml'), UAC);
    await writeFile(join(dir, 'uas.xml'), UAS);
    for (const [i, backend] of ['node-pcap', 'dumpcap'].entries()) {
      const port = 45000 + (process.pid % 500) * 4 + i * 2;
      const out = join(dir, `${backend}.pcapng`);
      const capture = await startLiveCapture({ iface: 'lo', filter: `udp and (port ${port} or port ${port + 1})`, maxMb: 500, out, backend });
      const calls = seconds * rate;
      const uas = run('sipp', ['-sf', 'uas.xml', '-i', '127.0.0.1', '-p', String(port + 1), '-nostdin', '-m', String(calls)], dir);
      await new Promise((r) => setTimeout(r, 500));
      const t0 = Date.now();
      const uac = run('sipp', ['-sf', 'uac.xml', '-i', '127.0.0.1', '-p', String(port), '-nostdin', '-r', String(rate), '-l', String(rate), '-m', String(calls), '-nr', '-s', 'bench', `127.0.0.1:${port + 1}`], dir);
      const sent = await uac.done;
      const ms = Date.now() - t0;
      uas.child.kill();
      await uas.done;
      await new Promise((r) => setTimeout(r, 800));
      capture.stop();
      const end = await capture.done;
      const analysed = await analyzeCaptureFile(out);
      results.push({ backend, sentMessages: 2 * calls, sippExit: sent.code, msgPerSecond: Math.round((2 * calls) / (ms / 1000)), captured: analysed.sipMessages, livePackets: end.counters.packets, dropped: end.counters.dropped, bytes: end.bytes });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const rows = results.map((r) => [
    `Live capture (${r.backend}), sipp ${r.msgPerSecond} SIP msg/s: drops reported / captured of sent`,
    `${r.dropped ?? '?'} / ${r.captured} of ${r.sentMessages}`,
    '0 drops, all',
    r.dropped === 0 && r.captured === r.sentMessages && r.sippExit === 0,
  ]);
  return { results, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { results, rows } = await benchCapture(join(import.meta.dirname, '..'), Number(process.argv[2] ?? 10));
  console.log(JSON.stringify(results));
  for (const [name, value, target, ok] of rows) console.log(`${ok ? '✔' : '✘'} ${name}  ${value}  ${target}`);
  // node-pcap keeps the event loop alive after its session is closed (backends.ts).
  process.exit(rows.every((r) => r[3]) ? 0 : 1);
}
