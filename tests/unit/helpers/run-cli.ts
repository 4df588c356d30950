import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** Running the built CLI (`bin/starface-triage.js`) as a user does, in a chosen locale. */

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'starface-triage.js');

export interface CliRunType {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Emits the CLI to out/ (tsc emits even while unrelated files still have errors). */
export function compileCli(): void {
  spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.node.json'], { cwd: ROOT });
}

export function runCli(args: string[], cwd: string, lang = 'en_US.UTF-8'): CliRunType {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: lang };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The contract for every failure: exit code 2 and exactly one line on stderr, no stack frames. */
export function expectOneLineError(result: CliRunType): string {
  expect(result.code).toBe(2);
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  return lines[0] ?? '';
}
