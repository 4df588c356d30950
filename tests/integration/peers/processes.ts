import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Real peers for the measurement tests, started by the tests themselves and stopped by PID:
 * dnsmasq, coturn, sipp, Kamailio, and network namespaces with nftables rules. Nothing here
 * touches an address outside loopback or the namespaces it creates.
 */

export interface PeerType {
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a process and keeps its output for the failure message. A missing program fails loudly. */
export function startPeer(command: string, args: string[], options: { cwd?: string } = {}): PeerType {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('error', (error) => {
    output += `\n${command}: ${error.message}`;
  });
  return {
    child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `check` until it is true or the deadline passes; then throws with the peer's output. */
export async function waitFor(what: string, check: () => Promise<boolean>, peer?: PeerType, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (peer && (peer.child.exitCode !== null || peer.child.signalCode !== null)) throw new Error(`${what} exited: ${peer.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready in ${timeoutMs} ms: ${peer?.output() ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/**
 * A certificate made by the openssl CLI; `notBefore`/`notAfter` (YYYYMMDDHHMMSSZ) make expired ones
 * (`openssl ca -selfsign` is the way OpenSSL 3.0 sets both dates).
 */
export async function makeCertificate(dir: string, name: string, options: { cn: string; san: string; notBefore?: string; notAfter?: string }): Promise<{ key: string; cert: string }> {
  const key = join(dir, `${name}.key`);
  const cert = join(dir, `${name}.crt`);
  const csr = join(dir, `${name}.csr`);
  const ca = join(dir, `${name}-ca`);
  execFileSync('mkdir', ['-p', ca]);
  await writeFile(join(ca, 'index.txt'), '');
  await writeFile(join(ca, 'serial'), '01\n');
  await writeFile(
    join(ca, 'ca.cnf'),
    `[ ca ]\ndefault_ca = d\n[ d ]\ndir = ${ca}\ndatabase = $dir/index.txt\nnew_certs_dir = $dir\nserial = $dir/serial\ndefault_md = sha256\npolicy = p\ncopy_extensions = copy\n[ p ]\ncommonName = supplied\n`,
  );
  execFileSync('openssl', ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${options.cn}`, '-addext', `subjectAltName=${options.san}`], { stdio: 'pipe' });
  const dates = options.notBefore && options.notAfter ? ['-startdate', options.notBefore, '-enddate', options.notAfter] : ['-days', '30'];
  execFileSync('openssl', ['ca', '-config', join(ca, 'ca.cnf'), '-selfsign', '-keyfile', key, '-in', csr, ...dates, '-batch', '-notext', '-out', cert], { stdio: 'pipe' });
  return { key, cert };
}

/** Whether something listens on 127.0.0.1:port, from the kernel's socket tables. */
export async function bound(port: number, proto: 'udp' | 'tcp'): Promise<boolean> {
  const table = await readFile(`/proc/net/${proto}`, 'utf8');
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  return table.split('\n').some((line) => {
    const [, local, , state] = line.trim().split(/\s+/);
    return local !== undefined && `${local} `.includes(hex) && (proto === 'udp' || state === '0A');
  });
}
