/**
 * Opens a file with the system's default program, for the front ends that have no `shell.openPath`
 * (browser host). Detached and unref'd, so closing the host never takes the mail program with it.
 */
import { spawn } from 'node:child_process';
import { access } from 'node:fs/promises';

/** The opener command per platform; exported for tests. */
export function openerCommand(platform: NodeJS.Platform, absolutePath: string): { command: string; args: string[]; verbatim: boolean } | null {
  if (platform === 'darwin') return { command: 'open', args: [absolutePath], verbatim: false };
  if (platform === 'win32') {
    // cmd expands %VAR% and breaks on quotes even inside quotes: such paths are refused, not escaped.
    if (/["%]/.test(absolutePath)) return null;
    // `start` takes its first quoted argument as the window title, hence the empty "".
    return { command: 'cmd.exe', args: ['/d', '/s', '/c', `start "" "${absolutePath}"`], verbatim: true };
  }
  return { command: 'xdg-open', args: [absolutePath], verbatim: false };
}

export async function openWithSystem(absolutePath: string, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  try {
    await access(absolutePath);
  } catch {
    return false;
  }
  const opener = openerCommand(platform, absolutePath);
  if (opener === null) return false;
  return new Promise<boolean>((resolve) => {
    try {
      const child = spawn(opener.command, opener.args, {
        detached: true,
        stdio: 'ignore',
        windowsHide: true,
        windowsVerbatimArguments: opener.verbatim,
      });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
