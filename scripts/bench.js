#!/usr/bin/env node
// `npm run bench`: the speed and size targets of issue 2, measured on the built app (out/).
//  - PDF build time for a full report: median of 25 runs after warm-up (target ≤ 300 ms)
//  - the renderer's JavaScript, gzipped (target ≤ 150 KB)
//  - listing 1 000 cases cold and warm, and the heap under 50 concurrent listings (issue 10)
//  - the port sweep against a host that drops everything: about one probe time limit (issue 5)
//  - the NAT timeout through a real NAT: time to verdict over the true timeout, bracket width (issue 6)
//  - the reflector's resident memory under a 60 s flood from 201 sources (scripts/bench-reflector.js)
//  - capture analysis against tshark and sngrep on generated 200 000- and 1 000 000-packet captures:
//    packets/s, dialogs kept, SIP messages, peak RSS and its growth (scripts/bench-trace.js)
//  - the ladder of a generated 100 000-dialog capture: index time and memory, reopening, and the call
//    list scrolled through in Chromium with its worst frame (scripts/bench-ladder.js, issue 8)
//  - live capture with each backend under sipp at 2 000 SIP messages/s on loopback: drops the
//    backend reports, SIP messages captured vs sent (scripts/bench-capture.js, issue 8)
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const out = (p) => join(root, 'out', p);
const { newCase } = await import(out('shared/model/case.js'));
const { buildReportModel } = await import(out('shared/report/report-model.js'));
const { findScenario, CHECKLIST_VERSION } = await import(out('shared/checklists/scenarios.js'));
const { benchPdf } = await import(out('electron/engine/report/bench-pdf.js'));
const { benchCaseList } = await import(out('electron/engine/store/bench-list.js'));
const { runPortSweep } = await import(out('electron/engine/net/port-sweep.js'));
const { DEFAULT_TCP_PORTS } = await import(out('shared/diagnostics/starface-ports.js'));

/** A Cloud "no calls" case answered along its longest path, with a note on every step. */
function fullCase() {
  const c = newCase('bench-0000-full', new Date('2026-11-27T08:00:00Z'));
  c.title = 'Müller Straßenbau GmbH, Zentrale Karlsruhe';
  c.role = 'partner';
  c.area = 'cloud';
  c.scenarioId = 'cloud-no-calls';
  c.checklistVersion = CHECKLIST_VERSION;
  const answers = { 'config-change': 'no', 'provider-outage': 'no', 'line-registered': 'yes', 'line-config': 'yes', 'numbers-assigned': 'yes', 'redirect-ifmc': 'no', 'network-firewall': 'yes', 'restart-changes': 'no', 'still-persists': 'yes', 'uses-connect': 'no', 'connect-test': 'no' };
  for (const step of findScenario(c.scenarioId).steps) {
    const value = answers[step.id];
    if (value) c.answers[step.id] = { value, note: `Geprüft vor Ort von Jürgen Weiß: ${step.question.de} – Ergebnis dokumentiert, Screenshot liegt vor.`, answeredAt: '2026-11-27T08:30:00.000Z' };
  }
  Object.assign(c.report, {
    company: 'Müller Straßenbau GmbH', firstName: 'Jürgen', lastName: 'Weiß', email: 'juergen.weiss@mueller-strassenbau.de',
    phone: '+49 721 50959-123', role: 'partner', service: 'cloud', cloudName: 'maxmuster.starface-cloud.com',
    description: 'Seit heute 8:00 Uhr können an allen Standorten keine Gespräche geführt werden. '.repeat(12),
  });
  return c;
}

const model = buildReportModel(fullCase(), 'de', { appName: 'STARFACE Triage', appVersion: 'bench', generatedAt: new Date() });
const pdf = await benchPdf(model, 25);

const list = await benchCaseList(1000);

/**
 * The port sweep against a host that drops everything: a test host in its own network namespace
 * (veth 10.250.199.0/30, nftables policy drop), all STARFACE ports plus TLS, HTTPS and STUN.
 * Needs root (ip netns); the namespace is removed afterwards.
 */
async function benchDroppedSweep(timeoutMs) {
  const ns = `sftbench${process.pid}`;
  const veth = `sftb${process.pid % 100000}`;
  const sh = (...args) => execFileSync(args[0], args.slice(1), { stdio: 'pipe' });
  sh('ip', 'netns', 'add', ns);
  try {
    sh('ip', 'link', 'add', veth, 'type', 'veth', 'peer', 'name', `${veth}p`);
    sh('ip', 'link', 'set', `${veth}p`, 'netns', ns);
    sh('ip', 'addr', 'add', '10.250.199.1/30', 'dev', veth);
    sh('ip', 'link', 'set', veth, 'up');
    sh('ip', 'netns', 'exec', ns, 'ip', 'addr', 'add', '10.250.199.2/30', 'dev', `${veth}p`);
    sh('ip', 'netns', 'exec', ns, 'ip', 'link', 'set', `${veth}p`, 'up');
    execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: 'table inet sftbench {\n chain input {\n  type filter hook input priority 0; policy drop;\n }\n}\n' });
    const started = performance.now();
    const result = await runPortSweep({ host: '10.250.199.2', ports: [...DEFAULT_TCP_PORTS], timeoutMs });
    const ms = performance.now() - started;
    if (!result.tcp.every((e) => e.status === 'no-answer')) throw new Error('the drop host answered');
    return { ms: Math.round(ms), timeoutMs, probes: result.tcp.length + result.tls.length + 2 };
  } finally {
    try { sh('ip', 'netns', 'del', ns); } catch {}
    try { sh('ip', 'link', 'del', veth); } catch {}
  }
}
const sweep = await benchDroppedSweep(3000);
const { benchNatTimeout } = await import('./bench-nat.js');
const nat = await benchNatTimeout(root, 30);
const { benchReflector } = await import('./bench-reflector.js');
const reflector = await benchReflector(root, 60);
const { benchTrace } = await import('./bench-trace.js');
const trace = await benchTrace(root);
const { benchLadder } = await import('./bench-ladder.js');
const ladder = await benchLadder(root);
const { benchCapture } = await import('./bench-capture.js');
const capture = await benchCapture(root, 10);

const assets = out('renderer/assets');
const js = readdirSync(assets).filter((f) => f.endsWith('.js'));
const gzipBytes = js.reduce((sum, f) => sum + gzipSync(readFileSync(join(assets, f)), { level: 9 }).length, 0);

const machine = `${cpus()[0]?.model ?? 'unknown CPU'} (${cpus().length} cores), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const rows = [
  ['PDF build, full report (median of 25)', `${pdf.medianMs} ms`, '≤ 300 ms', pdf.medianMs <= 300],
  ['PDF build, p95', `${pdf.p95Ms} ms`, '', true],
  ['PDF size (with case JSON + 256 KiB trace)', `${Math.round(pdf.bytes / 1024)} KiB`, '', true],
  ['Case list, 1 000 cases, cold (no index)', `${list.coldMs} ms`, '', true],
  ['Case list, 1 000 cases, warm (index)', `${list.warmMs} ms`, '≤ 250 ms', list.warmMs <= 250],
  ['Case list, 50 calls at once: heap peak', `${list.floodPeakHeapMb} MB`, '≤ 64 MB', list.floodPeakHeapMb <= 64],
  [`Port sweep, host drops all (${sweep.probes} probes, ${sweep.timeoutMs} ms limit)`, `${sweep.ms} ms`, `≤ ${Math.round(1.1 * sweep.timeoutMs)} ms`, sweep.ms <= 1.1 * sweep.timeoutMs],
  [`NAT timeout (stream ${nat.truthSeconds} s): time to verdict / timeout`, `${nat.verdictOverTruth}`, '≤ 1.25', nat.verdictOverTruth <= 1.25],
  [`NAT timeout: bracket [${nat.lowerSeconds}, ${nat.upperSeconds}] s, width`, `${nat.bracketPercent} %`, '≤ 10 %', nat.bracketPercent <= 10],
  [`Reflector, ${reflector.seconds} s flood (${reflector.requestsPerSecond} req/s): RSS start → peak`, `${reflector.startRssMb} → ${reflector.peakRssMb} MB`, '≤ +64 MB', reflector.peakRssMb - reflector.startRssMb <= 64],
  ['… requests answered: 200 fair sources / the flooder', `${reflector.manyAnsweredPercent} % / ${reflector.flooderAnsweredPerSecond}/s`, '≥ 95 % / ≤ 230/s', reflector.manyAnsweredPercent >= 95 && reflector.flooderAnsweredPerSecond <= 230],
  ['Renderer JS, gzipped', `${(gzipBytes / 1024).toFixed(1)} KB`, '≤ 150 KB', gzipBytes <= 150 * 1024],
  ...trace.rows,
  ...ladder.rows,
  ...capture.rows,
];
console.log(`Machine: ${machine}`);
if (process.argv.includes('--json')) console.log(JSON.stringify({ machine, pdf, list, sweep, nat, reflector, rendererJsGzipBytes: gzipBytes, trace: { files: trace.files, rssGrowthPercent: trace.rssGrowthPercent }, ladder: { index: ladder.index, ui: ladder.ui }, capture: capture.results }));
process.exitCode = rows.every((r) => r[3]) ? 0 : 1;
// node-pcap keeps the event loop alive after its session is closed (engine/capture/backends.ts).
setTimeout(() => process.exit(), 300).unref();
