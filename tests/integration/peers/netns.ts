import { execFileSync } from 'node:child_process';
import { startPeer, type PeerType } from './processes.js';

let counter = 0;

/**
 * A test host in its own network namespace, reached from this one over a veth pair:
 * here 10.250.N.1, there 10.250.N.2 (/30). Rules are nftables in that namespace only.
 * `remove()` deletes the namespace, and with it the veth pair and the rules.
 */
export class TestHost {
  readonly name: string;
  readonly address: string;
  readonly localAddress: string;
  readonly #veth: string;

  private constructor(index: number, prefix = 'sft') {
    this.name = `${prefix}${process.pid}n${index}`;
    this.#veth = `sft${process.pid % 100000}v${index}`;
    const net = 250 - (index % 200);
    this.localAddress = `10.250.${net}.1`;
    this.address = `10.250.${net}.2`;
  }

  static create(): TestHost {
    const host = new TestHost(counter++);
    const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
    ip('netns', 'add', host.name);
    try {
      ip('link', 'add', host.#veth, 'type', 'veth', 'peer', 'name', `${host.#veth}p`);
      ip('link', 'set', `${host.#veth}p`, 'netns', host.name);
      ip('addr', 'add', `${host.localAddress}/30`, 'dev', host.#veth);
      ip('link', 'set', host.#veth, 'up');
      host.exec(['ip', 'addr', 'add', `${host.address}/30`, 'dev', `${host.#veth}p`]);
      host.exec(['ip', 'link', 'set', `${host.#veth}p`, 'up']);
      host.exec(['ip', 'link', 'set', 'lo', 'up']);
    } catch (error) {
      host.remove();
      throw error;
    }
    return host;
  }

  /**
   * Two hosts joined to each other (not to this namespace) by a veth pair named `veth` on both
   * sides: 10.251.N.1/30 and .2, fd51:N::1/64 and ::2 (no duplicate address detection, so they
   * are usable at once). For tunnels between them: their traffic crosses only that pair.
   */
  static pair(prefix: string): { hosts: [TestHost, TestHost]; v4: [string, string]; v6: [string, string] } {
    const hosts = [new TestHost(counter++, prefix), new TestHost(counter++, prefix)] as const;
    const [a, b] = hosts;
    const net = 251 - (counter % 200);
    try {
      for (const h of hosts) execFileSync('ip', ['netns', 'add', h.name], { stdio: 'pipe' });
      execFileSync('ip', ['link', 'add', a.#veth, 'netns', a.name, 'type', 'veth', 'peer', 'name', b.#veth, 'netns', b.name], { stdio: 'pipe' });
      hosts.forEach((h, i) => {
        h.exec(['ip', 'link', 'set', 'lo', 'up']);
        h.exec(['ip', 'addr', 'add', `10.${net}.0.${i + 1}/30`, 'dev', h.#veth]);
        h.exec(['ip', 'addr', 'add', `fd51:${net}::${i + 1}/64`, 'dev', h.#veth, 'nodad']);
        h.exec(['ip', 'link', 'set', h.#veth, 'up']);
      });
    } catch (error) {
      for (const h of hosts) h.remove();
      throw error;
    }
    return { hosts: [a, b], v4: [`10.${net}.0.1`, `10.${net}.0.2`], v6: [`fd51:${net}::1`, `fd51:${net}::2`] };
  }

  /** The veth pair's end in this host's namespace (for `pair` hosts). */
  get interfaceName(): string {
    return this.#veth;
  }

  exec(args: string[]): string {
    return execFileSync('ip', ['netns', 'exec', this.name, ...args], { stdio: 'pipe', encoding: 'utf8' });
  }

  /** Loads an nftables ruleset into the namespace. */
  nft(ruleset: string): void {
    execFileSync('ip', ['netns', 'exec', this.name, 'nft', '-f', '-'], { input: ruleset, stdio: ['pipe', 'pipe', 'pipe'] });
  }

  /** A process inside the namespace. */
  start(command: string, args: string[]): PeerType {
    return startPeer('ip', ['netns', 'exec', this.name, command, ...args]);
  }

  /** A small TCP server inside the namespace that accepts and closes, on each port. */
  listen(ports: number[]): PeerType {
    const code = `const net=require('net');for(const p of ${JSON.stringify(ports)})net.createServer(s=>s.end()).listen(p,'0.0.0.0');console.log('ready')`;
    return this.start(process.execPath, ['-e', code]);
  }

  remove(): void {
    try {
      execFileSync('ip', ['netns', 'del', this.name], { stdio: 'pipe' });
    } catch {
      // already gone
    }
    try {
      execFileSync('ip', ['link', 'del', this.#veth], { stdio: 'pipe' });
    } catch {
      // went with the namespace
    }
  }
}

