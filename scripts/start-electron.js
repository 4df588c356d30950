// `npm start`: builds once if out/ is missing, finds (or tries once to fetch) the Electron binary,
// and starts the app. Where Electron cannot be had, it says so in one line and points to
// `npm run web`, which runs the same UI in the browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(root, 'node_modules', 'electron');
const UNAVAILABLE =
  'Electron ist auf diesem Rechner nicht verfügbar (Download nicht möglich) – starten Sie die App im Browser mit: npm run web' +
  ' / Electron is not available here – run the app in your browser with: npm run web';

const BUILD_OUTPUTS = ['out/electron/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];

function buildIfMissing() {
  if (BUILD_OUTPUTS.every((file) => existsSync(join(root, file)))) return;
  // npm is a .cmd on Windows, which only a shell can start.
  const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** The binary the electron package installed: dist/ plus the platform path it wrote to path.txt. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** One quiet attempt at the package's own download, bounded so an offline machine does not hang. */
function tryInstall() {
  const installer = join(electronDir, 'install.js');
  if (!existsSync(installer)) return;
  const env = { ...process.env };
  // CI and this workplace set it to skip the download at `npm ci`; here we want the one attempt.
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  spawnSync(process.execPath, [installer], { cwd: electronDir, env, stdio: 'ignore', timeout: 120_000 });
}

buildIfMissing();
let binary = electronBinary();
if (binary === null) {
  tryInstall();
  binary = electronBinary();
}
if (binary === null) {
  process.stderr.write(`${UNAVAILABLE}\n`);
  process.exit(1);
}

const env = { ...process.env };
// Set by some shells and tools; it would make Electron behave as plain Node.
delete env.ELECTRON_RUN_AS_NODE;
const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, env, stdio: 'inherit', windowsHide: false });
child.on('error', () => {
  process.stderr.write(`${UNAVAILABLE}\n`);
  process.exit(1);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exit(code ?? (signal ? 1 : 0));
});
