/**
 * The child-process backend: Wireshark's dumpcap writes pcapng ring files itself
 * (`-b filesize:KB -b files:N`, `-a duration:S`). Its stderr says which file it started
 * ("File: …"), how many packets so far ("Packets: N"), the drops at the end ("Packets
 * received/dropped on interface …: R/D") and every error in English; we read those.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CaptureProblem, type BackendEndType, type BackendOptionsType, type BackendRunType } from './capture-backend.js';
import { isPermissionError } from './backends.js';

function problemOf(stderr: string): Pick<BackendEndType, 'problem' | 'detail'> | null {
  const line = (re: RegExp) => stderr.split('\n').find((l) => re.test(l))?.trim().slice(0, 200) ?? '';
  if (isPermissionError(stderr)) return { problem: 'no-rights', detail: line(/permission|permitted/i) };
  if (/no space left|disk quota/i.test(stderr)) return { problem: 'disk-full' };
  if (/no longer (running|attached)|went down|No such device exists|has been disconnected/i.test(stderr)) return { problem: 'interface-gone' };
  if (/There is no device named|no such device|The capture session could not be initiated.*No such/i.test(stderr)) return { problem: 'no-interface' };
  if (/capture filter|syntax error|Invalid capture filter/i.test(stderr)) return { problem: 'bad-filter', detail: line(/syntax|filter/i) };
  if (/could not be written|couldn't be (created|written)/i.test(stderr)) return { problem: 'write-failed', detail: line(/written|created/i) };
  return null;
}

export function startDumpcap(path: string, o: BackendOptionsType): Promise<BackendRunType> {
  const args = ['-i', o.iface, '-f', o.filter, '-s', '262144', '-B', '16', '-n', '-w', join(o.dir, 'part.pcapng'), '-b', `filesize:${Math.max(1, Math.floor(o.fileBytes / 1000))}`, '-b', `files:${o.files}`];
  if (o.durationS !== null) args.push('-a', `duration:${o.durationS}`);
  // Not on the PATH of a process group leader: Ctrl-C on the CLI reaches us, and we stop dumpcap.
  const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
  let stderr = '';
  let packets = 0;
  let dropped: number | null = null;
  let stopping = false;
  let started = false;
  return new Promise((resolveStart, rejectStart) => {
    const ended = new Promise<BackendEndType>((resolveEnd) => {
      child.on('error', (e) => {
        const p = new CaptureProblem((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'dumpcap-missing' : 'backend-failed', e.message);
        if (!started) rejectStart(p);
        resolveEnd({ endedBy: 'problem', problem: p.code, detail: p.detail });
      });
      child.on('close', (code) => {
        const problem = problemOf(stderr);
        if (!started) {
          rejectStart(new CaptureProblem(problem?.problem ?? 'backend-failed', problem?.detail ?? stderr.trim().split('\n').pop()?.slice(0, 200) ?? `exit ${code}`));
          return;
        }
        if (problem !== null) resolveEnd({ endedBy: 'problem', ...problem });
        else resolveEnd({ endedBy: stopping ? 'stop' : code === 0 ? 'duration' : 'problem', problem: stopping || code === 0 ? null : 'backend-failed', detail: `exit ${code}` });
      });
    });
    child.stderr.setEncoding('utf8');
    let pendingLine = '';
    child.stderr.on('data', (text: string) => {
      stderr = (stderr + text).slice(-20_000);
      pendingLine += text;
      const parts = pendingLine.split(/[\r\n]/);
      pendingLine = parts.pop() ?? '';
      for (const raw of parts) {
        for (const m of raw.matchAll(/Packets(?: captured)?: (\d+)/g)) packets = Number(m[1]);
        const file = /File: (.+\.pcapng)\s*$/.exec(raw);
        if (file?.[1] !== undefined) {
          o.onFile(file[1]);
          if (!started) {
            started = true;
            resolveStart(run);
          }
        }
        const drop = /Packets received\/dropped on interface .*: (\d+)\/(\d+)/.exec(raw);
        if (drop) {
          packets = Math.max(packets, Number(drop[1]));
          dropped = Number(drop[2]);
        }
      }
    });
    const run: BackendRunType = {
      stats: () => ({ packets, dropped }),
      stop: () => {
        if (stopping || child.exitCode !== null) return;
        stopping = true;
        child.kill('SIGINT');
        // dumpcap ends within a buffer timeout; if it hangs, it is not ours to keep waiting for.
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 5000).unref();
      },
      ended,
    };
  });
}
