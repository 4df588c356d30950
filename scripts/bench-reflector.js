// The reflector's memory under a sustained flood (issue 6), for `npm run bench`: the reflector as
// a partner runs it (`starface-triage reflector`), on loopback; for `seconds`, 200 sources
// (127.1.0.1–200, one socket each) send a Binding Request every 20 ms each (10 000/s in all) and
// one more source floods 20 000/s. Resident memory is read from /proc every second. Each source
// has its own token bucket, so the 200 are answered and the flooder is cut to its rate.
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const PORT = 46_000 + (process.pid % 1000);


function source(address) {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    const state = { socket: s, answers: 0, sent: 0 };
    s.on('message', () => (state.answers += 1));
    s.on('error', () => {});
    s.bind(0, address, () => resolve(state));
  });
}

const rssMb = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function benchReflector(root, seconds = 60) {
  // The app's own request (padded: the reflector answers nothing larger than what it was sent).
  const { encodeRequest, newTransactionId } = await import(join(root, 'out', 'electron', 'engine', 'nat', 'stun-message.js'));
  const bindingRequest = () => encodeRequest(newTransactionId());
  const child = spawn(process.execPath, [join(root, 'bin', 'starface-triage.js'), 'reflector', '--listen', '127.0.0.1', '--port', String(PORT), '--sip-port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('"listening"')) resolve();
      });
      child.once('exit', () => reject(new Error('the reflector ended before listening')));
    });
    const start = rssMb(child.pid);
    const many = await Promise.all(Array.from({ length: 200 }, (_, i) => source(`127.1.0.${i + 1}`)));
    const flooder = await source('127.0.0.1');
    const samples = [];
    const t0 = Date.now();
    let tick = 0;
    while (Date.now() - t0 < seconds * 1000) {
      for (const s of many) {
        s.socket.send(bindingRequest(), PORT, '127.0.0.1');
        s.sent += 1;
      }
      for (let i = 0; i < 400; i++) flooder.socket.send(bindingRequest(), PORT, '127.0.0.1');
      flooder.sent += 400;
      tick += 1;
      if (tick % 50 === 0) samples.push(rssMb(child.pid));
      await sleep(20);
    }
    await sleep(1000);
    const end = rssMb(child.pid);
    for (const s of [...many, flooder]) s.socket.close();
    const sent = many.reduce((n, s) => n + s.sent, 0);
    const answered = many.reduce((n, s) => n + s.answers, 0);
    return {
      seconds,
      startRssMb: Math.round(start),
      peakRssMb: Math.round(Math.max(start, end, ...samples)),
      endRssMb: Math.round(end),
      requestsPerSecond: Math.round((sent + flooder.sent) / seconds),
      manyAnsweredPercent: Math.round((answered / Math.max(1, sent)) * 1000) / 10,
      flooderAnsweredPerSecond: Math.round(flooder.answers / seconds),
    };
  } finally {
    child.kill('SIGTERM');
  }
}

if (process.argv[1] === import.meta.filename) {
  console.log(JSON.stringify(await benchReflector(join(import.meta.dirname, '..'), Number(process.argv[2] ?? 60))));
}
