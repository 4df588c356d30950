import { homedir } from 'node:os';
import path from 'node:path';

/** Set by tests and the browser host to keep their data apart from the technician's real cases. */
export const DATA_DIR_ENV = 'STARFACE_TRIAGE_DATA_DIR';

/**
 * Where cases and settings live: the same folder Electron's `app.getPath('userData')` picks, computed
 * without Electron so the CLI and the browser host open the very cases the desktop app wrote.
 * `env`, `platform` and `home` are parameters only so tests can ask about other platforms.
 */
export function defaultDataDir(
  appName = 'starface-triage',
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env[DATA_DIR_ENV];
  if (override) return path.resolve(override);
  if (platform === 'win32') {
    // %APPDATA% is the roaming profile folder; the fallback is its usual place if the variable is unset.
    return path.win32.join(env.APPDATA || path.win32.join(home, 'AppData', 'Roaming'), appName);
  }
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Application Support', appName);
  // XDG Base Directory spec: a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const xdg = env.XDG_CONFIG_HOME;
  const configHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(configHome, appName);
}
