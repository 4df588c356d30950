import { execFile, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NatTimeoutResultSchema, NatTypeResultSchema, type NatTimeoutResultType, type NatTypeResultType } from '../../shared/diagnostics/nat-results.js';
import { TestNat } from './peers/nat.js';
import { tempDir, waitFor, type PeerType } from './peers/processes.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'starface-triage.js');
const ALG_PROXY = join(import.meta.dirname, 'peers', 'alg-proxy.mjs');

/** The CLI run inside the client namespace, behind the NAT, as a technician's laptop would be. */
function cliBehind(nat: TestNat, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('ip', ['netns', 'exec', nat.client, process.execPath, BIN, ...args], { timeout: 200_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The same, started in the background, so the test can stop the process or move its clock. */
function spawnBehind(nat: TestNat, args: string[], env: NodeJS.ProcessEnv = process.env): { pid: number; done: Promise<{ code: number; stdout: string }> } {
  const child = spawn('ip', ['netns', 'exec', nat.client, process.execPath, BIN, ...args], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  const done = new Promise<{ code: number; stdout: string }>((resolve) => child.on('close', (code) => resolve({ code: code ?? 1, stdout })));
  return { pid: child.pid ?? 0, done };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function natType(nat: TestNat): Promise<NatTypeResultType> {
  const r = await cliBehind(nat, ['nat-type', '--stun', `${nat.serverAddress}:3478`, '--json']);
  return NatTypeResultSchema.parse(JSON.parse(r.stdout));
}

async function natTimeout(nat: TestNat, kind: 'stream' | 'oneshot', max: number): Promise<NatTimeoutResultType> {
  const r = await cliBehind(nat, ['nat-timeout', '--stun', `${nat.serverAddress}:3478`, '--kind', kind, '--max', String(max), '--json']);
  if (r.code !== 0) throw new Error(`nat-timeout failed: ${r.stderr}`);
  return NatTimeoutResultSchema.parse(JSON.parse(r.stdout));
}

/** Within ±10 % (or ±2 s) of the truth, as issue 6 asks. */
function expectBracket(result: NatTimeoutResultType, truth: number): void {
  const tolerance = Math.max(0.1 * truth, 2);
  expect(result.status).toBe('measured');
  expect(result.lowerSeconds ?? -1).toBeGreaterThanOrEqual(truth - tolerance);
  expect(result.upperSeconds ?? Infinity).toBeLessThanOrEqual(truth + tolerance);
  expect(result.lowerSeconds ?? 0).toBeLessThanOrEqual(truth + 0.5);
  expect(result.upperSeconds ?? 0).toBeGreaterThanOrEqual(truth - 0.5);
}

async function withNat(options: Parameters<typeof TestNat.create>[0], plain = false, server: 'coturn' | 'reflector' = 'coturn'): Promise<{ nat: TestNat; stop: () => Promise<void> }> {
  const nat = TestNat.create(options);
  const dir = await tempDir('sft-nat-');
  const coturn: PeerType = server === 'reflector' ? nat.reflector(BIN) : nat.coturn(dir.path, plain);
  await waitFor('coturn behind the NAT', async () => (await cliBehind(nat, ['nat-type', '--stun', `${nat.serverAddress}:3478`, '--json'])).stdout.includes('"publicAddress":"10.252'), coturn, 30_000);
  return {
    nat,
    stop: async () => {
      await coturn.stop();
      nat.remove();
      await dir.remove();
    },
  };
}

describe('a real NAT: masquerade with conntrack timeouts 5 s (one-shot) and 12 s (stream)', () => {
  let env: Awaited<ReturnType<typeof withNat>>;
  beforeAll(async () => {
    env = await withNat({ udpTimeout: 5, udpStreamTimeout: 12 });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('nat-type: endpoint-independent mapping, port preserved, address-and-port-dependent filtering', async () => {
    const r = await natType(env.nat);
    expect(r).toMatchObject({ mapping: 'endpoint-independent', portPreserving: true, filtering: 'address-and-port-dependent', payloadRewritten: false, hairpinning: false });
    expect(r.publicAddress).toMatch(new RegExp(`^${env.nat.routerOutside.replace(/\./g, '\\.')}:\\d+$`));
    expect(r.otherAddress).toBe(`${env.nat.serverAddress2}:3479`);
  });

  it('nat-timeout measures the stream binding (12 s) within 10 % or 2 s, with a verdict within 1.25 × 12 s', async () => {
    const r = await natTimeout(env.nat, 'stream', 60);
    expectBracket(r, 12);
    expect(r.elapsedSeconds).toBeLessThanOrEqual(1.25 * 12);
    expect(r.meets61Minutes).toBe(false);
    expect(r.kind).toBe('stream');
  });

  it('nat-timeout measures the one-shot binding (5 s) when asked', async () => {
    const r = await natTimeout(env.nat, 'oneshot', 60);
    expectBracket(r, 5);
    expect(r.kind).toBe('oneshot');
  });

  const stunArgs = () => ['nat-timeout', '--stun', `${env.nat.serverAddress}:3478`, '--kind', 'stream', '--max', '60', '--json'];
  const invalidProbes = (r: NatTimeoutResultType) => r.probes.filter((p) => p.outcome === 'invalid');

  it('a process stopped for 4 s mid-run (as a laptop lid closed): the probes it delayed are invalid and retried, the answer stays right', async () => {
    const run = spawnBehind(env.nat, stunArgs());
    await sleep(4000);
    process.kill(run.pid, 'SIGSTOP');
    await sleep(4000);
    process.kill(run.pid, 'SIGCONT');
    const { code, stdout } = await run.done;
    expect(code).toBe(0);
    const r = NatTimeoutResultSchema.parse(JSON.parse(stdout));
    expect(invalidProbes(r).length).toBeGreaterThan(0);
    expect(invalidProbes(r)[0]?.note).toMatch(/slept|network/);
    expectBracket(r, 12);
  });

  it('the wall clock jumping an hour mid-run (libfaketime): the probes idling across it are invalid and retried, the answer stays right', async () => {
    const lib = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';
    const dir = await tempDir('sft-faketime-');
    const offsetFile = join(dir.path, 'offset');
    writeFileSync(offsetFile, '+0\n');
    try {
      const env2 = { ...process.env, LD_PRELOAD: lib, FAKETIME_TIMESTAMP_FILE: offsetFile, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' };
      const run = spawnBehind(env.nat, stunArgs(), env2);
      await sleep(4000);
      writeFileSync(offsetFile, '+3600\n');
      const { code, stdout } = await run.done;
      expect(code).toBe(0);
      const r = NatTimeoutResultSchema.parse(JSON.parse(stdout));
      expect(invalidProbes(r).length).toBeGreaterThan(0);
      expectBracket(r, 12);
    } finally {
      await dir.remove();
    }
  });
});

describe('an IPv6 site: no NAT, a stateful firewall (conntrack: 5 s one-shot, 12 s stream)', () => {
  let nat: TestNat;
  let coturn: PeerType;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    nat = TestNat.create({ udpTimeout: 5, udpStreamTimeout: 12, ipv6Firewall: true });
    dir = await tempDir('sft-fw6-');
    coturn = nat.coturn(dir.path);
    await waitFor('coturn over IPv6', async () => (await cliBehind(nat, ['nat-type', '--stun', nat.stun(), '--json'])).stdout.includes('"publicAddress":"[fd51'), coturn, 30_000);
  }, 60_000);
  afterAll(async () => {
    await coturn?.stop();
    nat?.remove();
    await dir?.remove();
  });

  it('nat-type: the laptop’s own address and port (no NAT, so no hairpinning to test), filtering by address and port', async () => {
    const r = NatTypeResultSchema.parse(JSON.parse((await cliBehind(nat, ['nat-type', '--stun', nat.stun(), '--json'])).stdout));
    expect(r.publicAddress).toMatch(new RegExp(`^\\[${nat.clientAddress}\\]:\\d+$`));
    expect(r).toMatchObject({ mapping: 'endpoint-independent', portPreserving: true, filtering: 'address-and-port-dependent', hairpinning: null });
    const text = (await cliBehind(nat, ['nat-type', '--stun', nat.stun()])).stdout;
    expect(text).toMatch(/No NAT between the laptop and the server/);
  });

  it('nat-timeout measures the firewall’s UDP stream timeout (12 s) the same way', async () => {
    const out = await cliBehind(nat, ['nat-timeout', '--stun', nat.stun(), '--kind', 'stream', '--max', '60', '--json']);
    const r = NatTimeoutResultSchema.parse(JSON.parse(out.stdout));
    expectBracket(r, 12);
    expect(r.meets61Minutes).toBe(false);
  });
});

describe('another NAT: 9 s one-shot, 30 s stream; and a symmetric one', () => {
  let env: Awaited<ReturnType<typeof withNat>>;
  beforeAll(async () => {
    env = await withNat({ udpTimeout: 9, udpStreamTimeout: 30 });
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('stream 30 s within bounds and time; a maximum below the timeout proves "at least"', async () => {
    const [stream, atLeast] = await Promise.all([natTimeout(env.nat, 'stream', 120), natTimeout(env.nat, 'stream', 15)]);
    expectBracket(stream, 30);
    expect(stream.elapsedSeconds).toBeLessThanOrEqual(1.25 * 30);
    expect(atLeast).toMatchObject({ status: 'at-least', lowerSeconds: 15, upperSeconds: null });
  });

  it('a router with NAT loopback: hairpinning yes (the plain masquerade above: no)', async () => {
    const loopback = await withNat({ udpTimeout: 9, udpStreamTimeout: 30, hairpin: true });
    try {
      const r = await natType(loopback.nat);
      expect(r).toMatchObject({ mapping: 'endpoint-independent', hairpinning: true });
    } finally {
      await loopback.stop();
    }
  });

  it('masquerade random: address-and-port-dependent mapping', async () => {
    const symmetric = await withNat({ udpTimeout: 9, udpStreamTimeout: 30, random: true });
    try {
      const r = await natType(symmetric.nat);
      expect(r.mapping).toBe('address-and-port-dependent');
    } finally {
      await symmetric.stop();
    }
  });
});

describe('a STUN server that ignores RESPONSE-PORT', () => {
  it('coturn without RFC 5780 mode: server-unsuitable, never "expired"', async () => {
    const env = await withNat({ udpTimeout: 5, udpStreamTimeout: 12 }, true);
    try {
      const r = await natTimeout(env.nat, 'stream', 60);
      expect(r.status).toBe('server-unsuitable');
      expect(r.lowerSeconds).toBeNull();
      const t = await natType(env.nat);
      expect(t.mapping).toBe('unknown');
      expect(t.mappingReason).toMatch(/no second address/);
    } finally {
      await env.stop();
    }
  });
});

describe('the same checks with our reflector in place of coturn, on timeouts drawn at random', () => {
  let env: Awaited<ReturnType<typeof withNat>>;
  // Not values written in the repository: the measurement must hold for whatever the NAT uses.
  const oneshot = 4 + Math.floor(Math.random() * 5);
  // From 14 s: the stream binding needs 2 s of warm-up before idling starts, which a verdict within
  // 1.25 × τ can absorb only from there on (issue 6 tests 12 s and 30 s).
  const stream = 14 + Math.floor(Math.random() * 13);
  beforeAll(async () => {
    env = await withNat({ udpTimeout: oneshot, udpStreamTimeout: stream }, false, 'reflector');
  }, 60_000);
  afterAll(async () => {
    await env?.stop();
  });

  it('nat-type through the reflector: endpoint-independent mapping, port preserved, second address known', async () => {
    const r = await natType(env.nat);
    expect(r).toMatchObject({ mapping: 'endpoint-independent', portPreserving: true, filtering: 'address-and-port-dependent', otherAddress: `${env.nat.serverAddress2}:3479` });
  });

  it('SIP ALG: plain masquerade is not flagged; a rewriting proxy on the way is detected, over UDP and TCP', async () => {
    const plain = await cliBehind(env.nat, ['alg', '--reflector', `${env.nat.serverAddress}:5060`, '--json']);
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ udp: { rewritten: false, changes: [] }, tcp: { rewritten: false, changes: [] }, localAddress: env.nat.clientAddress });
    const proxy = env.nat.inRouter(process.execPath, [ALG_PROXY, env.nat.routerInside, '5070', env.nat.serverAddress, '5060', env.nat.clientAddress, env.nat.routerOutside]);
    try {
      await waitFor('ALG proxy', async () => proxy.output().includes('ready'), proxy);
      const rewritten = await cliBehind(env.nat, ['alg', '--reflector', `${env.nat.routerInside}:5070`, '--json']);
      const r = JSON.parse(rewritten.stdout) as { udp: { rewritten: boolean; changes: Array<{ sent: string; received: string }> }; tcp: { rewritten: boolean } };
      expect(r.udp.rewritten).toBe(true);
      expect(r.tcp.rewritten).toBe(true);
      expect(r.udp.changes.some((c) => c.sent.startsWith('c=IN IP4') && c.received === `c=IN IP4 ${env.nat.routerOutside}`)).toBe(true);
    } finally {
      await proxy.stop();
    }
  });

  it('nat-timeout through the reflector: the stream and one-shot timeouts within bounds', async () => {
    const [s, o] = await Promise.all([natTimeout(env.nat, 'stream', 60), natTimeout(env.nat, 'oneshot', 60)]);
    expectBracket(s, stream);
    expect(s.elapsedSeconds, `stream timeout ${stream} s`).toBeLessThanOrEqual(1.25 * stream);
    expectBracket(o, oneshot);
  });
});
