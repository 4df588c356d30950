#!/usr/bin/env node
// The ladder figures of `npm run bench` (issue 8 §2: "fast on a capture with 100 000 dialogs"):
//  - a capture generated here (seeded, deterministic) with 100 000 dialogs: calls (INVITE with SDP,
//    100, 180, 200 with SDP, ACK, BYE, 200; some 486/404/487 after CANCEL), OPTIONS, and
//    REGISTER → 401 → REGISTER → 200, some requests retransmitted; pcap, raw IP, UDP;
//  - building the ladder index of it in a child process (the worker's code): time and peak RSS;
//    reopening the cached index and the first sorted page;
//  - in Chromium (playwright-core, /usr/bin/chromium) against the browser host: the capture imported
//    through the Mitschnitt view, the call list opened, scrolled through to the end (100 rows a
//    frame: a fling, rows show placeholders until it slows), back up at reading speed (10 rows a
//    frame, pages arriving), page jumps (End, Home, PageDown ×40, random jumps); every frame's
//    time from requestAnimationFrame deltas and the Long Animation Frames API. Target: no frame
//    over 50 ms.
// Standalone: `node scripts/bench-ladder.js [--json]` (after `npm run build`).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { prng } from './bench-trace.js';

/** A pcap (linktype 101, raw IP) of `dialogs` SIP dialogs; returns the message count. */
export function writeLadderCapture(path, dialogs, seed = 8) {
  const random = prng(seed);
  const rnd = random.next;
  const int = random.int;
  const fd = openSync(path, 'w');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(101, 20);
  writeSync(fd, header);
  let batch = [];
  let batchBytes = 0;
  let messages = 0;
  let id = 1;
  const packet = (timeUs, src, dst, sport, dport, text) => {
    const payload = Buffer.from(text, 'latin1');
    const p = Buffer.alloc(16 + 28 + payload.length);
    p.writeUInt32LE(Math.floor(timeUs / 1e6), 0);
    p.writeUInt32LE(Math.floor(timeUs % 1e6), 4);
    p.writeUInt32LE(28 + payload.length, 8);
    p.writeUInt32LE(28 + payload.length, 12);
    p[16] = 0x45;
    p.writeUInt16BE(28 + payload.length, 18);
    p.writeUInt16BE(id++ & 0xffff, 20);
    p[24] = 64;
    p[25] = 17;
    p.writeUInt32BE(src, 28);
    p.writeUInt32BE(dst, 32);
    p.writeUInt16BE(sport, 36);
    p.writeUInt16BE(dport, 38);
    p.writeUInt16BE(8 + payload.length, 40);
    payload.copy(p, 44);
    batch.push(p);
    batchBytes += p.length;
    messages++;
    if (batchBytes > 4 * 1024 * 1024) {
      writeSync(fd, Buffer.concat(batch));
      batch = [];
      batchBytes = 0;
    }
  };
  const PBX = ((192 << 24) | (0 << 16) | (2 << 8) | 10) >>> 0;
  const pbxText = '192.0.2.10';
  let t = 1_764_000_000e6;
  for (let n = 0; n < dialogs; n++) {
    t += int(1, 20) * 1000;
    const phone = ((10 << 24) | (1 << 16) | (int(0, 15) << 8) | int(20, 250)) >>> 0;
    const phoneText = `10.1.${(phone >>> 8) & 255}.${phone & 255}`;
    const user = String(int(100, 999));
    const callId = `${n.toString(36)}-${int(0, 1e9).toString(16)}@${phoneText}`;
    let now = t;
    let cseq = 1;
    let branch = `z9hG4bK${n}x1`;
    const head = (start, to, method, extra = '') =>
      `${start}\r\nVia: SIP/2.0/UDP ${phoneText}:5060;branch=${branch}\r\nFrom: "Tel ${user}" <sip:${user}@${pbxText}>;tag=f${n}\r\nTo: ${to}\r\nCall-ID: ${callId}\r\nCSeq: ${cseq} ${method}\r\nMax-Forwards: 70\r\nUser-Agent: Yealink SIP-T46S 66.86.0.15\r\n${extra}`;
    const up = (text, gap) => packet((now += gap), phone, PBX, 5060, 5060, text);
    const down = (text, gap) => packet((now += gap), PBX, phone, 5060, 5060, text);
    const bodyless = (s) => `${s}Content-Length: 0\r\n\r\n`;
    const kind = rnd();
    if (kind < 0.45) {
      const callee = `0${int(100000000, 999999999)}`;
      const to = `<sip:${callee}@${pbxText}>`;
      const sdp = `v=0\r\no=- ${n} 1 IN IP4 ${phoneText}\r\ns=-\r\nc=IN IP4 ${phoneText}\r\nt=0 0\r\nm=audio ${10000 + 2 * (n % 5000)} RTP/AVP 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\na=sendrecv\r\n`;
      const invite = `${head(`INVITE sip:${callee}@${pbxText} SIP/2.0`, to, 'INVITE', `Contact: <sip:${user}@${phoneText}:5060>\r\nContent-Type: application/sdp\r\n`)}Content-Length: ${sdp.length}\r\n\r\n${sdp}`;
      up(invite, 0);
      if (rnd() < 0.05) up(invite, 500e3);
      down(bodyless(head('SIP/2.0 100 Trying', to, 'INVITE')), int(5, 40) * 1000);
      const tagged = `${to};tag=t${n}`;
      const fate = rnd();
      if (fate < 0.1) {
        down(bodyless(head('SIP/2.0 486 Busy Here', tagged, 'INVITE')), int(50, 400) * 1000);
        up(bodyless(head(`ACK sip:${callee}@${pbxText} SIP/2.0`, tagged, 'ACK')), 5000);
        continue;
      }
      if (fate < 0.2) {
        down(bodyless(head('SIP/2.0 404 Not Found', tagged, 'INVITE')), int(50, 400) * 1000);
        up(bodyless(head(`ACK sip:${callee}@${pbxText} SIP/2.0`, tagged, 'ACK')), 5000);
        continue;
      }
      down(bodyless(head('SIP/2.0 180 Ringing', tagged, 'INVITE')), int(50, 400) * 1000);
      if (fate < 0.3) {
        up(bodyless(head(`CANCEL sip:${callee}@${pbxText} SIP/2.0`, to, 'CANCEL')), int(1, 9) * 1e6);
        down(bodyless(head('SIP/2.0 200 OK', to, 'CANCEL')), 20000);
        down(bodyless(head('SIP/2.0 487 Request Terminated', tagged, 'INVITE')), 5000);
        up(bodyless(head(`ACK sip:${callee}@${pbxText} SIP/2.0`, tagged, 'ACK')), 5000);
        continue;
      }
      down(`${head('SIP/2.0 200 OK', tagged, 'INVITE', 'Content-Type: application/sdp\r\n')}Content-Length: ${sdp.length}\r\n\r\n${sdp}`, int(1, 9) * 1e6);
      up(bodyless(head(`ACK sip:${callee}@${pbxText} SIP/2.0`, tagged, 'ACK')), 5000);
      cseq++;
      branch = `z9hG4bK${n}x2`;
      up(bodyless(head(`BYE sip:${callee}@${pbxText} SIP/2.0`, tagged, 'BYE')), int(5, 300) * 1e6);
      down(bodyless(head('SIP/2.0 200 OK', tagged, 'BYE')), 20000);
    } else if (kind < 0.85) {
      const to = `<sip:${user}@${phoneText}:5060>`;
      const options = bodyless(head(`OPTIONS sip:${user}@${phoneText}:5060 SIP/2.0`, to, 'OPTIONS'));
      up(options, 0);
      if (rnd() < 0.1) up(options, 500e3);
      if (rnd() < 0.9) down(bodyless(head('SIP/2.0 200 OK', `${to};tag=o${n}`, 'OPTIONS')), int(1, 300) * 1000);
    } else {
      const to = `<sip:${user}@${pbxText}>`;
      up(bodyless(head(`REGISTER sip:${pbxText} SIP/2.0`, to, 'REGISTER', 'Expires: 3600\r\n')), 0);
      down(bodyless(head('SIP/2.0 401 Unauthorized', `${to};tag=r${n}`, 'REGISTER', 'WWW-Authenticate: Digest realm="pbx", nonce="1"\r\n')), 10000);
      cseq++;
      branch = `z9hG4bK${n}x2`;
      up(bodyless(head(`REGISTER sip:${pbxText} SIP/2.0`, to, 'REGISTER', 'Expires: 3600\r\nAuthorization: Digest username="u", realm="pbx", nonce="1", uri="sip:x", response="00"\r\n')), 10000);
      down(bodyless(head('SIP/2.0 200 OK', `${to};tag=r${n}`, 'REGISTER', 'Expires: 600\r\n')), 10000);
    }
  }
  if (batch.length > 0) writeSync(fd, Buffer.concat(batch));
  closeSync(fd);
  return messages;
}

/** Builds the index in a fresh process (as the worker does): wall time and the process's peak RSS. */
function indexInChild(root, capture, dir) {
  const script = `
    const { buildLadderIndex, ladderPaths } = await import(${JSON.stringify(join(root, 'out/electron/engine/trace/ladder/ladder-build.js'))});
    const { readLadderIndex } = await import(${JSON.stringify(join(root, 'out/electron/engine/trace/ladder/ladder-file.js'))});
    const { LadderIndex } = await import(${JSON.stringify(join(root, 'out/electron/engine/trace/ladder/ladder-query.js'))});
    const { sourceStamp } = await import(${JSON.stringify(join(root, 'out/electron/engine/trace/ladder/ladder-build.js'))});
    const paths = ladderPaths(${JSON.stringify(capture)}, ${JSON.stringify(dir)});
    let t = performance.now();
    const data = await buildLadderIndex(${JSON.stringify(capture)}, paths);
    const buildMs = performance.now() - t;
    const rssMb = process.resourceUsage().maxRSS / 1024;
    t = performance.now();
    const again = await readLadderIndex(paths.index, await sourceStamp(${JSON.stringify(capture)}));
    const index = new LadderIndex(again, paths.messages);
    index.dialogPage({ offset: 0, limit: 200, sort: 'time', descending: false, filter: '' });
    const reopenMs = performance.now() - t;
    t = performance.now();
    index.dialogPage({ offset: 0, limit: 200, sort: 'from', descending: true, filter: '' });
    const sortMs = performance.now() - t;
    t = performance.now();
    index.dialogPage({ offset: 0, limit: 200, sort: 'time', descending: false, filter: 'invite' });
    const filterMs = performance.now() - t;
    console.log(JSON.stringify({ dialogs: data.dialogs.callId.length, messages: data.messages.time.length, buildMs, rssMb, reopenMs, sortMs, filterMs }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop());
}

async function startWebHost(root, dataDir) {
  const child = spawn(process.execPath, [join(root, 'out/electron/web/index.js')], { cwd: root, env: { ...process.env, STARFACE_TRIAGE_DATA_DIR: dataDir, STARFACE_TRIAGE_PORT: '0', LANG: 'de_DE.UTF-8' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`web host did not start: ${output}`)), 30_000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`web host exited (${code}): ${output}`)));
  });
  return { url, stop: () => new Promise((r) => (child.exitCode !== null ? r() : (child.once('exit', r), child.kill('SIGTERM')))) };
}

/** The call list in Chromium: open, scroll through, page jumps; frame times from rAF and LoAF. */
async function scrollInChromium(root, capture, dialogs) {
  const { chromium } = await import('playwright-core');
  const dataDir = mkdtempSync(join(tmpdir(), 'sft-bench-ladder-data-'));
  const web = await startWebHost(root, dataDir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(web.url);
    await page.getByRole('button', { name: 'Neuer Fall' }).first().click();
    await page.getByLabel('Bezeichnung (Kunde, Standort)').fill('Bench 100 000 Dialoge');
    await page.locator('nav.tabs').getByRole('link', { name: 'Mitschnitt' }).click();
    await page.getByTestId('capture-file').setInputFiles(capture);
    await page.getByTestId('import-trace').waitFor({ timeout: 600_000 });
    const opened = performance.now();
    await page.getByTestId('dialog-count').getByText(new RegExp(`^${dialogs} von ${dialogs} Dialogen`)).waitFor({ timeout: 600_000 });
    const firstOpenMs = performance.now() - opened;
    const list = page.getByTestId('dialog-list');
    await list.scrollIntoViewIfNeeded();
    const rowsInDom = await page.getByTestId('dialog-row').count();
    await page.evaluate(() => {
      const w = window;
      w.__frames = [];
      w.__loaf = [];
      let last = performance.now();
      const tick = (now) => {
        w.__frames.push(now - last);
        last = now;
        if (!w.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      try {
        new PerformanceObserver((l) =>
          l.getEntries().forEach((e) => {
            w.__loaf.push(e.duration);
            // Where the time of a long frame went (BENCH_LADDER_DEBUG=1 prints it): scripts by
            // entry point, then style/layout and paint after the last script.
            if (e.duration > 40)
              (w.__loafDetail ??= []).push({
                phase: w.__phase,
                ms: Math.round(e.duration),
                blockingMs: Math.round(e.blockingDuration),
                renderMs: Math.round(e.startTime + e.duration - e.renderStart),
                layoutMs: Math.round(e.startTime + e.duration - e.styleAndLayoutStart),
                scripts: e.scripts.map((x) => `${x.invokerType} ${x.invoker} ${x.sourceFunctionName ?? ''}@${(x.sourceURL ?? '').split('/').pop()}:${x.sourceCharPosition} ${Math.round(x.duration)}ms (layout ${Math.round(x.forcedStyleAndLayoutDuration)}ms)`),
              });
          }),
        ).observe({ type: 'long-animation-frame', buffered: false });
      } catch {
        // older Chromium: rAF deltas only
      }
    });
    // BENCH_LADDER_PROFILE=FILE: a CPU profile of the page while it scrolls (DevTools format).
    const cdp = process.env.BENCH_LADDER_PROFILE ? await page.context().newCDPSession(page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    }
    // The machine's own noise: frames while nothing happens on the page.
    await page.waitForTimeout(1500);
    const idle = await page.evaluate(() => {
      const f = window.__frames.splice(0);
      return Math.round(Math.max(0, ...f.slice(1)));
    });
    if (cdp) await cdp.send('Profiler.start');
    await page.evaluate(() => (window.__phase = 'scroll-through'));
    // Scroll through: 3 600 px per frame (100 rows) down to the end, as a fast wheel or a dragged thumb.
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          const el = document.querySelector('[data-testid="dialog-list"]');
          const step = () => {
            el.scrollTop += 3600;
            if (el.scrollTop + el.clientHeight >= el.scrollHeight - 2) resolve();
            else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    // Reading speed: 10 rows a frame (600 rows/s) back up for 300 frames, every row drawn with its
    // content as its page arrives (a fling faster than FLYING_ROWS_PER_SECOND shows placeholders
    // until it slows; this phase is the one where pages come in while the list moves).
    await page.evaluate(() => (window.__phase = 'read'));
    const readWaiting = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const el = document.querySelector('[data-testid="dialog-list"]');
          let n = 0;
          let waitingFrames = 0;
          const step = () => {
            el.scrollTop -= 360;
            if (el.querySelector('.waiting')) waitingFrames++;
            if (++n < 300) requestAnimationFrame(step);
            else resolve(waitingFrames);
          };
          requestAnimationFrame(step);
        }),
    );
    // Page jumps by keyboard and random jumps.
    await page.evaluate(() => (window.__phase = 'keys'));
    await list.focus();
    // At a held key's auto-repeat rate (about 30 a second), as a technician pages through; pressed
    // back to back through the DevTools protocol, the driver's own input queue made frames of
    // 50 ms with no script and 7 ms of rendering in them.
    for (const key of ['Home', 'End', 'Home', ...Array(40).fill('PageDown'), 'End', ...Array(10).fill('PageUp')]) {
      await page.keyboard.press(key);
      await page.waitForTimeout(33);
    }
    await page.evaluate(async () => {
      window.__phase = 'random-jumps';
      const el = document.querySelector('[data-testid="dialog-list"]');
      for (let i = 0; i < 60; i++) {
        el.scrollTop = Math.floor(Math.random() * el.scrollHeight);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }
    });
    // Let the last pages arrive, then check they were drawn.
    await page.waitForTimeout(500);
    const waitingAtEnd = await page.evaluate(() => document.querySelectorAll('[data-testid="dialog-list"] .waiting').length);
    const { frames, loaf, detail } = await page.evaluate(() => {
      window.__stop = true;
      return { frames: window.__frames.slice(1), loaf: window.__loaf, detail: window.__loafDetail ?? [] };
    });
    if (process.env.BENCH_LADDER_DEBUG === '1') console.error(JSON.stringify(detail, null, 1));
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.BENCH_LADDER_PROFILE, JSON.stringify(profile));
    }
    // Control: the same scrolling of a plain element with 30 static rows (no DOM changes, no
    // fetches), right after, to tell this machine's load from the list's own cost.
    const control = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const box = document.createElement('div');
          box.style.cssText = 'position:fixed;inset:0;overflow-y:auto;background:#fff;z-index:99';
          const inner = document.createElement('div');
          inner.style.cssText = `position:relative;height:${100000 * 36}px`;
          for (let i = 0; i < 30; i++) {
            const r = document.createElement('div');
            r.textContent = `row ${i}`;
            r.style.cssText = `position:absolute;top:${i * 36}px;height:36px`;
            inner.append(r);
          }
          box.append(inner);
          document.body.append(box);
          const f = [];
          let last = performance.now();
          const step = (now) => {
            f.push(now - last);
            last = now;
            box.scrollTop += 3600;
            if (box.scrollTop + box.clientHeight >= box.scrollHeight - 2 || f.length > 400) {
              box.remove();
              resolve(Math.round(Math.max(0, ...f.slice(2))));
            } else requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    const sorted = [...frames].sort((a, b) => a - b);
    return {
      readWaiting,
      waitingAtEnd,
      firstOpenMs: Math.round(firstOpenMs),
      idleWorstFrameMs: idle,
      controlWorstFrameMs: control,
      rowsInDom,
      frames: frames.length,
      worstFrameMs: Math.round(sorted.at(-1) ?? 0),
      p99FrameMs: Math.round(sorted[Math.floor(sorted.length * 0.99)] ?? 0),
      framesOver50: frames.filter((f) => f > 50).length,
      longAnimationFrames: loaf.length,
      worstLoafMs: Math.round(Math.max(0, ...loaf)),
    };
  } finally {
    await browser.close();
    await web.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchLadder(root, dialogs = 100_000) {
  const dir = mkdtempSync(join(tmpdir(), 'sft-bench-ladder-'));
  try {
    const capture = join(dir, 'ladder-100k.pcap');
    const messages = writeLadderCapture(capture, dialogs);
    const index = indexInChild(root, capture, join(dir, 'index'));
    if (index.dialogs !== dialogs) throw new Error(`index has ${index.dialogs} dialogs, generated ${dialogs}`);
    const ui = await scrollInChromium(root, capture, dialogs);
    const mb = statSync(capture).size / 2 ** 20;
    const rows = [
      [`Ladder index, ${dialogs} dialogs (${messages} SIP messages, ${mb.toFixed(0)} MB)`, `${(index.buildMs / 1000).toFixed(1)} s`, '≤ 10 s', index.buildMs <= 10_000],
      ['Ladder index: peak RSS of the indexing process', `${Math.round(index.rssMb)} MB`, '≤ 400 MB', index.rssMb <= 400],
      ['Ladder index: reopen from cache + first page', `${Math.round(index.reopenMs)} ms`, '≤ 1000 ms', index.reopenMs <= 1000],
      ['Ladder: sort by From (desc), first page', `${Math.round(index.sortMs)} ms`, '', true],
      ['Ladder: filter "invite", first page', `${Math.round(index.filterMs)} ms`, '', true],
      ['Ladder in Chromium: list opens (incl. index in the worker)', `${(ui.firstOpenMs / 1000).toFixed(1)} s`, '', true],
      [`Ladder in Chromium: rows in the DOM (of ${dialogs})`, `${ui.rowsInDom}`, '≤ 100', ui.rowsInDom <= 100],
      [`Ladder in Chromium: worst frame, scroll + jumps (${ui.frames} frames)`, `${ui.worstFrameMs} ms`, '≤ 50 ms', ui.worstFrameMs <= 50],
      ['Ladder in Chromium: p99 frame / frames over 50 ms / long anim. frames', `${ui.p99FrameMs} ms / ${ui.framesOver50} / ${ui.longAnimationFrames}`, '', true],
      ['Ladder in Chromium: frames with a row still loading, reading speed (of 300)', `${ui.readWaiting}`, '', true],
      ['Ladder in Chromium: rows still loading 0.5 s after the last jump', `${ui.waitingAtEnd}`, '0', ui.waitingAtEnd === 0],
      ['Ladder in Chromium: worst frame of the idle page (machine noise)', `${ui.idleWorstFrameMs} ms`, '', true],
      ['Ladder in Chromium: worst frame, same scrolling of a static element', `${ui.controlWorstFrameMs} ms`, '', true],
    ];
    return { rows, index: { ...index, messages, captureMb: Math.round(mb) }, ui };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(import.meta.dirname, '..');
  if (!existsSync(join(root, 'out/electron/web/index.js'))) throw new Error('run npm run build first');
  const result = await benchLadder(root, Number(process.env.LADDER_DIALOGS ?? 100_000));
  for (const [name, value, target, ok] of result.rows) console.log(`${ok ? '✔' : '✘'} ${name.padEnd(66)} ${value.padStart(16)}  ${target}`);
  if (process.argv.includes('--json')) console.log(JSON.stringify({ index: result.index, ui: result.ui }));
  process.exitCode = result.rows.every((r) => r[3]) ? 0 : 1;
}
