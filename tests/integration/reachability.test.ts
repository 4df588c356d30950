import { createSocket } from 'node:dgram';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveHost } from '../../electron/engine/net/dns.js';
import { httpsProbe } from '../../electron/engine/net/https-probe.js';
import { runPortSweep } from '../../electron/engine/net/port-sweep.js';
import { tcpProbe } from '../../electron/engine/net/tcp-probe.js';
import { tlsProbe } from '../../electron/engine/net/tls-probe.js';
import { stunBinding } from '../../electron/engine/nat/stun-binding.js';
import { portsFindings } from '../../shared/diagnostics/explain.js';
import { PortsResultSchema } from '../../shared/diagnostics/results.js';
import { TestHost } from './peers/netns.js';
import { makeCertificate, startPeer, tempDir, waitFor, type PeerType } from './peers/processes.js';

const TIMEOUT = 1500;

describe('TCP reachability against a host in its own namespace, behind nftables', () => {
  let host: TestHost;
  let server: PeerType;
  beforeAll(async () => {
    host = TestHost.create();
    // 15001 open, 15002 closed (RST), 15003 dropped, 15004 ICMP host-unreachable, 15005 admin-prohibited.
    host.nft(`table inet sft {
      chain input { type filter hook input priority 0; policy accept;
        tcp dport 15003 drop
        tcp dport 15004 reject with icmpx type host-unreachable
        tcp dport 15005 reject with icmpx type admin-prohibited
        udp dport 3478 drop
      }
    }`);
    server = host.listen([15001]);
    await waitFor('TCP server in the namespace', async () => (await tcpProbe(host.address, 15001, 500)).status === 'open', server);
  });
  afterAll(async () => {
    await server?.stop();
    host?.remove();
  });

  it('tells open, refused, dropped and ICMP-rejected ports apart', async () => {
    const results = await Promise.all([15001, 15002, 15003, 15004, 15005].map((p) => tcpProbe(host.address, p, TIMEOUT)));
    expect(results.map((r) => [r.port, r.status])).toEqual([
      [15001, 'open'],
      [15002, 'refused'],
      [15003, 'no-answer'],
      [15004, 'unreachable'],
      [15005, 'unreachable'],
    ]);
    expect(results[2]?.ms).toBeGreaterThanOrEqual(TIMEOUT - 50);
    expect(results[3]?.ms).toBeLessThan(TIMEOUT);
    expect(results[0]?.localAddress).toBe(host.localAddress);
  });

  it('sweeps all ports at once: a dropped port costs one time limit, not one per port', async () => {
    const started = Date.now();
    const result = await runPortSweep({ host: host.address, ports: [15001, 15002, 15003, 15004, 15005, 15006, 15007], timeoutMs: TIMEOUT, stunPort: 3478 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(TIMEOUT * 1.5);
    expect(PortsResultSchema.parse(result)).toEqual(result);
    expect(result.addresses).toEqual([host.address]);
    expect(result.tcp.find((e) => e.port === 15003)?.status).toBe('no-answer');
    expect(result.stun?.status).toBe('no-answer');
    expect(result.local).toMatchObject({ address: host.localAddress });
    const codes = portsFindings(result).map((f) => f.code);
    expect(codes).toContain('port-no-answer');
    expect(codes).toContain('port-unreachable');
    expect(codes).toContain('stun-no-answer');
  });

  it('says "no port answers" (firewall or blacklist) when everything is dropped', async () => {
    host.nft('flush ruleset\ntable inet sft2 {\n chain input {\n  type filter hook input priority 0; policy drop;\n }\n}\n');
    try {
      const result = await runPortSweep({ host: host.address, ports: [15001, 15002, 15003], timeoutMs: 800, stunPort: 0 });
      expect(result.tcp.every((e) => e.status === 'no-answer')).toBe(true);
      expect(portsFindings(result).map((f) => f.code)).toEqual(['all-ports-silent']);
    } finally {
      host.nft('flush ruleset');
    }
  });
});

describe('DNS: a local resolver, a name that does not exist, a resolver that does not answer', () => {
  let dnsmasq: PeerType;
  let port: number;
  let silent: ReturnType<typeof createSocket>;
  let silentPort: number;
  beforeAll(async () => {
    port = 20000 + (process.pid % 20000);
    dnsmasq = startPeer('dnsmasq', ['--no-daemon', `--port=${port}`, '--listen-address=127.0.0.1', '--bind-interfaces', '--no-resolv', '--no-hosts', '--address=/pbx.test/127.0.0.1', '--address=/pbx.test/::1', '--address=/nx.test/', '--log-facility=-']);
    await waitFor('dnsmasq', async () => (await resolveHost('pbx.test', { servers: [`127.0.0.1:${port}`], timeoutMs: 300 })).status === 'ok', dnsmasq);
    silent = createSocket('udp4');
    await new Promise<void>((resolve) => silent.bind(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await dnsmasq?.stop();
    silent?.close();
  });

  it('gives A and AAAA and names the resolver', async () => {
    const r = await resolveHost('pbx.test', { servers: [`127.0.0.1:${port}`], timeoutMs: 1000 });
    expect(r).toMatchObject({ status: 'ok', a: ['127.0.0.1'], aaaa: ['::1'], resolver: `127.0.0.1:${port}` });
  });

  it('says "does not exist" for NXDOMAIN', async () => {
    const r = await resolveHost('pbx.nx.test', { servers: [`127.0.0.1:${port}`], timeoutMs: 1000 });
    expect(r.status).toBe('not-found');
  });

  it('says "resolver unreachable" when nobody answers, within its time limit', async () => {
    const started = Date.now();
    const r = await resolveHost('pbx.test', { servers: [`127.0.0.1:${silentPort}`], timeoutMs: 700 });
    expect(r.status).toBe('resolver-unreachable');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('a sweep of a name that does not exist reports it and contacts nothing', async () => {
    const result = await runPortSweep({ host: 'nothing.nx.test', timeoutMs: 500, dnsServers: [`127.0.0.1:${port}`] });
    expect(result.tcp).toEqual([]);
    expect(portsFindings(result).map((f) => f.code)).toEqual(['dns-not-found']);
  });
});

describe('TLS and HTTPS: expired self-signed, wrong host name, redirects', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const servers: HttpsServer[] = [];
  const ports: Record<string, number> = {};

  async function serve(name: string, cert: { key: string; cert: string }, handler: Parameters<typeof createHttpsServer>[1]): Promise<void> {
    const server = createHttpsServer({ key: readFileSync(cert.key), cert: readFileSync(cert.cert) }, handler);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    ports[name] = (server.address() as AddressInfo).port;
  }

  beforeAll(async () => {
    dir = await tempDir('sft-tls-');
    const expired = await makeCertificate(dir.path, 'expired', { cn: 'pbx.test', san: 'DNS:pbx.test', notBefore: '20200101000000Z', notAfter: '20210101000000Z' });
    const other = await makeCertificate(dir.path, 'other', { cn: 'other.example', san: 'DNS:other.example' });
    await serve('expired', expired, (_req, res) => res.end('STARFACE'));
    await serve('wrong', other, (_req, res) => res.end('STARFACE'));
    await serve('redirect', other, (req, res) => {
      if (req.url === '/') res.writeHead(302, { Location: '/login' }).end();
      else if (req.url === '/login') res.writeHead(301, { Location: 'https://portal.hotel.example/login' }).end();
      else res.end();
    });
  });
  afterAll(async () => {
    for (const s of servers) s.close();
    await dir?.remove();
  });

  it('an expired self-signed certificate: dates, days, self-signed, name matches, not trusted', async () => {
    const r = await tlsProbe('pbx.test', '127.0.0.1', ports.expired ?? 0, 2000);
    expect(r).toMatchObject({ status: 'ok', selfSigned: true, hostnameMatch: true, authorized: false, subject: 'pbx.test', altNames: ['pbx.test'] });
    expect(r.daysLeft).toBeLessThan(-1000);
    expect(r.validTo).toBe('2021-01-01T00:00:00.000Z');
    expect(r.protocol).toMatch(/^TLSv1\.[23]$/);
  });

  it('a certificate for another name: the mismatch is found and explained', async () => {
    const r = await tlsProbe('pbx.test', '127.0.0.1', ports.wrong ?? 0, 2000);
    expect(r).toMatchObject({ status: 'ok', hostnameMatch: false, altNames: ['other.example'] });
  });

  it('follows redirects on the PBX and stops at another host, which it calls a captive portal', async () => {
    const r = await httpsProbe('pbx.test', '127.0.0.1', ports.redirect ?? 0, 2000);
    expect(r.redirects.map((x) => x.status)).toEqual([302, 301]);
    expect(r.finalUrl).toBe('https://portal.hotel.example/login');
    expect(r.captivePortal).toBe(true);
    expect(r.skewSeconds === null || Math.abs(r.skewSeconds) < 5).toBe(true);
  });

  it('a sweep with the web UI on another port puts the certificate findings into words', async () => {
    const p = ports.expired ?? 0;
    const result = await runPortSweep({ host: '127.0.0.1', ports: [p], httpsPort: p, timeoutMs: 2000, stunPort: 0 });
    expect(result.https).toMatchObject({ status: 200, captivePortal: false });
    const codes = portsFindings(result).map((f) => f.code);
    expect(codes).toEqual(expect.arrayContaining(['cert-expired', 'cert-self-signed', 'web-ui-answers']));
  });
});

describe('STUN: coturn as the server', () => {
  let coturn: PeerType;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  const port = 30000 + (process.pid % 20000);
  beforeAll(async () => {
    dir = await tempDir('sft-turn-');
    coturn = startPeer('turnserver', ['-n', '--stun-only', '--no-cli', '--no-tls', '--no-dtls', '-L', '127.0.0.1', '-p', String(port), '--pidfile', `${dir.path}/pid`, '--db', `${dir.path}/turndb`, '--log-file', 'stdout', '--simple-log']);
    await waitFor('coturn', async () => (await stunBinding('127.0.0.1', port, 300)).status === 'ok', coturn);
  });
  afterAll(async () => {
    await coturn?.stop();
    await dir?.remove();
  });

  it('returns the public address and port the server saw', async () => {
    const r = await stunBinding('127.0.0.1', port, 2000);
    expect(r.status).toBe('ok');
    expect(r.publicAddress).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(r.rttMs).not.toBeNull();
  });
});
