import { spawn, type ChildProcess } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { BIN } from '../../unit/helpers/run-cli.js';
import { waitFor } from './processes.js';

/**
 * `starface-triage capture` as a user runs it, started in the background and stopped with Ctrl-C
 * (SIGINT). `started` resolves once the backend has opened its first ring file.
 */
export interface CaptureCliType {
  child: ChildProcess;
  started(): Promise<void>;
  /** Sends SIGINT (unless it ended already) and resolves with how it ended. */
  stop(): Promise<{ code: number | null; stdout: string; stderr: string }>;
  ended(): Promise<{ code: number | null; stdout: string; stderr: string }>;
}

export function startCaptureCli(args: string[], options: { env?: NodeJS.ProcessEnv; lang?: string; wrap?: string[] } = {}): CaptureCliType {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: options.lang ?? 'en_US.UTF-8', ...options.env };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  const command = [...(options.wrap ?? []), process.execPath, BIN, 'capture', ...args];
  const child = spawn(command[0]!, command.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  const out = args[args.indexOf('--out') + 1] ?? '';
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    async started() {
      await waitFor(
        `capture ${args.join(' ')}`,
        async () => {
          if (!running()) return true;
          const dirs = (await readdir(dirname(out))).filter((n) => n.startsWith(`.${basename(out)}.parts-`));
          for (const d of dirs) if ((await readdir(`${dirname(out)}/${d}`)).some((f) => f.startsWith('part'))) return true;
          return false;
        },
        undefined,
        30_000,
      );
      if (!running()) throw new Error(`capture ended before it started: ${stderr}`);
    },
    async stop() {
      if (running()) child.kill('SIGINT');
      return exit;
    },
    ended: () => exit,
  };
}
