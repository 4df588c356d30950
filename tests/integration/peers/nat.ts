import { execFileSync } from 'node:child_process';
import { startPeer, type PeerType } from './processes.js';

let counter = 0;

/**
 * A real NAT in three network namespaces: a client, a router that masquerades (nftables) with
 * conntrack UDP timeouts the test sets, and a server with two addresses (for RFC 5780):
 *
 *   client 10.251.N.2 ── 10.251.N.1 router 10.252.N.1 ── 10.252.N.2 / 10.252.N.3 server
 *
 * `remove()` deletes all three namespaces (and with them the links, rules and timeouts).
 */
export class TestNat {
  readonly client: string;
  readonly router: string;
  readonly server: string;
  readonly serverAddress: string;
  readonly serverAddress2: string;
  readonly clientAddress: string;
  readonly routerOutside: string;

  private constructor(n: number, v6: boolean) {
    const tag = `${process.pid % 100000}x${n}`;
    this.client = `sftc${tag}`;
    this.router = `sftr${tag}`;
    this.server = `sfts${tag}`;
    const net = 200 - (n % 150);
    this.clientAddress = v6 ? `fd51:${net}::2` : `10.251.${net}.2`;
    this.routerOutside = v6 ? `fd52:${net}::1` : `10.252.${net}.1`;
    this.serverAddress = v6 ? `fd52:${net}::2` : `10.252.${net}.2`;
    this.serverAddress2 = v6 ? `fd52:${net}::3` : `10.252.${net}.3`;
    this.#net = net;
    this.v6 = v6;
  }
  readonly #net: number;
  readonly v6: boolean;

  /** `HOST:PORT` of the server's first address, IPv6 in brackets. */
  stun(port = 3478): string {
    return this.v6 ? `[${this.serverAddress}]:${port}` : `${this.serverAddress}:${port}`;
  }

  /**
   * `timeouts`: conntrack's one-shot and stream UDP timeouts in the router; `random`: symmetric
   * mapping; `hairpin`: "NAT loopback" as routers offer it — UDP from inside to the router's public
   * address is sent back in to the client on the same port (masquerade preserves ports here);
   * `ipv6Firewall`: an IPv6 site as it usually is — no NAT, a stateful firewall that lets in only
   * what answers traffic from inside (conntrack, the same UDP timeouts).
   */
  static create(options: { udpTimeout: number; udpStreamTimeout: number; random?: boolean; hairpin?: boolean; ipv6Firewall?: boolean }): TestNat {
    const v6 = options.ipv6Firewall === true;
    const nat = new TestNat(counter++, v6);
    const ip = (...args: string[]) => execFileSync('ip', args, { stdio: 'pipe' });
    const inNs = (ns: string, ...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], { stdio: 'pipe' });
    const n = nat.#net;
    try {
      for (const ns of [nat.client, nat.router, nat.server]) ip('netns', 'add', ns);
      ip('link', 'add', `sftca${n}`, 'netns', nat.client, 'type', 'veth', 'peer', 'name', `sftra${n}`, 'netns', nat.router);
      ip('link', 'add', `sftrb${n}`, 'netns', nat.router, 'type', 'veth', 'peer', 'name', `sftsb${n}`, 'netns', nat.server);
      // IPv6 without duplicate address detection, so the addresses are usable at once.
      const prefix = v6 ? ['/64', 'nodad'] : ['/24'];
      const add = (ns: string, address: string, dev: string) => inNs(ns, 'ip', 'addr', 'add', `${address}${prefix[0]}`, 'dev', dev, ...prefix.slice(1));
      add(nat.client, nat.clientAddress, `sftca${n}`);
      add(nat.router, v6 ? `fd51:${n}::1` : `10.251.${n}.1`, `sftra${n}`);
      add(nat.router, nat.routerOutside, `sftrb${n}`);
      add(nat.server, nat.serverAddress, `sftsb${n}`);
      add(nat.server, nat.serverAddress2, `sftsb${n}`);
      for (const [ns, dev] of [[nat.client, `sftca${n}`], [nat.router, `sftra${n}`], [nat.router, `sftrb${n}`], [nat.server, `sftsb${n}`]] as const) {
        inNs(ns, 'ip', 'link', 'set', dev, 'up');
        inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
      }
      const rules = v6
        ? ['table ip6 sftfw {', ' chain forward {', '  type filter hook forward priority 0; policy drop;', '  ct state established,related accept', `  iifname "sftra${n}" accept`, ' }', '}']
        : [
            'table ip sftnat {',
            ' chain post {',
            '  type nat hook postrouting priority 100; policy accept;',
            `  oifname "sftrb${n}" masquerade${options.random ? ' random' : ''}`,
            ...(options.hairpin ? [`  ip saddr 10.251.${n}.0/24 ip daddr 10.251.${n}.0/24 masquerade`] : []),
            ' }',
            ...(options.hairpin ? [' chain pre {', '  type nat hook prerouting priority -100; policy accept;', `  iifname "sftra${n}" ip daddr ${nat.routerOutside} udp dport 1024-65535 dnat to ${nat.clientAddress}`, ' }'] : []),
            '}',
          ];
      if (v6) {
        inNs(nat.client, 'ip', '-6', 'route', 'add', 'default', 'via', `fd51:${n}::1`);
        inNs(nat.server, 'ip', '-6', 'route', 'add', `fd51:${n}::/64`, 'via', nat.routerOutside);
        inNs(nat.router, 'sysctl', '-qw', 'net.ipv6.conf.all.forwarding=1');
      } else {
        inNs(nat.client, 'ip', 'route', 'add', 'default', 'via', `10.251.${n}.1`);
        inNs(nat.router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
      }
      execFileSync('ip', ['netns', 'exec', nat.router, 'nft', '-f', '-'], { input: `${rules.join('\n')}\n`, stdio: ['pipe', 'pipe', 'pipe'] });
      // The conntrack sysctls appear in a namespace once conntrack is in use there (the rules).
      inNs(nat.router, 'sysctl', '-qw', `net.netfilter.nf_conntrack_udp_timeout=${options.udpTimeout}`);
      inNs(nat.router, 'sysctl', '-qw', `net.netfilter.nf_conntrack_udp_timeout_stream=${options.udpStreamTimeout}`);
    } catch (error) {
      nat.remove();
      throw error;
    }
    return nat;
  }

  /** coturn on the server, RFC 5780 mode (two addresses, alternate port) unless `plain`. */
  coturn(dir: string, plain = false): PeerType {
    const args = ['-n', '--stun-only', '--no-cli', '--no-tls', '--no-dtls', '-L', this.serverAddress, '-p', '3478', '--pidfile', `${dir}/turn.pid`, '--db', `${dir}/turndb`, '--log-file', 'stdout', '--simple-log'];
    if (!plain) args.push('-L', this.serverAddress2, '--alt-listening-port', '3479');
    return startPeer('ip', ['netns', 'exec', this.server, 'turnserver', ...args]);
  }

  /** Our reflector on the server, both addresses, STUN on 3478/3479, SIP echo on 5060. */
  reflector(bin: string): PeerType {
    return startPeer('ip', ['netns', 'exec', this.server, process.execPath, bin, 'reflector', '--listen', this.serverAddress, '--listen', this.serverAddress2, '--port', '3478', '--sip-port', '5060']);
  }

  /** A process in the router namespace (e.g. a SIP ALG stand-in). */
  inRouter(command: string, args: string[]): PeerType {
    return startPeer('ip', ['netns', 'exec', this.router, command, ...args]);
  }

  /** The router's address facing the client. */
  get routerInside(): string {
    return this.routerOutside.replace('10.252.', '10.251.');
  }

  /** A command in the server namespace (the PBX's side of the Internet). */
  inServer(command: string, args: string[]): PeerType {
    return startPeer('ip', ['netns', 'exec', this.server, command, ...args]);
  }

  /** A command in the client namespace (the laptop behind the NAT). */
  inClient(command: string, args: string[]): PeerType {
    return startPeer('ip', ['netns', 'exec', this.client, command, ...args]);
  }

  remove(): void {
    for (const ns of [this.client, this.router, this.server]) {
      try {
        execFileSync('ip', ['netns', 'del', ns], { stdio: 'pipe' });
      } catch {
        // already gone
      }
    }
  }
}
