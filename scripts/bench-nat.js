// The NAT-timeout figure of `npm run bench`: a real masquerading NAT in network namespaces
// (conntrack UDP stream timeout set to `truth` seconds), coturn in RFC 5780 mode behind it, and
// `starface-triage nat-timeout` run in the client namespace. Needs root; everything is removed after.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function benchNatTimeout(root, truth) {
  const tag = `${process.pid % 100000}b`;
  const [c, r, s] = [`sftbc${tag}`, `sftbr${tag}`, `sftbs${tag}`];
  const sh = (...args) => execFileSync(args[0], args.slice(1), { stdio: 'pipe' });
  const ns = (name, ...args) => sh('ip', 'netns', 'exec', name, ...args);
  const dir = mkdtempSync(join(tmpdir(), 'sft-bench-nat-'));
  let coturn;
  try {
    for (const name of [c, r, s]) sh('ip', 'netns', 'add', name);
    sh('ip', 'link', 'add', 'sftbca', 'netns', c, 'type', 'veth', 'peer', 'name', 'sftbra', 'netns', r);
    sh('ip', 'link', 'add', 'sftbrb', 'netns', r, 'type', 'veth', 'peer', 'name', 'sftbsb', 'netns', s);
    ns(c, 'ip', 'addr', 'add', '10.251.9.2/24', 'dev', 'sftbca');
    ns(r, 'ip', 'addr', 'add', '10.251.9.1/24', 'dev', 'sftbra');
    ns(r, 'ip', 'addr', 'add', '10.252.9.1/24', 'dev', 'sftbrb');
    ns(s, 'ip', 'addr', 'add', '10.252.9.2/24', 'dev', 'sftbsb');
    ns(s, 'ip', 'addr', 'add', '10.252.9.3/24', 'dev', 'sftbsb');
    for (const [name, dev] of [[c, 'sftbca'], [r, 'sftbra'], [r, 'sftbrb'], [s, 'sftbsb']]) {
      ns(name, 'ip', 'link', 'set', dev, 'up');
      ns(name, 'ip', 'link', 'set', 'lo', 'up');
    }
    ns(c, 'ip', 'route', 'add', 'default', 'via', '10.251.9.1');
    ns(r, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    execFileSync('ip', ['netns', 'exec', r, 'nft', '-f', '-'], { input: 'table ip sftbnat {\n chain post {\n  type nat hook postrouting priority 100; policy accept;\n  oifname "sftbrb" masquerade\n }\n}\n' });
    ns(r, 'sysctl', '-qw', 'net.netfilter.nf_conntrack_udp_timeout=5');
    ns(r, 'sysctl', '-qw', `net.netfilter.nf_conntrack_udp_timeout_stream=${truth}`);
    coturn = spawn('ip', ['netns', 'exec', s, 'turnserver', '-n', '--stun-only', '--no-cli', '--no-tls', '--no-dtls', '-L', '10.252.9.2', '-L', '10.252.9.3', '-p', '3478', '--alt-listening-port', '3479', '--pidfile', `${dir}/pid`, '--db', `${dir}/db`, '--log-file', 'stdout', '--simple-log'], { stdio: 'ignore' });
    const cli = (...args) => execFileSync('ip', ['netns', 'exec', c, process.execPath, join(root, 'bin', 'starface-triage.js'), ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    for (let i = 0; i < 100; i++) {
      try {
        if (cli('nat-type', '--stun', '10.252.9.2:3478', '--json').includes('"publicAddress":"10.252')) break;
      } catch {}
      await new Promise((res) => setTimeout(res, 200));
    }
    const result = JSON.parse(cli('nat-timeout', '--stun', '10.252.9.2:3478', '--max', String(truth * 4), '--json'));
    return {
      truthSeconds: truth,
      lowerSeconds: result.lowerSeconds,
      upperSeconds: result.upperSeconds,
      elapsedSeconds: result.elapsedSeconds,
      verdictOverTruth: Math.round((result.elapsedSeconds / truth) * 100) / 100,
      bracketPercent: Math.round(((result.upperSeconds - result.lowerSeconds) / truth) * 1000) / 10,
    };
  } finally {
    coturn?.kill('SIGTERM');
    for (const name of [c, r, s]) {
      try { sh('ip', 'netns', 'del', name); } catch {}
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
